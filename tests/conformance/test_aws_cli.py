"""AWS CLI scenarios: the table and item lifecycle, and reading a table's stream, through Debian's
`aws` (awscli 2.9).

Runs `aws dynamodb ... --endpoint-url` with dummy credentials in the environment and checks the
JSON the CLI prints. AWS_CLI overrides the binary (default /usr/bin/aws, Debian's package).
"""

import json
import os
import shutil
import subprocess

from conformance_util import ACCESS_KEY, REGION, SECRET_KEY, unique_name
from streams_util import eventually

AWS = os.environ.get("AWS_CLI") or ("/usr/bin/aws" if os.path.exists("/usr/bin/aws")
                                    else shutil.which("aws"))


def aws(endpoint, *args, expect_ok=True, service="dynamodb"):
    env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY,
               AWS_DEFAULT_REGION=REGION, AWS_PAGER="", AWS_MAX_ATTEMPTS="1",
               AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null")
    env.pop("AWS_PROFILE", None)
    result = subprocess.run([AWS, service, *args, "--endpoint-url", endpoint,
                             "--output", "json"],
                            capture_output=True, text=True, env=env, timeout=120)
    if expect_ok:
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        return json.loads(result.stdout) if result.stdout.strip() else {}
    return result


def test_cli_table_and_item_lifecycle(endpoint):
    assert AWS, "aws CLI not found"
    name = unique_name("stator_cli")
    created = aws(endpoint, "create-table", "--table-name", name,
                  "--attribute-definitions", "AttributeName=id,AttributeType=S",
                  "--key-schema", "AttributeName=id,KeyType=HASH",
                  "--billing-mode", "PAY_PER_REQUEST")
    assert created["TableDescription"]["TableName"] == name
    aws(endpoint, "wait", "table-exists", "--table-name", name)

    described = aws(endpoint, "describe-table", "--table-name", name)["Table"]
    assert described["TableStatus"] == "ACTIVE"
    assert described["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert name in aws(endpoint, "list-tables")["TableNames"]

    item = {"id": {"S": "cli-1"}, "count": {"N": "1"}, "tags": {"SS": ["a", "b"]}}
    aws(endpoint, "put-item", "--table-name", name, "--item", json.dumps(item))
    got = aws(endpoint, "get-item", "--table-name", name, "--key", '{"id": {"S": "cli-1"}}',
              "--consistent-read")["Item"]
    assert got["count"] == {"N": "1"}
    assert sorted(got["tags"]["SS"]) == ["a", "b"]

    updated = aws(endpoint, "update-item", "--table-name", name,
                  "--key", '{"id": {"S": "cli-1"}}',
                  "--attribute-updates", '{"count": {"Action": "ADD", "Value": {"N": "41"}}}',
                  "--return-values", "ALL_NEW")["Attributes"]
    assert updated["count"] == {"N": "42"}

    deleted = aws(endpoint, "delete-item", "--table-name", name,
                  "--key", '{"id": {"S": "cli-1"}}', "--return-values", "ALL_OLD")
    assert deleted["Attributes"]["count"] == {"N": "42"}
    assert aws(endpoint, "get-item", "--table-name", name,
               "--key", '{"id": {"S": "cli-1"}}') == {}

    aws(endpoint, "delete-table", "--table-name", name)
    aws(endpoint, "wait", "table-not-exists", "--table-name", name)
    assert name not in aws(endpoint, "list-tables")["TableNames"]


def test_cli_reports_service_errors(endpoint):
    name = unique_name("missing")
    result = aws(endpoint, "describe-table", "--table-name", name, expect_ok=False)
    assert result.returncode != 0
    assert "ResourceNotFoundException" in result.stderr
    assert f"Requested resource not found: Table: {name} not found" in result.stderr


def streams_cli(endpoint, *args):
    return aws(endpoint, *args, service="dynamodbstreams")


def test_cli_stream_records(endpoint):
    name = unique_name("stator_cli")
    created = aws(endpoint, "create-table", "--table-name", name,
                  "--attribute-definitions", "AttributeName=id,AttributeType=S",
                  "--key-schema", "AttributeName=id,KeyType=HASH",
                  "--billing-mode", "PAY_PER_REQUEST",
                  "--stream-specification", "StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES")
    description = created["TableDescription"]
    assert description["StreamSpecification"] == {"StreamEnabled": True,
                                                  "StreamViewType": "NEW_AND_OLD_IMAGES"}
    arn = description["LatestStreamArn"]
    aws(endpoint, "wait", "table-exists", "--table-name", name)
    try:
        key = '{"id": {"S": "cli-1"}}'
        aws(endpoint, "put-item", "--table-name", name,
            "--item", '{"id": {"S": "cli-1"}, "n": {"N": "1"}}')
        aws(endpoint, "update-item", "--table-name", name, "--key", key,
            "--update-expression", "SET n = :n", "--expression-attribute-values",
            '{":n": {"N": "2"}}')
        aws(endpoint, "delete-item", "--table-name", name, "--key", key)

        listed = streams_cli(endpoint, "list-streams", "--table-name", name)["Streams"]
        assert [(s["StreamArn"], s["TableName"]) for s in listed] == [(arn, name)]
        stream = streams_cli(endpoint, "describe-stream", "--stream-arn", arn)["StreamDescription"]
        assert stream["StreamViewType"] == "NEW_AND_OLD_IMAGES"
        assert stream["TableName"] == name
        assert stream["Shards"]

        def read_all():
            records = []
            for shard in stream["Shards"]:
                iterator = streams_cli(endpoint, "get-shard-iterator", "--stream-arn", arn,
                                       "--shard-id", shard["ShardId"],
                                       "--shard-iterator-type", "TRIM_HORIZON")["ShardIterator"]
                records += streams_cli(endpoint, "get-records",
                                       "--shard-iterator", iterator)["Records"]
            return records if len(records) >= 3 else None

        records = eventually(read_all, timeout=30, interval=0.2)
        assert records, "the three changes never showed up in the stream"
        assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"]
        for record in records:
            assert record["dynamodb"]["Keys"] == {"id": {"S": "cli-1"}}
            assert record["eventSource"] == "aws:dynamodb"
        assert records[0]["dynamodb"]["NewImage"]["n"] == {"N": "1"}
        assert records[1]["dynamodb"]["OldImage"]["n"] == {"N": "1"}
        assert records[1]["dynamodb"]["NewImage"]["n"] == {"N": "2"}
        assert records[2]["dynamodb"]["OldImage"]["n"] == {"N": "2"}
        assert "NewImage" not in records[2]["dynamodb"]
        sequence = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
        assert sequence == sorted(sequence)
    finally:
        aws(endpoint, "delete-table", "--table-name", name)


def test_cli_reports_stream_errors(endpoint):
    arn = (f"arn:aws:dynamodb:{REGION}:000000000000:table/{unique_name('missing')}"
           "/stream/2020-01-01T00:00:00.000")
    result = aws(endpoint, "describe-stream", "--stream-arn", arn, expect_ok=False,
                 service="dynamodbstreams")
    assert result.returncode != 0
    assert "ResourceNotFoundException" in result.stderr
    assert f"Requested resource not found: Stream: {arn} not found" in result.stderr


def test_cli_time_to_live(endpoint):
    name = unique_name("stator_cli_ttl")
    aws(endpoint, "create-table", "--table-name", name,
        "--attribute-definitions", "AttributeName=id,AttributeType=S",
        "--key-schema", "AttributeName=id,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST")
    aws(endpoint, "wait", "table-exists", "--table-name", name)
    try:
        assert aws(endpoint, "describe-time-to-live", "--table-name", name) == {
            "TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}}
        updated = aws(endpoint, "update-time-to-live", "--table-name", name,
                      "--time-to-live-specification", "Enabled=true,AttributeName=ttl")
        assert updated == {"TimeToLiveSpecification": {"Enabled": True, "AttributeName": "ttl"}}
        assert aws(endpoint, "describe-time-to-live", "--table-name", name) == {
            "TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED", "AttributeName": "ttl"}}
        again = aws(endpoint, "update-time-to-live", "--table-name", name,
                    "--time-to-live-specification", "Enabled=true,AttributeName=ttl",
                    expect_ok=False)
        assert again.returncode != 0
        assert "ValidationException" in again.stderr
        assert "TimeToLive is already enabled" in again.stderr
    finally:
        aws(endpoint, "delete-table", "--table-name", name)


def test_cli_backup_and_restore(endpoint):
    assert AWS, "aws CLI not found"
    name = unique_name("stator_cli")
    aws(endpoint, "create-table", "--table-name", name,
        "--attribute-definitions", "AttributeName=id,AttributeType=S",
        "--key-schema", "AttributeName=id,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST")
    aws(endpoint, "wait", "table-exists", "--table-name", name)
    for i in range(3):
        aws(endpoint, "put-item", "--table-name", name,
            "--item", json.dumps({"id": {"S": f"cli-{i}"}, "n": {"N": str(i)}}))

    details = aws(endpoint, "create-backup", "--table-name", name,
                  "--backup-name", "cli-backup")["BackupDetails"]
    arn = details["BackupArn"]
    assert arn.startswith(f"arn:aws:dynamodb:{REGION}:") and f":table/{name}/backup/" in arn
    assert details["BackupType"] == "USER"

    listed = aws(endpoint, "list-backups", "--table-name", name)["BackupSummaries"]
    assert [s["BackupArn"] for s in listed] == [arn]
    assert listed[0]["BackupStatus"] == "AVAILABLE"

    target = unique_name("stator_cli_restored")
    restored = aws(endpoint, "restore-table-from-backup", "--target-table-name", target,
                   "--backup-arn", arn)["TableDescription"]
    assert restored["TableName"] == target
    aws(endpoint, "wait", "table-exists", "--table-name", target)
    table = aws(endpoint, "describe-table", "--table-name", target)["Table"]
    assert table["RestoreSummary"]["SourceBackupArn"] == arn
    scanned = aws(endpoint, "scan", "--table-name", target)
    assert sorted(it["id"]["S"] for it in scanned["Items"]) == ["cli-0", "cli-1", "cli-2"]

    described = aws(endpoint, "describe-backup", "--backup-arn", arn)["BackupDescription"]
    assert described["SourceTableDetails"]["ItemCount"] == 3
    deleted = aws(endpoint, "delete-backup", "--backup-arn", arn)["BackupDescription"]
    assert deleted["BackupDetails"]["BackupStatus"] == "DELETED"
    for table_name in (name, target):
        aws(endpoint, "delete-table", "--table-name", table_name)


def test_cli_point_in_time_recovery(endpoint):
    assert AWS, "aws CLI not found"
    name = unique_name("stator_cli")
    aws(endpoint, "create-table", "--table-name", name,
        "--attribute-definitions", "AttributeName=id,AttributeType=S",
        "--key-schema", "AttributeName=id,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST")
    aws(endpoint, "wait", "table-exists", "--table-name", name)
    enabled = aws(endpoint, "update-continuous-backups", "--table-name", name,
                  "--point-in-time-recovery-specification", "PointInTimeRecoveryEnabled=true")
    pitr = enabled["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
    assert pitr["PointInTimeRecoveryStatus"] == "ENABLED"
    aws(endpoint, "put-item", "--table-name", name, "--item", json.dumps({"id": {"S": "kept"}}))

    target = unique_name("stator_cli_pitr")
    restored = aws(endpoint, "restore-table-to-point-in-time", "--source-table-name", name,
                   "--target-table-name", target,
                   "--use-latest-restorable-time")["TableDescription"]
    assert restored["RestoreSummary"]["RestoreInProgress"] is True
    aws(endpoint, "wait", "table-exists", "--table-name", target)
    scanned = aws(endpoint, "scan", "--table-name", target)
    assert [it["id"]["S"] for it in scanned["Items"]] == ["kept"]
    described = aws(endpoint, "describe-continuous-backups", "--table-name", target)
    assert described["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"][
        "PointInTimeRecoveryStatus"] == "DISABLED"
    for table_name in (name, target):
        aws(endpoint, "delete-table", "--table-name", table_name)


def test_cli_partiql(endpoint):
    """execute-statement, batch-execute-statement and execute-transaction, as scripts use them."""
    assert AWS, "aws CLI not found"
    name = unique_name("stator_cli_partiql")
    aws(endpoint, "create-table", "--table-name", name,
        "--attribute-definitions", "AttributeName=id,AttributeType=S",
        "--key-schema", "AttributeName=id,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST")
    aws(endpoint, "wait", "table-exists", "--table-name", name)

    aws(endpoint, "execute-statement", "--statement",
        f"INSERT INTO \"{name}\" VALUE {{'id': 'a', 'n': 1}}")
    duplicate = aws(endpoint, "execute-statement", "--statement",
                    f"INSERT INTO \"{name}\" VALUE {{'id': 'a'}}", expect_ok=False)
    assert duplicate.returncode != 0
    assert "DuplicateItemException" in duplicate.stderr, duplicate.stderr
    selected = aws(endpoint, "execute-statement", "--statement",
                   f"SELECT * FROM \"{name}\" WHERE id = ?", "--parameters", '[{"S": "a"}]')
    assert selected["Items"] == [{"id": {"S": "a"}, "n": {"N": "1"}}]

    batch = aws(endpoint, "batch-execute-statement", "--statements", json.dumps([
        {"Statement": f"INSERT INTO \"{name}\" VALUE {{'id': 'b'}}"},
        {"Statement": f"UPDATE \"{name}\" SET n = 2 WHERE id = 'nobody'"},
    ]))["Responses"]
    assert batch[0] == {"TableName": name}
    assert batch[1]["Error"]["Code"] == "ConditionalCheckFailed"

    aws(endpoint, "execute-transaction", "--transact-statements", json.dumps([
        {"Statement": f"UPDATE \"{name}\" SET n = n + 1 WHERE id = 'a'"},
        {"Statement": f"DELETE FROM \"{name}\" WHERE id = 'b'"},
    ]))
    read = aws(endpoint, "execute-transaction", "--transact-statements", json.dumps([
        {"Statement": f"SELECT n FROM \"{name}\" WHERE id = 'a'"},
        {"Statement": f"SELECT * FROM \"{name}\" WHERE id = 'b'"},
    ]))["Responses"]
    assert read == [{"Item": {"n": {"N": "2"}}}, {}]
    aws(endpoint, "delete-table", "--table-name", name)
