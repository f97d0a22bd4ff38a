"""Transaction idempotency across a restart: a TransactWriteItems sent again with its
ClientRequestToken after a kill must take effect once, whether or not its first attempt did.

Two checks, both after the server is back and the oracle settled:
- the transaction in flight at the kill is retried as an SDK would retry it. If the first attempt
  had taken effect, the retry must be answered as a replay and change nothing (applied twice,
  its conditions on the old write numbers would fail, or its `ADD cnt :one` would count twice);
  if it had not, the retry runs and takes effect now;
- each writer's last acknowledged transaction is sent again: it must succeed and change nothing,
  though later writes may have changed its items since (a second application would undo them).
Either way the transaction's items are read back and compared with the oracle.

Thread safety: none needed; runs while no writer does.
"""

from botocore.exceptions import ClientError

from table_shape import key_attributes
from writer import call

# The service remembers a token for 10 minutes; replay only well inside that window.
TOKEN_WINDOW_SECONDS = 8 * 60


def retry_in_flight(client, table, oracle, settled, violations):
    """Retries the in-flight transactions that `check_and_settle` settled; returns how many."""
    retried = 0
    for operation, applied in settled.values():
        if operation.kind != "TransactWriteItems" or not operation.expect_success:
            continue
        if not _send(client, operation, "retried after the kill", violations):
            continue
        if not applied:
            oracle.apply(operation, list(operation.effects))
        _compare_items(client, table, operation, oracle, "retried after the kill", violations)
        retried += 1
    return retried


def replay_acknowledged(client, table, oracle, violations):
    """Sends each writer's last acknowledged transaction again; returns how many."""
    replayed = 0
    for operation in oracle.last_transactions(TOKEN_WINDOW_SECONDS):
        if _send(client, operation, "replayed after a restart", violations):
            _compare_items(client, table, operation, oracle, "replayed after a restart",
                           violations)
            replayed += 1
    return replayed


def _send(client, operation, when, violations):
    try:
        call(client, operation)
        return True
    except ClientError as error:
        violations.append(f"TransactWriteItems {operation.token} {when} was refused: "
                          f"{error.response['Error']['Code']} "
                          f"{error.response['Error'].get('Message')}")
        return False


def _compare_items(client, table, operation, oracle, when, violations):
    for key in operation.effects:
        found = client.get_item(TableName=table, Key=key_attributes(key),
                                ConsistentRead=True).get("Item")
        if found != oracle.image(key):
            violations.append(f"TransactWriteItems {operation.token} {when} left {key} as "
                              f"{found}, the oracle holds {oracle.image(key)}")
