"""AWS CLI scenario: the table and item lifecycle through Debian's `aws` (awscli 2.9).

Runs `aws dynamodb ... --endpoint-url` with dummy credentials in the environment and checks the
JSON the CLI prints. AWS_CLI overrides the binary (default /usr/bin/aws, Debian's package).
"""

import json
import os
import shutil
import subprocess

from conformance_util import ACCESS_KEY, REGION, SECRET_KEY, unique_name

AWS = os.environ.get("AWS_CLI") or ("/usr/bin/aws" if os.path.exists("/usr/bin/aws")
                                    else shutil.which("aws"))


def aws(endpoint, *args, expect_ok=True):
    env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY,
               AWS_DEFAULT_REGION=REGION, AWS_PAGER="", AWS_MAX_ATTEMPTS="1",
               AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null")
    env.pop("AWS_PROFILE", None)
    result = subprocess.run([AWS, "dynamodb", *args, "--endpoint-url", endpoint,
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
