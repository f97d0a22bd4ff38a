"""PartiQL through boto3: ExecuteStatement (every statement form, parameters, paging, index
reads, capacity), BatchExecuteStatement and ExecuteTransaction, and the service's errors for
malformed and unsupported statements."""

from conformance_util import expect_error, unique_name, wait_active

INCOMPLETE_KEY = "Where clause does not contain a mandatory equality on all key attributes"
MALFORMED = "Statement wasn't well formed, can't be processed: "


def run(client, statement, *parameters, **extra):
    if parameters:
        extra["Parameters"] = list(parameters)
    return client.execute_statement(Statement=statement, **extra)


def s(v):
    return {"S": v}


def n(v):
    return {"N": str(v)}


def test_insert_select_update_delete(client, tables):
    t = tables.create()
    run(client, f"INSERT INTO \"{t}\" VALUE {{'id': 'a', 'n': 1, 'tags': <<'x', 'y'>>, "
                f"'doc': {{'k': [1, 'two']}}, 'ok': true, 'nothing': null}}")
    item = client.get_item(TableName=t, Key={"id": s("a")})["Item"]
    assert item["n"] == n(1)
    assert sorted(item["tags"]["SS"]) == ["x", "y"]
    assert item["doc"] == {"M": {"k": {"L": [n(1), s("two")]}}}
    assert item["ok"] == {"BOOL": True} and item["nothing"] == {"NULL": True}

    got = run(client, f'SELECT n, doc.k[1] FROM "{t}" WHERE id = ?', s("a"))
    assert got["Items"] == [{"n": n(1), "k[1]": s("two")}]

    out = run(client, f"UPDATE \"{t}\" SET n = n + 41 SET tags = set_add(tags, <<'z'>>) "
                      f"REMOVE nothing WHERE id = 'a' RETURNING ALL NEW *")
    assert out["Items"][0]["n"] == n(42)
    assert sorted(out["Items"][0]["tags"]["SS"]) == ["x", "y", "z"]
    assert "nothing" not in out["Items"][0]

    out = run(client, f"DELETE FROM \"{t}\" WHERE id = 'a' RETURNING ALL OLD *")
    assert out["Items"][0]["n"] == n(42)
    assert "Item" not in client.get_item(TableName=t, Key={"id": s("a")})
    assert run(client, f"DELETE FROM \"{t}\" WHERE id = 'a'")["Items"] == []


def test_insert_of_existing_key_is_duplicate_item(client, tables):
    t = tables.create()
    run(client, f"INSERT INTO \"{t}\" VALUE {{'id': ?}}", s("a"))
    expect_error("DuplicateItemException", "Duplicate primary key exists in table",
                 run, client, f"INSERT INTO \"{t}\" VALUE {{'id': ?}}", s("a"))


def test_update_conditions_and_missing_item(client, tables):
    t = tables.create()
    run(client, f"INSERT INTO \"{t}\" VALUE {{'id': 'a', 'n': 5}}")
    expect_error("ConditionalCheckFailedException", None, run, client,
                 f"UPDATE \"{t}\" SET n = 6 WHERE id = 'a' AND n > 10")
    expect_error("ConditionalCheckFailedException", None, run, client,
                 f"UPDATE \"{t}\" SET n = 6 WHERE id = 'nobody'")
    run(client, f"UPDATE \"{t}\" SET n = 6 WHERE id = 'a' AND n = 5")
    assert client.get_item(TableName=t, Key={"id": s("a")})["Item"]["n"] == n(6)


def fill(client, t, count):
    for i in range(count):
        run(client, f"INSERT INTO \"{t}\" VALUE {{'pk': 'p', 'sk': ?, 'v': ?, 'g': 'G'}}",
            n(i), n(i * 10))


def test_query_by_key_with_sort_conditions_and_order(client, tables):
    t = tables.create(hash_key=("pk", "S"), range_key=("sk", "N"))
    fill(client, t, 8)
    got = run(client, f"SELECT sk FROM \"{t}\" WHERE pk = 'p' AND sk BETWEEN 2 AND 6 "
                      f"AND v <> 40 ORDER BY sk DESC")
    assert [i["sk"] for i in got["Items"]] == [n(6), n(5), n(3), n(2)]
    got = run(client, f"SELECT * FROM \"{t}\" WHERE pk = 'p' AND sk IN [1, 7, 9]")
    assert sorted(int(i["sk"]["N"]) for i in got["Items"]) == [1, 7]
    got = run(client, f"SELECT * FROM \"{t}\" WHERE pk = 'p' AND begins_with(g, 'G') "
                      f"AND v IS NOT MISSING AND nope IS MISSING AND attribute_type(v, 'N')")
    assert len(got["Items"]) == 8


def test_scan_pages_with_limit_and_next_token(client, tables):
    t = tables.create(hash_key=("pk", "S"), range_key=("sk", "N"))
    fill(client, t, 7)
    seen, token, pages = [], None, 0
    while True:
        extra = {"Limit": 3}
        if token:
            extra["NextToken"] = token
        page = run(client, f"SELECT * FROM \"{t}\" WHERE v >= 20", **extra)
        seen += page["Items"]
        pages += 1
        token = page.get("NextToken")
        if not token:
            break
    assert pages == 3
    assert sorted(int(i["sk"]["N"]) for i in seen) == [2, 3, 4, 5, 6]


def test_query_pages_with_next_token(client, tables):
    t = tables.create(hash_key=("pk", "S"), range_key=("sk", "N"))
    fill(client, t, 5)
    statement = f"SELECT sk FROM \"{t}\" WHERE pk = ? ORDER BY sk DESC"
    first = run(client, statement, s("p"), Limit=2)
    assert first["Items"] == [{"sk": n(4)}, {"sk": n(3)}]
    rest = run(client, statement, s("p"), NextToken=first["NextToken"])
    assert rest["Items"] == [{"sk": n(2)}, {"sk": n(1)}, {"sk": n(0)}]
    assert "NextToken" not in rest
    expect_error("ValidationException", "Invalid NextToken",
                 run, client, statement, s("p"), NextToken="bm90IGEgdG9rZW4=")


def test_index_read(client, tables):
    t = unique_name()
    client.create_table(
        TableName=t, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"},
                              {"AttributeName": "color", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "byColor",
                                 "KeySchema": [{"AttributeName": "color", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}}])
    tables.names.append(t)
    wait_active(client, t)
    for i, color in enumerate(["red", "blue", "red"]):
        run(client, f"INSERT INTO \"{t}\" VALUE {{'id': ?, 'color': ?}}", s(str(i)), s(color))
    got = run(client, f"SELECT id FROM \"{t}\".\"byColor\" WHERE color = 'red'")
    assert sorted(i["id"]["S"] for i in got["Items"]) == ["0", "2"]


def test_consumed_capacity(client, tables):
    t = tables.create()
    out = run(client, f"INSERT INTO \"{t}\" VALUE {{'id': 'a'}}", ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"] == {"TableName": t, "CapacityUnits": 1.0}
    out = run(client, f"SELECT * FROM \"{t}\" WHERE id = 'a'", ReturnConsumedCapacity="TOTAL",
              ConsistentRead=True)
    assert out["ConsumedCapacity"] == {"TableName": t, "CapacityUnits": 1.0}


def test_malformed_and_unsupported_statements(client, tables):
    t = tables.create(hash_key=("pk", "S"), range_key=("sk", "N"))
    expect_error("ValidationException", MALFORMED + "Expected data manipulation",
                 run, client, f"CREATE TABLE \"{t}\"")
    expect_error("ValidationException", None, run, client, f"SELECT * FROM \"{t}\" WHERE pad = 1")
    expect_error("ValidationException", "Unsupported clause: LIMIT",
                 run, client, f"SELECT * FROM \"{t}\" LIMIT 1")
    expect_error("ValidationException", INCOMPLETE_KEY,
                 run, client, f"UPDATE \"{t}\" SET v = 1 WHERE pk = 'p'")
    expect_error("ValidationException", INCOMPLETE_KEY,
                 run, client, f"DELETE FROM \"{t}\" WHERE sk = 1")
    expect_error("ValidationException",
                 "Number of parameters in request and statement don't match.",
                 run, client, f"SELECT * FROM \"{t}\" WHERE pk = ? AND sk = ?", s("p"))
    expect_error("ValidationException",
                 "EXISTS can only be used in ExecuteTransaction write requests.",
                 run, client, f"EXISTS(SELECT * FROM \"{t}\" WHERE pk = 'p' AND sk = 1 AND v = 1)")
    expect_error("ResourceNotFoundException", None, run, client, "SELECT * FROM \"NoSuchTable\"")


def test_batch_execute_statement(client, tables):
    t = tables.create()
    out = client.batch_execute_statement(Statements=[
        {"Statement": f"INSERT INTO \"{t}\" VALUE {{'id': 'a', 'n': 1}}"},
        {"Statement": f"INSERT INTO \"{t}\" VALUE {{'id': 'a'}}"},
        {"Statement": f"UPDATE \"{t}\" SET n = 2 WHERE id = 'missing'"},
        {"Statement": f"INSERT INTO \"{t}\" VALUE {{'id': ?}}", "Parameters": [s("b")]},
    ])
    responses = out["Responses"]
    assert responses[0] == {"TableName": t}
    assert responses[1]["Error"] == {"Code": "DuplicateItem",
                                     "Message": "Duplicate primary key exists in table"}
    assert responses[2]["Error"]["Code"] == "ConditionalCheckFailed"
    assert responses[3] == {"TableName": t}

    out = client.batch_execute_statement(Statements=[
        {"Statement": f"SELECT * FROM \"{t}\" WHERE id = ?", "Parameters": [s("a")]},
        {"Statement": f"SELECT * FROM \"{t}\" WHERE id = 'zzz'"},
        {"Statement": f"SELECT * FROM \"{t}\" WHERE n = 1"},
    ], ReturnConsumedCapacity="TOTAL")
    responses = out["Responses"]
    assert responses[0]["Item"] == {"id": s("a"), "n": n(1)}
    assert responses[1] == {"TableName": t}
    assert responses[2]["Error"]["Code"] == "ValidationError"
    assert out["ConsumedCapacity"][0]["TableName"] == t


def test_transaction_commits_and_cancels(client, tables):
    t = tables.create()
    run(client, f"INSERT INTO \"{t}\" VALUE {{'id': 'taken', 'n': 1}}")
    response = expect_error("TransactionCanceledException", None,
                            client.execute_transaction, TransactStatements=[
                                {"Statement": f"INSERT INTO \"{t}\" VALUE {{'id': 'new'}}"},
                                {"Statement": f"UPDATE \"{t}\" SET n = 2 WHERE id = 'taken' "
                                              f"AND n = 5"},
                            ])
    codes = [r["Code"] for r in response["CancellationReasons"]]
    assert codes == ["None", "ConditionalCheckFailed"]
    assert "Item" not in client.get_item(TableName=t, Key={"id": s("new")})

    client.execute_transaction(ClientRequestToken="token-1", TransactStatements=[
        {"Statement": f"INSERT INTO \"{t}\" VALUE {{'id': ?}}", "Parameters": [s("new")]},
        {"Statement": f"EXISTS(SELECT * FROM \"{t}\" WHERE id = 'taken' AND n = 1)"},
    ])
    out = client.execute_transaction(TransactStatements=[
        {"Statement": f"SELECT * FROM \"{t}\" WHERE id = 'new'"},
        {"Statement": f"SELECT n FROM \"{t}\" WHERE id = 'taken'"},
        {"Statement": f"SELECT * FROM \"{t}\" WHERE id = 'none'"},
    ])
    assert out["Responses"] == [{"Item": {"id": s("new")}}, {"Item": {"n": n(1)}}, {}]

    expect_error("ValidationException",
                 "ExecuteTransaction API does not support both read and write operations in "
                 "the same request.", client.execute_transaction, TransactStatements=[
                     {"Statement": f"SELECT * FROM \"{t}\" WHERE id = 'new'"},
                     {"Statement": f"DELETE FROM \"{t}\" WHERE id = 'new'"},
                 ])
