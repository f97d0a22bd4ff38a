"""The oracle: what the table must hold, built only from what the server acknowledged.

Each writer owns its keys, so the writes to one key are sequential and their order is known. For
every key the oracle keeps its current image (None when absent) and the history of changes that
were applied to it, (before, after) in order, which the stream must reproduce; the history
holds images in their canonical JSON text, a fraction of the memory of the decoded maps, since a
long run keeps hundreds of thousands. An operation that
was sent but not answered when the server was killed stays "in flight": its keys may hold either
their image before it or after it, and the checker settles which once the server is back.

Thread safety: every method takes the oracle's lock; writers call it concurrently.
"""

import collections
import copy
import json
import threading
import time


def canonical(image):
    """An image as comparable text (None stays None)."""
    return None if image is None else json.dumps(image, sort_keys=True, separators=(",", ":"))


class Oracle:
    def __init__(self):
        self._lock = threading.Lock()
        self._images = {}  # key -> image, or None once deleted
        self._history = collections.defaultdict(list)  # key -> [(before, after)] applied
        self._in_flight = {}  # writer id -> the operation sent and not answered
        self._last_transaction = {}  # writer id -> its last acknowledged TransactWriteItems
        self.counts = collections.Counter()  # what was acknowledged, by outcome and operation

    def image(self, key):
        with self._lock:
            return copy.deepcopy(self._images.get(key))

    def images(self):
        """A copy of every key's image, absent keys included as None."""
        with self._lock:
            return copy.deepcopy(self._images)

    def history(self):
        with self._lock:
            return {key: list(changes) for key, changes in self._history.items() if changes}

    def begin(self, writer, operation):
        with self._lock:
            self._in_flight[writer] = operation

    def acknowledge(self, writer, operation, applied_keys):
        """The server answered `operation`: the effects on `applied_keys` took place (none for
        a refused condition), the others did not."""
        with self._lock:
            self._in_flight.pop(writer, None)
            for key in applied_keys:
                self._apply_locked(key, operation.effects[key][1])
            outcome = "applied" if applied_keys else "refused"
            self.counts[f"{outcome} {operation.kind}"] += 1
            if operation.kind == "TransactWriteItems" and applied_keys and operation.token:
                self._last_transaction[writer] = (operation, time.monotonic())

    def in_flight(self):
        """The operations unanswered at the kill, by writer."""
        with self._lock:
            return dict(self._in_flight)

    def settle(self, writer, applied_keys):
        """After a restart: the in-flight operation of `writer` turned out to have taken effect
        on `applied_keys` (read back from the server) and on no other key."""
        with self._lock:
            operation = self._in_flight.pop(writer)
            for key in applied_keys:
                self._apply_locked(key, operation.effects[key][1])
            self.counts["in flight at a kill"] += 1
            self.counts["in flight, found applied" if applied_keys
                        else "in flight, found not applied"] += 1
            return operation

    def apply(self, operation, keys):
        """Effects the checker caused itself (a retried transaction that ran anew)."""
        with self._lock:
            for key in keys:
                self._apply_locked(key, operation.effects[key][1])

    def last_transactions(self, max_age_seconds):
        """Each writer's last acknowledged transaction, if acknowledged within the age."""
        now = time.monotonic()
        with self._lock:
            return [operation for operation, when in self._last_transaction.values()
                    if now - when <= max_age_seconds]

    def _apply_locked(self, key, after):
        before = self._images.get(key)
        if before == after:
            return  # nothing changed, so the stream has no record of it
        self._history[key].append((canonical(before), canonical(after)))
        self._images[key] = copy.deepcopy(after)
