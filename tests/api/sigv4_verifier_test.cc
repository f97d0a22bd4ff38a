#include "api/sigv4_verifier.h"

#include <gtest/gtest.h>

namespace stator::api {
namespace {

namespace http = boost::beast::http;

// AWS's Signature Version 4 test suite, "get-vanilla": the canonical request and signature it
// publishes for GET / with only Host and X-Amz-Date.
TEST(SigV4VerifierTest, MatchesAwsPublishedTestVector) {
  HttpRequest req{http::verb::get, "/", 11};
  req.set(http::field::host, "example.amazonaws.com");
  req.set("X-Amz-Date", "20150830T123600Z");
  EXPECT_EQ(SigV4Verifier::CanonicalRequest(req, "host;x-amz-date"),
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            "host;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  SigV4Authorization auth;
  auth.access_key_id = "AKIDEXAMPLE";
  auth.date = "20150830";
  auth.region = "us-east-1";
  auth.service = "service";
  auth.terminator = "aws4_request";
  auth.signed_headers = "host;x-amz-date";
  const std::string signature =
      SigV4Verifier::Signature("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", auth, "20150830T123600Z",
                               SigV4Verifier::CanonicalRequest(req, auth.signed_headers));
  EXPECT_EQ(signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");

  SigV4Verifier verifier(std::map<std::string, std::string, std::less<>>{
      {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}});
  auth.signature = signature;
  EXPECT_TRUE(verifier.Verify(req, auth, "20150830T123600Z").ok());
  const std::string wrong = "0" + signature.substr(1);
  auth.signature = wrong;
  const Status mismatch = verifier.Verify(req, auth, "20150830T123600Z");
  EXPECT_EQ(mismatch.code(), ErrorCode::kInvalidSignature);
  EXPECT_EQ(mismatch.message(), kSignatureMismatchMessage);
  auth.access_key_id = "AKIDOTHER";
  const Status unknown = verifier.Verify(req, auth, "20150830T123600Z");
  EXPECT_EQ(unknown.code(), ErrorCode::kUnrecognizedClient);
  EXPECT_EQ(unknown.message(), "The security token included in the request is invalid.");
}

// Header values are signed trimmed, with runs of spaces made one; a header sent twice is
// signed as its values joined by commas.
TEST(SigV4VerifierTest, CanonicalHeadersAreTrimmedAndJoined) {
  HttpRequest req{http::verb::post, "/", 11};
  req.set(http::field::host, "h");
  req.insert("My-Header1", "  a   b   c  ");
  req.insert("My-Header2", "x");
  req.insert("My-Header2", "y");
  req.body() = "{}";
  const std::string canonical = SigV4Verifier::CanonicalRequest(req, "host;my-header1;my-header2");
  EXPECT_NE(canonical.find("my-header1:a b c\nmy-header2:x,y\n"), std::string::npos) << canonical;
  // The payload's SHA-256 ends it.
  EXPECT_TRUE(
      canonical.ends_with("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"))
      << canonical;
}

}  // namespace
}  // namespace stator::api
