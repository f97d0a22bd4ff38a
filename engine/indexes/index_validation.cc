#include "engine/indexes/index_validation.h"

#include <algorithm>
#include <set>

namespace stator::engine {
namespace {

Status Invalid(std::string_view what) {
  return Status::Validation("One or more parameter values were invalid: " + std::string(what));
}

std::string Join(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out + "]";
}

std::vector<std::string> DefinedNames(const CreateTableRequest& r) {
  std::vector<std::string> names;
  for (const auto& d : r.attribute_definitions) names.push_back(d.attribute_name);
  return names;
}

ScalarType TypeOf(const CreateTableRequest& r, const std::string& name) {
  for (const auto& d : r.attribute_definitions) {
    if (d.attribute_name == name) return d.attribute_type;
  }
  return ScalarType::kS;
}

constexpr std::string_view kFirstNotHash =
    "Invalid KeySchema: The first KeySchemaElement is not a HASH key type";

// A table-like key: one HASH element, then at most one RANGE element. Only the first two elements
// are looked at: an LSI's further elements are CheckLocal's to refuse, after these checks, as the
// service orders them.
Status CheckKeyShape(const std::vector<KeySchemaElement>& ks) {
  if (ks.empty()) return Status::Validation(std::string(kFirstNotHash));
  if (ks.size() >= 2 && ks[0].attribute_name == ks[1].attribute_name) {
    return Status::Validation(
        "Both the Hash Key and the Range Key element in the KeySchema have the same name");
  }
  if (ks[0].key_type != KeyType::kHash) return Status::Validation(std::string(kFirstNotHash));
  if (ks.size() >= 2 && ks[1].key_type != KeyType::kRange) {
    return Status::Validation(
        "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
  }
  return Status::OK();
}

// The service's words, as probed against it (alchemy-run/alchemy pull request 1216); they come
// after the "Invalid KeySchema: " that prefixes its other KeySchema messages. The RANGE limit's
// message is inferred from the HASH one.
constexpr std::string_view kHashBeforeRange =
    "Invalid KeySchema: All HASH key attributes must precede RANGE key attributes in the KeySchema";
constexpr std::string_view kTooManyHash =
    "Invalid KeySchema: The KeySchema exceeds the maximum allowed number of HASH key attributes";
constexpr std::string_view kTooManyRange =
    "Invalid KeySchema: The KeySchema exceeds the maximum allowed number of RANGE key attributes";

// A GSI's multi-attribute key: up to 4 HASH elements, then up to 4 RANGE elements, each
// attribute named once (the service's rules since November 2025).
Status CheckMultiKeyShape(const std::vector<KeySchemaElement>& ks) {
  if (ks[0].key_type != KeyType::kHash) return Status::Validation(std::string(kFirstNotHash));
  size_t hashes = 0;
  while (hashes < ks.size() && ks[hashes].key_type == KeyType::kHash) ++hashes;
  for (size_t i = hashes; i < ks.size(); ++i) {
    if (ks[i].key_type != KeyType::kRange) {
      return Status::Validation(std::string(kHashBeforeRange));
    }
  }
  if (hashes > kMaxKeyAttributes) return Status::Validation(std::string(kTooManyHash));
  if (ks.size() - hashes > kMaxKeyAttributes) {
    return Status::Validation(std::string(kTooManyRange));
  }
  std::set<std::string> seen;
  for (const auto& e : ks) {
    if (!seen.insert(e.attribute_name).second) {
      return Status::Validation("Invalid KeySchema: duplicate attribute name in KeySchema: " +
                                e.attribute_name);
    }
  }
  return Status::OK();
}

// The key checks LSIs and GSIs share: key attributes defined, the key schema's shape. Only a GSI
// (`global`) may have a multi-attribute key.
Status CheckIndexKey(const CreateTableRequest& r, const std::vector<KeySchemaElement>& ks,
                     bool global) {
  const auto defined = DefinedNames(r);
  std::vector<std::string> keys;
  for (const auto& e : ks) keys.push_back(e.attribute_name);
  for (const auto& k : keys) {
    if (std::find(defined.begin(), defined.end(), k) == defined.end()) {
      return Invalid("Some index key attributes are not defined in AttributeDefinitions. Keys: " +
                     Join(keys) + ", AttributeDefinitions: " + Join(defined));
    }
  }
  const bool multi =
      global && ks.size() >= 2 && (ks.size() > 2 || ks[1].key_type == KeyType::kHash);
  return multi ? CheckMultiKeyShape(ks) : CheckKeyShape(ks);
}

// Message texts of the service's Projection checks.
constexpr std::string_view kNoProjectionType = "Unknown ProjectionType: null";
// Reported for a NonKeyAttributes list naming an attribute twice (guregu/dynamo#88 quotes the
// service's answer).
constexpr std::string_view kDuplicateNonKeyAttribute =
    "Cannot have two attributes with the same name";

// An index's Projection, checked after its key schema: a type, and NonKeyAttributes exactly
// with INCLUDE, each named once.
Status CheckProjection(const Projection& projection) {
  if (!projection.type_given) return Invalid(kNoProjectionType);
  const auto& names = projection.non_key_attributes;
  if (!names.empty() && projection.projection_type != ProjectionType::kInclude) {
    return Invalid("ProjectionType is " + std::string(ToString(projection.projection_type)) +
                   ", but NonKeyAttributes is specified");
  }
  if (names.empty() && projection.projection_type == ProjectionType::kInclude) {
    return Invalid("ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
  }
  if (std::set<std::string>(names.begin(), names.end()).size() != names.size()) {
    return Status::Validation(std::string(kDuplicateNonKeyAttribute));
  }
  return Status::OK();
}

IndexDef MakeIndex(const CreateTableRequest& r, const std::string& name,
                   const std::vector<KeySchemaElement>& ks, const Projection& projection,
                   bool local) {
  IndexDef index;
  index.name = name;
  index.local = local;
  // KeySchema order was checked: the HASH elements, then the RANGE elements.
  index.key.hash = {ks[0].attribute_name, TypeOf(r, ks[0].attribute_name)};
  for (size_t i = 1; i < ks.size(); ++i) {
    KeyAttribute k{ks[i].attribute_name, TypeOf(r, ks[i].attribute_name)};
    if (ks[i].key_type == KeyType::kHash) {
      index.key.more_hash.push_back(std::move(k));
    } else if (!index.key.range) {
      index.key.range = std::move(k);
    } else {
      index.key.more_range.push_back(std::move(k));
    }
  }
  index.projection = projection;
  return index;
}

Status CheckLocal(const CreateTableRequest& r, const KeySchema& table_key,
                  std::set<std::string>* names, std::vector<IndexDef>* out) {
  if (!table_key.range) {
    return Invalid(
        "Table KeySchema does not have a range key, which is required when specifying a "
        "LocalSecondaryIndex");
  }
  for (const auto& lsi : r.local_secondary_indexes) {
    STATOR_RETURN_IF_ERROR(CheckIndexKey(r, lsi.key_schema, false));
    if (lsi.key_schema.size() != 2) {
      return Invalid("Index KeySchema does not have a range key for index: " + lsi.index_name);
    }
    if (lsi.key_schema[0].attribute_name != table_key.hash.name) {
      return Invalid(
          "Index KeySchema does not have the same leading hash key as table KeySchema for "
          "index: " + lsi.index_name + ". index hash key: " + lsi.key_schema[0].attribute_name +
          ", table hash key: " + table_key.hash.name);
    }
    STATOR_RETURN_IF_ERROR(CheckProjection(lsi.projection));
    if (!names->insert(lsi.index_name).second) {
      return Invalid("Duplicate index name: " + lsi.index_name);
    }
    out->push_back(MakeIndex(r, lsi.index_name, lsi.key_schema, lsi.projection, true));
  }
  if (r.local_secondary_indexes.size() > kMaxLocalIndexes) {
    return Invalid("Number of LocalSecondaryIndexes exceeds per-table limit of 5");
  }
  return Status::OK();
}

Status CheckGlobal(const CreateTableRequest& r, std::set<std::string>* names,
                   std::vector<IndexDef>* out) {
  const bool on_demand = r.billing_mode == BillingMode::kPayPerRequest;
  for (const auto& gsi : r.global_secondary_indexes) {
    STATOR_RETURN_IF_ERROR(CheckIndexKey(r, gsi.key_schema, true));
    STATOR_RETURN_IF_ERROR(CheckProjection(gsi.projection));
    if (on_demand && gsi.provisioned_throughput) {
      return Invalid("ProvisionedThroughput should not be specified for index: " +
                     gsi.index_name + " when BillingMode is PAY_PER_REQUEST");
    }
    if (!on_demand && !gsi.provisioned_throughput) {
      return Invalid("ProvisionedThroughput is not specified for index: " + gsi.index_name);
    }
    if (!names->insert(gsi.index_name).second) {
      return Invalid("Duplicate index name: " + gsi.index_name);
    }
    IndexDef index = MakeIndex(r, gsi.index_name, gsi.key_schema, gsi.projection, false);
    index.throughput = gsi.provisioned_throughput;
    // Checked with the table's throughput (CheckOnDemandThroughput); -1 is refused at creation.
    if (on_demand) index.on_demand_throughput = gsi.on_demand_throughput;
    out->push_back(std::move(index));
  }
  if (r.global_secondary_indexes.size() > kMaxGlobalIndexes) {
    return Invalid("GlobalSecondaryIndex count exceeds the per-table limit of 20");
  }
  return Status::OK();
}

// Every AttributeDefinition must be a key attribute of the table or of an index.
Status CheckDefinitionsUsed(const CreateTableRequest& r, const KeySchema& table_key,
                            const std::vector<IndexDef>& indexes) {
  std::vector<std::string> used{table_key.hash.name};
  auto use = [&](const std::string& name) {
    if (std::find(used.begin(), used.end(), name) == used.end()) used.push_back(name);
  };
  if (table_key.range) use(table_key.range->name);
  for (const auto& index : indexes) {
    use(index.key.hash.name);
    if (index.key.range) use(index.key.range->name);
    for (const KeyAttribute& k : index.key.more_hash) use(k.name);
    for (const KeyAttribute& k : index.key.more_range) use(k.name);
  }
  if (used.size() == r.attribute_definitions.size()) return Status::OK();
  return Invalid("Some AttributeDefinitions are not used. AttributeDefinitions: " +
                 Join(DefinedNames(r)) + ", keys used: " + Join(used));
}

Status CheckProjectedCount(const std::vector<IndexDef>& indexes) {
  std::set<std::string> projected;
  for (const auto& index : indexes) {
    projected.insert(index.projection.non_key_attributes.begin(),
                     index.projection.non_key_attributes.end());
  }
  if (projected.size() > kMaxProjectedAttributes) {
    return Invalid("Number of projected attributes in all indexes exceeds limit of 100, "
                   "number of projected attributes: " + std::to_string(projected.size()));
  }
  return Status::OK();
}

}  // namespace

Status CheckCreateIndexes(const CreateTableRequest& r, const KeySchema& table_key,
                          std::vector<IndexDef>* out) {
  std::set<std::string> names;
  if (!r.local_secondary_indexes.empty()) {
    STATOR_RETURN_IF_ERROR(CheckLocal(r, table_key, &names, out));
  }
  if (!r.global_secondary_indexes.empty()) STATOR_RETURN_IF_ERROR(CheckGlobal(r, &names, out));
  STATOR_RETURN_IF_ERROR(CheckProjectedCount(*out));
  return CheckDefinitionsUsed(r, table_key, *out);
}

}  // namespace stator::engine
