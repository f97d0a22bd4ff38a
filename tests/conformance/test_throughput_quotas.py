"""The service's quotas on how throughput is set, through boto3: OnDemandThroughput (accepted on
on-demand tables, merged member by member, -1 removing a maximum, enforced with the
MaxOnDemandThroughputExceeded reason), and, with `--throttling on`, the per-table maximum, the
daily budget of provisioned decreases, the budget of switches to on-demand, and DescribeLimits
reporting the configured quotas. The texts are those recorded against the live service.
"""

import datetime
import os
import re

import pytest

from conformance_util import (advance_clock, advance_to_next_second, clock_request,
                              expect_error, signed_request, unique_name)
from conftest import TableFactory
from streams_util import server_with
# `client` and `tables` are the throttling suite's fixtures, on this module's server.
from test_throttling import client, no_retries, provisioned_with_gsi, tables  # noqa: F401

pytestmark = pytest.mark.skipif(bool(os.environ.get("STATOR_ENDPOINT")),
                                reason="needs its own local servers with throttling on")

OUTSIDE_RANGE = ("One or more parameter values were invalid: Requested MaxReadRequestUnits for "
                 "OnDemandThroughput for table is outside of valid range")


@pytest.fixture(scope="module")
def endpoint():
    with server_with("--throttling", "on", "--virtual-clock",
                     "--table-max-capacity-units", "1000") as url:
        yield url


@pytest.fixture(scope="module")
def default_endpoint():
    with server_with() as url:
        yield url


def provisioned(tables, units):
    return tables.create(BillingMode="PROVISIONED",
                         ProvisionedThroughput={"ReadCapacityUnits": units,
                                                "WriteCapacityUnits": units})


def set_throughput(client, table, units):
    return client.update_table(TableName=table,
                               ProvisionedThroughput={"ReadCapacityUnits": units,
                                                      "WriteCapacityUnits": units})


def now(endpoint):
    status, body = clock_request(endpoint)
    assert status == 200
    return body["epochSeconds"]


def service_time(epoch):
    """A time as the service's capacity messages print it."""
    t = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    return (f"{t:%A}, {t:%B} {t.day}, {t.year} at {(t.hour % 12) or 12}:{t:%M:%S} "
            f"{'AM' if t.hour < 12 else 'PM'} Coordinated Universal Time")


def test_describe_limits_reports_the_configured_quotas(client, default_endpoint):
    assert {k: v for k, v in client.describe_limits().items() if k != "ResponseMetadata"} == {
        "AccountMaxReadCapacityUnits": 80000, "AccountMaxWriteCapacityUnits": 80000,
        "TableMaxReadCapacityUnits": 1000, "TableMaxWriteCapacityUnits": 1000}
    default = no_retries(default_endpoint).describe_limits()
    assert default["TableMaxReadCapacityUnits"] == 40000
    assert default["AccountMaxWriteCapacityUnits"] == 80000


def test_provisioned_units_above_the_table_maximum_are_refused(client, tables):
    expect_error("LimitExceededException",
                 "The requested ReadCapacityUnits, 1001, is above the per table maximum for the "
                 "account in us-east-1. Per table maximum: 1000.",
                 tables.create, BillingMode="PROVISIONED",
                 ProvisionedThroughput={"ReadCapacityUnits": 1001, "WriteCapacityUnits": 1})
    table = provisioned(tables, 1000)
    expect_error("LimitExceededException",
                 "The requested WriteCapacityUnits, 2000, is above the per table maximum for the "
                 "account in us-east-1. Per table maximum: 1000.",
                 client.update_table, TableName=table,
                 ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 2000})


def test_four_decreases_a_day_then_one_an_hour(client, tables, endpoint):
    table = provisioned(tables, 100)
    advance_clock(endpoint, 86400 - now(endpoint) % 86400 + 10)  # a UTC day that has just begun
    for units in (90, 80, 70, 60):
        set_throughput(client, table, units)
        advance_clock(endpoint, 1)
    pt = client.describe_table(TableName=table)["Table"]["ProvisionedThroughput"]
    assert pt["NumberOfDecreasesToday"] == 4
    last = pt["LastDecreaseDateTime"].timestamp()
    next_allowed = int(last) + 3600  # before the day ends: an hour after the last decrease
    expect_error("LimitExceededException",
                 "Subscriber limit exceeded: Provisioned throughput decreases are limited within a "
                 "given UTC day. After the first 4 decreases, each subsequent decrease in the same "
                 "UTC day can be performed at most once every 3600 seconds. Number of decreases "
                 f"today: 4. Last decrease at {service_time(last)}. Next decrease can be made at "
                 f"{service_time(next_allowed)}.",
                 set_throughput, client, table, 50)
    # An increase is not a decrease, and the refusal moved nothing.
    set_throughput(client, table, 65)
    advance_clock(endpoint, 1)
    pt = client.describe_table(TableName=table)["Table"]["ProvisionedThroughput"]
    assert (pt["NumberOfDecreasesToday"], pt["ReadCapacityUnits"]) == (4, 65)
    # At the next allowed time one more decrease is accepted, and then the hour starts again.
    advance_clock(endpoint, next_allowed - now(endpoint) + 1)
    set_throughput(client, table, 50)
    advance_clock(endpoint, 1)
    with pytest.raises(client.exceptions.LimitExceededException):
        set_throughput(client, table, 40)


def test_the_decrease_count_starts_again_at_midnight_utc(client, tables, endpoint):
    table = provisioned(tables, 100)
    set_throughput(client, table, 90)
    advance_clock(endpoint, 1)
    assert client.describe_table(TableName=table)["Table"]["ProvisionedThroughput"][
        "NumberOfDecreasesToday"] == 1
    advance_clock(endpoint, 86400 - now(endpoint) % 86400 + 1)  # just past 00:00 UTC
    assert client.describe_table(TableName=table)["Table"]["ProvisionedThroughput"][
        "NumberOfDecreasesToday"] == 0


def test_four_switches_to_on_demand_in_any_24_hours(client, tables, endpoint):
    table = provisioned(tables, 5)
    for _ in range(4):
        client.update_table(TableName=table, BillingMode="PAY_PER_REQUEST")
        advance_clock(endpoint, 1)
        client.update_table(TableName=table, BillingMode="PROVISIONED",
                            ProvisionedThroughput={"ReadCapacityUnits": 5,
                                                   "WriteCapacityUnits": 5})
        advance_clock(endpoint, 1)
    with pytest.raises(client.exceptions.LimitExceededException) as refused:
        client.update_table(TableName=table, BillingMode="PAY_PER_REQUEST")
    assert re.fullmatch(r"Subscriber limit exceeded: Update to PayPerRequest mode are limited to 4 "
                        r"times in 1 day\(s\)\. Last update at .+ UTC \d{4}\. Next update can be "
                        r"made at .+ UTC \d{4}", refused.value.response["Error"]["Message"])
    advance_clock(endpoint, 86400)
    client.update_table(TableName=table, BillingMode="PAY_PER_REQUEST")


# OnDemandThroughput is newer than Debian's botocore: these requests go raw.
def raw(endpoint, operation, payload):
    response = signed_request(endpoint, operation, payload)
    return response.status, response.json()


def raw_create(endpoint, tables, **extra):
    name = unique_name()
    status, body = raw(endpoint, "CreateTable", {
        "TableName": name, "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}], **extra})
    if status == 200:
        tables.names.append(name)
    return name, status, body


def described_on_demand(endpoint, table):
    return raw(endpoint, "DescribeTable", {"TableName": table})[1]["Table"].get(
        "OnDemandThroughput")


def expect_raw_error(answer, type_suffix, message):
    status, body = answer
    assert status == 400
    assert body["__type"].endswith(type_suffix), body
    assert body["message"] == message


def test_on_demand_throughput_is_described_merged_and_cleared(endpoint, tables):
    table, status, _ = raw_create(endpoint, tables, BillingMode="PAY_PER_REQUEST",
                                  OnDemandThroughput={"MaxReadRequestUnits": 100})
    assert status == 200
    assert described_on_demand(endpoint, table) == {"MaxReadRequestUnits": 100}
    assert raw(endpoint, "UpdateTable", {"TableName": table, "OnDemandThroughput": {
        "MaxWriteRequestUnits": 50}})[0] == 200
    assert described_on_demand(endpoint, table) == {"MaxReadRequestUnits": 100,
                                                    "MaxWriteRequestUnits": 50}
    assert raw(endpoint, "UpdateTable", {"TableName": table, "OnDemandThroughput": {
        "MaxReadRequestUnits": -1, "MaxWriteRequestUnits": -1}})[0] == 200
    assert described_on_demand(endpoint, table) is None


def test_on_demand_throughput_validation(endpoint, tables):
    for units in (0, -1, -2):
        _, status, body = raw_create(endpoint, tables, BillingMode="PAY_PER_REQUEST",
                                     OnDemandThroughput={"MaxReadRequestUnits": units})
        expect_raw_error((status, body), "ValidationException", OUTSIDE_RANGE)
    _, status, body = raw_create(
        endpoint, tables, BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
        OnDemandThroughput={"MaxReadRequestUnits": 10})
    expect_raw_error((status, body), "ValidationException",
                     "One or more parameter values were invalid: MaxReadRequestUnits for "
                     "OnDemandThroughput cannot be specified when table BillingMode is "
                     "PROVISIONED.")
    table = provisioned(tables, 1)
    expect_raw_error(raw(endpoint, "UpdateTable", {"TableName": table, "OnDemandThroughput": {
        "MaxReadRequestUnits": 10}}), "ValidationException",
        "One or more parameter values were invalid: MaxReadRequestUnits for OnDemandThroughput "
        "cannot be specified when the table BillingMode is PROVISIONED")
    on_demand = tables.create(BillingMode="PAY_PER_REQUEST")
    expect_raw_error(raw(endpoint, "UpdateTable", {"TableName": on_demand, "OnDemandThroughput": {
        "MaxReadRequestUnits": 0}}), "ValidationException", OUTSIDE_RANGE)
    expect_raw_error(raw(endpoint, "UpdateTable", {"TableName": on_demand, "OnDemandThroughput": {
        "MaxWriteRequestUnits": 1001}}), "LimitExceededException",
        "Subscriber limit exceeded: Requested MaxWriteRequestUnits for OnDemandThroughput for "
        "table exceeds TableMaxWriteCapacityUnits of the account in region us-east-1")


def test_an_on_demand_maximum_throttles_with_its_own_reason(client, tables, endpoint):
    table, status, _ = raw_create(endpoint, tables, BillingMode="PAY_PER_REQUEST",
                                  OnDemandThroughput={"MaxWriteRequestUnits": 5})
    assert status == 200
    advance_to_next_second(endpoint)  # the puts below fall in one second of the clock
    for i in range(5):
        client.put_item(TableName=table, Item={"id": {"S": str(i)}})
    raw_put = signed_request(endpoint, "PutItem", {"TableName": table,
                                                   "Item": {"id": {"S": "x"}}})
    assert raw_put.status == 400
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    assert raw_put.json()["__type"].endswith("ProvisionedThroughputExceededException")
    assert raw_put.json()["ThrottlingReasons"] == [
        {"reason": "TableWriteMaxOnDemandThroughputExceeded", "resource": arn}]
    advance_clock(endpoint, 1)
    client.put_item(TableName=table, Item={"id": {"S": "x"}})


def test_without_throttling_no_budget_is_enforced(default_endpoint):
    client = no_retries(default_endpoint)
    factory = TableFactory(client)
    try:
        table = factory.create(BillingMode="PROVISIONED",
                               ProvisionedThroughput={"ReadCapacityUnits": 50000,
                                                      "WriteCapacityUnits": 100})
        for units in (90, 80, 70, 60, 50, 40):
            client.update_table(TableName=table,
                                ProvisionedThroughput={"ReadCapacityUnits": 10,
                                                       "WriteCapacityUnits": units})
            # The table is UPDATING for no time on the default server.
        pt = client.describe_table(TableName=table)["Table"]["ProvisionedThroughput"]
        assert pt["NumberOfDecreasesToday"] == 6
    finally:
        factory.cleanup()


def gsi(name="byG", **extra):
    return {"IndexName": name, "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "ALL"}, **extra}


def raw_create_with_gsi(endpoint, tables, **extra):
    return raw_create(endpoint, tables, AttributeDefinitions=[
        {"AttributeName": "id", "AttributeType": "S"},
        {"AttributeName": "g", "AttributeType": "S"}], **extra)


def described_gsi(endpoint, table):
    return raw(endpoint, "DescribeTable", {"TableName": table})[1]["Table"][
        "GlobalSecondaryIndexes"][0]


def update_gsi(endpoint, table, **update):
    return raw(endpoint, "UpdateTable", {"TableName": table, "GlobalSecondaryIndexUpdates": [
        {"Update": {"IndexName": "byG", **update}}]})


def test_a_gsis_on_demand_maximum_is_described_merged_and_enforced(client, endpoint, tables):
    table, status, body = raw_create_with_gsi(
        endpoint, tables, BillingMode="PAY_PER_REQUEST",
        GlobalSecondaryIndexes=[gsi(OnDemandThroughput={"MaxWriteRequestUnits": 3})])
    assert status == 200, body
    assert described_gsi(endpoint, table)["OnDemandThroughput"] == {"MaxWriteRequestUnits": 3}
    advance_clock(endpoint, 1)
    assert update_gsi(endpoint, table, OnDemandThroughput={"MaxReadRequestUnits": 100})[0] == 200
    assert described_gsi(endpoint, table)["OnDemandThroughput"] == {
        "MaxReadRequestUnits": 100, "MaxWriteRequestUnits": 3}
    advance_clock(endpoint, 1)
    # Each put feeds the GSI one unit: the fourth in a second is refused for the GSI, whose
    # maximum holds its table's writes back as its provisioning would.
    advance_to_next_second(endpoint)
    for i in range(3):
        client.put_item(TableName=table, Item={"id": {"S": str(i)}, "g": {"S": "x"}})
    refused = signed_request(endpoint, "PutItem", {"TableName": table,
                                                   "Item": {"id": {"S": "y"}, "g": {"S": "x"}}})
    assert refused.status == 400
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    assert refused.json()["ThrottlingReasons"] == [
        {"reason": "IndexWriteMaxOnDemandThroughputExceeded", "resource": arn + "/index/byG"}]
    advance_clock(endpoint, 1)
    client.put_item(TableName=table, Item={"id": {"S": "y"}, "g": {"S": "x"}})
    # -1 removes the maximums.
    assert update_gsi(endpoint, table, OnDemandThroughput={"MaxReadRequestUnits": -1,
                                                            "MaxWriteRequestUnits": -1})[0] == 200
    assert "OnDemandThroughput" not in described_gsi(endpoint, table)


def test_a_gsis_on_demand_maximum_is_validated(endpoint, tables):
    _, status, body = raw_create_with_gsi(
        endpoint, tables, BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
        GlobalSecondaryIndexes=[gsi(
            ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
            OnDemandThroughput={"MaxReadRequestUnits": 10})])
    expect_raw_error((status, body), "ValidationException",
                     "One or more parameter values were invalid: MaxReadRequestUnits for "
                     "OnDemandThroughput for index: byG cannot be specified when table "
                     "BillingMode is PROVISIONED.")
    _, status, body = raw_create_with_gsi(
        endpoint, tables, BillingMode="PAY_PER_REQUEST",
        GlobalSecondaryIndexes=[gsi(OnDemandThroughput={"MaxReadRequestUnits": 0})])
    expect_raw_error((status, body), "ValidationException",
                     "One or more parameter values were invalid: Requested MaxReadRequestUnits "
                     "for OnDemandThroughput for index : byG is outside of valid range")
    table, status, _ = raw_create_with_gsi(endpoint, tables, BillingMode="PAY_PER_REQUEST",
                                           GlobalSecondaryIndexes=[gsi()])
    assert status == 200
    advance_clock(endpoint, 1)
    expect_raw_error(update_gsi(endpoint, table, ProvisionedThroughput={
        "ReadCapacityUnits": 5, "WriteCapacityUnits": 5}), "ValidationException",
        "The only Updates for index: byG when TableThroughputMode is PAY_PER_REQUEST can be to "
        "OnDemandThroughput, WarmThroughput")


def test_a_gsis_decreases_have_a_budget_of_their_own(client, tables, endpoint):
    table = provisioned_with_gsi(client, tables, (100, 100), (100, 100))
    advance_clock(endpoint, 86400 - now(endpoint) % 86400 + 10)  # a UTC day that has just begun

    def set_gsi(units):
        client.update_table(TableName=table, GlobalSecondaryIndexUpdates=[{"Update": {
            "IndexName": "byG",
            "ProvisionedThroughput": {"ReadCapacityUnits": units, "WriteCapacityUnits": 100}}}])
        advance_clock(endpoint, 1)

    # The table's four decreases of the day leave the GSI's budget whole, and the other way round.
    for units in (90, 80, 70, 60):
        set_throughput(client, table, units)
        advance_clock(endpoint, 1)
    for units in (90, 80, 70, 60):
        set_gsi(units)
    described = client.describe_table(TableName=table)["Table"]
    assert described["ProvisionedThroughput"]["NumberOfDecreasesToday"] == 4
    index_pt = described["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"]
    assert (index_pt["NumberOfDecreasesToday"], index_pt["ReadCapacityUnits"]) == (4, 60)
    with pytest.raises(client.exceptions.LimitExceededException) as refused:
        set_gsi(50)
    assert "Number of decreases today: 4." in refused.value.response["Error"]["Message"]
    set_gsi(65)  # an increase is always allowed
    advance_clock(endpoint, 3600)
    set_gsi(50)
