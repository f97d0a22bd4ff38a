#include "api/client/sigv4.h"

#include <gtest/gtest.h>

namespace stator::client {
namespace {

// The "get-vanilla" case of AWS's Signature Version 4 test suite: GET / with only Host and
// X-Amz-Date, signed for us-east-1/service on 2015-08-30 with the suite's example key.
TEST(SigV4Test, GetVanillaTestVector) {
  SigV4Signer signer({"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", "us-east-1",
                      "service"});
  const std::string auth = signer.Authorize(
      "GET", "/", "", {{"host", "example.amazonaws.com"}, {"x-amz-date", "20150830T123600Z"}},
      Sha256Hex(""), "20150830T123600Z");
  EXPECT_EQ(auth,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SigV4Test, EmptyPayloadHash) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(SigV4Test, KeyCachedPerDayStillSignsEachDayCorrectly) {
  SigV4Signer signer({"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", "us-east-1",
                      "service"});
  const auto headers = [](const char* date) {
    return std::vector<std::pair<std::string, std::string>>{{"host", "example.amazonaws.com"},
                                                            {"x-amz-date", date}};
  };
  const std::string other =
      signer.Authorize("GET", "/", "", headers("20150831T000000Z"), Sha256Hex(""),
                       "20150831T000000Z");
  EXPECT_NE(other.find("20150831/us-east-1"), std::string::npos);
  // Back to the vector's day: the cached key must have been replaced, not reused.
  const std::string auth = signer.Authorize("GET", "/", "", headers("20150830T123600Z"),
                                            Sha256Hex(""), "20150830T123600Z");
  EXPECT_NE(auth.find("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
            std::string::npos);
}

TEST(SigV4Test, AmzDateFormat) { EXPECT_EQ(AmzDate(1440938160), "20150830T123600Z"); }

}  // namespace
}  // namespace stator::client
