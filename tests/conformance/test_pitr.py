"""Point-in-time recovery through boto3: UpdateContinuousBackups and DescribeContinuousBackups,
RestoreTableToPointInTime to instants recorded while writing (compared item by item, and
through a GSI), UseLatestRestorableTime, the errors, the system backup a deleted table leaves,
the recovery window on a virtual clock, and a restore interrupted by `kill -9`.

boto3 sends RestoreDateTime in whole seconds (botocore's JSON timestamp format), so the
recorded instants are whole seconds with no write in the second that follows them. The `__type`s
are the API reference's; the messages of InvalidRestoreTimeException and
PointInTimeRecoveryUnavailableException are the reference's descriptions of them.
"""

import math
import os
import time

import pytest

from conformance_util import (Server, advance_clock, call_ok, expect_error, expect_raw_error,
                              free_port, signed_request, unique_name, wait_active)
from conftest import TableFactory, make_client
from test_backups import scan_all

UNAVAILABLE = "Point in time recovery has not yet been enabled for this source table."
INVALID_TIME = ("An invalid restore time was specified. RestoreDateTime must be between "
                "EarliestRestorableDateTime and LatestRestorableDateTime.")

LOCAL_ONLY = pytest.mark.skipif(bool(os.environ.get("STATOR_ENDPOINT")),
                                reason="needs its own local server")


def create_indexed(client, tables):
    name = unique_name()
    client.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                   {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "N"},
                              {"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "byGroup",
                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}}])
    tables.names.append(name)
    wait_active(client, name)
    return name


def group_keys(client, table, group):
    page = client.query(TableName=table, IndexName="byGroup", KeyConditionExpression="g = :g",
                        ExpressionAttributeValues={":g": {"S": group}})
    return {(it["pk"]["S"], it["sk"]["N"]) for it in page["Items"]}


def enable(client, table):
    return client.update_continuous_backups(
        TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
    )["ContinuousBackupsDescription"]


def enable_for_days(endpoint, table, days):
    """RecoveryPeriodInDays is newer than Debian's botocore: sent as raw JSON."""
    return call_ok(endpoint, "UpdateContinuousBackups", {
        "TableName": table, "PointInTimeRecoverySpecification": {
            "PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": days}})[
        "ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]


def describe_raw(endpoint, table):
    return call_ok(endpoint, "DescribeContinuousBackups", {"TableName": table})[
        "ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]


def next_whole_second():
    """The whole second after now, once the clock has passed it: nothing written before this
    returns is stamped after it."""
    instant = math.floor(time.time()) + 1
    while time.time() < instant + 0.05:
        time.sleep(0.02)
    return instant


def restore(client, tables, source, **kwargs):
    target = unique_name()
    tables.names.append(target)
    description = client.restore_table_to_point_in_time(
        SourceTableName=source, TargetTableName=target, **kwargs)["TableDescription"]
    wait_active(client, target)
    return target, description


def test_continuous_backups_shapes(client, tables, endpoint):
    table = create_indexed(client, tables)
    described = client.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]
    assert described["ContinuousBackupsStatus"] == "ENABLED"
    assert described["PointInTimeRecoveryDescription"] == {"PointInTimeRecoveryStatus": "DISABLED"}

    before = time.time()
    enabled = enable(client, table)["PointInTimeRecoveryDescription"]
    assert enabled["PointInTimeRecoveryStatus"] == "ENABLED"
    earliest = enabled["EarliestRestorableDateTime"].timestamp()
    assert before - 1 <= earliest <= time.time() + 1
    assert enabled["LatestRestorableDateTime"].timestamp() >= earliest
    assert describe_raw(endpoint, table)["RecoveryPeriodInDays"] == 35

    # Enabling again keeps the window and changes only the period.
    pitr = enable_for_days(endpoint, table, 7)
    assert pitr["RecoveryPeriodInDays"] == 7
    assert abs(pitr["EarliestRestorableDateTime"] - earliest) < 0.001
    assert describe_raw(endpoint, table)["RecoveryPeriodInDays"] == 7

    disabled = client.update_continuous_backups(
        TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False})
    assert disabled["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"] == {
        "PointInTimeRecoveryStatus": "DISABLED"}


def test_continuous_backups_errors(client, tables, endpoint):
    table = create_indexed(client, tables)
    response = signed_request(endpoint, "UpdateContinuousBackups", {
        "TableName": table, "PointInTimeRecoverySpecification": {
            "PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 0}})
    expect_raw_error(response, "ValidationException",
                     "1 validation error detected: Value '0' at "
                     "'pointInTimeRecoverySpecification.recoveryPeriodInDays' failed to satisfy "
                     "constraint: Member must have value greater than or equal to 1")
    missing = unique_name()
    expect_error("TableNotFoundException", f"Table not found: {missing}",
                 client.describe_continuous_backups, TableName=missing)
    expect_error("TableNotFoundException", f"Table not found: {missing}", enable, client, missing)
    restore_to = client.restore_table_to_point_in_time
    expect_error("PointInTimeRecoveryUnavailableException", UNAVAILABLE, restore_to,
                 SourceTableName=table, TargetTableName=unique_name(),
                 UseLatestRestorableTime=True)
    enable(client, table)
    expect_error("InvalidRestoreTimeException", INVALID_TIME, restore_to,
                 SourceTableName=table, TargetTableName=unique_name(),
                 RestoreDateTime=time.time() - 3600)
    expect_error("TableAlreadyExistsException", f"Table already exists: {table}", restore_to,
                 SourceTableName=table, TargetTableName=table, UseLatestRestorableTime=True)
    expect_error("SourceTableNotFoundException", f"Source table not found: {missing}",
                 restore_to, SourceTableName=missing, TargetTableName=unique_name(),
                 UseLatestRestorableTime=True)


def test_restore_to_each_recorded_instant(client, tables):
    table = create_indexed(client, tables)
    enable(client, table)
    state, instants = {}, []
    for round_ in range(4):
        for i in range(round_ * 7, round_ * 7 + 20):
            key = (f"p{i % 5}", str(i % 23))
            if i % 6 == 5:
                client.delete_item(TableName=table, Key={"pk": {"S": key[0]}, "sk": {"N": key[1]}})
                state.pop(key, None)
                continue
            it = {"pk": {"S": key[0]}, "sk": {"N": key[1]}, "v": {"S": f"r{round_}-{i}"}}
            if i % 2:
                it["g"] = {"S": f"g{i % 3}"}
            client.put_item(TableName=table, Item=it)
            state[key] = it
        instants.append((next_whole_second(), dict(state)))
    for at, expected in instants:
        target, description = restore(client, tables, table, RestoreDateTime=at)
        summary = description["RestoreSummary"]
        assert summary["SourceTableArn"].endswith(f":table/{table}")
        assert summary["RestoreDateTime"].timestamp() == at
        assert "SourceBackupArn" not in summary
        assert scan_all(client, target) == expected
        assert group_keys(client, target, "g1") == {
            k for k, v in expected.items() if v.get("g", {}).get("S") == "g1"}
    # The restored tables take writes and have no PITR of their own.
    assert client.describe_continuous_backups(TableName=target)[
        "ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"][
        "PointInTimeRecoveryStatus"] == "DISABLED"


def test_restore_to_the_latest_restorable_time(client, tables):
    table = create_indexed(client, tables)
    enable(client, table)
    client.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"N": "1"}})
    target, _ = restore(client, tables, table, UseLatestRestorableTime=True)
    assert set(scan_all(client, target)) == {("a", "1")}


def test_deleted_table_leaves_a_system_backup(client, tables):
    table = create_indexed(client, tables)
    enable(client, table)
    client.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"N": "1"}, "g": {"S": "g1"}})
    client.delete_table(TableName=table)
    summaries = client.list_backups(TableName=table, BackupType="SYSTEM")["BackupSummaries"]
    assert [(s["BackupName"], s["BackupType"]) for s in summaries] == [
        (f"{table}$DeletedTableBackup", "SYSTEM")]
    assert client.list_backups(TableName=table)["BackupSummaries"] == []  # USER by default
    arn = summaries[0]["BackupArn"]
    client.restore_table_from_backup(TargetTableName=table, BackupArn=arn)
    wait_active(client, table)
    assert group_keys(client, table, "g1") == {("a", "1")}
    client.delete_backup(BackupArn=arn)


@LOCAL_ONLY
def test_window_follows_a_virtual_clock(tmp_path):
    server = Server(["--host", "127.0.0.1", "--port", str(free_port()), "--virtual-clock",
                     "--pitr-retention-seconds", "1", "--data-dir", str(tmp_path / "data")])
    try:
        client = make_client(server.endpoint)
        tables = TableFactory(client)
        table = create_indexed(client, tables)
        enable_for_days(server.endpoint, table, 1)
        client.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"N": "1"},
                                               "v": {"S": "old"}})
        now = advance_clock(server.endpoint, 2 * 86400)
        pitr = client.describe_continuous_backups(TableName=table)[
            "ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
        assert abs(pitr["EarliestRestorableDateTime"].timestamp() - (now - 86400)) < 2
        expect_error("InvalidRestoreTimeException", INVALID_TIME,
                     client.restore_table_to_point_in_time, SourceTableName=table,
                     TargetTableName=unique_name(), RestoreDateTime=now - 2 * 86400 + 1)
        at = int(now) + 1
        advance_clock(server.endpoint, 2)
        client.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"N": "1"},
                                               "v": {"S": "new"}})
        target, _ = restore(client, tables, table, RestoreDateTime=at)
        [restored] = scan_all(client, target).values()
        assert restored["v"]["S"] == "old"
    finally:
        server.kill()


@LOCAL_ONLY
def test_system_backup_of_a_deleted_table_lasts_35_days(tmp_path):
    server = Server(["--host", "127.0.0.1", "--port", str(free_port()), "--virtual-clock",
                     "--pitr-retention-seconds", "1", "--data-dir", str(tmp_path / "data")])
    try:
        client = make_client(server.endpoint)
        table = create_indexed(client, TableFactory(client))
        enable(client, table)
        client.delete_table(TableName=table)

        def system_backups():
            return client.list_backups(TableName=table, BackupType="SYSTEM")["BackupSummaries"]

        assert len(system_backups()) == 1
        advance_clock(server.endpoint, 34 * 86400)
        time.sleep(1.5)
        assert len(system_backups()) == 1
        advance_clock(server.endpoint, 2 * 86400)
        deadline = time.monotonic() + 10
        while system_backups() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert system_backups() == []
    finally:
        server.kill()


@LOCAL_ONLY
def test_kill_9_during_a_point_in_time_restore(tmp_path):
    data_dir = str(tmp_path / "data")
    args = ["--host", "127.0.0.1", "--port", str(free_port()), "--data-dir", data_dir]
    server = Server(args)
    try:
        client = make_client(server.endpoint)
        table = create_indexed(client, TableFactory(client))
        enable(client, table)
        for start in range(0, 2000, 25):
            client.batch_write_item(RequestItems={table: [
                {"PutRequest": {"Item": {"pk": {"S": f"p{i % 9}"}, "sk": {"N": str(i)},
                                         "g": {"S": "g1"}, "pad": {"S": "x" * 200}}}}
                for i in range(start, start + 25)]})
        at = next_whole_second()
        client.put_item(TableName=table, Item={"pk": {"S": "late"}, "sk": {"N": "0"}})
        target = unique_name()
        client.restore_table_to_point_in_time(SourceTableName=table, TargetTableName=target,
                                              RestoreDateTime=at)
        server.kill()  # right after the answer: the restore's task may not have finished
    finally:
        server.kill()
    server = Server(args)
    try:
        client = make_client(server.endpoint)
        wait_active(client, target)
        items = scan_all(client, target)
        assert len(items) == 2000 and ("late", "0") not in items
        assert len(group_keys(client, target, "g1")) <= 2000
    finally:
        server.kill()
