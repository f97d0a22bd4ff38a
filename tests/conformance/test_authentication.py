"""SigV4 authentication of a server given credentials (--credentials ID:SECRET,
--credentials-file): signatures are verified as the service verifies them, with its error types
and words; boto3 and the AWS CLI with the right secret succeed and with a wrong one fail. Each
test starts its own server. A server without credentials accepts any well-formed signature
(every other test file runs against one)."""

import datetime
import hashlib
import hmac
import json
import os
import shutil
import subprocess

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conformance_util import REGION, Server, clock_request, connection, stator_bin

pytestmark = pytest.mark.skipif(bool(os.environ.get("STATOR_ENDPOINT")),
                                reason="starts its own servers with credentials")

KEY, SECRET = "AKIASTATORAUTHTEST01", "first-secret/with+characters"
FILE_KEY, FILE_SECRET = "AKIASTATORAUTHTEST02", "second-secret"
MISMATCH = ("The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service "
            "documentation for details.")


@pytest.fixture
def server(tmp_path):
    credentials = tmp_path / "credentials"
    credentials.write_text(f"# local keys\n[default]\naws_access_key_id = {FILE_KEY}\n"
                           f"aws_secret_access_key = {FILE_SECRET}\n\n[empty]\n")
    started = Server(["--in-memory", "--port", "0", "--virtual-clock",
                      "--credentials", f"{KEY}:{SECRET}", "--credentials-file", str(credentials)])
    yield started
    started.stop()


def client(endpoint, key, secret):
    return boto3.session.Session().client(
        "dynamodb", endpoint_url=endpoint, region_name=REGION, aws_access_key_id=key,
        aws_secret_access_key=secret, config=Config(retries={"max_attempts": 0}))


def error_of(call):
    with pytest.raises(ClientError) as e:
        call()
    return e.value.response["Error"]


def test_right_secrets_pass_and_others_fail(server):
    assert client(server.endpoint, KEY, SECRET).list_tables()["TableNames"] == []
    assert client(server.endpoint, FILE_KEY, FILE_SECRET).list_tables()["TableNames"] == []
    error = error_of(lambda: client(server.endpoint, KEY, "wrong").list_tables())
    assert error == {"Code": "InvalidSignatureException", "Message": MISMATCH}
    error = error_of(lambda: client(server.endpoint, "AKIANOBODY0000000000", SECRET).list_tables())
    assert error == {"Code": "UnrecognizedClientException",
                     "Message": "The security token included in the request is invalid."}


def test_a_signed_write_and_read(server):
    c = client(server.endpoint, KEY, SECRET)
    c.create_table(TableName="signed", KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                   AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
                   BillingMode="PAY_PER_REQUEST")
    c.put_item(TableName="signed", Item={"k": {"S": "a"}, "v": {"S": "x" * 5000}})
    assert c.get_item(TableName="signed", Key={"k": {"S": "a"}})["Item"]["v"]["S"] == "x" * 5000


def sign(endpoint, key, secret, body, when, service="dynamodb"):
    """A ListTables request signed by hand (SigV4), dated `when`."""
    amz_date = when.strftime("%Y%m%dT%H%M%SZ")
    date = amz_date[:8]
    host = endpoint.split("://", 1)[1]
    headers = {"content-type": "application/x-amz-json-1.0", "host": host,
               "x-amz-date": amz_date, "x-amz-target": "DynamoDB_20120810.ListTables"}
    signed = ";".join(sorted(headers))
    canonical = "\n".join(["POST", "/", ""] + [f"{k}:{headers[k]}" for k in sorted(headers)] +
                          ["", signed, hashlib.sha256(body).hexdigest()])
    scope = f"{date}/{REGION}/{service}/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                         hashlib.sha256(canonical.encode()).hexdigest()])
    k = ("AWS4" + secret).encode()
    for part in (date, REGION, service, "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(k, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential={key}/{scope}, "
                                f"SignedHeaders={signed}, Signature={signature}")
    return headers


def post(endpoint, headers, body):
    conn = connection(endpoint)
    try:
        conn.request("POST", "/", body=body, headers=headers)
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


def test_request_time_is_checked_before_the_scope(server):
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    body = b"{}"
    status, answer = post(server.endpoint, sign(server.endpoint, KEY, SECRET, body, now), body)
    assert status == 200, answer  # the hand-made signature is right

    old = now - datetime.timedelta(minutes=20)
    # Scoped to the wrong service too: the time is what the service reports.
    status, answer = post(server.endpoint,
                          sign(server.endpoint, KEY, SECRET, body, old, service="s3"), body)
    assert status == 400
    assert answer["__type"].endswith("#InvalidSignatureException")
    stamp = old.strftime("%Y%m%dT%H%M%SZ")
    assert answer["message"].startswith(f"Signature expired: {stamp} is now earlier than ")
    assert answer["message"].endswith(" - 15 min.)")

    future = now + datetime.timedelta(minutes=20)
    status, answer = post(server.endpoint, sign(server.endpoint, KEY, SECRET, body, future), body)
    assert status == 400
    assert answer["message"].startswith(
        f"Signature not yet current: {future.strftime('%Y%m%dT%H%M%SZ')} is still later than ")


def test_the_virtual_clock_does_not_age_signatures(server):
    assert clock_request(server.endpoint, "POST", {"advanceSeconds": 86400})[0] == 200
    assert client(server.endpoint, KEY, SECRET).list_tables()["TableNames"] == []


@pytest.mark.skipif(shutil.which("aws") is None, reason="the AWS CLI is not installed")
def test_aws_cli_with_the_right_and_a_wrong_secret(server):
    def cli(secret):
        env = dict(os.environ, AWS_ACCESS_KEY_ID=KEY, AWS_SECRET_ACCESS_KEY=secret,
                   AWS_DEFAULT_REGION=REGION, AWS_PAGER="", AWS_MAX_ATTEMPTS="1",
                   AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null")
        return subprocess.run(["aws", "dynamodb", "list-tables", "--endpoint-url",
                               server.endpoint, "--output", "json"],
                              capture_output=True, text=True, env=env, timeout=120)
    ok = cli(SECRET)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout) == {"TableNames": []}
    bad = cli("wrong")
    assert bad.returncode != 0
    assert "InvalidSignatureException" in bad.stderr


def test_a_credentials_file_with_half_a_profile_stops_the_server(tmp_path):
    credentials = tmp_path / "credentials"
    credentials.write_text("[broken]\naws_access_key_id = AKIAONLYTHEID0000000\n")
    result = subprocess.run([stator_bin(), "--in-memory",
                             "--port", "0", "--credentials-file", str(credentials)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "profile [broken] needs both aws_access_key_id and aws_secret_access_key" in result.stderr
