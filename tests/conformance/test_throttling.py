"""Throughput enforcement (`--throttling on`) seen through boto3 with its retries off: a
provisioned table spends its 300 seconds of burst capacity, is then refused with the service's
ProvisionedThroughputExceededException, and admits again once the (virtual) clock has refilled it;
batches hand the throttled part back in UnprocessedItems/UnprocessedKeys; a GSI out of write
capacity throttles its table's writes; an on-demand table
serves twice its previous peak, which rises once its traffic is 30 minutes old; the default
server never throttles.
"""

import os

import boto3
import pytest
from botocore.config import Config

from conformance_util import (ACCESS_KEY, REGION, SECRET_KEY, advance_clock,
                              advance_to_next_second, expect_error,
                              signed_request, unique_name, wait_active)
from conftest import TableFactory
from streams_util import server_with
from test_metrics import metrics, sample, total

pytestmark = pytest.mark.skipif(bool(os.environ.get("STATOR_ENDPOINT")),
                                reason="needs its own local server with throttling on")

TABLE_EXCEEDED = ("The level of configured provisioned throughput for the table was exceeded. "
                  "Consider increasing your provisioning level with the UpdateTable API.")
INDEX_EXCEEDED = ("The level of configured provisioned throughput for one or more global secondary "
                  "indexes of the table was exceeded. Consider increasing your provisioning level "
                  "for the under-provisioned global secondary indexes with the UpdateTable API.")
KB = 1024


def no_retries(endpoint):
    return boto3.session.Session().client(
        "dynamodb", endpoint_url=endpoint, region_name=REGION, aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY, config=Config(retries={"max_attempts": 0}))


def provisioned(tables, rcu=1, wcu=1):
    return tables.create(BillingMode="PROVISIONED",
                         ProvisionedThroughput={"ReadCapacityUnits": rcu,
                                                "WriteCapacityUnits": wcu})


def big(name, kb=350):
    """An item of about `kb` KB: that many write units at once."""
    return {"id": {"S": name}, "pad": {"S": "x" * (kb * KB - 16)}}


@pytest.fixture(scope="module")
def endpoint():
    with server_with("--throttling", "on", "--virtual-clock") as url:
        yield url


@pytest.fixture
def client(endpoint):
    return no_retries(endpoint)


@pytest.fixture
def tables(client):
    factory = TableFactory(client)
    yield factory
    factory.cleanup()


def test_writes_spend_the_burst_then_are_throttled_until_the_clock_refills(client, tables,
                                                                          endpoint):
    table = provisioned(tables, wcu=1)
    # 300 seconds of 1 WCU: one 350-unit write is admitted and leaves a debt of about 50.
    out = client.put_item(TableName=table, Item=big("a"), ReturnConsumedCapacity="TOTAL")
    assert out["ConsumedCapacity"]["CapacityUnits"] == 350.0
    expect_error("ProvisionedThroughputExceededException", TABLE_EXCEEDED,
                 client.put_item, TableName=table, Item={"id": {"S": "b"}})
    # The service's ThrottlingReasons (newer than Debian's botocore: read raw) name the reason
    # and the table's ARN.
    raw = signed_request(endpoint, "PutItem", {"TableName": table, "Item": {"id": {"S": "b"}}})
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    assert raw.json()["ThrottlingReasons"] == [
        {"reason": "TableWriteProvisionedThroughputExceeded", "resource": arn}]
    # Reads have their own bucket.
    client.get_item(TableName=table, Key={"id": {"S": "b"}})
    advance_clock(endpoint, 60)
    client.put_item(TableName=table, Item={"id": {"S": "b"}})
    # The refusals (boto3's and the raw one) are counted where a load test watches
    # (GET /metrics).
    assert sample(metrics(endpoint), "stator_write_throttle_events_total", table=table) == 2.0


def test_reads_spend_the_burst_then_are_throttled(client, tables, endpoint):
    table = provisioned(tables, rcu=1, wcu=1000)
    client.put_item(TableName=table, Item=big("a"))
    # 88 read units a strongly consistent read: the fourth leaves the 300 in debt.
    for _ in range(4):
        client.get_item(TableName=table, Key={"id": {"S": "a"}}, ConsistentRead=True)
    expect_error("ProvisionedThroughputExceededException", TABLE_EXCEEDED,
                 client.get_item, TableName=table, Key={"id": {"S": "a"}})
    expect_error("ProvisionedThroughputExceededException", TABLE_EXCEEDED,
                 client.query, TableName=table, KeyConditionExpression="id = :a",
                 ExpressionAttributeValues={":a": {"S": "a"}})
    advance_clock(endpoint, 120)
    client.get_item(TableName=table, Key={"id": {"S": "a"}})


def test_batches_hand_back_the_throttled_part(client, tables):
    hot, cool = provisioned(tables, wcu=1), provisioned(tables, wcu=1000)
    client.put_item(TableName=hot, Item=big("a"))  # spends the burst
    out = client.batch_write_item(RequestItems={
        hot: [{"PutRequest": {"Item": {"id": {"S": "h"}}}}],
        cool: [{"PutRequest": {"Item": {"id": {"S": "c"}}}}],
    })
    assert out["UnprocessedItems"] == {hot: [{"PutRequest": {"Item": {"id": {"S": "h"}}}}]}
    # Nothing written at all: the request itself is throttled.
    expect_error("ProvisionedThroughputExceededException", TABLE_EXCEEDED,
                 client.batch_write_item,
                 RequestItems={hot: [{"PutRequest": {"Item": {"id": {"S": "h"}}}}]})
    reads = provisioned(tables, rcu=1, wcu=1000)
    client.put_item(TableName=reads, Item=big("a", 390))
    for _ in range(4):  # 98 units each
        client.get_item(TableName=reads, Key={"id": {"S": "a"}}, ConsistentRead=True)
    # Twice: the second time the cache holds both keys and answers without the engine.
    for _ in range(2):
        out = client.batch_get_item(RequestItems={
            reads: {"Keys": [{"id": {"S": "a"}}]},
            cool: {"Keys": [{"id": {"S": "c"}}]},
        })
        assert out["Responses"][cool] == [{"id": {"S": "c"}}]
        assert out["UnprocessedKeys"] == {reads: {"Keys": [{"id": {"S": "a"}}]}}
    # Every key throttled: the request itself is.
    expect_error("ProvisionedThroughputExceededException", TABLE_EXCEEDED,
                 client.batch_get_item, RequestItems={reads: {"Keys": [{"id": {"S": "a"}}]}})


def provisioned_with_gsi(client, tables, table_units, gsi_units):
    """A provisioned table with a GSI byG on attribute g; each given as (RCU, WCU)."""
    def units(pair):
        return {"ReadCapacityUnits": pair[0], "WriteCapacityUnits": pair[1]}
    table = unique_name()
    client.create_table(
        TableName=table, BillingMode="PROVISIONED",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"},
                              {"AttributeName": "g", "AttributeType": "S"}],
        ProvisionedThroughput=units(table_units),
        GlobalSecondaryIndexes=[{
            "IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "ALL"}, "ProvisionedThroughput": units(gsi_units)}])
    tables.names.append(table)
    wait_active(client, table)
    return table


def test_a_gsi_out_of_write_capacity_throttles_its_tables_writes(client, tables, endpoint):
    table = provisioned_with_gsi(client, tables, (1, 1000), (1, 1))
    cool = provisioned(tables, wcu=1000)
    # The table has capacity to spare; its 1-WCU index has 300 units of burst, which one
    # 350 KB item projected into it overspends.
    item = big("a")
    item["g"] = {"S": "x"}
    client.put_item(TableName=table, Item=item)
    # Every write to the table is refused now, even one that would not touch the index: the
    # service documents no exception for those (see ThrottlingAdmission::AdmitFedIndexes).
    expect_error("ProvisionedThroughputExceededException", INDEX_EXCEEDED,
                 client.put_item, TableName=table, Item={"id": {"S": "b"}, "g": {"S": "y"}})
    expect_error("ProvisionedThroughputExceededException", INDEX_EXCEEDED,
                 client.delete_item, TableName=table, Key={"id": {"S": "c"}})
    raw = signed_request(endpoint, "PutItem", {"TableName": table, "Item": {"id": {"S": "b"}}})
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    assert raw.json()["ThrottlingReasons"] == [
        {"reason": "IndexWriteProvisionedThroughputExceeded", "resource": arn + "/index/byG"}]
    # Reads of the table are not held back.
    client.get_item(TableName=table, Key={"id": {"S": "a"}})
    # A batch hands the table's writes back and writes the rest.
    out = client.batch_write_item(RequestItems={
        table: [{"PutRequest": {"Item": {"id": {"S": "b"}}}}],
        cool: [{"PutRequest": {"Item": {"id": {"S": "c"}}}}],
    })
    assert out["UnprocessedItems"] == {table: [{"PutRequest": {"Item": {"id": {"S": "b"}}}}]}
    # GET /metrics counts the four refused writes as the GSI's throttle events (CloudWatch's
    # WriteThrottleEvents for TableName and GlobalSecondaryIndexName), none as the table's, and
    # the three refused requests as the table's ThrottledRequests by operation; the batch, partly
    # done, is not one.
    m = metrics(endpoint)
    assert sample(m, "stator_write_throttle_events_total", table=table, index="byG") == 4.0
    assert sample(m, "stator_write_throttle_events_total", table=table, index="") == 0.0
    assert sample(m, "stator_throttle_events_by_reason_total", table=table, index="byG",
                  reason="IndexWriteProvisionedThroughputExceeded") == 4.0
    assert sample(m, "stator_throttled_requests_total", table=table, operation="PutItem") == 2.0
    assert sample(m, "stator_throttled_requests_total", table=table, operation="DeleteItem") == 1.0
    assert sample(m, "stator_throttled_requests_total", table=table,
                  operation="BatchWriteItem") == 0.0
    # Once the clock has refilled the index's debt (about 50 units), writes go through again.
    advance_clock(endpoint, 60)
    client.put_item(TableName=table, Item={"id": {"S": "b"}, "g": {"S": "y"}})


def test_a_hot_key_is_refused_at_its_partitions_ceiling_and_counted_there(client, tables,
                                                                         endpoint):
    # An on-demand table serves 4,000 write units a second, but one partition only 1,000: the
    # fourth 350-unit write of one key in a second is refused at the partition's ceiling.
    table = tables.create()
    advance_to_next_second(endpoint)
    for _ in range(3):
        client.put_item(TableName=table, Item=big("hot"))
    raw = signed_request(endpoint, "PutItem", {"TableName": table, "Item": big("hot")})
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    assert raw.json()["ThrottlingReasons"] == [
        {"reason": "TableWriteKeyRangeThroughputExceeded", "resource": arn}]
    m = metrics(endpoint)
    assert sample(m, "stator_throttle_events_by_reason_total", table=table, index="",
                  reason="TableWriteKeyRangeThroughputExceeded") == 1.0
    # The refusal and the units are those of the one partition the key lives in, among the
    # table's 8 (an on-demand table's initial 12,000 RRU and 4,000 WRU).
    assert sample(m, "stator_partitions", table=table, index="") == 8.0
    assert total(m, "stator_partition_write_throttle_events_total", table=table) == 1.0
    assert total(m, "stator_partition_consumed_write_capacity_units_total", table=table) == 1050.0
    partitions = [name for name, value in m.items()
                  if name.startswith("stator_partition_consumed_write_capacity_units_total{")
                  and f'table="{table}"' in name and value > 0]
    assert len(partitions) == 1
    assert sample(m, "stator_throttled_requests_total", table=table, operation="PutItem") == 1.0


ON_DEMAND_EXCEEDED = (
    "Throughput exceeds the current capacity of your table or index. DynamoDB is automatically "
    "scaling your table or index so please try again shortly. If exceptions persist, check if you "
    "have a hot key: "
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html.")


def scan_until_throttled(client, table):
    """Strongly consistent scans of the whole table until one is refused: the units admitted."""
    units = 0
    for _ in range(500):
        try:
            out = client.scan(TableName=table, ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
        except client.exceptions.ProvisionedThroughputExceededException as e:
            assert e.response["Error"]["Message"] == ON_DEMAND_EXCEEDED
            return units
        units += out["ConsumedCapacity"]["CapacityUnits"]
    raise AssertionError("never throttled")


def test_an_on_demand_table_serves_twice_its_previous_peak(client, tables, endpoint):
    # A Scan meets no partition's ceiling, so a one-partition table shows the table's own limit:
    # a new on-demand table serves 12,000 read units a second at once (twice its initial 6,000).
    table = tables.create()
    for name in "abc":
        client.put_item(TableName=table, Item=big(name))
    page = client.scan(TableName=table, ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
    per_scan = page["ConsumedCapacity"]["CapacityUnits"]
    # The scans below (about 50 ms of them) must fall in one second of the clock, not two.
    advance_to_next_second(endpoint)
    page = client.scan(TableName=table, ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
    first = per_scan + scan_until_throttled(client, table)
    assert 12000 <= first < 12000 + per_scan
    raw = signed_request(endpoint, "Scan", {"TableName": table, "ConsistentRead": True})
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    assert raw.json()["ThrottlingReasons"] == [
        {"reason": "TableReadAccountLimitExceeded", "resource": arn}]
    # Thirty minutes later that second is the previous peak: twice it is served at once.
    advance_clock(endpoint, 30 * 60)
    assert scan_until_throttled(client, table) >= 2 * first - per_scan
