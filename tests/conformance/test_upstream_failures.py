"""A caching proxy (`stator --upstream URL`) whose upstream fails: nothing listens there, it drops
every connection, it answers too slowly, it throttles, it answers 5xx. The client must get the
service's errors, once the proxy's SDK-style retries (here --upstream-max-attempts 3) are spent,
and never hang; an upstream that recovers within the retries gives the client its answer.

An upstream that cannot be reached (refused, dropped or timed-out connections) is answered 503
ServiceUnavailable, as the service answers when it cannot serve: the proxy is up, what it stands
for is not, and every SDK retries a 503. An error the upstream answered reaches the client as the
upstream sent it: type, message, HTTP status.

Each test starts its own upstream (a `stator`, or a small scripted HTTP server standing in for a
failing service) and its own proxy, so it needs the local binary.
"""

import http.server
import json
import os
import socket
import threading
import time

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conformance_util import (ACCESS_KEY, REGION, SECRET_KEY, expect_error, free_port,
                              signed_request, start_proxy, unique_name)
from conftest import TableFactory
from streams_util import server_with
from test_metrics import metrics, sample

pytestmark = pytest.mark.skipif(bool(os.environ.get("STATOR_ENDPOINT")),
                                reason="starts its own upstream and proxy")

ATTEMPTS = 3
# The proxy's retry settings: few attempts and a short exchange timeout, so failures end fast.
PROXY_FLAGS = ("--upstream-max-attempts", str(ATTEMPTS), "--upstream-timeout-ms", "500")
INTERNAL = "com.amazonaws.dynamodb.v20120810#InternalServerError"
UNAVAILABLE = "com.amazonaws.dynamodb.v20120810#ServiceUnavailable"
TABLE_EXCEEDED = ("The level of configured provisioned throughput for the table was exceeded. "
                  "Consider increasing your provisioning level with the UpdateTable API.")


def make_client(endpoint):
    """boto3 with its own retries off, so that what it reports is what the proxy answered."""
    return boto3.session.Session().client(
        "dynamodb", endpoint_url=endpoint, region_name=REGION, aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(retries={"max_attempts": 0}, read_timeout=30))


class proxy_in_front:
    """A proxy in front of `upstream`, stopped on exit."""

    def __init__(self, upstream, *flags):
        self.server = start_proxy(upstream, *PROXY_FLAGS, *flags)

    def __enter__(self):
        return self.server.endpoint

    def __exit__(self, *exc):
        self.server.stop()


class ScriptedUpstream:
    """An HTTP/1.1 server standing in for the service: it answers each request with the next of
    `answers` ((status, JSON body) pairs), then with the last one; `delay` seconds before each
    (an attribute: a test may change it). It counts the requests and records their
    X-Amz-Target."""

    def __init__(self, answers, delay=0.0):
        self.delay = delay
        self.answers = list(answers)
        self.targets = []
        self.lock = threading.Lock()
        upstream = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802 - the http.server API
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status, body = upstream.next_answer(self.headers.get("X-Amz-Target", ""))
                time.sleep(upstream.delay)
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/x-amz-json-1.0")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the proxy gave up waiting and closed the connection

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.endpoint = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def next_answer(self, target):
        with self.lock:
            self.targets.append(target)
            return self.answers[min(len(self.targets), len(self.answers)) - 1]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class DroppingUpstream:
    """A listener that accepts each connection and closes it at once, counting them."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.accepted = 0
        self.endpoint = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            conn.close()

    def close(self):
        self.sock.close()


def expect_status(response, status, type_, message=None):
    assert response.status == status, (response.status, response.body)
    doc = response.json()
    assert doc["__type"] == type_, doc
    if message is not None:
        assert doc["message"] == message, doc


def test_upstream_down_is_answered_service_unavailable():
    # Nothing listens on the upstream's port: every attempt is refused.
    upstream = f"http://127.0.0.1:{free_port()}"
    with proxy_in_front(upstream) as endpoint:
        started = time.monotonic()
        response = signed_request(endpoint, "ListTables", {})
        expect_status(response, 503, UNAVAILABLE)
        assert "refused" in response.json()["message"], response.body
        assert time.monotonic() - started < 10
        # boto3 reports the same error (with its own retries off).
        expect_error("ServiceUnavailable", None, make_client(endpoint).list_tables)


def test_dropped_connections_are_retried_then_answered_service_unavailable():
    upstream = DroppingUpstream()
    try:
        with proxy_in_front(upstream.endpoint) as endpoint:
            response = signed_request(endpoint, "ListTables", {})
            expect_status(response, 503, UNAVAILABLE)
            # One connection per attempt: the proxy retried, and stopped at its limit.
            assert upstream.accepted == ATTEMPTS
    finally:
        upstream.close()


def test_by_default_the_proxy_tries_three_times_as_the_sdks_standard_mode():
    # Its clients retry too; DynamoDB's 10 tries of 10 s would outlast boto3's 60 s read timeout.
    upstream = DroppingUpstream()
    proxy = start_proxy(upstream.endpoint)
    try:
        expect_status(signed_request(proxy.endpoint, "ListTables", {}), 503, UNAVAILABLE)
        assert upstream.accepted == 3
    finally:
        proxy.stop()
        upstream.close()


def test_slow_upstream_ends_in_an_error_not_a_hang():
    # Each answer comes after 3 s; the proxy gives an exchange 500 ms.
    upstream = ScriptedUpstream([(200, {"TableNames": []})], delay=3.0)
    try:
        with proxy_in_front(upstream.endpoint) as endpoint:
            started = time.monotonic()
            response = signed_request(endpoint, "ListTables", {})
            elapsed = time.monotonic() - started
            expect_status(response, 503, UNAVAILABLE)
            assert "timed out" in response.json()["message"], response.body
            assert elapsed < 3.0 * ATTEMPTS, elapsed  # every attempt was cut at its timeout
            assert len(upstream.targets) == ATTEMPTS
    finally:
        upstream.close()


def test_a_call_timeout_bounds_a_request_to_the_upstream_in_all():
    # Exchanges may take the default 10 s, but the whole request only 800 ms: the first try is
    # cut there and no retry could start within it.
    upstream = ScriptedUpstream([(200, {"TableNames": []})], delay=3.0)
    try:
        proxy = start_proxy(upstream.endpoint, "--upstream-call-timeout-ms", "800")
        try:
            started = time.monotonic()
            response = signed_request(proxy.endpoint, "ListTables", {})
            elapsed = time.monotonic() - started
            expect_status(response, 503, UNAVAILABLE)
            assert "timed out" in response.json()["message"], response.body
            assert 0.7 < elapsed < 2.5, elapsed
            assert len(upstream.targets) == 1
        finally:
            proxy.stop()
    finally:
        upstream.close()


def test_a_miss_waiting_on_the_upstream_holds_up_no_hit():
    # One I/O thread: were the miss's exchange made on it, the hit would wait for the miss. The
    # proxy's default exchange timeout (10 s), not this file's short one, lets the miss wait 2 s.
    item = {"id": {"S": "a"}, "v": {"S": "cached"}}
    upstream = ScriptedUpstream([(200, {"Item": item})])
    proxy = start_proxy(upstream.endpoint, "--threads", "1")
    try:
        endpoint = proxy.endpoint
        hit_key = {"TableName": "slow", "Key": {"id": {"S": "a"}}}
        assert signed_request(endpoint, "GetItem", hit_key).headers["x-stator-cache"] == "miss"
        upstream.delay = 2.0
        missed = {}
        miss = threading.Thread(target=lambda: missed.update(response=signed_request(
            endpoint, "GetItem", {"TableName": "slow", "Key": {"id": {"S": "b"}}})))
        miss.start()
        deadline = time.monotonic() + 10
        while len(upstream.targets) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(upstream.targets) == 2, "the miss never reached the upstream"
        hit = signed_request(endpoint, "GetItem", hit_key)
        answered_during_the_miss = miss.is_alive()
        miss.join(timeout=15)
        assert hit.status == 200 and hit.headers["x-stator-cache"] == "hit", hit.body
        assert hit.json()["Item"] == item
        assert answered_during_the_miss, "the hit waited for the miss"
        assert missed["response"].status == 200, missed["response"].body
        assert missed["response"].headers["x-stator-cache"] == "miss"
    finally:
        proxy.stop()
        upstream.close()


def test_5xx_answers_are_retried_and_the_final_answer_reaches_the_client():
    failure = (500, {"__type": INTERNAL, "message": "Internal server error"})
    upstream = ScriptedUpstream([failure, failure, (200, {"TableNames": ["after_two_500s"]})])
    try:
        with proxy_in_front(upstream.endpoint) as endpoint:
            assert make_client(endpoint).list_tables()["TableNames"] == ["after_two_500s"]
            assert upstream.targets == ["DynamoDB_20120810.ListTables"] * 3
    finally:
        upstream.close()


def test_5xx_answers_past_the_retries_reach_the_client_as_sent():
    upstream = ScriptedUpstream([(500, {"__type": INTERNAL, "message": "Internal server error"})])
    try:
        with proxy_in_front(upstream.endpoint) as endpoint:
            response = signed_request(endpoint, "ListTables", {})
            expect_status(response, 500, INTERNAL, "Internal server error")
            assert len(upstream.targets) == ATTEMPTS
    finally:
        upstream.close()


def test_an_error_type_the_proxy_has_no_code_for_keeps_its_type_and_status():
    # ServiceUnavailable is no ErrorCode of Stator's; it must still reach the client unchanged.
    message = "The service is briefly unavailable"
    upstream = ScriptedUpstream([(503, {"__type": UNAVAILABLE, "message": message})])
    try:
        with proxy_in_front(upstream.endpoint) as endpoint:
            expect_status(signed_request(endpoint, "ListTables", {}), 503, UNAVAILABLE, message)
            assert len(upstream.targets) == ATTEMPTS  # a 503 is retried as any 5xx
    finally:
        upstream.close()


def test_a_write_that_may_have_applied_leaves_no_stale_item_cached():
    # The upstream answers the GetItem, then fails the PutItem with 500s: whether the put applied
    # is unknown, so the proxy must not answer the next GetItem from the item it cached.
    key = {"id": {"S": "k"}}
    failure = (500, {"__type": INTERNAL, "message": "Internal server error"})
    upstream = ScriptedUpstream([(200, {"Item": {"id": {"S": "k"}, "v": {"S": "old"}}}),
                                 failure, failure, failure,
                                 (200, {"Item": {"id": {"S": "k"}, "v": {"S": "new"}}})])
    try:
        with proxy_in_front(upstream.endpoint) as endpoint:
            client = make_client(endpoint)
            assert client.get_item(TableName="items", Key=key)["Item"]["v"] == {"S": "old"}
            with pytest.raises(ClientError) as info:
                client.put_item(TableName="items", Item={"id": {"S": "k"}, "v": {"S": "new"}})
            assert info.value.response["Error"]["Code"] == "InternalServerError"
            assert client.get_item(TableName="items", Key=key)["Item"]["v"] == {"S": "new"}
            assert upstream.targets[-1] == "DynamoDB_20120810.GetItem"
    finally:
        upstream.close()


def big(name, kb=350):
    """An item of about `kb` KB: that many write units at once."""
    return {"id": {"S": name}, "pad": {"S": "x" * (kb * 1024 - 16)}}


@pytest.fixture
def upstream_throttling():
    """(a client of a proxy in front of a server with --throttling on, a TableFactory of it,
    the upstream's endpoint, the proxy's)."""
    with server_with("--throttling", "on") as upstream, proxy_in_front(upstream) as endpoint:
        client = make_client(endpoint)
        tables = TableFactory(client)
        try:
            yield client, tables, upstream, endpoint
        finally:
            tables.cleanup()


def test_upstream_throttling_reaches_the_client_after_the_retries(upstream_throttling):
    client, tables, upstream, endpoint = upstream_throttling
    table = tables.create(BillingMode="PROVISIONED",
                          ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
    # 300 seconds of 1 WCU: one 350-unit write is admitted and leaves a debt of about 50 units,
    # which the retries' few hundred milliseconds cannot refill.
    client.put_item(TableName=table, Item=big("a"))
    before = sample(metrics(upstream), "stator_write_throttle_events_total", table=table)
    raw = signed_request(endpoint, "PutItem", {"TableName": table, "Item": {"id": {"S": "b"}}})
    expect_status(raw, 400,
                  "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
                  TABLE_EXCEEDED)
    # The service's ThrottlingReasons come through too.
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    assert raw.json()["ThrottlingReasons"] == [
        {"reason": "TableWriteProvisionedThroughputExceeded", "resource": arn}]
    after = sample(metrics(upstream), "stator_write_throttle_events_total", table=table)
    assert after - before == ATTEMPTS  # every attempt reached the upstream, and no more
    expect_error("ProvisionedThroughputExceededException", TABLE_EXCEEDED,
                 client.put_item, TableName=table, Item={"id": {"S": "c"}})


def test_the_throttled_part_of_a_batch_write_comes_back_unprocessed(upstream_throttling):
    client, tables, _, _ = upstream_throttling

    def provisioned(rcu, wcu):
        return tables.create(BillingMode="PROVISIONED",
                             ProvisionedThroughput={"ReadCapacityUnits": rcu,
                                                    "WriteCapacityUnits": wcu})

    hot, cool = provisioned(1, 1), provisioned(1, 1000)
    client.put_item(TableName=hot, Item=big("a"))  # spends the burst
    out = client.batch_write_item(RequestItems={
        hot: [{"PutRequest": {"Item": {"id": {"S": "h"}}}}],
        cool: [{"PutRequest": {"Item": {"id": {"S": "c"}}}}],
    })
    assert out["UnprocessedItems"] == {hot: [{"PutRequest": {"Item": {"id": {"S": "h"}}}}]}
    # What was written is read back through the proxy, what was handed back is not there.
    assert client.get_item(TableName=cool, Key={"id": {"S": "c"}})["Item"] == {"id": {"S": "c"}}
    assert "Item" not in client.get_item(TableName=hot, Key={"id": {"S": "h"}})


def test_upstream_throttling_absorbed_by_the_retries_is_a_success():
    # The first two answers throttle, the third accepts: the client sees only the success.
    throttled = (400, {"__type": "com.amazonaws.dynamodb.v20120810#"
                                 "ProvisionedThroughputExceededException",
                       "message": TABLE_EXCEEDED})
    upstream = ScriptedUpstream([throttled, throttled, (200, {})])
    try:
        with proxy_in_front(upstream.endpoint) as endpoint:
            name = unique_name()
            make_client(endpoint).put_item(TableName=name, Item={"id": {"S": "a"}})
            assert upstream.targets.count("DynamoDB_20120810.PutItem") == 3
    finally:
        upstream.close()
