"""GET /metrics: the server's figures in the Prometheus text format, on its own port: requests
and errors per operation, consumed capacity per table and index, throttle events per table."""

import os
import re

import pytest

from conformance_util import connection

pytestmark = pytest.mark.skipif(bool(os.environ.get("STATOR_ENDPOINT")),
                                reason="a Stator page, not the service's")


def metrics(endpoint):
    conn = connection(endpoint)
    try:
        conn.request("GET", "/metrics")
        response = conn.getresponse()
        body = response.read().decode()
    finally:
        conn.close()
    assert response.status == 200
    assert response.getheader("Content-Type").startswith("text/plain; version=0.0.4")
    samples = {}
    for line in body.splitlines():
        if line.startswith("#"):
            continue
        name, value = line.rsplit(" ", 1)
        samples[name] = float(value)
    return samples


def sample(samples, metric, **labels):
    """The value of the sample of `metric` whose labels include `labels` (0 when absent)."""
    for name, value in samples.items():
        m = re.fullmatch(r"(\w+)\{(.*)\}", name)
        if m and m.group(1) == metric and all(f'{k}="{v}"' in m.group(2)
                                              for k, v in labels.items()):
            return value
    return 0.0


def total(samples, metric, **labels):
    """The sum of the samples of `metric` whose labels include `labels`."""
    out = 0.0
    for name, value in samples.items():
        m = re.fullmatch(r"(\w+)\{(.*)\}", name)
        if m and m.group(1) == metric and all(f'{k}="{v}"' in m.group(2)
                                              for k, v in labels.items()):
            out += value
    return out


def test_metrics_count_requests_errors_and_consumed_capacity(client, endpoint, table):
    before = metrics(endpoint)
    client.put_item(TableName=table, Item={"id": {"S": "a"}, "pad": {"S": "x" * 1500}})
    client.get_item(TableName=table, Key={"id": {"S": "a"}}, ConsistentRead=True)
    with pytest.raises(client.exceptions.ConditionalCheckFailedException):
        client.put_item(TableName=table, Item={"id": {"S": "a"}},
                        ConditionExpression="attribute_not_exists(id)")
    after = metrics(endpoint)
    assert (sample(after, "stator_requests_total", operation="PutItem")
            - sample(before, "stator_requests_total", operation="PutItem")) >= 2
    assert (sample(after, "stator_request_errors_total", operation="PutItem")
            - sample(before, "stator_request_errors_total", operation="PutItem")) >= 1
    # 2 units for the put, 2 more for the failed conditional put of the same 1.5 KB item.
    assert sample(after, "stator_consumed_write_capacity_units_total", table=table,
                  index="") == 4.0
    assert sample(after, "stator_consumed_read_capacity_units_total", table=table,
                  index="") == 1.0
    assert sample(after, "stator_write_throttle_events_total", table=table) == 0.0


def test_each_table_has_its_requests_errors_by_type_latency_and_items(client, endpoint, table):
    for i in range(3):
        client.put_item(TableName=table, Item={"id": {"S": str(i)}, "pad": {"S": "x" * 100}})
    with pytest.raises(client.exceptions.ConditionalCheckFailedException):
        client.put_item(TableName=table, Item={"id": {"S": "0"}},
                        ConditionExpression="attribute_not_exists(id)")
    with pytest.raises(client.exceptions.ClientError):
        client.get_item(TableName=table, Key={"wrong": {"S": "0"}})
    client.get_item(TableName=table, Key={"id": {"S": "1"}})
    m = metrics(endpoint)
    assert sample(m, "stator_table_requests_total", table=table, operation="PutItem") == 4
    assert sample(m, "stator_table_request_errors_total", table=table, operation="PutItem") == 1
    assert sample(m, "stator_table_request_errors_by_type_total", table=table,
                  operation="PutItem", type="ConditionalCheckFailedException") == 1
    assert sample(m, "stator_table_request_errors_by_type_total", table=table,
                  operation="GetItem", type="ValidationException") == 1
    # Whether the cache or the engine answered it, the good GetItem counts for the table.
    assert sample(m, "stator_table_requests_total", table=table, operation="GetItem") == 2
    # The histogram: cumulative buckets ending in +Inf, which equals the count of timed puts.
    assert sample(m, "stator_table_request_latency_seconds_bucket", table=table,
                  operation="PutItem", le="+Inf") == 4
    assert sample(m, "stator_table_request_latency_seconds_count", table=table,
                  operation="PutItem") == 4
    assert sample(m, "stator_table_request_latency_seconds_bucket", table=table,
                  operation="PutItem", le="2.5") == 4
    assert sample(m, "stator_table_items", table=table) == 3
    assert sample(m, "stator_table_size_bytes", table=table) > 300
    # The database-wide families count by type too.
    assert sample(m, "stator_request_errors_by_type_total", operation="PutItem",
                  type="ConditionalCheckFailedException") >= 1
