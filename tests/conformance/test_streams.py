"""DynamoDB Streams: enabling a table's stream, listing and describing streams, and reading the
ordered change records through the `dynamodbstreams` client, as the service documents them.

Behaviour and messages follow the DynamoDB and DynamoDB Streams API references and messages seen
from the live service (collected in the team's streams facts). Records may take a moment to appear
on the real service, so reads poll with a short deadline instead of sleeping. Order is asserted per
item only (the service promises nothing across items); every test uses a fresh table, so the exact
set of records a table's stream holds is known.
"""

import datetime
import os
import re
import time

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import TableFactory
from conformance_util import REGION, SECRET_KEY, expect_error, unique_name, wait_active
from streams_util import (VIEW_TYPES, assert_per_item, assert_record_envelope,
                          assert_sequence_numbers_grow, av, create_stream_table, drain, eventually,
                          expected_record, is_closed, key_schema, list_all_streams, list_shards,
                          make_streams_client, now_utc, parents_first, read_shard, read_stream,
                          records_only, sets_sorted, shard_iterator, stream_table,
                          streams_request, update_stream, wait_records, wait_stream_status)

LABEL = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$")
SHARD_ID = re.compile(r"^shardId-\d{20}-[0-9a-f]{8}$")

local_only = pytest.mark.skipif(bool(os.environ.get("STATOR_ENDPOINT")),
                                reason="needs its own local server started with stream flags")


@pytest.fixture(scope="session")
def streams(endpoint):
    return make_streams_client(endpoint)


@pytest.fixture(scope="session")
def raw_streams(endpoint):
    """Botocore's own parameter checks off, so out-of-range values reach the server."""
    return make_streams_client(endpoint, validate=False)


# --------------------------------------------------------------------------- CreateTable

@pytest.mark.parametrize("view_type", VIEW_TYPES)
def test_create_table_with_stream(client, tables, streams, view_type):
    started = now_utc()
    description = create_stream_table(client, tables, view_type, range_key=("c", "N"))
    name = description["TableName"]
    assert description["StreamSpecification"] == {"StreamEnabled": True,
                                                  "StreamViewType": view_type}
    arn, label = description["LatestStreamArn"], description["LatestStreamLabel"]
    assert arn == f"{description['TableArn']}/stream/{label}"

    table = client.describe_table(TableName=name)["Table"]
    assert table["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": view_type}
    assert table["LatestStreamArn"] == arn
    assert table["LatestStreamLabel"] == label

    stream = wait_stream_status(streams, arn, "ENABLED")
    assert stream["StreamArn"] == arn
    assert stream["StreamLabel"] == label
    assert stream["StreamViewType"] == view_type
    assert stream["TableName"] == name
    assert stream["KeySchema"] == table["KeySchema"]
    assert started - datetime.timedelta(seconds=60) <= stream["CreationRequestDateTime"] \
        <= now_utc() + datetime.timedelta(seconds=60)
    assert stream["Shards"], "an enabled stream has at least one open shard"
    assert any(not is_closed(shard) for shard in stream["Shards"])

    listed = streams.list_streams(TableName=name)["Streams"]
    assert listed == [{"StreamArn": arn, "TableName": name, "StreamLabel": label}]


def test_stream_identifier_formats(client, tables, streams):
    name, arn = stream_table(client, tables, streams, "KEYS_ONLY")
    table = client.describe_table(TableName=name)["Table"]
    label = table["LatestStreamLabel"]
    # arn:aws:dynamodb:us-west-2:111122223333:table/Forum/stream/2015-05-20T20:51:10.252
    assert LABEL.match(label), label
    assert re.match(rf"^arn:aws:dynamodb:{REGION}:\d{{12}}:table/{name}/stream/{re.escape(label)}$",
                    arn), arn
    assert 37 <= len(arn) <= 1024
    client.put_item(TableName=name, Item={"p": {"S": "a"}})
    records = wait_records(streams, arn, 1)
    assert len(records) == 1
    for shard in list_shards(streams, arn):
        # shardId-00000001414562045508-2bac9cd2
        assert SHARD_ID.match(shard["ShardId"]), shard
        assert 28 <= len(shard["ShardId"]) <= 65
        start = shard["SequenceNumberRange"]["StartingSequenceNumber"]
        assert start.isdecimal() and 21 <= len(start) <= 40, start
    sequence = records[0][1]["dynamodb"]["SequenceNumber"]
    assert sequence.isdecimal() and 21 <= len(sequence) <= 40, sequence
    assert re.match(r"^[0-9a-f]{32}$", records[0][1]["eventID"]), records[0][1]["eventID"]


def test_create_table_stream_disabled_has_no_stream(client, tables, streams):
    name = unique_name("stator_streams")
    schema, definitions = key_schema(("p", "S"))
    created = client.create_table(TableName=name, KeySchema=schema,
                                  AttributeDefinitions=definitions, BillingMode="PAY_PER_REQUEST",
                                  StreamSpecification={"StreamEnabled": False})
    tables.names.append(name)
    for description in (created["TableDescription"], wait_active(client, name)):
        assert "StreamSpecification" not in description
        assert "LatestStreamArn" not in description
        assert "LatestStreamLabel" not in description
    assert streams.list_streams(TableName=name)["Streams"] == []


def test_create_table_stream_spec_errors(client, tables):
    cases = [
        ({"StreamEnabled": True},
         "One or more parameter values were invalid: Table is being created with a stream "
         "enabled, UpdateViewType is required"),
        ({"StreamEnabled": False, "StreamViewType": "NEW_IMAGE"},
         "One or more parameter values were invalid: Table is being created with a stream "
         "disabled, UpdateViewType should not be specified"),
    ]
    check_create_table_refused(client, tables, cases)


def test_create_table_bad_view_type(client, tables):
    # The enum's order in the message is the live service's, not the API model's.
    check_create_table_refused(client, tables, [
        ({"StreamEnabled": True, "StreamViewType": "new_image"},
         "1 validation error detected: Value 'new_image' at 'streamSpecification.streamViewType' "
         "failed to satisfy constraint: Member must satisfy enum value set: [OLD_IMAGE, KEYS_ONLY, "
         "NEW_AND_OLD_IMAGES, NEW_IMAGE]")])


def check_create_table_refused(client, tables, cases):
    """Each StreamSpecification is refused with its message, and no table is left behind."""
    schema, definitions = key_schema(("p", "S"))
    for spec, message in cases:
        name = unique_name("stator_streams")
        tables.names.append(name)  # in case the server wrongly creates it
        expect_error("ValidationException", message, client.create_table, TableName=name,
                     KeySchema=schema, AttributeDefinitions=definitions,
                     BillingMode="PAY_PER_REQUEST", StreamSpecification=spec)
        expect_error("ResourceNotFoundException", f"Requested resource not found: Table: {name} "
                     "not found", client.describe_table, TableName=name)


# --------------------------------------------------------------------------- UpdateTable

@pytest.mark.parametrize("view_type", VIEW_TYPES)
def test_update_table_enables_stream(client, tables, streams, view_type):
    name = tables.create(hash_key=("p", "S"))
    assert streams.list_streams(TableName=name)["Streams"] == []
    description = client.update_table(
        TableName=name,
        StreamSpecification={"StreamEnabled": True, "StreamViewType": view_type},
    )["TableDescription"]
    assert description["StreamSpecification"] == {"StreamEnabled": True,
                                                  "StreamViewType": view_type}
    arn, label = description["LatestStreamArn"], description["LatestStreamLabel"]
    assert arn == f"{description['TableArn']}/stream/{label}"
    table = wait_active(client, name)
    assert table["StreamSpecification"] == description["StreamSpecification"]
    assert (table["LatestStreamArn"], table["LatestStreamLabel"]) == (arn, label)
    assert wait_stream_status(streams, arn, "ENABLED")["StreamViewType"] == view_type
    assert streams.list_streams(TableName=name)["Streams"] == [
        {"StreamArn": arn, "TableName": name, "StreamLabel": label}]

    client.put_item(TableName=name, Item={"p": {"S": "after-enable"}})
    records = records_only(wait_records(streams, arn, 1))
    assert [r["eventName"] for r in records] == ["INSERT"]


def test_update_table_stream_errors(client, tables, streams):
    name, arn = stream_table(client, tables, streams, "KEYS_ONLY")
    already = f"Table already has an enabled stream: TableName: {name}"
    # The same view type again, or another one: a view type cannot change in place.
    for view_type in ("KEYS_ONLY", "NEW_AND_OLD_IMAGES"):
        expect_error("ValidationException", already, client.update_table, TableName=name,
                     StreamSpecification={"StreamEnabled": True, "StreamViewType": view_type})
    expect_error("ValidationException",
                 "One or more parameter values were invalid: If stream is being enabled then "
                 "UpdateViewType is required",
                 client.update_table, TableName=name, StreamSpecification={"StreamEnabled": True})
    expect_error("ValidationException",
                 "One or more parameter values were invalid: If stream is being disabled, then "
                 "UpdateViewType must not be specified",
                 client.update_table, TableName=name,
                 StreamSpecification={"StreamEnabled": False, "StreamViewType": "KEYS_ONLY"})
    # None of the refused requests touched the stream.
    table = client.describe_table(TableName=name)["Table"]
    assert table["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}
    assert table["LatestStreamArn"] == arn
    assert [s["StreamArn"] for s in streams.list_streams(TableName=name)["Streams"]] == [arn]

    update_stream(client, name, StreamEnabled=False)
    expect_error("ValidationException", f"Table has no stream to disable: TableName: {name}",
                 client.update_table, TableName=name, StreamSpecification={"StreamEnabled": False})


def test_update_table_disable_without_stream(client, tables):
    name = tables.create(hash_key=("p", "S"))
    expect_error("ValidationException", f"Table has no stream to disable: TableName: {name}",
                 client.update_table, TableName=name, StreamSpecification={"StreamEnabled": False})


def test_other_table_changes_keep_the_stream(client, tables, streams):
    name, arn = stream_table(client, tables, streams, "NEW_IMAGE")
    table_arn = client.describe_table(TableName=name)["Table"]["TableArn"]
    client.tag_resource(ResourceArn=table_arn, Tags=[{"Key": "team", "Value": "storage"}])
    description = client.update_table(
        TableName=name, BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
    )["TableDescription"]
    assert description["LatestStreamArn"] == arn
    assert description["StreamSpecification"] == {"StreamEnabled": True,
                                                  "StreamViewType": "NEW_IMAGE"}
    wait_active(client, name)
    assert [s["StreamArn"] for s in streams.list_streams(TableName=name)["Streams"]] == [arn]
    assert streams.describe_stream(StreamArn=arn)["StreamDescription"]["StreamStatus"] == "ENABLED"


# --------------------------------------------------------------------------- disable / re-enable

def test_disable_keeps_old_stream_readable_and_reenable_makes_a_new_one(client, tables, streams):
    name, old_arn = stream_table(client, tables, streams, "NEW_AND_OLD_IMAGES")
    old_label = client.describe_table(TableName=name)["Table"]["LatestStreamLabel"]
    client.put_item(TableName=name, Item={"p": {"S": "a"}, "v": {"N": "1"}})
    client.put_item(TableName=name, Item={"p": {"S": "a"}, "v": {"N": "2"}})
    assert len(wait_records(streams, old_arn, 2)) == 2

    disabled = update_stream(client, name, StreamEnabled=False)
    table = client.describe_table(TableName=name)["Table"]
    for description in (disabled, table):
        # After disabling, the table describes no StreamSpecification at all, while the latest
        # stream's ARN and label stay (seen from the live service).
        assert "StreamSpecification" not in description
        assert description["LatestStreamArn"] == old_arn
        assert description["LatestStreamLabel"] == old_label

    old = wait_stream_status(streams, old_arn, "DISABLED")
    assert old["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert old["TableName"] == name
    shards = list_shards(streams, old_arn)
    assert shards and all(is_closed(s) for s in shards), shards
    for shard in shards:
        assert shard["SequenceNumberRange"]["EndingSequenceNumber"].isdecimal()

    # Writes while the table has no stream are recorded nowhere.
    client.put_item(TableName=name, Item={"p": {"S": "a"}, "v": {"N": "3"}})

    # The disabled stream is still readable to its end, and each closed shard says so by
    # leaving out NextShardIterator.
    pairs = []
    for shard in parents_first(shards):
        iterator = shard_iterator(streams, old_arn, shard["ShardId"], "TRIM_HORIZON")
        records, ended = drain(streams, iterator, to_end=True)
        assert ended, shard
        pairs.extend((shard["ShardId"], r) for r in records)
    assert_per_item(records_only(pairs), [
        expected_record("NEW_AND_OLD_IMAGES", "INSERT", {"p": "a"}, new={"p": "a", "v": 1}),
        expected_record("NEW_AND_OLD_IMAGES", "MODIFY", {"p": "a"}, old={"p": "a", "v": 1},
                        new={"p": "a", "v": 2}),
    ])

    enabled = update_stream(client, name, StreamEnabled=True, StreamViewType="KEYS_ONLY")
    new_arn = enabled["LatestStreamArn"]
    assert new_arn != old_arn
    assert enabled["LatestStreamLabel"] != old_label
    assert enabled["StreamSpecification"] == {"StreamEnabled": True,
                                              "StreamViewType": "KEYS_ONLY"}
    assert wait_stream_status(streams, new_arn, "ENABLED")["StreamViewType"] == "KEYS_ONLY"
    assert sorted(s["StreamArn"] for s in streams.list_streams(TableName=name)["Streams"]) == \
        sorted([old_arn, new_arn])
    assert streams.describe_stream(StreamArn=old_arn)["StreamDescription"]["StreamStatus"] == \
        "DISABLED"

    client.delete_item(TableName=name, Key={"p": {"S": "a"}})
    new_records = records_only(wait_records(streams, new_arn, 1))
    assert_per_item(new_records, [expected_record("KEYS_ONLY", "REMOVE", {"p": "a"})])
    assert len(read_stream(streams, old_arn)) == 2  # the old stream got nothing new


def test_delete_table_disables_its_stream(client, tables, streams):
    name, arn = stream_table(client, tables, streams, "KEYS_ONLY")
    client.put_item(TableName=name, Item={"p": {"S": "a"}})
    assert len(wait_records(streams, arn, 1)) == 1
    client.delete_table(TableName=name)
    # The stream outlives its table: listed, DISABLED, all shards closed, still readable.
    stream = wait_stream_status(streams, arn, "DISABLED")
    assert stream["TableName"] == name
    assert all(is_closed(s) for s in list_shards(streams, arn))
    assert arn in [s["StreamArn"] for s in list_all_streams(streams)]
    assert [r["eventName"] for r in records_only(read_stream(streams, arn))] == ["INSERT"]


# --------------------------------------------------------------------------- ListStreams


def test_list_streams_all_and_by_table(client, tables, streams):
    mine = {}
    for view_type in ("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE"):
        name, arn = stream_table(client, tables, streams, view_type)
        mine[name] = {"StreamArn": arn, "TableName": name,
                      "StreamLabel": client.describe_table(TableName=name)["Table"][
                          "LatestStreamLabel"]}
    plain = tables.create(hash_key=("p", "S"))

    listed = list_all_streams(streams)
    for name, entry in mine.items():
        assert listed.count(entry) == 1, entry
    assert plain not in [s["TableName"] for s in listed]

    for name, entry in mine.items():
        assert streams.list_streams(TableName=name)["Streams"] == [entry]
    assert streams.list_streams(TableName=plain)["Streams"] == []


def test_list_streams_paged(client, tables, streams):
    arns = {stream_table(client, tables, streams, "KEYS_ONLY")[1] for _ in range(3)}
    first = streams.list_streams(Limit=1)
    assert len(first["Streams"]) == 1
    assert first["LastEvaluatedStreamArn"] == first["Streams"][0]["StreamArn"]

    paged = list_all_streams(streams, Limit=1)
    paged_arns = [s["StreamArn"] for s in paged]
    assert len(paged_arns) == len(set(paged_arns)), "a stream listed twice"
    assert arns <= set(paged_arns)
    assert paged == list_all_streams(streams, Limit=2)

    # Starting after the last stream of the full listing gives nothing more.
    assert streams.list_streams(ExclusiveStartStreamArn=paged_arns[-1])["Streams"] == []


def test_list_streams_limit_bounds(raw_streams):
    for limit in (0, 101):
        with pytest.raises(ClientError) as info:
            raw_streams.list_streams(Limit=limit)
        assert info.value.response["Error"]["Code"] == "ValidationException"
    assert len(raw_streams.list_streams(Limit=100)["Streams"]) <= 100


def test_list_streams_malformed_start_arn(streams):
    with pytest.raises(ClientError) as info:
        streams.list_streams(ExclusiveStartStreamArn="kossa" * 10)
    assert info.value.response["Error"]["Code"] == "ValidationException"


# --------------------------------------------------------------------------- DescribeStream

def test_describe_stream_paging_and_errors(client, tables, streams, raw_streams):
    name, arn = stream_table(client, tables, streams, "KEYS_ONLY")
    shards = list_shards(streams, arn)
    assert list_shards(streams, arn, limit=1) == shards
    assert streams.describe_stream(StreamArn=arn, ExclusiveStartShardId=shards[-1]["ShardId"])[
        "StreamDescription"]["Shards"] == []
    for limit in (0, 101):
        with pytest.raises(ClientError) as info:
            raw_streams.describe_stream(StreamArn=arn, Limit=limit)
        assert info.value.response["Error"]["Code"] == "ValidationException"

    table_arn = client.describe_table(TableName=name)["Table"]["TableArn"]
    missing = f"{table_arn}_gone/stream/2020-01-01T00:00:00.000"
    expect_error("ResourceNotFoundException",
                 f"Requested resource not found: Stream: {missing} not found",
                 streams.describe_stream, StreamArn=missing)
    with pytest.raises(ClientError) as info:
        streams.describe_stream(StreamArn="sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdf")
    assert info.value.response["Error"]["Code"] == "ValidationException"


# --------------------------------------------------------------------------- record contents

def write_every_kind_of_change(client, name):
    """Changes five items through every write API, including writes that change nothing, and
    returns the (event, key, old, new) each item's stream must show, in order. Every write that
    changes nothing is followed by a real change to the same item, so that a record it wrongly
    produced would be read before the records the test waits for."""
    def key(p):
        return {"p": {"S": p}, "c": {"N": "1"}}

    def item(p, **attrs):
        return {"p": p, "c": 1, **attrs}

    events = []
    put = client.put_item
    # A: PutItem, UpdateItem, DeleteItem.
    put(TableName=name, Item=av(item("A", x=1)))
    events.append(("INSERT", "A", None, item("A", x=1)))
    put(TableName=name, Item=av(item("A", x=1)))  # identical: no record
    put(TableName=name, Item=av(item("A", y=2)))
    events.append(("MODIFY", "A", item("A", x=1), item("A", y=2)))
    client.update_item(TableName=name, Key=key("A"), UpdateExpression="SET z = :z",
                       ExpressionAttributeValues={":z": {"N": "3"}})
    events.append(("MODIFY", "A", item("A", y=2), item("A", y=2, z=3)))
    client.update_item(TableName=name, Key=key("A"), UpdateExpression="REMOVE y, z")
    events.append(("MODIFY", "A", item("A", y=2, z=3), item("A")))
    client.delete_item(TableName=name, Key=key("A"))
    events.append(("REMOVE", "A", item("A"), None))
    client.delete_item(TableName=name, Key=key("A"))  # already gone: no record
    client.update_item(TableName=name, Key=key("A"), UpdateExpression="SET w = :w",
                       ExpressionAttributeValues={":w": {"N": "4"}})
    events.append(("INSERT", "A", None, item("A", w=4)))

    # B: conditional writes, a failed one and one that sets what is already there.
    put(TableName=name, Item=av(item("B", v=1)), ConditionExpression="attribute_not_exists(p)")
    events.append(("INSERT", "B", None, item("B", v=1)))
    with pytest.raises(ClientError) as info:
        put(TableName=name, Item=av(item("B", v=2)), ConditionExpression="attribute_not_exists(p)")
    assert info.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    client.update_item(TableName=name, Key=key("B"), UpdateExpression="SET v = :v",
                       ExpressionAttributeValues={":v": {"N": "1"}})  # unchanged: no record

    # BatchWriteItem: puts that insert, replace or change nothing, deletes that remove or miss.
    client.batch_write_item(RequestItems={name: [
        {"PutRequest": {"Item": av(item("C", u=1))}},
        {"PutRequest": {"Item": av(item("B", v=3))}},
        {"PutRequest": {"Item": av(item("E", t=1))}},
    ]})
    events.append(("INSERT", "C", None, item("C", u=1)))
    events.append(("MODIFY", "B", item("B", v=1), item("B", v=3)))
    events.append(("INSERT", "E", None, item("E", t=1)))
    client.batch_write_item(RequestItems={name: [
        {"DeleteRequest": {"Key": key("C")}},
        {"DeleteRequest": {"Key": key("D")}},  # missing: no record
        {"PutRequest": {"Item": av(item("E", t=1))}},  # identical: no record
    ]})
    events.append(("REMOVE", "C", item("C", u=1), None))

    # TransactWriteItems: one record per changed item, none for a ConditionCheck, none at all
    # for a cancelled transaction.
    client.transact_write_items(TransactItems=[
        {"Put": {"TableName": name, "Item": av(item("D", s=1))}},
        {"Update": {"TableName": name, "Key": key("B"), "UpdateExpression": "SET v = :v",
                    "ExpressionAttributeValues": {":v": {"N": "4"}}}},
        {"ConditionCheck": {"TableName": name, "Key": key("E"),
                            "ConditionExpression": "attribute_exists(p)"}},
    ])
    events.append(("INSERT", "D", None, item("D", s=1)))
    events.append(("MODIFY", "B", item("B", v=3), item("B", v=4)))
    with pytest.raises(ClientError) as info:
        client.transact_write_items(TransactItems=[
            {"Update": {"TableName": name, "Key": key("B"), "UpdateExpression": "SET v = :v",
                        "ExpressionAttributeValues": {":v": {"N": "5"}}}},
            {"Delete": {"TableName": name, "Key": key("D")}},
            {"ConditionCheck": {"TableName": name, "Key": key("E"),
                                "ConditionExpression": "attribute_not_exists(p)"}},
        ])
    assert info.value.response["Error"]["Code"] == "TransactionCanceledException"

    # Real changes after the no-ops above, on the same items.
    client.update_item(TableName=name, Key=key("E"), UpdateExpression="SET t = :t",
                       ExpressionAttributeValues={":t": {"N": "2"}})
    events.append(("MODIFY", "E", item("E", t=1), item("E", t=2)))
    client.update_item(TableName=name, Key=key("B"), UpdateExpression="SET v = :v",
                       ExpressionAttributeValues={":v": {"N": "6"}})
    events.append(("MODIFY", "B", item("B", v=4), item("B", v=6)))
    client.update_item(TableName=name, Key=key("D"), UpdateExpression="SET s = :s",
                       ExpressionAttributeValues={":s": {"N": "2"}})
    events.append(("MODIFY", "D", item("D", s=1), item("D", s=2)))
    return [(event, {"p": p, "c": 1}, old, new) for event, p, old, new in events]


@pytest.mark.parametrize("view_type", VIEW_TYPES)
def test_records_of_every_write_api(client, tables, streams, view_type):
    name, arn = stream_table(client, tables, streams, view_type, range_key=("c", "N"))
    started = now_utc()
    events = write_every_kind_of_change(client, name)
    pairs = wait_records(streams, arn, len(events))
    finished = now_utc() + datetime.timedelta(seconds=1)

    assert_per_item(records_only(pairs), [
        expected_record(view_type, event, key, old, new) for event, key, old, new in events])
    assert_sequence_numbers_grow(pairs)
    for _, record in pairs:
        assert_record_envelope(record, view_type, started, finished)
    ids = [record["eventID"] for _, record in pairs]
    assert len(set(ids)) == len(ids)


def test_many_items_keep_their_own_order(client, tables, streams):
    """Hundreds of items, whichever shards they land in: each item's records are complete and in
    its own order, and GetRecords pages through them."""
    name, arn = stream_table(client, tables, streams, "NEW_IMAGE")
    keys = [f"item-{i:04d}" for i in range(300)]
    for start in range(0, len(keys), 25):
        client.batch_write_item(RequestItems={name: [
            {"PutRequest": {"Item": {"p": {"S": k}, "v": {"N": "0"}}}}
            for k in keys[start:start + 25]]})
    for version in (1, 2):
        for k in keys[::6]:
            client.update_item(TableName=name, Key={"p": {"S": k}}, UpdateExpression="SET v = :v",
                               ExpressionAttributeValues={":v": {"N": str(version)}})
    updated = len(keys[::6])
    pairs = wait_records(streams, arn, len(keys) + 2 * updated)
    assert len(pairs) == len(keys) + 2 * updated
    assert_sequence_numbers_grow(pairs)
    history = {}
    for _, record in pairs:
        history.setdefault(record["dynamodb"]["Keys"]["p"]["S"], []).append(
            (record["eventName"], record["dynamodb"]["NewImage"]["v"]["N"]))
    assert sorted(history) == keys
    for k in keys:
        want = [("INSERT", "0")] + ([("MODIFY", "1"), ("MODIFY", "2")] if k in keys[::6] else [])
        assert history[k] == want, k


def test_index_maintenance_makes_no_records(client, tables, streams):
    """A table's stream records item changes only, however many index entries each one moves."""
    name = unique_name("stator_streams")
    client.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "p", "KeyType": "HASH"},
                   {"AttributeName": "c", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in "pcgl"],
        GlobalSecondaryIndexes=[{
            "IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "ALL"}}],
        LocalSecondaryIndexes=[{
            "IndexName": "by_l", "KeySchema": [{"AttributeName": "p", "KeyType": "HASH"},
                                               {"AttributeName": "l", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "OLD_IMAGE"})
    tables.names.append(name)
    wait_active(client, name)
    arn = client.describe_table(TableName=name)["Table"]["LatestStreamArn"]
    wait_stream_status(streams, arn, "ENABLED")
    key = {"p": {"S": "a"}, "c": {"S": "1"}}
    client.put_item(TableName=name, Item={**key, "g": {"S": "g1"}, "l": {"S": "l1"}})
    client.update_item(TableName=name, Key=key, UpdateExpression="SET g = :g, l = :l",
                       ExpressionAttributeValues={":g": {"S": "g2"}, ":l": {"S": "l2"}})
    client.update_item(TableName=name, Key=key, UpdateExpression="REMOVE g, l")
    records = records_only(wait_records(streams, arn, 3))
    assert_per_item(records, [
        expected_record("OLD_IMAGE", "INSERT", {"p": "a", "c": "1"}),
        expected_record("OLD_IMAGE", "MODIFY", {"p": "a", "c": "1"},
                        old={"p": "a", "c": "1", "g": "g1", "l": "l1"}),
        expected_record("OLD_IMAGE", "MODIFY", {"p": "a", "c": "1"},
                        old={"p": "a", "c": "1", "g": "g2", "l": "l2"}),
    ])


def test_record_images_keep_every_attribute_type(client, tables, streams):
    name, arn = stream_table(client, tables, streams, "NEW_AND_OLD_IMAGES",
                             hash_key=("h", "B"), range_key=("r", "S"))
    old = {"h": {"B": b"\x00\x01"}, "r": {"S": "x"}, "s": {"S": "text"}, "n": {"N": "-1.5"},
           "b": {"B": b"\xff"}, "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2"]},
           "bs": {"BS": [b"\x01"]}, "m": {"M": {"k": {"L": [{"NULL": True}, {"BOOL": False}]}}},
           "l": {"L": [{"S": "v"}, {"N": "3"}]}, "t": {"BOOL": True}, "z": {"NULL": True}}
    new = dict(old, n={"N": "2"}, m={"M": {}})
    client.put_item(TableName=name, Item=old)
    client.put_item(TableName=name, Item=new)
    records = records_only(wait_records(streams, arn, 2))
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY"]
    assert records[0]["dynamodb"]["Keys"] == {"h": old["h"], "r": old["r"]}
    assert sets_sorted(records[0]["dynamodb"]["NewImage"]) == old
    assert "OldImage" not in records[0]["dynamodb"]
    assert sets_sorted(records[1]["dynamodb"]["OldImage"]) == old
    assert sets_sorted(records[1]["dynamodb"]["NewImage"]) == new
    assert records[1]["dynamodb"]["SizeBytes"] > records[0]["dynamodb"]["SizeBytes"]


def test_record_wire_shape(client, tables, streams, endpoint):
    """What an SDK sees on the wire: the creation time is a JSON number of whole epoch seconds."""
    name, arn = stream_table(client, tables, streams, "KEYS_ONLY")
    before = int(time.time())
    client.put_item(TableName=name, Item={"p": {"S": "a"}})
    pairs = wait_records(streams, arn, 1)
    after = time.time()
    shard_id = pairs[0][0]
    iterator = streams_request(endpoint, "GetShardIterator", {
        "StreamArn": arn, "ShardId": shard_id, "ShardIteratorType": "TRIM_HORIZON"})[
        "ShardIterator"]
    assert isinstance(iterator, str) and 1 <= len(iterator) <= 2048
    page = streams_request(endpoint, "GetRecords", {"ShardIterator": iterator})
    assert isinstance(page["NextShardIterator"], str)
    record = page["Records"][0]
    created = record["dynamodb"]["ApproximateCreationDateTime"]
    assert isinstance(created, (int, float)) and not isinstance(created, bool), created
    assert created == int(created), "rounded down to the second"
    assert before - 1 <= created <= after, created
    assert isinstance(record["dynamodb"]["SizeBytes"], int)
    assert set(record) == {"eventID", "eventName", "eventVersion", "eventSource", "awsRegion",
                           "dynamodb"}
    assert set(record["dynamodb"]) == {"ApproximateCreationDateTime", "Keys", "SequenceNumber",
                                       "SizeBytes", "StreamViewType"}


# --------------------------------------------------------------------------- iterators

def test_every_iterator_type(client, tables, streams):
    name, arn = stream_table(client, tables, streams, "NEW_IMAGE")
    shards = list_shards(streams, arn)
    latest_before = {s["ShardId"]: shard_iterator(streams, arn, s["ShardId"], "LATEST")
                     for s in shards}
    for i in range(3):
        client.put_item(TableName=name, Item={"p": {"S": "k"}, "v": {"N": str(i)}})
    pairs = wait_records(streams, arn, 3)
    assert len({shard_id for shard_id, _ in pairs}) == 1, "one item's records share a shard"
    shard_id = pairs[0][0]
    shard = next(s for s in shards if s["ShardId"] == shard_id)
    seqs = [r["dynamodb"]["SequenceNumber"] for _, r in pairs]
    assert [r["dynamodb"]["NewImage"]["v"]["N"] for _, r in pairs] == ["0", "1", "2"]
    assert [int(s) for s in seqs] == sorted(int(s) for s in seqs) and len(set(seqs)) == 3

    def seqs_from(kind, sequence_number=None):
        return [r["dynamodb"]["SequenceNumber"]
                for r in read_shard(streams, arn, shard, kind, sequence_number)]

    # LATEST taken before the writes sees all of them, in order.
    records, ended = drain(streams, latest_before[shard_id])
    assert not ended
    assert [r["dynamodb"]["SequenceNumber"] for r in records] == seqs
    for other, iterator in latest_before.items():
        if other != shard_id:
            assert drain(streams, iterator)[0] == []

    assert seqs_from("TRIM_HORIZON") == seqs
    assert seqs_from("AT_SEQUENCE_NUMBER", seqs[1]) == seqs[1:]
    assert seqs_from("AFTER_SEQUENCE_NUMBER", seqs[1]) == seqs[2:]
    assert seqs_from("AFTER_SEQUENCE_NUMBER", seqs[2]) == []
    assert seqs_from("AT_SEQUENCE_NUMBER",
                     shard["SequenceNumberRange"]["StartingSequenceNumber"]) == seqs

    # One record per call with Limit=1; the iterator after the last record reads nothing again.
    iterator = shard_iterator(streams, arn, shard_id, "TRIM_HORIZON")
    for expected in seqs:
        page = streams.get_records(ShardIterator=iterator, Limit=1)
        assert [r["dynamodb"]["SequenceNumber"] for r in page["Records"]] == [expected]
        iterator = page["NextShardIterator"]
    page = streams.get_records(ShardIterator=iterator)
    assert page["Records"] == []
    assert "NextShardIterator" in page  # the shard is open
    after_last = page["NextShardIterator"]

    # LATEST now reads nothing until the next change, which both it and the old iterator see.
    latest_now = shard_iterator(streams, arn, shard_id, "LATEST")
    page = streams.get_records(ShardIterator=latest_now)
    assert page["Records"] == [] and "NextShardIterator" in page
    client.put_item(TableName=name, Item={"p": {"S": "k"}, "v": {"N": "3"}})
    for iterator in (page["NextShardIterator"], after_last):
        seen = eventually(lambda: drain(streams, iterator)[0])
        assert [r["dynamodb"]["NewImage"]["v"]["N"] for r in seen] == ["3"]


def test_get_shard_iterator_errors(client, tables, streams):
    name, arn = stream_table(client, tables, streams, "KEYS_ONLY")
    client.put_item(TableName=name, Item={"p": {"S": "a"}})
    shard_id, record = wait_records(streams, arn, 1)[0]
    seq = record["dynamodb"]["SequenceNumber"]

    def validation(**kwargs):
        request = {"StreamArn": arn, "ShardId": shard_id, **kwargs}
        with pytest.raises(ClientError) as info:
            streams.get_shard_iterator(**request)
        assert info.value.response["Error"]["Code"] == "ValidationException", request

    for kind in ("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"):
        validation(ShardIteratorType=kind)  # needs a SequenceNumber
        validation(ShardIteratorType=kind, SequenceNumber="notanumber" * 3)
    for kind in ("TRIM_HORIZON", "LATEST"):
        validation(ShardIteratorType=kind, SequenceNumber=seq)  # takes none
    validation(ShardIteratorType="bulle")

    expect_error("ResourceNotFoundException", "Requested resource not found: Shard does not exist",
                 streams.get_shard_iterator, StreamArn=arn,
                 ShardId="shardId-00000000000000000000-00000000", ShardIteratorType="LATEST")
    missing = arn.replace(f"table/{name}/", f"table/{name}_gone/")
    expect_error("ResourceNotFoundException",
                 f"Requested resource not found: Stream: {missing} not found",
                 streams.get_shard_iterator, StreamArn=missing, ShardId=shard_id,
                 ShardIteratorType="TRIM_HORIZON")
    with pytest.raises(ClientError) as info:
        streams.get_shard_iterator(StreamArn="sdfadfsddafgdafsgjnadflkgnalngalsdfnlkasnlkas",
                                   ShardId=shard_id, ShardIteratorType="LATEST")
    assert info.value.response["Error"]["Code"] == "ValidationException"


def test_get_records_errors(client, tables, streams, raw_streams):
    name, arn = stream_table(client, tables, streams, "KEYS_ONLY")
    shard_id = list_shards(streams, arn)[0]["ShardId"]
    iterator = shard_iterator(streams, arn, shard_id, "LATEST")
    assert streams.get_records(ShardIterator=iterator, Limit=1000)["Records"] == []
    for limit in (0, 1001):
        with pytest.raises(ClientError) as info:
            raw_streams.get_records(ShardIterator=iterator, Limit=limit)
        error = info.value.response["Error"]
        assert error["Code"] == "ValidationException"
        assert re.search("[Ll]imit", error["Message"]), error
    with pytest.raises(ClientError) as info:
        streams.get_records(ShardIterator="sdfsdfsgagaddafgagasgasgasdfasdfasdfasdfasdgasdasdgasdg")
    assert info.value.response["Error"]["Code"] == "ValidationException"


# --------------------------------------------------------------------------- namespaces

@pytest.mark.skipif(bool(os.environ.get("STATOR_ENDPOINT")),
                    reason="needs two credential namespaces of a local server without --shared-db")
def test_streams_are_per_namespace(endpoint, client, tables, streams):
    other_key = "AKIASTATOROTHERKEY00"
    other = boto3.session.Session().client(
        "dynamodb", endpoint_url=endpoint, region_name=REGION, aws_access_key_id=other_key,
        aws_secret_access_key=SECRET_KEY, config=Config(retries={"max_attempts": 1}))
    other_streams = make_streams_client(endpoint, access_key=other_key)
    other_tables = TableFactory(other)
    try:
        # The same table name in both namespaces, each with its own stream and records.
        shared = unique_name("stator_streams")
        arns = {}
        for c, s, t, value in ((client, streams, tables, "mine"),
                               (other, other_streams, other_tables, "theirs")):
            schema, definitions = key_schema(("p", "S"))
            arns[value] = c.create_table(
                TableName=shared, KeySchema=schema, AttributeDefinitions=definitions,
                BillingMode="PAY_PER_REQUEST",
                StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
            )["TableDescription"]["LatestStreamArn"]
            t.names.append(shared)
            wait_active(c, shared)
            wait_stream_status(s, arns[value], "ENABLED")
            c.put_item(TableName=shared, Item={"p": {"S": "k"}, "who": {"S": value}})
        only_mine, mine_arn = stream_table(client, tables, streams, "KEYS_ONLY")

        for s, value in ((streams, "mine"), (other_streams, "theirs")):
            listed = s.list_streams(TableName=shared)["Streams"]
            assert [x["StreamArn"] for x in listed] == [arns[value]]
            records = records_only(wait_records(s, arns[value], 1))
            assert [r["dynamodb"]["NewImage"]["who"]["S"] for r in records] == [value]
        assert only_mine not in [x["TableName"] for x in list_all_streams(other_streams)]
        expect_error("ResourceNotFoundException",
                     f"Requested resource not found: Stream: {mine_arn} not found",
                     other_streams.describe_stream, StreamArn=mine_arn)
    finally:
        other_tables.cleanup()
