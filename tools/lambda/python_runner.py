#!/usr/bin/env python3
"""Runs an unchanged AWS Lambda Python handler once, as a command.

Stator runs a stream mapping's `Handler: {"Command": [...]}` once per batch; this is the command
for Python handlers:

    python3 tools/lambda/python_runner.py <module path or dotted module> [<function>]
    python3 tools/lambda/python_runner.py ./dir/app.handler     (Lambda's "file.function" form)

The function defaults to `handler`.

The event is the whole of standard input (a JSON document; empty input is the event {}). The
handler's result goes to standard output as one JSON document (`null` for none), exit status 0.
A failure -- an exception, a timeout, a module that does not import, a result that is not JSON --
goes to standard error as Lambda's error shape, one JSON line written last, exit status 1.
Whatever the handler prints goes to standard error (file descriptor 1 itself is redirected, so
C extensions and child processes are covered too), so standard output holds only the response.
Usage errors exit with status 2.

Environment: STATOR_FUNCTION_NAME (default: the module's name), STATOR_TIMEOUT_MS (default
3000), STATOR_REQUEST_ID (default: a random UUID), STATOR_EVENT_SOURCE_ARN (informational),
AWS_REGION (for the function ARN; default us-east-1).

Error types and messages follow the Lambda Python runtime (awslambdaric's bootstrap.py and
lambda_runtime_marshaller.py). One invocation per process: the handler runs on the main thread,
a timer thread reports a timeout; whichever reports first ends the process.
"""

import datetime
import decimal
import importlib
import importlib.util
import json
import logging
import os
import secrets
import sys
import threading
import time
import traceback
import uuid

USAGE = ("usage: python3 python_runner.py <module path or dotted module> [<function, default "
         "handler>]\n       python3 python_runner.py <dir/module>.<function>")
DEFAULT_FUNCTION = "handler"
DEFAULT_TIMEOUT_MS = 3000
MEMORY_LIMIT_IN_MB = "128"
ACCOUNT_ID = "000000000000"
EXIT_FAILURE = 1
EXIT_USAGE = 2


class FaultError(Exception):
    """A failure the runtime reports on the handler's behalf (Lambda's `Runtime.*` errors)."""

    def __init__(self, error_type, message, stack_trace=None):
        super().__init__(message)
        self.error_type = "Runtime." + error_type
        self.message = message
        self.stack_trace = stack_trace or []


class UsageError(Exception):
    pass


class Reporter:
    """Writes the one outcome of the invocation and ends the process.

    Thread-safe: the first caller reports and ends the process; a later one never returns.
    """

    def __init__(self, response_fd, request_id):
        self._response_fd = response_fd
        self._request_id = request_id
        self._lock = threading.Lock()

    def result(self, value):
        try:
            text = to_json(value)
        except (TypeError, ValueError) as e:
            self.error(FaultError("MarshalError", "Unable to marshal response: {}".format(e)))
            return
        self._finish(self._response_fd, text, 0)

    def error(self, error):
        self._finish(2, json.dumps(error_shape(error, self._request_id)) + "\n", EXIT_FAILURE)

    def _finish(self, fd, text, status):
        # The loser of a race (the handler finishing as its time runs out) waits here for the
        # winner to end the process.
        self._lock.acquire()
        # The handler's own output comes first; its buffers are flushed before the report.
        for stream in (sys.__stdout__, sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        logging.shutdown()
        write_all(fd, text.encode("utf-8") if isinstance(text, str) else text)
        # As Lambda freezes the sandbox after answering, threads the handler left running are
        # not waited for.
        os._exit(status)


def write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]


def json_default(value):
    """Encodes what boto3's TypeDeserializer yields for numbers (Decimal) as JSON numbers.

    Lambda writes a Decimal's exact digits; the standard library cannot, so integral values
    become int (exact at any size) and others float. Every other type fails as it does in Lambda
    (Runtime.MarshalError), so that a handler passing here does not fail there.
    """
    if isinstance(value, decimal.Decimal):
        if value.is_finite() and value == value.to_integral_value():
            return int(value)
        return float(value)
    raise TypeError("Object of type {} is not JSON serializable".format(type(value).__name__))


def to_json(value):
    # Lambda passes a bytes result through as the raw response.
    if isinstance(value, (bytes, bytearray)):
        return bytes(value) + b"\n"
    return json.dumps(value, default=json_default) + "\n"


def error_shape(error, request_id):
    if isinstance(error, FaultError):
        error_type, message, stack_trace = error.error_type, error.message, error.stack_trace
    else:
        error_type, message = type(error).__name__, str(error)
        stack_trace = traceback.format_list(user_frames(error.__traceback__))
    return {"errorMessage": message, "errorType": error_type, "requestId": request_id,
            "stackTrace": stack_trace}


def user_frames(tb):
    """The traceback's frames from the first one outside this file, as Lambda drops its own."""
    frames = traceback.extract_tb(tb)
    for i, frame in enumerate(frames):
        if os.path.abspath(frame.filename) != os.path.abspath(__file__):
            return frames[i:]
    return frames


class LambdaContext:
    """The fields of Lambda's Python context object."""

    def __init__(self, function_name, request_id, region, deadline):
        self.aws_request_id = request_id
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = "arn:aws:lambda:{}:{}:function:{}".format(
            region, ACCOUNT_ID, function_name)
        self.memory_limit_in_mb = MEMORY_LIMIT_IN_MB
        self.log_group_name = "/aws/lambda/" + function_name
        self.log_stream_name = "{}/[$LATEST]{}".format(
            datetime.datetime.now(datetime.timezone.utc).strftime("%Y/%m/%d"),
            secrets.token_hex(16))
        self.identity = None
        self.client_context = None
        self._deadline = deadline

    def get_remaining_time_in_millis(self):
        return max(0, round((self._deadline - time.monotonic()) * 1000))

    def __repr__(self):
        return "LambdaContext([aws_request_id={}, function_name={}])".format(
            self.aws_request_id, self.function_name)


def parse_target(args):
    """Returns (module spec, function name) for the command line `args`."""
    if not 1 <= len(args) <= 2 or not args[0]:
        raise UsageError(USAGE)
    spec = args[0]
    if len(args) == 2:
        return spec, args[1]
    if os.path.isfile(spec):
        return spec, DEFAULT_FUNCTION
    # Lambda's handler string: the last dot separates the function from the module.
    module, dot, function = spec.rpartition(".")
    if not dot or not module or "/" in function or function == "py":
        return spec, DEFAULT_FUNCTION
    return module, function


def module_name(spec):
    base = os.path.basename(spec.rstrip("/"))
    return base[:-3] if base.endswith(".py") else base.rpartition(".")[2]


def import_module(spec):
    """Imports the handler's module: a file by its path (its directory goes first on sys.path),
    otherwise a dotted module (or package directory) found from the directory part of `spec`."""
    path = spec if spec.endswith(".py") else spec + ".py"
    if os.path.isfile(path):
        path = os.path.abspath(path)
        name = os.path.basename(path)[:-3]
        sys.path[0] = os.path.dirname(path)
        module_spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[name] = module
        module_spec.loader.exec_module(module)
        return module
    if spec.endswith(".py"):
        raise ModuleNotFoundError("No such file: '{}'".format(spec))
    root, _, dotted = spec.rstrip("/").rpartition("/")
    sys.path[0] = os.path.abspath(root or ".")
    return importlib.import_module(dotted)


def load_handler(spec, function):
    """Returns the handler, or raises FaultError as the Lambda runtime's init would."""
    try:
        module = import_module(spec)
    except ImportError as e:
        raise FaultError("ImportModuleError",
                         "Unable to import module '{}': {}".format(spec, e)) from e
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise FaultError("UserCodeSyntaxError",
                         "Syntax error in module '{}': {}".format(spec, e), trace) from e
    try:
        return getattr(module, function)
    except AttributeError:
        raise FaultError("HandlerNotFound",
                         "Handler '{}' missing on module '{}'".format(function, spec)) from None


def read_event():
    data = sys.stdin.buffer.read()
    if not data.strip():
        return {}
    try:
        return json.loads(data)
    except ValueError as e:
        raise FaultError("UnmarshalError", "Unable to unmarshal input: {}".format(e)) from e


def read_settings(function_name):
    timeout_text = os.environ.get("STATOR_TIMEOUT_MS", "")
    timeout_ms = DEFAULT_TIMEOUT_MS
    if timeout_text:
        try:
            timeout_ms = int(timeout_text)
        except ValueError:
            timeout_ms = 0
        if timeout_ms <= 0:
            raise UsageError("STATOR_TIMEOUT_MS must be a positive integer: " + timeout_text)
    return {
        "function_name": os.environ.get("STATOR_FUNCTION_NAME") or function_name,
        "request_id": os.environ.get("STATOR_REQUEST_ID") or str(uuid.uuid4()),
        "region": os.environ.get("AWS_REGION") or "us-east-1",
        "timeout_ms": timeout_ms,
    }


def divert_stdout_to_stderr():
    """Returns a descriptor of the original standard output, where fd 1 now is standard error."""
    sys.stdout.flush()
    response_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return response_fd


def start_timer(reporter, settings):
    """Reports Lambda's timeout error once the handler has run for the timeout."""
    timeout_ms = settings["timeout_ms"]
    message = "RequestId: {} Error: Task timed out after {:.2f} seconds".format(
        settings["request_id"], timeout_ms / 1000)
    timeout = FaultError("Timedout", message)
    timeout.error_type = "Sandbox.Timedout"
    timer = threading.Timer(timeout_ms / 1000, reporter.error, (timeout,))
    timer.daemon = True
    timer.start()


def main(args):
    response_fd = divert_stdout_to_stderr()
    try:
        spec, function = parse_target(args)
        settings = read_settings(module_name(spec))
    except UsageError as e:
        print(e, file=sys.stderr)
        return EXIT_USAGE
    reporter = Reporter(response_fd, settings["request_id"])
    try:
        handler = load_handler(spec, function)
        event = read_event()
    except Exception as e:  # An import may raise anything; Lambda reports it as the error.
        reporter.error(e)
    deadline = time.monotonic() + settings["timeout_ms"] / 1000
    context = LambdaContext(settings["function_name"], settings["request_id"],
                            settings["region"], deadline)
    start_timer(reporter, settings)
    try:
        result = handler(event, context)
    except SystemExit as e:
        reporter.error(FaultError("ExitError", "RequestId: {} Error: Runtime exited with error: "
                                  "exit status {}".format(settings["request_id"], e.code)))
    except Exception as e:
        reporter.error(e)
    reporter.result(result)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
