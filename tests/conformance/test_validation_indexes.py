"""CreateTable's and UpdateTable's checks of secondary indexes, in the service's words and order:
each index's key schema, then its Projection (a type; NonKeyAttributes exactly with INCLUDE, each
named once), and, for an index UpdateTable adds, the types its key attributes already have.
Messages: dynalite's recorded CreateTable answers ("Unknown ProjectionType: null", the LSI key
checks and their order), scylladb's test/alternator/test_gsi_updatetable.py ("Attributes cannot
be redefined ..."), guregu/dynamo#88 (duplicate NonKeyAttributes).
"""

import boto3
import pytest
from botocore.config import Config

from conformance_util import (ACCESS_KEY, REGION, SECRET_KEY, expect_error, unique_name,
                              wait_active)

VE = "ValidationException"
INVALID = "One or more parameter values were invalid: "
DEFINITIONS = [{"AttributeName": n, "AttributeType": "S"} for n in ("p", "s", "g")]
TABLE_KEY = [{"AttributeName": "p", "KeyType": "HASH"}, {"AttributeName": "s", "KeyType": "RANGE"}]


@pytest.fixture(scope="module")
def unchecked(endpoint):
    """A client that leaves validation to the server."""
    return boto3.session.Session().client(
        "dynamodb", endpoint_url=endpoint, region_name=REGION, aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(parameter_validation=False, retries={"max_attempts": 1}))


def key(*elements):
    return [{"AttributeName": n, "KeyType": t} for n, t in elements]


def create_with(client, message, **indexes):
    expect_error(VE, message, client.create_table, TableName=unique_name(),
                 AttributeDefinitions=DEFINITIONS, KeySchema=TABLE_KEY,
                 BillingMode="PAY_PER_REQUEST", **indexes)


def gsi(projection, key_schema=None):
    return {"GlobalSecondaryIndexes": [{"IndexName": "gsi", "Projection": projection,
                                        "KeySchema": key_schema or key(("g", "HASH"))}]}


def lsi(projection, key_schema=None):
    return {"LocalSecondaryIndexes": [{"IndexName": "lsi", "Projection": projection,
                                       "KeySchema": key_schema or key(("p", "HASH"),
                                                                      ("g", "RANGE"))}]}


@pytest.mark.parametrize("index", [gsi, lsi])
def test_projection_needs_a_type(unchecked, index):
    create_with(unchecked, INVALID + "Unknown ProjectionType: null", **index({}))
    create_with(unchecked, INVALID + "Unknown ProjectionType: null",
                **index({"NonKeyAttributes": ["a"]}))


@pytest.mark.parametrize("index", [gsi, lsi])
@pytest.mark.parametrize("projection_type", ["ALL", "KEYS_ONLY"])
def test_non_key_attributes_only_with_include(unchecked, index, projection_type):
    create_with(unchecked,
                INVALID + f"ProjectionType is {projection_type}, but NonKeyAttributes is specified",
                **index({"ProjectionType": projection_type, "NonKeyAttributes": ["a"]}))


@pytest.mark.parametrize("index", [gsi, lsi])
def test_non_key_attributes_named_once(unchecked, index):
    create_with(unchecked, "Cannot have two attributes with the same name",
                **index({"ProjectionType": "INCLUDE", "NonKeyAttributes": ["a", "b", "a"]}))


def test_lsi_key_schema_has_exactly_two_elements(unchecked):
    all_ = {"ProjectionType": "ALL"}
    no_range = INVALID + "Index KeySchema does not have a range key for index: lsi"
    create_with(unchecked, no_range, **lsi(all_, key(("p", "HASH"))))
    create_with(unchecked, no_range, **lsi(all_, key(("p", "HASH"), ("g", "RANGE"), ("s", "RANGE"))))
    create_with(unchecked, "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type",
                **lsi(all_, key(("p", "HASH"), ("g", "HASH"), ("s", "RANGE"))))


@pytest.mark.parametrize("index", [gsi, lsi])
def test_index_key_attributes_named_once(unchecked, index):
    create_with(unchecked,
                "Both the Hash Key and the Range Key element in the KeySchema have the same name",
                **index({"ProjectionType": "ALL"}, key(("p", "HASH"), ("p", "RANGE"))))


def test_key_schema_is_checked_before_the_projection(unchecked):
    create_with(unchecked,
                INVALID + "Index KeySchema does not have the same leading hash key as table "
                "KeySchema for index: lsi. index hash key: g, table hash key: p",
                **lsi({}, key(("g", "HASH"), ("s", "RANGE"))))
    create_with(unchecked, "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
                **gsi({"ProjectionType": "ALL", "NonKeyAttributes": ["a"]}, key(("g", "RANGE"))))


@pytest.fixture
def indexed_table(client, tables):
    """A table keyed by `p` (S) with a GSI `by_xyz` keyed by `xyz` (S)."""
    name = unique_name()
    client.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST", KeySchema=key(("p", "HASH")),
        AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"},
                              {"AttributeName": "xyz", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by_xyz", "KeySchema": key(("xyz", "HASH")),
                                 "Projection": {"ProjectionType": "ALL"}}])
    tables.names.append(name)
    wait_active(client, name)
    return name


def add_index(client, table, attribute, attribute_type, projection=None):
    client.update_table(
        TableName=table,
        AttributeDefinitions=[{"AttributeName": attribute, "AttributeType": attribute_type}],
        GlobalSecondaryIndexUpdates=[{"Create": {
            "IndexName": "added", "KeySchema": key((attribute, "HASH")),
            "Projection": {"ProjectionType": "ALL"} if projection is None else projection}}])


def test_update_table_cannot_redefine_an_index_keys_type(unchecked, indexed_table):
    redefined = (INVALID + "Attributes cannot be redefined. Please check that your attribute has "
                 "the same type as previously defined. Existing schema: ")
    expect_error(VE, redefined + "Schema:[SchemaElement: key{xyz:S:HASH}] New schema: "
                 "Schema:[SchemaElement: key{xyz:N:HASH}]",
                 add_index, unchecked, indexed_table, "xyz", "N")
    expect_error(VE, redefined + "Schema:[SchemaElement: key{p:S:HASH}] New schema: "
                 "Schema:[SchemaElement: key{p:B:HASH}]",
                 add_index, unchecked, indexed_table, "p", "B")
    described = unchecked.describe_table(TableName=indexed_table)["Table"]
    assert [i["IndexName"] for i in described["GlobalSecondaryIndexes"]] == ["by_xyz"]


def test_update_table_checks_the_added_index_projection(unchecked, indexed_table):
    expect_error(VE, INVALID + "Unknown ProjectionType: null",
                 add_index, unchecked, indexed_table, "other", "S", {})
    expect_error(VE, "Cannot have two attributes with the same name",
                 add_index, unchecked, indexed_table, "other", "S",
                 {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["a", "a"]})
