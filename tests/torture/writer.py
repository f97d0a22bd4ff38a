"""A writer: one client thread that sends its workload's operations one at a time and tells the
oracle what the server acknowledged, until it is stopped or the server stops answering.

An answer is checked against the prediction at once: a refused condition the oracle expected to
hold (or the reverse), an error of any other kind, or ReturnValues that differ from the oracle's
image are violations. A request without an answer (the server was killed) stays in flight in
the oracle and ends the thread: with keys of its own, the writer must not go on before the
checker knows whether that request took effect.

Thread safety: each Writer is its own thread; it shares only the oracle and the violation list.
"""

import re
import threading

from botocore.exceptions import BotoCoreError, ClientError

from table_shape import key_of

REFUSALS = {"TransactWriteItems": "TransactionCanceledException"}
CONDITION_FAILED = "ConditionalCheckFailedException"


def call(client, operation):
    """Sends `operation` with `client` (a boto3 DynamoDB client) and returns the response."""
    method = re.sub(r"(?<!^)(?=[A-Z])", "_", operation.kind).lower()
    return getattr(client, method)(**operation.request)


class Writer(threading.Thread):
    def __init__(self, writer, client, workload, oracle, violations, stop):
        super().__init__(name=f"writer-{writer}", daemon=True)
        self.writer, self.client, self.workload = writer, client, workload
        self.oracle, self.violations, self.stop = oracle, violations, stop
        self.answered = 0

    def run(self):
        while not self.stop.is_set():
            operation = self.workload.next()
            self.oracle.begin(self.writer, operation)
            try:
                response = call(self.client, operation)
            except ClientError as error:
                self._refused(operation, error)
            except BotoCoreError:
                return  # no answer: the operation stays in flight for the checker
            else:
                self._applied(operation, response)
            self.answered += 1

    def _refused(self, operation, error):
        code = error.response["Error"]["Code"]
        if code != REFUSALS.get(operation.kind, CONDITION_FAILED):
            self.violations.append(f"{operation.kind} failed with {code}: "
                                   f"{error.response['Error'].get('Message')}")
        elif operation.expect_success:
            self.violations.append(f"{operation.kind} refused ({code}) though the oracle's "
                                   f"images satisfy its conditions: {_keys(operation)}")
        self.oracle.acknowledge(self.writer, operation, applied_keys=[])

    def _applied(self, operation, response):
        if not operation.expect_success:
            self.violations.append(f"{operation.kind} succeeded though a condition the "
                                   f"oracle's images fail: {_keys(operation)}")
        applied = list(operation.effects)
        if operation.kind == "BatchWriteItem":
            applied = _processed(operation, response)
        elif "ReturnValues" in operation.request:
            got = response.get("Attributes")
            if operation.expect_success and got != operation.expected_attributes:
                self.violations.append(f"{operation.kind} {operation.request['ReturnValues']} "
                                       f"of {_keys(operation)} returned {got}, the oracle "
                                       f"holds {operation.expected_attributes}")
        self.oracle.acknowledge(self.writer, operation, applied)


def _processed(operation, response):
    """The keys of a BatchWriteItem the server did not hand back as unprocessed."""
    unprocessed = set()
    for requests in response.get("UnprocessedItems", {}).values():
        for request in requests:
            (kind, body), = request.items()
            unprocessed.add(key_of(body["Item"] if kind == "PutRequest" else body["Key"]))
    return [key for key in operation.effects if key not in unprocessed]


def _keys(operation):
    return sorted(operation.effects)
