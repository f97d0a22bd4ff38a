"""The DAX-mode cache of a caching proxy (`stator --upstream URL`), as DAX documents it: a GetItem
after any write through the proxy sees that write (the item cache is written through: puts,
updates whatever their ReturnValues, deletions, batches, transactions); the query cache is not
invalidated by writes and serves its page until its TTL ends; --dax-query-ttl-ms 0 caches no
page ("the query response will not be cached"); --dax-item-ttl-ms 0 keeps an item until it is
evicted or written through, however the upstream changes meanwhile.

Each test starts its own upstream and proxy, so it needs the local binary.
"""

import os

import boto3
import pytest

from conformance_util import start_proxy
from conftest import TableFactory, make_client
from streams_util import server_with

pytestmark = pytest.mark.skipif(bool(os.environ.get("STATOR_ENDPOINT")),
                                reason="starts its own upstream and proxy")


@pytest.fixture
def upstream():
    with server_with() as url:
        yield url


def proxy(upstream, *flags):
    return start_proxy(upstream, *flags)


@pytest.fixture
def through(upstream):
    """(a client of a proxy with DAX's default TTLs, a client of the upstream itself, a table
    keyed by `id` (S) and `sk` (N) created through the proxy)."""
    server = proxy(upstream)
    client = make_client(server.endpoint)
    tables = TableFactory(client)
    try:
        yield client, make_client(upstream), tables.create(range_key=("sk", "N"))
    finally:
        tables.cleanup()
        server.stop()


def key(sk=1):
    return {"id": {"S": "a"}, "sk": {"N": str(sk)}}


def value_of(client, table, sk=1):
    item = client.get_item(TableName=table, Key=key(sk)).get("Item")
    return item["v"]["S"] if item else None


def query_values(client, table):
    items = client.query(TableName=table, KeyConditionExpression="id = :a",
                         ExpressionAttributeValues={":a": {"S": "a"}})["Items"]
    return [i["v"]["S"] for i in items]


def test_every_write_through_the_proxy_reaches_its_item_cache(through):
    client, _, table = through
    client.put_item(TableName=table, Item={**key(), "v": {"S": "put"}})
    assert value_of(client, table) == "put"  # now cached

    for return_values in ("NONE", "ALL_NEW", "UPDATED_OLD", "ALL_OLD", "UPDATED_NEW"):
        client.update_item(TableName=table, Key=key(), UpdateExpression="SET v = :v",
                           ExpressionAttributeValues={":v": {"S": return_values}},
                           ReturnValues=return_values)
        assert value_of(client, table) == return_values

    client.delete_item(TableName=table, Key=key())
    assert value_of(client, table) is None

    client.batch_write_item(RequestItems={table: [
        {"PutRequest": {"Item": {**key(), "v": {"S": "batch"}}}},
        {"PutRequest": {"Item": {**key(2), "v": {"S": "two"}}}}]})
    assert value_of(client, table) == "batch"
    assert value_of(client, table, 2) == "two"
    client.batch_write_item(RequestItems={table: [{"DeleteRequest": {"Key": key(2)}}]})
    assert value_of(client, table, 2) is None

    client.transact_write_items(TransactItems=[
        {"Update": {"TableName": table, "Key": key(), "UpdateExpression": "SET v = :v",
                    "ExpressionAttributeValues": {":v": {"S": "transact-update"}}}},
        {"Put": {"TableName": table, "Item": {**key(2), "v": {"S": "transact-put"}}}}])
    assert value_of(client, table) == "transact-update"
    assert value_of(client, table, 2) == "transact-put"
    client.transact_write_items(TransactItems=[
        {"Delete": {"TableName": table, "Key": key(2)}}])
    assert value_of(client, table, 2) is None
    # Both halves of BatchGetItem agree too.
    got = client.batch_get_item(RequestItems={table: {"Keys": [key(), key(2)]}})
    assert [i["v"]["S"] for i in got["Responses"][table]] == ["transact-update"]


def test_the_query_cache_keeps_its_page_until_its_ttl(through):
    client, _, table = through
    client.put_item(TableName=table, Item={**key(), "v": {"S": "first"}})
    assert query_values(client, table) == ["first"]
    client.put_item(TableName=table, Item={**key(2), "v": {"S": "second"}})
    # DAX's query cache is not invalidated by writes, its own included.
    assert query_values(client, table) == ["first"]
    # A strongly consistent Query passes through.
    items = client.query(TableName=table, KeyConditionExpression="id = :a", ConsistentRead=True,
                         ExpressionAttributeValues={":a": {"S": "a"}})["Items"]
    assert [i["v"]["S"] for i in items] == ["first", "second"]


def test_a_query_ttl_of_0_caches_no_page(upstream):
    server = proxy(upstream, "--dax-query-ttl-ms", "0")
    client = make_client(server.endpoint)
    tables = TableFactory(client)
    try:
        table = tables.create(range_key=("sk", "N"))
        client.put_item(TableName=table, Item={**key(), "v": {"S": "first"}})
        assert query_values(client, table) == ["first"]
        client.put_item(TableName=table, Item={**key(2), "v": {"S": "second"}})
        assert query_values(client, table) == ["first", "second"]
        scanned = client.scan(TableName=table)["Items"]
        assert sorted(i["v"]["S"] for i in scanned) == ["first", "second"]
    finally:
        tables.cleanup()
        server.stop()


def test_an_item_ttl_of_0_keeps_items_until_written_through(upstream):
    server = proxy(upstream, "--dax-item-ttl-ms", "0")
    client = make_client(server.endpoint)
    direct = make_client(upstream)
    tables = TableFactory(client)
    try:
        table = tables.create(range_key=("sk", "N"))
        client.put_item(TableName=table, Item={**key(), "v": {"S": "mine"}})
        assert value_of(client, table) == "mine"
        # Another client's write goes past the proxy: its cached item stays as it was.
        direct.put_item(TableName=table, Item={**key(), "v": {"S": "theirs"}})
        assert value_of(client, table) == "mine"
        assert value_of(direct, table) == "theirs"
        client.put_item(TableName=table, Item={**key(), "v": {"S": "mine again"}})
        assert value_of(client, table) == "mine again"
    finally:
        tables.cleanup()
        server.stop()


def test_clients_with_other_credentials_share_the_proxys_cache(through):
    """The upstream sees every request signed with the proxy's credentials, so all the proxy's
    clients share one namespace there; its cache must be one namespace too, or one client's write
    would leave another's cached copy stale."""
    client, _, table = through
    other = boto3.session.Session().client(
        "dynamodb", endpoint_url=client.meta.endpoint_url, region_name="eu-west-1",
        aws_access_key_id="AKIAANOTHERCLIENT000", aws_secret_access_key="another-secret")
    client.put_item(TableName=table, Item={**key(), "v": {"S": "first"}})
    assert value_of(other, table) == "first"  # cached for both
    other.put_item(TableName=table, Item={**key(), "v": {"S": "second"}})
    assert value_of(client, table) == "second"
    assert table in other.list_tables()["TableNames"]


def test_the_ttl_flags_refuse_negative_values(upstream):
    with pytest.raises(RuntimeError):
        proxy(upstream, "--dax-query-ttl-ms=-1")
    with pytest.raises(RuntimeError):
        proxy(upstream, "--upstream-max-attempts", "0")
