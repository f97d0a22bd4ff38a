"""Query: key conditions (expression and legacy), sort orders per key type, filters, projections,
Select, Limit and paging (including boto3's paginator), and the service's error messages."""

import pytest

from conformance_util import expect_error


def put_all(client, table, items):
    for item in items:
        client.put_item(TableName=table, Item=item)


def query_all(client, **kwargs):
    items = []
    for page in client.get_paginator("query").paginate(**kwargs):
        items.extend(page.get("Items", []))
    return items


@pytest.fixture
def numbers(client, range_table):
    """Partition 'p' with sort keys -10 .. 19 (N), each with a parity attribute."""
    put_all(client, range_table, [
        {"id": {"S": "p"}, "sk": {"N": str(n)}, "odd": {"BOOL": n % 2 == 1}, "pad": {"S": "x" * 50}}
        for n in range(-10, 20)])
    put_all(client, range_table, [{"id": {"S": "other"}, "sk": {"N": "1"}}])
    return range_table


def sks(items):
    return [int(i["sk"]["N"]) for i in items]


def test_numbers_sort_by_value_forward_and_reverse(client, numbers):
    out = client.query(TableName=numbers, KeyConditionExpression="id = :p",
                       ExpressionAttributeValues={":p": {"S": "p"}})
    assert sks(out["Items"]) == list(range(-10, 20))
    assert out["Count"] == 30 and out["ScannedCount"] == 30
    assert "LastEvaluatedKey" not in out
    out = client.query(TableName=numbers, KeyConditionExpression="id = :p",
                       ExpressionAttributeValues={":p": {"S": "p"}}, ScanIndexForward=False)
    assert sks(out["Items"]) == list(range(19, -11, -1))


@pytest.mark.parametrize("condition,values,expected", [
    ("sk = :a", {":a": "3"}, [3]),
    ("sk < :a", {":a": "-8"}, [-10, -9]),
    ("sk <= :a", {":a": "-8"}, [-10, -9, -8]),
    ("sk > :a", {":a": "17"}, [18, 19]),
    ("sk >= :a", {":a": "17"}, [17, 18, 19]),
    ("sk BETWEEN :a AND :b", {":a": "-1", ":b": "2"}, [-1, 0, 1, 2]),
])
def test_sort_key_conditions(client, numbers, condition, values, expected):
    attrs = {k: {"N": v} for k, v in values.items()}
    attrs[":p"] = {"S": "p"}
    out = client.query(TableName=numbers, KeyConditionExpression="id = :p AND " + condition,
                       ExpressionAttributeValues=attrs)
    assert sks(out["Items"]) == expected


def test_strings_sort_by_bytes_and_begins_with(client, tables):
    table = tables.create(range_key=("sk", "S"))
    keys = ["a", "ab", "abc", "b", "B", "é", "z"]
    put_all(client, table, [{"id": {"S": "p"}, "sk": {"S": k}} for k in keys])
    out = client.query(TableName=table, KeyConditionExpression="id = :p",
                       ExpressionAttributeValues={":p": {"S": "p"}})
    assert [i["sk"]["S"] for i in out["Items"]] == sorted(keys, key=lambda s: s.encode())
    out = client.query(TableName=table, KeyConditionExpression="id = :p AND begins_with(sk, :b)",
                       ExpressionAttributeValues={":p": {"S": "p"}, ":b": {"S": "ab"}})
    assert [i["sk"]["S"] for i in out["Items"]] == ["ab", "abc"]


def test_legacy_key_conditions(client, numbers):
    out = client.query(TableName=numbers, KeyConditions={
        "id": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]},
        "sk": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "0"}, {"N": "2"}]}})
    assert sks(out["Items"]) == [0, 1, 2]


def test_limit_counts_items_read_before_the_filter(client, numbers):
    out = client.query(TableName=numbers, KeyConditionExpression="id = :p",
                       FilterExpression="odd = :t", Limit=4,
                       ExpressionAttributeValues={":p": {"S": "p"}, ":t": {"BOOL": True}})
    assert out["ScannedCount"] == 4 and out["Count"] == 2
    assert sks(out["Items"]) == [-9, -7]
    assert out["LastEvaluatedKey"] == {"id": {"S": "p"}, "sk": {"N": "-7"}}


def test_paginator_reads_every_item_once(client, numbers):
    items = query_all(client, TableName=numbers, KeyConditionExpression="id = :p",
                      ExpressionAttributeValues={":p": {"S": "p"}},
                      PaginationConfig={"PageSize": 7})
    assert sks(items) == list(range(-10, 20))
    items = query_all(client, TableName=numbers, KeyConditionExpression="id = :p",
                      ExpressionAttributeValues={":p": {"S": "p"}}, ScanIndexForward=False,
                      PaginationConfig={"PageSize": 4})
    assert sks(items) == list(range(19, -11, -1))


def test_select_count_and_projection(client, numbers):
    out = client.query(TableName=numbers, KeyConditionExpression="id = :p", Select="COUNT",
                       ExpressionAttributeValues={":p": {"S": "p"}})
    assert "Items" not in out and out["Count"] == 30
    out = client.query(TableName=numbers, KeyConditionExpression="id = :p AND sk = :z",
                       ProjectionExpression="#o", ExpressionAttributeNames={"#o": "odd"},
                       ExpressionAttributeValues={":p": {"S": "p"}, ":z": {"N": "1"}})
    assert out["Items"] == [{"odd": {"BOOL": True}}]


def test_one_megabyte_pages(client, tables):
    table = tables.create(range_key=("sk", "N"))
    big = "x" * 100_000
    put_all(client, table, [{"id": {"S": "p"}, "sk": {"N": str(n)}, "v": {"S": big}}
                            for n in range(25)])
    out = client.query(TableName=table, KeyConditionExpression="id = :p",
                       ExpressionAttributeValues={":p": {"S": "p"}})
    assert 10 <= out["Count"] < 25 and "LastEvaluatedKey" in out
    assert len(query_all(client, TableName=table, KeyConditionExpression="id = :p",
                         ExpressionAttributeValues={":p": {"S": "p"}})) == 25


def test_consumed_capacity(client, numbers):
    out = client.query(TableName=numbers, KeyConditionExpression="id = :p AND sk = :z",
                       ReturnConsumedCapacity="TOTAL",
                       ExpressionAttributeValues={":p": {"S": "p"}, ":z": {"N": "1"}})
    assert out["ConsumedCapacity"]["TableName"] == numbers
    assert out["ConsumedCapacity"]["CapacityUnits"] == 0.5


def test_errors(client, numbers):
    expect_error("ValidationException", "Query condition missed key schema element: id",
                 client.query, TableName=numbers, KeyConditionExpression="sk = :v",
                 ExpressionAttributeValues={":v": {"N": "1"}})
    expect_error("ValidationException",
                 "Value provided in ExpressionAttributeNames unused in expressions: keys: {#u}",
                 client.query, TableName=numbers, KeyConditionExpression="id = :v",
                 ExpressionAttributeNames={"#u": "x"}, ExpressionAttributeValues={":v": {"S": "a"}})
    expect_error("ValidationException",
                 "Cannot specify the ProjectionExpression when choosing to get only the Count",
                 client.query, TableName=numbers, KeyConditionExpression="id = :v", Select="COUNT",
                 ProjectionExpression="odd", ExpressionAttributeValues={":v": {"S": "a"}})
    expect_error("ValidationException",
                 "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
                 client.query, TableName=numbers, KeyConditionExpression="id = :v",
                 Select="ALL_PROJECTED_ATTRIBUTES", ExpressionAttributeValues={":v": {"S": "a"}})
    expect_error("ValidationException", "Invalid KeyConditionExpression: The expression can not "
                 "be empty;", client.query, TableName=numbers, KeyConditionExpression="",
                 ExpressionAttributeValues={":v": {"S": "a"}})
    expect_error("ValidationException", "Invalid operator used in KeyConditionExpression: OR",
                 client.query, TableName=numbers, KeyConditionExpression="id = :v OR sk = :n",
                 ExpressionAttributeValues={":v": {"S": "a"}, ":n": {"N": "1"}})
    expect_error("ValidationException", "Filter Expression can only contain non-primary key "
                 "attributes: Primary key attribute: sk", client.query, TableName=numbers,
                 KeyConditionExpression="id = :v", FilterExpression="sk = :n",
                 ExpressionAttributeValues={":v": {"S": "a"}, ":n": {"N": "1"}})


def test_exclusive_start_key_errors(client, numbers):
    base = dict(TableName=numbers, KeyConditionExpression="id = :p AND sk > :z",
                ExpressionAttributeValues={":p": {"S": "p"}, ":z": {"N": "0"}})
    expect_error("ValidationException", "The provided starting key is invalid", client.query,
                 ExclusiveStartKey={"id": {"S": "p"}}, **base)
    expect_error("ValidationException", "The provided starting key is outside query boundaries "
                 "based on provided conditions", client.query,
                 ExclusiveStartKey={"id": {"S": "q"}, "sk": {"N": "5"}}, **base)
    expect_error("ValidationException", "The provided starting key does not match the range key "
                 "predicate", client.query,
                 ExclusiveStartKey={"id": {"S": "p"}, "sk": {"N": "-5"}}, **base)


def test_missing_table(client):
    expect_error("ResourceNotFoundException", "Requested resource not found", client.query,
                 TableName="no_such_table_q", KeyConditionExpression="id = :v",
                 ExpressionAttributeValues={":v": {"S": "a"}})
