#include "api/codec_read_client.h"

#include <gtest/gtest.h>

#include "api/codec_query.h"
#include "tests/api/client_codec_util.h"

namespace stator::api {
namespace {

using testing::ExpectRequestRoundTrip;
using testing::ExpectResponseRoundTrip;
using testing::N;
using testing::S;

TEST(CodecReadClientTest, QueryWithExpressions) {
  QueryRequest r;
  r.table_name = "t";
  r.index_name = "gsi";
  r.key_condition_expression = "pk = :p AND sk BETWEEN :lo AND :hi";
  r.filter_expression = "#v > :min";
  r.projection_expression = "pk, sk, #v";
  r.expression_attribute_names = {{"#v", "v"}};
  r.expression_attribute_values = {
      {":p", S("a")}, {":lo", N("1")}, {":hi", N("9")}, {":min", N("0")}};
  r.select = Select::kSpecificAttributes;
  r.limit = 25;
  r.exclusive_start_key = Item{{"pk", S("a")}, {"sk", N("3")}};
  r.consistent_read = true;
  r.scan_index_forward = false;
  r.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  ExpectRequestRoundTrip(r, EncodeQueryRequest, DecodeQuery);
}

TEST(CodecReadClientTest, QueryWithLegacyConditions) {
  QueryRequest r;
  r.table_name = "t";
  r.key_conditions = ConditionMap{{"pk", {ComparisonOperator::kEQ, {S("a")}}},
                                  {"sk", {ComparisonOperator::kBEGINS_WITH, {S("x")}}}};
  r.query_filter = ConditionMap{{"v", {ComparisonOperator::kNOT_NULL, {}}}};
  r.conditional_operator = ConditionalOperator::kAnd;
  r.attributes_to_get = std::vector<std::string>{"v"};
  r.select = Select::kCount;
  ExpectRequestRoundTrip(r, EncodeQueryRequest, DecodeQuery);
}

TEST(CodecReadClientTest, ParallelScan) {
  ScanRequest r;
  r.table_name = "t";
  r.segment = 2;
  r.total_segments = 4;
  r.scan_filter = ConditionMap{{"v", {ComparisonOperator::kIN, {N("1"), N("2")}}}};
  ExpectRequestRoundTrip(r, EncodeScanRequest, DecodeScan);
}

TEST(CodecReadClientTest, Pages) {
  ReadResponse page;
  page.items = std::vector<Item>{{{"pk", S("a")}, {"v", N("1")}}, {{"pk", S("b")}}};
  page.count = 2;
  page.scanned_count = 7;
  page.last_evaluated_key = Item{{"pk", S("b")}};
  page.consumed_capacity = ConsumedCapacity{"t", 0.5, 0.5, std::nullopt, std::nullopt, {}, {}};
  ExpectResponseRoundTrip(page, EncodeReadResponse, DecodeReadResponse);

  ReadResponse count;  // Select COUNT: no Items
  count.count = 3;
  count.scanned_count = 3;
  ExpectResponseRoundTrip(count, EncodeReadResponse, DecodeReadResponse);
}

}  // namespace
}  // namespace stator::api
