"""The virtual clock beyond TTL: on a server started with `--virtual-clock` and the service's
periods (24 hours of stream retention, 4-hour shards), moving the clock a day ahead with
POST /stator/clock trims the stream's old records and rolls its shard over at once, and the
table's timestamps follow the clock.
"""

import os

import pytest

from conformance_util import advance_clock
from conftest import TableFactory, make_client
from streams_util import (create_stream_table, eventually, is_closed, list_shards,
                          make_streams_client, read_stream, server_with, wait_records,
                          wait_stream_status)

pytestmark = pytest.mark.skipif(bool(os.environ.get("STATOR_ENDPOINT")),
                                reason="needs its own local server with a virtual clock")


def test_a_day_later_old_stream_records_are_trimmed_and_the_shard_rolled_over():
    with server_with("--virtual-clock") as endpoint:
        client, streams = make_client(endpoint), make_streams_client(endpoint)
        tables = TableFactory(client)
        description = create_stream_table(client, tables, "KEYS_ONLY")
        name, arn = description["TableName"], description["LatestStreamArn"]
        wait_stream_status(streams, arn, "ENABLED")
        client.put_item(TableName=name, Item={"p": {"S": "old"}})
        [(first_shard, _)] = wait_records(streams, arn, 1)

        now = advance_clock(endpoint, 25 * 3600)

        def trimmed_and_rolled():
            shards = {s["ShardId"]: s for s in list_shards(streams, arn)}
            first = shards.get(first_shard)
            return (not read_stream(streams, arn)
                    and (first is None or is_closed(first)))

        assert eventually(trimmed_and_rolled, timeout=20)
        # New writes land in an open shard, and are stamped with the moved clock.
        client.put_item(TableName=name, Item={"p": {"S": "new"}})
        [(_, record)] = wait_records(streams, arn, 1)
        assert record["dynamodb"]["Keys"] == {"p": {"S": "new"}}
        assert abs(record["dynamodb"]["ApproximateCreationDateTime"].timestamp() - now) < 60
        # A table created now is created "tomorrow".
        later = tables.create()
        created = client.describe_table(TableName=later)["Table"]["CreationDateTime"]
        assert abs(created.timestamp() - now) < 60
