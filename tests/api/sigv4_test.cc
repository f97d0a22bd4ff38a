#include "api/sigv4.h"

#include <gtest/gtest.h>

namespace stator::api {
namespace {

constexpr std::string_view kGood =
    "AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/dynamodb/aws4_request, "
    "SignedHeaders=host;x-amz-date;x-amz-target, Signature=abcdef0123";

TEST(SigV4Test, ParsesAWellFormedHeader) {
  SigV4Authorization a;
  ASSERT_TRUE(ParseSigV4Authorization(kGood, "20250101T000000Z", true, &a).ok());
  EXPECT_EQ(a.algorithm, "AWS4-HMAC-SHA256");
  EXPECT_EQ(a.access_key_id, "AKID");
  EXPECT_EQ(a.date, "20250101");
  EXPECT_EQ(a.region, "us-east-1");
  EXPECT_EQ(a.service, "dynamodb");
  EXPECT_EQ(a.terminator, "aws4_request");
  EXPECT_EQ(a.signed_headers, "host;x-amz-date;x-amz-target");
  EXPECT_EQ(a.signature, "abcdef0123");
}

TEST(SigV4Test, AcceptsCommasWithoutSpacesAndTrailingSlashes) {
  SigV4Authorization a;
  ASSERT_TRUE(ParseSigV4Authorization(
                  "AWS4-HMAC-SHA256 Credential=K/20250101/eu-west-1/dynamodb/aws4_request/,"
                  "SignedHeaders=host,Signature=00",
                  "", true, &a)
                  .ok());
  EXPECT_EQ(a.region, "eu-west-1");
}

TEST(SigV4Test, AcceptsBlanksAloneBetweenPairs) {
  SigV4Authorization a;
  ASSERT_TRUE(ParseSigV4Authorization(
                  "AWS4-HMAC-SHA256 Credential=K/20250101/eu-west-1/dynamodb/aws4_request "
                  "SignedHeaders=host;x-amz-date\t Signature=00 Unknown=1",
                  "", true, &a)
                  .ok());
  EXPECT_EQ(a.region, "eu-west-1");
  EXPECT_EQ(a.signed_headers, "host;x-amz-date");
  EXPECT_EQ(a.signature, "00");
}

TEST(SigV4Test, MissingOrNonSigV4HeaderIsMissingAuthenticationToken) {
  SigV4Authorization a;
  for (std::string_view h : {"", "Basic abc", "AWS AKID:sig"}) {
    const Status st = ParseSigV4Authorization(h, "", true, &a);
    EXPECT_EQ(st.code(), ErrorCode::kMissingAuthenticationToken) << h;
    EXPECT_EQ(st.message(), "Request is missing Authentication Token");
  }
}

TEST(SigV4Test, ListsEveryMissingParameter) {
  SigV4Authorization a;
  const Status st = ParseSigV4Authorization("AWS4-HMAC-SHA256 Foo=bar", "", false, &a);
  EXPECT_EQ(st.code(), ErrorCode::kIncompleteSignature);
  EXPECT_EQ(st.message(),
            "Authorization header requires 'Credential' parameter. "
            "Authorization header requires 'Signature' parameter. "
            "Authorization header requires 'SignedHeaders' parameter. "
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
            "header. Authorization=AWS4-HMAC-SHA256 Foo=bar");
}

TEST(SigV4Test, RejectsOtherAlgorithms) {
  SigV4Authorization a;
  const Status st = ParseSigV4Authorization(
      "AWS4-HMAC-SHA25 Credential=a/b/c/d/e, SignedHeaders=host, Signature=x", "", true, &a);
  EXPECT_EQ(st.code(), ErrorCode::kIncompleteSignature);
  EXPECT_EQ(st.message(),
            "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA25' (only AWS4-HMAC-SHA256 for now). ");
}

TEST(SigV4Test, RequiresFiveCredentialElements) {
  SigV4Authorization a;
  const Status st = ParseSigV4Authorization(
      "AWS4-HMAC-SHA256 Credential=a/b/c/d, SignedHeaders=host, Signature=x", "", true, &a);
  EXPECT_EQ(st.code(), ErrorCode::kIncompleteSignature);
  EXPECT_EQ(st.message(),
            "Credential must have exactly 5 slash-delimited elements, e.g. "
            "keyid/date/region/service/term, got 'a/b/c/d'");
}

TEST(SigV4Test, ChecksServiceTerminatorAndDate) {
  SigV4Authorization a;
  const Status st = ParseSigV4Authorization(
      "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=x",
      "20130609T095204Z", true, &a);
  EXPECT_EQ(st.code(), ErrorCode::kInvalidSignature);
  EXPECT_EQ(st.message(),
            "Credential should be scoped to correct service: 'dynamodb'. "
            "Credential should be scoped with a valid terminator: 'aws4_request', not 'e'. "
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
            "HTTP: 'b' != '20130609', from '20130609T095204Z'.");
}

// The database's namespace is "<access key>_<region>": a region with '_' (or any character no
// region name has) would make two pairs share one, so it is refused as the service refuses a
// region it does not serve.
TEST(SigV4Test, RefusesARegionNoRegionIsNamedLike) {
  for (const char* region : {"us_east-1", "east 1", "eu-west-1/", "rÃ©gion"}) {
    SigV4Authorization a;
    const std::string header = std::string("AWS4-HMAC-SHA256 Credential=AKID/20130609/") + region +
                               "/dynamodb/aws4_request, SignedHeaders=host, Signature=x";
    const Status st = ParseSigV4Authorization(header, "20130609T095204Z", true, &a);
    if (st.code() == ErrorCode::kIncompleteSignature) continue;  // not five elements at all
    EXPECT_EQ(st.code(), ErrorCode::kInvalidSignature) << region;
    EXPECT_EQ(st.message(), "Credential should be scoped to a valid region.") << region;
  }
  for (const char* region : {"us-east-1", "localhost", "ddblocal", "US-EAST-1"}) {
    SigV4Authorization a;
    const std::string header = std::string("AWS4-HMAC-SHA256 Credential=AKID/20130609/") + region +
                               "/dynamodb/aws4_request, SignedHeaders=host, Signature=x";
    EXPECT_TRUE(ParseSigV4Authorization(header, "20130609T095204Z", true, &a).ok()) << region;
  }
}

}  // namespace
}  // namespace stator::api
