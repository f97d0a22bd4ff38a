"""On-demand backups through boto3: CreateBackup, DescribeBackup, ListBackups, DeleteBackup and
RestoreTableFromBackup, their shapes and errors, a restore read back item by item and through a
GSI, and backups and restores interrupted by `kill -9`.

The messages of the backup errors are those other DynamoDB implementations record of the
service (moto's dynamodb exceptions); the `__type`s are the DynamoDB API reference's.
"""

import os
import re
import threading
import time

import pytest
from botocore.exceptions import BotoCoreError, ClientError

from conftest import make_client
from conformance_util import (Server, expect_error, expect_raw_error, free_port, signed_request,
                              unique_name, wait_active, wait_gone)

ARN_PATTERN = re.compile(r"^arn:aws:dynamodb:[^:]+:\d+:table/(.+)/backup/(\d{13})-([0-9a-f]{8})$")


def create_indexed(client, tables):
    name = unique_name()
    client.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                   {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "N"},
                              {"AttributeName": "g", "AttributeType": "S"},
                              {"AttributeName": "l", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "byGroup",
                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}}],
        LocalSecondaryIndexes=[{"IndexName": "byLocal",
                                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                              {"AttributeName": "l", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "KEYS_ONLY"}}])
    tables.names.append(name)
    wait_active(client, name)
    return name


def item(i, version="v1"):
    out = {"pk": {"S": f"p{i % 13}"}, "sk": {"N": str(i)}, "v": {"S": f"{version}-{i}"},
           "pad": {"S": "x" * (20 + i % 50)}}
    if i % 3:
        out["g"] = {"S": f"g{i % 4}"}
    if i % 2:
        out["l"] = {"S": f"l{i}"}
    return out


def fill(client, table, count, version="v1"):
    for start in range(0, count, 25):
        requests = [{"PutRequest": {"Item": item(i, version)}}
                    for i in range(start, min(count, start + 25))]
        client.batch_write_item(RequestItems={table: requests})


def scan_all(client, table, **extra):
    items, kwargs = {}, dict(TableName=table, **extra)
    while True:
        page = client.scan(**kwargs)
        for it in page["Items"]:
            items[(it["pk"]["S"], it["sk"]["N"])] = it
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def query_group(client, table, group):
    keys, kwargs = set(), dict(TableName=table, IndexName="byGroup",
                               KeyConditionExpression="g = :g",
                               ExpressionAttributeValues={":g": {"S": group}})
    while True:
        page = client.query(**kwargs)
        keys.update((it["pk"]["S"], it["sk"]["N"]) for it in page["Items"])
        if "LastEvaluatedKey" not in page:
            return keys
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def restore(client, tables, arn, **extra):
    target = unique_name("stator_restored")
    response = client.restore_table_from_backup(TargetTableName=target, BackupArn=arn, **extra)
    tables.names.append(target)
    return target, response["TableDescription"]


def test_backup_shapes_and_lifecycle(client, tables):
    table = create_indexed(client, tables)
    fill(client, table, 40)
    details = client.create_backup(TableName=table, BackupName="nightly-1")["BackupDetails"]
    match = ARN_PATTERN.match(details["BackupArn"])
    assert match and match.group(1) == table, details["BackupArn"]
    assert details["BackupName"] == "nightly-1"
    assert details["BackupStatus"] in ("CREATING", "AVAILABLE")
    assert details["BackupType"] == "USER"
    assert details["BackupSizeBytes"] > 0
    assert abs(details["BackupCreationDateTime"].timestamp() - time.time()) < 60

    described = client.describe_backup(BackupArn=details["BackupArn"])["BackupDescription"]
    assert described["BackupDetails"]["BackupStatus"] == "AVAILABLE"
    source = described["SourceTableDetails"]
    assert source["TableName"] == table
    assert source["ItemCount"] == 40
    assert source["BillingMode"] == "PAY_PER_REQUEST"
    assert source["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"},
                                   {"AttributeName": "sk", "KeyType": "RANGE"}]
    table_desc = client.describe_table(TableName=table)["Table"]
    assert source["TableArn"] == table_desc["TableArn"]
    assert source["TableId"] == table_desc["TableId"]
    features = described["SourceTableFeatureDetails"]
    assert [i["IndexName"] for i in features["GlobalSecondaryIndexes"]] == ["byGroup"]
    assert [i["IndexName"] for i in features["LocalSecondaryIndexes"]] == ["byLocal"]

    deleted = client.delete_backup(BackupArn=details["BackupArn"])["BackupDescription"]
    assert deleted["BackupDetails"]["BackupStatus"] == "DELETED"
    expect_error("BackupNotFoundException", f"Backup not found: {details['BackupArn']}",
                 client.describe_backup, BackupArn=details["BackupArn"])


def test_restore_reads_back_every_item_and_its_index(client, tables):
    table = create_indexed(client, tables)
    fill(client, table, 300)
    snapshot = scan_all(client, table)
    arn = client.create_backup(TableName=table, BackupName="before")["BackupDetails"]["BackupArn"]
    fill(client, table, 350, version="v2")  # after the backup: not in it

    target, description = restore(client, tables, arn)
    assert description["TableName"] == target
    assert description["TableStatus"] in ("CREATING", "ACTIVE")
    restored = wait_active(client, target)
    assert restored["TableStatus"] == "ACTIVE"
    assert restored["ItemCount"] == 300
    summary = restored["RestoreSummary"]
    assert summary["SourceBackupArn"] == arn
    assert summary["SourceTableArn"].endswith(f":table/{table}")
    assert summary["RestoreInProgress"] is False
    assert "RestoreDateTime" in summary
    assert "StreamSpecification" not in restored

    assert scan_all(client, target, ConsistentRead=True) == snapshot
    for group in ("g0", "g1", "g2", "g3"):
        expected = {key for key, it in snapshot.items() if it.get("g", {}).get("S") == group}
        assert query_group(client, target, group) == expected
    local = client.query(TableName=target, IndexName="byLocal",
                         KeyConditionExpression="pk = :p",
                         ExpressionAttributeValues={":p": {"S": "p1"}})["Items"]
    assert len(local) == sum(1 for key, it in snapshot.items() if key[0] == "p1" and "l" in it)
    client.delete_backup(BackupArn=arn)


def test_restore_overrides(client, tables):
    table = create_indexed(client, tables)
    fill(client, table, 30)
    arn = client.create_backup(TableName=table, BackupName="shape")["BackupDetails"]["BackupArn"]
    target, _ = restore(client, tables, arn, BillingModeOverride="PROVISIONED",
                        ProvisionedThroughputOverride={"ReadCapacityUnits": 3,
                                                       "WriteCapacityUnits": 4},
                        GlobalSecondaryIndexOverride=[],
                        SSESpecificationOverride={"Enabled": True, "SSEType": "KMS"})
    restored = wait_active(client, target)
    assert restored["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert restored["ProvisionedThroughput"]["ReadCapacityUnits"] == 3
    assert restored["ProvisionedThroughput"]["WriteCapacityUnits"] == 4
    assert "GlobalSecondaryIndexes" not in restored
    assert [i["IndexName"] for i in restored["LocalSecondaryIndexes"]] == ["byLocal"]
    assert restored["SSEDescription"]["Status"] == "ENABLED"
    assert restored["ItemCount"] == 30
    client.delete_backup(BackupArn=arn)


def test_list_backups_filters_and_pages(client, tables, endpoint):
    first, second = tables.create(), tables.create()
    arns = []
    for i in range(5):
        arns.append(client.create_backup(TableName=first if i % 2 == 0 else second,
                                         BackupName=f"b{i}-backup")["BackupDetails"]["BackupArn"])
        time.sleep(0.002)  # distinct creation times
    try:
        listed = client.list_backups(TableName=first)["BackupSummaries"]
        assert [s["BackupArn"] for s in listed] == arns[0::2]
        summary = listed[0]
        assert set(summary) >= {"TableName", "TableId", "TableArn", "BackupArn", "BackupName",
                                "BackupCreationDateTime", "BackupStatus", "BackupType",
                                "BackupSizeBytes"}
        assert summary["TableName"] == first and summary["BackupStatus"] == "AVAILABLE"
        assert client.list_backups(TableName=first, BackupType="SYSTEM")["BackupSummaries"] == []
        assert len(client.list_backups(TableName=first, BackupType="ALL")["BackupSummaries"]) == 3

        # Paging one at a time over one table's backups.
        seen, kwargs = [], dict(TableName=second, Limit=1)
        for _ in range(10):
            page = client.list_backups(**kwargs)
            seen += [s["BackupArn"] for s in page["BackupSummaries"]]
            if "LastEvaluatedBackupArn" not in page:
                break
            kwargs["ExclusiveStartBackupArn"] = page["LastEvaluatedBackupArn"]
        assert seen == arns[1::2]

        # Time range: lower bound inclusive, upper bound exclusive. botocore sends whole
        # seconds, so the bounds are whole seconds around the backups' creation.
        created = client.describe_backup(BackupArn=arns[0])["BackupDescription"][
            "BackupDetails"]["BackupCreationDateTime"]
        second = int(created.timestamp())
        around = client.list_backups(TableName=first, TimeRangeLowerBound=second - 1,
                                     TimeRangeUpperBound=second + 120)["BackupSummaries"]
        assert [s["BackupArn"] for s in around] == arns[0::2]
        assert client.list_backups(TableName=first, TimeRangeLowerBound=second + 120)[
            "BackupSummaries"] == []
        assert client.list_backups(TableName=first, TimeRangeUpperBound=second - 1)[
            "BackupSummaries"] == []
        # boto3 refuses Limit 0 itself; the raw request reaches the server.
        response = signed_request(endpoint, "ListBackups", {"Limit": 0})
        expect_raw_error(response, "ValidationException",
                         "1 validation error detected: Value '0' at 'limit' failed to satisfy "
                         "constraint: Member must have value greater than or equal to 1")
    finally:
        for arn in arns:
            client.delete_backup(BackupArn=arn)


def test_backup_errors(client, tables):
    missing = unique_name()
    expect_error("TableNotFoundException", f"Table not found: {missing}",
                 client.create_backup, TableName=missing, BackupName="nope-backup")
    table = tables.create()
    expect_error("ValidationException",
                 "1 validation error detected: Value 'no spaces' at 'backupName' failed to "
                 "satisfy constraint: Member must satisfy regular expression pattern: "
                 "[a-zA-Z0-9_.-]+",
                 client.create_backup, TableName=table, BackupName="no spaces")
    arn = client.create_backup(TableName=table, BackupName="exists")["BackupDetails"]["BackupArn"]
    try:
        expect_error("TableAlreadyExistsException", f"Table already exists: {table}",
                     client.restore_table_from_backup, TargetTableName=table, BackupArn=arn)
        unknown = arn[:-8] + "00000000"
        expect_error("BackupNotFoundException", f"Backup not found: {unknown}",
                     client.describe_backup, BackupArn=unknown)
        expect_error("BackupNotFoundException", f"Backup not found: {unknown}",
                     client.restore_table_from_backup, TargetTableName=unique_name(),
                     BackupArn=unknown)
        expect_error("BackupNotFoundException", f"Backup not found: {unknown}",
                     client.delete_backup, BackupArn=unknown)
    finally:
        client.delete_backup(BackupArn=arn)


def test_backup_outlives_its_table_and_restores_under_its_name(client, tables):
    table = tables.create()
    client.put_item(TableName=table, Item={"id": {"S": "kept"}, "n": {"N": "7"}})
    arn = client.create_backup(TableName=table, BackupName="keep")["BackupDetails"]["BackupArn"]
    # A newer version, read (so the server's cache holds it) before the table goes.
    client.put_item(TableName=table, Item={"id": {"S": "kept"}, "n": {"N": "8"}})
    assert client.get_item(TableName=table, Key={"id": {"S": "kept"}})["Item"]["n"] == {"N": "8"}
    client.delete_table(TableName=table)
    wait_gone(client, table)
    assert client.describe_backup(BackupArn=arn)["BackupDescription"]["BackupDetails"][
        "BackupStatus"] == "AVAILABLE"
    client.restore_table_from_backup(TargetTableName=table, BackupArn=arn)
    wait_active(client, table)
    for consistent in (False, True):
        got = client.get_item(TableName=table, Key={"id": {"S": "kept"}},
                              ConsistentRead=consistent)["Item"]
        assert got["n"] == {"N": "7"}
    client.delete_backup(BackupArn=arn)


local_server_only = pytest.mark.skipif(bool(os.environ.get("STATOR_ENDPOINT")),
                                       reason="needs a local server binary it can kill")


def make_big_table(client, count):
    table = unique_name()
    client.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"},
                                              {"AttributeName": "g", "AttributeType": "S"}],
                        GlobalSecondaryIndexes=[{
                            "IndexName": "byG",
                            "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                            "Projection": {"ProjectionType": "ALL"}}])
    wait_active(client, table)
    for start in range(0, count, 25):
        client.batch_write_item(RequestItems={table: [
            {"PutRequest": {"Item": {"id": {"S": f"k{i:06d}"}, "g": {"S": f"g{i % 10}"},
                                     "pad": {"S": "y" * 400}}}}
            for i in range(start, min(count, start + 25))]})
    return table


def count_items(client, table, index=None):
    kwargs, total = dict(TableName=table, Select="COUNT"), 0
    if index:
        kwargs["IndexName"] = index
    while True:
        page = client.scan(**kwargs)
        total += page["Count"]
        if "LastEvaluatedKey" not in page:
            return total
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def call_and_kill(server, fn, in_flight):
    """Calls fn on a thread and kills the server (SIGKILL) as soon as in_flight() says the
    operation's work has begun on disk (or after 10 s)."""
    outcome = {}

    def run():
        try:
            outcome["result"] = fn()
        except (ClientError, BotoCoreError) as error:
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 10
    while not in_flight() and time.monotonic() < deadline:
        pass
    server.kill()
    thread.join(timeout=30)
    return outcome


def backup_dirs(data_dir):
    root = os.path.join(data_dir, "backups")
    return set(os.listdir(root)) if os.path.isdir(root) else set()


@local_server_only
def test_kill_9_during_backup_and_restore_leaves_nothing_half_done(tmp_path):
    data_dir = str(tmp_path / "data")
    count = 20000
    server = Server(["--host", "127.0.0.1", "--port", str(free_port()), "--data-dir", data_dir])
    try:
        client = make_client(server.endpoint)
        table = make_big_table(client, count)
        arn = client.create_backup(TableName=table, BackupName="base")["BackupDetails"][
            "BackupArn"]
        target = unique_name("stator_restored")
        before = backup_dirs(data_dir)
        call_and_kill(server, lambda: client.create_backup(TableName=table, BackupName="mid"),
                      lambda: backup_dirs(data_dir) - before)
    finally:
        server.kill()

    # A backup the kill interrupted is gone; one that completed has every item.
    server = Server(["--host", "127.0.0.1", "--port", str(free_port()), "--data-dir", data_dir])
    try:
        client = make_client(server.endpoint)
        summaries = client.list_backups(TableName=table)["BackupSummaries"]
        assert arn in [s["BackupArn"] for s in summaries]
        for summary in summaries:
            assert summary["BackupStatus"] == "AVAILABLE"
            described = client.describe_backup(BackupArn=summary["BackupArn"])
            assert described["BackupDescription"]["SourceTableDetails"]["ItemCount"] == count
        restored = call_and_kill(
            server, lambda: client.restore_table_from_backup(TargetTableName=target,
                                                             BackupArn=arn),
            lambda: any(d.startswith("restore-") for d in backup_dirs(data_dir)))
    finally:
        server.kill()

    # The restore the kill interrupted either never began or completes after the restart: the
    # table is never ACTIVE with part of its items.
    server = Server(["--host", "127.0.0.1", "--port", "0", "--data-dir", data_dir])
    try:
        client = make_client(server.endpoint)
        try:
            described = wait_active(client, target)
        except ClientError as error:
            assert error.response["Error"]["Code"] == "ResourceNotFoundException"
            assert "result" not in restored, "an acknowledged restore was lost"
            return
        assert described["TableStatus"] == "ACTIVE"
        assert described["ItemCount"] == count
        assert count_items(client, target) == count
        assert count_items(client, target, index="byG") == count
    finally:
        server.stop()
