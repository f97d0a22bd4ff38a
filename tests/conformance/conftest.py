"""Fixtures of the conformance suite: one server per session, boto3 clients, throw-away tables.

With STATOR_ENDPOINT set the suite starts nothing and runs against that endpoint (any
DynamoDB-compatible service; credentials then come from the usual AWS environment variables).
Otherwise it starts `build/tools/stator --port 0 --in-memory` (binary overridable with STATOR_BIN)
and reads the port from the server's start-up line.

With STATOR_THROUGH_PROXY=1 the tests go through a caching proxy: that server becomes the
upstream, and a second one, `stator --upstream <it>`, is the endpoint the tests talk to (as an
application talks to DAX in front of DynamoDB). The proxy caches no Query or Scan page
(--dax-query-ttl-ms 0): DAX's query cache is not invalidated by writes, so a test that writes
and then queries would read the page of before its write, which is DAX's documented behaviour
and not what the suite checks. Its item cache keeps DAX's write-through semantics. Tests that
start servers of their own, with flags of the storage server (durability, connection limits,
the virtual clock), keep talking to those directly: such flags configure the upstream, not the
proxy. tools/test's conformance-through-proxy step lists the tests that cannot hold through a
proxy, and why.
"""

import os

import boto3
import pytest
from botocore.config import Config

from conformance_util import (ACCESS_KEY, REGION, SECRET_KEY, Server, start_proxy, unique_name,
                              wait_active, wait_gone)

# The JS scenario's node_modules is not Python; keep collection out of it.
collect_ignore = ["js"]


@pytest.fixture(scope="session")
def endpoint():
    external = os.environ.get("STATOR_ENDPOINT")
    if external:
        yield external.rstrip("/")
        return
    server = Server(["--port", "0", "--in-memory"])
    if os.environ.get("STATOR_THROUGH_PROXY") == "1":
        proxy = start_proxy(server.endpoint, "--dax-query-ttl-ms", "0")
        yield proxy.endpoint
        proxy.stop()
    else:
        yield server.endpoint
    server.stop()


def make_client(endpoint_url):
    return boto3.session.Session().client(
        "dynamodb",
        endpoint_url=endpoint_url,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=30),
    )


@pytest.fixture(scope="session")
def client(endpoint):
    return make_client(endpoint)


class TableFactory:
    """Creates uniquely named tables and deletes them when the test ends."""

    def __init__(self, client):
        self.client = client
        self.names = []

    def create(self, hash_key=("id", "S"), range_key=None, name=None, **extra):
        name = name or unique_name()
        key_schema = [{"AttributeName": hash_key[0], "KeyType": "HASH"}]
        definitions = [{"AttributeName": hash_key[0], "AttributeType": hash_key[1]}]
        if range_key:
            key_schema.append({"AttributeName": range_key[0], "KeyType": "RANGE"})
            definitions.append({"AttributeName": range_key[0], "AttributeType": range_key[1]})
        extra.setdefault("BillingMode", "PAY_PER_REQUEST")
        self.client.create_table(TableName=name, KeySchema=key_schema,
                                 AttributeDefinitions=definitions, **extra)
        self.names.append(name)
        wait_active(self.client, name)
        return name

    def cleanup(self):
        for name in self.names:
            try:
                self.client.delete_table(TableName=name)
                wait_gone(self.client, name)
            except Exception:  # noqa: BLE001 - best effort; a test may have deleted it already
                pass


@pytest.fixture
def tables(client):
    factory = TableFactory(client)
    yield factory
    factory.cleanup()


@pytest.fixture
def table(tables):
    """A PAY_PER_REQUEST table keyed by `id` (S)."""
    return tables.create()


@pytest.fixture
def range_table(tables):
    """A PAY_PER_REQUEST table keyed by `id` (S) and `sk` (N)."""
    return tables.create(range_key=("sk", "N"))
