"""Time to live: UpdateTimeToLive's rules and messages and DescribeTimeToLive's states (on the
shared server, or any endpoint), and expiry itself on a server of its own started with
`--virtual-clock --ttl-sweep-seconds 1`, whose clock the test moves with POST /stator/clock
instead of waiting: expired items are deleted (and only those), reads return them until then,
index entries go with them, and the stream's REMOVE record names the service as its
userIdentity, in GetRecords and in the Lambda-style event a local handler receives.
"""

import os
import time

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

import esm_util
from conformance_util import (ACCESS_KEY, REGION, SECRET_KEY, Server, advance_clock,
                              clock_request, unique_name, wait_active)
from conftest import TableFactory, make_client
from streams_util import (create_stream_table, eventually, make_streams_client, server_with,
                          wait_records, wait_stream_status)

local_only = pytest.mark.skipif(bool(os.environ.get("STATOR_ENDPOINT")),
                                reason="needs its own local server with a virtual clock")

OTHER_ATTRIBUTE = ("TimeToLive is active on a different AttributeName: "
                   "current AttributeName is expires")


def error_of(call, **kwargs):
    with pytest.raises(ClientError) as raised:
        call(**kwargs)
    error = raised.value.response["Error"]
    return error["Code"], error["Message"]


def update_ttl(client, name, enabled, attribute="expires"):
    return client.update_time_to_live(
        TableName=name, TimeToLiveSpecification={"Enabled": enabled, "AttributeName": attribute})


def describe_ttl(client, name):
    return client.describe_time_to_live(TableName=name)["TimeToLiveDescription"]


def test_update_time_to_live_rules_and_messages(client, tables):
    name = tables.create()
    assert describe_ttl(client, name) == {"TimeToLiveStatus": "DISABLED"}
    assert error_of(update_ttl, client=client, name=name, enabled=False) == (
        "ValidationException", "TimeToLive is already disabled")

    response = update_ttl(client, name, True)
    assert response["TimeToLiveSpecification"] == {"Enabled": True, "AttributeName": "expires"}
    assert describe_ttl(client, name) == {"TimeToLiveStatus": "ENABLED",
                                          "AttributeName": "expires"}

    assert error_of(update_ttl, client=client, name=name, enabled=True) == (
        "ValidationException", "TimeToLive is already enabled")
    assert error_of(update_ttl, client=client, name=name, enabled=True, attribute="other") == (
        "ValidationException", OTHER_ATTRIBUTE)
    assert error_of(update_ttl, client=client, name=name, enabled=False, attribute="other") == (
        "ValidationException", OTHER_ATTRIBUTE)
    assert describe_ttl(client, name) == {"TimeToLiveStatus": "ENABLED",
                                          "AttributeName": "expires"}


@local_only
def test_disabling_and_enabling_another_attribute(client, tables):
    # The service refuses a second change within about an hour; Stator applies each at once.
    name = tables.create()
    update_ttl(client, name, True)
    response = update_ttl(client, name, False)
    assert response["TimeToLiveSpecification"] == {"Enabled": False, "AttributeName": "expires"}
    assert describe_ttl(client, name) == {"TimeToLiveStatus": "DISABLED"}
    update_ttl(client, name, True, "other")
    assert describe_ttl(client, name) == {"TimeToLiveStatus": "ENABLED", "AttributeName": "other"}


def test_update_time_to_live_validation(client, tables):
    missing = "stator_no_such_table_ttl"
    code, message = error_of(update_ttl, client=client, name=missing, enabled=True)
    assert (code, message) == ("ResourceNotFoundException",
                               f"Requested resource not found: Table: {missing} not found")
    code, message = error_of(client.describe_time_to_live, TableName=missing)
    assert code == "ResourceNotFoundException"

    name = tables.create()
    # Past botocore's own checks, so the server's messages are what is compared.
    unchecked = boto3.session.Session().client(
        "dynamodb", endpoint_url=client.meta.endpoint_url, region_name=REGION,
        aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
        config=Config(retries={"max_attempts": 1}, parameter_validation=False))
    assert error_of(unchecked.update_time_to_live, TableName=name,
                    TimeToLiveSpecification={"Enabled": True}) == (
        "ValidationException",
        "1 validation error detected: Value null at 'timeToLiveSpecification.attributeName' "
        "failed to satisfy constraint: Member must not be null")
    assert error_of(unchecked.update_time_to_live, TableName=name,
                    TimeToLiveSpecification={"AttributeName": "expires"}) == (
        "ValidationException",
        "1 validation error detected: Value null at 'timeToLiveSpecification.enabled' "
        "failed to satisfy constraint: Member must not be null")
    assert error_of(unchecked.update_time_to_live, TableName=name,
                    TimeToLiveSpecification={"Enabled": True, "AttributeName": ""}) == (
        "ValidationException",
        "1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName' "
        "failed to satisfy constraint: Member must have length greater than or equal to 1")
    long_name = "a" * 256
    assert error_of(update_ttl, client=client, name=name, enabled=True, attribute=long_name) == (
        "ValidationException",
        f"1 validation error detected: Value '{long_name}' at "
        "'timeToLiveSpecification.attributeName' failed to satisfy constraint: "
        "Member must have length less than or equal to 255")
    assert describe_ttl(client, name) == {"TimeToLiveStatus": "DISABLED"}


# --- expiry, on a server whose clock the test moves ----------------------------------------------

@pytest.fixture(scope="module")
def clocked():
    """(endpoint, client) of a server on a virtual clock, sweeping every second."""
    if os.environ.get("STATOR_ENDPOINT"):
        pytest.skip("needs its own local server with a virtual clock")
    with server_with("--virtual-clock", "--ttl-sweep-seconds", "1") as endpoint:
        yield endpoint, make_client(endpoint)


def test_clock_routes(clocked):
    endpoint, _ = clocked
    status, before = clock_request(endpoint)
    assert status == 200
    # The wall clock plus however far earlier moves took it.
    assert abs(before["epochSeconds"] - before["offsetSeconds"] - time.time()) < 60
    after = advance_clock(endpoint, 3600)
    assert after >= before["epochSeconds"] + 3600
    assert clock_request(endpoint)[1]["offsetSeconds"] == before["offsetSeconds"] + 3600
    for body, words in [({"advanceSeconds": -1}, "must not be negative"),
                        ({"advanceSeconds": "x"}, "must be a number"),
                        ({}, "advanceSeconds is required")]:
        status, refusal = clock_request(endpoint, "POST", body)
        assert status == 400, body
        assert words in refusal["message"]
    assert clock_request(endpoint)[1]["epochSeconds"] < after + 60  # refusals moved nothing


def test_without_a_virtual_clock_the_routes_are_unknown(endpoint):
    if os.environ.get("STATOR_ENDPOINT"):
        pytest.skip("a local server's routes")
    status, text = clock_request(endpoint)
    assert status == 404
    assert "UnknownOperationException" in text


def test_expired_items_are_deleted_once_the_clock_passes_them(clocked):
    endpoint, client = clocked
    tables = TableFactory(client)
    try:
        name = tables.create()
        update_ttl(client, name, True)
        now = clock_request(endpoint)[1]["epochSeconds"]
        items = {
            "soon": {"N": str(now + 600)},          # expires once the clock moves an hour
            "later": {"N": str(now + 3 * 86400)},   # not by then
            "text": {"S": str(now - 60)},           # not a Number: never
            "ancient": {"N": str(now - 6 * 365 * 86400)},  # over five years ago: never
        }
        for key, value in items.items():
            client.put_item(TableName=name, Item={"id": {"S": key}, "expires": value})
        client.put_item(TableName=name, Item={"id": {"S": "none"}})

        def exists(key):
            return "Item" in client.get_item(TableName=name, Key={"id": {"S": key}},
                                             ConsistentRead=True)

        time.sleep(1.5)  # a sweep passes; nothing has expired yet
        assert all(exists(k) for k in ["soon", "later", "text", "ancient", "none"])
        advance_clock(endpoint, 3600)
        assert eventually(lambda: not exists("soon"), timeout=15)
        assert all(exists(k) for k in ["later", "text", "ancient", "none"])
        advance_clock(endpoint, 3 * 86400)
        assert eventually(lambda: not exists("later"), timeout=15)
        assert all(exists(k) for k in ["text", "ancient", "none"])
    finally:
        tables.cleanup()


def test_an_expiry_removes_index_entries(clocked):
    endpoint, client = clocked
    tables = TableFactory(client)
    try:
        name = unique_name("stator_ttl")
        client.create_table(
            TableName=name, BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"},
                                  {"AttributeName": "g", "AttributeType": "S"}],
            GlobalSecondaryIndexes=[{"IndexName": "by_g",
                                     "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                     "Projection": {"ProjectionType": "ALL"}}])
        tables.names.append(name)
        wait_active(client, name)
        update_ttl(client, name, True)
        now = clock_request(endpoint)[1]["epochSeconds"]
        client.put_item(TableName=name, Item={"id": {"S": "a"}, "g": {"S": "x"},
                                              "expires": {"N": str(now + 60)}})
        client.put_item(TableName=name, Item={"id": {"S": "b"}, "g": {"S": "x"}})

        def in_index():
            return client.query(TableName=name, IndexName="by_g",
                                KeyConditionExpression="g = :g",
                                ExpressionAttributeValues={":g": {"S": "x"}})["Count"]

        assert in_index() == 2
        advance_clock(endpoint, 120)
        assert eventually(lambda: in_index() == 1, timeout=15)
    finally:
        tables.cleanup()


def test_an_expiry_writes_a_remove_record_by_the_service(clocked):
    endpoint, client = clocked
    streams = make_streams_client(endpoint)
    tables = TableFactory(client)
    try:
        description = create_stream_table(client, tables, "NEW_AND_OLD_IMAGES")
        name, arn = description["TableName"], description["LatestStreamArn"]
        wait_stream_status(streams, arn, "ENABLED")
        update_ttl(client, name, True)
        now = clock_request(endpoint)[1]["epochSeconds"]
        client.put_item(TableName=name, Item={"p": {"S": "gone"}, "expires": {"N": str(now)}})
        client.put_item(TableName=name, Item={"p": {"S": "mine"}})
        client.delete_item(TableName=name, Key={"p": {"S": "mine"}})
        advance_clock(endpoint, 60)
        records = [r for _, r in wait_records(streams, arn, 4)]
        assert [r["eventName"] for r in records] == ["INSERT", "INSERT", "REMOVE", "REMOVE"]
        assert "userIdentity" not in records[2]  # the client's own delete
        expiry = records[3]
        assert expiry["dynamodb"]["Keys"] == {"p": {"S": "gone"}}
        assert expiry["dynamodb"]["OldImage"]["expires"] == {"N": str(now)}
        assert expiry["userIdentity"] == {"Type": "Service",
                                          "PrincipalId": "dynamodb.amazonaws.com"}
    finally:
        tables.cleanup()


def test_a_local_handler_sees_the_service_as_the_expirys_user_identity(tmp_path):
    # Lambda spells the identity type/principalId where the Streams API says Type/PrincipalId.
    if os.environ.get("STATOR_ENDPOINT"):
        pytest.skip("needs its own local server with a virtual clock")
    table = unique_name("stator_ttl_esm")
    log = str(tmp_path / "expiries.jsonl")
    mapping_file = esm_util.write_mapping_file(
        tmp_path, [esm_util.mapping("expiries", esm_util.python_handler(log), table_name=table)])
    server = Server(["--port", "0", "--in-memory", "--virtual-clock", "--ttl-sweep-seconds", "1",
                     "--event-source-mappings", mapping_file])
    try:
        client = make_client(server.endpoint)
        esm_util.create_stream_table(client, table)
        update_ttl(client, table, True)
        now = clock_request(server.endpoint)[1]["epochSeconds"]
        client.put_item(TableName=table, Item={"p": {"S": "k"}, "expires": {"N": str(now + 5)}})
        advance_clock(server.endpoint, 10)
        invocations = esm_util.wait_records(log, 2)
        records = esm_util.records_of(esm_util.succeeded(invocations))
        assert [r["eventName"] for r in records] == ["INSERT", "REMOVE"]
        assert "userIdentity" not in records[0]
        assert records[1]["userIdentity"] == {"type": "Service",
                                              "principalId": "dynamodb.amazonaws.com"}
    finally:
        server.stop()
