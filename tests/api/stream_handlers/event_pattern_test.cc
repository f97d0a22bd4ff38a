// Each form of Lambda's filter rule syntax against JSON events, including the examples of
// Lambda's "Filter rule syntax" table.
#include "api/stream_handlers/event_pattern.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace stator::api {
namespace {

using ::testing::HasSubstr;

class EventPatternTest : public ::testing::Test {
 protected:
  // Whether `pattern` matches `event`; fails the test when the pattern does not parse.
  bool Match(std::string_view pattern, std::string_view event) {
    Result<EventPattern> p = EventPattern::Parse(pattern);
    EXPECT_TRUE(p.ok()) << pattern << ": " << p.status().message();
    if (!p.ok()) return false;
    simdjson::dom::element e;
    EXPECT_EQ(parser_.parse(event.data(), event.size()).get(e), simdjson::SUCCESS) << event;
    return p->Matches(e);
  }

  simdjson::dom::parser parser_;
};

TEST_F(EventPatternTest, NullEmptyAndEquals) {
  EXPECT_TRUE(Match(R"({"UserID":[null]})", R"({"UserID":null})"));
  EXPECT_FALSE(Match(R"({"UserID":[null]})", R"({"UserID":"u"})"));
  EXPECT_FALSE(Match(R"({"UserID":[null]})", R"({})"));
  EXPECT_TRUE(Match(R"({"LastName":[""]})", R"({"LastName":""})"));
  EXPECT_FALSE(Match(R"({"LastName":[""]})", R"({"LastName":"Doe"})"));
  EXPECT_TRUE(Match(R"({"Name":["Alice"]})", R"({"Name":"Alice"})"));
  EXPECT_FALSE(Match(R"({"Name":["Alice"]})", R"({"Name":"alice"})"));
  EXPECT_FALSE(Match(R"({"Name":["Alice"]})", R"({"Name":"Alice "})"));
  EXPECT_TRUE(Match(R"({"Paid":[true]})", R"({"Paid":true})"));
  EXPECT_FALSE(Match(R"({"Paid":[true]})", R"({"Paid":"true"})"));
}

TEST_F(EventPatternTest, NumbersEqualByRepresentation) {
  EXPECT_TRUE(Match(R"({"Price":[300]})", R"({"Price":300})"));
  EXPECT_FALSE(Match(R"({"Price":[300]})", R"({"Price":300.0})"));
  EXPECT_FALSE(Match(R"({"Price":[300.0]})", R"({"Price":300})"));
  EXPECT_FALSE(Match(R"({"Price":[300]})", R"({"Price":"300"})"));
  EXPECT_FALSE(Match(R"({"Price":["300"]})", R"({"Price":300})"));
}

TEST_F(EventPatternTest, AndAcrossMembersOrWithinAList) {
  const char* both = R"({"Location":["New York"],"Day":["Monday"]})";
  EXPECT_TRUE(Match(both, R"({"Location":"New York","Day":"Monday"})"));
  EXPECT_FALSE(Match(both, R"({"Location":"New York","Day":"Tuesday"})"));
  EXPECT_FALSE(Match(both, R"({"Location":"New York"})"));
  const char* either = R"({"PaymentType":["Credit","Debit"]})";
  EXPECT_TRUE(Match(either, R"({"PaymentType":"Debit"})"));
  EXPECT_FALSE(Match(either, R"({"PaymentType":"Cash"})"));
}

TEST_F(EventPatternTest, OrAcrossMembers) {
  const char* p = R"({"$or":[{"Location":["New York"]},{"Day":["Monday"]}]})";
  EXPECT_TRUE(Match(p, R"({"Location":"New York","Day":"Sunday"})"));
  EXPECT_TRUE(Match(p, R"({"Location":"Boston","Day":"Monday"})"));
  EXPECT_FALSE(Match(p, R"({"Location":"Boston","Day":"Sunday"})"));
  // Beside other members, which must match too.
  const char* mixed = R"({"Kind":["a"],"$or":[{"x":[1]},{"y":[2]}]})";
  EXPECT_TRUE(Match(mixed, R"({"Kind":"a","y":2})"));
  EXPECT_FALSE(Match(mixed, R"({"Kind":"b","y":2})"));
}

TEST_F(EventPatternTest, AnythingBut) {
  const char* p = R"({"Weather":[{"anything-but":["Raining"]}]})";
  EXPECT_TRUE(Match(p, R"({"Weather":"Sunny"})"));
  EXPECT_FALSE(Match(p, R"({"Weather":"Raining"})"));
  EXPECT_FALSE(Match(p, R"({})"));  // the member must be there
  EXPECT_TRUE(Match(R"({"s":[{"anything-but":"a"}]})", R"({"s":"b"})"));
  EXPECT_FALSE(Match(R"({"n":[{"anything-but":[1,2]}]})", R"({"n":2})"));
  EXPECT_TRUE(Match(R"({"n":[{"anything-but":[1,2]}]})", R"({"n":3})"));
}

TEST_F(EventPatternTest, AnythingButPrefixSuffixAndIgnoringCase) {
  const char* prefix = R"({"Region":[{"anything-but":{"prefix":"us-"}}]})";
  EXPECT_TRUE(Match(prefix, R"({"Region":"eu-west-1"})"));
  EXPECT_FALSE(Match(prefix, R"({"Region":"us-east-1"})"));
  const char* suffix = R"({"FileName":[{"anything-but":{"suffix":".png"}}]})";
  EXPECT_TRUE(Match(suffix, R"({"FileName":"a.jpg"})"));
  EXPECT_FALSE(Match(suffix, R"({"FileName":"a.png"})"));
  const char* ignore =
      R"({"state":[{"anything-but":{"equals-ignore-case":["initializing","x"]}}]})";
  EXPECT_TRUE(Match(ignore, R"({"state":"running"})"));
  EXPECT_FALSE(Match(ignore, R"({"state":"INITIALIZING"})"));
}

TEST_F(EventPatternTest, PrefixSuffixAndEqualsIgnoringCase) {
  EXPECT_TRUE(Match(R"({"Region":[{"prefix":"us-"}]})", R"({"Region":"us-east-1"})"));
  EXPECT_FALSE(Match(R"({"Region":[{"prefix":"us-"}]})", R"({"Region":"eu-us-1"})"));
  EXPECT_FALSE(Match(R"({"Region":[{"prefix":"us-"}]})", R"({"Region":"US-east-1"})"));
  EXPECT_TRUE(Match(R"({"Region":[{"prefix":{"equals-ignore-case":"us-"}}]})",
                    R"({"Region":"US-east-1"})"));
  EXPECT_TRUE(Match(R"({"File":[{"suffix":".png"}]})", R"({"File":"a.png"})"));
  EXPECT_FALSE(Match(R"({"File":[{"suffix":".png"}]})", R"({"File":"a.PNG"})"));
  EXPECT_TRUE(
      Match(R"({"File":[{"suffix":{"equals-ignore-case":".png"}}]})", R"({"File":"a.PNG"})"));
  EXPECT_TRUE(Match(R"({"Name":[{"equals-ignore-case":"alice"}]})", R"({"Name":"ALICE"})"));
  EXPECT_FALSE(Match(R"({"Name":[{"equals-ignore-case":"alice"}]})", R"({"Name":"alicia"})"));
  // String operators never match a number.
  EXPECT_FALSE(Match(R"({"n":[{"prefix":"1"}]})", R"({"n":12})"));
}

TEST_F(EventPatternTest, Numeric) {
  const char* range = R"({"Price":[{"numeric":[">",10,"<=",20]}]})";
  EXPECT_FALSE(Match(range, R"({"Price":10})"));
  EXPECT_TRUE(Match(range, R"({"Price":10.5})"));
  EXPECT_TRUE(Match(range, R"({"Price":20})"));
  EXPECT_FALSE(Match(range, R"({"Price":20.01})"));
  EXPECT_TRUE(Match(R"({"Price":[{"numeric":["=",100]}]})", R"({"Price":100.0})"));
  EXPECT_FALSE(Match(R"({"Price":[{"numeric":["=",100]}]})", R"({"Price":101})"));
  EXPECT_TRUE(Match(R"({"t":[{"numeric":[">=",-5]}]})", R"({"t":-5})"));
  EXPECT_TRUE(Match(R"({"t":[{"numeric":["<",0]}]})", R"({"t":-0.5})"));
  // Only JSON numbers: a number in a string is text.
  EXPECT_FALSE(Match(R"({"t":[{"numeric":[">",0]}]})", R"({"t":"5"})"));
}

TEST_F(EventPatternTest, ExistsLooksAtLeavesOnly) {
  const char* exists = R"({"ProductName":[{"exists":true}]})";
  EXPECT_TRUE(Match(exists, R"({"ProductName":"x"})"));
  EXPECT_TRUE(Match(exists, R"({"ProductName":null})"));
  EXPECT_FALSE(Match(exists, R"({})"));
  EXPECT_FALSE(Match(exists, R"({"ProductName":{"S":"x"}})"));  // an intermediate node
  const char* absent = R"({"ProductName":[{"exists":false}]})";
  EXPECT_TRUE(Match(absent, R"({})"));
  EXPECT_FALSE(Match(absent, R"({"ProductName":"x"})"));
  EXPECT_TRUE(Match(absent, R"({"ProductName":{"S":"x"}})"));
  // Under a member that is absent altogether.
  EXPECT_TRUE(Match(R"({"a":{"b":[{"exists":false}]}})", R"({})"));
  EXPECT_FALSE(Match(R"({"a":{"b":[{"exists":true}]}})", R"({})"));
}

TEST_F(EventPatternTest, NestedPatternsAndLists) {
  const char* p = R"({"dynamodb":{"Keys":{"Id":{"N":["101"]}}}})";
  EXPECT_TRUE(Match(p, R"({"dynamodb":{"Keys":{"Id":{"N":"101"}}}})"));
  EXPECT_FALSE(Match(p, R"({"dynamodb":{"Keys":{"Id":{"N":"102"}}}})"));
  EXPECT_FALSE(Match(p, R"({"dynamodb":{"Keys":{"Id":{"S":"101"}}}})"));
  EXPECT_FALSE(Match(p, R"({"dynamodb":"101"})"));
  // A list of leaves matches when any element does.
  EXPECT_TRUE(Match(R"({"SS":["b"]})", R"({"SS":["a","b"]})"));
  EXPECT_FALSE(Match(R"({"SS":["c"]})", R"({"SS":["a","b"]})"));
  EXPECT_TRUE(Match(R"({"SS":[{"anything-but":"a"}]})", R"({"SS":["a","b"]})"));
  // A list of objects matches when one object matches the whole nested pattern.
  const char* both = R"({"L":{"M":{"k":{"S":["x"]},"v":{"N":["1"]}}}})";
  EXPECT_TRUE(Match(both, R"({"L":[{"M":{"k":{"S":"y"},"v":{"N":"2"}}},)"
                          R"({"M":{"k":{"S":"x"},"v":{"N":"1"}}}]})"));
  EXPECT_FALSE(Match(both, R"({"L":[{"M":{"k":{"S":"x"},"v":{"N":"2"}}},)"
                           R"({"M":{"k":{"S":"y"},"v":{"N":"1"}}}]})"));
}

TEST_F(EventPatternTest, AnEmptyListOfRulesMatchesNothing) {
  EXPECT_FALSE(Match(R"({"a":[]})", R"({"a":"x"})"));
  EXPECT_FALSE(Match(R"({"a":[]})", R"({})"));
}

TEST(EventPatternParse, RefusesWhatIsNotAPattern) {
  struct Case {
    std::string_view pattern;
    std::string_view says;
  };
  for (const Case& c : std::initializer_list<Case>{
           {R"({"a":[)", "not JSON"},
           {R"(["a"])", "not a JSON object"},
           {R"({})", "empty pattern"},
           {R"({"a":{}})", R"("a" is an empty pattern)"},
           {R"({"a":"x"})", R"("a" must be an object or a list of rules)"},
           {R"({"a":{"b":5}})", R"("a.b" must be an object or a list of rules)"},
           {R"({"a":[["x"]]})", "a list inside its list"},
           {R"({"a":[{"prefix":"x","suffix":"y"}]})", "not one operator"},
           {R"({"a":[{"prefix":5}]})", R"("prefix" without)"},
           {R"({"a":[{"suffix":{"equals-ignore-case":5}}]})", R"("suffix" without)"},
           {R"({"a":[{"equals-ignore-case":["x"]}]})", "without a string"},
           {R"({"a":[{"exists":"yes"}]})", R"("exists" without true or false)"},
           {R"({"a":[{"numeric":[">"]}]})", R"("numeric" without)"},
           {R"({"a":[{"numeric":[">","5"]}]})", "an operator followed by a number"},
           {R"({"a":[{"numeric":["<",5,">",0]}]})", "lower bound"},
           {R"({"a":[{"numeric":["=",5,"<",6]}]})", "lower bound"},
           {R"({"a":[{"numeric":["~",5]}]})", "lower bound"},
           {R"({"a":[{"numeric":[">",5,"<",1]}]})", "above its upper bound"},
           {R"({"a":[{"anything-but":[]}]})", R"("anything-but" without a value)"},
           {R"({"a":[{"anything-but":[true]}]})", "strings or numbers"},
           {R"({"a":[{"anything-but":{"wildcard":"*"}}]})", "unsupported operator"},
           {R"({"a":[{"anything-but":{"prefix":{"equals-ignore-case":"x"}}}]})", "without"},
           {R"({"a":[{"wildcard":"x*"}]})", R"(unsupported operator "wildcard")"},
           {R"({"a":[{"cidr":"10.0.0.0/24"}]})", R"(unsupported operator "cidr")"},
           {R"({"$or":{"a":["x"]}})", R"("$or" must be a list of patterns)"},
           {R"({"$or":[]})", R"("$or" must be a list of patterns)"},
           {R"({"$or":[["x"]]})", R"("$or" must be a list of patterns)"},
       }) {
    Result<EventPattern> p = EventPattern::Parse(c.pattern);
    ASSERT_FALSE(p.ok()) << c.pattern;
    EXPECT_EQ(p.status().code(), ErrorCode::kValidation);
    EXPECT_THAT(p.status().message(), HasSubstr(c.says)) << c.pattern;
  }
}

}  // namespace
}  // namespace stator::api
