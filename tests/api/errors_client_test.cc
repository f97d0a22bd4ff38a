#include "api/errors_client.h"

#include <gtest/gtest.h>

#include "api/errors.h"
#include "stator/requests.h"

namespace stator::api {
namespace {

TEST(ErrorsClientTest, EveryCodeComesBackFromItsType) {
  for (int c = 1; c < static_cast<int>(ErrorCode::kIOError); ++c) {
    const auto code = static_cast<ErrorCode>(c);
    EXPECT_EQ(ErrorCodeOfType(ErrorShapeOf(code).type), code) << ErrorShapeOf(code).type;
  }
  EXPECT_EQ(ErrorCodeOfType("ValidationException"), ErrorCode::kValidation);
  EXPECT_EQ(ErrorCodeOfType("com.example#SomethingNew"), ErrorCode::kInternalServerError);
}

TEST(ErrorsClientTest, CodeAndMessageAsTheServerSentThem) {
  const std::string body = ErrorBody(ErrorCode::kResourceNotFound, "Requested resource not found");
  Status s = DecodeErrorResponse(400, body);
  EXPECT_EQ(s.code(), ErrorCode::kResourceNotFound);
  EXPECT_EQ(s.message(), "Requested resource not found");
  EXPECT_EQ(s.detail(), nullptr);

  // SerializationException spells its member "Message".
  s = DecodeErrorResponse(400, ErrorBody(ErrorCode::kSerialization, "bad"));
  EXPECT_EQ(s.code(), ErrorCode::kSerialization);
  EXPECT_EQ(s.message(), "bad");
}

TEST(ErrorsClientTest, Payloads) {
  auto detail = std::make_shared<ErrorDetail>();
  detail->item = Item{{"pk", AttributeValue::S("a")}};
  Status s = DecodeErrorResponse(400, ErrorBody(Status(ErrorCode::kConditionalCheckFailed,
                                                       "The conditional request failed", detail)));
  EXPECT_EQ(s.code(), ErrorCode::kConditionalCheckFailed);
  ASSERT_NE(s.detail(), nullptr);
  ASSERT_TRUE(s.detail()->item.has_value());
  EXPECT_EQ(s.detail()->item->at("pk"), AttributeValue::S("a"));

  auto reasons = std::make_shared<ErrorDetail>();
  reasons->cancellation_reasons = {
      {"None", std::nullopt, std::nullopt},
      {"ConditionalCheckFailed", "The conditional request failed", std::nullopt}};
  s = DecodeErrorResponse(400,
                          ErrorBody(Status(ErrorCode::kTransactionCanceled, "cancelled", reasons)));
  EXPECT_EQ(s.code(), ErrorCode::kTransactionCanceled);
  ASSERT_NE(s.detail(), nullptr);
  ASSERT_EQ(s.detail()->cancellation_reasons.size(), 2u);
  EXPECT_EQ(s.detail()->cancellation_reasons[0].code, "None");
  EXPECT_FALSE(s.detail()->cancellation_reasons[0].message.has_value());
  EXPECT_EQ(s.detail()->cancellation_reasons[1].message, "The conditional request failed");
}

// What the table has no code for keeps the type and status it came with, so that a server in
// front of the service (stator --upstream) answers it unchanged.
TEST(ErrorsClientTest, UnknownTypesAndStatusesKeepTheirShape) {
  const std::string unavailable = "com.amazonaws.dynamodb.v20120810#ServiceUnavailable";
  Status s = DecodeErrorResponse(
      503, R"({"__type":")" + unavailable + R"(","message":"try again later"})");
  EXPECT_EQ(s.code(), ErrorCode::kInternalServerError);
  EXPECT_EQ(s.message(), "try again later");
  ASSERT_NE(s.detail(), nullptr);
  EXPECT_EQ(ErrorShapeOf(s).type, unavailable);
  EXPECT_EQ(ErrorShapeOf(s).http_status, 503);
  EXPECT_EQ(ErrorBody(s), R"({"__type":")" + unavailable + R"(","message":"try again later"})");

  // A known type with another status than its code's keeps that status.
  s = DecodeErrorResponse(429, ErrorBody(ErrorCode::kThrottling, "slow down"));
  EXPECT_EQ(s.code(), ErrorCode::kThrottling);
  EXPECT_EQ(ErrorShapeOf(s).http_status, 429);
  EXPECT_EQ(ErrorBody(s), ErrorBody(ErrorCode::kThrottling, "slow down"));

  // A known type with its own status needs nothing kept, and keeps its payload alone.
  s = DecodeErrorResponse(400, ErrorBody(ErrorCode::kValidation, "bad"));
  EXPECT_EQ(s.detail(), nullptr);
  EXPECT_EQ(ErrorShapeOf(s).http_status, 400);
}

TEST(ErrorsClientTest, BodiesWithoutTypeMapByStatus) {
  Status s = DecodeErrorResponse(503, "Service Unavailable");
  EXPECT_EQ(s.code(), ErrorCode::kInternalServerError);
  EXPECT_EQ(s.message(), "HTTP 503: Service Unavailable");
  s = DecodeErrorResponse(413, "{}");
  EXPECT_EQ(s.code(), ErrorCode::kValidation);
}

}  // namespace
}  // namespace stator::api
