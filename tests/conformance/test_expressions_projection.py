"""ProjectionExpression on GetItem: top-level and nested paths, list elements, substitution, and the
service's refusals (overlapping and conflicting paths, reserved words, undefined or unused names).

Results and messages follow architect/dynalite test/getItem.js (written against the live service)
and nubo-db/dynamodb-conformance tests/tier3 (exact "Two document paths overlap" text).
"""

import uuid

import pytest

from conformance_util import expect_error, expect_error_match

VE = "ValidationException"
S = lambda v: {"S": v}  # noqa: E731


@pytest.fixture
def stored(client, table):
    key = {"id": S(uuid.uuid4().hex)}
    item = {**key, "b": {"M": {"a": S("a"), "b": S("b"), "c": S("c")}},
            "c": {"L": [S("a"), S("b"), S("c")]}, "g": {"N": "23"}, "status": S("on")}
    client.put_item(TableName=table, Item=item)

    def get(**params):
        return client.get_item(TableName=table, Key=key, ConsistentRead=True, **params)

    return key, item, get


def test_top_level_attributes(stored):
    key, item, get = stored
    assert get(ProjectionExpression="b, g")["Item"] == {"b": item["b"], "g": item["g"]}
    assert get(ProjectionExpression="#b, #g",
               ExpressionAttributeNames={"#b": "b", "#g": "g"})["Item"] == {"b": item["b"],
                                                                           "g": item["g"]}
    # The key is not added unless asked for; a missing attribute is simply absent.
    assert get(ProjectionExpression="g, nothing")["Item"] == {"g": item["g"]}
    assert get(ProjectionExpression="id")["Item"] == key


def test_nothing_matches(stored):
    _, _, get = stored
    # "elsewhere" rather than OTHER, a reserved word the service refuses bare.
    response = get(ProjectionExpression="nothing, elsewhere.x")
    assert response.get("Item", {}) == {}


def test_nested_paths_and_list_elements(stored):
    _, item, get = stored
    expected = {"b": {"M": {"b": S("b"), "c": S("c")}}, "c": {"L": [S("b"), S("c")]}}
    # List elements keep their order in the list, not in the expression; c[0].a matches nothing.
    assert get(ProjectionExpression="b.c,c[2],b.b,c[1],c[0].a")["Item"] == expected
    assert get(ProjectionExpression="#b.#c,#c[2],#b.#b,#c[1],#c[0][1]",
               ExpressionAttributeNames={"#b": "b", "#c": "c"})["Item"] == expected


def test_reserved_word_through_a_name(stored):
    _, item, get = stored
    assert get(ProjectionExpression="#s",
               ExpressionAttributeNames={"#s": "status"})["Item"] == {"status": S("on")}
    expect_error(VE, "Invalid ProjectionExpression: Attribute name is a reserved keyword; "
                 "reserved keyword: status", get, ProjectionExpression="g, status")


@pytest.mark.parametrize("expression,one,two", [
    ("a, a", "[a]", "[a]"),
    ("a, a.b", "[a]", "[a, b]"),
    ("b[1], b.a, #a.b, a", "[a, b]", "[a]"),
    ("a, #a[1]", "[a]", "[a, [1]]"),
])
def test_overlapping_paths(stored, expression, one, two):
    _, _, get = stored
    names = {"#a": "a"} if "#a" in expression else None
    params = {"ProjectionExpression": expression}
    if names:
        params["ExpressionAttributeNames"] = names
    expect_error(VE, "Invalid ProjectionExpression: Two document paths overlap with each other; "
                 f"must remove or rewrite one of these paths; path one: {one}, path two: {two}",
                 get, **params)


def test_two_names_for_one_attribute_overlap(stored):
    _, _, get = stored
    expect_error(VE, "Invalid ProjectionExpression: Two document paths overlap with each other; "
                 "must remove or rewrite one of these paths; path one: [a], path two: [a]",
                 get, ProjectionExpression="#a, #b", ExpressionAttributeNames={"#a": "a", "#b": "a"})


@pytest.mark.parametrize("expression,one,two", [
    ("a.b, #a[1], #b", "[a, b]", "[a, [1]]"),
    ("a.b[1], #a[1], #b", "[a, b, [1]]", "[a, [1]]"),
    ("a[3].b, #a.#b.b", "[a, [3], b]", "[a, [3], b]"),
])
def test_conflicting_paths(stored, expression, one, two):
    _, _, get = stored
    expect_error(VE, "Invalid ProjectionExpression: Two document paths conflict with each other; "
                 f"must remove or rewrite one of these paths; path one: {one}, path two: {two}",
                 get, ProjectionExpression=expression,
                 ExpressionAttributeNames={"#a": "a", "#b": "[3]"})


def test_projection_errors(stored):
    _, _, get = stored
    expect_error(VE, "Invalid ProjectionExpression: The expression can not be empty;", get,
                 ProjectionExpression="")
    expect_error(VE, "Invalid ProjectionExpression: An expression attribute name used in the "
                 "document path is not defined; attribute name: #a", get,
                 ProjectionExpression="a,b,#a")
    expect_error(VE, "Value provided in ExpressionAttributeNames unused in expressions: "
                 "keys: {#b}", get, ProjectionExpression="#a",
                 ExpressionAttributeNames={"#a": "a", "#b": "b"})
    for expression in ["whatever(stuff)", ":a", "a,", "a,,b", "a..b", "a[b]", "(a)", "a-b"]:
        expect_error_match(VE, r"Invalid ProjectionExpression: Syntax error; ", get,
                           ProjectionExpression=expression)


def test_attributes_to_get(stored):
    _, item, get = stored
    assert get(AttributesToGet=["b", "g", "nothing"])["Item"] == {"b": item["b"], "g": item["g"]}
    expect_error(VE, "One or more parameter values were invalid: Duplicate value in attribute "
                 "name: g", get, AttributesToGet=["g", "g"])
