"""Streams over time, each on a server of its own with short periods: shards roll over into
children that name their parent (`--stream-shard-rollover-seconds`), and records past retention
are trimmed (`--stream-retention-seconds`), as the service does over 4 and 24 hours.
"""

import os

import pytest
from botocore.exceptions import ClientError

from conftest import TableFactory, make_client
from streams_util import (assert_sequence_numbers_grow, create_stream_table, drain, eventually,
                          is_closed, list_shards, make_streams_client, read_shard, server_with,
                          shard_iterator, wait_records, wait_stream_status)

local_only = pytest.mark.skipif(bool(os.environ.get("STATOR_ENDPOINT")),
                                reason="needs its own local server started with stream flags")


def streamed_table(client, streams, view_type):
    """A table with a stream of `view_type` on the test's own server: (name, stream ARN)."""
    description = create_stream_table(client, TableFactory(client), view_type)
    arn = description["LatestStreamArn"]
    wait_stream_status(streams, arn, "ENABLED")
    return description["TableName"], arn


@local_only
def test_shard_rollover_lineage():
    with server_with("--stream-shard-rollover-seconds", "1") as endpoint:
        client, streams = make_client(endpoint), make_streams_client(endpoint)
        name, arn = streamed_table(client, streams, "NEW_AND_OLD_IMAGES")

        client.put_item(TableName=name, Item={"p": {"S": "x"}, "v": {"N": "1"}})
        first_shard, first = wait_records(streams, arn, 1)[0]

        def closed_with_child():
            shards = list_shards(streams, arn)
            by_id = {s["ShardId"]: s for s in shards}
            children = [s for s in shards if s.get("ParentShardId") == first_shard]
            return (shards if is_closed(by_id[first_shard]) and children else None)

        shards = eventually(closed_with_child, timeout=20)
        assert shards, "the shard holding the first record was never closed with a child"
        ids = [s["ShardId"] for s in shards]
        assert len(ids) == len(set(ids))
        for shard in shards:
            parent = shard.get("ParentShardId")
            # With 24 h retention no parent has been trimmed away yet.
            assert parent is None or parent in ids, shard
        parent = next(s for s in shards if s["ShardId"] == first_shard)
        ending = parent["SequenceNumberRange"]["EndingSequenceNumber"]
        starting = parent["SequenceNumberRange"]["StartingSequenceNumber"]
        assert ending.isdecimal()
        seq1 = first["dynamodb"]["SequenceNumber"]
        assert int(starting) <= int(seq1) <= int(ending)

        # A closed shard read to its end stops handing out iterators.
        records, ended = drain(streams, shard_iterator(streams, arn, first_shard, "TRIM_HORIZON"),
                               to_end=True)
        assert ended
        assert [r["dynamodb"]["SequenceNumber"] for r in records] == [seq1]
        records, ended = drain(streams, shard_iterator(streams, arn, first_shard,
                                                       "AFTER_SEQUENCE_NUMBER", seq1), to_end=True)
        assert (records, ended) == ([], True)

        # Later changes to the same item continue in a descendant shard, in order.
        client.put_item(TableName=name, Item={"p": {"S": "x"}, "v": {"N": "2"}})
        client.update_item(TableName=name, Key={"p": {"S": "x"}}, UpdateExpression="SET v = :v",
                           ExpressionAttributeValues={":v": {"N": "3"}})
        pairs = wait_records(streams, arn, 3)
        assert [(r["eventName"], r["dynamodb"]["NewImage"]["v"]["N"]) for _, r in pairs] == [
            ("INSERT", "1"), ("MODIFY", "2"), ("MODIFY", "3")]
        assert [r["dynamodb"]["OldImage"]["v"]["N"] for _, r in pairs[1:]] == ["1", "2"]
        assert_sequence_numbers_grow(pairs)
        lineage = {s["ShardId"]: s.get("ParentShardId") for s in list_shards(streams, arn)}
        for shard_id, _ in pairs[1:]:
            assert shard_id != first_shard
            ancestor = shard_id
            while ancestor is not None and ancestor != first_shard:
                ancestor = lineage.get(ancestor)
            assert ancestor == first_shard, f"{shard_id} does not descend from {first_shard}"

        # Paging through the shards, one at a time, finds every shard seen so far.
        everything = {s["ShardId"] for s in list_shards(streams, arn)}
        paged = [s["ShardId"] for s in list_shards(streams, arn, limit=1)]
        assert len(paged) == len(set(paged))
        assert everything <= set(paged)


@local_only
def test_retention_trims_old_records():
    with server_with("--stream-retention-seconds", "2") as endpoint:
        client, streams = make_client(endpoint), make_streams_client(endpoint)
        name, arn = streamed_table(client, streams, "KEYS_ONLY")

        client.put_item(TableName=name, Item={"p": {"S": "k"}, "v": {"N": "1"}})
        shard_id, record = wait_records(streams, arn, 1)[0]
        old_seq = record["dynamodb"]["SequenceNumber"]
        stale = shard_iterator(streams, arn, shard_id, "AT_SEQUENCE_NUMBER", old_seq)

        def shard_now():
            return next(s for s in list_shards(streams, arn) if s["ShardId"] == shard_id)

        def trimmed():
            seqs = [r["dynamodb"]["SequenceNumber"] for r in read_shard(streams, arn, shard_now())]
            return old_seq not in seqs

        assert eventually(trimmed, timeout=30, interval=0.25), "the record was never trimmed"
        # A sequence number older than the trim point, and an iterator taken before the trim.
        with pytest.raises(ClientError) as info:
            streams.get_shard_iterator(StreamArn=arn, ShardId=shard_id,
                                       ShardIteratorType="AT_SEQUENCE_NUMBER",
                                       SequenceNumber=old_seq)
        assert info.value.response["Error"]["Code"] == "TrimmedDataAccessException"
        with pytest.raises(ClientError) as info:
            streams.get_records(ShardIterator=stale)
        assert info.value.response["Error"]["Code"] == "TrimmedDataAccessException"

        # TRIM_HORIZON has moved past the trimmed record and reads the next change of the item
        # (same item, so the same shard).
        client.put_item(TableName=name, Item={"p": {"S": "k"}, "v": {"N": "2"}})
        seen = eventually(lambda: read_shard(streams, arn, shard_now(), "TRIM_HORIZON"))
        assert [r["eventName"] for r in seen] == ["MODIFY"]
        assert int(seen[0]["dynamodb"]["SequenceNumber"]) > int(old_seq)
