#include "engine/indexes/index_key_types.h"

#include <string>
#include <utility>

namespace stator::engine {
namespace {

// A key's attributes with their key types, in the KeySchema's order: the partition-key
// attributes, then the sort-key attributes.
std::vector<std::pair<const KeyAttribute*, KeyType>> ElementsOf(const KeySchema& key) {
  std::vector<std::pair<const KeyAttribute*, KeyType>> out{{&key.hash, KeyType::kHash}};
  for (const KeyAttribute& k : key.more_hash) out.emplace_back(&k, KeyType::kHash);
  if (key.range) out.emplace_back(&*key.range, KeyType::kRange);
  for (const KeyAttribute& k : key.more_range) out.emplace_back(&k, KeyType::kRange);
  return out;
}

// "Schema:[SchemaElement: key{xyz:S:HASH}, ...]", as the service prints a key schema.
std::string SchemaText(const KeySchema& key) {
  std::string out = "Schema:[";
  bool first = true;
  for (const auto& [attribute, key_type] : ElementsOf(key)) {
    if (!first) out += ", ";
    first = false;
    out += "SchemaElement: key{" + attribute->name + ":" + std::string(ToString(attribute->type)) +
           ":" + std::string(ToString(key_type)) + "}";
  }
  return out + "]";
}

bool Conflicts(const KeySchema& added, const KeySchema& existing) {
  for (const auto& mine : ElementsOf(added)) {
    for (const auto& theirs : ElementsOf(existing)) {
      if (mine.first->name == theirs.first->name && mine.first->type != theirs.first->type) {
        return true;
      }
    }
  }
  return false;
}

Status Redefined(const KeySchema& existing, const KeySchema& added) {
  return Status::Validation(
      "One or more parameter values were invalid: Attributes cannot be redefined. Please check "
      "that your attribute has the same type as previously defined. Existing schema: " +
      SchemaText(existing) + " New schema: " + SchemaText(added));
}

}  // namespace

Status CheckKeyTypesUnchanged(const KeySchema& added, const KeySchema& table_key,
                              const std::vector<IndexDef>& existing) {
  if (Conflicts(added, table_key)) return Redefined(table_key, added);
  for (const IndexDef& index : existing) {
    if (Conflicts(added, index.key)) return Redefined(index.key, added);
  }
  return Status::OK();
}

}  // namespace stator::engine
