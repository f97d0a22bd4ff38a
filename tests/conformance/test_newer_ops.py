"""Features newer than Debian's botocore 1.29, exercised with raw SigV4-signed requests:
DeletionProtectionEnabled and resource-based policies."""

import json

from conformance_util import call_ok, expect_raw_error, signed_request, unique_name


def create_table(endpoint, name, **extra):
    return call_ok(endpoint, "CreateTable", dict(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], **extra))


def test_deletion_protection(endpoint):
    name = unique_name()
    created = create_table(endpoint, name, DeletionProtectionEnabled=True)
    assert created["TableDescription"]["DeletionProtectionEnabled"] is True
    described = call_ok(endpoint, "DescribeTable", {"TableName": name})["Table"]
    assert described["DeletionProtectionEnabled"] is True

    refused = signed_request(endpoint, "DeleteTable", {"TableName": name})
    expect_raw_error(refused, "ValidationException",
                     "Resource cannot be deleted as it is currently protected against deletion. "
                     "Disable deletion protection first.")
    assert call_ok(endpoint, "DescribeTable", {"TableName": name})["Table"]["TableName"] == name

    call_ok(endpoint, "UpdateTable", {"TableName": name, "DeletionProtectionEnabled": False})
    described = call_ok(endpoint, "DescribeTable", {"TableName": name})["Table"]
    assert described["DeletionProtectionEnabled"] is False
    call_ok(endpoint, "DeleteTable", {"TableName": name})


def test_deletion_protection_defaults_off(endpoint):
    name = unique_name()
    create_table(endpoint, name)
    described = call_ok(endpoint, "DescribeTable", {"TableName": name})["Table"]
    assert described["DeletionProtectionEnabled"] is False
    call_ok(endpoint, "DeleteTable", {"TableName": name})


def policy_for(arn):
    account = arn.split(":")[4]
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
            "Action": ["dynamodb:GetItem", "dynamodb:PutItem"],
            "Resource": arn,
        }],
    })


def test_resource_policy_lifecycle(endpoint):
    name = unique_name()
    arn = create_table(endpoint, name)["TableDescription"]["TableArn"]
    missing = signed_request(endpoint, "GetResourcePolicy", {"ResourceArn": arn})
    expect_raw_error(missing, "PolicyNotFoundException",
                     f"Resource-based policy not found for the provided ResourceArn: {arn}")

    policy = policy_for(arn)
    put = call_ok(endpoint, "PutResourcePolicy", {"ResourceArn": arn, "Policy": policy})
    assert put["RevisionId"]
    got = call_ok(endpoint, "GetResourcePolicy", {"ResourceArn": arn})
    assert json.loads(got["Policy"]) == json.loads(policy)
    assert got["RevisionId"] == put["RevisionId"]

    deleted = call_ok(endpoint, "DeleteResourcePolicy", {"ResourceArn": arn})
    assert deleted["RevisionId"]
    missing = signed_request(endpoint, "GetResourcePolicy", {"ResourceArn": arn})
    expect_raw_error(missing, "PolicyNotFoundException",
                     f"Resource-based policy not found for the provided ResourceArn: {arn}")
    call_ok(endpoint, "DeleteTable", {"TableName": name})


def test_resource_policy_on_missing_table(endpoint):
    existing = unique_name()
    arn = create_table(endpoint, existing)["TableDescription"]["TableArn"]
    name = unique_name("missing")
    missing_arn = arn.rsplit("/", 1)[0] + "/" + name
    response = signed_request(endpoint, "GetResourcePolicy", {"ResourceArn": missing_arn})
    expect_raw_error(response, "ResourceNotFoundException",
                     f"Requested resource not found: Table: {name} not found")
    call_ok(endpoint, "DeleteTable", {"TableName": existing})
