"""Expression validation errors, with the real service's Code and Message.

Sources: floci-io/floci#1512 (real-AWS syntax messages), truora/minidyn#21, LowVoltage tests and
nubo-db/dynamodb-conformance tests/tier3/error-messages/*.test.ts (exact texts), and
architect/dynalite test/{updateItem,deleteItem}.js (written against the live service). Where only
the start of a message is known the test matches that prefix; where none is known, only the Code.
"""

import pytest

from conformance_util import expect_error, expect_error_match

VE = "ValidationException"
N = lambda v: {"N": str(v)}  # noqa: E731
S = lambda v: {"S": v}  # noqa: E731


def put(client, table, **params):
    return client.put_item(TableName=table, Item={"id": S("e")}, **params)


def update(client, table, expression, **params):
    return client.update_item(TableName=table, Key={"id": S("e")}, UpdateExpression=expression,
                              **params)


@pytest.mark.parametrize("expression,message", [
    ("a-b", 'Invalid ConditionExpression: Syntax error; token: "-", near: "a-b"'),
    ("foo", 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "foo"'),
    ("attribute_not_exists(", 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "("'),
    ("attribute_exists(id) AND NOT #h",
     'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "#h"'),
])
def test_condition_syntax_errors(client, table, expression, message):
    names = {"#h": "h"} if "#h" in expression else None
    params = {"ConditionExpression": expression}
    if names:
        params["ExpressionAttributeNames"] = names
    expect_error(VE, message, put, client, table, **params)


def test_update_syntax_errors(client, table):
    expect_error(VE, 'Invalid UpdateExpression: Syntax error; token: "INVALID", near: '
                 '"INVALID SYNTAX"', update, client, table, "INVALID SYNTAX HERE",
                 ExpressionAttributeValues={":v": S("val")})
    for expression in ["whatever", "set a", "add a", "delete a", "set a=set", "remove a = b",
                       "add a = b", "delete a = b", "remove a b", "set a b", "set :a = b",
                       "remove :a", "set a = b / c", "set a = b * c", "set a = b + c + d",
                       "set (a = (b + c))", "SET if_not_exist(a, b) = a"]:
        expect_error_match(VE, r"Invalid UpdateExpression: Syntax error; ", update, client, table,
                           expression)


def test_condition_syntax_errors_without_known_text(client, table):
    for expression in ["whatever", "a = = :v", "a IN ()", "a BETWEEN :v", "(a = :v", "a = :v)",
                       "a ~ :v", "a = :v AND"]:
        values = {":v": N(1)} if ":v" in expression else None
        params = {"ConditionExpression": expression}
        if values:
            params["ExpressionAttributeValues"] = values
        expect_error_match(VE, r"Invalid ConditionExpression: Syntax error; ", put, client, table,
                           **params)


def test_empty_expressions(client, table):
    expect_error(VE, "Invalid ConditionExpression: The expression can not be empty;", put, client,
                 table, ConditionExpression="")
    expect_error(VE, "Invalid UpdateExpression: The expression can not be empty;", update, client,
                 table, "")


def test_reserved_words(client, table):
    expect_error(VE, "Invalid UpdateExpression: Attribute name is a reserved keyword; "
                 "reserved keyword: abOrt", update, client, table, " set #c = :c set abOrt = true ",
                 ExpressionAttributeValues={":c": S("a")}, ExpressionAttributeNames={"#c": "c"})
    expect_error(VE, "Invalid UpdateExpression: Attribute name is a reserved keyword; "
                 "reserved keyword: Absolute", update, client, table, " remove Absolute ")
    expect_error_match(VE, r"Invalid ConditionExpression: Attribute name is a reserved keyword; "
                       r"reserved keyword: status", put, client, table,
                       ConditionExpression="status = :v", ExpressionAttributeValues={":v": S("a")})


def test_undefined_names_and_values(client, table):
    expect_error(VE, "Invalid UpdateExpression: An expression attribute value used in expression "
                 "is not defined; attribute value: :v", update, client, table, "SET attr1 = :v")
    expect_error(VE, "Invalid UpdateExpression: An expression attribute name used in the document "
                 "path is not defined; attribute name: #c", update, client, table,
                 "SET #c = :a", ExpressionAttributeValues={":a": S("a")},
                 ExpressionAttributeNames={"#a": "a"})
    expect_error(VE, "Invalid ConditionExpression: An expression attribute value used in "
                 "expression is not defined; attribute value: :v", put, client, table,
                 ConditionExpression="a = :v")
    expect_error(VE, "Invalid ConditionExpression: An expression attribute name used in the "
                 "document path is not defined; attribute name: #x", put, client, table,
                 ConditionExpression="#x = :v", ExpressionAttributeValues={":v": S("x")})


def test_unused_names_and_values(client, table):
    expect_error(VE, "Value provided in ExpressionAttributeNames unused in expressions: "
                 "keys: {#unused}", update, client, table, "SET attr1 = :v",
                 ExpressionAttributeValues={":v": S("val")},
                 ExpressionAttributeNames={"#unused": "someattr"})
    expect_error(VE, "Value provided in ExpressionAttributeValues unused in expressions: "
                 "keys: {:unused}", update, client, table, "SET attr1 = :v",
                 ExpressionAttributeValues={":v": S("val"), ":unused": S("extra")})
    # Values used only in the ConditionExpression count as used.
    update(client, table, "SET attr1 = :v", ConditionExpression="attribute_not_exists(x) OR x = :w",
           ExpressionAttributeValues={":v": S("val"), ":w": S("w")})


def test_names_and_values_without_expressions(client, table):
    expect_error(VE, "ExpressionAttributeValues can only be specified when using expressions: "
                 "ConditionExpression is null", put, client, table,
                 ExpressionAttributeValues={":v": S("unused")})
    expect_error(VE, "ExpressionAttributeNames can only be specified when using expressions",
                 put, client, table, ExpressionAttributeNames={"#n": "n"})
    expect_error(VE, "ExpressionAttributeValues can only be specified when using expressions: "
                 "UpdateExpression and ConditionExpression are null", client.update_item,
                 TableName=table, Key={"id": S("e")}, ExpressionAttributeValues={":v": S("x")})


def test_mixing_legacy_and_expression_parameters(client, table):
    prefix = "Can not use both expression and non-expression parameters in the same request: "
    expect_error(VE, prefix + "Non-expression parameters: {Expected} Expression parameters: "
                 "{ConditionExpression}", put, client, table, Expected={"id": {"Exists": False}},
                 ConditionExpression="attribute_not_exists(id)")
    expect_error(VE, prefix + "Non-expression parameters: {Expected} Expression parameters: "
                 "{ConditionExpression}", client.delete_item, TableName=table,
                 Key={"id": S("e")}, Expected={"id": {"Exists": False}},
                 ConditionExpression="attribute_not_exists(id)")
    expect_error(VE, prefix + "Non-expression parameters: {AttributeUpdates} Expression "
                 "parameters: {UpdateExpression}", update, client, table, "SET attr1 = :v",
                 ExpressionAttributeValues={":v": S("val")},
                 AttributeUpdates={"attr1": {"Value": S("val"), "Action": "PUT"}})
    expect_error(VE, prefix + "Non-expression parameters: {AttributeUpdates, Expected} Expression "
                 "parameters: {UpdateExpression, ConditionExpression}", update, client, table,
                 "SET attr1 = :v", ConditionExpression="attribute_exists(id)",
                 ExpressionAttributeValues={":v": S("val")}, Expected={"id": {"Exists": False}},
                 AttributeUpdates={"attr1": {"Value": S("val"), "Action": "PUT"}})
    # GetItem: only the Code is sourced for this pair.
    expect_error(VE, None, client.get_item, TableName=table, Key={"id": S("e")},
                 AttributesToGet=["a"], ProjectionExpression="a")


def test_redundant_parentheses(client, table):
    for expression in ["((attribute_not_exists(id)))", "((a = :v))"]:
        values = {":v": S("x")} if ":v" in expression else None
        params = {"ConditionExpression": expression}
        if values:
            params["ExpressionAttributeValues"] = values
        expect_error(VE, "Invalid ConditionExpression: The expression has redundant parentheses;",
                     put, client, table, **params)
    # Parentheses that group something are fine.
    put(client, table, ConditionExpression="(attribute_not_exists(id) OR id = :v) AND "
        "(attribute_not_exists(zz))", ExpressionAttributeValues={":v": S("e")})


def test_function_operand_errors(client, table):
    expect_error(VE, "Invalid ConditionExpression: The first operand must be distinct from the "
                 "remaining operands for this operator or function; operator: contains, first "
                 "operand: [data]", put, client, table, ConditionExpression="contains(#a, #a)",
                 ExpressionAttributeNames={"#a": "data"})
    expect_error(VE, "Invalid ConditionExpression: The BETWEEN operator requires same data type for "
                 "lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound "
                 "operand: AttributeValue: {S:a}", put, client, table,
                 ConditionExpression="a between :b and :a",
                 ExpressionAttributeValues={":a": S("a"), ":b": N(1)})
    expect_error(VE, "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be "
                 "greater than or equal to lower bound; lower bound operand: AttributeValue: "
                 "{S:b}, upper bound operand: AttributeValue: {S:a}", put, client, table,
                 ConditionExpression="a between :b and :a",
                 ExpressionAttributeValues={":a": S("a"), ":b": S("b")})
    expect_error_match(VE, r"Invalid ConditionExpression: Invalid attribute type name found; "
                       r"type: X, valid types: ", put, client, table,
                       ConditionExpression="attribute_type(a, :t)",
                       ExpressionAttributeValues={":t": S("X")})
    expect_error_match(VE, r"Invalid ConditionExpression: Incorrect number of operands for "
                       r"operator or function; operator or function: attribute_exists, number of "
                       r"operands: 2", put, client, table, ConditionExpression="attribute_exists(a, b)")
    # Only the Code is sourced for an unknown function in a condition.
    expect_error(VE, None, put, client, table, ConditionExpression="foo(a)")


def test_update_operand_type_errors(client, table):
    values = {":a": S("a"), ":b": N(1), ":c": {"B": b"a"}, ":d": {"BOOL": False},
              ":f": {"SS": ["a"]}, ":i": {"M": {}}, ":j": {"L": []}}
    cases = [
        ("set a = list_append(:a, a)", "list_append", "S"),
        ("set a = list_append(a, :b)", "list_append", "N"),
        ("set a = list_append(:i, a)", "list_append", "M"),
        ("set a = a + :a", "+", "S"),
        ("set a = :c + a", "+", "B"),
        ("set a = a + :d", "+", "BOOL"),
        ("set a = a + :f", "+", "SS"),
        ("set a = a - :j", "-", "L"),
        ("set a = a - :i", "-", "M"),
    ]
    for expression, operator, operand in cases:
        used = {k: v for k, v in values.items() if k in expression}
        expect_error(VE, "Invalid UpdateExpression: Incorrect operand type for operator or "
                     f"function; operator or function: {operator}, operand type: {operand}",
                     update, client, table, expression, ExpressionAttributeValues=used)
    for expression, value, operator, operand in [
        ("add a.b :a", S("a"), "ADD", "STRING"), ("delete a.b :a", S("a"), "DELETE", "STRING"),
        ("add a.b :a", {"BOOL": False}, "ADD", "BOOLEAN"), ("add a.b :a", {"B": b"a"}, "ADD", "BINARY"),
        ("add a.b :a", {"L": [N(1)]}, "ADD", "LIST"), ("delete a.b :a", {"M": {}}, "DELETE", "MAP"),
        ("delete a.b :a", N(1), "DELETE", "NUMBER"),
    ]:
        expect_error(VE, "Invalid UpdateExpression: Incorrect operand type for operator or "
                     f"function; operator: {operator}, operand type: {operand}", update, client,
                     table, expression, ExpressionAttributeValues={":a": value})


def test_update_structure_errors(client, table):
    for expression, section in [("set a = :a set c = :a", "SET"), ("remove d set a = :a remove e", "REMOVE"),
                                ("add d :n set a = :a add e :n", "ADD"),
                                ("delete d :s set a = :a delete e :s", "DELETE")]:
        values = {k: v for k, v in {":a": S("a"), ":n": N(1), ":s": {"SS": ["a"]}}.items()
                  if k in expression}
        expect_error(VE, f'Invalid UpdateExpression: The "{section}" section can only be used once '
                     "in an update expression;", update, client, table, expression,
                     ExpressionAttributeValues=values)
    for expression, one, two in [
        ("set d[1] = :a, d.b = :a, c[1].a = :a, #c = if_not_exists(a, :a)", "[c, [1], a]", "[c]"),
        ("set a = :a remove a", "[a]", "[a]"),
        ("remove c, #c.a", "[c]", "[c, a]"),
    ]:
        extra = {"ExpressionAttributeValues": {":a": S("a")}} if ":a" in expression else {}
        expect_error(VE, "Invalid UpdateExpression: Two document paths overlap with each other; "
                     f"must remove or rewrite one of these paths; path one: {one}, path two: {two}",
                     update, client, table, expression, ExpressionAttributeNames={"#c": "c"},
                     **extra)
    expect_error(VE, "Invalid UpdateExpression: Two document paths conflict with each other; "
                 "must remove or rewrite one of these paths; path one: [a, c], path two: [a, [1]]",
                 update, client, table, "remove a.#c set a[1] = :a",
                 ExpressionAttributeNames={"#c": "c"}, ExpressionAttributeValues={":a": S("a")})
    expect_error_match(VE, r"Invalid UpdateExpression: Incorrect number of operands for operator "
                       r"or function; operator or function: if_not_exists, number of operands: 1",
                       update, client, table, "set a = if_not_exists(c)")
    expect_error(VE, "Invalid UpdateExpression: Operator or function requires a document path; "
                 "operator or function: if_not_exists", update, client, table,
                 "set a = if_not_exists(:a, c)", ExpressionAttributeValues={":a": S("a")})
    expect_error_match(VE, r"Invalid UpdateExpression: Invalid function name; function: ", update,
                       client, table, "set #c = if_not_exist(:c)",
                       ExpressionAttributeNames={"#c": "c"}, ExpressionAttributeValues={":c": S("a")})


def test_expression_size_limit(client, table):
    # 4 KB: 4096 bytes pass, 4097 are refused. Real-user reports give the prefix
    # "Invalid ...Expression: Expression size has exceeded the maximum allowed size".
    # Whitespace pads the text so that the operator count stays far below its own limit.
    head, tail = "attribute_not_exists(a)", " OR a = :v"
    expression = head + " " * (4096 - len(head) - len(tail)) + tail
    assert len(expression) == 4096
    put(client, table, ConditionExpression=expression, ExpressionAttributeValues={":v": S("x")})
    expect_error_match(VE, r"Invalid ConditionExpression: Expression size has exceeded the maximum "
                       r"allowed size", put, client, table, ConditionExpression=expression + " ",
                       ExpressionAttributeValues={":v": S("x")})


def test_in_with_more_than_100_operands(client, table):
    values = {f":v{i}": N(i) for i in range(101)}
    in_list = ", ".join(values)
    # Only the Code is sourced; 100 operands are fine.
    expect_error(VE, None, put, client, table, ConditionExpression=f"a IN ({in_list})",
                 ExpressionAttributeValues=values)
    values.pop(":v100")
    put(client, table, ConditionExpression=f"attribute_not_exists(a) OR a IN ({', '.join(values)})",
        ExpressionAttributeValues=values)
