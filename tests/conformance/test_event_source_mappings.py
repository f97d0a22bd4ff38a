"""Event source mappings end to end: a server started with `--event-source-mappings FILE` runs real
handler processes on its tables' streams, and each test checks what the handlers were given.

Handlers are unchanged Lambda handlers (handlers/recorder.py through tools/lambda/python_runner.py,
handlers/recorder.mjs through tools/lambda/node_runner.mjs) and an HTTP handler served by the test
itself. What is expected is what AWS Lambda documents for a DynamoDB stream source: the event
(with-ddb.html), batching and retries (CreateEventSourceMapping), partial batch responses
(services-ddb-batchfailurereporting.html), the on-failure invocation record
(services-dynamodb-errors.html), event filtering (with-ddb-filtering.html). Every test starts its
own server, so the exact set of records a stream holds is known; waits poll with a deadline.
"""

import base64
import datetime
import json
import os
import shutil
import time

import pytest
from botocore.exceptions import ClientError

from conftest import make_client
from conformance_util import REGION, unique_name
from esm_util import (UUID, UrlHandler, admin_listing, as_lambda_record,
                      create_stream_table, event_ids, eventually, kill_leftover,
                      listed_mappings, mapping, node_handler, parse_time, python_handler,
                      raw_stream_records, read_json_lines, read_log, records_of, start_server,
                      succeeded, wait_gone, wait_log, wait_records)
from streams_util import sets_sorted
from test_metrics import metrics, sample

pytestmark = pytest.mark.skipif(bool(os.environ.get("STATOR_ENDPOINT")),
                                reason="starts its own servers with mapping files")

RECORD_FIELDS = {"eventID", "eventName", "eventVersion", "eventSource", "awsRegion", "dynamodb",
                 "eventSourceARN"}


class Harness:
    """What one test starts: servers, HTTP handlers, handler logs; all ended at teardown,
    including handler processes a failing test left hanging (by the pids they logged)."""

    def __init__(self, directory):
        self.dir = directory
        self.servers, self.urls, self.logs = [], [], []

    def log(self, name):
        path = str(self.dir / f"{name}.jsonl")
        self.logs.append(path)
        return path

    def start(self, mappings=None, data_dir=None):
        server = start_server(self.dir, mappings, data_dir=data_dir)
        self.servers.append(server)
        return server

    def url_handler(self, responses=((200, b""),)):
        handler = UrlHandler(responses)
        self.urls.append(handler)
        return handler

    def close(self):
        for server in self.servers:
            server.stop()
        for handler in self.urls:
            handler.close()
        for log in self.logs:
            for inv in read_log(log):
                if inv["outcome"] == "hang":
                    kill_leftover(inv["pid"])
                    if "child" in inv:
                        kill_leftover(inv["child"])


@pytest.fixture
def esm(tmp_path):
    harness = Harness(tmp_path)
    yield harness
    harness.close()


def key(p):
    return {"p": {"S": p}}


def item(p, **numbers):
    return {"p": {"S": p}, **{k: {"N": str(v)} for k, v in numbers.items()}}


def keys_of(records):
    return [r["dynamodb"]["Keys"]["p"]["S"] for r in records]


def put_all(client, table, keys, **attributes):
    for k in keys:
        client.put_item(TableName=table, Item={"p": {"S": k}, **attributes})


def json_value(value):
    """A low-level boto3 attribute value as DynamoDB's JSON spells it (binary as base64)."""
    (kind, inner), = value.items()
    if kind == "B":
        return {kind: base64.b64encode(inner).decode()}
    if kind == "BS":
        return {kind: [base64.b64encode(b).decode() for b in inner]}
    if kind == "M":
        return {kind: {k: json_value(v) for k, v in inner.items()}}
    if kind == "L":
        return {kind: [json_value(v) for v in inner]}
    return value


def image(item_):
    """An item as a record's image spells it, sets in a fixed order to compare."""
    return sets_sorted({k: json_value(v) for k, v in item_.items()})


# --------------------------------------------------------------------------- delivery

def apply_changes(client, table):
    """Changes items through every write operation, including writes that change nothing.
    Returns, per key, the changes the stream must record: (eventName, old image, new image)."""
    expected = {}

    def change(p, event, old=None, new=None):
        expected.setdefault(p, []).append((event, old, new))

    client.put_item(TableName=table, Item=item("a", v=1))
    change("a", "INSERT", new=item("a", v=1))
    client.put_item(TableName=table, Item=item("a", v=2))
    change("a", "MODIFY", item("a", v=1), item("a", v=2))
    client.update_item(TableName=table, Key=key("a"), UpdateExpression="SET v = v + :one",
                       ExpressionAttributeValues={":one": {"N": "1"}})
    change("a", "MODIFY", item("a", v=2), item("a", v=3))
    client.update_item(TableName=table, Key=key("b"), UpdateExpression="SET v = :v",
                       ExpressionAttributeValues={":v": {"N": "1"}})
    change("b", "INSERT", new=item("b", v=1))
    client.delete_item(TableName=table, Key=key("a"))
    change("a", "REMOVE", old=item("a", v=3))
    client.delete_item(TableName=table, Key=key("never"))  # nothing to delete: no record

    client.batch_write_item(RequestItems={table: [
        {"PutRequest": {"Item": item("c", v=1)}},
        {"PutRequest": {"Item": item("d", v=1)}},
        {"DeleteRequest": {"Key": key("b")}},
    ]})
    change("c", "INSERT", new=item("c", v=1))
    change("d", "INSERT", new=item("d", v=1))
    change("b", "REMOVE", old=item("b", v=1))

    client.transact_write_items(TransactItems=[
        {"Put": {"TableName": table, "Item": item("e", v=1)}},
        {"Update": {"TableName": table, "Key": key("c"), "UpdateExpression": "SET v = :two",
                    "ExpressionAttributeValues": {":two": {"N": "2"}}}},
        {"Delete": {"TableName": table, "Key": key("d")}},
        {"ConditionCheck": {"TableName": table, "Key": key("never"),
                            "ConditionExpression": "attribute_not_exists(p)"}},
    ])
    change("e", "INSERT", new=item("e", v=1))
    change("c", "MODIFY", item("c", v=1), item("c", v=2))
    change("d", "REMOVE", old=item("d", v=1))

    # Refused writes record nothing.
    with pytest.raises(ClientError):
        client.put_item(TableName=table, Item=item("c", v=9),
                        ConditionExpression="attribute_not_exists(p)")
    with pytest.raises(ClientError):
        client.transact_write_items(TransactItems=[
            {"Put": {"TableName": table, "Item": item("f", v=1)}},
            {"ConditionCheck": {"TableName": table, "Key": key("a"),
                                "ConditionExpression": "attribute_exists(p)"}},
        ])
    return expected


def changes_by_key(records):
    out = {}
    for r in records:
        data = r["dynamodb"]
        out.setdefault(data["Keys"]["p"]["S"], []).append(
            (r["eventName"], data.get("OldImage"), data.get("NewImage")))
    return out


@pytest.mark.parametrize("kind", ["python", "node", "url"])
def test_every_change_delivered_once_in_order(esm, kind):
    if kind == "node" and shutil.which("node") is None:
        pytest.skip("no node on PATH")
    table = unique_name("stator_esm")
    log = esm.log("changes")
    url = esm.url_handler() if kind == "url" else None
    if kind == "url":
        handler = url.handler()
    else:
        handler = node_handler(log) if kind == "node" else python_handler(log)
    mappings = [mapping("changes", handler, table_name=table)]
    parallel_log = esm.log("parallel")
    if kind == "python":
        # Accepted, and delivered serially for now; the promise is order per key.
        mappings.append(mapping("parallel", python_handler(parallel_log), table_name=table,
                                ParallelizationFactor=4))
    server = esm.start(mappings)
    client = make_client(server.endpoint)
    arn = create_stream_table(client, table)

    expected = apply_changes(client, table)
    client.put_item(TableName=table, Item=item("zz-last", v=1))
    expected["zz-last"] = [("INSERT", None, item("zz-last", v=1))]

    def delivered(invocations):
        return records_of(succeeded(invocations))

    def has_last(invocations):
        return "zz-last" in keys_of(delivered(invocations))

    invocations = url.wait(has_last) if url else wait_log(log, has_last)
    records = delivered(invocations)
    assert "zz-last" in keys_of(records), f"not everything was delivered: {keys_of(records)}"
    assert [inv["outcome"] for inv in invocations] == ["ok"] * len(invocations)

    # Exactly the stream, once, in its order: every record as GetRecords returns it plus
    # eventSourceARN. Writes after the last one were none, so nothing may follow it.
    stream = [as_lambda_record(r, arn) for _, r in raw_stream_records(server.endpoint, arn)]
    assert records == stream
    assert len(set(event_ids(invocations))) == len(records)
    assert changes_by_key(records) == expected

    if url:
        assert {(r["method"], r["path"]) for r in invocations} == {("POST", "/invoke")}
        # What a command finds in its environment comes as headers.
        for request in invocations:
            headers = request["headers"]
            assert headers["x-stator-function-name"] == "changes"
            assert headers["x-stator-event-source-arn"] == arn
            assert UUID.match(headers["x-stator-request-id"]), headers
            assert 0 < int(headers["x-stator-timeout-ms"]) <= 3000
        assert len({r["headers"]["x-stator-request-id"] for r in invocations}) == len(
            invocations)
    else:
        assert {inv["functionName"] for inv in invocations} == {"changes"}
        assert len({inv["requestId"] for inv in invocations}) == len(invocations)
    if kind == "python":
        # Its lanes deliver independently: the last write's lane may finish before the others,
        # so wait for as many records as the stream holds, not for the last one.
        parallel = wait_log(parallel_log, lambda inv: len(delivered(inv)) >= len(stream))
        assert changes_by_key(delivered(parallel)) == expected
        assert sorted(event_ids(parallel)) == sorted(r["eventID"] for r in stream)


FULL_ITEM = {
    "p": {"S": "k1"},
    "s": {"S": "caf\u00e9 \u2713 \"quoted\""},
    "n": {"N": "12345678901234567890.5"},
    "b": {"B": b"\x00\x01\xfe"},
    "t": {"BOOL": True},
    "z": {"NULL": True},
    "ss": {"SS": ["x", "y"]},
    "ns": {"NS": ["1", "2.5"]},
    "bs": {"BS": [b"\x01", b"\x02"]},
    "l": {"L": [{"S": "a"}, {"N": "1"}, {"M": {"deep": {"BOOL": False}}}]},
    "m": {"M": {"inner": {"S": "v"}, "list": {"L": []}}},
}


@pytest.mark.parametrize("view_type", ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE",
                                       "NEW_AND_OLD_IMAGES"])
def test_event_is_lambdas_dynamodb_event(esm, view_type):
    table = unique_name("stator_esm")
    log = esm.log("shape")
    server = esm.start([mapping("shape_fn", python_handler(log), table_name=table,
                                Timeout=5)])
    client = make_client(server.endpoint)
    arn = create_stream_table(client, table, view_type)

    started = time.time()
    client.put_item(TableName=table, Item=FULL_ITEM)
    client.update_item(TableName=table, Key=key("k1"),
                       UpdateExpression="SET n = n + :one REMOVE s",
                       ExpressionAttributeValues={":one": {"N": "1"}})
    updated = {k: v for k, v in FULL_ITEM.items() if k != "s"}
    updated["n"] = {"N": "12345678901234567891.5"}
    client.delete_item(TableName=table, Key=key("k1"))
    finished = time.time()

    invocations = wait_records(log, 3)
    records = records_of(invocations)
    assert len(records) == 3, invocations
    raw = [r for _, r in raw_stream_records(server.endpoint, arn)]
    assert len(raw) == 3
    shard_ids = {shard for shard, _ in raw_stream_records(server.endpoint, arn)}
    assert len(shard_ids) == 1

    for inv in invocations:
        assert set(inv["event"]) == {"Records"}, inv["event"].keys()
        assert inv["functionName"] == "shape_fn"
        assert UUID.match(inv["requestId"]), inv["requestId"]
        assert 0 < inv["remainingMs"] <= 5000

    images = [(None, FULL_ITEM), (FULL_ITEM, updated), (updated, None)]
    for record, stream_record, name, (old, new) in zip(
            records, raw, ["INSERT", "MODIFY", "REMOVE"], images):
        assert set(record) == RECORD_FIELDS, sorted(record)
        assert record["eventID"] == stream_record["eventID"]
        assert record["eventName"] == name
        assert record["eventVersion"] == "1.1"
        assert record["eventSource"] == "aws:dynamodb"
        assert record["awsRegion"] == REGION
        assert record["eventSourceARN"] == arn

        data = record["dynamodb"]
        wanted = {"ApproximateCreationDateTime", "Keys", "SequenceNumber", "SizeBytes",
                  "StreamViewType"}
        if new is not None and view_type in ("NEW_IMAGE", "NEW_AND_OLD_IMAGES"):
            wanted.add("NewImage")
            assert sets_sorted(data["NewImage"]) == image(new)
        if old is not None and view_type in ("OLD_IMAGE", "NEW_AND_OLD_IMAGES"):
            wanted.add("OldImage")
            assert sets_sorted(data["OldImage"]) == image(old)
        assert set(data) == wanted, sorted(data)
        created = data["ApproximateCreationDateTime"]
        assert isinstance(created, (int, float)) and not isinstance(created, bool)
        assert started - 2 <= created <= finished + 1, (started, created, finished)
        assert created == stream_record["dynamodb"]["ApproximateCreationDateTime"]
        assert data["Keys"] == {"p": {"S": "k1"}}
        sequence = data["SequenceNumber"]
        assert sequence == stream_record["dynamodb"]["SequenceNumber"]
        assert sequence.isdecimal() and 21 <= len(sequence) <= 40, sequence
        assert isinstance(data["SizeBytes"], int) and data["SizeBytes"] >= 1
        assert data["SizeBytes"] == stream_record["dynamodb"]["SizeBytes"]
        assert data["StreamViewType"] == view_type
        # Beyond the fields, the whole record is GetRecords' record plus eventSourceARN.
        assert record == as_lambda_record(stream_record, arn)
    sequences = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
    assert sequences == sorted(sequences) and len(set(sequences)) == 3


# --------------------------------------------------------------------------- batching

def test_batch_size_and_starting_position(esm, tmp_path):
    """A backlog is cut into BatchSize batches from TRIM_HORIZON; a LATEST mapping of the same
    stream sees only what is written after it started."""
    data_dir = tmp_path / "data"
    table = unique_name("stator_esm")
    first = esm.start(data_dir=data_dir)
    client = make_client(first.endpoint)
    arn = create_stream_table(client, table, "NEW_IMAGE")
    put_all(client, table, [f"k{i:02d}" for i in range(10)])
    first.stop()

    trim_log, latest_log = esm.log("trim"), esm.log("latest")
    server = esm.start([
        mapping("trim", python_handler(trim_log), event_source_arn=arn, BatchSize=3),
        mapping("latest", python_handler(latest_log), event_source_arn=arn, BatchSize=3,
                StartingPosition="LATEST"),
    ], data_dir=data_dir)
    client = make_client(server.endpoint)
    invocations = wait_records(trim_log, 10)
    assert [len(inv["event"]["Records"]) for inv in invocations] == [3, 3, 3, 1]
    stream = [as_lambda_record(r, arn) for _, r in raw_stream_records(server.endpoint, arn)]
    assert records_of(invocations) == stream
    assert keys_of(stream) == [f"k{i:02d}" for i in range(10)]

    # By now the LATEST mapping has long taken its position (both started together, and the
    # TRIM_HORIZON one has since run four handlers).
    client.put_item(TableName=table, Item=item("after-start", v=1))
    assert keys_of(records_of(wait_records(trim_log, 11)))[10:] == ["after-start"]
    latest = wait_records(latest_log, 1)
    assert keys_of(records_of(latest)) == ["after-start"]


def test_batching_window(esm):
    """With a window, records wait for BatchSize or the window; with a window of 0 (the default)
    they go at once."""
    table = unique_name("stator_esm")
    window_log, eager_log = esm.log("window"), esm.log("eager")
    server = esm.start([
        mapping("window", python_handler(window_log), table_name=table, BatchSize=4,
                MaximumBatchingWindowInSeconds=2),
        mapping("eager", python_handler(eager_log), table_name=table),
    ])
    client = make_client(server.endpoint)
    create_stream_table(client, table)
    written = []  # (before, after) each put
    for i in range(6):
        before = time.time()
        client.put_item(TableName=table, Item=item(f"w{i}", v=i))
        written.append((before, time.time()))

    eager = wait_records(eager_log, 6)
    assert keys_of(records_of(eager)) == [f"w{i}" for i in range(6)]
    assert eager[0]["time"] - written[0][1] < 1.5, "a window of 0 must not hold records back"

    invocations = wait_records(window_log, 6)
    assert [keys_of(inv["event"]["Records"]) for inv in invocations] == [
        ["w0", "w1", "w2", "w3"], ["w4", "w5"]]
    # A full batch goes without waiting for the window; the rest waits for it.
    assert invocations[0]["time"] - written[3][1] < 1.5
    assert invocations[1]["time"] >= written[4][0] + 2.0 - 0.1, (invocations[1], written)
    assert invocations[1]["time"] <= written[5][1] + 2.0 + 5.0


# --------------------------------------------------------------------------- failures

@pytest.mark.parametrize("kind", ["command", "url"])
def test_failing_handler_retried_until_it_succeeds(esm, kind):
    """A failed batch (an exception; for a URL a 500, or a 200 whose body is not JSON) blocks
    its shard and is retried, with growing pauses, until it succeeds; nothing is skipped or
    repeated after."""
    table = unique_name("stator_esm")
    log = esm.log("retry")
    url = None
    if kind == "url":
        url = esm.url_handler([(500, b'{"errorMessage": "boom"}'), (200, b"not json"),
                               (502, b""), (200, b"{}")])
        handler = url.handler()
    else:
        handler = python_handler(log, ESM_FAIL_FIRST=3)
    server = esm.start([mapping("retry", handler, table_name=table)])
    client = make_client(server.endpoint)
    create_stream_table(client, table)
    client.put_item(TableName=table, Item=item("first", v=1))

    def read():
        return url.log() if url else read_log(log)

    invocations = eventually(lambda: (lambda s: s if len(s) >= 4 else None)(read())) or read()
    assert [inv["outcome"] for inv in invocations[:4]] == ["error"] * 3 + ["ok"], invocations
    first_ids = {tuple(event_ids([inv])) for inv in invocations[:4]}
    assert len(first_ids) == 1 and keys_of(records_of(invocations[:1])) == ["first"]
    starts = [inv["time"] for inv in invocations[:4]]
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    assert gaps[-1] > gaps[0], f"retries did not back off: {gaps}"

    client.put_item(TableName=table, Item=item("second", v=1))
    invocations = eventually(lambda: (lambda s: s if len(s) >= 5 else None)(read())) or read()
    assert len(invocations) == 5, invocations
    assert keys_of(records_of(invocations[4:])) == ["second"]
    assert invocations[4]["outcome"] == "ok"


def check_on_failure_line(line, arn, batch, invoke_count, function_name, started):
    """One line of the on-failure file: Lambda's invocation record for a stream batch it gave
    up on (services-dynamodb-errors.html)."""
    assert set(line) >= {"requestContext", "responseContext", "version", "timestamp",
                         "DDBStreamBatchInfo"}, sorted(line)
    context = line["requestContext"]
    assert context["condition"] == "RetryAttemptsExhausted"
    assert context["approximateInvokeCount"] == invoke_count
    assert context["functionArn"].endswith(":function:" + function_name), context
    assert isinstance(context["requestId"], str) and context["requestId"]
    response = line["responseContext"]
    assert response["executedVersion"] == "$LATEST"
    assert response["functionError"] == "Unhandled"
    assert line["version"] == "1.0"
    stamp = parse_time(line["timestamp"])
    now = datetime.datetime.now(datetime.timezone.utc)
    assert started - datetime.timedelta(seconds=2) <= stamp <= now, (started, stamp)

    info = line["DDBStreamBatchInfo"]
    assert info["shardId"] == batch["shard"]
    assert info["startSequenceNumber"] == batch["records"][0]["dynamodb"]["SequenceNumber"]
    assert info["endSequenceNumber"] == batch["records"][-1]["dynamodb"]["SequenceNumber"]
    assert info["batchSize"] == len(batch["records"])
    assert info["streamArn"] == arn
    for name, record in (("approximateArrivalOfFirstRecord", batch["records"][0]),
                         ("approximateArrivalOfLastRecord", batch["records"][-1])):
        arrival = parse_time(info[name]).timestamp()
        assert abs(arrival - record["dynamodb"]["ApproximateCreationDateTime"]) < 1.0, name


def shard_of(endpoint, arn):
    shards = {shard for shard, _ in raw_stream_records(endpoint, arn)}
    assert len(shards) == 1, shards
    return shards.pop()


def test_retry_attempts_exhausted_go_to_on_failure_file(esm):
    table = unique_name("stator_esm")
    log, failures = esm.log("poisoned"), str(esm.dir / "on-failure.jsonl")
    server = esm.start([mapping(
        "poisoned", python_handler(log, ESM_FAIL_IF="poison"), table_name=table, BatchSize=10,
        MaximumBatchingWindowInSeconds=1, MaximumRetryAttempts=2,
        DestinationConfig={"OnFailure": {"Destination": "file://" + failures}})])
    client = make_client(server.endpoint)
    arn = create_stream_table(client, table)
    started = datetime.datetime.now(datetime.timezone.utc)
    put_all(client, table, ["b1"])
    client.put_item(TableName=table, Item={"p": {"S": "b2"}, "poison": {"BOOL": True}})
    put_all(client, table, ["b3", "b4"])

    lines = eventually(lambda: read_json_lines(failures))
    assert len(lines) == 1, lines
    invocations = read_log(log)
    assert [inv["outcome"] for inv in invocations] == ["error"] * 3
    assert {tuple(keys_of(inv["event"]["Records"])) for inv in invocations} == {
        ("b1", "b2", "b3", "b4")}
    batch = {"shard": shard_of(server.endpoint, arn),
             "records": invocations[0]["event"]["Records"]}
    check_on_failure_line(lines[0], arn, batch, 3, "poisoned", started)

    # The shard moved on past the batch.
    client.put_item(TableName=table, Item=item("b5", v=1))
    after = wait_records(log, 1)
    assert keys_of(records_of(succeeded(after))) == ["b5"]
    assert len(after) == 4 and read_json_lines(failures) == lines


def bisect_scenario(esm, retries):
    """Eight records in one batch, k5 poisoned, with BisectBatchOnFunctionError; k8 is written
    once the on-failure file has its line. Returns the invocations once k8 is delivered, the
    on-failure lines, and a check of a line against the batch it should describe."""
    table = unique_name("stator_esm")
    log, failures = esm.log("bisect"), str(esm.dir / "bisect-failures.jsonl")
    server = esm.start([mapping(
        "bisect", python_handler(log, ESM_FAIL_IF="poison"), table_name=table, BatchSize=8,
        MaximumBatchingWindowInSeconds=1, MaximumRetryAttempts=retries,
        BisectBatchOnFunctionError=True,
        DestinationConfig={"OnFailure": {"Destination": failures}})])
    client = make_client(server.endpoint)
    arn = create_stream_table(client, table)
    started = datetime.datetime.now(datetime.timezone.utc)
    for i in range(8):
        extra = {"poison": {"BOOL": True}} if i == 5 else {}
        client.put_item(TableName=table, Item={"p": {"S": f"k{i}"}, **extra})

    lines = eventually(lambda: read_json_lines(failures))
    assert len(lines) == 1, lines
    first = read_log(log)[0]
    assert len(first["event"]["Records"]) == 8, "the first batch should hold all 8"
    shard = shard_of(server.endpoint, arn)

    def check(line, records):
        check_on_failure_line(line, arn, {"shard": shard, "records": records},
                              line["requestContext"]["approximateInvokeCount"], "bisect",
                              started)

    client.put_item(TableName=table, Item=item("k8", v=1))
    invocations = wait_log(log, lambda invs: "k8" in keys_of(records_of(succeeded(invs))))
    return invocations, read_json_lines(failures), check


def poison_record(invocations):
    return next(r for r in records_of(invocations) if keys_of([r]) == ["k5"])


def test_bisect_isolates_poison_record(esm):
    invocations, lines, check = bisect_scenario(esm, retries=3)
    assert any(keys_of(inv["event"]["Records"]) == ["k5"] for inv in invocations), (
        "the poison record was never invoked alone")
    check(lines[0], [poison_record(invocations)])
    delivered = keys_of(records_of(succeeded(invocations)))
    assert delivered == ["k0", "k1", "k2", "k3", "k4", "k6", "k7", "k8"]


def test_bisect_splits_do_not_use_up_retry_attempts(esm):
    """"Splitting a batch does not count towards the retry quota" (services-dynamodb-errors):
    with one retry, the halves still narrow down to the poison record, and only it is given
    up on."""
    invocations, lines, check = bisect_scenario(esm, retries=1)
    batches = [keys_of(inv["event"]["Records"]) for inv in invocations]
    info = lines[0]["DDBStreamBatchInfo"]
    poison = poison_record(invocations)["dynamodb"]["SequenceNumber"]
    assert (info["batchSize"], info["startSequenceNumber"]) == (1, poison), batches
    check(lines[0], [poison_record(invocations)])
    delivered = keys_of(records_of(succeeded(invocations)))
    assert delivered == ["k0", "k1", "k2", "k3", "k4", "k6", "k7", "k8"], batches


def partial_batch_scenario(esm, report):
    """Six records in one batch; the handler names r2 and r4 as failed the first time it sees
    them. Once that first invocation is over, r6 is written. Returns the invocations once r6 has
    been delivered."""
    table = unique_name("stator_esm")
    log = esm.log("partial")
    options = {"FunctionResponseTypes": ["ReportBatchItemFailures"]} if report else {}
    server = esm.start([mapping("partial", python_handler(log, ESM_REPORT_IF="flaky"),
                                table_name=table, BatchSize=10,
                                MaximumBatchingWindowInSeconds=1, **options)])
    client = make_client(server.endpoint)
    create_stream_table(client, table)
    for i in range(6):
        extra = {"flaky": {"BOOL": True}} if i in (2, 4) else {}
        client.put_item(TableName=table, Item={"p": {"S": f"r{i}"}, **extra})
    first = wait_log(log, lambda invs: len(invs) >= 1)
    assert first and first[0]["outcome"] == "partial", first
    client.put_item(TableName=table, Item=item("r6", v=1))
    return wait_log(log, lambda invs: "r6" in keys_of(records_of(succeeded(invs))))


def test_report_batch_item_failures_retries_from_lowest_failed(esm):
    invocations = partial_batch_scenario(esm, report=True)
    batches = [keys_of(inv["event"]["Records"]) for inv in invocations]
    assert batches[0] == [f"r{i}" for i in range(6)], batches
    # The checkpoint moved to r2, the lowest failed record: the retry starts there, and r0 and
    # r1 are never sent again.
    assert batches[1][:4] == ["r2", "r3", "r4", "r5"], batches
    assert invocations[1]["outcome"] == "ok"
    later = [k for batch in batches[1:] for k in batch]
    assert "r0" not in later and "r1" not in later, batches
    assert later.count("r6") == 1, batches


def test_batch_item_failures_ignored_without_report_batch_item_failures(esm):
    """"Even when your function code returns partial batch failure responses, these responses
    will not be processed by Lambda unless the ReportBatchItemFailures feature is explicitly
    turned on" (services-ddb-batchfailurereporting.html): the invocation succeeded, and nothing
    is sent again."""
    invocations = partial_batch_scenario(esm, report=False)
    batches = [keys_of(inv["event"]["Records"]) for inv in invocations]
    assert batches == [[f"r{i}" for i in range(6)], ["r6"]], batches


@pytest.mark.parametrize("who", ["server kills it", "runner times out"])
def test_hanging_handler_stopped_at_timeout(esm, who):
    """A handler still running at its Timeout fails the batch. Through the runner, the runner
    reports Sandbox.Timedout itself; a command that ignores the time it was given (here the
    runner told it has ten minutes) is killed by the server, with its process group."""
    table = unique_name("stator_esm")
    log, failures = esm.log("hang"), str(esm.dir / "hang-failures.jsonl")
    env = {"ESM_HANG_IF": "hang"}
    if who == "server kills it":
        env.update(STATOR_TIMEOUT_MS="600000", ESM_HANG_CHILD="1")
    server = esm.start([mapping(
        "hang", python_handler(log, **env), table_name=table, Timeout=1, MaximumRetryAttempts=1,
        DestinationConfig={"OnFailure": {"Destination": failures}})])
    client = make_client(server.endpoint)
    arn = create_stream_table(client, table)
    started = datetime.datetime.now(datetime.timezone.utc)
    client.put_item(TableName=table, Item={"p": {"S": "h"}, "hang": {"BOOL": True}})

    lines = eventually(lambda: read_json_lines(failures), timeout=20)
    assert len(lines) == 1, (lines, read_log(log))
    invocations = read_log(log)
    assert [inv["outcome"] for inv in invocations] == ["hang", "hang"]
    gap = invocations[1]["time"] - invocations[0]["time"]
    assert 0.9 <= gap < 10, f"the retry came {gap:.2f} s after the first try (Timeout 1)"
    for inv in invocations:
        for pid in (inv["pid"], inv.get("child")):
            if pid is not None:
                assert wait_gone(pid), f"process {pid} of a timed-out invocation still runs"
    check_on_failure_line(lines[0], arn, {"shard": shard_of(server.endpoint, arn),
                                          "records": invocations[0]["event"]["Records"]},
                          2, "hang", started)

    client.put_item(TableName=table, Item=item("after", v=1))
    after = wait_records(log, 1)
    assert keys_of(records_of(succeeded(after))) == ["after"]


# --------------------------------------------------------------------------- filters

MID, LARGE = "m" * 120, "l" * 600  # pads that set records' SizeBytes apart
FILTER_ITEMS = [  # (key, attributes); then user-2 is modified, then a sentinel is written
    ("user-1", {"color": {"S": "red"}, "qty": {"N": "15"}, "tag": {"S": "x"}}),
    ("user-2", {"color": {"S": "Red"}, "qty": {"N": "10"}, "pad": {"S": MID}}),
    ("users", {"color": {"S": "blue"}, "qty": {"N": "20"}, "tag": {"N": "1"},
               "pad": {"S": LARGE}}),
    ("admin-user-3", {"color": {"S": "red"}, "qty": {"N": "10.5"}, "tag": {"S": "y"},
                      "pad": {"S": MID}}),
    ("user-5", {"color": {"S": "green"}, "qty": {"N": "21"}}),
    ("x-6", {"color": {"S": "red"}, "qty": {"S": "15"}, "pad": {"S": LARGE}}),
    ("user-7", {"color": {"S": "blue"}, "qty": {"N": "-5"}, "tag": {"S": "z"},
                "pad": {"S": MID}}),
]
SIZE_RANGE = (100, 500)  # (lowest excluded, highest included): the MID records


def dynamodb_pattern(**where):
    return {"Pattern": json.dumps({"dynamodb": where})}


def sizes_in_range(stream):
    """The records of `stream` (GetRecords' JSON) whose SizeBytes fall in SIZE_RANGE."""
    low, high = SIZE_RANGE
    return [r for r in stream if low < r["dynamodb"]["SizeBytes"] <= high]


FILTERS = {
    # name: (filters, the keys of the records they select in order, "user-2'" being the
    # MODIFY; None when the stream's SizeBytes decide). Each table's sentinel, written last,
    # matches its filter.
    "exact": ([dynamodb_pattern(NewImage={"color": {"S": ["red"]}})],
              ["user-1", "admin-user-3", "x-6", "user-2'"]),
    "prefix": ([dynamodb_pattern(Keys={"p": {"S": [{"prefix": "user-"}]}})],
               ["user-1", "user-2", "user-5", "user-7", "user-2'"]),
    # Numeric rules compare JSON numbers, such as SizeBytes...
    "numeric": ([dynamodb_pattern(SizeBytes=[{"numeric": [">", SIZE_RANGE[0],
                                                          "<=", SIZE_RANGE[1]]}])], None),
    # ...and never a DynamoDB number, a string in the event: "it is not possible to use numeric
    # based filters" on one (AWS's lambda-esm-ddb-filters-sam pattern). Only the second
    # filter, the sentinel's key, selects anything.
    "numeric_on_n": ([dynamodb_pattern(NewImage={"qty": {"N": [{"numeric": [">", 10,
                                                                            "<=", 20]}]}}),
                      dynamodb_pattern(Keys={"p": {"S": ["user-last"]}})], []),
    # Exists works on leaves: the S under an attribute, not the attribute's object.
    "exists": ([dynamodb_pattern(NewImage={"tag": {"S": [{"exists": True}]}})],
               ["user-1", "admin-user-3", "user-7"]),
    "anything_but": ([dynamodb_pattern(NewImage={"color": {"S": [{"anything-but": ["red"]}]}})],
                     ["user-2", "users", "user-5", "user-7"]),
    "either": ([{"Pattern": '{"eventName": ["MODIFY"]}'},
                dynamodb_pattern(NewImage={"color": {"S": ["blue"]}})],
               ["users", "user-7", "user-2'"]),
}


def labels(records):
    return [k + ("'" if r["eventName"] == "MODIFY" else "")
            for k, r in zip(keys_of(records), records)]


def test_filter_criteria_select_exactly_the_matching_records(esm):
    """Each pattern form on its own table, so that a record written last which the filter
    matches proves every record before it was decided."""
    tables = {name: unique_name(f"stator_esm_{name}") for name in FILTERS}
    logs = {name: esm.log(f"filter_{name}") for name in FILTERS}
    server = esm.start([mapping(name, python_handler(logs[name]), table_name=tables[name],
                                FilterCriteria={"Filters": FILTERS[name][0]})
                        for name in FILTERS])
    client = make_client(server.endpoint)
    arns = {}
    for name, table in tables.items():
        arns[name] = create_stream_table(client, table)
        for p, attributes in FILTER_ITEMS:
            client.put_item(TableName=table, Item={"p": {"S": p}, **attributes})
        client.update_item(TableName=table, Key=key("user-2"),
                           UpdateExpression="SET color = :c, qty = :q",
                           ExpressionAttributeValues={":c": {"S": "red"}, ":q": {"N": "12"}})
        # Red for the filters that want red; blue for those that want anything but red.
        sentinel = "blue" if name in ("anything_but", "either") else "red"
        client.put_item(TableName=table, Item={
            "p": {"S": "user-last"}, "color": {"S": sentinel}, "qty": {"N": "15"},
            "tag": {"S": "t"}, "pad": {"S": MID}})

    for name, (_, expected) in FILTERS.items():
        if expected is None:
            stream = [r for _, r in raw_stream_records(server.endpoint, arns[name])]
            expected = labels(sizes_in_range(stream))
            assert expected[-1] == "user-last" and 3 <= len(expected) < len(stream) - 2, (
                "the pads no longer set the sizes apart", [r["dynamodb"]["SizeBytes"]
                                                           for r in stream])
            expected = expected[:-1]
        invocations = wait_log(logs[name],
                               lambda invs: "user-last" in keys_of(records_of(invs)))
        assert labels(records_of(invocations)) == expected + ["user-last"], name


# --------------------------------------------------------------------------- sources

def test_table_name_mapping_follows_stream_disable_and_enable(esm):
    table = unique_name("stator_esm")
    log = esm.log("follow")
    server = esm.start([mapping("follow", python_handler(log), table_name=table)])
    client = make_client(server.endpoint)
    first_arn = create_stream_table(client, table, "KEYS_ONLY")
    put_all(client, table, ["a1", "a2"])
    client.update_table(TableName=table, StreamSpecification={"StreamEnabled": False})
    eventually(lambda: client.describe_table(TableName=table)["Table"]["TableStatus"] ==
               "ACTIVE")
    put_all(client, table, ["unrecorded"])
    second = client.update_table(TableName=table, StreamSpecification={
        "StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})["TableDescription"]
    second_arn = second["LatestStreamArn"]
    assert second_arn != first_arn
    eventually(lambda: client.describe_table(TableName=table)["Table"]["TableStatus"] ==
               "ACTIVE")
    put_all(client, table, ["c1"])

    invocations = wait_log(log, lambda invs: "c1" in keys_of(records_of(invs)))
    records = records_of(succeeded(invocations))
    assert keys_of(records) == ["a1", "a2", "c1"]
    assert [r["eventSourceARN"] for r in records] == [first_arn, first_arn, second_arn]
    assert [r["dynamodb"]["StreamViewType"] for r in records] == [
        "KEYS_ONLY", "KEYS_ONLY", "NEW_AND_OLD_IMAGES"]


@pytest.mark.parametrize("how", ["graceful", "kill -9"])
def test_restart_resumes_from_checkpoint(esm, tmp_path, how):
    """Stopped mid-stream, the server resumes each mapping at its checkpoint: nothing is
    skipped, and only the batch in flight when it stopped may be delivered again."""
    data_dir = tmp_path / "data"
    table = unique_name("stator_esm")
    log = esm.log("resume")
    mappings = [mapping("resume", python_handler(log, ESM_SLEEP="0.2"), table_name=table,
                        BatchSize=5)]
    first = esm.start(mappings, data_dir=data_dir)
    client = make_client(first.endpoint)
    create_stream_table(client, table)
    put_all(client, table, [f"k{i:02d}" for i in range(40)])
    wait_log(log, lambda invs: len(invs) >= 3)
    if how == "graceful":
        first.stop()
    else:
        first.kill()

    second = esm.start(mappings, data_dir=data_dir)
    client = make_client(second.endpoint)
    put_all(client, table, [f"k{i:02d}" for i in range(40, 50)])
    invocations = wait_log(log, lambda invs: "k49" in keys_of(records_of(
        [i for i in invs if i["ppid"] == second.proc.pid])))
    arn = client.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    stream = [r["eventID"] for _, r in raw_stream_records(second.endpoint, arn)]
    assert len(stream) == 50

    before = [inv for inv in invocations if inv["ppid"] != second.proc.pid]
    after = [inv for inv in invocations if inv["ppid"] == second.proc.pid]
    delivered_before = event_ids(before)
    assert before and len(delivered_before) < 40, "the server should stop mid-stream"
    assert delivered_before == stream[:len(delivered_before)], "before the restart"
    in_flight_start = len(delivered_before) - len(before[-1]["event"]["Records"])
    resumed = stream.index(event_ids(after)[0])
    assert resumed in (in_flight_start, len(delivered_before)), (
        f"resumed at record {resumed}; the last batch before the stop was records "
        f"{in_flight_start}..{len(delivered_before) - 1}")
    assert event_ids(after) == stream[resumed:], "after the restart"


# --------------------------------------------------------------------------- administration

def test_admin_listing_shows_mappings_and_counters(esm):
    table = unique_name("stator_esm")
    ok_log, off_log, bad_log = esm.log("ok"), esm.log("off"), esm.log("bad")
    failures = str(esm.dir / "admin-failures.jsonl")
    server = esm.start([
        mapping("ok_fn", python_handler(ok_log), table_name=table, BatchSize=7),
        mapping("off_fn", python_handler(off_log), table_name=table, Enabled=False),
        mapping("bad_fn", python_handler(bad_log, ESM_FAIL_FIRST=1000), table_name=table,
                MaximumRetryAttempts=0,
                DestinationConfig={"OnFailure": {"Destination": failures}}),
    ])
    client = make_client(server.endpoint)
    arn = create_stream_table(client, table)
    put_all(client, table, ["x1", "x2", "x3"])
    ok = wait_records(ok_log, 3)
    eventually(lambda: sum(line["DDBStreamBatchInfo"]["batchSize"]
                           for line in read_json_lines(failures)) >= 3)
    bad = read_log(bad_log)
    failure_lines = read_json_lines(failures)

    def settled():
        status, body = admin_listing(server.endpoint)
        assert status == 200, body
        listed = {e["FunctionName"]: e for e in listed_mappings(body)}
        done = (listed.get("ok_fn", {}).get("RecordsDelivered") == 3 and
                listed.get("bad_fn", {}).get("BatchesSentToFailureDestination") ==
                len(failure_lines))
        return listed if done else None

    by_name = eventually(settled, timeout=10) or settled() or {}
    # GetEventSourceMapping's names for what Lambda reports, then Stator's counters.
    assert set(by_name) == {"ok_fn", "off_fn", "bad_fn"}, by_name
    for entry in by_name.values():
        assert list(entry) == [
            "UUID", "FunctionName", "EventSourceArn", "State", "LastProcessingResult",
            "BatchSize", "TableName", "Invocations", "FailedInvocations", "RecordsDelivered",
            "RecordsFiltered", "BatchesSentToFailureDestination", "IteratorAgeMilliseconds"]
        assert UUID.match(entry["UUID"]), entry
        assert entry["TableName"] == table
    assert len({e["UUID"] for e in by_name.values()}) == 3

    good = by_name["ok_fn"]
    assert good["State"] == "Enabled"
    assert good["LastProcessingResult"] == "OK"
    assert good["BatchSize"] == 7
    assert good["EventSourceArn"] == arn
    assert good["Invocations"] == len(ok)
    assert good["RecordsDelivered"] == 3
    assert good["FailedInvocations"] == 0
    assert good["RecordsFiltered"] == 0
    assert good["BatchesSentToFailureDestination"] == 0
    assert 0 <= good["IteratorAgeMilliseconds"] < 60_000

    off = by_name["off_fn"]
    assert off["State"] == "Disabled"
    assert off["BatchSize"] == 100  # Lambda's default for a DynamoDB stream
    assert off["Invocations"] == 0 and off["RecordsDelivered"] == 0
    assert read_log(off_log) == []

    failing = by_name["bad_fn"]
    assert failing["State"] == "Enabled"
    assert failing["LastProcessingResult"].startswith("PROBLEM"), failing
    assert failing["Invocations"] == len(bad)
    assert failing["FailedInvocations"] == len(bad)
    assert failing["RecordsDelivered"] == 0
    assert failing["BatchesSentToFailureDestination"] == len(failure_lines) == len(bad)

    # GET /metrics exports the same counters, by mapping and function, for a scraper.
    m = metrics(server.endpoint)
    for name, entry in by_name.items():
        labels = {"mapping": entry["UUID"], "function": name, "table": table}
        assert sample(m, "stator_event_source_invocations_total", **labels) == entry["Invocations"]
        assert (sample(m, "stator_event_source_failed_invocations_total", **labels)
                == entry["FailedInvocations"])
        assert (sample(m, "stator_event_source_records_delivered_total", **labels)
                == entry["RecordsDelivered"])
        assert (sample(m, "stator_event_source_iterator_age_seconds", **labels)
                == entry["IteratorAgeMilliseconds"] / 1000)
        assert (sample(m, "stator_event_source_enabled", **labels)
                == (1.0 if entry["State"] == "Enabled" else 0.0))
    assert sample(m, "stator_event_source_failed_invocations_total", function="bad_fn") >= 1
