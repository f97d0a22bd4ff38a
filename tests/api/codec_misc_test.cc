#include "api/codec_misc.h"

#include <gtest/gtest.h>

#include "tests/api/test_util.h"

namespace stator::api {
namespace {

using testing::ParseObject;

TEST(CodecMisc, DecodesTagRequests) {
  TagResourceRequest tag;
  ASSERT_TRUE(DecodeTagResource(
                  ParseObject(R"({"ResourceArn":"arn","Tags":[{"Key":"a","Value":"1"}]})"), &tag)
                  .ok());
  EXPECT_EQ(tag.resource_arn, "arn");
  ASSERT_EQ(tag.tags.size(), 1u);
  EXPECT_EQ(tag.tags[0].key, "a");

  TagResourceRequest bad;
  EXPECT_EQ(DecodeTagResource(ParseObject(R"({"Tags":[{"Key":"a"}]})"), &bad).message(),
            "2 validation errors detected: Value null at 'resourceArn' failed to satisfy "
            "constraint: Member must not be null; Value null at 'tags.1.member.value' failed to "
            "satisfy constraint: Member must not be null");

  UntagResourceRequest untag;
  EXPECT_EQ(
      DecodeUntagResource(ParseObject(R"({"ResourceArn":"a","TagKeys":"k"})"), &untag).message(),
      "Unexpected field type");
  ASSERT_TRUE(
      DecodeUntagResource(ParseObject(R"({"ResourceArn":"a","TagKeys":["k"]})"), &untag).ok());
  EXPECT_EQ(untag.tag_keys, std::vector<std::string>{"k"});

  ListTagsOfResourceRequest list;
  ASSERT_TRUE(
      DecodeListTagsOfResource(ParseObject(R"({"ResourceArn":"a","NextToken":"n"})"), &list).ok());
  EXPECT_EQ(list.next_token, "n");
}

TEST(CodecMisc, DecodesTableNameAndPolicyRequests) {
  TableNameRequest t;
  EXPECT_EQ(DecodeTableNameRequest(ParseObject("{}"), &t).message(),
            "1 validation error detected: Value null at 'tableName' failed to satisfy "
            "constraint: Member must not be null");
  ContributorInsightsRequest ci;
  ASSERT_TRUE(
      DecodeDescribeContributorInsights(ParseObject(R"({"TableName":"t","IndexName":"i"})"), &ci)
          .ok());
  EXPECT_EQ(ci.index_name, "i");

  PutResourcePolicyRequest put;
  ASSERT_TRUE(DecodePutResourcePolicy(
                  ParseObject(R"({"ResourceArn":"a","Policy":"p","ExpectedRevisionId":"3",
                                  "ConfirmRemoveSelfResourceAccess":true})"),
                  &put)
                  .ok());
  EXPECT_EQ(put.expected_revision_id, "3");
  EXPECT_TRUE(put.confirm_remove_self_resource_access);

  ResourcePolicyRequest get;
  EXPECT_EQ(DecodeResourcePolicyRequest(ParseObject(R"({"ResourceArn":true})"), &get).message(),
            "TRUE_VALUE cannot be converted to String");
}

TEST(CodecMisc, EncodesOptionalMembersOnlyWhenSet) {
  TimeToLiveDescription ttl{"ENABLED", "exp"};
  EXPECT_EQ(EncodeDescribeTimeToLiveResponse(ttl),
            R"({"TimeToLiveDescription":{"AttributeName":"exp","TimeToLiveStatus":"ENABLED"}})");
  ContinuousBackupsDescription cb;
  cb.point_in_time_recovery_status = "ENABLED";
  cb.earliest_restorable_date_time = 1700000000;
  cb.latest_restorable_date_time = 1700000100.25;
  EXPECT_EQ(EncodeDescribeContinuousBackupsResponse(cb),
            R"({"ContinuousBackupsDescription":{"ContinuousBackupsStatus":"ENABLED",)"
            R"("PointInTimeRecoveryDescription":{"EarliestRestorableDateTime":1700000000,)"
            R"("LatestRestorableDateTime":1700000100.25,"PointInTimeRecoveryStatus":"ENABLED"}}})");
  ListTagsOfResourceResponse tags{{}, "next"};
  EXPECT_EQ(EncodeListTagsOfResourceResponse(tags), R"({"NextToken":"next","Tags":[]})");
}

}  // namespace
}  // namespace stator::api
