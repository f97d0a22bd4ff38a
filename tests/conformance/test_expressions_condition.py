"""ConditionExpression on PutItem, DeleteItem and UpdateItem, as the real DynamoDB evaluates it.

Every comparator, BETWEEN, IN, AND/OR/NOT precedence, the six functions, nested document paths and
name/value substitution. A failed condition is ConditionalCheckFailedException "The conditional
request failed" (nubo-db/dynamodb-conformance tests/tier3/error-messages/conditionalCheck.test.ts);
comparisons across types are false, not errors. ReturnValuesOnConditionCheckFailure is newer than
Debian's botocore 1.29, so it is sent as a raw SigV4-signed request.
"""

import uuid

import pytest

from conformance_util import expect_error, expect_raw_error, signed_request

CCF = "ConditionalCheckFailedException"
CCF_MESSAGE = "The conditional request failed"

# One item with an attribute of every type, nested paths included.
SEED = {
    "s": {"S": "hello world"},
    "n": {"N": "10"},
    "b": {"B": b"\x01\x02\x03"},
    "t": {"BOOL": True},
    "z": {"NULL": True},
    "ss": {"SS": ["a", "b", "c"]},
    "ns": {"NS": ["1", "2"]},
    "bs": {"BS": [b"\x01", b"\x02"]},
    "l": {"L": [{"S": "x"}, {"N": "5"}, {"M": {"c": {"S": "deep"}}}]},
    "m": {"M": {"a": {"M": {"b": {"L": [{"N": "0"}, {"M": {"c": {"S": "leaf"}}}]}}},
                "k": {"S": "v"}}},
}


@pytest.fixture
def seeded(client, table):
    """A table and the key of an item holding SEED."""
    key = {"id": {"S": uuid.uuid4().hex}}
    client.put_item(TableName=table, Item={**key, **SEED})
    return table, key


def check(client, table, key, expression, values=None, names=None):
    """Evaluates `expression` against the item through a no-op conditional UpdateItem.

    Returns True when the write succeeded, False on ConditionalCheckFailedException."""
    params = dict(TableName=table, Key=key, ConditionExpression=expression,
                  UpdateExpression="SET probe = :probe",
                  ExpressionAttributeValues={":probe": {"S": "p"}, **(values or {})})
    if names:
        params["ExpressionAttributeNames"] = names
    try:
        client.update_item(**params)
        return True
    except client.exceptions.ConditionalCheckFailedException as error:
        assert error.response["Error"]["Message"] == CCF_MESSAGE
        return False


N = lambda v: {"N": str(v)}  # noqa: E731 - terse value builders keep the tables readable
S = lambda v: {"S": v}  # noqa: E731


@pytest.mark.parametrize("expression,values,expected", [
    ("n = :v", {":v": N(10)}, True),
    ("n = :v", {":v": N("10.0")}, True),  # numbers compare by value, not by text
    ("n = :v", {":v": N(11)}, False),
    ("n <> :v", {":v": N(11)}, True),
    ("n <> :v", {":v": N(10)}, False),
    ("n < :v", {":v": N(11)}, True),
    ("n < :v", {":v": N(10)}, False),
    ("n <= :v", {":v": N(10)}, True),
    ("n <= :v", {":v": N(9)}, False),
    ("n > :v", {":v": N(9)}, True),
    ("n > :v", {":v": N(-100)}, True),
    ("n > :v", {":v": N(10)}, False),
    ("n >= :v", {":v": N(10)}, True),
    ("n >= :v", {":v": N("10.5")}, False),
    ("s < :v", {":v": S("hello world!")}, True),
    ("s > :v", {":v": S("hello")}, True),
    ("s = :v", {":v": S("hello world")}, True),
    ("b = :v", {":v": {"B": b"\x01\x02\x03"}}, True),
    ("b < :v", {":v": {"B": b"\x01\x03"}}, True),  # binary compares bytewise
    ("t = :v", {":v": {"BOOL": True}}, True),
    ("z = :v", {":v": {"NULL": True}}, True),
    ("ss = :v", {":v": {"SS": ["c", "b", "a"]}}, True),  # sets compare unordered
    ("l[0] = :v", {":v": S("x")}, True),
    ("m.k = :v", {":v": S("v")}, True),
])
def test_comparators(client, seeded, expression, values, expected):
    table, key = seeded
    assert check(client, table, key, expression, values) is expected


@pytest.mark.parametrize("expression,values,expected", [
    # Operands of different types are never equal, never ordered: false, not an error.
    ("n = :v", {":v": S("10")}, False),
    ("n <> :v", {":v": S("10")}, True),
    ("n < :v", {":v": S("20")}, False),
    ("n >= :v", {":v": S("0")}, False),
    ("s > :v", {":v": N(1)}, False),
    ("t = :v", {":v": S("true")}, False),
    # An attribute the item lacks compares unequal to everything and is never ordered. (The
    # attribute is called "absent": MISSING is a reserved word, which the service refuses bare.)
    ("absent = :v", {":v": N(1)}, False),
    ("absent <> :v", {":v": N(1)}, True),
    ("absent < :v", {":v": N(1)}, False),
    ("absent BETWEEN :a AND :b", {":a": N(0), ":b": N(100)}, False),
    ("absent IN (:a)", {":a": N(1)}, False),
])
def test_cross_type_and_missing_comparisons_are_false(client, seeded, expression, values,
                                                      expected):
    table, key = seeded
    assert check(client, table, key, expression, values) is expected


@pytest.mark.parametrize("expression,values,expected", [
    ("n BETWEEN :a AND :b", {":a": N(1), ":b": N(20)}, True),
    ("n BETWEEN :a AND :b", {":a": N(10), ":b": N(10)}, True),  # both bounds inclusive
    ("n BETWEEN :a AND :b", {":a": N(11), ":b": N(20)}, False),
    ("s BETWEEN :a AND :b", {":a": S("h"), ":b": S("i")}, True),
    ("n BETWEEN :a AND :b", {":a": S("a"), ":b": S("z")}, False),  # other type: false
    ("n IN (:a, :b, :c)", {":a": N(1), ":b": N(10), ":c": N(3)}, True),
    ("n IN (:a)", {":a": N(10)}, True),
    ("n IN (:a, :b)", {":a": N(1), ":b": N(2)}, False),
    ("n IN (:a, :b)", {":a": S("10"), ":b": N(2)}, False),
    ("s IN (:a, :b)", {":a": S("hello world"), ":b": N(2)}, True),
])
def test_between_and_in(client, seeded, expression, values, expected):
    table, key = seeded
    assert check(client, table, key, expression, values) is expected


T, F = ":yes", ":no"
TF = {":yes": N(10), ":no": N(11)}


def used_values(expression):
    """The values of TF that `expression` uses: the service refuses an unused one
    ("Value provided in ExpressionAttributeValues unused in expressions: keys: {:no}")."""
    return {name: value for name, value in TF.items() if name in expression}


@pytest.mark.parametrize("expression,expected", [
    (f"n = {T} AND n = {F}", False),
    (f"n = {T} OR n = {F}", True),
    (f"NOT n = {F}", True),
    (f"NOT n = {T}", False),
    # AND binds tighter than OR: F OR (T AND T) is true, (F OR T) AND F is false.
    (f"n = {F} OR n = {T} AND n = {T}", True),
    (f"n = {T} OR n = {T} AND n = {F}", True),
    (f"(n = {T} OR n = {T}) AND n = {F}", False),
    # NOT binds tighter than AND: (NOT T) AND T is false, NOT (T AND F) is true.
    (f"NOT n = {T} AND n = {T}", False),
    (f"NOT (n = {T} AND n = {F})", True),
    (f"NOT NOT n = {T}", True),
    (f"n = {F} OR n = {F} OR NOT n = {F}", True),
    (f"(n = {T}) AND (n = {T})", True),
    ("not n = :no and n = :yes", True),  # keywords are case-insensitive
])
def test_logical_operators_and_precedence(client, seeded, expression, expected):
    table, key = seeded
    assert check(client, table, key, expression, used_values(expression)) is expected


@pytest.mark.parametrize("expression,values,expected", [
    ("attribute_exists(s)", {}, True),
    ("attribute_exists(absent)", {}, False),
    ("attribute_exists(m.a.b[1].c)", {}, True),
    ("attribute_exists(m.a.b[5])", {}, False),
    ("attribute_exists(l[2].c)", {}, True),
    ("attribute_exists(s.nope)", {}, False),  # a path through a scalar does not exist
    ("attribute_not_exists(absent)", {}, True),
    ("attribute_not_exists(n)", {}, False),
    ("attribute_not_exists(m.zz)", {}, True),
    ("begins_with(s, :v)", {":v": S("hello")}, True),
    ("begins_with(s, :v)", {":v": S("world")}, False),
    ("begins_with(b, :v)", {":v": {"B": b"\x01\x02"}}, True),
    ("begins_with(n, :v)", {":v": S("1")}, False),  # stored number: not a string, false
    ("contains(s, :v)", {":v": S("o w")}, True),
    ("contains(s, :v)", {":v": S("xyz")}, False),
    ("contains(ss, :v)", {":v": S("b")}, True),
    ("contains(ss, :v)", {":v": S("q")}, False),
    ("contains(ns, :v)", {":v": N(2)}, True),
    ("contains(bs, :v)", {":v": {"B": b"\x02"}}, True),
    ("contains(l, :v)", {":v": S("x")}, True),
    ("contains(l, :v)", {":v": N(5)}, True),
    ("contains(l, :v)", {":v": N(6)}, False),
    ("contains(b, :v)", {":v": {"B": b"\x02\x03"}}, True),
    ("contains(n, :v)", {":v": N(1)}, False),
    ("contains(absent, :v)", {":v": S("a")}, False),
    ("size(s) = :v", {":v": N(11)}, True),
    ("size(b) = :v", {":v": N(3)}, True),
    ("size(ss) = :v", {":v": N(3)}, True),
    ("size(ns) = :v", {":v": N(2)}, True),
    ("size(l) = :v", {":v": N(3)}, True),
    ("size(m) = :v", {":v": N(2)}, True),
    ("size(m.a.b) = :v", {":v": N(2)}, True),
    ("size(s) > :v", {":v": N(20)}, False),
    ("size(absent) = :v", {":v": N(0)}, False),
    ("size(l) BETWEEN :a AND :b", {":a": N(1), ":b": N(3)}, True),
    ("size(s) IN (:a, :b)", {":a": N(1), ":b": N(11)}, True),
])
def test_functions(client, seeded, expression, values, expected):
    table, key = seeded
    assert check(client, table, key, expression, values) is expected


@pytest.mark.parametrize("attribute,type_code", [
    ("s", "S"), ("n", "N"), ("b", "B"), ("t", "BOOL"), ("z", "NULL"), ("ss", "SS"), ("ns", "NS"),
    ("bs", "BS"), ("l", "L"), ("m", "M"),
])
def test_attribute_type_all_ten_codes(client, seeded, attribute, type_code):
    table, key = seeded
    assert check(client, table, key, f"attribute_type({attribute}, :t)", {":t": S(type_code)})
    other = "S" if type_code != "S" else "N"
    assert not check(client, table, key, f"attribute_type({attribute}, :t)", {":t": S(other)})
    assert not check(client, table, key, "attribute_type(absent, :t)", {":t": S(type_code)})


def test_nested_paths_and_substitution(client, seeded):
    table, key = seeded
    assert check(client, table, key, "m.a.b[1].c = :v", {":v": S("leaf")})
    assert check(client, table, key, "#m.#a.#b[1].#c = :v", {":v": S("leaf")},
                 {"#m": "m", "#a": "a", "#b": "b", "#c": "c"})
    assert not check(client, table, key, "m.a.b[0].c = :v", {":v": S("leaf")})
    assert check(client, table, key, "l[2].c = :v", {":v": S("deep")})
    # A name with a dot, substituted, is one attribute, not a path.
    client.update_item(TableName=table, Key=key, UpdateExpression="SET #d = :v",
                       ExpressionAttributeNames={"#d": "a.b"},
                       ExpressionAttributeValues={":v": S("dotted")})
    assert check(client, table, key, "#d = :v", {":v": S("dotted")}, {"#d": "a.b"})
    assert not check(client, table, key, "attribute_exists(a.b)")
    # Reserved words are usable through names.
    assert check(client, table, key, "attribute_not_exists(#status)", names={"#status": "status"})
    # The same value or name may be used several times.
    assert check(client, table, key, "#n >= :v AND #n <= :v", {":v": N(10)}, {"#n": "n"})


def test_comparing_two_paths(client, seeded):
    table, key = seeded
    client.update_item(TableName=table, Key=key, UpdateExpression="SET n2 = :v",
                       ExpressionAttributeValues={":v": N(10)})
    assert check(client, table, key, "n = n2")
    assert check(client, table, key, "n <= n2 AND NOT n < n2")
    assert not check(client, table, key, "n = s")


def test_put_item_conditions(client, table):
    item = {"id": S("put-1"), "v": N(1)}
    client.put_item(TableName=table, Item=item, ConditionExpression="attribute_not_exists(id)")
    expect_error(CCF, CCF_MESSAGE, client.put_item, TableName=table, Item=item,
                 ConditionExpression="attribute_not_exists(id)")
    client.put_item(TableName=table, Item={"id": S("put-1"), "v": N(2)},
                    ConditionExpression="v = :one", ExpressionAttributeValues={":one": N(1)})
    expect_error(CCF, CCF_MESSAGE, client.put_item, TableName=table,
                 Item={"id": S("put-1"), "v": N(3)}, ConditionExpression="v = :one",
                 ExpressionAttributeValues={":one": N(1)})
    assert client.get_item(TableName=table, Key={"id": S("put-1")})["Item"]["v"] == N(2)
    # On a missing item every attribute is absent: attribute_exists fails, <> succeeds.
    expect_error(CCF, CCF_MESSAGE, client.put_item, TableName=table, Item={"id": S("put-2")},
                 ConditionExpression="attribute_exists(id)")
    client.put_item(TableName=table, Item={"id": S("put-3")}, ConditionExpression="v <> :one",
                    ExpressionAttributeValues={":one": N(1)})


def test_delete_item_conditions(client, table):
    key = {"id": S("del-1")}
    client.put_item(TableName=table, Item={**key, "state": S("open")})
    expect_error(CCF, CCF_MESSAGE, client.delete_item, TableName=table, Key=key,
                 ConditionExpression="#st = :v", ExpressionAttributeNames={"#st": "state"},
                 ExpressionAttributeValues={":v": S("closed")})
    assert "Item" in client.get_item(TableName=table, Key=key)
    old = client.delete_item(TableName=table, Key=key, ConditionExpression="#st = :v",
                             ExpressionAttributeNames={"#st": "state"},
                             ExpressionAttributeValues={":v": S("open")}, ReturnValues="ALL_OLD")
    assert old["Attributes"] == {**key, "state": S("open")}
    assert "Item" not in client.get_item(TableName=table, Key=key)
    # Deleting a missing item under attribute_exists fails; under attribute_not_exists it passes.
    expect_error(CCF, CCF_MESSAGE, client.delete_item, TableName=table, Key=key,
                 ConditionExpression="attribute_exists(id)")
    client.delete_item(TableName=table, Key=key, ConditionExpression="attribute_not_exists(id)")


def test_update_item_condition_failure_leaves_item(client, table):
    key = {"id": S("upd-1")}
    client.put_item(TableName=table, Item={**key, "v": N(1)})
    expect_error(CCF, CCF_MESSAGE, client.update_item, TableName=table, Key=key,
                 UpdateExpression="SET v = :new", ConditionExpression="v = :old",
                 ExpressionAttributeValues={":new": N(5), ":old": N(2)})
    assert client.get_item(TableName=table, Key=key)["Item"] == {**key, "v": N(1)}
    # A failed condition on a missing item does not create it.
    missing = {"id": S("upd-missing")}
    expect_error(CCF, CCF_MESSAGE, client.update_item, TableName=table, Key=missing,
                 UpdateExpression="SET v = :new", ConditionExpression="attribute_exists(id)",
                 ExpressionAttributeValues={":new": N(5)})
    assert "Item" not in client.get_item(TableName=table, Key=missing)


def test_return_values_on_condition_check_failure(client, endpoint, table):
    key = {"id": S("rvoccf")}
    stored = {**key, "attr": S("original"), "n": N(7)}
    client.put_item(TableName=table, Item=stored)
    for operation, extra in [
        ("PutItem", {"Item": {**key, "attr": S("overwrite")},
                     "ConditionExpression": "attribute_not_exists(id)"}),
        ("DeleteItem", {"Key": key, "ConditionExpression": "attr = :v",
                        "ExpressionAttributeValues": {":v": S("other")}}),
        ("UpdateItem", {"Key": key, "UpdateExpression": "SET attr = :v",
                        "ConditionExpression": "n > :v",
                        "ExpressionAttributeValues": {":v": N(100)}}),
    ]:
        payload = {"TableName": table, "ReturnValuesOnConditionCheckFailure": "ALL_OLD", **extra}
        response = signed_request(endpoint, operation, payload)
        expect_raw_error(response, CCF, CCF_MESSAGE)
        assert response.json()["Item"] == {"id": {"S": "rvoccf"}, "attr": {"S": "original"},
                                           "n": {"N": "7"}}, operation
        # Without the parameter (or with NONE) the error carries no item.
        payload["ReturnValuesOnConditionCheckFailure"] = "NONE"
        response = signed_request(endpoint, operation, payload)
        expect_raw_error(response, CCF, CCF_MESSAGE)
        assert "Item" not in response.json(), operation


def test_return_values_on_condition_check_failure_missing_item(endpoint, table):
    # The item does not exist: the error has no Item member.
    response = signed_request(endpoint, "UpdateItem", {
        "TableName": table, "Key": {"id": {"S": "absent"}},
        "UpdateExpression": "SET a = :v", "ConditionExpression": "attribute_exists(id)",
        "ExpressionAttributeValues": {":v": {"S": "x"}},
        "ReturnValuesOnConditionCheckFailure": "ALL_OLD"})
    expect_raw_error(response, CCF, CCF_MESSAGE)
    assert "Item" not in response.json()


@pytest.mark.parametrize("expression,values,expected", [
    # Two absent attributes are still "not equal"; ordering them is false
    # (scylladb test/alternator/test_condition_expression.py, checked against DynamoDB).
    ("q <> zz", {}, True),
    ("q < zz", {}, False),
    ("q >= zz", {}, False),
    ("q BETWEEN zz AND yy", {}, False),
    ("q = zz", {}, False),
    # An ordering between a stored list and a number is false, in either order.
    ("l < :v", {":v": N(1)}, False),
    (":v < l", {":v": N(1)}, False),
    # size() of a number, boolean or null is no error, the comparison is just false.
    ("size(n) = :v", {":v": N(2)}, False),
    ("size(t) = :v", {":v": N(1)}, False),
    ("size(z) = :v", {":v": N(1)}, False),
    ("size(s) = :v", {":v": S("dog")}, False),
    ("size(s) = n2", {}, False),
    # Operands may be values or paths on either side.
    ("begins_with(:str, s)", {":str": S("hello world and more")}, True),
    ("attribute_type(:v, :t)", {":v": N(0), ":t": S("N")}, True),
    ("contains(l, :v)", {":v": {"M": {"c": S("deep")}}}, True),
    ("contains(b, :v)", {":v": {"SS": ["x"]}}, False),
    ("begins_with(n, s)", {}, False),
])
def test_documented_corner_cases(client, seeded, expression, values, expected):
    table, key = seeded
    assert check(client, table, key, expression, values) is expected


@pytest.mark.parametrize("expression,values", [
    # A constant of a type the operator cannot order is a ValidationException, not a false
    # condition; only the Code is sourced (scylladb alternator tests).
    ("n < :v", {":v": {"L": [N(1), N(2)]}}),
    (":v < n", {":v": {"L": [N(1), N(2)]}}),
    ("begins_with(s, :v)", {":v": N(2)}),
    ("attribute_type(n, s)", {}),
])
def test_constant_operand_type_errors(client, seeded, expression, values):
    table, key = seeded
    params = dict(TableName=table, Key=key, ConditionExpression=expression,
                  UpdateExpression="SET probe = :probe",
                  ExpressionAttributeValues={":probe": S("p"), **values})
    expect_error("ValidationException", None, client.update_item, **params)
