"""Scan: full and parallel scans, paging with boto3's paginator, filters, Select COUNT, and the
service's messages for Segment/TotalSegments and Limit."""

import pytest

from conformance_util import expect_error


def scan_all(client, **kwargs):
    items = []
    for page in client.get_paginator("scan").paginate(**kwargs):
        items.extend(page.get("Items", []))
    return items


@pytest.fixture
def filled(client, table):
    for n in range(200):
        client.put_item(TableName=table, Item={"id": {"S": f"k{n}"}, "n": {"N": str(n)}})
    return table


def ids(items):
    return sorted(i["id"]["S"] for i in items)


EXPECTED = sorted(f"k{n}" for n in range(200))


def test_paginated_scan_sees_every_item_once(client, filled):
    assert ids(scan_all(client, TableName=filled, PaginationConfig={"PageSize": 13})) == EXPECTED


def test_segments_are_disjoint_and_cover_the_table(client, filled):
    seen = []
    for segment in range(7):
        seen += scan_all(client, TableName=filled, Segment=segment, TotalSegments=7,
                         PaginationConfig={"PageSize": 10})
    assert ids(seen) == EXPECTED


def test_filter_count_and_scanned_count(client, filled):
    out = client.scan(TableName=filled, FilterExpression="n < :ten", Select="COUNT",
                      ExpressionAttributeValues={":ten": {"N": "10"}})
    assert out["Count"] == 10 and out["ScannedCount"] == 200 and "Items" not in out
    out = client.scan(TableName=filled, ScanFilter={
        "n": {"ComparisonOperator": "LT", "AttributeValueList": [{"N": "5"}]}})
    assert out["Count"] == 5


def test_limit_returns_last_evaluated_key(client, filled):
    out = client.scan(TableName=filled, Limit=3)
    assert out["Count"] == 3 and set(out["LastEvaluatedKey"]) == {"id"}
    nxt = client.scan(TableName=filled, Limit=3, ExclusiveStartKey=out["LastEvaluatedKey"])
    assert not set(ids(out["Items"])) & set(ids(nxt["Items"]))


def test_errors(client, filled):
    expect_error("ValidationException", "The TotalSegments parameter is required but was not "
                 "present in the request when Segment parameter is present",
                 client.scan, TableName=filled, Segment=0)
    expect_error("ValidationException", "The Segment parameter is required but was not present "
                 "in the request when parameter TotalSegments is present",
                 client.scan, TableName=filled, TotalSegments=4)
    expect_error("ValidationException", "The Segment parameter is zero-based and must be less "
                 "than parameter TotalSegments: Segment: 5 is not less than TotalSegments: 5",
                 client.scan, TableName=filled, Segment=5, TotalSegments=5)
    expect_error("ValidationException", "ALL_PROJECTED_ATTRIBUTES can be used only when "
                 "Querying using an IndexName", client.scan, TableName=filled,
                 Select="ALL_PROJECTED_ATTRIBUTES")
    expect_error("ResourceNotFoundException", "Requested resource not found", client.scan,
                 TableName="no_such_table_scan")
