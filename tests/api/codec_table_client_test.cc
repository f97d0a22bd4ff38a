#include "api/codec_table_client.h"

#include <gtest/gtest.h>

#include "api/codec_table.h"
#include "tests/api/client_codec_util.h"

namespace stator::api {
namespace {

using testing::ExpectRequestRoundTrip;
using testing::ExpectResponseRoundTrip;
using testing::ParseObject;

std::vector<KeySchemaElement> Keys() { return {{"pk", KeyType::kHash}, {"sk", KeyType::kRange}}; }

TEST(CodecTableClientTest, CreateTable) {
  CreateTableRequest r;
  r.table_name = "t";
  r.attribute_definitions = {{"pk", ScalarType::kS}, {"sk", ScalarType::kN}, {"g", ScalarType::kB}};
  r.key_schema = Keys();
  r.local_secondary_indexes = {
      LocalSecondaryIndex{"lsi",
                          {{"pk", KeyType::kHash}, {"g", KeyType::kRange}},
                          Projection{ProjectionType::kKeysOnly, {}, true}}};
  r.global_secondary_indexes = {
      GlobalSecondaryIndex{"gsi",
                           {{"g", KeyType::kHash}},
                           Projection{ProjectionType::kInclude, {"a", "b"}, true},
                           ProvisionedThroughput{5, 6}, std::nullopt}};
  r.billing_mode = BillingMode::kProvisioned;
  r.provisioned_throughput = ProvisionedThroughput{10, 20};
  r.stream_specification = StreamSpecification{true, StreamViewType::kNewAndOldImages};
  r.sse_specification = SSESpecification{true, "KMS", "key"};
  r.tags = {{"team", "storage"}};
  r.table_class = TableClass::kStandardInfrequentAccess;
  r.deletion_protection_enabled = false;
  ExpectRequestRoundTrip(r, EncodeCreateTableRequest, DecodeCreateTable);

  CreateTableRequest on_demand;
  on_demand.table_name = "t";
  on_demand.attribute_definitions = {{"pk", ScalarType::kS}};
  on_demand.key_schema = {{"pk", KeyType::kHash}};
  on_demand.billing_mode = BillingMode::kPayPerRequest;
  on_demand.on_demand_throughput = OnDemandThroughput{100, std::nullopt};
  on_demand.attribute_definitions.push_back({"g", ScalarType::kS});
  on_demand.global_secondary_indexes = {
      GlobalSecondaryIndex{"gsi",
                           {{"g", KeyType::kHash}},
                           Projection{ProjectionType::kAll, {}, true},
                           std::nullopt,
                           OnDemandThroughput{std::nullopt, 50}}};
  ExpectRequestRoundTrip(on_demand, EncodeCreateTableRequest, DecodeCreateTable);
}

// A Projection without a ProjectionType goes to the service as it came, so that the service,
// not the proxy's default, answers "Unknown ProjectionType: null".
TEST(CodecTableClientTest, ProjectionWithoutTypeStaysWithout) {
  CreateTableRequest r;
  r.table_name = "t";
  r.attribute_definitions = {{"pk", ScalarType::kS}, {"g", ScalarType::kS}};
  r.key_schema = {{"pk", KeyType::kHash}};
  r.global_secondary_indexes = {GlobalSecondaryIndex{
      "gsi", {{"g", KeyType::kHash}}, Projection{ProjectionType::kAll, {}, false}, std::nullopt,
      std::nullopt}};
  const std::string json = EncodeCreateTableRequest(r);
  EXPECT_NE(json.find("\"Projection\":{}"), std::string::npos) << json;
  CreateTableRequest decoded;
  ASSERT_TRUE(DecodeCreateTable(ParseObject(json), &decoded).ok());
  ASSERT_EQ(decoded.global_secondary_indexes.size(), 1u);
  EXPECT_FALSE(decoded.global_secondary_indexes[0].projection.type_given);
  ExpectRequestRoundTrip(r, EncodeCreateTableRequest, DecodeCreateTable);
}

TEST(CodecTableClientTest, UpdateTable) {
  UpdateTableRequest r;
  r.table_name = "t";
  r.attribute_definitions = {{"g", ScalarType::kS}};
  r.provisioned_throughput = ProvisionedThroughput{1, 2};
  r.has_global_secondary_index_updates = true;
  GlobalSecondaryIndexUpdate create;
  create.create = GlobalSecondaryIndex{"g1",
                                       {{"g", KeyType::kHash}},
                                       Projection{ProjectionType::kAll, {}, true},
                                       ProvisionedThroughput{1, 1}, std::nullopt};
  GlobalSecondaryIndexUpdate update;
  update.update = GlobalSecondaryIndex{"g2", {}, {}, ProvisionedThroughput{3, 4}, std::nullopt};
  GlobalSecondaryIndexUpdate drop;
  drop.delete_index_name = "g3";
  r.global_secondary_index_updates = {create, update, drop};
  r.stream_specification = StreamSpecification{false, std::nullopt};
  ExpectRequestRoundTrip(r, EncodeUpdateTableRequest, DecodeUpdateTable);
}

TEST(CodecTableClientTest, ListTables) {
  ListTablesRequest r;
  r.exclusive_start_table_name = "a";
  r.limit = 3;
  ExpectRequestRoundTrip(r, EncodeListTablesRequest, DecodeListTables);

  ListTablesResponse response;
  response.table_names = {"b", "c", "d"};
  response.last_evaluated_table_name = "d";
  ExpectResponseRoundTrip(response, EncodeListTablesResponse, DecodeListTablesResponse);
}

TableDescription FullDescription() {
  TableDescription t;
  t.table_name = "t";
  t.table_arn = "arn:aws:dynamodb:ddblocal:000000000000:table/t";
  t.table_id = "0f6c1a7e-0000-4000-8000-000000000000";
  t.table_status = TableStatus::kUpdating;
  t.creation_date_time = 1700000000.123;
  t.attribute_definitions = {{"pk", ScalarType::kS}, {"sk", ScalarType::kN}};
  t.key_schema = Keys();
  t.item_count = 12;
  t.table_size_bytes = 3400;
  t.billing_mode = BillingMode::kPayPerRequest;
  t.last_update_to_pay_per_request_date_time = 1700000001.5;
  t.provisioned_throughput.number_of_decreases_today = 1;
  t.provisioned_throughput.last_decrease_date_time = 1700000002;
  t.on_demand_throughput = OnDemandThroughput{std::nullopt, 50};
  t.sse_description = SSEDescription{"ENABLED", "KMS", "arn:key"};
  t.table_class = TableClass::kStandardInfrequentAccess;
  t.table_class_reported = true;
  t.deletion_protection_enabled = true;
  t.stream_specification = StreamSpecification{true, StreamViewType::kKeysOnly};
  t.latest_stream_arn = "arn:stream";
  t.latest_stream_label = "2024-01-01T00:00:00.000";
  SecondaryIndexDescription gsi;
  gsi.index_name = "gsi";
  gsi.key_schema = {{"sk", KeyType::kHash}};
  gsi.projection = Projection{ProjectionType::kInclude, {"a"}, true};
  gsi.index_status = IndexStatus::kCreating;
  gsi.backfilling = true;
  gsi.provisioned_throughput = ProvisionedThroughputDescription{};
  gsi.on_demand_throughput = OnDemandThroughput{7, std::nullopt};
  gsi.index_arn = "arn:gsi";
  t.global_secondary_indexes = {gsi};
  SecondaryIndexDescription lsi;
  lsi.index_name = "lsi";
  lsi.key_schema = Keys();
  lsi.item_count = 2;
  lsi.index_size_bytes = 100;
  lsi.index_arn = "arn:lsi";
  t.local_secondary_indexes = {lsi};
  t.restore_summary = RestoreSummary{"arn:backup", "arn:source", 1700000003, false};
  return t;
}

TEST(CodecTableClientTest, TableDescriptions) {
  TableResponse r{FullDescription()};
  ExpectResponseRoundTrip(r, EncodeTableDescriptionResponse,
                          [](std::string_view body, TableResponse* out) {
                            return DecodeTableResponse(body, "TableDescription", out);
                          });
  ExpectResponseRoundTrip(r, EncodeDescribeTableResponse,
                          [](std::string_view body, TableResponse* out) {
                            return DecodeTableResponse(body, "Table", out);
                          });
  TableResponse minimal;
  minimal.table.table_name = "m";
  minimal.table.key_schema = {{"pk", KeyType::kHash}};
  ExpectResponseRoundTrip(minimal, EncodeDescribeTableResponse,
                          [](std::string_view body, TableResponse* out) {
                            return DecodeTableResponse(body, "Table", out);
                          });
}

}  // namespace
}  // namespace stator::api
