// Time to live, the control plane: UpdateTimeToLive and DescribeTimeToLive. The setting is the
// table's persisted metadata (TableMeta::ttl_attribute), so it survives a restart; the sweeper
// (ttl_sweeper.h) reads it at every chunk, so a change takes effect at its next chunk.
//
// The service's UpdateTimeToLive is not idempotent and these are its messages, as it words them
// (recorded against the service by several DynamoDB conformance suites): enabling while enabled,
// whatever the attribute, and disabling while disabled are refused, and naming another attribute
// than the enabled one says which one is. Its states ENABLING and DISABLING last up to an hour
// there, with further changes refused meanwhile ("Time to live has been modified multiple times
// within a fixed interval"); here a change applies at once, as in DynamoDB Local, so a test can
// enable and disable TTL without waiting.
#include <string>

#include "engine/engine_database.h"
#include "engine/model/names.h"
#include "engine/model/validation_errors.h"

namespace stator::engine {
namespace {

constexpr size_t kMaxTtlAttributeName = 255;
constexpr std::string_view kTtlAttributePath = "timeToLiveSpecification.attributeName";
inline constexpr std::string_view kTtlAlreadyEnabled = "TimeToLive is already enabled";
inline constexpr std::string_view kTtlAlreadyDisabled = "TimeToLive is already disabled";
inline constexpr std::string_view kTtlOnOtherAttribute =
    "TimeToLive is active on a different AttributeName: current AttributeName is ";

// The request's names, reported together as the service's front end reports them.
Status CheckUpdateTimeToLive(const UpdateTimeToLiveRequest& r) {
  ValidationErrors errors;
  CheckName(TableNameOf(r.table_name), "tableName", &errors);
  const std::string& name = r.time_to_live_specification.attribute_name;
  if (name.empty()) {
    errors.Add(Quoted(name), kTtlAttributePath,
               "Member must have length greater than or equal to 1");
  }
  if (name.size() > kMaxTtlAttributeName) {
    errors.Add(Quoted(name), kTtlAttributePath,
               "Member must have length less than or equal to 255");
  }
  return errors.ToStatus();
}

// Applies `spec` to the table's setting, or says why the service would refuse it.
Status ApplyTimeToLive(const TimeToLiveSpecification& spec, std::optional<std::string>& current) {
  if (current && *current != spec.attribute_name) {
    return Status::Validation(std::string(kTtlOnOtherAttribute) + *current);
  }
  if (spec.enabled && current) return Status::Validation(std::string(kTtlAlreadyEnabled));
  if (!spec.enabled && !current) return Status::Validation(std::string(kTtlAlreadyDisabled));
  if (spec.enabled) {
    current = spec.attribute_name;
  } else {
    current.reset();
  }
  return Status::OK();
}

}  // namespace

Result<TimeToLiveSpecification> EngineDatabase::UpdateTimeToLive(const CallOptions& call,
                                                                 const UpdateTimeToLiveRequest& r) {
  STATOR_RETURN_IF_ERROR(CheckUpdateTimeToLive(r));
  auto table = AnyTable(call, r.table_name, false);
  if (!table.ok()) return table.status();
  STATOR_RETURN_IF_ERROR(catalog_.Update(**table, [&](TableMeta& meta) {
    return ApplyTimeToLive(r.time_to_live_specification, meta.ttl_attribute);
  }));
  return r.time_to_live_specification;
}

Result<TimeToLiveDescription> EngineDatabase::DescribeTimeToLive(const CallOptions& call,
                                                                 const TableNameRequest& r) {
  auto table = AnyTable(call, r.table_name, false);
  if (!table.ok()) return table.status();
  TableMeta meta;
  if (!catalog_.Describe(**table, &meta)) return Status::NotFound("Requested resource not found");
  TimeToLiveDescription d;
  if (meta.ttl_attribute) {
    d.time_to_live_status = "ENABLED";
    d.attribute_name = std::move(meta.ttl_attribute);
  }
  return d;
}

}  // namespace stator::engine
