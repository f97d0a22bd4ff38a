"""The torture run's checks can fail: each is shown a server state that breaks its rule (a lost
acknowledged write, a half-applied transaction, a missing stream record, an index that
disagrees with its table, a transaction applied a second time, a record the stream consumer
never got) and must report it. Runs against an in-memory server."""

import json
import os
import urllib.request

import pytest

from checker import check_and_settle, read_table
from consumer_check import Consumer, check_consumer
from conformance_helpers import (Server, make_client, make_streams_client, unique_name,
                                 wait_active)
from idempotency import replay_acknowledged
from index_check import check_indexes
from oracle import Oracle, canonical
from stream_check import check_stream
from table_shape import create_table, key_attributes
from workload import Operation

pytestmark = pytest.mark.skipif(bool(os.environ.get("STATOR_ENDPOINT")),
                                reason="starts a local server binary")

KEY_A, KEY_B = ("a", 1), ("b", 1)


@pytest.fixture(scope="module")
def server():
    process = Server(["--host", "127.0.0.1", "--port", "0", "--in-memory"])
    yield process
    process.stop()


@pytest.fixture
def table(server):
    client = make_client(server.endpoint)
    name = unique_name("torture_check")
    arn = create_table(client, name)
    wait_active(client, name)
    return client, name, arn


def image(key, number):
    return {**key_attributes(key), "w": {"N": str(number)}, "tx": {"S": f"op-{number}"},
            "g": {"S": "g1"}, "l": {"N": "1"}}


def put(table, key, number):
    return Operation("PutItem", {"TableName": table, "Item": image(key, number)},
                     {key: (None, image(key, number))}, True)


def test_a_lost_acknowledged_write_is_reported(table):
    client, name, _ = table
    oracle = Oracle()
    oracle.begin(0, put(name, KEY_A, 1))
    oracle.acknowledge(0, put(name, KEY_A, 1), [KEY_A])  # acknowledged, never stored
    violations = []
    check_and_settle(client, name, oracle, violations)
    assert len(violations) == 1 and str(KEY_A) in violations[0]


def test_a_half_applied_transaction_is_reported(table):
    client, name, _ = table
    client.put_item(TableName=name, Item=image(KEY_A, 2))  # one of its two writes only
    transaction = Operation("TransactWriteItems", {}, {KEY_A: (None, image(KEY_A, 2)),
                                                       KEY_B: (None, image(KEY_B, 2))}, True)
    oracle = Oracle()
    oracle.begin(0, transaction)  # in flight at the kill
    violations = []
    check_and_settle(client, name, oracle, violations)
    assert len(violations) == 1 and "half-applied" in violations[0]


def test_an_in_flight_write_may_have_taken_effect(table):
    client, name, _ = table
    client.put_item(TableName=name, Item=image(KEY_A, 3))
    oracle = Oracle()
    oracle.begin(0, put(name, KEY_A, 3))
    violations = []
    settled = check_and_settle(client, name, oracle, violations)
    assert violations == []
    assert settled[0][1] == [KEY_A] and oracle.image(KEY_A) == image(KEY_A, 3)


def test_a_missing_stream_record_is_reported(server, table):
    client, name, arn = table
    client.put_item(TableName=name, Item=image(KEY_A, 4))
    history = {KEY_A: [(None, canonical(image(KEY_A, 4)))],
               KEY_B: [(None, canonical(image(KEY_B, 4)))]}
    violations = []
    assert len(check_stream(make_streams_client(server.endpoint), arn, history,
                            violations)) == 1
    assert len(violations) == 1 and str(KEY_B) in violations[0]


def test_an_index_that_disagrees_with_its_table_is_reported(table):
    client, name, _ = table
    client.put_item(TableName=name, Item=image(KEY_A, 5))
    items = list(read_table(client, name).values())
    violations = []
    check_indexes(client, name, items, violations)
    assert violations == []
    check_indexes(client, name, items + [image(KEY_B, 5)], violations)
    assert len(violations) == 2  # an entry missing from the GSI and one from the LSI


def test_a_transaction_applied_twice_is_reported(table):
    client, name, _ = table
    client.put_item(TableName=name, Item=image(KEY_A, 6))
    # The oracle believes this transaction was acknowledged, but the server never saw its
    # token: sent again, it runs anew, and its condition on the write number it replaced fails,
    # as a second application of an acknowledged transaction would.
    after = image(KEY_A, 7)
    put = {"TableName": name, "Item": after, "ConditionExpression": "w = :w",
           "ExpressionAttributeValues": {":w": {"N": "5"}}}
    transaction = Operation("TransactWriteItems", {"TransactItems": [{"Put": put}],
                                                   "ClientRequestToken": "never-sent"},
                            {KEY_A: (image(KEY_A, 5), after)}, True, token="never-sent")
    oracle = Oracle()
    oracle.begin(0, transaction)
    oracle.acknowledge(0, transaction, [KEY_A])
    violations = []
    assert replay_acknowledged(client, name, oracle, violations) == 0
    assert len(violations) == 1 and "refused" in violations[0]


def deliver(consumer, *records):
    """POSTs an event of (sequence number, key) records as the server would."""
    event = {"Records": [{"dynamodb": {"SequenceNumber": str(number),
                                       "Keys": key_attributes(key)}} for number, key in records]}
    request = urllib.request.Request(consumer.url, data=json.dumps(event).encode(),
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).read()


def test_a_record_the_consumer_never_got_or_got_out_of_order_is_reported():
    consumer = Consumer()
    try:
        changes = [("shard", number, KEY_A) for number in (1, 2, 3)]
        deliver(consumer, (1, KEY_A), (3, KEY_A), (1, KEY_A))  # 1 again: allowed after a kill
        violations = []
        assert check_consumer(consumer, changes, violations, quiet_seconds=0.5) == 3
        assert len(violations) == 1 and "never handed 1 of 3" in violations[0]
        deliver(consumer, (2, KEY_A))
        violations = []
        check_consumer(consumer, changes, violations, quiet_seconds=0.5)
        assert len(violations) == 1 and "after 3" in violations[0]
    finally:
        consumer.close()
