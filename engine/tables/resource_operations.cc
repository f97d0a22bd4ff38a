// Operations on a table as a resource: tags, resource policies, and the status of features that
// later issues implement (continuous backups, Kinesis streaming, contributor insights),
// which report what the service reports for a table that does not use them.
#include <algorithm>

#include "engine/engine_database.h"
#include "engine/tables/table_validation.h"
#include "engine/tables/tag_validation.h"

namespace stator::engine {
namespace {

constexpr size_t kMaxTags = 50;

Status InvalidArn(std::string_view arn) {
  return Status::Validation("Invalid TableArn: Invalid ResourceArn provided as input " +
                            std::string(arn));
}

Status PolicyNotFound(std::string_view arn) {
  return Status(ErrorCode::kPolicyNotFound,
                "Resource-based policy not found for the provided ResourceArn: " +
                    std::string(arn));
}

}  // namespace

Result<std::shared_ptr<Table>> EngineDatabase::TableByArn(const CallOptions& call,
                                                          std::string_view arn, ArnUse use) {
  if (arn.empty()) return Status::Validation("Invalid TableArn");
  if (arn.rfind("arn:", 0) != 0) {
    return Status::Validation(
        "One or more parameter values were invalid: ARNs must start with 'arn:': " +
        std::string(arn));
  }
  // arn:<partition>:dynamodb:<region>:<account>:table/<name>
  const size_t table_part = arn.find(":table/");
  if (arn.find(":dynamodb:") == std::string_view::npos || table_part == std::string_view::npos) {
    return InvalidArn(arn);
  }
  const std::string_view name = TableNameOf(arn);
  if (name.find('/') != std::string_view::npos || !CheckTableName(name).ok()) {
    return InvalidArn(arn);
  }
  // An index's ARN (".../table/<name>/index/<index>") names no resource that has tags or
  // policies of its own; the service says so (recorded in scylladb's
  // test/alternator/test_tag.py, 2026). A stream's ARN stands for its table here.
  const std::string_view rest = arn.substr(table_part + 7 + name.size());
  if (!rest.empty() && rest.rfind("/stream/", 0) != 0) {
    return Status::Validation(
        "One or more parameter values were invalid: Invalid resource arn provided, only table "
        "or stream is accepted. Provided resource arn: " + std::string(arn));
  }
  auto table = catalog_.Find(call.tenant, name);
  if (table == nullptr && use == ArnUse::kPolicy) {
    return Status::NotFound("Requested resource not found: Table: " + std::string(name) +
                            " not found");
  }
  if (table == nullptr) {  // sic: the service's own spelling
    return Status::NotFound("Requested resource not found: ResourcArn: " + std::string(arn) +
                            " not found");
  }
  return table;
}

Status EngineDatabase::TagResource(const CallOptions& call, const TagResourceRequest& r) {
  auto table = TableByArn(call, r.resource_arn);
  if (!table.ok()) return table.status();
  STATOR_RETURN_IF_ERROR(CheckTags(r.tags));
  return catalog_.Update(**table, [&](TableMeta& meta) -> Status {
    for (const auto& tag : r.tags) {
      auto it = std::find_if(meta.tags.begin(), meta.tags.end(),
                             [&](const Tag& t) { return t.key == tag.key; });
      if (it != meta.tags.end()) {
        it->value = tag.value;
      } else {
        meta.tags.push_back(tag);
      }
    }
    if (meta.tags.size() > kMaxTags) {
      return Status::Validation(
          "Number of Tags exceed the current limit for the provided ResourceArn");
    }
    return Status::OK();
  });
}

Status EngineDatabase::UntagResource(const CallOptions& call, const UntagResourceRequest& r) {
  auto table = TableByArn(call, r.resource_arn);
  if (!table.ok()) return table.status();
  if (r.tag_keys.empty()) {
    return Status::Validation("Atleast one Tag Key needs to be provided as Input.");
  }
  return catalog_.Update(**table, [&](TableMeta& meta) -> Status {
    std::erase_if(meta.tags, [&](const Tag& t) {
      return std::find(r.tag_keys.begin(), r.tag_keys.end(), t.key) != r.tag_keys.end();
    });
    return Status::OK();
  });
}

Result<ListTagsOfResourceResponse> EngineDatabase::ListTagsOfResource(
    const CallOptions& call, const ListTagsOfResourceRequest& r) {
  auto table = TableByArn(call, r.resource_arn);
  if (!table.ok()) return table.status();
  TableMeta meta;
  if (!catalog_.Describe(**table, &meta)) return Status::NotFound("Requested resource not found");
  return ListTagsOfResourceResponse{std::move(meta.tags), std::nullopt};
}

Result<DescribeLimitsResponse> EngineDatabase::DescribeLimits(const CallOptions&) {
  return options_.quotas;
}

Result<KinesisStreamingDestinationResponse> EngineDatabase::DescribeKinesisStreamingDestination(
    const CallOptions& call, const TableNameRequest& r) {
  auto table = AnyTable(call, r.table_name, false);
  if (!table.ok()) return table.status();
  return KinesisStreamingDestinationResponse{std::string(TableNameOf(r.table_name))};
}

Result<ContributorInsightsResponse> EngineDatabase::DescribeContributorInsights(
    const CallOptions& call, const ContributorInsightsRequest& r) {
  auto table = AnyTable(call, r.table_name, false);
  if (!table.ok()) return table.status();
  ContributorInsightsResponse response;
  response.table_name = std::string(TableNameOf(r.table_name));
  response.index_name = r.index_name;
  return response;
}

Result<ResourcePolicyResponse> EngineDatabase::PutResourcePolicy(
    const CallOptions& call, const PutResourcePolicyRequest& r) {
  auto table = TableByArn(call, r.resource_arn, ArnUse::kPolicy);
  if (!table.ok()) return table.status();
  if (r.policy.empty()) {
    return Status::Validation(
        "1 validation error detected: Value '' at 'policy' failed to satisfy constraint: Member "
        "must have length greater than or equal to 1");
  }
  std::string revision = std::to_string(options_.clock->NowMicros());
  STATOR_RETURN_IF_ERROR(catalog_.Update(**table, [&](TableMeta& meta) -> Status {
    if (r.expected_revision_id && (!meta.resource_policy ||
                                   *r.expected_revision_id != meta.policy_revision_id)) {
      return PolicyNotFound(r.resource_arn);
    }
    meta.resource_policy = r.policy;
    meta.policy_revision_id = revision;
    return Status::OK();
  }));
  return ResourcePolicyResponse{std::nullopt, revision};
}

Result<ResourcePolicyResponse> EngineDatabase::GetResourcePolicy(const CallOptions& call,
                                                                 const ResourcePolicyRequest& r) {
  auto table = TableByArn(call, r.resource_arn, ArnUse::kPolicy);
  if (!table.ok()) return table.status();
  TableMeta meta;
  if (!catalog_.Describe(**table, &meta) || !meta.resource_policy) {
    return PolicyNotFound(r.resource_arn);
  }
  return ResourcePolicyResponse{meta.resource_policy, meta.policy_revision_id};
}

Result<ResourcePolicyResponse> EngineDatabase::DeleteResourcePolicy(
    const CallOptions& call, const ResourcePolicyRequest& r) {
  auto table = TableByArn(call, r.resource_arn, ArnUse::kPolicy);
  if (!table.ok()) return table.status();
  std::string revision;
  STATOR_RETURN_IF_ERROR(catalog_.Update(**table, [&](TableMeta& meta) -> Status {
    if (!meta.resource_policy) return PolicyNotFound(r.resource_arn);
    if (r.expected_revision_id && *r.expected_revision_id != meta.policy_revision_id) {
      return PolicyNotFound(r.resource_arn);
    }
    revision = meta.policy_revision_id;
    meta.resource_policy.reset();
    meta.policy_revision_id.clear();
    return Status::OK();
  }));
  return ResourcePolicyResponse{std::nullopt, revision};
}

}  // namespace stator::engine
