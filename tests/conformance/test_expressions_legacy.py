"""The legacy conditional parameters: Expected (Exists, Value, ComparisonOperator with
AttributeValueList for every operator), ConditionalOperator, AttributeUpdates, and their validation.

Semantics and messages follow architect/dynalite test/putItem.js, deleteItem.js and updateItem.js,
which were written against the live service, and the DynamoDB API reference for the operators.
"""

import uuid

import pytest

from conformance_util import expect_error

VE = "ValidationException"
CCF = "ConditionalCheckFailedException"
CCF_MESSAGE = "The conditional request failed"
N = lambda v: {"N": str(v)}  # noqa: E731
S = lambda v: {"S": v}  # noqa: E731
INVALID = "One or more parameter values were invalid: "


@pytest.fixture
def stored(client, table):
    key = {"id": S(uuid.uuid4().hex)}
    item = {**key, "n": N(10), "s": S("hello"), "ss": {"SS": ["a", "b"]}, "l": {"L": [S("x")]},
            "b": {"B": b"\x01\x02"}}
    client.put_item(TableName=table, Item=item)

    def holds(expected, operator=None):
        """True when a conditional UpdateItem guarded by `expected` succeeds."""
        params = dict(TableName=table, Key=key, Expected=expected,
                      AttributeUpdates={"probe": {"Action": "PUT", "Value": S("p")}})
        if operator:
            params["ConditionalOperator"] = operator
        try:
            client.update_item(**params)
            return True
        except client.exceptions.ConditionalCheckFailedException as error:
            assert error.response["Error"]["Message"] == CCF_MESSAGE
            return False

    return table, key, holds


def cmp(operator, *values):
    return {"ComparisonOperator": operator, "AttributeValueList": list(values)}


@pytest.mark.parametrize("attribute,condition,expected", [
    ("n", cmp("EQ", N(10)), True),
    ("n", cmp("EQ", N(11)), False),
    ("n", cmp("EQ", S("10")), False),
    ("n", cmp("NE", N(11)), True),
    ("n", cmp("NE", N(10)), False),
    ("nothing", cmp("NE", N(10)), True),
    ("n", cmp("LE", N(10)), True),
    ("n", cmp("LE", N(9)), False),
    ("n", cmp("LT", N(11)), True),
    ("n", cmp("LT", N(10)), False),
    ("n", cmp("GE", N(10)), True),
    ("n", cmp("GE", N(11)), False),
    ("n", cmp("GT", N(9)), True),
    ("n", cmp("GT", N(10)), False),
    ("s", cmp("GT", S("hell")), True),
    ("b", cmp("LT", {"B": b"\x01\x03"}), True),
    ("n", cmp("LT", S("99")), False),  # other type: false
    ("n", {"ComparisonOperator": "NOT_NULL"}, True),
    ("nothing", {"ComparisonOperator": "NOT_NULL"}, False),
    ("n", {"ComparisonOperator": "NULL"}, False),
    ("nothing", {"ComparisonOperator": "NULL"}, True),
    ("s", cmp("CONTAINS", S("ell")), True),
    ("ss", cmp("CONTAINS", S("b")), True),
    ("ss", cmp("CONTAINS", S("z")), False),
    ("s", cmp("NOT_CONTAINS", S("xyz")), True),
    ("ss", cmp("NOT_CONTAINS", S("a")), False),
    ("s", cmp("BEGINS_WITH", S("he")), True),
    ("s", cmp("BEGINS_WITH", S("lo")), False),
    ("n", cmp("IN", N(1), N(10)), True),
    ("n", cmp("IN", N(1), N(2)), False),
    ("n", cmp("BETWEEN", N(10), N(12)), True),
    ("n", cmp("BETWEEN", N(11), N(12)), False),
    ("s", cmp("BETWEEN", S("a"), S("i")), True),
    ("n", {"Value": N(10)}, True),
    ("n", {"Value": N(11)}, False),
    ("n", {"Value": N(10), "Exists": True}, True),
    ("n", {"Value": N(10), "ComparisonOperator": "EQ"}, True),
    ("n", {"Value": N(9), "ComparisonOperator": "GT"}, True),
    ("nothing", {"Exists": False}, True),
    ("n", {"Exists": False}, False),
])
def test_expected_operators(stored, attribute, condition, expected):
    _, _, holds = stored
    assert holds({attribute: condition}) is expected


def test_conditional_operator(stored):
    _, _, holds = stored
    one_false = {"n": {"Value": N(10)}, "s": {"Value": S("other")}}
    assert holds(one_false) is False
    assert holds(one_false, "AND") is False
    assert holds(one_false, "OR") is True
    assert holds({"n": {"Value": N(1)}, "s": {"Value": S("other")}}, "OR") is False
    assert holds({"n": {"Value": N(10)}, "nothing": {"Exists": False},
                  "s": cmp("GE", S("hello"))}) is True


def test_expected_on_put_and_delete(client, table):
    item = {"id": S(uuid.uuid4().hex), "v": N(1)}
    client.put_item(TableName=table, Item=item, Expected={"id": {"Exists": False}})
    expect_error(CCF, CCF_MESSAGE, client.put_item, TableName=table, Item=item,
                 Expected={"id": {"Exists": False}})
    expect_error(CCF, CCF_MESSAGE, client.put_item, TableName=table,
                 Item={"id": S(uuid.uuid4().hex)}, Expected={"id": {"ComparisonOperator": "NOT_NULL"}})
    expect_error(CCF, CCF_MESSAGE, client.delete_item, TableName=table, Key={"id": item["id"]},
                 Expected={"v": {"Value": N(2)}})
    client.delete_item(TableName=table, Key={"id": item["id"]},
                       Expected={"v": {"ComparisonOperator": "EQ", "AttributeValueList": [N(1)]}})
    assert "Item" not in client.get_item(TableName=table, Key={"id": item["id"]})


# The rules of Exists are reported as a counted validation error (measured against the service,
# floci-io/floci#2126).
COUNTED = "1 validation error detected: "


@pytest.mark.parametrize("condition,message", [
    ({}, COUNTED + INVALID + "Value must be provided when Exists is null for Attribute: a"),
    ({"Exists": True}, COUNTED + INVALID + "Value must be provided when Exists is true for "
     "Attribute: a"),
    ({"Exists": False, "Value": S("x")},
     COUNTED + INVALID + "Value cannot be used when Exists is false for Attribute: a"),
    ({"ComparisonOperator": "LT"},
     "Value or AttributeValueList must be used with ComparisonOperator: LT for Attribute: a"),
    ({"Exists": True, "ComparisonOperator": "LT"},
     COUNTED + INVALID + "Exists and ComparisonOperator cannot be used together for Attribute: a"),
    ({"AttributeValueList": [S("a")], "Value": S("a"), "ComparisonOperator": "LT"},
     "Value and AttributeValueList cannot be used together for Attribute: a"),
    ({"AttributeValueList": [S("a")]},
     "AttributeValueList can only be used with a ComparisonOperator for Attribute: a"),
    (cmp("EQ"), "Invalid number of argument(s) for the EQ ComparisonOperator"),
    (cmp("NULL", S("a")), "Invalid number of argument(s) for the NULL ComparisonOperator"),
    (cmp("IN"), "Invalid number of argument(s) for the IN ComparisonOperator"),
    (cmp("BETWEEN", N(1), N(10), N(12)),
     "Invalid number of argument(s) for the BETWEEN ComparisonOperator"),
    ({"Value": S("a"), "ComparisonOperator": "BETWEEN"},
     "Invalid number of argument(s) for the BETWEEN ComparisonOperator"),
    (cmp("IN", S("b"), N(1)), "AttributeValues inside AttributeValueList must be of same type"),
])
def test_expected_validation(client, table, condition, message):
    if not message.startswith(COUNTED):
        message = INVALID + message
    expect_error(VE, message, client.put_item, TableName=table,
                 Item={"id": S("x")}, Expected={"a": condition})


def test_between_bounds_reversed(client, table):
    expect_error(VE, "The BETWEEN condition was provided a range where the lower bound is greater "
                 "than the upper bound", client.delete_item, TableName=table, Key={"id": S("x")},
                 Expected={"a": cmp("BETWEEN", S("b"), S("a"))})


def test_attribute_updates(client, table):
    key = {"id": S(uuid.uuid4().hex)}
    response = client.update_item(
        TableName=table, Key=key, ReturnValues="UPDATED_NEW",
        AttributeUpdates={"b": {"Action": "DELETE"}, "c": {"Action": "DELETE", "Value": {"SS": ["a"]}},
                          "d": {"Action": "ADD", "Value": N(5)},
                          "e": {"Action": "ADD", "Value": {"SS": ["a", "b"]}},
                          "f": {"Value": S("put by default")}})
    assert response["Attributes"]["d"] == N(5)
    assert sorted(response["Attributes"]["e"]["SS"]) == ["a", "b"]
    assert set(response["Attributes"]) == {"d", "e", "f"}
    response = client.update_item(
        TableName=table, Key=key, ReturnValues="UPDATED_OLD",
        AttributeUpdates={"d": {"Action": "ADD", "Value": N(3)}, "f": {"Action": "DELETE"},
                          "e": {"Action": "DELETE", "Value": {"SS": ["a"]}}})
    assert response["Attributes"]["d"] == N(5) and response["Attributes"]["f"] == S("put by default")
    item = client.get_item(TableName=table, Key=key, ConsistentRead=True)["Item"]
    assert item == {**key, "d": N(8), "e": {"SS": ["b"]}}


def test_attribute_updates_validation(client, table):
    key = {"id": S("x")}
    expect_error(VE, INVALID + "Cannot update attribute id. This attribute is part of the key",
                 client.update_item, TableName=table, Key=key,
                 AttributeUpdates={"id": {"Value": S("y")}})
    expect_error(VE, INVALID + "Only DELETE action is allowed when no attribute value is specified",
                 client.update_item, TableName=table, Key=key,
                 AttributeUpdates={"a": {"Action": "PUT"}})
    for value, tag in [(S("1"), "S"), ({"BOOL": True}, "BOOL"), ({"M": {}}, "M")]:
        expect_error(VE, INVALID + f"ADD action is not supported for the type {tag}",
                     client.update_item, TableName=table, Key=key,
                     AttributeUpdates={"a": {"Action": "ADD", "Value": value}})
    for value, tag in [(S("1"), "S"), (N(1), "N"), ({"L": []}, "L")]:
        expect_error(VE, INVALID + f"DELETE action with value is not supported for the type {tag}",
                     client.update_item, TableName=table, Key=key,
                     AttributeUpdates={"a": {"Action": "DELETE", "Value": value}})
    client.update_item(TableName=table, Key=key,
                       AttributeUpdates={"ss": {"Value": {"SS": ["1"]}}, "n": {"Value": N(1)}})
    for updates in [{"ss": {"Action": "DELETE", "Value": {"NS": ["1"]}}},
                    {"n": {"Action": "DELETE", "Value": {"NS": ["1"]}}},
                    {"ss": {"Action": "ADD", "Value": {"NS": ["1"]}}}]:
        expect_error(VE, "Type mismatch for attribute to update", client.update_item,
                     TableName=table, Key=key, AttributeUpdates=updates)


def test_attribute_updates_add_of_a_list_appends(client, table):
    # Undocumented, but the service appends a list ADDed to a list, and creates the attribute
    # when it is missing (issue 18, class 7); UpdateExpression's ADD still refuses lists.
    key = {"id": S("add-list")}
    client.put_item(TableName=table, Item={**key, "l": {"L": [N(1)]}})
    response = client.update_item(
        TableName=table, Key=key, ReturnValues="ALL_NEW",
        AttributeUpdates={"l": {"Action": "ADD", "Value": {"L": [N(2), S("x")]}},
                          "fresh": {"Action": "ADD", "Value": {"L": [N(3)]}}})
    assert response["Attributes"] == {**key, "l": {"L": [N(1), N(2), S("x")]},
                                      "fresh": {"L": [N(3)]}}
    expect_error(VE, "Type mismatch for attribute to update", client.update_item,
                 TableName=table, Key=key,
                 AttributeUpdates={"l": {"Action": "ADD", "Value": N(1)}})


def test_key_conditions_go_with_filter_and_projection_expressions(client, range_table):
    # Measured against the service (ExtendDB/extenddb#213): KeyConditions is refused beside a
    # KeyConditionExpression only; QueryFilter beside any expression (floci-io/floci#2894).
    for i in range(4):
        client.put_item(TableName=range_table,
                        Item={"id": S("kc"), "sk": N(i), "v": N(i % 2), "w": S("x")})
    key_conditions = {"id": {"ComparisonOperator": "EQ", "AttributeValueList": [S("kc")]},
                      "sk": {"ComparisonOperator": "GT", "AttributeValueList": [N(0)]}}
    out = client.query(TableName=range_table, KeyConditions=key_conditions,
                       FilterExpression="v = :one", ExpressionAttributeValues={":one": N(1)},
                       ProjectionExpression="sk")
    assert out["Items"] == [{"sk": N(1)}, {"sk": N(3)}]
    assert out["ScannedCount"] == 3
    expect_error(VE, "Can not use both expression and non-expression parameters in the same "
                 "request: Non-expression parameters: {QueryFilter} Expression parameters: "
                 "{KeyConditionExpression}",
                 client.query, TableName=range_table, KeyConditionExpression="id = :p",
                 ExpressionAttributeValues={":p": S("kc")},
                 QueryFilter={"v": {"ComparisonOperator": "EQ", "AttributeValueList": [N(1)]}})


def test_conditional_operator_needs_conditions(client, table):
    # Measured against the service (ExtendDB/extenddb#213).
    message = "ConditionalOperator cannot be used without Filter or Expected"
    expect_error(VE, message, client.scan, TableName=table, ConditionalOperator="AND")
    expect_error(VE, message, client.put_item, TableName=table, Item={"id": S("c")},
                 ConditionalOperator="OR")
