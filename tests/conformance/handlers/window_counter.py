"""A Lambda handler for a tumbling window, as Lambda's documentation writes one: it counts the
records of each window in its state and returns the state; the final invocation of a window
receives the total. Run unchanged through tools/lambda/python_runner.py.

Each invocation appends one JSON line to the file named by ESM_LOG, before it answers:
{"time", "event", "outcome"}. With ESM_NO_STATE_FIRST=1 the first invocation answers without a
state, which Lambda counts as a failed invocation.
"""

import json
import os
import time


def _append(path, entry):
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (json.dumps(entry, sort_keys=True) + "\n").encode())
    finally:
        os.close(fd)


def handler(event, context):
    log = os.environ["ESM_LOG"]
    first = not os.path.exists(log)
    stateless = first and os.environ.get("ESM_NO_STATE_FIRST") == "1"
    _append(log, {"time": time.time(), "event": event,
                  "outcome": "no-state" if stateless else "ok"})
    if stateless:
        return {}
    state = dict(event["state"])
    if event["isFinalInvokeForWindow"]:
        return {"state": state}
    state["count"] = state.get("count", 0) + len(event["Records"])
    return {"state": state}
