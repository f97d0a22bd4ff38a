"""The order in which the service applies its checks (api/shape_check.h lists it): the body's
types, the shape's constraints, the checks that need no table, the table's lookup, then the
checks that need its schema. A request wrong in several ways gets the error of the earliest
check; an invalid request naming a missing table gets the ValidationException.
"""

import boto3
import pytest
from botocore.config import Config

from conformance_util import ACCESS_KEY, REGION, SECRET_KEY, expect_error, unique_name

VE = "ValidationException"


@pytest.fixture(scope="module")
def unchecked(endpoint):
    """A client that leaves validation to the server."""
    return boto3.session.Session().client(
        "dynamodb", endpoint_url=endpoint, region_name=REGION, aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(parameter_validation=False, retries={"max_attempts": 1}))


@pytest.fixture
def missing():
    return unique_name("missing")


def test_empty_expression_maps_are_refused(client, table, missing):
    # Reported by the service's users (e.g. aws/aws-appsync-community#178; getmoto/moto#4393,
    # validated against AWS).
    for name in (table, missing):
        expect_error(VE, "ExpressionAttributeValues must not be empty", client.scan,
                     TableName=name, FilterExpression="a = b", ExpressionAttributeValues={})
        expect_error(VE, "ExpressionAttributeNames must not be empty", client.get_item,
                     TableName=name, Key={"id": {"S": "a"}}, ProjectionExpression="a",
                     ExpressionAttributeNames={})


def test_semantic_errors_come_before_the_table_lookup(client, missing):
    expect_error(VE, "Can not use both expression and non-expression parameters in the same "
                 "request: Non-expression parameters: {KeyConditions} Expression parameters: "
                 "{KeyConditionExpression}",
                 client.query, TableName=missing,
                 KeyConditions={"id": {"ComparisonOperator": "EQ",
                                       "AttributeValueList": [{"S": "a"}]}},
                 KeyConditionExpression="id = :v", ExpressionAttributeValues={":v": {"S": "a"}})
    expect_error(VE, "One or more parameter values were invalid: Duplicate value in attribute "
                 "name: a", client.get_item, TableName=missing, Key={"id": {"S": "a"}},
                 AttributesToGet=["a", "a"])
    expect_error(VE, "One or more parameter values were invalid: An string set  may not be empty",
                 client.put_item, TableName=missing, Item={"id": {"S": "a"}, "s": {"SS": []}})
    expect_error(VE, 'Invalid UpdateExpression: Syntax error; token: "=", near: "SET = 1"',
                 client.update_item, TableName=missing, Key={"id": {"S": "a"}},
                 UpdateExpression="SET = 1")
    expect_error(VE, "Value provided in ExpressionAttributeValues unused in expressions: keys: "
                 "{:b}", client.update_item, TableName=missing, Key={"id": {"S": "a"}},
                 UpdateExpression="SET a = :a",
                 ExpressionAttributeValues={":a": {"S": "x"}, ":b": {"S": "y"}})
    expect_error("ResourceNotFoundException", "Requested resource not found", client.get_item,
                 TableName=missing, Key={"id": {"S": "a"}})


def test_shape_errors_come_before_semantic_ones(unchecked, missing):
    # Limit 0 is a shape violation; the mixed parameters a semantic error: the shape wins.
    expect_error(VE, "1 validation error detected: Value '0' at 'limit' failed to satisfy "
                 "constraint: Member must have value greater than or equal to 1",
                 unchecked.query, TableName=missing, Limit=0,
                 KeyConditions={"id": {"ComparisonOperator": "EQ",
                                       "AttributeValueList": [{"S": "a"}]}},
                 KeyConditionExpression="id = :v", ExpressionAttributeValues={":v": {"S": "a"}})


def test_schema_checks_come_after_the_table_lookup(client, table):
    expect_error(VE, "The provided key element does not match the schema", client.get_item,
                 TableName=table, Key={"nope": {"S": "a"}})


def test_empty_expression_maps_in_transactions_refuse_the_whole_request(client, table, missing):
    """An empty map in any action is the whole request's ValidationException, with the words of
    the single-item operations, before any table is looked up or any action runs (not one
    action's cancellation reason)."""
    put = {"Put": {"TableName": table, "Item": {"id": {"S": "tx-empty"}}}}
    check = {"ConditionCheck": {"TableName": missing, "Key": {"id": {"S": "a"}},
                                "ConditionExpression": "attribute_exists(id)",
                                "ExpressionAttributeValues": {}}}
    expect_error(VE, "ExpressionAttributeValues must not be empty",
                 client.transact_write_items, TransactItems=[put, check])
    update = {"Update": {"TableName": table, "Key": {"id": {"S": "a"}},
                         "UpdateExpression": "SET v = :v", "ExpressionAttributeNames": {},
                         "ExpressionAttributeValues": {":v": {"S": "x"}}}}
    expect_error(VE, "ExpressionAttributeNames must not be empty",
                 client.transact_write_items, TransactItems=[update])
    expect_error(VE, "ExpressionAttributeNames must not be empty",
                 client.transact_get_items,
                 TransactItems=[{"Get": {"TableName": missing, "Key": {"id": {"S": "a"}},
                                         "ProjectionExpression": "id",
                                         "ExpressionAttributeNames": {}}}])
    assert "Item" not in client.get_item(TableName=table, Key={"id": {"S": "tx-empty"}},
                                         ConsistentRead=True)
