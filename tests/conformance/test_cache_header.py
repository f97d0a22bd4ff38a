"""The x-stator-cache response header: on each GetItem, BatchGetItem, Query, Scan and PartiQL
SELECT a cache saw, `hit` when the cache answered it and `miss` when the database behind it did, so a load
generator can time the two apart. Checked on the three servers that have a cache: the default
(coherent), --cache-mode dax, and the caching proxy (--upstream, DAX mode in front of another
Stator); a server without a cache, and every write, say nothing.

A Stator extension: against another endpoint (STATOR_ENDPOINT) these tests are skipped."""

import os

import pytest

from conformance_util import ACCESS_KEY, SECRET_KEY, Server, unique_name, wait_active
from conftest import make_client

pytestmark = pytest.mark.skipif(bool(os.environ.get("STATOR_ENDPOINT")),
                                reason="x-stator-cache is Stator's own header")

HEADER = "x-stator-cache"


@pytest.fixture(scope="module")
def upstream():
    server = Server(["--port", "0", "--in-memory"])
    yield server
    server.stop()


@pytest.fixture(scope="module", params=["coherent", "dax", "proxy"])
def cached(request, upstream):
    """(mode, boto3 client) of a server with a cache in front of its database."""
    if request.param == "proxy":
        # The proxy signs its upstream requests with the credentials of its environment.
        saved = {k: os.environ.get(k) for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
        os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"] = ACCESS_KEY, SECRET_KEY
        try:
            server = Server(["--port", "0", "--upstream", upstream.endpoint])
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
    else:
        server = Server(["--port", "0", "--in-memory", "--cache-mode", request.param])
    yield request.param, make_client(server.endpoint)
    server.stop()


def said(response):
    return response["ResponseMetadata"]["HTTPHeaders"].get(HEADER)


def make_table(client, range_key=False):
    name = unique_name()
    schema = [{"AttributeName": "id", "KeyType": "HASH"}]
    definitions = [{"AttributeName": "id", "AttributeType": "S"}]
    if range_key:
        schema.append({"AttributeName": "sk", "KeyType": "RANGE"})
        definitions.append({"AttributeName": "sk", "AttributeType": "N"})
    client.create_table(TableName=name, KeySchema=schema, AttributeDefinitions=definitions,
                        BillingMode="PAY_PER_REQUEST")
    wait_active(client, name)
    return name


def key(k):
    return {"id": {"S": k}}


def test_a_second_get_item_is_a_hit(cached):
    _, client = cached
    table = make_table(client)
    put = client.put_item(TableName=table, Item={"id": {"S": "a"}, "v": {"N": "1"}})
    assert said(put) is None  # writes say nothing
    first = client.get_item(TableName=table, Key=key("a"))
    second = client.get_item(TableName=table, Key=key("a"))
    assert (said(first), said(second)) == ("miss", "hit")
    assert first["Item"] == second["Item"] == {"id": {"S": "a"}, "v": {"N": "1"}}
    # An absent item is cached as well.
    assert said(client.get_item(TableName=table, Key=key("none"))) == "miss"
    assert said(client.get_item(TableName=table, Key=key("none"))) == "hit"


def test_a_consistent_read_hits_only_a_coherent_cache(cached):
    mode, client = cached
    table = make_table(client)
    client.put_item(TableName=table, Item={"id": {"S": "a"}})
    client.get_item(TableName=table, Key=key("a"))  # now cached
    consistent = client.get_item(TableName=table, Key=key("a"), ConsistentRead=True)
    # DAX passes strongly consistent reads through to the database behind it.
    assert said(consistent) == ("hit" if mode == "coherent" else "miss")


def test_batch_get_item_hits_when_every_key_does(cached):
    _, client = cached
    table = make_table(client)
    for k in ("a", "b"):
        client.put_item(TableName=table, Item={"id": {"S": k}})
    client.get_item(TableName=table, Key=key("a"))
    request = {table: {"Keys": [key("a"), key("b")]}}
    assert said(client.batch_get_item(RequestItems=request)) == "miss"  # b was not cached
    again = client.batch_get_item(RequestItems=request)
    assert said(again) == "hit"
    assert sorted(i["id"]["S"] for i in again["Responses"][table]) == ["a", "b"]


def test_query_and_scan_pages_miss_then_hit(cached):
    _, client = cached
    table = make_table(client, range_key=True)
    client.put_item(TableName=table, Item={"id": {"S": "p"}, "sk": {"N": "1"}})
    query = {"TableName": table, "KeyConditionExpression": "id = :p",
             "ExpressionAttributeValues": {":p": {"S": "p"}}}
    assert [said(client.query(**query)) for _ in range(2)] == ["miss", "hit"]
    assert [said(client.scan(TableName=table)) for _ in range(2)] == ["miss", "hit"]


def test_a_partiql_select_says_what_its_reads_said(cached):
    _, client = cached
    table = make_table(client)
    for k in ("a", "b"):
        client.put_item(TableName=table, Item={"id": {"S": k}, "v": {"N": "1"}})
    one = f"SELECT * FROM \"{table}\" WHERE id = 'a'"
    first, second = (client.execute_statement(Statement=one) for _ in range(2))
    assert (said(first), said(second)) == ("miss", "hit")
    assert second["Items"] == [{"id": {"S": "a"}, "v": {"N": "1"}}]
    # Two keys: a hit only when both reads are; b has not been read yet.
    both = f"SELECT * FROM \"{table}\" WHERE id IN ['a', 'b']"
    assert [said(client.execute_statement(Statement=both)) for _ in range(2)] == ["miss", "hit"]
    # A statement that writes says nothing.
    update = f"UPDATE \"{table}\" SET v = 2 WHERE id = 'a'"
    assert said(client.execute_statement(Statement=update)) is None


def test_an_error_says_nothing(cached):
    _, client = cached
    with pytest.raises(client.exceptions.ResourceNotFoundException) as raised:
        client.get_item(TableName=unique_name(), Key=key("a"))
    assert said(raised.value.response) is None


def test_a_server_without_a_cache_says_nothing():
    server = Server(["--port", "0", "--in-memory", "--cache-size", "0"])
    try:
        client = make_client(server.endpoint)
        table = make_table(client)
        client.put_item(TableName=table, Item={"id": {"S": "a"}})
        for _ in range(2):
            assert said(client.get_item(TableName=table, Key=key("a"))) is None
    finally:
        server.stop()
