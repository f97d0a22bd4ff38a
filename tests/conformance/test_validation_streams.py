"""The Streams API's first check, as DynamoDB's: every member against the Streams API model's
constraints (required members, lengths, each Limit's range, the iterator type's values, a table
name's pattern), all violations in one ValidationException, before any stream is looked up.
Botocore's own parameter checks are off, so the requests reach the server as written.
"""

import pytest
from botocore.exceptions import ClientError

from streams_util import make_streams_client

VE = "ValidationException"
ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/nosuch/stream/2026-01-01T00:00:00.000"
SHARD = "shardId-00000001765000000000-0000abcd"


@pytest.fixture(scope="module")
def raw_streams(endpoint):
    return make_streams_client(endpoint, validate=False)


def expect_validation(message, fn, **kwargs):
    with pytest.raises(ClientError) as info:
        fn(**kwargs)
    error = info.value.response["Error"]
    assert (error["Code"], error["Message"]) == (VE, message)


def test_list_streams_violations_are_reported_together(raw_streams):
    expect_validation(
        "4 validation errors detected: "
        "Value 'a!' at 'tableName' failed to satisfy constraint: Member must satisfy regular "
        "expression pattern: [a-zA-Z0-9_.-]+; "
        "Value 'a!' at 'tableName' failed to satisfy constraint: Member must have length greater "
        "than or equal to 3; "
        "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than "
        "or equal to 1; "
        "Value 'kossa' at 'exclusiveStartStreamArn' failed to satisfy constraint: Member must "
        "have length greater than or equal to 37",
        raw_streams.list_streams, TableName="a!", Limit=0, ExclusiveStartStreamArn="kossa")
    expect_validation(
        "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: "
        "Member must have value less than or equal to 100",
        raw_streams.list_streams, Limit=101)


def test_describe_stream_bounds_come_before_the_lookup(raw_streams):
    # The ARN names no stream: the constraint violations are reported, not the missing stream.
    expect_validation(
        "2 validation errors detected: "
        "Value '101' at 'limit' failed to satisfy constraint: Member must have value less than "
        "or equal to 100; "
        "Value 'shard' at 'exclusiveStartShardId' failed to satisfy constraint: Member must have "
        "length greater than or equal to 28",
        raw_streams.describe_stream, StreamArn=ARN, Limit=101, ExclusiveStartShardId="shard")
    expect_validation(
        "1 validation error detected: Value null at 'streamArn' failed to satisfy constraint: "
        "Member must not be null",
        raw_streams.describe_stream)


def test_get_shard_iterator_violations_are_reported_together(raw_streams):
    long_sequence = "9" * 41
    expect_validation(
        "4 validation errors detected: "
        "Value 'arn' at 'streamArn' failed to satisfy constraint: Member must have length "
        "greater than or equal to 37; "
        "Value 'shard' at 'shardId' failed to satisfy constraint: Member must have length "
        "greater than or equal to 28; "
        "Value 'bulle' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy "
        "enum value set: [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]; "
        f"Value '{long_sequence}' at 'sequenceNumber' failed to satisfy constraint: Member must "
        "have length less than or equal to 40",
        raw_streams.get_shard_iterator, StreamArn="arn", ShardId="shard",
        ShardIteratorType="bulle", SequenceNumber=long_sequence)
    expect_validation(
        "2 validation errors detected: "
        "Value null at 'shardId' failed to satisfy constraint: Member must not be null; "
        "Value null at 'shardIteratorType' failed to satisfy constraint: Member must not be null",
        raw_streams.get_shard_iterator, StreamArn=ARN)


def test_get_records_bounds(raw_streams):
    long_iterator = "i" * 2049
    expect_validation(
        f"2 validation errors detected: Value '{long_iterator}' at 'shardIterator' failed to "
        "satisfy constraint: Member must have length less than or equal to 2048; Value '1001' at "
        "'limit' failed to satisfy constraint: Member must have value less than or equal to 1000",
        raw_streams.get_records, ShardIterator=long_iterator, Limit=1001)
    expect_validation(
        "1 validation error detected: Value '' at 'shardIterator' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1",
        raw_streams.get_records, ShardIterator="")


def test_a_valid_request_reaches_the_streams(raw_streams):
    # Within every bound, the request is looked up and the stream found missing.
    with pytest.raises(ClientError) as info:
        raw_streams.get_shard_iterator(StreamArn=ARN, ShardId=SHARD,
                                       ShardIteratorType="TRIM_HORIZON")
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
