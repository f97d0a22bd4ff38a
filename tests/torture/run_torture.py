#!/usr/bin/env python3
"""The crash torture driver: writers run a random mix of every write path against a real
`stator` server, the server is killed with SIGKILL at a random moment, restarted on the same
data directory, and checked against the oracle of acknowledged operations; then again, for the
given number of cycles. After the last restart the whole stream, the records an event source
mapping handed to a consumer in this process, and point-in-time restores to instants marked
along the way are checked too.

  /usr/bin/python3 tests/torture/run_torture.py --cycles 12 --seconds-per-cycle 6  # ~2 minutes
  /usr/bin/python3 tests/torture/run_torture.py --cycles 200                       # long run

Durability: `--durability sync` starts every server with --sync (the WAL fsynced before a write
is acknowledged), `default` without it (the WAL written, not fsynced: a killed process loses
nothing, a lost machine may), `alternate` (the default) switches at every restart, so both
modes are tested on one data directory. Exit status 0 only when no violation was found.
"""

import argparse
import collections
import dataclasses
import json
import os
import random
import shutil
import sys
import tempfile
import threading
import time

from checker import check_and_settle, read_table
from consumer_check import Consumer, check_consumer
from conformance_helpers import Server, make_client, make_streams_client, unique_name, wait_active
from idempotency import replay_acknowledged, retry_in_flight
from index_check import check_indexes
from oracle import Oracle
from pitr_check import check_restores, mark
from stream_check import check_stream
from table_shape import create_table, enable_pitr
from workload import Workload
from writer import Writer

EARLY_KILL_RATE = 0.1


@dataclasses.dataclass
class Settings:
    cycles: int = 12
    seconds_per_cycle: float = 6.0
    writers: int = 4
    keys_per_writer: int = 24
    durability: str = "alternate"
    pitr_marks: int = 2
    seed: int = None
    data_dir: str = None
    keep_data: bool = False
    progress: bool = False  # a line per cycle


@dataclasses.dataclass
class Report:
    cycles: int = 0
    starts_by_mode: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    counts: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    transactions_retried: int = 0
    transactions_replayed: int = 0
    stream_records: int = 0
    consumer_deliveries: int = 0
    restored_items: int = 0
    violations: list = dataclasses.field(default_factory=list)

    @property
    def acknowledged(self):
        return sum(n for what, n in self.counts.items() if what.startswith(("applied", "refused")))

    def lines(self):
        modes = ", ".join(f"{n} {mode}" for mode, n in sorted(self.starts_by_mode.items()))
        yield f"kill -9 cycles: {self.cycles} (server starts by durability mode: {modes})"
        yield f"acknowledged operations checked: {self.acknowledged}"
        for what, n in sorted(self.counts.items()):
            yield f"  {what}: {n}"
        yield (f"transactions retried with their token after a kill: "
               f"{self.transactions_retried}; replayed after a restart: "
               f"{self.transactions_replayed}")
        yield f"stream records checked: {self.stream_records}"
        yield f"records handed to the stream consumer (at least once): {self.consumer_deliveries}"
        yield f"items compared in point-in-time restores: {self.restored_items}"
        yield f"violations: {len(self.violations)}"
        for violation in self.violations[:50]:
            yield f"  VIOLATION {violation}"


class TortureRun:
    def __init__(self, settings):
        self.settings = settings
        self.rng = random.Random(settings.seed)
        self.report = Report()
        self.server = None  # the running server process
        self.oracle = Oracle()
        self.table = unique_name("torture")
        self.mapping_file = f"{settings.data_dir}.mappings.json"
        self.workloads = [Workload(w, self.oracle, self.table, settings.keys_per_writer,
                                   random.Random(self.rng.random()))
                          for w in range(settings.writers)]

    def run(self):
        """Runs every cycle and the final checks; returns the Report."""
        self.consumer = Consumer()
        with open(self.mapping_file, "w", encoding="utf-8") as f:
            json.dump([self.consumer.mapping(self.table)], f)
        try:
            self._run_cycles()
        finally:
            if self.server is not None:
                self.server.kill()  # only after a failure: the run ends with a clean stop
            self.consumer.close()
            os.remove(self.mapping_file)
        self.report.counts.update(self.oracle.counts)
        return self.report

    def _run_cycles(self):
        marks, mark_cycles = [], self._mark_cycles()
        client = self._start(0)
        arn = create_table(client, self.table)
        wait_active(client, self.table)
        enable_pitr(client, self.table)
        for cycle in range(self.settings.cycles):
            if cycle:
                client = self._restart(cycle)
                self._check_after_restart(client)
            if cycle in mark_cycles:
                marks.append(mark(self.oracle))
            self._write_until_killed()
            self.report.cycles += 1
            self._progress(cycle)
        client = self._restart(self.settings.cycles)
        self._check_after_restart(client)
        changes = check_stream(make_streams_client(self.server.endpoint), arn,
                               self.oracle.history(), self.report.violations)
        self.report.stream_records = len(changes)
        self.report.consumer_deliveries = check_consumer(self.consumer, changes,
                                                         self.report.violations)
        self.report.restored_items = check_restores(client, self.table, marks,
                                                    self.report.violations)
        self.server.stop()
        self.server = None

    def _progress(self, cycle):
        if self.settings.progress:
            counts = self.oracle.counts
            acknowledged = sum(n for what, n in counts.items()
                               if what.startswith(("applied", "refused")))
            print(f"cycle {cycle + 1}/{self.settings.cycles}: {acknowledged} acknowledged, "
                  f"{len(self.report.violations)} violations", flush=True)

    def _mark_cycles(self):
        count, cycles = self.settings.pitr_marks, self.settings.cycles
        return {round((i + 1) * cycles / (count + 1)) for i in range(count)}

    def _start(self, cycle):
        """Starts the server in the cycle's durability mode; returns a client of it."""
        mode = self.settings.durability
        if mode == "alternate":
            mode = "sync" if cycle % 2 else "default"
        self.report.starts_by_mode[mode] += 1
        flags = ["--host", "127.0.0.1", "--port", "0", "--data-dir", self.settings.data_dir,
                 "--event-source-mappings", self.mapping_file]
        self.server = Server(flags + (["--sync"] if mode == "sync" else []))
        return make_client(self.server.endpoint)

    def _restart(self, cycle):
        """Starts the server again; now and then kills it once more as soon as it has recovered
        (its background work, stream and PITR upkeep, just begun) before the real restart."""
        if self.rng.random() < EARLY_KILL_RATE:
            self._start(cycle)
            self.server.kill()
            self.report.counts["kills right after a restart"] += 1
        return self._start(cycle)

    def _check_after_restart(self, client):
        wait_active(client, self.table)
        violations = self.report.violations
        settled = check_and_settle(client, self.table, self.oracle, violations)
        self.report.transactions_retried += retry_in_flight(client, self.table, self.oracle,
                                                            settled, violations)
        self.report.transactions_replayed += replay_acknowledged(client, self.table,
                                                                 self.oracle, violations)
        check_indexes(client, self.table, list(read_table(client, self.table).values()),
                      violations)

    def _write_until_killed(self):
        stop = threading.Event()
        writers = [Writer(w, make_client(self.server.endpoint), workload, self.oracle,
                          self.report.violations, stop)
                   for w, workload in enumerate(self.workloads)]
        for writer in writers:
            writer.start()
        time.sleep(self.settings.seconds_per_cycle * self.rng.uniform(0.5, 1.0))
        self.server.kill()
        stop.set()
        for writer in writers:
            writer.join(timeout=60)
            if writer.is_alive():
                self.report.violations.append(f"{writer.name} still waiting 60 s after the kill")


def parse_settings(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    defaults = Settings()
    parser.add_argument("--cycles", type=int, default=defaults.cycles,
                        help="kill -9 cycles (default %(default)s)")
    parser.add_argument("--seconds-per-cycle", type=float, default=defaults.seconds_per_cycle,
                        help="the longest a cycle writes before the kill; each is killed at a "
                             "random moment in its second half (default %(default)s)")
    parser.add_argument("--writers", type=int, default=defaults.writers,
                        help="client threads, each with its own keys (default %(default)s)")
    parser.add_argument("--keys-per-writer", type=int, default=defaults.keys_per_writer)
    parser.add_argument("--durability", choices=["sync", "default", "alternate"],
                        default=defaults.durability,
                        help="server durability mode; alternate switches at every restart")
    parser.add_argument("--pitr-marks", type=int, default=defaults.pitr_marks,
                        help="instants restored to and compared after the run")
    parser.add_argument("--seed", type=int, help="random seed (default: a fresh one, printed)")
    parser.add_argument("--data-dir", help="server data directory (default: a fresh temporary "
                                           "one, kept only when a violation is found)")
    parser.add_argument("--keep-data", action="store_true")
    parser.add_argument("--quiet", dest="progress", action="store_false",
                        help="no line per cycle")
    settings = Settings(**{k: v for k, v in vars(parser.parse_args(argv)).items()})
    if settings.seed is None:
        settings.seed = random.randrange(1 << 32)
    return settings


def torture(settings):
    """Runs a torture run on a fresh data directory unless one is given; returns the Report."""
    owned = settings.data_dir is None
    if owned:
        settings.data_dir = tempfile.mkdtemp(prefix="stator-torture-")
    report = TortureRun(settings).run()
    if owned and not settings.keep_data and not report.violations:
        shutil.rmtree(settings.data_dir, ignore_errors=True)
    return report


def main(argv):
    settings = parse_settings(argv)
    started = time.monotonic()
    print(f"torture: seed {settings.seed}, {settings.cycles} cycles", flush=True)
    report = torture(settings)
    for line in report.lines():
        print(line)
    if report.violations:
        print(f"data directory kept: {settings.data_dir}")
    print(f"run time: {time.monotonic() - started:.0f} s")
    return 1 if report.violations else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
