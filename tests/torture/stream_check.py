"""The stream check: for every item, the stream's records must be exactly the changes the
oracle says were applied, in order, with the right old and new images (NEW_AND_OLD_IMAGES), and
sequence numbers must grow within each shard and for each item across shards. A missing record
is an acknowledged change the stream lost; an extra one is a change that was not applied (or a
record written twice after a restart).

Thread safety: none needed; runs while no writer does.
"""

import collections

from conformance_helpers import is_closed, list_shards, parents_first, shard_iterator
from oracle import canonical
from table_shape import key_of

EVENTS = {(False, True): "INSERT", (True, True): "MODIFY", (True, False): "REMOVE"}


def read_changes(streams, arn):
    """Every record, shard by shard with parents first, reduced to (shard id, sequence number,
    key, event name, old image, new image) with the images as canonical text."""
    out = []
    for shard in parents_first(list_shards(streams, arn)):
        iterator = shard_iterator(streams, arn, shard["ShardId"], "TRIM_HORIZON")
        while iterator:
            page = streams.get_records(ShardIterator=iterator, Limit=1000)
            for record in page["Records"]:
                data = record["dynamodb"]
                out.append((shard["ShardId"], int(data["SequenceNumber"]), key_of(data["Keys"]),
                            record["eventName"], canonical(data.get("OldImage")),
                            canonical(data.get("NewImage"))))
            iterator = page.get("NextShardIterator")
            if not page["Records"] and not is_closed(shard):
                break  # an open shard read to its present end
    return out


def check_stream(streams, arn, history, violations):
    """Compares the stream with `history` (key -> [(before, after)] as canonical text); returns
    the records read, as read_changes gives them."""
    changes = read_changes(streams, arn)
    _check_sequence_numbers(changes, violations)
    seen = collections.defaultdict(list)
    for _, number, key, name, old, new in changes:
        event = EVENTS.get((old is not None, new is not None))
        if name != event:
            violations.append(f"stream record {number} of {key} is {name} with images for "
                              f"{event}")
        seen[key].append((old, new))
    for key in set(seen) | set(history):
        got, want = seen.get(key, []), history.get(key, [])
        if got != want:
            first = next((i for i, (g, w) in enumerate(zip(got, want)) if g != w),
                         min(len(got), len(want)))
            violations.append(f"stream of {key}: {len(got)} records, {len(want)} acknowledged "
                              f"changes; first difference at #{first}: got "
                              f"{got[first] if first < len(got) else None}, expected "
                              f"{want[first] if first < len(want) else None}")
    return changes


def _check_sequence_numbers(changes, violations):
    last_by_shard, last_by_key = {}, {}
    for shard, number, key, *_ in changes:
        for scope, last in ((shard, last_by_shard), (key, last_by_key)):
            if scope in last and number <= last[scope]:
                violations.append(f"sequence number {number} after {last[scope]} in {scope}")
            last[scope] = number
