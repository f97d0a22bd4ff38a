"""A Lambda handler for DynamoDB stream events that writes down every invocation it receives.

Run unchanged through tools/lambda/python_runner.py, as a mapping's command. Each invocation
appends one JSON line to the file named by ESM_LOG, before doing anything else, so a test sees
invocations that fail, hang or are killed too:

    {"time", "pid", "ppid", "requestId", "functionName", "remainingMs", "outcome", "event"}

What the invocation then does is chosen by the environment (set in the mapping's command with
/usr/bin/env), so that one module serves every scenario:

    ESM_FAIL_FIRST=N    the first N invocations raise (retried until one succeeds)
    ESM_FAIL_IF=attr    raise when a record's NewImage holds `attr` (a poison record)
    ESM_REPORT_IF=attr  return batchItemFailures naming the records whose NewImage holds `attr`,
                        each only the first time it is seen
    ESM_HANG_IF=attr    sleep for ever when a record's NewImage holds `attr`; with
                        ESM_HANG_CHILD=1 a child process sleeps too, to show the process group
                        is killed
    ESM_SLEEP=S         take S seconds over every invocation (to be caught in flight)

`outcome` says what the invocation set out to do: "ok", "error", "partial" or "hang".
Invocations of one mapping run one at a time, so reading the log for the history is safe.
"""

import json
import os
import subprocess
import time


def _history(path):
    try:
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def _holds(record, attribute):
    return attribute in record.get("dynamodb", {}).get("NewImage", {})


def _append(path, entry):
    data = (json.dumps(entry, sort_keys=True) + "\n").encode()
    # One write with O_APPEND: a line is never split by a concurrent writer.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def handler(event, context):
    log = os.environ["ESM_LOG"]
    history = _history(log)
    records = event.get("Records", [])
    env = os.environ.get

    outcome, failures = "ok", []
    hang_if, fail_if, report_if = env("ESM_HANG_IF"), env("ESM_FAIL_IF"), env("ESM_REPORT_IF")
    if hang_if and any(_holds(r, hang_if) for r in records):
        outcome = "hang"
    elif len(history) < int(env("ESM_FAIL_FIRST", "0")):
        outcome = "error"
    elif fail_if and any(_holds(r, fail_if) for r in records):
        outcome = "error"
    elif report_if:
        seen = {r["eventID"] for h in history for r in h["event"].get("Records", [])}
        failures = [r["dynamodb"]["SequenceNumber"] for r in records
                    if _holds(r, report_if) and r["eventID"] not in seen]
        if failures:
            outcome = "partial"

    entry = {
        "time": time.time(),
        "pid": os.getpid(),
        "ppid": os.getppid(),
        "requestId": context.aws_request_id,
        "functionName": context.function_name,
        "remainingMs": context.get_remaining_time_in_millis(),
        "outcome": outcome,
        "event": event,
    }
    if outcome == "hang" and env("ESM_HANG_CHILD"):
        entry["child"] = subprocess.Popen(["sleep", "600"]).pid
    _append(log, entry)

    if outcome == "hang":
        time.sleep(600)
    if outcome == "error":
        raise RuntimeError("recorder: failing as told")
    time.sleep(float(env("ESM_SLEEP", "0")))
    if outcome == "partial":
        return {"batchItemFailures": [{"itemIdentifier": s} for s in failures]}
    return None
