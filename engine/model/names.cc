// The service's name rules (TableName, IndexName), shared by the engine and the cache.
#include "engine/model/names.h"

#include <algorithm>

namespace stator {
namespace {

constexpr size_t kMinTableName = 3;
constexpr size_t kMaxTableName = 255;

bool ValidNameChars(std::string_view name) {
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || c == '.';
  });
}

}  // namespace

void CheckName(std::string_view name, std::string_view path, ValidationErrors* errors) {
  if (!ValidNameChars(name)) {
    errors->Add(Quoted(name), path,
                "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  }
  if (name.size() < kMinTableName) {
    errors->Add(Quoted(name), path, "Member must have length greater than or equal to 3");
  }
  if (name.size() > kMaxTableName) {
    errors->Add(Quoted(name), path, "Member must have length less than or equal to 255");
  }
}

std::string_view TableNameOf(std::string_view name_or_arn) {
  // arn:aws:dynamodb:<region>:<account>:table/<name>
  if (name_or_arn.rfind("arn:", 0) != 0) return name_or_arn;
  const size_t slash = name_or_arn.find(":table/");
  if (slash == std::string_view::npos) return name_or_arn;
  std::string_view name = name_or_arn.substr(slash + 7);
  return name.substr(0, name.find('/'));
}

void CheckIndexName(std::string_view name, std::string_view path, ValidationErrors* errors) {
  CheckName(name, path, errors);
}

Status CheckReadNames(const ReadRequest& r) {
  ValidationErrors errors;
  CheckName(TableNameOf(r.table_name), "tableName", &errors);
  if (r.index_name) CheckName(*r.index_name, "indexName", &errors);
  return errors.ToStatus();
}

Status CheckUpdateTableNames(const UpdateTableRequest& r) {
  ValidationErrors errors;
  CheckName(TableNameOf(r.table_name), "tableName", &errors);
  for (size_t i = 0; i < r.global_secondary_index_updates.size(); ++i) {
    const GlobalSecondaryIndexUpdate& u = r.global_secondary_index_updates[i];
    const std::string path = "globalSecondaryIndexUpdates." + std::to_string(i + 1) + ".member.";
    if (u.create) CheckName(u.create->index_name, path + "create.indexName", &errors);
    if (u.update) CheckName(u.update->index_name, path + "update.indexName", &errors);
    if (u.delete_index_name) CheckName(*u.delete_index_name, path + "delete.indexName", &errors);
  }
  return errors.ToStatus();
}

Status CheckTableName(std::string_view name_or_arn) {
  ValidationErrors errors;
  CheckName(TableNameOf(name_or_arn), "tableName", &errors);
  return errors.ToStatus();
}

}  // namespace stator
