#include "engine/tables/table_validation.h"

#include <algorithm>
#include <set>

#include "engine/indexes/index_validation.h"
#include "engine/model/validation_errors.h"

namespace stator::engine {
namespace {

void CheckCapacity(const std::optional<ProvisionedThroughput>& t, ValidationErrors* errors) {
  if (!t) return;
  if (t->read_capacity_units < 1) {
    errors->Add(Quoted(std::to_string(t->read_capacity_units)),
                "provisionedThroughput.readCapacityUnits",
                "Member must have value greater than or equal to 1");
  }
  if (t->write_capacity_units < 1) {
    errors->Add(Quoted(std::to_string(t->write_capacity_units)),
                "provisionedThroughput.writeCapacityUnits",
                "Member must have value greater than or equal to 1");
  }
}

Status Invalid(std::string_view what) {
  return Status::Validation("One or more parameter values were invalid: " + std::string(what));
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out + "]";
}

Status CheckKeySchema(const CreateTableRequest& r, KeySchema* key) {
  const auto& ks = r.key_schema;
  if (ks[0].key_type != KeyType::kHash) {
    return Status::Validation(
        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  if (ks.size() == 2) {
    if (ks[1].key_type != KeyType::kRange) {
      return Status::Validation(
          "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    }
    if (ks[0].attribute_name == ks[1].attribute_name) {
      // With the name defined once the service finds the second element undefined; defined
      // twice, it names the clash.
      const auto defined_times = std::count_if(
          r.attribute_definitions.begin(), r.attribute_definitions.end(),
          [&](const AttributeDefinition& d) { return d.attribute_name == ks[0].attribute_name; });
      if (defined_times < 2) {
        return Status::Validation("Invalid KeySchema: Some index key attribute have no definition");
      }
      return Status::Validation(
          "Both the Hash Key and the Range Key element in the KeySchema have the same name");
    }
  }
  std::set<std::string> defined;
  std::vector<std::string> defined_names;
  for (const auto& d : r.attribute_definitions) {
    if (!defined.insert(d.attribute_name).second) {
      return Status::Validation("Attribute Name is duplicated: " + d.attribute_name);
    }
    defined_names.push_back(d.attribute_name);
  }
  std::vector<std::string> key_names;
  for (const auto& e : ks) key_names.push_back(e.attribute_name);
  for (const auto& e : ks) {
    if (defined.count(e.attribute_name) == 0 && ks.size() == 2) {
      return Status::Validation("Invalid KeySchema: Some index key attribute have no definition");
    }
    if (defined.count(e.attribute_name) == 0) {
      return Invalid("Some index key attributes are not defined in AttributeDefinitions. Keys: " +
                     JoinNames(key_names) + ", AttributeDefinitions: " +
                     JoinNames(defined_names));
    }
  }
  const bool has_indexes =
      !r.local_secondary_indexes.empty() || !r.global_secondary_indexes.empty();
  if (!has_indexes && r.attribute_definitions.size() != ks.size()) {
    return Invalid(
        "Number of attributes in KeySchema does not exactly match number of attributes defined "
        "in AttributeDefinitions");
  }
  auto type_of = [&](const std::string& name) {
    for (const auto& d : r.attribute_definitions) {
      if (d.attribute_name == name) return d.attribute_type;
    }
    return ScalarType::kS;
  };
  key->hash = {ks[0].attribute_name, type_of(ks[0].attribute_name)};
  if (ks.size() == 2) {
    key->range = KeyAttribute{ks[1].attribute_name, type_of(ks[1].attribute_name)};
  }
  return Status::OK();
}

// StreamSpecification as CreateTable takes it: a view type exactly when the stream is enabled.
Status CheckCreateStream(const std::optional<StreamSpecification>& spec) {
  if (!spec) return Status::OK();
  if (spec->stream_enabled && !spec->stream_view_type) {
    return Status::Validation(
        "One or more parameter values were invalid: Table is being created with a stream "
        "enabled, UpdateViewType is required");
  }
  if (!spec->stream_enabled && spec->stream_view_type) {
    return Status::Validation(
        "One or more parameter values were invalid: Table is being created with a stream "
        "disabled, UpdateViewType should not be specified");
  }
  return Status::OK();
}

}  // namespace


Status CheckThroughput(BillingMode mode, const std::optional<ProvisionedThroughput>& throughput,
                       bool billing_mode_given) {
  (void)billing_mode_given;
  if (mode == BillingMode::kPayPerRequest && throughput) {
    return Invalid(
        "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
        "PAY_PER_REQUEST");
  }
  if (mode == BillingMode::kProvisioned && !throughput) {
    return Invalid(
        "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
        "PROVISIONED");
  }
  return Status::OK();
}

Status CheckCreateTable(const CreateTableRequest& r, KeySchema* key,
                        std::vector<IndexDef>* indexes) {
  ValidationErrors errors;
  CheckName(TableNameOf(r.table_name), "tableName", &errors);
  if (r.key_schema.empty()) {
    errors.Add("'[]'", "keySchema", "Member must have length greater than or equal to 1");
  } else if (r.key_schema.size() > 2) {
    errors.Add("'[...]'", "keySchema", "Member must have length less than or equal to 2");
  }
  CheckCapacity(r.provisioned_throughput, &errors);
  for (size_t i = 0; i < r.global_secondary_indexes.size(); ++i) {
    CheckName(r.global_secondary_indexes[i].index_name,
              "globalSecondaryIndexes." + std::to_string(i + 1) + ".member.indexName", &errors);
  }
  for (size_t i = 0; i < r.local_secondary_indexes.size(); ++i) {
    CheckName(r.local_secondary_indexes[i].index_name,
              "localSecondaryIndexes." + std::to_string(i + 1) + ".member.indexName", &errors);
  }
  STATOR_RETURN_IF_ERROR(errors.ToStatus());
  const BillingMode mode = r.billing_mode.value_or(BillingMode::kProvisioned);
  STATOR_RETURN_IF_ERROR(
      CheckThroughput(mode, r.provisioned_throughput, r.billing_mode.has_value()));
  STATOR_RETURN_IF_ERROR(CheckKeySchema(r, key));
  STATOR_RETURN_IF_ERROR(CheckCreateIndexes(r, *key, indexes));
  return CheckCreateStream(r.stream_specification);
}

}  // namespace stator::engine
