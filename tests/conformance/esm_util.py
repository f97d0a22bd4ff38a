"""Helpers for the event source mapping tests: mapping files, servers started with them, the
handlers' invocation logs, an HTTP handler in the test process, the stream read raw (as JSON, the
way a Lambda event spells it) and the administrative listing.

Handlers are real processes started by the server: handlers/recorder.py through
tools/lambda/python_runner.py, handlers/recorder.mjs through tools/lambda/node_runner.mjs. Each
writes one JSON line per invocation to a file of the test's tmp dir, so what a test asserts is
what the handler was given. Everything waits by polling with a deadline.

Thread safety: a UrlHandler's log is read by the test while its server thread appends to it,
under its lock; the rest is used by one test thread.
"""

import datetime
import http.server
import json
import os
import re
import threading
import time

from conformance_util import REPO_ROOT, Server, connection
from streams_util import streams_request

HANDLERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "handlers")
PYTHON = "/usr/bin/python3"
PYTHON_RUNNER = os.path.join(REPO_ROOT, "tools", "lambda", "python_runner.py")
NODE_RUNNER = os.path.join(REPO_ROOT, "tools", "lambda", "node_runner.mjs")
ADMIN_PATH = "/stator/event-source-mappings"
# How long a change may take to reach a handler. Each invocation starts a process (tens of ms),
# and retries back off, so this is generous; tests return as soon as what they wait for is there.
DELIVERY_DEADLINE = 30.0
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


# --------------------------------------------------------------------------- handlers

def python_handler(log, **env):
    """A Command handler running handlers/recorder.py through the Python runner; `env` are the
    recorder's ESM_* settings (and may override the runner's STATOR_* variables)."""
    settings = [f"ESM_LOG={log}"] + [f"{k}={v}" for k, v in sorted(env.items())]
    return {"Command": ["/usr/bin/env", *settings, PYTHON, PYTHON_RUNNER,
                        os.path.join(HANDLERS, "recorder.py"), "handler"]}


def node_handler(log, node="node"):
    return {"Command": ["/usr/bin/env", f"ESM_LOG={log}", node, NODE_RUNNER,
                        os.path.join(HANDLERS, "recorder.mjs"), "handler"]}


def read_log(path):
    """The invocations a recorder wrote down, oldest first ([] before the first)."""
    try:
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def records_of(invocations):
    return [r for inv in invocations for r in inv["event"]["Records"]]


def event_ids(invocations):
    return [r["eventID"] for r in records_of(invocations)]


def succeeded(invocations):
    return [inv for inv in invocations if inv["outcome"] == "ok"]


def eventually(probe, timeout=DELIVERY_DEADLINE, interval=0.05):
    """Calls `probe` until it returns something truthy or the deadline passes; returns the last
    result either way so that the caller's assertion shows what was seen."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


def wait_log(path, done, timeout=DELIVERY_DEADLINE):
    """Polls the log at `path` until done(invocations) holds; returns the invocations then (or at
    the deadline, for the caller's assertion to show)."""
    seen = []

    def probe():
        seen[:] = read_log(path)
        return done(seen)

    eventually(probe, timeout)
    return list(seen)


def wait_records(path, count, timeout=DELIVERY_DEADLINE):
    """Waits until successful invocations have carried at least `count` records."""
    return wait_log(path, lambda invs: len(records_of(succeeded(invs))) >= count, timeout)


def wait_gone(pid, timeout=10.0):
    """True once no process `pid` runs (a zombie counts as gone: it runs nothing)."""
    def gone():
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as f:
                return f.read().rsplit(")", 1)[1].split()[0] == "Z"
        except FileNotFoundError:
            return True
    return eventually(gone, timeout)


def kill_leftover(pid):
    """Ends a handler process a failed test may have left behind (a pid the test logged)."""
    try:
        os.kill(pid, 9)
    except (ProcessLookupError, PermissionError):
        pass


class UrlHandler:
    """A handler behind {"Url": ...}: an HTTP server in the test process that writes down every
    request and answers with the next of `responses` ((status, body) pairs; the last one
    repeats), `delay` seconds after the request came (each request on a thread of its own)."""

    def __init__(self, responses=((200, b""),), path="/invoke", delay=0.0):
        self.path = path
        self.delay = delay
        self.requests = []  # {"time", "method", "path", "headers", "event"}
        self._responses = list(responses)
        self._lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802 - the standard library's name
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status, reply = outer._record(self, body)
                time.sleep(outer.delay)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}{path}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def _record(self, request, body):
        with self._lock:
            index = len(self.requests)
            status, reply = self._responses[min(index, len(self._responses) - 1)]
            self.requests.append({
                "time": time.time(), "method": request.command, "path": request.path,
                "headers": {k.lower(): v for k, v in request.headers.items()},
                "event": json.loads(body), "status": status,
                "outcome": "ok" if 200 <= status < 300 and _parses(reply) else "error",
            })
        return status, reply

    def log(self):
        with self._lock:
            return list(self.requests)

    def wait(self, done, timeout=DELIVERY_DEADLINE):
        return eventually(lambda: (lambda seen: seen if done(seen) else None)(self.log()),
                          timeout) or self.log()

    def handler(self):
        return {"Url": self.url}

    def close(self):
        self._server.shutdown()
        self._server.server_close()


def _parses(reply):
    try:
        return not reply.strip() or isinstance(json.loads(reply), (dict, type(None)))
    except ValueError:
        return False


# --------------------------------------------------------------------------- mappings and servers

def mapping(function_name, handler, table_name=None, event_source_arn=None, **options):
    """One entry of a mapping file, in CreateEventSourceMapping's spelling."""
    entry = {"FunctionName": function_name, "Handler": handler,
             "StartingPosition": options.pop("StartingPosition", "TRIM_HORIZON")}
    if table_name is not None:
        entry["TableName"] = table_name
    if event_source_arn is not None:
        entry["EventSourceArn"] = event_source_arn
    entry.update(options)
    return entry


def write_mapping_file(directory, mappings, name="mappings.json"):
    path = os.path.join(str(directory), name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(mappings, f, indent=2)
    return path


def start_server(directory, mappings=None, data_dir=None, mapping_file=None):
    """A stator process with its own database (in memory, or `data_dir`) and the mappings."""
    args = ["--port", "0"]
    args += ["--data-dir", str(data_dir)] if data_dir else ["--in-memory"]
    if mappings is not None:
        mapping_file = write_mapping_file(directory, mappings)
    if mapping_file:
        args += ["--event-source-mappings", mapping_file]
    return Server(args)


def create_stream_table(client, name, view_type="NEW_AND_OLD_IMAGES", hash_key="p"):
    """Creates `name` keyed by `hash_key` (S) with a stream; returns its stream's ARN."""
    client.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": hash_key, "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": hash_key, "AttributeType": "S"}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": view_type})
    table = eventually(lambda: (lambda t: t if t["TableStatus"] == "ACTIVE" else None)(
        client.describe_table(TableName=name)["Table"]), timeout=60)
    assert table, f"table {name} never became ACTIVE"
    return table["LatestStreamArn"]


# --------------------------------------------------------------------------- the stream, raw

def stream_shards(endpoint, arn):
    shards, start = [], None
    while True:
        payload = {"StreamArn": arn}
        if start:
            payload["ExclusiveStartShardId"] = start
        page = streams_request(endpoint, "DescribeStream", payload)["StreamDescription"]
        shards.extend(page["Shards"])
        start = page.get("LastEvaluatedShardId")
        if not start:
            return shards


def raw_stream_records(endpoint, arn):
    """Every record of the stream as GetRecords' JSON spells it (numbers, not datetimes), shard
    by shard in the order DescribeStream lists them (one shard in these tests), as
    (shard id, record)."""
    out = []
    for shard in stream_shards(endpoint, arn):
        iterator = streams_request(endpoint, "GetShardIterator", {
            "StreamArn": arn, "ShardId": shard["ShardId"],
            "ShardIteratorType": "TRIM_HORIZON"})["ShardIterator"]
        for _ in range(1000):
            page = streams_request(endpoint, "GetRecords", {"ShardIterator": iterator})
            out.extend((shard["ShardId"], r) for r in page["Records"])
            iterator = page.get("NextShardIterator")
            if iterator is None or not page["Records"]:
                break
    return out


def as_lambda_record(raw_record, arn):
    """What Lambda's event holds for a GetRecords record: the same, plus eventSourceARN."""
    return dict(raw_record, eventSourceARN=arn)


# --------------------------------------------------------------------------- outputs

def read_json_lines(path):
    try:
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def parse_time(text):
    """An ISO 8601 UTC time as Lambda writes it ("2019-11-14T00:13:49.717Z")."""
    assert isinstance(text, str) and text.endswith("Z"), text
    return datetime.datetime.fromisoformat(text[:-1]).replace(tzinfo=datetime.timezone.utc)


def admin_listing(endpoint):
    """GET /stator/event-source-mappings: (status, parsed body)."""
    conn = connection(endpoint)
    try:
        conn.request("GET", ADMIN_PATH)
        response = conn.getresponse()
        body = response.read()
        return response.status, json.loads(body) if body else None
    finally:
        conn.close()


def listed_mappings(body):
    """The mappings of the listing: a JSON array, one object per mapping."""
    assert isinstance(body, list), body
    return body
