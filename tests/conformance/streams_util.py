"""Helpers for the DynamoDB Streams conformance tests: a `dynamodbstreams` client, tables with
streams, reading a stream shard by shard (parents before children), and the records the service
documents for each view type.

Reads poll with a short deadline: the real service may take a moment to show a record. Nothing
here is thread-safe beyond what a single test needs.
"""

import contextlib
import datetime
import json
import time

import boto3
from boto3.dynamodb.types import TypeSerializer
from botocore.config import Config

from conformance_util import (ACCESS_KEY, REGION, SECRET_KEY, Server, signed_request,
                              unique_name, wait_active)

VIEW_TYPES = ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"]
STREAMS_TARGET_PREFIX = "DynamoDBStreams_20120810."
# How long a record may take to show up; Stator writes records with the item, so this only
# matters against a remote service.
RECORD_DEADLINE = 15.0

_serializer = TypeSerializer()


def make_streams_client(endpoint_url, access_key=ACCESS_KEY, secret_key=SECRET_KEY,
                        validate=True):
    """A `dynamodbstreams` client on the same endpoint, credentials and region as the DynamoDB
    client. `validate=False` turns off botocore's own parameter checks, so out-of-range values
    reach the server."""
    return boto3.session.Session().client(
        "dynamodbstreams",
        endpoint_url=endpoint_url,
        region_name=REGION,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        config=Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=30,
                      parameter_validation=validate),
    )


def key_schema(hash_key, range_key=None):
    schema = [{"AttributeName": hash_key[0], "KeyType": "HASH"}]
    definitions = [{"AttributeName": hash_key[0], "AttributeType": hash_key[1]}]
    if range_key:
        schema.append({"AttributeName": range_key[0], "KeyType": "RANGE"})
        definitions.append({"AttributeName": range_key[0], "AttributeType": range_key[1]})
    return schema, definitions


def create_stream_table(client, tables, view_type, hash_key=("p", "S"), range_key=None):
    """Creates a table with a stream of `view_type`, registers it for clean-up and returns the
    CreateTable response's TableDescription once the table is ACTIVE."""
    name = unique_name("stator_streams")
    schema, definitions = key_schema(hash_key, range_key)
    created = client.create_table(
        TableName=name, KeySchema=schema, AttributeDefinitions=definitions,
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": view_type})
    tables.names.append(name)
    wait_active(client, name)
    return created["TableDescription"]


def stream_table(client, tables, streams, view_type, **keys):
    """A fresh table with an ENABLED stream: returns (table name, stream ARN)."""
    description = create_stream_table(client, tables, view_type, **keys)
    arn = description["LatestStreamArn"]
    wait_stream_status(streams, arn, "ENABLED")
    return description["TableName"], arn


def update_stream(client, name, **spec):
    response = client.update_table(TableName=name, StreamSpecification=spec)
    wait_active(client, name)
    return response["TableDescription"]


@contextlib.contextmanager
def server_with(*flags):
    server = Server(["--port", "0", "--in-memory", *flags])
    try:
        yield server.endpoint
    finally:
        server.stop()


def eventually(probe, timeout=RECORD_DEADLINE, interval=0.05):
    """Calls `probe` until it returns something truthy or the deadline passes; returns the last
    result either way so the caller's assertion shows what was seen."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


def wait_stream_status(streams, arn, status, timeout=60.0):
    description = eventually(
        lambda: (lambda d: d if d["StreamStatus"] == status else None)(
            streams.describe_stream(StreamArn=arn)["StreamDescription"]),
        timeout=timeout, interval=0.1)
    assert description, f"stream {arn} never became {status}"
    return description


def list_all_streams(streams, **kwargs):
    listed, start = [], None
    for _ in range(10000):
        if start:
            kwargs["ExclusiveStartStreamArn"] = start
        page = streams.list_streams(**kwargs)
        if "Limit" in kwargs:
            assert len(page["Streams"]) <= kwargs["Limit"]
        listed.extend(page["Streams"])
        start = page.get("LastEvaluatedStreamArn")
        if not start:
            return listed
    raise AssertionError("ListStreams paging never ended")


def list_shards(streams, arn, limit=None):
    """Every shard of the stream, following LastEvaluatedShardId."""
    shards, start = [], None
    for _ in range(1000):
        kwargs = {"StreamArn": arn}
        if limit:
            kwargs["Limit"] = limit
        if start:
            kwargs["ExclusiveStartShardId"] = start
        page = streams.describe_stream(**kwargs)["StreamDescription"]
        if limit:
            assert len(page["Shards"]) <= limit
        shards.extend(page["Shards"])
        start = page.get("LastEvaluatedShardId")
        if not start:
            return shards
        assert start == page["Shards"][-1]["ShardId"], page
    raise AssertionError("DescribeStream paging never ended")


def parents_first(shards):
    """Orders shards so that a parent always comes before its children (the order consumers must
    read them in); a shard whose parent is not listed counts as a root."""
    by_id = {s["ShardId"]: s for s in shards}
    ordered, seen = [], set()

    def visit(shard):
        if shard["ShardId"] in seen:
            return
        parent = by_id.get(shard.get("ParentShardId"))
        if parent is not None:
            visit(parent)
        seen.add(shard["ShardId"])
        ordered.append(shard)

    for shard in shards:
        visit(shard)
    return ordered


def is_closed(shard):
    return "EndingSequenceNumber" in shard["SequenceNumberRange"]


def shard_iterator(streams, arn, shard_id, kind, sequence_number=None):
    kwargs = {"StreamArn": arn, "ShardId": shard_id, "ShardIteratorType": kind}
    if sequence_number is not None:
        kwargs["SequenceNumber"] = sequence_number
    return streams.get_shard_iterator(**kwargs)["ShardIterator"]


def drain(streams, iterator, to_end=False, limit=None, max_calls=200):
    """Reads from `iterator` until a page comes back empty (or, with `to_end`, until the shard
    says it has ended by leaving out NextShardIterator). Returns (records, ended)."""
    records = []
    for _ in range(max_calls):
        kwargs = {"ShardIterator": iterator}
        if limit:
            kwargs["Limit"] = limit
        page = streams.get_records(**kwargs)
        assert "Records" in page, page  # an empty list, never a missing one
        if limit:
            assert len(page["Records"]) <= limit
        records.extend(page["Records"])
        iterator = page.get("NextShardIterator")
        if iterator is None:
            return records, True
        if not page["Records"] and not to_end:
            return records, False
    raise AssertionError(f"shard not drained after {max_calls} GetRecords calls")


def read_shard(streams, arn, shard, kind="TRIM_HORIZON", sequence_number=None):
    iterator = shard_iterator(streams, arn, shard["ShardId"], kind, sequence_number)
    records, _ = drain(streams, iterator, to_end=is_closed(shard))
    return records


def read_stream(streams, arn):
    """Every record the stream holds, shard by shard with parents first, as (shard id, record)."""
    out = []
    for shard in parents_first(list_shards(streams, arn)):
        out.extend((shard["ShardId"], r) for r in read_shard(streams, arn, shard))
    return out


def wait_records(streams, arn, count, timeout=RECORD_DEADLINE):
    """Polls the whole stream until it holds at least `count` records; returns what it holds."""
    seen = []

    def probe():
        seen[:] = read_stream(streams, arn)
        return len(seen) >= count

    eventually(probe, timeout=timeout, interval=0.1)
    return list(seen)


def records_only(pairs):
    return [record for _, record in pairs]


def streams_request(endpoint, operation, payload):
    response = signed_request(endpoint, operation, payload,
                              extra_headers={"X-Amz-Target": STREAMS_TARGET_PREFIX + operation})
    assert response.status == 200, (operation, response.status, response.body)
    return response.json()


def av(item):
    """A Python item as the low-level AttributeValue map the client returns."""
    return {k: _serializer.serialize(v) for k, v in item.items()}


def sets_sorted(item):
    """Sets come back in no particular order; sort their members to compare items."""
    def fix(value):
        (kind, inner), = value.items()
        if kind in ("SS", "NS", "BS"):
            return {kind: sorted(inner)}
        if kind == "M":
            return {"M": {k: fix(v) for k, v in inner.items()}}
        if kind == "L":
            return {"L": [fix(v) for v in inner]}
        return value
    return {k: fix(v) for k, v in item.items()}


def expected_record(view_type, event, key, old=None, new=None):
    """What the service puts in a record of `view_type` (see the table in the streams facts)."""
    body = {"Keys": av(key), "StreamViewType": view_type}
    if new is not None and view_type in ("NEW_IMAGE", "NEW_AND_OLD_IMAGES"):
        body["NewImage"] = av(new)
    if old is not None and view_type in ("OLD_IMAGE", "NEW_AND_OLD_IMAGES"):
        body["OldImage"] = av(old)
    return event, body


def actual_record(record):
    body = {k: record["dynamodb"][k]
            for k in ("Keys", "NewImage", "OldImage", "StreamViewType") if k in record["dynamodb"]}
    return record["eventName"], body


def frozen(keys):
    return json.dumps(keys, sort_keys=True, default=str)


def assert_per_item(records, expected):
    """Records match `expected` exactly, item by item in order (order across items is free)."""
    want, got = {}, {}
    for event, body in expected:
        want.setdefault(frozen(body["Keys"]), []).append((event, body))
    for record in records:
        event, body = actual_record(record)
        got.setdefault(frozen(body["Keys"]), []).append((event, body))
    assert sorted(got) == sorted(want), "records for unexpected or missing items"
    for key, events in want.items():
        assert got[key] == events, f"item {key}"
    assert len(records) == len(expected)


def assert_record_envelope(record, view_type, started, finished):
    assert record["eventSource"] == "aws:dynamodb"
    assert record["eventVersion"] == "1.1"
    assert record["awsRegion"] == REGION
    assert record["eventID"]
    assert record["eventName"] in ("INSERT", "MODIFY", "REMOVE")
    assert "userIdentity" not in record  # only the service's own changes (TTL) carry one
    data = record["dynamodb"]
    assert data["StreamViewType"] == view_type
    sequence = data["SequenceNumber"]
    assert sequence.isdecimal() and 21 <= len(sequence) <= 40, sequence
    assert isinstance(data["SizeBytes"], int) and data["SizeBytes"] >= 1
    created = data["ApproximateCreationDateTime"]
    # Epoch seconds rounded down to the whole second (StreamRecord in the Streams reference).
    assert created.microsecond == 0, created
    assert started - datetime.timedelta(seconds=2) <= created <= finished, (started, created)


def assert_sequence_numbers_grow(pairs):
    """Within each shard, and for each item across its shards, sequence numbers only grow."""
    by_shard, by_item = {}, {}
    for shard_id, record in pairs:
        seq = int(record["dynamodb"]["SequenceNumber"])
        by_shard.setdefault(shard_id, []).append(seq)
        by_item.setdefault(frozen(record["dynamodb"]["Keys"]), []).append(seq)
    for name, seqs in list(by_shard.items()) + list(by_item.items()):
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs), (name, seqs)


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc)
