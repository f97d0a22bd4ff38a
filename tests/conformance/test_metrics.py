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
