"""Tumbling windows and concurrent batches per shard, end to end: a server started with a mapping
file runs an unchanged Lambda window handler (handlers/window_counter.py, the aggregation
Lambda's documentation shows) through tools/lambda/python_runner.py, and a slow HTTP handler
served by the test. What is expected is what Lambda documents: the DynamodbTimeWindowEvent
(services-ddb-windows.html: `window`, `state`, `shardId`, `eventSourceARN`,
`isFinalInvokeForWindow`, `isWindowTerminatedEarly`; a response without `state` is a failed
invocation) and ParallelizationFactor's concurrent batches, in order per partition key.
"""

import datetime
import json
import os
import time

import pytest

from conftest import make_client
from conformance_util import unique_name
from esm_util import (HANDLERS, PYTHON, PYTHON_RUNNER, UrlHandler, create_stream_table,
                      mapping, read_log, start_server, wait_log)

pytestmark = pytest.mark.skipif(bool(os.environ.get("STATOR_ENDPOINT")),
                                reason="starts its own servers with mapping files")


def window_handler(log, **env):
    settings = [f"ESM_LOG={log}"] + [f"{k}={v}" for k, v in sorted(env.items())]
    return {"Command": ["/usr/bin/env", *settings, PYTHON, PYTHON_RUNNER,
                        os.path.join(HANDLERS, "window_counter.py"), "handler"]}


@pytest.fixture
def servers():
    started = []
    yield started
    for server in started:
        server.stop()


def iso(text):
    assert text.endswith("Z"), text
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc).timestamp()


def finals(invocations):
    return [inv for inv in invocations if inv["event"]["isFinalInvokeForWindow"]]


def await_window_start(seconds):
    """Sleeps until a window of `seconds` has just begun, so that what is written next falls in
    one window."""
    time.sleep(seconds - time.time() % seconds + 0.05)


def test_tumbling_window_state_and_final_invocation(tmp_path, servers):
    table = unique_name("stator_window")
    log = str(tmp_path / "window.jsonl")
    server = start_server(tmp_path, [mapping("count", window_handler(log), table_name=table,
                                             BatchSize=2, TumblingWindowInSeconds=3)])
    servers.append(server)
    client = make_client(server.endpoint)
    arn = create_stream_table(client, table)
    await_window_start(3)
    for i in range(5):
        client.put_item(TableName=table, Item={"p": {"S": f"k{i}"}})
    invocations = wait_log(log, lambda invs: finals(invs))
    assert finals(invocations), invocations

    state = {}
    counted = 0
    for inv in invocations:
        event = inv["event"]
        assert set(event) == {"Records", "window", "state", "shardId", "eventSourceARN",
                              "isFinalInvokeForWindow", "isWindowTerminatedEarly"}
        start, end = iso(event["window"]["start"]), iso(event["window"]["end"])
        assert end - start == 3 and start % 3 == 0
        assert event["eventSourceARN"] == arn
        assert event["shardId"].startswith("shardId-")
        assert event["isWindowTerminatedEarly"] is False
        assert event["state"] == state, "each invocation gets the state the last one returned"
        for record in event["Records"]:
            assert start <= record["dynamodb"]["ApproximateCreationDateTime"] < end
            assert record["eventSourceARN"] == arn
        if event["isFinalInvokeForWindow"]:
            assert event["Records"] == []
            break
        assert len(event["Records"]) <= 2
        counted += len(event["Records"])
        state = {"count": state.get("count", 0) + len(event["Records"])}
    assert counted == 5
    assert finals(invocations)[0]["event"]["state"] == {"count": 5}


def test_window_response_without_state_is_retried(tmp_path, servers):
    table = unique_name("stator_window")
    log = str(tmp_path / "window.jsonl")
    server = start_server(tmp_path, [mapping(
        "count", window_handler(log, ESM_NO_STATE_FIRST="1"), table_name=table,
        TumblingWindowInSeconds=1)])
    servers.append(server)
    client = make_client(server.endpoint)
    create_stream_table(client, table)
    client.put_item(TableName=table, Item={"p": {"S": "a"}})
    invocations = wait_log(log, lambda invs: finals(invs))
    assert [inv["outcome"] for inv in invocations[:2]] == ["no-state", "ok"]
    assert invocations[0]["event"]["Records"] == invocations[1]["event"]["Records"]
    assert finals(invocations)[0]["event"]["state"] == {"count": 1}


def test_parallelization_factor_runs_batches_of_a_shard_at_once(tmp_path, servers):
    """Slow handler, several keys: batches overlap in time, and each key's changes still arrive
    in order."""
    table = unique_name("stator_parallel")
    url = UrlHandler(delay=0.3)
    try:
        server = start_server(tmp_path, [mapping("fan", url.handler(), table_name=table,
                                                 BatchSize=2, ParallelizationFactor=5)])
        servers.append(server)
        client = make_client(server.endpoint)
        create_stream_table(client, table)
        keys, versions = [f"k{i}" for i in range(10)], 4
        for v in range(versions):
            for k in keys:
                client.put_item(TableName=table, Item={"p": {"S": k}, "v": {"N": str(v)}})
        seen = url.wait(lambda reqs: sum(len(r["event"]["Records"]) for r in reqs)
                        >= len(keys) * versions)
        by_key = {}
        for request in seen:
            for record in request["event"]["Records"]:
                by_key.setdefault(record["dynamodb"]["Keys"]["p"]["S"], []).append(
                    int(record["dynamodb"]["NewImage"]["v"]["N"]))
        assert by_key == {k: list(range(versions)) for k in keys}
        starts = sorted(r["time"] for r in seen)
        overlapping = sum(1 for a, b in zip(starts, starts[1:]) if b - a < 0.3)
        assert overlapping >= 1, "no two batches of the shard were in flight together"
    finally:
        url.close()
