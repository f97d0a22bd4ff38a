"""Helpers shared by the conformance tests: start a Stator server, sign raw requests, assert errors.

The suite drives the real `stator` binary (or, when STATOR_ENDPOINT is set, any DynamoDB-compatible
endpoint) through real clients. Nothing here is thread-safe beyond what the tests need: a server
process is owned by the fixture or test that started it.
"""

import http.client
import json
import os
import re
import select
import socket
import subprocess
import threading
import time
import urllib.parse
import uuid

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
REGION = "us-east-1"
ACCESS_KEY = os.environ.get("AWS_ACCESS_KEY_ID", "AKIASTATORTESTKEY000")
SECRET_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY", "stator-test-secret-key")
TARGET_PREFIX = "DynamoDB_20120810."
_LISTENING = re.compile(r"listening on (https?://[^\s]+)")


def stator_bin():
    return os.environ.get("STATOR_BIN", os.path.join(REPO_ROOT, "build", "tools", "stator"))


def unique_name(prefix="stator_test"):
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


class Server:
    """A running `stator` process and the endpoint it announced on its start-up line."""

    def __init__(self, args, startup_timeout=30.0, preexec_fn=None, env=None):
        self.args = [stator_bin()] + list(args)
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     preexec_fn=preexec_fn, env=env)
        self.output = []
        self.endpoint = self._await_startup_line(startup_timeout)
        # Keep draining stdout so a chatty server never blocks on a full pipe.
        threading.Thread(target=self._drain, daemon=True).start()

    def _await_startup_line(self, timeout):
        deadline = time.monotonic() + timeout
        buffer = b""
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.1)
            if not ready:
                continue
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            if not chunk:
                break
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                text = line.decode(errors="replace")
                self.output.append(text)
                match = _LISTENING.search(text)
                if match:
                    return match.group(1).rstrip(" ,;)")
        self.kill()
        raise RuntimeError(f"stator did not announce its endpoint: {self.args} output={self.output}")

    def _drain(self):
        try:
            for line in self.proc.stdout:
                self.output.append(line.decode(errors="replace").rstrip("\n"))
        except (OSError, ValueError):
            pass

    def kill(self):
        """SIGKILL: the process gets no chance to flush anything."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


# The environment of a proxy (`stator --upstream`): it signs its upstream requests with these
# credentials and region, as it would with an operator's in front of the service.
def proxy_environment():
    env = dict(os.environ)
    env.update({"AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
                "AWS_REGION": REGION})
    env.pop("AWS_SESSION_TOKEN", None)
    return env


def start_proxy(upstream, *flags):
    """A `stator --upstream` in front of `upstream` (an endpoint URL), with extra `flags`."""
    return Server(["--port", "0", "--upstream", upstream, *flags], env=proxy_environment())


def host_port(endpoint):
    parsed = urllib.parse.urlparse(endpoint)
    return parsed.hostname, parsed.port or (443 if parsed.scheme == "https" else 80)


def connection(endpoint, timeout=10):
    host, port = host_port(endpoint)
    if endpoint.startswith("https"):
        return http.client.HTTPSConnection(host, port, timeout=timeout)
    return http.client.HTTPConnection(host, port, timeout=timeout)


def clock_request(endpoint, method="GET", body=None):
    """GET or POST /stator/clock of a server started with --virtual-clock: (status, JSON body,
    or the raw text when it is not JSON)."""
    conn = connection(endpoint)
    try:
        data = None if body is None else json.dumps(body)
        conn.request(method, "/stator/clock", body=data,
                     headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        text = response.read().decode()
    finally:
        conn.close()
    try:
        return response.status, json.loads(text)
    except ValueError:
        return response.status, text


def advance_clock(endpoint, seconds):
    """Moves a virtual clock `seconds` forward; returns its new reading in epoch seconds."""
    status, body = clock_request(endpoint, "POST", {"advanceSeconds": seconds})
    assert status == 200, body
    return body["epochSeconds"]


def advance_to_next_second(endpoint):
    """Moves a virtual clock (which follows the wall clock) to the start of its next second, so
    that what a test does in the next few hundred milliseconds falls in one second of it."""
    status, body = clock_request(endpoint)
    assert status == 200, body
    advance_clock(endpoint, (1000 - body["epochMillis"] % 1000) / 1000)


class RawResponse:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lower-cased names
        self.body = body

    def json(self):
        return json.loads(self.body)

    @property
    def error_code(self):
        """The exception name without the `com.amazonaws...#` namespace, as SDKs report it."""
        return self.json().get("__type", "").rsplit("#", 1)[-1]

    @property
    def error_message(self):
        doc = self.json()
        return doc.get("message", doc.get("Message"))


def signed_request(endpoint, operation, payload, sign=True, body=None, extra_headers=None):
    """POSTs one DynamoDB JSON request, SigV4-signed as an SDK would sign it, and returns it raw.

    Used for operations newer than Debian's botocore 1.29 and for protocol-level checks.
    """
    data = body if body is not None else json.dumps(payload).encode()
    headers = {
        "Content-Type": "application/x-amz-json-1.0",
        "X-Amz-Target": TARGET_PREFIX + operation,
    }
    headers.update(extra_headers or {})
    request = AWSRequest(method="POST", url=endpoint + "/", data=data, headers=headers)
    if sign:
        SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), "dynamodb", REGION).add_auth(request)
    prepared = request.prepare()
    conn = connection(endpoint)
    try:
        conn.request("POST", "/", body=data, headers=dict(prepared.headers.items()))
        response = conn.getresponse()
        return RawResponse(response.status,
                           {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        conn.close()


def call_ok(endpoint, operation, payload):
    response = signed_request(endpoint, operation, payload)
    assert response.status == 200, (operation, response.status, response.body)
    return response.json()


def expect_raw_error(response, code, message=None, status=400):
    assert response.status == status, (response.status, response.body)
    assert response.error_code == code, response.body
    if message is not None:
        assert response.error_message == message


def expect_error(code, message, fn, *args, **kwargs):
    """Calls a boto3 method expecting a service error with exactly this Code and Message."""
    with pytest.raises(ClientError) as info:
        fn(*args, **kwargs)
    error = info.value.response["Error"]
    assert error["Code"] == code, error
    if message is not None:
        assert error["Message"] == message, error
    return info.value.response


def wait_active(client, table_name, timeout=60.0):
    """Polls DescribeTable (the SDK waiter sleeps 20 s between polls) until the table is ACTIVE."""
    deadline = time.monotonic() + timeout
    while True:
        table = client.describe_table(TableName=table_name)["Table"]
        if table["TableStatus"] == "ACTIVE" or time.monotonic() > deadline:
            return table
        time.sleep(0.1)


def wait_gone(client, table_name, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            client.describe_table(TableName=table_name)
        except ClientError as error:
            if error.response["Error"]["Code"] == "ResourceNotFoundException":
                return
            raise
        time.sleep(0.1)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def expect_error_match(code, pattern, fn, *args, **kwargs):
    """Like expect_error, for messages known only in part: the Message must match `pattern`
    (re.match, i.e. anchored at the start)."""
    with pytest.raises(ClientError) as info:
        fn(*args, **kwargs)
    error = info.value.response["Error"]
    assert error["Code"] == code, error
    assert re.match(pattern, error["Message"]), error
    return info.value.response
