"""Read-your-writes through the server's cache (on by default, coherent): a GetItem or Query
that follows an acknowledged write sees it, whatever write path made it, with and without
projections and ConsumedCapacity. Against another endpoint these tests hold as well: they only
assert what DynamoDB promises for strongly consistent reads."""

import threading


def get_v(client, table, key, **kwargs):
    item = client.get_item(TableName=table, Key={"id": {"S": key}}, ConsistentRead=True,
                           **kwargs).get("Item")
    return None if item is None else item.get("v", {}).get("N")


def test_get_item_sees_every_write_path(client, table):
    assert get_v(client, table, "a") is None  # a negative entry, if cached
    client.put_item(TableName=table, Item={"id": {"S": "a"}, "v": {"N": "1"}})
    assert get_v(client, table, "a") == "1"
    assert get_v(client, table, "a") == "1"  # a hit, if cached
    client.update_item(TableName=table, Key={"id": {"S": "a"}}, UpdateExpression="SET v = :v",
                       ExpressionAttributeValues={":v": {"N": "2"}})
    assert get_v(client, table, "a") == "2"
    client.batch_write_item(RequestItems={table: [
        {"PutRequest": {"Item": {"id": {"S": "a"}, "v": {"N": "3"}}}}]})
    assert get_v(client, table, "a") == "3"
    client.transact_write_items(TransactItems=[
        {"Put": {"TableName": table, "Item": {"id": {"S": "a"}, "v": {"N": "4"}}}}])
    assert get_v(client, table, "a") == "4"
    client.delete_item(TableName=table, Key={"id": {"S": "a"}})
    assert get_v(client, table, "a") is None


def test_get_item_hit_answers_like_a_miss(client, table):
    client.put_item(TableName=table, Item={"id": {"S": "a"}, "v": {"N": "1"},
                                           "s": {"S": "x" * 5000}, "m": {"M": {"n": {"N": "7"}}}})
    first = client.get_item(TableName=table, Key={"id": {"S": "a"}}, ConsistentRead=True,
                            ReturnConsumedCapacity="TOTAL")
    second = client.get_item(TableName=table, Key={"id": {"S": "a"}}, ConsistentRead=True,
                             ReturnConsumedCapacity="TOTAL")
    assert first["Item"] == second["Item"]
    assert first["ConsumedCapacity"] == second["ConsumedCapacity"]
    assert second["ConsumedCapacity"]["CapacityUnits"] == 2.0
    projected = client.get_item(TableName=table, Key={"id": {"S": "a"}},
                                ProjectionExpression="m.n")
    assert projected["Item"] == {"m": {"M": {"n": {"N": "7"}}}}


def test_query_sees_writes_to_its_partition(client, range_table):
    def values():
        items = client.query(TableName=range_table, KeyConditionExpression="id = :p",
                             ExpressionAttributeValues={":p": {"S": "p"}},
                             ConsistentRead=True)["Items"]
        return [(i["sk"]["N"], i.get("v", {}).get("S")) for i in items]

    assert values() == []
    client.put_item(TableName=range_table, Item={"id": {"S": "p"}, "sk": {"N": "1"},
                                                 "v": {"S": "a"}})
    assert values() == [("1", "a")]
    assert values() == [("1", "a")]
    client.put_item(TableName=range_table, Item={"id": {"S": "p"}, "sk": {"N": "2"},
                                                 "v": {"S": "b"}})
    assert values() == [("1", "a"), ("2", "b")]
    client.update_item(TableName=range_table, Key={"id": {"S": "p"}, "sk": {"N": "1"}},
                       UpdateExpression="SET v = :v", ExpressionAttributeValues={":v": {"S": "c"}})
    assert values() == [("1", "c"), ("2", "b")]
    client.delete_item(TableName=range_table, Key={"id": {"S": "p"}, "sk": {"N": "2"}})
    assert values() == [("1", "c")]


def test_scan_sees_writes(client, table):
    def count():
        return client.scan(TableName=table, ConsistentRead=True)["Count"]

    assert count() == 0
    client.put_item(TableName=table, Item={"id": {"S": "a"}})
    assert count() == 1
    client.put_item(TableName=table, Item={"id": {"S": "b"}})
    assert count() == 2


def test_concurrent_readers_never_see_older_than_acknowledged(endpoint, table):
    from conftest import make_client
    writer = make_client(endpoint)
    acked = [0]
    stale = []
    done = threading.Event()

    def read():
        reader = make_client(endpoint)
        while not done.is_set():
            floor = acked[0]
            seen = get_v(reader, table, "k")
            if floor and (seen is None or int(seen) < floor):
                stale.append((floor, seen))

    readers = [threading.Thread(target=read) for _ in range(3)]
    for t in readers:
        t.start()
    for n in range(1, 150):
        writer.put_item(TableName=table, Item={"id": {"S": "k"}, "v": {"N": str(n)}})
        acked[0] = n
    done.set()
    for t in readers:
        t.join()
    assert stale == []
