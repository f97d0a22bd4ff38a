"""The state checker: after a restart, the table must hold exactly what the oracle says, and
each operation in flight at the kill must have taken effect entirely or not at all.

For a key no in-flight operation touched, the item must equal the oracle's image: an
acknowledged write that is missing is a lost write. For a key an in-flight operation touched,
the item must equal the image before it or after it, never anything else. A transaction must
show all its changes or none (each of its writes carries the transaction's marker and a fresh
write number, so "after" is never "before"); a BatchWriteItem, which the service does not make
atomic, is judged item by item. The oracle is then settled to what the server holds.

Thread safety: none needed; the checker runs while no writer does.
"""

from table_shape import key_of

ATOMIC = {"TransactWriteItems", "PutItem", "UpdateItem", "DeleteItem"}


def scan_items(client, table, index=None):
    """Every item of `table` (or of its index), read page by page."""
    kwargs = {"TableName": table}
    if index:
        kwargs["IndexName"] = index
    else:
        kwargs["ConsistentRead"] = True
    items = []
    while True:
        page = client.scan(**kwargs)
        items.extend(page["Items"])
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def read_table(client, table):
    return {key_of(item): item for item in scan_items(client, table)}


def check_and_settle(client, table, oracle, violations):
    """Compares the table with the oracle, settles the in-flight operations and returns them
    (writer id -> (operation, keys found applied))."""
    actual = read_table(client, table)
    in_flight = oracle.in_flight()
    uncertain = {key for operation in in_flight.values() for key in operation.effects}
    expected = oracle.images()
    for key in set(expected) | set(actual):
        if key in uncertain:
            continue
        if actual.get(key) != expected.get(key):
            violations.append(f"{key}: the table holds {actual.get(key)}, the last "
                              f"acknowledged write left {expected.get(key)}")
    settled = {}
    for writer, operation in in_flight.items():
        applied = _applied_keys(operation, actual, violations)
        oracle.settle(writer, applied)
        settled[writer] = (operation, applied)
    return settled


def _applied_keys(operation, actual, violations):
    """The keys on which `operation` took effect, judged from the images it could have left."""
    applied, unapplied = [], []
    for key, (before, after) in operation.effects.items():
        found = actual.get(key)
        if before == after:
            if found != before:
                violations.append(f"{operation.kind} in flight should have left {key} as "
                                  f"{before}, found {found}")
        elif found == after:
            applied.append(key)
        elif found == before:
            unapplied.append(key)
        else:
            violations.append(f"{operation.kind} in flight left {key} as {found}: neither "
                              f"before ({before}) nor after ({after})")
    if operation.kind in ATOMIC and applied and unapplied:
        violations.append(f"{operation.kind} half-applied: took effect on {applied}, not on "
                          f"{unapplied}")
    return applied
