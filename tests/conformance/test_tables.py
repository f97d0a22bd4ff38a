"""Table management: CreateTable, DescribeTable, ListTables, UpdateTable, DeleteTable.

Messages are the service's own texts, byte for byte (including its typos and spacing).
"""

import datetime
import re

from conformance_util import (expect_error, expect_raw_error, signed_request, unique_name,
                              wait_active, wait_gone)

HASH_ONLY = {
    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
    "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
}
ARN = re.compile(r"^arn:aws:dynamodb:us-east-1:\d{12}:table/(.+)$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def test_describe_table_returns_every_field(client, tables):
    name = tables.create(range_key=("sk", "N"))
    table = client.describe_table(TableName=name)["Table"]
    assert table["TableName"] == name
    assert ARN.match(table["TableArn"]).group(1) == name
    assert UUID.match(table["TableId"])
    assert isinstance(table["CreationDateTime"], datetime.datetime)
    age = datetime.datetime.now(datetime.timezone.utc) - table["CreationDateTime"]
    assert abs(age.total_seconds()) < 600
    assert table["ItemCount"] == 0
    assert table["TableSizeBytes"] == 0
    assert table["TableStatus"] == "ACTIVE"
    assert table["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"},
                                  {"AttributeName": "sk", "KeyType": "RANGE"}]
    assert sorted(table["AttributeDefinitions"], key=lambda d: d["AttributeName"]) == [
        {"AttributeName": "id", "AttributeType": "S"},
        {"AttributeName": "sk", "AttributeType": "N"}]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    throughput = table["ProvisionedThroughput"]
    assert throughput["ReadCapacityUnits"] == 0
    assert throughput["WriteCapacityUnits"] == 0
    assert throughput["NumberOfDecreasesToday"] == 0


def test_create_table_response_describes_the_new_table(client, tables):
    name = unique_name()
    tables.names.append(name)
    description = client.create_table(TableName=name, BillingMode="PROVISIONED",
                                      ProvisionedThroughput={"ReadCapacityUnits": 3,
                                                             "WriteCapacityUnits": 4},
                                      **HASH_ONLY)["TableDescription"]
    assert description["TableName"] == name
    assert description["TableStatus"] in ("CREATING", "ACTIVE")
    assert description["ProvisionedThroughput"]["ReadCapacityUnits"] == 3
    assert description["ProvisionedThroughput"]["WriteCapacityUnits"] == 4
    assert description["KeySchema"] == HASH_ONLY["KeySchema"]
    table = wait_active(client, name)
    assert table["TableStatus"] == "ACTIVE"
    assert table["TableArn"] == description["TableArn"]


def test_create_existing_table_is_resource_in_use(client, table):
    expect_error("ResourceInUseException", f"Table already exists: {table}",
                 client.create_table, TableName=table, BillingMode="PAY_PER_REQUEST", **HASH_ONLY)


def test_missing_table_messages(client):
    name = unique_name("missing")
    not_found = f"Requested resource not found: Table: {name} not found"
    expect_error("ResourceNotFoundException", not_found, client.describe_table, TableName=name)
    expect_error("ResourceNotFoundException", not_found, client.delete_table, TableName=name)
    expect_error("ResourceNotFoundException", "Requested resource not found",
                 client.get_item, TableName=name, Key={"id": {"S": "x"}})
    expect_error("ResourceNotFoundException", "Requested resource not found",
                 client.put_item, TableName=name, Item={"id": {"S": "x"}})


def test_delete_table_then_it_is_gone(client, tables):
    name = tables.create()
    description = client.delete_table(TableName=name)["TableDescription"]
    assert description["TableName"] == name
    assert description["TableStatus"] in ("DELETING", "ACTIVE")
    wait_gone(client, name)
    expect_error("ResourceNotFoundException",
                 f"Requested resource not found: Table: {name} not found",
                 client.describe_table, TableName=name)
    assert name not in client.list_tables()["TableNames"]


def list_all_tables(client, limit):
    names, kwargs = [], {"Limit": limit}
    while True:
        page = client.list_tables(**kwargs)
        assert len(page["TableNames"]) <= limit
        names += page["TableNames"]
        if "LastEvaluatedTableName" not in page:
            return names
        assert page["LastEvaluatedTableName"] == page["TableNames"][-1]
        kwargs["ExclusiveStartTableName"] = page["LastEvaluatedTableName"]


def test_list_tables_pagination(client, tables):
    prefix = unique_name("stator_lt")
    ours = [tables.create(name=f"{prefix}_{suffix}") for suffix in ("c", "a", "b")]
    everything = list_all_tables(client, limit=2)
    assert everything == sorted(everything)
    assert len(everything) == len(set(everything))
    assert [n for n in everything if n.startswith(prefix)] == sorted(ours)

    first = client.list_tables(ExclusiveStartTableName=f"{prefix}_a", Limit=1)
    assert first["TableNames"] == [f"{prefix}_b"]
    assert first["LastEvaluatedTableName"] == f"{prefix}_b"
    rest = client.list_tables(ExclusiveStartTableName=f"{prefix}_b", Limit=100)
    assert rest["TableNames"][0] == f"{prefix}_c"


def test_list_tables_limit_out_of_range(endpoint):
    # botocore checks the minimum itself, so the request is sent raw.
    response = signed_request(endpoint, "ListTables", {"Limit": 0})
    expect_raw_error(response, "ValidationException",
                     "1 validation error detected: Value '0' at 'limit' failed to satisfy "
                     "constraint: Member must have value greater than or equal to 1")


def create_raw(endpoint, name):
    return signed_request(endpoint, "CreateTable", dict(TableName=name,
                                                         BillingMode="PAY_PER_REQUEST",
                                                         **HASH_ONLY))


# The service has moved CreateTable's name checks from its older wording ("TableName must be at
# least 3 characters long and at most 255 characters long") to the generic validation form.


def test_table_name_too_short(endpoint):
    expect_raw_error(create_raw(endpoint, "ab"), "ValidationException",
                     "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy "
                     "constraint: Member must have length greater than or equal to 3")


def test_table_name_too_long(endpoint):
    name = "a" * 256
    expect_raw_error(create_raw(endpoint, name), "ValidationException",
                     f"1 validation error detected: Value '{name}' at 'tableName' failed to "
                     "satisfy constraint: Member must have length less than or equal to 255")


def test_table_name_bad_characters(client):
    expect_error("ValidationException",
                 "1 validation error detected: Value 'bad name!' at 'tableName' failed to "
                 "satisfy constraint: Member must satisfy regular expression pattern: "
                 "[a-zA-Z0-9_.-]+",
                 client.create_table, TableName="bad name!", BillingMode="PAY_PER_REQUEST",
                 **HASH_ONLY)


def test_key_schema_must_start_with_hash(client):
    expect_error("ValidationException",
                 "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
                 client.create_table, TableName=unique_name(), BillingMode="PAY_PER_REQUEST",
                 KeySchema=[{"AttributeName": "a", "KeyType": "RANGE"},
                            {"AttributeName": "b", "KeyType": "HASH"}],
                 AttributeDefinitions=[{"AttributeName": "a", "AttributeType": "S"},
                                       {"AttributeName": "b", "AttributeType": "S"}])


def test_key_attribute_not_defined(client):
    expect_error("ValidationException",
                 "One or more parameter values were invalid: Some index key attributes are not "
                 "defined in AttributeDefinitions. Keys: [id], AttributeDefinitions: [other]",
                 client.create_table, TableName=unique_name(), BillingMode="PAY_PER_REQUEST",
                 KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                 AttributeDefinitions=[{"AttributeName": "other", "AttributeType": "S"}])


def test_attribute_definitions_not_used_by_keys(client):
    expect_error("ValidationException",
                 "One or more parameter values were invalid: Number of attributes in KeySchema "
                 "does not exactly match number of attributes defined in AttributeDefinitions",
                 client.create_table, TableName=unique_name(), BillingMode="PAY_PER_REQUEST",
                 KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                 AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"},
                                       {"AttributeName": "extra", "AttributeType": "S"}])


def test_pay_per_request_refuses_provisioned_throughput(client):
    expect_error("ValidationException",
                 "One or more parameter values were invalid: Neither ReadCapacityUnits nor "
                 "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
                 client.create_table, TableName=unique_name(), BillingMode="PAY_PER_REQUEST",
                 ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
                 **HASH_ONLY)


def test_provisioned_requires_throughput(client):
    expect_error("ValidationException",
                 "One or more parameter values were invalid: ReadCapacityUnits and "
                 "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
                 client.create_table, TableName=unique_name(), BillingMode="PROVISIONED",
                 **HASH_ONLY)


def test_update_table_switches_billing_mode_and_throughput(client, tables):
    name = tables.create()
    description = client.update_table(
        TableName=name, BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
    )["TableDescription"]
    assert description["TableName"] == name
    table = wait_active(client, name)
    assert table["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert table["ProvisionedThroughput"]["WriteCapacityUnits"] == 5

    client.update_table(TableName=name, ProvisionedThroughput={"ReadCapacityUnits": 10,
                                                               "WriteCapacityUnits": 7})
    table = wait_active(client, name)
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 10
    assert table["ProvisionedThroughput"]["WriteCapacityUnits"] == 7


def test_update_table_on_missing_table(client):
    name = unique_name("missing")
    expect_error("ResourceNotFoundException",
                 f"Requested resource not found: Table: {name} not found",
                 client.update_table, TableName=name, BillingMode="PAY_PER_REQUEST")
