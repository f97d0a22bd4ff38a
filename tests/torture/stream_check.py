"""The stream check: for every item, the stream's records must be exactly the changes the
oracle says were applied, in order, with the right old and new images (NEW_AND_OLD_IMAGES), and
sequence numbers must grow within each shard and for each item across shards. A missing record
is an acknowledged change the stream lost; an extra one is a change that was not applied (or a
record written twice after a restart).

Thread safety: none needed; runs while no writer does.
"""

import collections

from conformance_helpers import is_closed, list_shards, parents_first, shard_iterator
from table_shape import key_of

EVENTS = {(False, True): "INSERT", (True, True): "MODIFY", (True, False): "REMOVE"}


def read_whole_stream(streams, arn):
    """Every record, shard by shard with parents first, as (shard id, record)."""
    out = []
    for shard in parents_first(list_shards(streams, arn)):
        iterator = shard_iterator(streams, arn, shard["ShardId"], "TRIM_HORIZON")
        while iterator:
            page = streams.get_records(ShardIterator=iterator, Limit=1000)
            out.extend((shard["ShardId"], record) for record in page["Records"])
            iterator = page.get("NextShardIterator")
            if not page["Records"] and not is_closed(shard):
                break  # an open shard read to its present end
    return out


def check_stream(streams, arn, history, violations):
    """Compares the stream with `history` (key -> [(before, after)]); returns the record count."""
    pairs = read_whole_stream(streams, arn)
    _check_sequence_numbers(pairs, violations)
    seen = collections.defaultdict(list)
    for _, record in pairs:
        data = record["dynamodb"]
        old, new = data.get("OldImage"), data.get("NewImage")
        event = EVENTS.get((old is not None, new is not None))
        if record["eventName"] != event:
            violations.append(f"stream record {data['SequenceNumber']} is "
                              f"{record['eventName']} with images for {event}")
        seen[key_of(data["Keys"])].append((old, new))
    for key in set(seen) | set(history):
        got, want = seen.get(key, []), history.get(key, [])
        if got != want:
            first = next((i for i, (g, w) in enumerate(zip(got, want)) if g != w),
                         min(len(got), len(want)))
            violations.append(f"stream of {key}: {len(got)} records, {len(want)} acknowledged "
                              f"changes; first difference at #{first}: got "
                              f"{got[first] if first < len(got) else None}, expected "
                              f"{want[first] if first < len(want) else None}")
    return len(pairs)


def _check_sequence_numbers(pairs, violations):
    last_by_shard, last_by_key = {}, {}
    for shard, record in pairs:
        data = record["dynamodb"]
        number = int(data["SequenceNumber"])
        for scope, last in ((shard, last_by_shard), (key_of(data["Keys"]), last_by_key)):
            if scope in last and number <= last[scope]:
                violations.append(f"sequence number {number} after {last[scope]} in {scope}")
            last[scope] = number
