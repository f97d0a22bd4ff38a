"""A full disk: writes fail with the service's InternalServerError and a message that names no
file, reads keep working, the health check says the server cannot write, writes resume once space
is freed, and a restart needs no more free space than a few pages even when the write-ahead log
holds more than that.

The disk is a small tmpfs mounted for the test (root only), with a filler file of our own on it
to free space on cue (deleting it frees more than the writes that filled the disk, which the
recovery's flush needs)."""

import base64
import http.client
import os
import subprocess
import time

import pytest
from botocore.exceptions import ClientError

from conftest import make_client
from conformance_util import Server, connection, unique_name, wait_active

pytestmark = pytest.mark.skipif(bool(os.environ.get("STATOR_ENDPOINT")),
                                reason="needs a local server binary and a disk it can fill")

DISK_BYTES = 8 << 20
# More than the items that fit beside it: resuming flushes the unflushed writes into table
# files, which needs about as much free space as they take in the log.
FILLER_BYTES = 5 << 20
ITEM_PAD_BYTES = 8 << 10


@pytest.fixture
def small_disk(tmp_path):
    """A DISK_BYTES tmpfs, unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs to fill needs root")
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES}", "tmpfs",
                              str(mount_point)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


def write_file(path, size):
    with open(path, "wb") as f:
        f.write(b"\0" * size)


def start_server(data_dir):
    return Server(["--host", "127.0.0.1", "--port", "0", "--data-dir", str(data_dir)])


def create_table(client):
    table = unique_name()
    client.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
    wait_active(client, table)
    return table


def put(client, table, key):
    # Random bytes, so nothing on the way to the disk can compress them away.
    pad = base64.b64encode(os.urandom(ITEM_PAD_BYTES * 3 // 4)).decode()
    client.put_item(TableName=table, Item={"id": {"S": key}, "pad": {"S": pad}})


def fill_until_write_fails(client, table, acknowledged, limit=4000):
    """Puts items until one fails; returns that failure."""
    for i in range(limit):
        key = f"item-{i:05d}"
        try:
            put(client, table, key)
        except ClientError as e:
            return e
        acknowledged.append(key)
    pytest.fail(f"{limit} items of {ITEM_PAD_BYTES} bytes fit on a {DISK_BYTES}-byte disk")


def health(endpoint):
    conn = connection(endpoint)
    try:
        conn.request("GET", "/")
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def assert_clean_internal_error(error, data_dir):
    response = error.response
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 500, response
    assert response["Error"]["Code"] == "InternalServerError", response
    message = response["Error"]["Message"]
    assert message == "Internal server error", message
    assert "/" not in message and str(data_dir) not in message, message


def readable(client, table, key):
    item = client.get_item(TableName=table, Key={"id": {"S": key}}, ConsistentRead=True)
    return "Item" in item


def test_writes_fail_cleanly_then_resume_once_space_returns(small_disk):
    data_dir = small_disk / "data"
    filler = small_disk / "filler"
    write_file(filler, FILLER_BYTES)
    server = start_server(data_dir)
    try:
        client = make_client(server.endpoint)
        table = create_table(client)
        assert health(server.endpoint)[0] == 200

        acknowledged = []
        first_failure = fill_until_write_fails(client, table, acknowledged)
        assert acknowledged, "the disk was full before the first write"
        assert_clean_internal_error(first_failure, data_dir)
        # Again: the store refuses writes from now on without the process dying.
        with pytest.raises(ClientError) as again:
            put(client, table, "one-more")
        assert_clean_internal_error(again.value, data_dir)
        assert server.proc.poll() is None, "the server died on a full disk"

        assert readable(client, table, acknowledged[0])
        assert readable(client, table, acknowledged[-1])
        status, body = health(server.endpoint)
        assert status == 503, body
        assert "cannot write" in body and "disk is full" in body, body

        filler.unlink()
        deadline = time.monotonic() + 30
        while True:
            try:
                put(client, table, "after-space-returned")
                break
            except ClientError as e:
                assert_clean_internal_error(e, data_dir)
                assert time.monotonic() < deadline, "writes did not resume within 30 s"
                time.sleep(0.2)
        assert readable(client, table, "after-space-returned")
        assert all(readable(client, table, key) for key in acknowledged)
        status, body = health(server.endpoint)
        assert status == 200 and body.startswith("healthy"), body
    finally:
        server.kill()


def wal_bytes(data_dir):
    return sum(os.path.getsize(data_dir / name) for name in os.listdir(data_dir)
               if name.endswith(".log"))


def test_restart_needs_less_free_space_than_the_write_ahead_log(small_disk):
    data_dir = small_disk / "data"
    server = start_server(data_dir)
    acknowledged = []
    try:
        client = make_client(server.endpoint)
        table = create_table(client)
        for i in range(200):  # about 1.6 MB, all of it in the log and the memtable
            key = f"item-{i:05d}"
            put(client, table, key)
            acknowledged.append(key)
    finally:
        server.kill()

    # Leave less free space than the log holds: flushing the log into table files at start-up
    # would need about as much again.
    free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
    leave = 256 << 10
    write_file(small_disk / "filler", free - leave)
    free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
    assert free < wal_bytes(data_dir), (free, wal_bytes(data_dir))

    restarted = start_server(data_dir)
    try:
        client = make_client(restarted.endpoint)
        lost = [key for key in acknowledged if not readable(client, table, key)]
        assert lost == [], f"{len(lost)} of {len(acknowledged)} acknowledged writes lost"
        client.put_item(TableName=table, Item={"id": {"S": "small"}})
        assert readable(client, table, "small")
    finally:
        restarted.kill()
