"""The Lambda handler runners (tools/lambda/) run unchanged handlers as Stator will run them.

Each test starts a runner as a command, as the server will for a batch of stream records: the
event on standard input, the response on standard output, Lambda's error shape as the last line
of standard error. The handlers live in fixtures/node and fixtures/python. Tests that hold for
both runners take the `runner` fixture; the rest are about one language's handler styles.
"""

import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
FIXTURES = HERE / "fixtures"
STREAM_ARN = ("arn:aws:dynamodb:us-east-1:000000000000:table/Orders/stream/"
              "2024-01-01T00:00:00.000")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
LOG_STREAM = re.compile(r"^\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}$")
# The variables a runner reads; cleared so that a test sees only the ones it sets.
RUNNER_ENVIRONMENT = ("STATOR_FUNCTION_NAME", "STATOR_TIMEOUT_MS", "STATOR_REQUEST_ID",
                      "STATOR_EVENT_SOURCE_ARN", "AWS_REGION")


def stream_record(sequence_number, status, event_name="INSERT"):
    """A record as DynamoDB Streams delivers it to Lambda, with every attribute type."""
    return {
        "eventID": "event-{}".format(sequence_number),
        "eventName": event_name,
        "eventVersion": "1.1",
        "eventSource": "aws:dynamodb",
        "awsRegion": "us-east-1",
        "dynamodb": {
            "ApproximateCreationDateTime": 1704067200,
            "Keys": {"pk": {"S": "order#{}".format(sequence_number)}},
            "NewImage": {
                "pk": {"S": "order#{}".format(sequence_number)},
                "status": {"S": status},
                "total": {"N": "12345678901234567890.123456789"},
                "note": {"S": "caf\u00e9 \u2713 \"quoted\"\n"},
                "tags": {"SS": ["a", "b"]},
                "blob": {"B": "AAEC"},
                "lines": {"L": [{"M": {"sku": {"S": "x"}, "qty": {"N": "2"}}}, {"NULL": True}]},
                "paid": {"BOOL": False},
            },
            "SequenceNumber": sequence_number,
            "SizeBytes": 123,
            "StreamViewType": "NEW_AND_OLD_IMAGES",
        },
        "eventSourceARN": STREAM_ARN,
    }


def stream_event(*statuses):
    return {"Records": [stream_record(str(100 + 100 * i).rjust(21, "0"), status)
                        for i, status in enumerate(statuses)]}


def tumbling_window_event():
    event = stream_event("ok", "bad")
    event.update({
        "window": {"start": "2024-01-01T00:00:00Z", "end": "2024-01-01T00:01:00Z"},
        "state": {"count": 3},
        "shardId": "shardId-00000001704067200000-abcdef01",
        "eventSourceARN": STREAM_ARN,
        "isFinalInvokeForWindow": False,
        "isWindowTerminatedEarly": False,
    })
    return event


@dataclasses.dataclass
class Outcome:
    status: int
    stdout: str
    stderr: str
    seconds: float

    def response(self):
        assert self.status == 0, self.stderr
        return json.loads(self.stdout)

    def error(self):
        """The error document, which the runner writes as the last line of standard error."""
        assert self.status == 1, (self.stdout, self.stderr)
        assert self.stdout == ""
        return json.loads(self.stderr.rstrip("\n").rsplit("\n", 1)[-1])


@dataclasses.dataclass(frozen=True)
class Runner:
    name: str
    command: tuple
    fixtures: Path
    # The language's names of the handlers the shared tests use.
    handlers: dict

    def run(self, *args, event=None, stdin=None, env=None, cwd=None, timeout=30):
        environment = {k: v for k, v in os.environ.items() if k not in RUNNER_ENVIRONMENT}
        environment.update(env or {})
        if stdin is None:
            stdin = json.dumps(stream_event("ok") if event is None else event)
        started = time.monotonic()
        done = subprocess.run([*self.command, *args], input=stdin, capture_output=True,
                              text=True, env=environment, cwd=cwd or self.fixtures,
                              timeout=timeout)
        return Outcome(done.returncode, done.stdout, done.stderr, time.monotonic() - started)

    def handler(self, key):
        return self.handlers[key]


NODE = Runner(
    name="node",
    command=(shutil.which("node") or "node", str(REPO / "tools/lambda/node_runner.mjs")),
    fixtures=FIXTURES / "node",
    handlers={"echo": "echo.mjs", "batch": "batch.handler", "printing": "printing.mjs",
              "failing": "failing.mjs", "nothing": "timing.returnsNothing",
              "slow": "timing.sleepsTenSeconds", "module": "echo", "missing": "echo.absent"})
PYTHON = Runner(
    name="python",
    command=(sys.executable, str(REPO / "tools/lambda/python_runner.py")),
    fixtures=FIXTURES / "python",
    handlers={"echo": "echo.py", "batch": "batch.handler", "printing": "printing.py",
              "failing": "failing.py", "nothing": "failing.returns_nothing",
              "slow": "timing.sleeps_ten_seconds", "module": "echo", "missing": "echo.absent"})

# The context's fields by their Python names, and the Node names of the same fields.
CONTEXT_FIELDS = {
    "aws_request_id": "awsRequestId",
    "function_name": "functionName",
    "function_version": "functionVersion",
    "invoked_function_arn": "invokedFunctionArn",
    "memory_limit_in_mb": "memoryLimitInMB",
    "log_group_name": "logGroupName",
    "log_stream_name": "logStreamName",
}


def context_of(runner, response):
    """The echo handler's view of its context, under the Python names."""
    seen = response["context"]
    if runner is PYTHON:
        return seen
    return {python: seen[node] for python, node in CONTEXT_FIELDS.items()}


@pytest.fixture(params=[NODE, PYTHON], ids=lambda runner: runner.name)
def runner(request):
    return request.param


# Both runners.


@pytest.mark.parametrize("event", [stream_event("ok", "bad", "ok"), tumbling_window_event()],
                         ids=["records", "tumbling-window"])
def test_the_event_reaches_the_handler_intact(runner, event):
    assert runner.run(runner.handler("echo"), event=event).response()["event"] == event


def test_batch_item_failures_come_back_as_the_response(runner):
    # The "file.function" form, relative to the working directory, from another directory than
    # the module's: the module's own imports must still resolve.
    target = os.path.relpath(runner.fixtures / runner.handler("batch"), REPO)
    event = stream_event("ok", "bad", "ok", "bad")
    response = runner.run(target, event=event, cwd=REPO).response()
    assert response == {"batchItemFailures": [
        {"itemIdentifier": event["Records"][1]["dynamodb"]["SequenceNumber"]},
        {"itemIdentifier": event["Records"][3]["dynamodb"]["SequenceNumber"]},
    ]}


def test_what_the_handler_prints_goes_to_stderr(runner):
    outcome = runner.run(runner.handler("printing"))
    assert outcome.response() == {"printed": True}
    assert outcome.stdout.count("\n") == 1
    lines = {
        "node": ["log line from console.log", "info line from console.info",
               "warn line from console.warn", "raw line from process.stdout.write"],
        "python": ["line from print", "line from sys.stdout.write", "line from sys.__stdout__",
                   "line from os.write to fd 1", "line from a child process",
                   "line from logging"],
    }[runner.name]
    for line in lines:
        assert line in outcome.stderr


def test_a_thrown_error_is_reported_on_stderr(runner):
    event = stream_event("ok", "bad")
    error = runner.run(runner.handler("failing"), event=event).error()
    assert error["errorType"] == {"node": "TypeError", "python": "ValueError"}[runner.name]
    # The fixture refuses the first record it sees.
    assert error["errorMessage"] == "bad record " + event["Records"][0]["eventID"]
    trace = "\n".join(error["stackTrace"])
    assert str(runner.fixtures / "failing.") in trace
    assert {"node": "checkRecord", "python": "check_record"}[runner.name] in trace


def test_the_context_comes_from_the_environment(runner):
    env = {"STATOR_FUNCTION_NAME": "orders-projector", "STATOR_TIMEOUT_MS": "5000",
           "STATOR_REQUEST_ID": "c0ffee00-0000-4000-8000-000000000001",
           "STATOR_EVENT_SOURCE_ARN": STREAM_ARN, "AWS_REGION": "eu-west-2"}
    response = runner.run(runner.handler("echo"), env=env).response()
    context = context_of(runner, response)
    assert context.pop("log_stream_name") != ""
    assert context == {
        "aws_request_id": "c0ffee00-0000-4000-8000-000000000001",
        "function_name": "orders-projector",
        "function_version": "$LATEST",
        "invoked_function_arn":
            "arn:aws:lambda:eu-west-2:000000000000:function:orders-projector",
        "memory_limit_in_mb": "128",
        "log_group_name": "/aws/lambda/orders-projector",
    }
    first, second = response["remaining"]
    # The handler sleeps 80 ms between the two readings.
    assert 3000 < first <= 5000
    assert first - second >= 70


def test_the_context_has_defaults(runner):
    first = runner.run(runner.handler("echo")).response()
    second = runner.run(runner.handler("echo")).response()
    context = context_of(runner, first)
    assert UUID.match(context["aws_request_id"])
    assert context_of(runner, second)["aws_request_id"] != context["aws_request_id"]
    assert context["function_name"] == "echo"
    assert context["invoked_function_arn"] == "arn:aws:lambda:us-east-1:000000000000:function:echo"
    assert context["log_group_name"] == "/aws/lambda/echo"
    assert LOG_STREAM.match(context["log_stream_name"])
    assert 1000 < first["remaining"][0] <= 3000
    assert first["remaining"][1] < first["remaining"][0]


def test_a_module_without_extension_runs_its_handler(runner):
    assert runner.run(runner.handler("module")).response()["context"]


def test_nothing_returned_is_null(runner):
    outcome = runner.run(runner.handler("nothing"))
    assert outcome.stdout == "null\n"
    assert outcome.response() is None


def test_a_handler_past_its_timeout_fails(runner):
    env = {"STATOR_TIMEOUT_MS": "300", "STATOR_REQUEST_ID": "timeout-request"}
    outcome = runner.run(runner.handler("slow"), env=env)
    error = outcome.error()
    assert error["errorType"] == "Sandbox.Timedout"
    assert error["errorMessage"] == \
        "RequestId: timeout-request Error: Task timed out after 0.30 seconds"
    # The handler would sleep 10 s.
    assert outcome.seconds < 8


def test_a_missing_handler_or_module_fails(runner):
    error = runner.run(runner.handler("missing")).error()
    assert error["errorType"] == "Runtime.HandlerNotFound"
    assert "absent" in error["errorMessage"]
    error = runner.run("no_such_module.handler").error()
    assert error["errorType"] == "Runtime.ImportModuleError"
    assert "no_such_module" in error["errorMessage"]


def test_an_event_that_is_not_json_fails(runner):
    error = runner.run(runner.handler("echo"), stdin='{"Records": [').error()
    assert error["errorType"] == "Runtime.UnmarshalError"


def test_empty_input_is_an_empty_event(runner):
    assert runner.run(runner.handler("echo"), stdin="").response()["event"] == {}


@pytest.mark.parametrize("args, env, message", [
    ((), {}, "usage: "),
    (("echo", "handler", "extra"), {}, "usage: "),
    (("echo",), {"STATOR_TIMEOUT_MS": "soon"}, "STATOR_TIMEOUT_MS must be a positive integer"),
    (("echo",), {"STATOR_TIMEOUT_MS": "0"}, "STATOR_TIMEOUT_MS must be a positive integer"),
], ids=["no-arguments", "three-arguments", "timeout-not-a-number", "timeout-zero"])
def test_usage_errors_exit_2(runner, args, env, message):
    outcome = runner.run(*args, env=env)
    assert (outcome.status, outcome.stdout) == (2, "")
    assert outcome.stderr.startswith(message)


# Node: module formats and handler styles.


@pytest.mark.parametrize("target, expected", [
    ("esm/app.js", {"format": "esm", "file": "app.js"}),
    ("esm/app.handler", {"format": "esm", "file": "app.js"}),
    ("cjs/app.js", {"format": "commonjs", "file": "app.js"}),
    ("cjs/app.handler", {"format": "commonjs", "file": "app.js"}),
])
def test_node_esm_and_commonjs_modules(target, expected):
    assert NODE.run(target).response() == expected


def test_node_nested_property_path():
    assert NODE.run("cjs/app.nested.deeper").response() == "nested property path"


def test_node_explicit_export_argument():
    error = NODE.run("failing.mjs", "throwsSynchronously").error()
    assert error["errorType"] == "RangeError"
    assert error["errorMessage"] == "thrown before any promise"


def test_node_callback_handler():
    event = stream_event("ok", "ok", "ok")
    assert NODE.run("callback.cjs", event=event).response() == {"style": "callback", "records": 3}


def test_node_callback_error():
    error = NODE.run("callback.fails").error()
    assert (error["errorType"], error["errorMessage"]) == ("Error", "callback failure")
    assert any("callback.cjs" in line for line in error["stackTrace"])


def test_node_callback_answer_waits_for_the_event_loop():
    outcome = NODE.run("callback.waitsForLoop")
    assert outcome.response() == "first answer"
    assert "late work done" in outcome.stderr


def test_node_callback_answer_without_waiting():
    # A 60 s timer is pending; with a 20 s timeout, only not waiting explains a quick answer.
    outcome = NODE.run("callback.doesNotWait", env={"STATOR_TIMEOUT_MS": "20000"})
    assert outcome.response() == "answered at once"
    assert outcome.seconds < 10
    assert "should not run" not in outcome.stderr


def test_node_legacy_context_succeed():
    assert NODE.run("callback.legacySucceed").response() == {"legacy": True}


@pytest.mark.parametrize("target, expected", [
    ("callback.callbackThenPromise", "from callback"),
    ("callback.callsBackTwice", "first call"),
])
def test_node_the_first_decision_counts(target, expected):
    assert NODE.run(target).response() == expected


def test_node_rejection_with_a_string():
    error = NODE.run("failing.rejectsWithText").error()
    assert (error["errorType"], error["errorMessage"]) == ("string", "plain text reason")


def test_node_async_handler_that_never_settles():
    error = NODE.run("timing.neverSettles").error()
    assert error["errorType"] == "Runtime.NodeJsExit"


# Python: module forms and what a result may hold.


@pytest.mark.parametrize("args", [("pkg.mod", "handler"), ("pkg.mod.handler",)],
                         ids=["dotted-module-and-function", "handler-string"])
def test_python_dotted_module_in_a_package(args):
    assert PYTHON.run(*args).response() == {"module": "pkg.mod", "greeting": "from the package"}


def test_python_explicit_function_argument():
    assert PYTHON.run("echo.py", "other").response() == "other function"
    assert PYTHON.run("echo.other").response() == "other function"


def test_python_decimals_become_numbers():
    outcome = PYTHON.run("failing.returns_decimals")
    response = outcome.response()
    assert response == {"count": 42, "big": 123456789012345678901234567890, "ratio": 0.25,
                        "list": [-7]}
    assert type(response["count"]) is int and type(response["big"]) is int
    assert '"count": 42,' in outcome.stdout


def test_python_other_non_json_results_fail_as_in_lambda():
    error = PYTHON.run("failing.returns_a_set").error()
    assert error["errorType"] == "Runtime.MarshalError"
    assert "set" in error["errorMessage"]


def test_python_bytes_result_is_the_raw_response():
    assert PYTHON.run("failing.returns_bytes").response() == {"raw": True}


def test_python_sys_exit_in_the_handler():
    error = PYTHON.run("failing.exits").error()
    assert error["errorType"] == "Runtime.ExitError"
    assert error["errorMessage"].endswith("exit status 3")


def test_python_syntax_error_in_the_module():
    error = PYTHON.run("broken_syntax.handler").error()
    assert error["errorType"] == "Runtime.UserCodeSyntaxError"
    assert "broken_syntax.py" in error["stackTrace"][0]
