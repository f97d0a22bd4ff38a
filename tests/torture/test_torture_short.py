"""The short crash torture run that tools/test runs: 12 kill -9 cycles of about 6 seconds on a
fresh data directory, the durability mode alternating between the default and --sync. Fails on
any violation, and if any part of the check had nothing to check."""

import os

import pytest

from run_torture import Settings, torture

pytestmark = pytest.mark.skipif(bool(os.environ.get("STATOR_ENDPOINT")),
                                reason="kills and restarts a local server binary")


def test_short_torture_run_finds_no_violation():
    report = torture(Settings(cycles=12, seconds_per_cycle=6.0))
    print("\n".join(report.lines()))
    assert report.violations == []
    assert report.cycles == 12
    assert report.starts_by_mode["sync"] > 0 and report.starts_by_mode["default"] > 0
    for kind in ("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"):
        assert report.counts[f"applied {kind}"] > 0, kind
    assert report.counts["refused TransactWriteItems"] > 0
    assert report.counts["in flight at a kill"] >= 12
    assert report.transactions_replayed > 0
    assert report.stream_records >= report.counts["applied PutItem"]
    assert report.consumer_deliveries >= report.stream_records
    assert report.restored_items > 0
