"""Durability: every acknowledged write survives `kill -9` of the server mid-load, and a table's
stream afterwards holds exactly the changes that were applied."""

import os
import threading
import time

import pytest
from botocore.exceptions import BotoCoreError, ClientError

from conftest import make_client
from conformance_util import Server, free_port, unique_name, wait_active
from streams_util import (assert_sequence_numbers_grow, make_streams_client, wait_records,
                          wait_stream_status)

pytestmark = pytest.mark.skipif(bool(os.environ.get("STATOR_ENDPOINT")),
                                reason="needs a local server binary it can kill")


def write_until_failure(client, table, acknowledged, stop):
    i = 0
    while not stop.is_set():
        key = f"item-{i:07d}"
        try:
            client.put_item(TableName=table, Item={"id": {"S": key}, "n": {"N": str(i)},
                                                   "pad": {"S": "x" * 100}})
        except (ClientError, BotoCoreError):
            return
        acknowledged.append(key)
        i += 1


def test_acknowledged_writes_survive_kill_9(tmp_path):
    data_dir = str(tmp_path / "data")
    server = Server(["--host", "127.0.0.1", "--port", str(free_port()), "--data-dir", data_dir])
    try:
        client = make_client(server.endpoint)
        table = unique_name()
        client.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
        wait_active(client, table)

        acknowledged, stop = [], threading.Event()
        writer = threading.Thread(target=write_until_failure,
                                  args=(client, table, acknowledged, stop))
        writer.start()
        deadline = time.monotonic() + 10
        while len(acknowledged) < 300 and time.monotonic() < deadline:
            time.sleep(0.01)
        server.kill()  # SIGKILL while the writer is mid-request
        stop.set()
        writer.join(timeout=30)
        assert len(acknowledged) > 0, "no write was acknowledged before the kill"
    finally:
        server.kill()

    restarted = Server(["--host", "127.0.0.1", "--port", "0", "--data-dir", data_dir])
    try:
        client = make_client(restarted.endpoint)
        assert wait_active(client, table)["TableName"] == table
        lost = [key for key in acknowledged
                if "Item" not in client.get_item(TableName=table, Key={"id": {"S": key}},
                                                 ConsistentRead=True)]
        assert lost == [], f"{len(lost)} of {len(acknowledged)} acknowledged writes lost"
    finally:
        restarted.stop()


class StreamWriter(threading.Thread):
    """Changes its own keys until the server stops answering. Every write changes its item (put
    of a missing item, update to a new value, delete of a present one), so each applied write
    makes exactly one stream record. Remembers the write it had sent when the server died."""

    def __init__(self, client, table, index, stop):
        super().__init__()
        self.client, self.table, self.stop = client, table, stop
        self.keys = [f"w{index}-k{j}" for j in range(8)]
        self.base = index * 1_000_000
        self.acknowledged = []  # (key, event, old n, new n) in the order they were acknowledged
        self.in_flight = None

    def run(self):
        present = {}
        i = 0
        while not self.stop.is_set():
            key, n = self.keys[i % len(self.keys)], self.base + i
            old = present.get(key)
            if old is None:
                change, call = ("INSERT", None, n), lambda: self.client.put_item(
                    TableName=self.table, Item={"id": {"S": key}, "n": {"N": str(n)}})
            elif i % 5 == 4:
                change, call = ("REMOVE", old, None), lambda: self.client.delete_item(
                    TableName=self.table, Key={"id": {"S": key}})
            else:
                change, call = ("MODIFY", old, n), lambda: self.client.update_item(
                    TableName=self.table, Key={"id": {"S": key}}, UpdateExpression="SET n = :n",
                    ExpressionAttributeValues={":n": {"N": str(n)}})
            self.in_flight = (key, *change)
            try:
                call()
            except (ClientError, BotoCoreError):
                return
            self.in_flight = None
            self.acknowledged.append((key, *change))
            present[key] = change[2]
            i += 1


def stream_changes(pairs):
    """Per item, (event, old n, new n) of each record, in stream order."""
    by_key = {}
    for _, record in pairs:
        data = record["dynamodb"]
        old, new = data.get("OldImage"), data.get("NewImage")
        by_key.setdefault(data["Keys"]["id"]["S"], []).append((
            record["eventName"],
            int(old["n"]["N"]) if old else None,
            int(new["n"]["N"]) if new else None))
    return by_key


def test_stream_matches_applied_writes_after_kill_9(tmp_path):
    data_dir = str(tmp_path / "data")
    server = Server(["--host", "127.0.0.1", "--port", str(free_port()), "--data-dir", data_dir])
    table = unique_name()
    try:
        client = make_client(server.endpoint)
        arn = client.create_table(
            TableName=table, BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )["TableDescription"]["LatestStreamArn"]
        wait_active(client, table)
        wait_stream_status(make_streams_client(server.endpoint), arn, "ENABLED")

        stop = threading.Event()
        writers = [StreamWriter(client, table, index, stop) for index in range(3)]
        for writer in writers:
            writer.start()
        deadline = time.monotonic() + 10
        while (sum(len(w.acknowledged) for w in writers) < 400
               and time.monotonic() < deadline):
            time.sleep(0.01)
        server.kill()  # SIGKILL while the writers are mid-request
        stop.set()
        for writer in writers:
            writer.join(timeout=30)
        assert all(w.acknowledged for w in writers), "a writer got nothing acknowledged"
    finally:
        server.kill()

    restarted = Server(["--host", "127.0.0.1", "--port", "0", "--data-dir", data_dir])
    try:
        client = make_client(restarted.endpoint)
        streams = make_streams_client(restarted.endpoint)
        described = wait_active(client, table)
        assert described["LatestStreamArn"] == arn
        wait_stream_status(streams, arn, "ENABLED")
        acknowledged = sum(len(w.acknowledged) for w in writers)
        pairs = wait_records(streams, arn, acknowledged)
        assert_sequence_numbers_grow(pairs)
        seen = stream_changes(pairs)

        expected, in_flight = {}, {}
        for writer in writers:
            for key, *change in writer.acknowledged:
                expected.setdefault(key, []).append(tuple(change))
            if writer.in_flight:
                key, *change = writer.in_flight
                in_flight[key] = tuple(change)
        assert set(seen) <= set(expected) | set(in_flight), "records for items never written"
        for key in set(expected) | set(in_flight):
            acked, got = expected.get(key, []), seen.get(key, [])
            # Nothing acknowledged is missing, nothing is recorded twice or out of order, and
            # the write in flight at the kill appears at most once, last.
            allowed = [acked] + ([acked + [in_flight[key]]] if key in in_flight else [])
            assert got in allowed, (key, got[-3:], acked[-3:], in_flight.get(key))
            # A record exists exactly when its change was applied: the item is what the last
            # record says it became.
            item = client.get_item(TableName=table, Key={"id": {"S": key}},
                                   ConsistentRead=True).get("Item")
            assert (int(item["n"]["N"]) if item else None) == (got[-1][2] if got else None), key

        # The stream goes on after the restart: the item's next change follows its old ones.
        key = writers[0].keys[0]
        before = seen.get(key, [])
        last = max(int(r["dynamodb"]["SequenceNumber"]) for _, r in pairs
                   if r["dynamodb"]["Keys"]["id"]["S"] == key)
        client.update_item(TableName=table, Key={"id": {"S": key}}, UpdateExpression="SET n = :n",
                           ExpressionAttributeValues={":n": {"N": "-1"}})
        pairs_after = wait_records(streams, arn, len(pairs) + 1)
        assert len(pairs_after) == len(pairs) + 1
        mine = [r for _, r in pairs_after if r["dynamodb"]["Keys"]["id"]["S"] == key]
        was = before[-1][2] if before else None
        assert stream_changes([(None, mine[-1])])[key] == [
            ("MODIFY" if was is not None else "INSERT", was, -1)]
        assert int(mine[-1]["dynamodb"]["SequenceNumber"]) > last
    finally:
        restarted.stop()
