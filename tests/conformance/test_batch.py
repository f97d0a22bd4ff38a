"""BatchGetItem and BatchWriteItem: shapes, limits and the service's exact messages."""

from conformance_util import expect_error


def key(i):
    return {"id": {"S": f"k{i}"}}


def test_batch_write_then_batch_get_across_tables(client, tables):
    a, b = tables.create(), tables.create()
    out = client.batch_write_item(
        RequestItems={
            a: [{"PutRequest": {"Item": {**key(i), "v": {"N": str(i)}}}} for i in range(20)],
            b: [{"PutRequest": {"Item": {**key(1), "x": {"S": "y"}}}}],
        },
        ReturnConsumedCapacity="TOTAL")
    assert out["UnprocessedItems"] == {}
    units = {c["TableName"]: c["CapacityUnits"] for c in out["ConsumedCapacity"]}
    assert units == {a: 20.0, b: 1.0}
    got = client.batch_get_item(RequestItems={
        a: {"Keys": [key(i) for i in range(25)], "ConsistentRead": True},
        b: {"Keys": [key(1)], "ProjectionExpression": "x"},
    })
    assert got["UnprocessedKeys"] == {}
    assert sorted(int(item["v"]["N"]) for item in got["Responses"][a]) == list(range(20))
    assert got["Responses"][b] == [{"x": {"S": "y"}}]


def test_batch_write_deletes(client, table):
    client.put_item(TableName=table, Item=key(1))
    client.batch_write_item(RequestItems={table: [{"DeleteRequest": {"Key": key(1)}},
                                                  {"DeleteRequest": {"Key": key(2)}}]})
    assert "Item" not in client.get_item(TableName=table, Key=key(1))


def test_batch_get_missing_keys_answer_an_empty_list(client, table):
    got = client.batch_get_item(RequestItems={table: {"Keys": [key(9)]}})
    assert got["Responses"] == {table: []}


def test_empty_request_items(client):
    expect_error("ValidationException",
                 "The requestItems parameter is required for BatchWriteItem",
                 client.batch_write_item, RequestItems={})
    expect_error("ValidationException",
                 "The requestItems parameter is required for BatchGetItem",
                 client.batch_get_item, RequestItems={})


def test_duplicate_keys_are_refused(client, table):
    expect_error("ValidationException", "Provided list of item keys contains duplicates",
                 client.batch_write_item,
                 RequestItems={table: [{"PutRequest": {"Item": key(1)}},
                                       {"DeleteRequest": {"Key": key(1)}}]})
    expect_error("ValidationException", "Provided list of item keys contains duplicates",
                 client.batch_get_item, RequestItems={table: {"Keys": [key(1), key(1)]}})


def test_limits(client, table):
    response = expect_error("ValidationException", None, client.batch_write_item,
                            RequestItems={table: [{"PutRequest": {"Item": key(i)}}
                                                  for i in range(26)]})
    message = response["Error"]["Message"]
    assert message.startswith("1 validation error detected: Value '{" + table + "=[")
    assert message.endswith("at 'requestItems' failed to satisfy constraint: Map value must "
                            "satisfy constraint: [Member must have length less than or equal "
                            "to 25, Member must have length greater than or equal to 1]")
    expect_error("ValidationException",
                 f"1 validation error detected: Value at 'RequestItems.{table}.member.Keys' "
                 "failed to satisfy constraint: Member must have length less than or equal to 100",
                 client.batch_get_item, RequestItems={table: {"Keys": [key(i)
                                                                       for i in range(101)]}})


def test_missing_table_and_bad_keys(client, table):
    expect_error("ResourceNotFoundException", "Requested resource not found",
                 client.batch_write_item,
                 RequestItems={"no_such_table_x": [{"PutRequest": {"Item": key(1)}}]})
    expect_error("ValidationException", "The provided key element does not match the schema",
                 client.batch_get_item, RequestItems={table: {"Keys": [{"id": {"N": "1"}}]}})
    expect_error("ValidationException",
                 "One or more parameter values are not valid. The AttributeValue for a key "
                 "attribute cannot contain an empty string value. Key: id",
                 client.batch_write_item,
                 RequestItems={table: [{"PutRequest": {"Item": {"id": {"S": ""}}}}]})


def test_projection_errors_reject_the_whole_batch(client, table):
    expect_error("ValidationException",
                 "Invalid ProjectionExpression: Two document paths overlap with each other; must "
                 "remove or rewrite one of these paths; path one: [a], path two: [a]",
                 client.batch_get_item,
                 RequestItems={table: {"Keys": [key(1)], "ProjectionExpression": "a, a"}})


def test_item_too_large(client, table):
    expect_error("ValidationException", "Item size has exceeded the maximum allowed size",
                 client.batch_write_item,
                 RequestItems={table: [{"PutRequest": {"Item": {**key(1),
                                                                "big": {"S": "x" * 409600}}}}]})


MIXED = ("Can not use both expression and non-expression parameters in the same request: "
         "Non-expression parameters: {AttributesToGet} Expression parameters: "
         "{ProjectionExpression}")


def test_projection_and_attributes_to_get_are_not_mixed(client, tables):
    # In one table's entry (nubo-db/dynamodb-conformance tier3, exact), and across two tables'
    # entries (the same suite asserts the type; the wording is the one-table refusal's).
    a, b = tables.create(), tables.create()
    expect_error("ValidationException", MIXED, client.batch_get_item,
                 RequestItems={a: {"Keys": [key(1)], "AttributesToGet": ["id"],
                                   "ProjectionExpression": "id"}})
    expect_error("ValidationException", MIXED, client.batch_get_item,
                 RequestItems={a: {"Keys": [key(1)], "ProjectionExpression": "id"},
                               b: {"Keys": [key(1)], "AttributesToGet": ["id"]}})


def test_too_many_items_across_tables(client, tables):
    a, b = tables.create(), tables.create()
    expect_error("ValidationException", "Too many items requested for the BatchWriteItem call",
                 client.batch_write_item,
                 RequestItems={a: [{"PutRequest": {"Item": key(i)}} for i in range(20)],
                               b: [{"PutRequest": {"Item": key(i)}} for i in range(6)]})
    expect_error("ValidationException", "Too many items requested for the BatchGetItem call",
                 client.batch_get_item,
                 RequestItems={a: {"Keys": [key(i) for i in range(60)]},
                               b: {"Keys": [key(i) for i in range(41)]}})
