// Tests of the error table: the `__type` and HTTP status of each ErrorCode, and the error body.
#include "api/errors.h"

#include <gtest/gtest.h>

namespace stator::api {
namespace {

TEST(Errors, StreamsErrorsHaveTheServiceShape) {
  ErrorShape trimmed = ErrorShapeOf(ErrorCode::kTrimmedDataAccess);
  EXPECT_EQ(trimmed.type, "com.amazonaws.dynamodb.v20120810#TrimmedDataAccessException");
  EXPECT_EQ(trimmed.http_status, 400);
  ErrorShape expired = ErrorShapeOf(ErrorCode::kExpiredIterator);
  EXPECT_EQ(expired.type, "com.amazonaws.dynamodb.v20120810#ExpiredIteratorException");
  EXPECT_EQ(expired.http_status, 400);
}

TEST(Errors, StreamsErrorsCarryTheirMessage) {
  EXPECT_EQ(ErrorBody(Status(ErrorCode::kTrimmedDataAccess,
                             "The data you are trying to access has been trimmed")),
            R"({"__type":"com.amazonaws.dynamodb.v20120810#TrimmedDataAccessException",)"
            R"("message":"The data you are trying to access has been trimmed"})");
  EXPECT_EQ(ErrorBody(ErrorCode::kExpiredIterator, "expired"),
            R"({"__type":"com.amazonaws.dynamodb.v20120810#ExpiredIteratorException",)"
            R"("message":"expired"})");
}

// Clients retry 500s as the service's own failures: only internal errors may answer one.
TEST(Errors, OnlyInternalFailuresAreServerErrors) {
  for (ErrorCode code :
       {ErrorCode::kValidation, ErrorCode::kResourceNotFound, ErrorCode::kLimitExceeded,
        ErrorCode::kTrimmedDataAccess, ErrorCode::kExpiredIterator, ErrorCode::kUnknownOperation}) {
    EXPECT_EQ(ErrorShapeOf(code).http_status, 400) << ErrorShapeOf(code).type;
  }
  EXPECT_EQ(ErrorShapeOf(ErrorCode::kInternalServerError).http_status, 500);
  EXPECT_EQ(ErrorShapeOf(ErrorCode::kIOError).http_status, 500);
}

}  // namespace
}  // namespace stator::api
