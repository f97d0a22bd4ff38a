"""TagResource's rules, as the service applies them (API reference, TagResource and "Tagging
restrictions"; scylladb's test/alternator/test_tag.py, run against the service): lengths counted
in characters, not bytes; keys and values of letters, numbers, white space and _ . : / = + - @;
an index's ARN refused as not naming a table or a stream.
"""

import pytest

from conformance_util import expect_error, unique_name, wait_active

VE = "ValidationException"


@pytest.fixture
def indexed(client, tables):
    """(table ARN, index ARN) of a table with one GSI."""
    name = unique_name()
    client.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"},
                              {"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by_g",
                                 "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}}])
    tables.names.append(name)
    wait_active(client, name)
    described = client.describe_table(TableName=name)["Table"]
    return described["TableArn"], described["GlobalSecondaryIndexes"][0]["IndexArn"]


def test_lengths_count_characters_not_bytes(client, table):
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    key, value = "é" * 128, "א" * 256  # 256 and 512 bytes of UTF-8
    client.tag_resource(ResourceArn=arn, Tags=[{"Key": key, "Value": value}])
    assert client.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": key, "Value": value}]


def test_letters_numbers_spaces_and_some_punctuation_are_allowed(client, table):
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    tags = [{"Key": "Ünïcode Ѯ 7", "Value": "a_b.c:d/e=f+g-h@i"}, {"Key": " ", "Value": ""}]
    client.tag_resource(ResourceArn=arn, Tags=tags)
    assert sorted(client.list_tags_of_resource(ResourceArn=arn)["Tags"],
                  key=lambda t: t["Key"]) == sorted(tags, key=lambda t: t["Key"])


@pytest.mark.parametrize("text", ["hi!", "d%g", '"hello"', "a*b", "v^", "€5"])
def test_other_characters_are_refused(client, table, text):
    arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    expect_error(VE, f"The Tag Key provided is invalid, Key: {text}", client.tag_resource,
                 ResourceArn=arn, Tags=[{"Key": text, "Value": "v"}])
    expect_error(VE, f"The Tag Value provided is invalid, Value: {text}", client.tag_resource,
                 ResourceArn=arn, Tags=[{"Key": "k", "Value": text}])
    assert client.list_tags_of_resource(ResourceArn=arn)["Tags"] == []


def test_an_index_arn_is_refused(client, indexed):
    table_arn, index_arn = indexed
    message = ("One or more parameter values were invalid: Invalid resource arn provided, only "
               f"table or stream is accepted. Provided resource arn: {index_arn}")
    expect_error(VE, message, client.tag_resource, ResourceArn=index_arn,
                 Tags=[{"Key": "k", "Value": "v"}])
    expect_error(VE, message, client.untag_resource, ResourceArn=index_arn, TagKeys=["k"])
    expect_error(VE, message, client.list_tags_of_resource, ResourceArn=index_arn)
    assert client.list_tags_of_resource(ResourceArn=table_arn)["Tags"] == []


def create_tagged(client, name, tags):
    return client.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST", Tags=tags,
        KeySchema=[{"AttributeName": "p", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "p", "AttributeType": "S"}])


@pytest.mark.parametrize("tags, message", [
    ([{"Key": "hi!", "Value": "v"}], "The Tag Key provided is invalid, Key: hi!"),
    ([{"Key": "k", "Value": "€5"}], "The Tag Value provided is invalid, Value: €5"),
    ([{"Key": "aws:owner", "Value": "v"}], "Tag Key cannot be prefixed with aws:, Key: aws:owner"),
    ([{"Key": "k", "Value": "1"}, {"Key": "k", "Value": "2"}],
     "Duplicate Tag Keys provided as input: Duplicate Tag Key found k"),
])
def test_create_table_holds_its_tags_to_the_same_rules(client, tables, tags, message):
    name = unique_name()
    tables.names.append(name)
    expect_error(VE, message, create_tagged, client, name, tags)
    assert name not in client.list_tables()["TableNames"]


def test_create_table_takes_valid_and_empty_tags(client, tables):
    for tags in ([], [{"Key": "Ünïcode Ѯ 7", "Value": "a_b.c:d/e=f+g-h@i"}]):
        name = unique_name()
        tables.names.append(name)
        arn = create_tagged(client, name, tags)["TableDescription"]["TableArn"]
        wait_active(client, name)
        assert client.list_tags_of_resource(ResourceArn=arn)["Tags"] == tags
