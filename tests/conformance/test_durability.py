"""Durability: every acknowledged write survives `kill -9` of the server mid-load."""

import os
import threading
import time

import pytest
from botocore.exceptions import BotoCoreError, ClientError

from conftest import make_client
from conformance_util import Server, free_port, unique_name, wait_active

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
