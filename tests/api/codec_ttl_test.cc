// UpdateTimeToLive's codec: both specification members required, in the service's words, and
// the response echoing the specification.
#include "api/codec_ttl.h"

#include <gtest/gtest.h>

#include "tests/api/test_util.h"

namespace stator::api {
namespace {

using testing::ParseObject;

TEST(CodecTtl, DecodesTheSpecification) {
  UpdateTimeToLiveRequest r;
  ASSERT_TRUE(DecodeUpdateTimeToLive(ParseObject(R"({"TableName":"tbl","TimeToLiveSpecification":)"
                                                 R"({"Enabled":true,"AttributeName":"exp"}})"),
                                     &r)
                  .ok());
  EXPECT_EQ(r.table_name, "tbl");
  EXPECT_TRUE(r.time_to_live_specification.enabled);
  EXPECT_EQ(r.time_to_live_specification.attribute_name, "exp");
}

TEST(CodecTtl, MissingMembersAreNamedByTheirPaths) {
  UpdateTimeToLiveRequest r;
  EXPECT_EQ(DecodeUpdateTimeToLive(ParseObject(R"({"TableName":"tbl"})"), &r).message(),
            "1 validation error detected: Value null at 'timeToLiveSpecification' failed to "
            "satisfy constraint: Member must not be null");
  EXPECT_EQ(
      DecodeUpdateTimeToLive(
          ParseObject(R"({"TableName":"tbl","TimeToLiveSpecification":{"Enabled":true}})"), &r)
          .message(),
      "1 validation error detected: Value null at 'timeToLiveSpecification.attributeName' "
      "failed to satisfy constraint: Member must not be null");
  EXPECT_EQ(DecodeUpdateTimeToLive(ParseObject(R"({"TableName":"tbl","TimeToLiveSpecification":)"
                                               R"({"AttributeName":"exp"}})"),
                                   &r)
                .message(),
            "1 validation error detected: Value null at 'timeToLiveSpecification.enabled' "
            "failed to satisfy constraint: Member must not be null");
  const Status wrong_type = DecodeUpdateTimeToLive(
      ParseObject(R"({"TableName":"tbl","TimeToLiveSpecification":{"Enabled":"yes",)"
                  R"("AttributeName":"exp"}})"),
      &r);
  EXPECT_EQ(wrong_type.code(), ErrorCode::kSerialization);
}

TEST(CodecTtl, EncodesTheSpecificationApplied) {
  EXPECT_EQ(EncodeUpdateTimeToLiveResponse({true, "exp"}),
            R"({"TimeToLiveSpecification":{"Enabled":true,"AttributeName":"exp"}})");
  EXPECT_EQ(EncodeUpdateTimeToLiveResponse({false, "exp"}),
            R"({"TimeToLiveSpecification":{"Enabled":false,"AttributeName":"exp"}})");
}

}  // namespace
}  // namespace stator::api
