"""GSIs with multi-attribute keys (up to 4 HASH and 4 RANGE attributes, since November 2025):
created with the table or by UpdateTable (backfilled), described in KeySchema order, sparse,
queried by every partition attribute and a left-to-right prefix of the sort attributes, paged
with every key attribute in LastEvaluatedKey. boto3's client-side validation does not check the
number of KeySchema elements, so these requests go through the SDK unchanged."""

import time

from conformance_util import expect_error, unique_name, wait_active

KEY_SCHEMA = [{"AttributeName": "t", "KeyType": "HASH"},
              {"AttributeName": "reg", "KeyType": "HASH"},
              {"AttributeName": "round", "KeyType": "RANGE"},
              {"AttributeName": "seq", "KeyType": "RANGE"}]
GSI = {"IndexName": "byMatch", "KeySchema": KEY_SCHEMA, "Projection": {"ProjectionType": "ALL"}}
DEFINITIONS = [{"AttributeName": name, "AttributeType": kind}
               for name, kind in (("pk", "S"), ("t", "S"), ("reg", "S"), ("round", "S"),
                                  ("seq", "N"))]


def create(client, tables, **extra):
    name = unique_name()
    client.create_table(TableName=name, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                        BillingMode="PAY_PER_REQUEST", **extra)
    tables.names.append(name)
    wait_active(client, name)
    return name


def put(client, table, pk, t=None, reg=None, round_=None, seq=None):
    item = {"pk": {"S": pk}}
    for name, value in (("t", t), ("reg", reg), ("round", round_)):
        if value is not None:
            item[name] = {"S": value}
    if seq is not None:
        item["seq"] = {"N": str(seq)}
    client.put_item(TableName=table, Item=item)


def put_sample(client, table):
    put(client, table, "1", "w24", "eu", "final", 1)
    put(client, table, "2", "w24", "eu", "semi", 10)
    put(client, table, "3", "w24", "eu", "semi", 9)
    put(client, table, "4", "w24", "eu", "semi", 2)
    put(client, table, "5", "w24", "na", "semi", 1)
    put(client, table, "6", "w24", "eu", "semi")  # no seq: not in the index


def query(client, table, condition, **values):
    return client.query(TableName=table, IndexName="byMatch", KeyConditionExpression=condition,
                        ExpressionAttributeValues={
                            ":" + k: ({"N": str(v)} if isinstance(v, int) else {"S": v})
                            for k, v in values.items()})


def pks(response):
    return [item["pk"]["S"] for item in response["Items"]]


def test_describe_keeps_the_key_schema_order(client, tables):
    table = create(client, tables, AttributeDefinitions=DEFINITIONS,
                   GlobalSecondaryIndexes=[GSI])
    gsi = client.describe_table(TableName=table)["Table"]["GlobalSecondaryIndexes"][0]
    assert gsi["KeySchema"] == KEY_SCHEMA


def test_query_by_partition_and_sort_prefix(client, tables):
    table = create(client, tables, AttributeDefinitions=DEFINITIONS,
                   GlobalSecondaryIndexes=[GSI])
    put_sample(client, table)
    assert pks(query(client, table, "t = :t AND reg = :r", t="w24", r="eu")) == \
        ["1", "4", "3", "2"]
    assert pks(query(client, table, "t = :t AND reg = :r AND round = :s", t="w24", r="eu",
                     s="semi")) == ["4", "3", "2"]
    assert pks(query(client, table, "t = :t AND reg = :r AND round = :s AND seq > :n",
                     t="w24", r="eu", s="semi", n=2)) == ["3", "2"]
    assert pks(query(client, table, "t = :t AND reg = :r AND begins_with(round, :s)",
                     t="w24", r="eu", s="fi")) == ["1"]


def test_query_refusals(client, tables):
    table = create(client, tables, AttributeDefinitions=DEFINITIONS,
                   GlobalSecondaryIndexes=[GSI])
    expect_error("ValidationException", "Query condition missed key schema element: reg",
                 query, client, table, "t = :t", t="w24")
    expect_error("ValidationException", "Query condition missed key schema element: round",
                 query, client, table, "t = :t AND reg = :r AND seq > :n", t="w", r="e", n=1)
    expect_error("ValidationException", None, query, client, table,
                 "t = :t AND reg = :r AND round > :s AND seq = :n", t="w", r="e", s="a", n=1)


def test_paging_carries_every_key_attribute(client, tables):
    table = create(client, tables, AttributeDefinitions=DEFINITIONS,
                   GlobalSecondaryIndexes=[GSI])
    put_sample(client, table)
    args = dict(TableName=table, IndexName="byMatch", KeyConditionExpression="t = :t AND reg = :r",
                ExpressionAttributeValues={":t": {"S": "w24"}, ":r": {"S": "eu"}}, Limit=2)
    first = client.query(**args)
    assert set(first["LastEvaluatedKey"]) == {"pk", "t", "reg", "round", "seq"}
    rest = client.query(ExclusiveStartKey=first["LastEvaluatedKey"], **args)
    assert pks(first) + pks(rest) == ["1", "4", "3", "2"]


def test_update_table_creates_and_backfills(client, tables):
    table = create(client, tables, AttributeDefinitions=DEFINITIONS[:1])
    put_sample(client, table)
    client.update_table(TableName=table, AttributeDefinitions=DEFINITIONS,
                        GlobalSecondaryIndexUpdates=[{"Create": GSI}])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        gsi = client.describe_table(TableName=table)["Table"]["GlobalSecondaryIndexes"][0]
        if gsi["IndexStatus"] == "ACTIVE":
            break
        time.sleep(0.1)
    assert gsi["IndexStatus"] == "ACTIVE"
    assert pks(query(client, table, "t = :t AND reg = :r", t="w24", r="eu")) == \
        ["1", "4", "3", "2"]


def test_lsi_keeps_a_single_sort_attribute(client, tables):
    # Multi-attribute keys are a GSI's only. The service checks an LSI's first two elements, then
    # its length, with the message it gives an LSI of one element (dynalite's recorded order of
    # the LSI checks); its answer to three elements has not been observed.
    name = unique_name()
    expect_error(
        "ValidationException",
        "One or more parameter values were invalid: Index KeySchema does not have a range key "
        "for index: byRound",
        client.create_table, TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                   {"AttributeName": "t", "KeyType": "RANGE"}],
        AttributeDefinitions=DEFINITIONS, BillingMode="PAY_PER_REQUEST",
        LocalSecondaryIndexes=[{"IndexName": "byRound", "Projection": {"ProjectionType": "ALL"},
                                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                              {"AttributeName": "round", "KeyType": "RANGE"},
                                              {"AttributeName": "seq", "KeyType": "RANGE"}]}])


def test_key_schema_shape_refusals(client, tables):
    def gsi_with(key_schema):
        return {"IndexName": "byMatch", "KeySchema": key_schema,
                "Projection": {"ProjectionType": "ALL"}}
    hashes = [{"AttributeName": n, "KeyType": "HASH"} for n in ("t", "reg", "round", "seq", "x")]
    definitions = DEFINITIONS + [{"AttributeName": "x", "AttributeType": "S"}]
    expect_error("ValidationException",
                 "Invalid KeySchema: The KeySchema exceeds the maximum allowed number of HASH key "
                 "attributes",
                 client.create_table, TableName=unique_name(),
                 KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                 AttributeDefinitions=definitions, BillingMode="PAY_PER_REQUEST",
                 GlobalSecondaryIndexes=[gsi_with(hashes)])
    expect_error("ValidationException",
                 "Invalid KeySchema: All HASH key attributes must precede RANGE key attributes in "
                 "the KeySchema",
                 client.create_table, TableName=unique_name(),
                 KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                 AttributeDefinitions=DEFINITIONS, BillingMode="PAY_PER_REQUEST",
                 GlobalSecondaryIndexes=[gsi_with([KEY_SCHEMA[0], KEY_SCHEMA[2], KEY_SCHEMA[1],
                                                   KEY_SCHEMA[3]])])
