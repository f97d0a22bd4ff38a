// The schema and description of a table, as CreateTable takes it and DescribeTable returns it.
//
// Field names follow the DynamoDB API reference; optional fields are std::optional so that
// "absent" and "given" stay distinct, as the service distinguishes them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace stator {

enum class KeyType : unsigned char { kHash, kRange };
enum class ScalarType : unsigned char { kS, kN, kB };
enum class BillingMode : unsigned char { kProvisioned, kPayPerRequest };
enum class TableStatus : unsigned char {
  kCreating, kUpdating, kDeleting, kActive, kInaccessibleEncryptionCredentials, kArchiving,
  kArchived,
};
enum class TableClass : unsigned char { kStandard, kStandardInfrequentAccess };
enum class ProjectionType : unsigned char { kAll, kKeysOnly, kInclude };
enum class StreamViewType : unsigned char { kKeysOnly, kNewImage, kOldImage, kNewAndOldImages };
enum class IndexStatus : unsigned char { kCreating, kUpdating, kDeleting, kActive };

struct KeySchemaElement {
  std::string attribute_name;
  KeyType key_type = KeyType::kHash;
};

struct AttributeDefinition {
  std::string attribute_name;
  ScalarType attribute_type = ScalarType::kS;
};

struct ProvisionedThroughput {
  int64_t read_capacity_units = 0;
  int64_t write_capacity_units = 0;
};

struct ProvisionedThroughputDescription {
  std::optional<double> last_increase_date_time;  // epoch seconds
  std::optional<double> last_decrease_date_time;
  int64_t number_of_decreases_today = 0;
  int64_t read_capacity_units = 0;
  int64_t write_capacity_units = 0;
};

// The account's throughput quotas in the region (DescribeLimits): the provisioned capacity units
// one table (and each of its GSIs) may have, and all of a namespace's tables together; an
// on-demand table's OnDemandThroughput maximum is held to the table figures too. The defaults are
// the service's (Developer Guide, "Service, account, and table quotas in Amazon DynamoDB").
struct ThroughputQuotas {
  int64_t account_max_read_capacity_units = 80000;
  int64_t account_max_write_capacity_units = 80000;
  int64_t table_max_read_capacity_units = 40000;
  int64_t table_max_write_capacity_units = 40000;
};

// The most an on-demand table may serve a second (OnDemandThroughput). A member absent, or -1 in
// a request, sets no maximum.
struct OnDemandThroughput {
  std::optional<int64_t> max_read_request_units;
  std::optional<int64_t> max_write_request_units;
};

struct Projection {
  ProjectionType projection_type = ProjectionType::kAll;
  std::vector<std::string> non_key_attributes;
  // False when a request's Projection named no ProjectionType, which CreateTable and UpdateTable
  // refuse ("Unknown ProjectionType: null"); a description always names one.
  // Default: true
  bool type_given = true;
};

struct LocalSecondaryIndex {
  std::string index_name;
  std::vector<KeySchemaElement> key_schema;
  Projection projection;
};

struct GlobalSecondaryIndex {
  std::string index_name;
  std::vector<KeySchemaElement> key_schema;
  Projection projection;
  std::optional<ProvisionedThroughput> provisioned_throughput;
  std::optional<OnDemandThroughput> on_demand_throughput;  // a GSI of an on-demand table
};

struct StreamSpecification {
  bool stream_enabled = false;
  std::optional<StreamViewType> stream_view_type;
};

struct SSESpecification {
  std::optional<bool> enabled;
  std::optional<std::string> sse_type;  // "AES256" | "KMS"
  std::optional<std::string> kms_master_key_id;
};

struct SSEDescription {
  std::string status;  // "ENABLED" ...
  std::string sse_type;
  std::string kms_master_key_arn;
};

// A secondary index as DescribeTable reports it. Local indexes leave index_status, backfilling,
// provisioned_throughput and on_demand_throughput unset (the service omits them for LSIs).
struct SecondaryIndexDescription {
  std::string index_name;
  std::vector<KeySchemaElement> key_schema;
  Projection projection;
  std::optional<IndexStatus> index_status;
  std::optional<bool> backfilling;
  std::optional<ProvisionedThroughputDescription> provisioned_throughput;
  std::optional<OnDemandThroughput> on_demand_throughput;  // a GSI's, once one is set
  int64_t index_size_bytes = 0;
  int64_t item_count = 0;
  std::string index_arn;
};

struct Tag {
  std::string key;
  std::string value;
};

// How a table restored from a backup came to be (DescribeTable's RestoreSummary).
struct RestoreSummary {
  std::string source_backup_arn;
  std::string source_table_arn;
  double restore_date_time = 0;  // epoch seconds
  bool restore_in_progress = false;
};

struct TableDescription {
  std::string table_name;
  std::string table_arn;
  std::string table_id;  // a UUID, fixed at creation
  TableStatus table_status = TableStatus::kActive;
  double creation_date_time = 0;  // epoch seconds
  std::vector<AttributeDefinition> attribute_definitions;
  std::vector<KeySchemaElement> key_schema;
  int64_t item_count = 0;
  int64_t table_size_bytes = 0;
  BillingMode billing_mode = BillingMode::kProvisioned;
  std::optional<double> last_update_to_pay_per_request_date_time;
  ProvisionedThroughputDescription provisioned_throughput;
  std::optional<OnDemandThroughput> on_demand_throughput;  // absent until one is set
  std::optional<SSEDescription> sse_description;
  TableClass table_class = TableClass::kStandard;
  bool table_class_reported = false;  // the service reports TableClassSummary once it was set
  bool deletion_protection_enabled = false;
  std::optional<StreamSpecification> stream_specification;
  // The table's newest stream (streams.h), kept after the stream is disabled.
  std::optional<std::string> latest_stream_arn;
  std::optional<std::string> latest_stream_label;
  std::vector<SecondaryIndexDescription> local_secondary_indexes;
  std::vector<SecondaryIndexDescription> global_secondary_indexes;
  std::optional<RestoreSummary> restore_summary;  // only for tables restored from a backup
};

std::string_view ToString(KeyType v);
std::string_view ToString(ScalarType v);
std::string_view ToString(BillingMode v);
std::string_view ToString(TableStatus v);
std::string_view ToString(TableClass v);
std::string_view ToString(ProjectionType v);
std::string_view ToString(StreamViewType v);
std::string_view ToString(IndexStatus v);

}  // namespace stator
