"""The consumer check: an event source mapping whose handler is a URL in this process must be
handed every stream record, though the server is killed while it delivers. Delivery is at least
once (the batch in flight at a kill comes again), so re-deliveries are allowed; a record never
delivered means a checkpoint was saved ahead of its delivery, and for each item the records must
arrive (first time) in stream order.

Thread safety: Consumer's handler threads append under its lock; the checks read a copy.
"""

import http.server
import json
import threading
import time

FUNCTION_NAME = "torture-consumer"
MAPPING_UUID = "7f1d2c3b-4a5e-4f60-8a71-9b8c7d6e5f40"  # the checkpoint's name across restarts
QUIET_SECONDS = 60  # how long the final wait lasts without a new record delivered


class Consumer:
    """The handler behind the mapping: an HTTP server that notes each delivered record's
    sequence number and key, in order of arrival, and answers success."""

    def __init__(self):
        self._lock = threading.Lock()
        self._delivered = []  # (sequence number, key) as delivered
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802 - the standard library's name
                event = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer._note(event.get("Records", []))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/invoke"

    def _note(self, records):
        with self._lock:
            for record in records:
                data = record["dynamodb"]
                self._delivered.append((int(data["SequenceNumber"]),
                                        (data["Keys"]["pk"]["S"], int(data["Keys"]["sk"]["N"]))))

    def delivered(self):
        with self._lock:
            return list(self._delivered)

    def mapping(self, table):
        """The mapping file's entry that feeds this consumer from `table`'s stream."""
        return {"TableName": table, "FunctionName": FUNCTION_NAME, "UUID": MAPPING_UUID,
                "StartingPosition": "TRIM_HORIZON", "BatchSize": 1000,
                "Handler": {"Url": self.url}}

    def close(self):
        self._server.shutdown()
        self._server.server_close()


def check_consumer(consumer, changes, violations, quiet_seconds=QUIET_SECONDS):
    """Waits until every record of `changes` (read_changes' tuples) was delivered, or nothing
    new came for `quiet_seconds`, then checks; returns the number of deliveries."""
    expected = {number: key for _, number, key, *_ in changes}
    delivered, last_count, last_progress = [], -1, time.monotonic()
    while time.monotonic() - last_progress < quiet_seconds:
        delivered = consumer.delivered()
        if expected.keys() <= {number for number, _ in delivered}:
            break
        if len(delivered) != last_count:
            last_count, last_progress = len(delivered), time.monotonic()
        time.sleep(0.2)
    seen = {number for number, _ in delivered}
    missing = sorted(expected.keys() - seen)
    if missing:
        violations.append(f"consumer never handed {len(missing)} of {len(expected)} records "
                          f"(a checkpoint ahead of delivery?), first {missing[:5]}")
    unknown = sorted(seen - expected.keys())
    if unknown:
        violations.append(f"consumer handed {len(unknown)} records the stream does not hold, "
                          f"first {unknown[:5]}")
    _check_first_delivery_order(delivered, violations)
    return len(delivered)


def _check_first_delivery_order(delivered, violations):
    first_seen, last_by_key = set(), {}
    for number, key in delivered:
        if number in first_seen:
            continue  # a batch delivered again after a kill
        first_seen.add(number)
        if key in last_by_key and number < last_by_key[key]:
            violations.append(f"consumer handed record {number} of {key} after {last_by_key[key]}")
        last_by_key[key] = number
