"""The table the torture run writes: its definition (a GSI, an LSI, a NEW_AND_OLD_IMAGES stream,
point-in-time recovery) and what each of its indexes must hold for a given set of base items.

Items are low-level AttributeValue maps as boto3's client returns them. A key is the Python
pair (pk, sk). Both indexes are sparse: an item without the index's key attribute is absent from
it, so writes that add and remove `g` and `l` move items in and out of the indexes.
"""

TABLE_KEY = ("pk", "sk")
GSI_NAME = "byGroup"
GSI_KEY = ("g", "w")
GSI_INCLUDED = ("tx",)
LSI_NAME = "byLocal"
LSI_KEY = ("pk", "l")


def create_table(client, name):
    """Creates the table and returns its stream ARN; the caller waits for ACTIVE."""
    response = client.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                   {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "N"},
                              {"AttributeName": "g", "AttributeType": "S"},
                              {"AttributeName": "w", "AttributeType": "N"},
                              {"AttributeName": "l", "AttributeType": "N"}],
        GlobalSecondaryIndexes=[{
            "IndexName": GSI_NAME,
            "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"},
                          {"AttributeName": "w", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "INCLUDE",
                           "NonKeyAttributes": list(GSI_INCLUDED)}}],
        LocalSecondaryIndexes=[{
            "IndexName": LSI_NAME,
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                          {"AttributeName": "l", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    return response["TableDescription"]["LatestStreamArn"]


def enable_pitr(client, name):
    client.update_continuous_backups(
        TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})


def key_of(item):
    return item["pk"]["S"], int(item["sk"]["N"])


def key_attributes(key):
    pk, sk = key
    return {"pk": {"S": pk}, "sk": {"N": str(sk)}}


def _project(item, index_key, included):
    if not all(name in item for name in index_key):
        return None
    names = set(TABLE_KEY) | set(index_key) | set(included)
    return {name: value for name, value in item.items() if name in names}


def gsi_entry(item):
    """The GSI entry `item` implies (its keys, the index keys and `tx`), or None when sparse."""
    return _project(item, GSI_KEY, GSI_INCLUDED)


def lsi_entry(item):
    """The LSI entry `item` implies (KEYS_ONLY: table and index keys), or None when sparse."""
    return _project(item, LSI_KEY, ())
