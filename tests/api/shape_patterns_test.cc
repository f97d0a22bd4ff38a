#include "api/shape_patterns.h"

#include <gtest/gtest.h>

namespace stator::api {
namespace {

using shapes::Pattern;

TEST(ShapePatterns, NamesAndTokens) {
  EXPECT_TRUE(MatchesPattern("My_table-1.x", Pattern::kNameChars));
  EXPECT_FALSE(MatchesPattern("my table", Pattern::kNameChars));
  EXPECT_TRUE(MatchesPattern("", Pattern::kNameChars));  // held to its length only
  EXPECT_FALSE(MatchesPattern("", Pattern::kNameCharsNotEmpty));
  EXPECT_FALSE(MatchesPattern("a$b", Pattern::kNoDollar));
  EXPECT_TRUE(MatchesPattern("0123456789abcdef0123456789abcdef", Pattern::kImportToken));
  EXPECT_FALSE(MatchesPattern("0123456789abcdef0", Pattern::kImportToken));  // not 16 x n
  EXPECT_FALSE(MatchesPattern("0123456789ABCDEF", Pattern::kImportToken));   // lower case only
}

TEST(ShapePatterns, ImportSources) {
  for (const char* good : {",", ";", ":", "|", "\t", " "}) {
    EXPECT_TRUE(MatchesPattern(good, Pattern::kCsvDelimiter)) << good;
  }
  EXPECT_FALSE(MatchesPattern("x", Pattern::kCsvDelimiter));
  EXPECT_FALSE(MatchesPattern(",,", Pattern::kCsvDelimiter));
  EXPECT_TRUE(MatchesPattern("123456789012", Pattern::kAccountId));
  EXPECT_FALSE(MatchesPattern("12345678901", Pattern::kAccountId));
  EXPECT_FALSE(MatchesPattern("12345678901x", Pattern::kAccountId));
  EXPECT_TRUE(MatchesPattern("id name#1", Pattern::kCsvHeader));
  EXPECT_FALSE(MatchesPattern("a,b", Pattern::kCsvHeader));
  EXPECT_FALSE(MatchesPattern("\"quoted\"", Pattern::kCsvHeader));
  EXPECT_FALSE(MatchesPattern("caf\xC3\xA9", Pattern::kCsvHeader));
}

TEST(ShapePatterns, S3BucketNamesStartAndEndWithALetterOrDigit) {
  EXPECT_TRUE(MatchesPattern("my.bucket-name_1", Pattern::kS3Bucket));
  EXPECT_TRUE(MatchesPattern("ab", Pattern::kS3Bucket));
  EXPECT_FALSE(MatchesPattern("a", Pattern::kS3Bucket));
  EXPECT_FALSE(MatchesPattern("-bucket", Pattern::kS3Bucket));
  EXPECT_FALSE(MatchesPattern("bucket.", Pattern::kS3Bucket));
  EXPECT_FALSE(MatchesPattern("my bucket", Pattern::kS3Bucket));
}

TEST(ShapePatterns, AutoScalingNamesAndRoles) {
  EXPECT_TRUE(MatchesPattern("policy: scale up (reads)", Pattern::kPrintable));
  EXPECT_FALSE(MatchesPattern("tab\there", Pattern::kPrintable));
  EXPECT_FALSE(MatchesPattern("caf\xC3\xA9", Pattern::kPrintable));  // ASCII only, as in Java
  EXPECT_TRUE(MatchesPattern("arn:aws:iam::123456789012:role/caf\xC3\xA9\n", Pattern::kXmlText));
  EXPECT_TRUE(MatchesPattern("\xF0\x9F\x98\x80", Pattern::kXmlText));  // supplementary
  EXPECT_FALSE(MatchesPattern(std::string_view("a\x01", 2), Pattern::kXmlText));
  EXPECT_FALSE(MatchesPattern("\xEF\xBF\xBF", Pattern::kXmlText));  // U+FFFF
}

}  // namespace
}  // namespace stator::api
