"""Secondary indexes: GSIs and LSIs created with the table, maintained by writes, read by Query
and Scan with IndexName (paging with index + table keys), DescribeTable's index fields, GSIs
added and deleted by UpdateTable with a backfill, and the service's error messages."""

import time

import pytest

from conformance_util import expect_error, unique_name, wait_active

GSI = {"IndexName": "byGroup",
       "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"},
                     {"AttributeName": "r", "KeyType": "RANGE"}],
       "Projection": {"ProjectionType": "ALL"}}
GSI_KEYS_ONLY = {"IndexName": "byNum", "KeySchema": [{"AttributeName": "n", "KeyType": "HASH"}],
                 "Projection": {"ProjectionType": "KEYS_ONLY"}}
LSI = {"IndexName": "byLocal",
       "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"},
                     {"AttributeName": "l", "KeyType": "RANGE"}],
       "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["a"]}}
DEFINITIONS = [{"AttributeName": name, "AttributeType": kind}
               for name, kind in (("id", "S"), ("sk", "N"), ("g", "S"), ("r", "S"), ("n", "N"),
                                  ("l", "S"))]
KEY_SCHEMA = [{"AttributeName": "id", "KeyType": "HASH"},
              {"AttributeName": "sk", "KeyType": "RANGE"}]


def create(client, tables, **extra):
    name = unique_name()
    extra.setdefault("BillingMode", "PAY_PER_REQUEST")
    client.create_table(TableName=name, KeySchema=KEY_SCHEMA, AttributeDefinitions=DEFINITIONS,
                        **extra)
    tables.names.append(name)
    wait_active(client, name)
    return name


@pytest.fixture
def indexed(client, tables):
    return create(client, tables, GlobalSecondaryIndexes=[GSI, GSI_KEYS_ONLY],
                  LocalSecondaryIndexes=[LSI])


def put(client, table, id_, sk, **attrs):
    item = {"id": {"S": id_}, "sk": {"N": str(sk)}}
    for key, value in attrs.items():
        item[key] = {"N": str(value)} if isinstance(value, int) else {"S": value}
    client.put_item(TableName=table, Item=item)


def test_describe_reports_every_index(client, indexed):
    table = client.describe_table(TableName=indexed)["Table"]
    gsis = {i["IndexName"]: i for i in table["GlobalSecondaryIndexes"]}
    assert set(gsis) == {"byGroup", "byNum"}
    assert gsis["byGroup"]["IndexStatus"] == "ACTIVE"
    assert gsis["byGroup"]["IndexArn"] == table["TableArn"] + "/index/byGroup"
    assert gsis["byGroup"]["KeySchema"] == GSI["KeySchema"]
    assert gsis["byNum"]["Projection"] == {"ProjectionType": "KEYS_ONLY"}
    assert gsis["byGroup"]["ProvisionedThroughput"]["ReadCapacityUnits"] == 0
    lsi = table["LocalSecondaryIndexes"][0]
    assert lsi["IndexName"] == "byLocal"
    assert lsi["Projection"] == LSI["Projection"]
    assert "IndexStatus" not in lsi
    assert lsi["ItemCount"] == 0 and lsi["IndexSizeBytes"] == 0


def test_query_gsi_in_index_order_and_paging(client, indexed):
    for i in range(7):
        put(client, indexed, "p%d" % i, 1, g="x", r="r%d" % (6 - i), extra="e")
    put(client, indexed, "q", 1, g="y", r="r0")
    put(client, indexed, "nog", 1)  # sparse: not in the index
    out = client.query(TableName=indexed, IndexName="byGroup", KeyConditionExpression="g = :g",
                       ExpressionAttributeValues={":g": {"S": "x"}})
    assert [i["r"]["S"] for i in out["Items"]] == ["r%d" % n for n in range(7)]
    assert out["Items"][0]["extra"] == {"S": "e"}  # ALL projection
    page = client.query(TableName=indexed, IndexName="byGroup", KeyConditionExpression="g = :g",
                        ExpressionAttributeValues={":g": {"S": "x"}}, Limit=3)
    assert set(page["LastEvaluatedKey"]) == {"id", "sk", "g", "r"}
    items = []
    for page in client.get_paginator("query").paginate(
            TableName=indexed, IndexName="byGroup", KeyConditionExpression="g = :g",
            ExpressionAttributeValues={":g": {"S": "x"}}, PaginationConfig={"PageSize": 2}):
        items.extend(page["Items"])
    assert len(items) == 7


def test_writes_move_entries_and_keys_only_projection(client, indexed):
    put(client, indexed, "a", 1, n=5, other="o")
    put(client, indexed, "a", 1, n=6, other="o")
    out = client.query(TableName=indexed, IndexName="byNum", KeyConditionExpression="n = :n",
                       ExpressionAttributeValues={":n": {"N": "5"}})
    assert out["Count"] == 0
    out = client.query(TableName=indexed, IndexName="byNum", KeyConditionExpression="n = :n",
                       ExpressionAttributeValues={":n": {"N": "6"}})
    assert out["Items"] == [{"id": {"S": "a"}, "sk": {"N": "1"}, "n": {"N": "6"}}]
    client.delete_item(TableName=indexed, Key={"id": {"S": "a"}, "sk": {"N": "1"}})
    out = client.scan(TableName=indexed, IndexName="byNum")
    assert out["Count"] == 0


def test_lsi_query_projects_included_attributes(client, indexed):
    put(client, indexed, "a", 1, l="z", a=1, b=2)
    put(client, indexed, "a", 2, l="y")
    out = client.query(TableName=indexed, IndexName="byLocal", KeyConditionExpression="id = :p",
                       ExpressionAttributeValues={":p": {"S": "a"}}, ConsistentRead=True)
    assert [i["l"]["S"] for i in out["Items"]] == ["y", "z"]
    assert "a" in out["Items"][1] and "b" not in out["Items"][1]


def test_parallel_scan_of_an_index(client, indexed):
    for i in range(30):
        put(client, indexed, "p%d" % i, 1, g="g%d" % (i % 4), r="r")
    seen = []
    for segment in range(3):
        for page in client.get_paginator("scan").paginate(
                TableName=indexed, IndexName="byGroup", Segment=segment, TotalSegments=3,
                PaginationConfig={"PageSize": 4}):
            seen.extend(i["id"]["S"] for i in page["Items"])
    assert sorted(seen) == sorted("p%d" % i for i in range(30))


def test_read_errors(client, indexed):
    expect_error("ValidationException", "The table does not have the specified index: nope",
                 client.query, TableName=indexed, IndexName="nope",
                 KeyConditionExpression="g = :g", ExpressionAttributeValues={":g": {"S": "x"}})
    expect_error("ValidationException",
                 "Consistent reads are not supported on global secondary indexes",
                 client.query, TableName=indexed, IndexName="byGroup", ConsistentRead=True,
                 KeyConditionExpression="g = :g", ExpressionAttributeValues={":g": {"S": "x"}})
    expect_error("ValidationException",
                 "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
                 "supported for global secondary index byNum because its projection type is not "
                 "ALL",
                 client.query, TableName=indexed, IndexName="byNum", Select="ALL_ATTRIBUTES",
                 KeyConditionExpression="n = :n", ExpressionAttributeValues={":n": {"N": "1"}})


def test_wrong_typed_index_key_is_refused(client, indexed):
    expect_error("ValidationException",
                 "One or more parameter values were invalid: Type mismatch for Index Key n "
                 "Expected: N Actual: S IndexName: byNum",
                 client.put_item, TableName=indexed,
                 Item={"id": {"S": "a"}, "sk": {"N": "1"}, "n": {"S": "five"}})


@pytest.mark.parametrize("change,message", [
    (lambda r: r.update(LocalSecondaryIndexes=[LSI, dict(LSI)]),
     "One or more parameter values were invalid: Duplicate index name: byLocal"),
    (lambda r: r.update(KeySchema=KEY_SCHEMA[:1], LocalSecondaryIndexes=[LSI]),
     "One or more parameter values were invalid: Table KeySchema does not have a range key, "
     "which is required when specifying a LocalSecondaryIndex"),
    (lambda r: r.update(GlobalSecondaryIndexes=[dict(GSI, ProvisionedThroughput={
        "ReadCapacityUnits": 1, "WriteCapacityUnits": 1})]),
     "One or more parameter values were invalid: ProvisionedThroughput should not be specified "
     "for index: byGroup when BillingMode is PAY_PER_REQUEST"),
    (lambda r: r.update(GlobalSecondaryIndexes=[dict(GSI, IndexName="idx%d" % n)
                                                for n in range(21)]),
     "One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table "
     "limit of 20"),
])
def test_create_table_index_errors(client, change, message):
    request = {"TableName": unique_name(), "KeySchema": KEY_SCHEMA,
               "AttributeDefinitions": DEFINITIONS, "BillingMode": "PAY_PER_REQUEST"}
    change(request)
    expect_error("ValidationException", message, client.create_table, **request)


def wait_index_active(client, table, name, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        indexes = client.describe_table(TableName=table)["Table"].get("GlobalSecondaryIndexes", [])
        if any(i["IndexName"] == name and i["IndexStatus"] == "ACTIVE" for i in indexes):
            return
        time.sleep(0.05)
    raise AssertionError("index %s never became ACTIVE" % name)


def test_update_table_adds_and_deletes_a_gsi(client, tables):
    table = tables.create(range_key=("sk", "N"))
    for i in range(50):
        put(client, table, "p%d" % i, 1, g="g%d" % (i % 5), r="r%d" % i)
    client.update_table(TableName=table, AttributeDefinitions=[
        {"AttributeName": "g", "AttributeType": "S"}, {"AttributeName": "r", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[{"Create": GSI}])
    wait_index_active(client, table, "byGroup")
    out = client.query(TableName=table, IndexName="byGroup", KeyConditionExpression="g = :g",
                       ExpressionAttributeValues={":g": {"S": "g1"}})
    assert out["Count"] == 10
    described = client.describe_table(TableName=table)["Table"]
    assert described["GlobalSecondaryIndexes"][0]["ItemCount"] == 50
    assert {"AttributeName": "g", "AttributeType": "S"} in described["AttributeDefinitions"]
    expect_error("ValidationException", "Attempting to create an index which already exists",
                 client.update_table, TableName=table, AttributeDefinitions=[
                     {"AttributeName": "g", "AttributeType": "S"},
                     {"AttributeName": "r", "AttributeType": "S"}],
                 GlobalSecondaryIndexUpdates=[{"Create": GSI}])
    client.update_table(TableName=table,
                        GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "byGroup"}}])
    wait_active(client, table)
    assert "GlobalSecondaryIndexes" not in client.describe_table(TableName=table)["Table"]
    expect_error("ValidationException", "The table does not have the specified index: byGroup",
                 client.scan, TableName=table, IndexName="byGroup")


def test_update_table_index_update_errors(client, table):
    expect_error("ValidationException",
                 "One or more parameter values were invalid: Only one global secondary index "
                 "update per index is allowed simultaneously. Index: abc",
                 client.update_table, TableName=table, GlobalSecondaryIndexUpdates=[
                     {"Delete": {"IndexName": "abc"}}, {"Delete": {"IndexName": "abc"}}])
