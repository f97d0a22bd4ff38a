"""Secondary indexes, what writes and reads report about them: ItemCollectionMetrics (SIZE) on
tables with an LSI for PutItem, UpdateItem, DeleteItem, BatchWriteItem and TransactWriteItems
(absent without an LSI), ReturnConsumedCapacity=INDEXES breakdowns for writes and index reads,
and the service's checks of index names."""

import os
import time

import pytest

from conftest import make_client
from conformance_util import Server, expect_error, unique_name, wait_active

from test_indexes import DEFINITIONS, GSI, GSI_KEYS_ONLY, KEY_SCHEMA, LSI, create


@pytest.fixture
def indexed(client, tables):
    return create(client, tables, GlobalSecondaryIndexes=[GSI, GSI_KEYS_ONLY],
                  LocalSecondaryIndexes=[LSI])


@pytest.fixture
def gsi_only(client, tables):
    name = unique_name()
    client.create_table(TableName=name, KeySchema=KEY_SCHEMA, BillingMode="PAY_PER_REQUEST",
                        AttributeDefinitions=[d for d in DEFINITIONS if d["AttributeName"] != "l"],
                        GlobalSecondaryIndexes=[GSI, GSI_KEYS_ONLY])
    tables.names.append(name)
    wait_active(client, name)
    return name


def item(id_, sk, **attrs):
    out = {"id": {"S": id_}, "sk": {"N": str(sk)}}
    for key, value in attrs.items():
        out[key] = {"N": str(value)} if isinstance(value, int) else {"S": value}
    return out


def key(id_, sk):
    return {"id": {"S": id_}, "sk": {"N": str(sk)}}


def assert_metrics(metrics, id_):
    assert metrics["ItemCollectionKey"] == {"id": {"S": id_}}
    low, high = metrics["SizeEstimateRangeGB"]
    assert 0 <= low <= high


def test_single_writes_report_the_item_collection(client, indexed):
    out = client.put_item(TableName=indexed, Item=item("a", 1, l="x"),
                          ReturnItemCollectionMetrics="SIZE")
    assert_metrics(out["ItemCollectionMetrics"], "a")
    assert out["ItemCollectionMetrics"]["SizeEstimateRangeGB"] == [0.0, 1.0]
    out = client.update_item(TableName=indexed, Key=key("a", 1), UpdateExpression="SET v = :v",
                             ExpressionAttributeValues={":v": {"S": "w"}},
                             ReturnItemCollectionMetrics="SIZE")
    assert_metrics(out["ItemCollectionMetrics"], "a")
    out = client.delete_item(TableName=indexed, Key=key("a", 1),
                             ReturnItemCollectionMetrics="SIZE")
    assert_metrics(out["ItemCollectionMetrics"], "a")
    out = client.put_item(TableName=indexed, Item=item("a", 2))
    assert "ItemCollectionMetrics" not in out


def test_no_metrics_without_an_lsi(client, gsi_only):
    out = client.put_item(TableName=gsi_only, Item=item("a", 1),
                          ReturnItemCollectionMetrics="SIZE")
    assert "ItemCollectionMetrics" not in out
    out = client.batch_write_item(RequestItems={gsi_only: [{"PutRequest": {"Item": item("b", 1)}}]},
                                  ReturnItemCollectionMetrics="SIZE")
    assert "ItemCollectionMetrics" not in out


def test_batch_and_transaction_report_per_table(client, indexed, gsi_only):
    out = client.batch_write_item(
        RequestItems={indexed: [{"PutRequest": {"Item": item("a", 1)}},
                                {"PutRequest": {"Item": item("b", 1)}}],
                      gsi_only: [{"PutRequest": {"Item": item("a", 1)}}]},
        ReturnItemCollectionMetrics="SIZE")
    assert set(out["ItemCollectionMetrics"]) == {indexed}
    keys = [m["ItemCollectionKey"]["id"]["S"] for m in out["ItemCollectionMetrics"][indexed]]
    assert sorted(keys) == ["a", "b"]
    out = client.transact_write_items(
        TransactItems=[{"Put": {"TableName": indexed, "Item": item("c", 1)}},
                       {"Delete": {"TableName": indexed, "Key": key("a", 1)}}],
        ReturnItemCollectionMetrics="SIZE")
    assert len(out["ItemCollectionMetrics"][indexed]) == 2
    for metrics in out["ItemCollectionMetrics"][indexed]:
        assert_metrics(metrics, metrics["ItemCollectionKey"]["id"]["S"])


def test_indexes_capacity_of_writes(client, indexed):
    out = client.put_item(TableName=indexed, Item=item("a", 1, g="G", r="R", n=7, l="x"),
                          ReturnConsumedCapacity="INDEXES")
    c = out["ConsumedCapacity"]
    assert c["TableName"] == indexed
    assert c["Table"]["CapacityUnits"] == 1.0
    # Outside a transaction the service reports the aggregate alone, without the write split.
    assert c["GlobalSecondaryIndexes"] == {"byGroup": {"CapacityUnits": 1.0},
                                           "byNum": {"CapacityUnits": 1.0}}
    assert c["LocalSecondaryIndexes"] == {"byLocal": {"CapacityUnits": 1.0}}
    assert c["CapacityUnits"] == 4.0
    # Moving an index key: a delete and a put on that index; indexes not projecting r: nothing.
    out = client.update_item(TableName=indexed, Key=key("a", 1), UpdateExpression="SET r = :r",
                             ExpressionAttributeValues={":r": {"S": "S"}},
                             ReturnConsumedCapacity="INDEXES")
    c = out["ConsumedCapacity"]
    assert c["GlobalSecondaryIndexes"] == {"byGroup": {"CapacityUnits": 2.0}}
    assert "LocalSecondaryIndexes" not in c
    assert c["CapacityUnits"] == 3.0
    # TOTAL includes the index writes without the breakdown.
    out = client.delete_item(TableName=indexed, Key=key("a", 1), ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == {"TableName": indexed, "CapacityUnits": 4.0}


def test_indexes_capacity_of_index_reads(client, indexed):
    client.put_item(TableName=indexed, Item=item("a", 1, g="G", r="R", l="x", big="b" * 5000))
    out = client.query(TableName=indexed, IndexName="byGroup", KeyConditionExpression="g = :g",
                       ExpressionAttributeValues={":g": {"S": "G"}},
                       ReturnConsumedCapacity="INDEXES")
    c = out["ConsumedCapacity"]
    assert c["Table"]["CapacityUnits"] == 0.0
    assert c["GlobalSecondaryIndexes"]["byGroup"]["CapacityUnits"] == 1.0
    assert c["CapacityUnits"] == 1.0
    # The LSI does not project `big`: ALL_ATTRIBUTES fetches each item from the table.
    out = client.query(TableName=indexed, IndexName="byLocal", KeyConditionExpression="id = :i",
                       ExpressionAttributeValues={":i": {"S": "a"}}, Select="ALL_ATTRIBUTES",
                       ConsistentRead=True, ReturnConsumedCapacity="INDEXES")
    assert out["Items"][0]["big"]["S"] == "b" * 5000
    c = out["ConsumedCapacity"]
    assert c["Table"]["CapacityUnits"] == 2.0
    assert c["LocalSecondaryIndexes"]["byLocal"]["CapacityUnits"] == 1.0
    assert c["CapacityUnits"] == 3.0
    out = client.scan(TableName=indexed, IndexName="byNum", ReturnConsumedCapacity="INDEXES")
    assert out["ConsumedCapacity"]["GlobalSecondaryIndexes"]["byNum"]["CapacityUnits"] == 0.5


PATTERN = "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"


def test_index_names_are_checked(client, tables, indexed):
    # boto3 checks lengths itself; the pattern is left to the service.
    name = unique_name()
    bad = dict(GSI, IndexName="by group")
    expect_error("ValidationException",
                 "1 validation error detected: Value 'by group' at "
                 "'globalSecondaryIndexes.1.member.indexName' failed to satisfy constraint: "
                 + PATTERN,
                 client.create_table, TableName=name, KeySchema=KEY_SCHEMA,
                 AttributeDefinitions=DEFINITIONS[:5], GlobalSecondaryIndexes=[bad],
                 BillingMode="PAY_PER_REQUEST")
    expect_error("ValidationException",
                 "1 validation error detected: Value 'no!' at 'indexName' failed to satisfy "
                 "constraint: " + PATTERN,
                 client.scan, TableName=indexed, IndexName="no!")
    expect_error("ValidationException",
                 "1 validation error detected: Value 'by group' at 'indexName' failed to "
                 "satisfy constraint: " + PATTERN,
                 client.query, TableName=indexed, IndexName="by group",
                 KeyConditionExpression="g = :g", ExpressionAttributeValues={":g": {"S": "x"}})
    expect_error("ResourceNotFoundException",
                 "Requested resource not found: Index ghost for table " + indexed,
                 client.update_table, TableName=indexed,
                 GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "ghost"}}])


@pytest.mark.skipif(bool(os.environ.get("STATOR_ENDPOINT")),
                    reason="starts its own server with transient-status delays")
def test_deleted_gsi_is_deleting_for_the_transient_delay():
    server = Server(["--port", "0", "--in-memory", "--delay-transient-statuses-ms", "1500"])
    try:
        client = make_client(server.endpoint)
        name = unique_name()
        client.create_table(TableName=name, KeySchema=KEY_SCHEMA, BillingMode="PAY_PER_REQUEST",
                            AttributeDefinitions=DEFINITIONS[:5],
                            GlobalSecondaryIndexes=[GSI, GSI_KEYS_ONLY])
        wait_active(client, name)
        out = client.update_table(TableName=name,
                                  GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "byNum"}}])
        statuses = {i["IndexName"]: i["IndexStatus"]
                    for i in out["TableDescription"]["GlobalSecondaryIndexes"]}
        assert statuses == {"byGroup": "ACTIVE", "byNum": "DELETING"}
        expect_error("ValidationException", "The table does not have the specified index: byNum",
                     client.scan, TableName=name, IndexName="byNum")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            table = client.describe_table(TableName=name)["Table"]
            if [i["IndexName"] for i in table["GlobalSecondaryIndexes"]] == ["byGroup"]:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the deleted index never went away")
    finally:
        server.stop()
