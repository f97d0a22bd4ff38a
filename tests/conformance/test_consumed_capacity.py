"""ReturnConsumedCapacity on every operation that takes it, with the service's figures and shapes.

The rules (DynamoDB Developer Guide, "Read/write capacity mode" and "Capacity unit
calculations"): a read unit per 4 KB, Query and Scan on the total size read, GetItem and
BatchGetItem per item (a missing item still costs one); eventually consistent reads cost half;
a write unit per 1 KB of the larger of the old and the new item (a delete of nothing costs one);
transactional reads and writes cost double, and a ConditionCheck costs the write units of the
item it checks.

Shapes, as the service answers them: the single-item operations, Query, Scan and the batches
report the aggregate `CapacityUnits` only (with INDEXES, `Table` and one arm per index touched);
only the transactions add the `ReadCapacityUnits`/`WriteCapacityUnits` split.

Item sizes: a string attribute counts its name's and its value's UTF-8 bytes, so an item
{"id": S(k), "pad": S(x * n)} is 2 + len(k) + 3 + n bytes.
"""

import pytest

from conformance_util import unique_name, wait_active

KB = 1024


def sized(name, size, **extra):
    """An item keyed `id` = name of exactly `size` bytes (with `extra` string attributes)."""
    used = 2 + len(name) + 3 + sum(len(k) + len(v) for k, v in extra.items())
    item = {"id": {"S": name}, "pad": {"S": "x" * (size - used)}}
    item.update({k: {"S": v} for k, v in extra.items()})
    return item


def key(name):
    return {"id": {"S": name}}


def total(table, units):
    return {"TableName": table, "CapacityUnits": units}


# --- GetItem ---------------------------------------------------------------------------------


def test_get_item_in_4kb_units_half_when_eventually_consistent(client, table):
    client.put_item(TableName=table, Item=sized("four", 4 * KB))
    client.put_item(TableName=table, Item=sized("more", 4 * KB + 1))
    for name, strong, weak in (("four", 1.0, 0.5), ("more", 2.0, 1.0), ("none", 1.0, 0.5)):
        out = client.get_item(TableName=table, Key=key(name), ConsistentRead=True,
                              ReturnConsumedCapacity="TOTAL")
        assert out["ConsumedCapacity"] == total(table, strong), name
        out = client.get_item(TableName=table, Key=key(name), ReturnConsumedCapacity="TOTAL")
        assert out["ConsumedCapacity"] == total(table, weak), name
    # A projection returns less but reads the whole item.
    out = client.get_item(TableName=table, Key=key("more"), ProjectionExpression="id",
                          ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"]["CapacityUnits"] == 2.0


def test_get_item_indexes_and_none(client, table):
    out = client.get_item(TableName=table, Key=key("a"), ReturnConsumedCapacity="INDEXES")
    assert out["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 0.5,
                                       "Table": {"CapacityUnits": 0.5}}
    assert "ConsumedCapacity" not in client.get_item(TableName=table, Key=key("a"),
                                                     ReturnConsumedCapacity="NONE")
    assert "ConsumedCapacity" not in client.get_item(TableName=table, Key=key("a"))


# --- PutItem, UpdateItem, DeleteItem ---------------------------------------------------------


def test_put_item_in_1kb_units_of_the_larger_item(client, table):
    out = client.put_item(TableName=table, Item=sized("a", KB), ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == total(table, 1.0)
    out = client.put_item(TableName=table, Item=sized("a", KB + 1), ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == total(table, 2.0)
    out = client.put_item(TableName=table, Item=sized("a", 2 * KB + 1),
                          ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == total(table, 3.0)
    # Overwriting with a small item is charged on the larger, old one.
    out = client.put_item(TableName=table, Item=key("a"), ReturnConsumedCapacity="INDEXES")
    assert out["ConsumedCapacity"] == {"TableName": table, "CapacityUnits": 3.0,
                                       "Table": {"CapacityUnits": 3.0}}


def test_update_item_charged_on_the_larger_of_old_and_new(client, table):
    out = client.update_item(TableName=table, Key=key("u"), UpdateExpression="SET v = :v",
                             ExpressionAttributeValues={":v": {"S": "x"}},
                             ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == total(table, 1.0)
    # id(2+1) + v(1 + n) = 2 KB + 1 bytes.
    out = client.update_item(TableName=table, Key=key("u"), UpdateExpression="SET v = :v",
                             ExpressionAttributeValues={":v": {"S": "x" * (2 * KB + 1 - 4)}},
                             ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == total(table, 3.0)
    out = client.update_item(TableName=table, Key=key("u"), UpdateExpression="REMOVE v",
                             ReturnConsumedCapacity="TOTAL", ReturnValues="ALL_OLD")
    assert out["ConsumedCapacity"] == total(table, 3.0)


def test_delete_item_charged_on_the_old_item(client, table):
    out = client.delete_item(TableName=table, Key=key("none"), ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == total(table, 1.0)
    client.put_item(TableName=table, Item=sized("d", 2 * KB + 1))
    out = client.delete_item(TableName=table, Key=key("d"), ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == total(table, 3.0)


# --- Query and Scan --------------------------------------------------------------------------


@pytest.fixture
def ranged(tables):
    return tables.create(range_key=("sk", "N"))


def put_ranged(client, table, count, size):
    for i in range(count):
        # id(2+1) + sk(2 + 1 + 1) + pad(3 + n)
        client.put_item(TableName=table, Item={"id": {"S": "p"}, "sk": {"N": str(i)},
                                               "pad": {"S": "x" * (size - 10)}})


def test_query_on_the_total_size_read(client, ranged):
    put_ranged(client, ranged, 3, 1536)  # 4.5 KB in all: 2 units, not 3 (one per item)
    q = dict(TableName=ranged, KeyConditionExpression="id = :p",
             ExpressionAttributeValues={":p": {"S": "p"}})
    out = client.query(ConsistentRead=True, ReturnConsumedCapacity="TOTAL", **q)
    assert out["ConsumedCapacity"] == total(ranged, 2.0)
    out = client.query(ReturnConsumedCapacity="INDEXES", **q)
    assert out["ConsumedCapacity"] == {"TableName": ranged, "CapacityUnits": 1.0,
                                       "Table": {"CapacityUnits": 1.0}}
    # A filter drops items after they were read: the read is charged all the same.
    out = client.query(ConsistentRead=True, ReturnConsumedCapacity="TOTAL",
                       FilterExpression="attribute_exists(nothing)", **q)
    assert out["Count"] == 0 and out["ScannedCount"] == 3
    assert out["ConsumedCapacity"] == total(ranged, 2.0)


def test_scan_on_the_total_size_read(client, ranged):
    put_ranged(client, ranged, 3, 1536)
    out = client.scan(TableName=ranged, ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == total(ranged, 2.0)
    out = client.scan(TableName=ranged, ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == total(ranged, 1.0)


# --- BatchGetItem and BatchWriteItem ---------------------------------------------------------


def test_batch_get_item_per_item(client, tables):
    a, b = tables.create(), tables.create()
    for name in ("x", "y", "z"):
        client.put_item(TableName=a, Item=sized(name, 1536))
    out = client.batch_get_item(RequestItems={
        a: {"Keys": [key("x"), key("y"), key("z")], "ConsistentRead": True},
        b: {"Keys": [key("none")]},
    }, ReturnConsumedCapacity="TOTAL")
    assert sorted(out["ConsumedCapacity"], key=lambda c: c["TableName"] != a) == [
        total(a, 3.0), total(b, 0.5)]
    out = client.batch_get_item(RequestItems={a: {"Keys": [key("x"), key("none")]}},
                                ReturnConsumedCapacity="INDEXES")
    assert out["ConsumedCapacity"] == [{"TableName": a, "CapacityUnits": 1.0,
                                        "Table": {"CapacityUnits": 1.0}}]


def test_batch_write_item_per_item(client, tables):
    a, b = tables.create(), tables.create()
    client.put_item(TableName=b, Item=sized("old", 2 * KB))
    out = client.batch_write_item(RequestItems={
        a: [{"PutRequest": {"Item": sized("s", 100)}},
            {"PutRequest": {"Item": sized("l", KB + 1)}}],
        b: [{"DeleteRequest": {"Key": key("old")}}, {"DeleteRequest": {"Key": key("none")}}],
    }, ReturnConsumedCapacity="TOTAL")
    assert sorted(out["ConsumedCapacity"], key=lambda c: c["TableName"] != a) == [
        total(a, 3.0), total(b, 3.0)]


# --- Transactions ----------------------------------------------------------------------------


def test_transact_get_items_double_with_the_split(client, table):
    client.put_item(TableName=table, Item=sized("big", 4 * KB + 1))
    client.put_item(TableName=table, Item=key("small"))
    out = client.transact_get_items(TransactItems=[
        {"Get": {"TableName": table, "Key": key("big")}},
        {"Get": {"TableName": table, "Key": key("small")}},
        {"Get": {"TableName": table, "Key": key("none")}},
    ], ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == [{"TableName": table, "CapacityUnits": 8.0,
                                        "ReadCapacityUnits": 8.0}]
    out = client.transact_get_items(TransactItems=[
        {"Get": {"TableName": table, "Key": key("small")}},
    ], ReturnConsumedCapacity="INDEXES")
    assert out["ConsumedCapacity"] == [{"TableName": table, "CapacityUnits": 2.0,
                                        "ReadCapacityUnits": 2.0,
                                        "Table": {"CapacityUnits": 2.0,
                                                  "ReadCapacityUnits": 2.0}}]


def test_transact_write_items_double_with_the_split(client, table):
    client.put_item(TableName=table, Item=sized("gone", 3 * KB))
    client.put_item(TableName=table, Item=sized("checked", 1536))
    out = client.transact_write_items(TransactItems=[
        {"Put": {"TableName": table, "Item": sized("new", KB + 1)}},  # 2 x 2
        {"Delete": {"TableName": table, "Key": key("gone")}},  # 2 x 3, on the old item
        {"ConditionCheck": {"TableName": table, "Key": key("checked"),  # 2 x 2, as a write
                            "ConditionExpression": "attribute_exists(id)"}},
    ], ReturnConsumedCapacity="INDEXES")
    assert out["ConsumedCapacity"] == [{"TableName": table, "CapacityUnits": 14.0,
                                        "WriteCapacityUnits": 14.0,
                                        "Table": {"CapacityUnits": 14.0,
                                                  "WriteCapacityUnits": 14.0}}]


# --- Secondary indexes -----------------------------------------------------------------------


@pytest.fixture
def with_gsi(client, tables):
    name = unique_name()
    client.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"},
                              {"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "byG",
                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}}])
    tables.names.append(name)
    wait_active(client, name)
    return name


def test_index_arms_report_aggregate_units_only(client, with_gsi):
    out = client.put_item(TableName=with_gsi, Item={**key("a"), "g": {"S": "G"}},
                          ReturnConsumedCapacity="INDEXES")
    assert out["ConsumedCapacity"] == {"TableName": with_gsi, "CapacityUnits": 2.0,
                                       "Table": {"CapacityUnits": 1.0},
                                       "GlobalSecondaryIndexes": {"byG": {"CapacityUnits": 1.0}}}
    # Moving the index key: a delete and a put in the index.
    out = client.update_item(TableName=with_gsi, Key=key("a"), UpdateExpression="SET g = :g",
                             ExpressionAttributeValues={":g": {"S": "H"}},
                             ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == total(with_gsi, 3.0)
    # An item outside the (sparse) index costs the index nothing.
    out = client.put_item(TableName=with_gsi, Item=key("b"), ReturnConsumedCapacity="INDEXES")
    assert out["ConsumedCapacity"] == {"TableName": with_gsi, "CapacityUnits": 1.0,
                                       "Table": {"CapacityUnits": 1.0}}
    out = client.query(TableName=with_gsi, IndexName="byG", KeyConditionExpression="g = :g",
                       ExpressionAttributeValues={":g": {"S": "H"}},
                       ReturnConsumedCapacity="INDEXES")
    assert out["ConsumedCapacity"] == {"TableName": with_gsi, "CapacityUnits": 0.5,
                                       "Table": {"CapacityUnits": 0.0},
                                       "GlobalSecondaryIndexes": {"byG": {"CapacityUnits": 0.5}}}


def test_index_arm_of_a_transactional_write_is_not_doubled(client, with_gsi):
    out = client.transact_write_items(TransactItems=[
        {"Put": {"TableName": with_gsi, "Item": {**key("t"), "g": {"S": "G"}}}},
    ], ReturnConsumedCapacity="INDEXES")
    c = out["ConsumedCapacity"][0]
    assert c["Table"] == {"CapacityUnits": 2.0, "WriteCapacityUnits": 2.0}
    assert c["GlobalSecondaryIndexes"]["byG"]["CapacityUnits"] == 1.0
    assert c["CapacityUnits"] == 3.0
