"""The point-in-time recovery check: instants marked between acknowledged writes, and, after the
kill cycles, a RestoreTableToPointInTime to each that must give the oracle's state at that
instant (its items, and indexes that agree with them), though the history passed through kills.

boto3 sends RestoreDateTime in whole seconds, so a mark is a whole second passed while no
writer runs: every acknowledged write is stamped before it and the next one after it.

Thread safety: none needed; runs while no writer does.
"""

import math
import time

from checker import read_table
from conformance_helpers import wait_active
from index_check import check_indexes

RESTORE_TIMEOUT_SECONDS = 300


def mark(oracle):
    """Waits for the next whole second to pass; returns (that instant, the oracle's images)."""
    instant = math.floor(time.time()) + 1
    while time.time() < instant + 0.05:
        time.sleep(0.02)
    return instant, oracle.images()


def check_restores(client, table, marks, violations):
    """Restores `table` to each marked instant into a new table and compares; returns the
    number of items compared."""
    compared = 0
    for number, (instant, images) in enumerate(marks):
        target = f"{table}-at-{number}"
        client.restore_table_to_point_in_time(SourceTableName=table, TargetTableName=target,
                                              RestoreDateTime=instant)
        if wait_active(client, target, RESTORE_TIMEOUT_SECONDS)["TableStatus"] != "ACTIVE":
            violations.append(f"restore of {table} to {instant} never became ACTIVE")
            continue
        restored = read_table(client, target)
        expected = {key: image for key, image in images.items() if image is not None}
        for key in set(restored) | set(expected):
            if restored.get(key) != expected.get(key):
                violations.append(f"restore to {instant}: {key} is {restored.get(key)}, the "
                                  f"oracle held {expected.get(key)}")
        check_indexes(client, target, list(restored.values()), violations)
        compared += len(expected)
    return compared
