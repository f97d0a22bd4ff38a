"""The service's first check: every member against its shape in the API model, all violations
reported together ("N validation errors detected: ...; ..."), at most ten listed, each with its
camelCase path and the constraint in the service's words (api/shape_check.h).

Requests are sent raw (signed_request) so that botocore's own parameter validation, which would
refuse most of them before they leave the client, plays no part.
"""

from conformance_util import expect_raw_error, signed_request, unique_name


def error_of(endpoint, operation, payload):
    return signed_request(endpoint, operation, payload)


NOT_NULL = "failed to satisfy constraint: Member must not be null"


def test_missing_required_members_are_listed_together(endpoint):
    expect_raw_error(
        error_of(endpoint, "CreateTable", {}), "ValidationException",
        "3 validation errors detected: "
        f"Value null at 'attributeDefinitions' {NOT_NULL}; "
        f"Value null at 'tableName' {NOT_NULL}; "
        f"Value null at 'keySchema' {NOT_NULL}")


def test_one_member_breaking_one_constraint(endpoint):
    expect_raw_error(
        error_of(endpoint, "Scan", {"TableName": "no_such_table_here", "Limit": 0}),
        "ValidationException",
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1")


def test_shape_errors_come_before_the_table_lookup(endpoint):
    # The table does not exist: the violation is still what the service reports.
    expect_raw_error(
        error_of(endpoint, "Query", {"TableName": unique_name(), "IndexName": "a;",
                                     "KeyConditionExpression": "a = :a"}),
        "ValidationException",
        "2 validation errors detected: "
        "Value 'a;' at 'indexName' failed to satisfy constraint: Member must satisfy regular "
        "expression pattern: [a-zA-Z0-9_.-]+; "
        "Value 'a;' at 'indexName' failed to satisfy constraint: Member must have length "
        "greater than or equal to 3")


def test_several_kinds_of_violation_in_the_service_order(endpoint):
    expect_raw_error(
        error_of(endpoint, "PutItem", {"TableName": "", "ReturnValues": "hi",
                                       "ReturnConsumedCapacity": "hi"}),
        "ValidationException",
        "4 validation errors detected: "
        "Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: Member must "
        "satisfy enum value set: [INDEXES, TOTAL, NONE]; "
        "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater "
        "than or equal to 1; "
        f"Value null at 'item' {NOT_NULL}; "
        "Value 'hi' at 'returnValues' failed to satisfy constraint: Member must satisfy enum "
        "value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]")


def test_nested_members_are_named_by_their_path(endpoint):
    expect_raw_error(
        error_of(endpoint, "CreateTable", {
            "TableName": unique_name(), "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "X"}],
            "KeySchema": [{"KeyType": "SORT"}]}),
        "ValidationException",
        "3 validation errors detected: "
        "Value 'X' at 'attributeDefinitions.1.member.attributeType' failed to satisfy "
        "constraint: Member must satisfy enum value set: [B, N, S]; "
        f"Value null at 'keySchema.1.member.attributeName' {NOT_NULL}; "
        "Value 'SORT' at 'keySchema.1.member.keyType' failed to satisfy constraint: Member must "
        "satisfy enum value set: [HASH, RANGE]")
    expect_raw_error(
        error_of(endpoint, "Scan", {"TableName": unique_name(),
                                    "ScanFilter": {"a": {"ComparisonOperator": "XX"}}}),
        "ValidationException",
        "1 validation error detected: Value 'XX' at 'scanFilter.a.member.comparisonOperator' "
        "failed to satisfy constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, "
        "LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]")


def test_a_table_key_schema_of_three_elements(endpoint):
    # Observed of the service (nubo-db/dynoxide#11): the list printed as its Java objects.
    expect_raw_error(
        error_of(endpoint, "CreateTable", {
            "TableName": unique_name(), "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                          {"AttributeName": "sk", "KeyType": "RANGE"},
                          {"AttributeName": "extra", "KeyType": "RANGE"}]}),
        "ValidationException",
        "1 validation error detected: Value '[KeySchemaElement(attributeName=pk, keyType=HASH), "
        "KeySchemaElement(attributeName=sk, keyType=RANGE), KeySchemaElement(attributeName=extra, "
        "keyType=RANGE)]' at 'keySchema' failed to satisfy constraint: Member must have length "
        "less than or equal to 2")


def test_an_empty_table_name(endpoint):
    # Observed of the service (nubo-db/dynoxide#11): a table's name or ARN is 1 to 1024
    # characters; a name's own rules come later.
    expect_raw_error(
        error_of(endpoint, "PutItem", {"TableName": "", "Item": {"a": {"S": "b"}}}),
        "ValidationException",
        "1 validation error detected: Value '' at 'tableName' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1")


def test_list_elements_with_constraints_are_reported_once(endpoint):
    expect_raw_error(
        error_of(endpoint, "UntagResource", {
            "ResourceArn": "arn:aws:dynamodb:us-east-1:000000000000:table/" + unique_name(),
            "TagKeys": ["", "ok", ""]}),
        "ValidationException",
        "1 validation error detected: Value '[, ok, ]' at 'tagKeys' failed to satisfy "
        "constraint: Member must satisfy constraint: [Member must have length less than or "
        "equal to 128, Member must have length greater than or equal to 1]")


def test_at_most_ten_listed_all_counted(endpoint):
    response = error_of(endpoint, "TransactWriteItems",
                        {"TransactItems": [{"Put": {}} for _ in range(12)]})
    expect_raw_error(response, "ValidationException")
    message = response.error_message
    assert message.startswith(
        "24 validation errors detected: "
        f"Value null at 'transactItems.1.member.put.item' {NOT_NULL}; "
        f"Value null at 'transactItems.1.member.put.tableName' {NOT_NULL}; "), message
    assert message.count("failed to satisfy constraint") == 10, message


def test_types_are_checked_before_constraints(endpoint):
    # Limit 0 breaks its range, but the mistyped ConsistentRead is what the service reports: it
    # deserializes the whole body before it validates any of it.
    expect_raw_error(
        error_of(endpoint, "Scan", {"TableName": "", "Limit": 0, "ConsistentRead": "yes"}),
        "SerializationException", "Unexpected token received from parser")


def test_valid_requests_still_pass(endpoint, table):
    response = signed_request(endpoint, "PutItem",
                              {"TableName": table, "Item": {"id": {"S": "a"}}})
    assert response.status == 200, response.body
    response = signed_request(endpoint, "Scan", {"TableName": table, "Limit": 1,
                                                 "ReturnConsumedCapacity": "TOTAL"})
    assert response.status == 200, response.body


def test_backup_arns_are_held_to_their_length(endpoint):
    # The model's BackupArn: 37 to 1024 characters (checked by the shape, no longer by hand).
    expect_raw_error(
        error_of(endpoint, "DescribeBackup", {"BackupArn": "short"}), "ValidationException",
        "1 validation error detected: Value 'short' at 'backupArn' failed to satisfy "
        "constraint: Member must have length greater than or equal to 37")
    expect_raw_error(
        error_of(endpoint, "ListBackups", {"ExclusiveStartBackupArn": "short", "Limit": 0}),
        "ValidationException",
        "2 validation errors detected: Value '0' at 'limit' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1; Value 'short' at "
        "'exclusiveStartBackupArn' failed to satisfy constraint: Member must have length "
        "greater than or equal to 37")


PATTERN = "failed to satisfy constraint: Member must satisfy regular expression pattern:"


def test_import_requests_are_held_to_the_models_patterns(endpoint):
    # Stator does not import from S3, but a request the service would refuse gets the service's
    # ValidationException, not "not implemented".
    source = {"S3Bucket": "-bucket-", "S3BucketOwner": "12"}
    response = error_of(endpoint, "ImportTable", {
        "S3BucketSource": source, "InputFormat": "CSV",
        "InputFormatOptions": {"Csv": {"Delimiter": "x"}},
        "TableCreationParameters": {
            "TableName": unique_name(), "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}})
    expect_raw_error(
        response, "ValidationException",
        "3 validation errors detected: "
        f"Value '12' at 's3BucketSource.s3BucketOwner' {PATTERN} [0-9]{{12}}; "
        f"Value '-bucket-' at 's3BucketSource.s3Bucket' {PATTERN} "
        "^[a-z0-9A-Z]+[\\.\\-\\w]*[a-z0-9A-Z]+$; "
        f"Value 'x' at 'inputFormatOptions.csv.delimiter' {PATTERN} [,;:|\\t ]")
    expect_raw_error(
        error_of(endpoint, "ListImports", {"NextToken": "z" * 112}), "ValidationException",
        f"1 validation error detected: Value '{'z' * 112}' at 'nextToken' {PATTERN} "
        "([0-9a-f]{16})+")


def test_auto_scaling_requests_are_held_to_the_models_patterns(endpoint):
    response = error_of(endpoint, "UpdateTableReplicaAutoScaling", {
        "TableName": unique_name(),
        "ProvisionedWriteCapacityAutoScalingUpdate": {
            "AutoScalingRoleArn": "arn:aws:iam::123456789012:role/ok",
            "ScalingPolicyUpdate": {"PolicyName": "scale\tup",
                                    "TargetTrackingScalingPolicyConfiguration": {
                                        "TargetValue": 50}}}})
    expect_raw_error(
        response, "ValidationException",
        "1 validation error detected: Value 'scale\tup' at "
        f"'provisionedWriteCapacityAutoScalingUpdate.scalingPolicyUpdate.policyName' {PATTERN} "
        "\\p{Print}+")


def test_a_valid_request_for_an_operation_stator_lacks_says_so(endpoint):
    response = error_of(endpoint, "ListImports", {})
    expect_raw_error(response, "UnknownOperationException",
                     "Stator does not implement the operation ListImports yet")
