"""Table metadata operations: tags, limits, endpoints, TTL, backups, insights, Kinesis, ARNs."""

from conformance_util import expect_error, unique_name


def table_arn(client, name):
    return client.describe_table(TableName=name)["Table"]["TableArn"]


def test_tags_round_trip(client, table):
    arn = table_arn(client, table)
    assert client.list_tags_of_resource(ResourceArn=arn)["Tags"] == []
    client.tag_resource(ResourceArn=arn, Tags=[{"Key": "team", "Value": "storage"},
                                               {"Key": "env", "Value": "test"}])
    tags = client.list_tags_of_resource(ResourceArn=arn)["Tags"]
    assert sorted(tags, key=lambda t: t["Key"]) == [{"Key": "env", "Value": "test"},
                                                     {"Key": "team", "Value": "storage"}]
    client.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "prod"}])
    client.untag_resource(ResourceArn=arn, TagKeys=["team"])
    assert client.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "env",
                                                                      "Value": "prod"}]


def test_tags_on_missing_table(client, table):
    arn = table_arn(client, table).rsplit("/", 1)[0] + "/" + unique_name("missing")
    # "ResourcArn" is the service's own spelling.
    message = f"Requested resource not found: ResourcArn: {arn} not found"
    expect_error("ResourceNotFoundException", message, client.list_tags_of_resource,
                 ResourceArn=arn)
    expect_error("ResourceNotFoundException", message, client.tag_resource, ResourceArn=arn,
                 Tags=[{"Key": "a", "Value": "b"}])


def test_describe_limits(client):
    limits = client.describe_limits()
    assert limits["AccountMaxReadCapacityUnits"] == 80000
    assert limits["AccountMaxWriteCapacityUnits"] == 80000
    assert limits["TableMaxReadCapacityUnits"] == 40000
    assert limits["TableMaxWriteCapacityUnits"] == 40000


def test_describe_endpoints(client):
    endpoints = client.describe_endpoints()["Endpoints"]
    assert len(endpoints) == 1
    assert endpoints[0]["Address"]
    assert endpoints[0]["CachePeriodInMinutes"] == 1440


def test_describe_time_to_live(client, table):
    result = client.describe_time_to_live(TableName=table)
    assert result["TimeToLiveDescription"] == {"TimeToLiveStatus": "DISABLED"}


def test_describe_continuous_backups(client, table):
    description = client.describe_continuous_backups(TableName=table)[
        "ContinuousBackupsDescription"]
    assert description["ContinuousBackupsStatus"] == "ENABLED"
    assert description["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == \
        "DISABLED"


def test_describe_contributor_insights(client, table):
    result = client.describe_contributor_insights(TableName=table)
    assert result["TableName"] == table
    assert result["ContributorInsightsStatus"] == "DISABLED"


def test_describe_kinesis_streaming_destination(client, table):
    result = client.describe_kinesis_streaming_destination(TableName=table)
    assert result["TableName"] == table
    assert result["KinesisDataStreamDestinations"] == []


def test_metadata_ops_on_missing_table(client):
    name = unique_name("missing")
    expect_error("ResourceNotFoundException",
                 f"Requested resource not found: Table: {name} not found",
                 client.describe_time_to_live, TableName=name)


def test_table_arn_in_place_of_name(client, table):
    arn = table_arn(client, table)
    assert client.describe_table(TableName=arn)["Table"]["TableName"] == table
    client.put_item(TableName=arn, Item={"id": {"S": "via-arn"}, "v": {"N": "1"}})
    got = client.get_item(TableName=table, Key={"id": {"S": "via-arn"}})["Item"]
    assert got["v"] == {"N": "1"}
    got = client.get_item(TableName=arn, Key={"id": {"S": "via-arn"}})["Item"]
    assert got["v"] == {"N": "1"}
