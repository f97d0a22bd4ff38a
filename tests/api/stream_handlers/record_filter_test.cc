// FilterCriteria against typed records, read as the Lambda event JSON a function receives.
#include "api/stream_handlers/record_filter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace stator::api {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kArn = "arn:aws:dynamodb:us-east-1:000000000000:table/Customers/stream/label";

Record Change(StreamEventName name, Item new_image) {
  Record r;
  r.event_id = "e1";
  r.event_name = name;
  r.aws_region = "us-east-1";
  r.dynamodb.approximate_creation_date_time = 1678831218;
  r.dynamodb.keys = {{"CustomerName", new_image["CustomerName"]}};
  r.dynamodb.new_image = std::move(new_image);
  r.dynamodb.sequence_number = "111";
  r.dynamodb.size_bytes = 26;
  r.dynamodb.stream_view_type = StreamViewType::kNewImage;
  return r;
}

Record Customer(std::string name, std::string manager, std::string age = "42") {
  return Change(StreamEventName::kInsert,
                Item{{"CustomerName", AttributeValue::S(std::move(name))},
                     {"AccountManager", AttributeValue::S(std::move(manager))},
                     {"Age", AttributeValue::N(std::move(age))},
                     {"Active", AttributeValue::Bool(true)},
                     {"Tags", AttributeValue::SS({"gold", "eu"})}});
}

bool Matches(std::vector<std::string> patterns, const Record& r) {
  auto f = FilterCriteriaFilter::Create(patterns);
  EXPECT_TRUE(f.ok()) << f.status().message();
  return f.ok() && (*f)->Matches(r, kArn);
}

// The examples of Lambda's "Using event filtering with a DynamoDB event source".
TEST(FilterCriteriaFilter, TableKeysAndAttributes) {
  const Record anycompany = Customer("AnyCompany Industries", "Pat Candella");
  EXPECT_TRUE(Matches({R"({"dynamodb":{"Keys":{"CustomerName":{"S":["AnyCompany Industries"]}}}})"},
                      anycompany));
  EXPECT_FALSE(Matches({R"({"dynamodb":{"Keys":{"CustomerName":{"S":["Other"]}}}})"}, anycompany));
  const std::string managers =
      R"({"dynamodb":{"NewImage":{"AccountManager":{"S":["Pat Candella","Shirley Rodriguez"]}}}})";
  EXPECT_TRUE(Matches({managers}, anycompany));
  EXPECT_FALSE(Matches({managers}, Customer("AnyCompany Industries", "Someone Else")));
  EXPECT_TRUE(Matches({R"({"dynamodb":{"NewImage":{"Active":{"BOOL":[true]}}}})"}, anycompany));
}

TEST(FilterCriteriaFilter, RecordMetadataAndTheSourceArn) {
  const Record insert = Customer("a", "b");
  EXPECT_TRUE(Matches({R"({"eventName":["INSERT"]})"}, insert));
  EXPECT_FALSE(Matches({R"({"eventName":["REMOVE"]})"}, insert));
  EXPECT_TRUE(Matches({R"({"eventSourceARN":[{"suffix":"/stream/label"}]})"}, insert));
  EXPECT_TRUE(Matches({R"({"dynamodb":{"SizeBytes":[26]}})"}, insert));
  EXPECT_TRUE(Matches({R"({"dynamodb":{"StreamViewType":["NEW_IMAGE"]}})"}, insert));
}

TEST(FilterCriteriaFilter, TimeToLiveDeletionsByTheirIdentity) {
  Record expiry = Customer("a", "b");
  expiry.event_name = StreamEventName::kRemove;
  expiry.user_identity = StreamIdentity{"dynamodb.amazonaws.com", "Service"};
  const std::string ttl = R"({"userIdentity":{"type":["Service"],)"
                          R"("principalId":["dynamodb.amazonaws.com"]}})";
  EXPECT_TRUE(Matches({ttl}, expiry));
  EXPECT_FALSE(Matches({ttl}, Customer("a", "b")));
  EXPECT_TRUE(Matches({R"({"userIdentity":{"type":[{"exists":false}]}})"}, Customer("a", "b")));
}

// A DynamoDB number is a string in the event: its text matches, a numeric rule does not.
TEST(FilterCriteriaFilter, NumberAttributesAreStrings) {
  const Record r = Customer("a", "b", "42");
  EXPECT_TRUE(Matches({R"({"dynamodb":{"NewImage":{"Age":{"N":["42"]}}}})"}, r));
  EXPECT_TRUE(Matches({R"({"dynamodb":{"NewImage":{"Age":{"N":[{"prefix":"4"}]}}}})"}, r));
  EXPECT_FALSE(Matches({R"({"dynamodb":{"NewImage":{"Age":{"N":[42]}}}})"}, r));
  EXPECT_FALSE(Matches({R"({"dynamodb":{"NewImage":{"Age":{"N":[{"numeric":[">",0]}]}}}})"}, r));
}

// Exists looks at leaves: the attribute's type member, not the attribute.
TEST(FilterCriteriaFilter, ExistsOnAnAttributeNamesItsType) {
  const Record r = Customer("a", "b");
  EXPECT_TRUE(Matches({R"({"dynamodb":{"NewImage":{"Age":{"N":[{"exists":true}]}}}})"}, r));
  EXPECT_FALSE(Matches({R"({"dynamodb":{"NewImage":{"Age":[{"exists":true}]}}})"}, r));
  EXPECT_TRUE(Matches({R"({"dynamodb":{"NewImage":{"Email":{"S":[{"exists":false}]}}}})"}, r));
  EXPECT_TRUE(Matches({R"({"dynamodb":{"NewImage":{"Tags":{"SS":["eu"]}}}})"}, r));
}

TEST(FilterCriteriaFilter, FiltersAreOred) {
  const std::vector<std::string> two = {R"({"eventName":["REMOVE"]})",
                                        R"({"dynamodb":{"NewImage":{"Active":{"BOOL":[true]}}}})"};
  EXPECT_TRUE(Matches(two, Customer("a", "b")));
  Record inactive = Change(StreamEventName::kModify, Item{{"CustomerName", AttributeValue::S("a")},
                                                          {"Active", AttributeValue::Bool(false)}});
  EXPECT_FALSE(Matches(two, inactive));
}

TEST(FilterCriteriaFilter, AtMostFiveFiltersEachAPattern) {
  const std::string p = R"({"eventName":["INSERT"]})";
  EXPECT_TRUE(FilterCriteriaFilter::Create({p, p, p, p, p}).ok());
  auto six = FilterCriteriaFilter::Create({p, p, p, p, p, p});
  ASSERT_FALSE(six.ok());
  EXPECT_THAT(six.status().message(), HasSubstr("1 to 5"));
  EXPECT_FALSE(FilterCriteriaFilter::Create({}).ok());

  auto bad = FilterCriteriaFilter::Create({p, R"({"eventName":"INSERT"})"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kValidation);
  EXPECT_THAT(bad.status().message(), StartsWith("Invalid filter pattern definition."));
  EXPECT_THAT(bad.status().message(), HasSubstr("Filters[1].Pattern"));
  EXPECT_THAT(bad.status().message(), HasSubstr(R"("eventName" must be)"));
}

TEST(FilterCriteriaFilter, MatchesFromManyThreads) {
  auto f =
      FilterCriteriaFilter::Create({R"({"dynamodb":{"NewImage":{"AccountManager":{"S":["x"]}}}})"});
  ASSERT_TRUE(f.ok());
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        const bool want = (i + t) % 2 == 0;
        if ((*f)->Matches(Customer("c", want ? "x" : "y"), kArn) != want) ++wrong;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace stator::api
