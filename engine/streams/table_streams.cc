// A table's stream, as CreateTable, UpdateTable and DeleteTable change it: enabling makes a new
// stream (a new ARN) whose write hook the table's item writes pass from then on; disabling
// closes it, keeping it readable for the retention period; DescribeTable then omits
// StreamSpecification but keeps LatestStreamArn and LatestStreamLabel, as the service does.
#include <set>

#include "engine/engine_database.h"
#include "engine/streams/stream_upkeep.h"

namespace stator::engine {

Result<std::shared_ptr<StreamHook>> EngineDatabase::NewStream(std::string_view tenant,
                                                              const KeySchema& key,
                                                              TableDescription* d) {
  auto id = catalog_.AllocateId();
  if (!id.ok()) return id.status();
  auto hook = streams_.Create({*id, std::string(tenant), d->table_name, d->table_arn, &key,
                               *d->stream_specification->stream_view_type});
  if (!hook.ok()) return hook.status();
  d->latest_stream_arn = (*hook)->log().arn();
  d->latest_stream_label = (*hook)->log().label();
  return hook;
}

Status EngineDatabase::UpdateStream(const std::shared_ptr<Table>& table,
                                    const UpdateTableRequest& r) {
  const StreamSpecification& spec = *r.stream_specification;
  if (spec.stream_enabled && !spec.stream_view_type) {
    return Status::Validation(
        "One or more parameter values were invalid: If stream is being enabled then "
        "UpdateViewType is required");
  }
  if (!spec.stream_enabled && spec.stream_view_type) {
    return Status::Validation(
        "One or more parameter values were invalid: If stream is being disabled, then "
        "UpdateViewType must not be specified");
  }
  if (r.provisioned_throughput) {
    return Status::Validation(
        "One or more parameter values were invalid: You cannot modify stream status while "
        "updating table IOPS");
  }
  std::lock_guard lock(stream_changes_);
  TableMeta current;
  if (!catalog_.Describe(*table, &current)) return Status::NotFound("Requested resource not found");
  TableDescription d = current.description;
  const bool enabled = d.stream_specification && d.stream_specification->stream_enabled;
  if (spec.stream_enabled && enabled) {
    return Status::Validation("Table already has an enabled stream: TableName: " + d.table_name);
  }
  if (!spec.stream_enabled && !enabled) {
    return Status::Validation("Table has no stream to disable: TableName: " + d.table_name);
  }
  if (!spec.stream_enabled) {
    STATOR_RETURN_IF_ERROR(catalog_.Update(*table, [](TableMeta& meta) {
      meta.description.stream_specification.reset();
      return Status::OK();
    }));
    return DisableStream(*table, d);
  }
  d.stream_specification = spec;
  auto hook = NewStream(table->tenant, table->key, &d);
  if (!hook.ok()) return hook.status();
  items_.AddHook(*table, *hook);
  Status updated = catalog_.Update(*table, [&](TableMeta& meta) {
    meta.description.stream_specification = d.stream_specification;
    meta.description.latest_stream_arn = d.latest_stream_arn;
    meta.description.latest_stream_label = d.latest_stream_label;
    return Status::OK();
  });
  if (!updated.ok()) {  // the table went away meanwhile: so does its new stream
    items_.RemoveHook(*table, hook->get());
    (void)streams_.Drop((*hook)->log());
  }
  return updated;
}

Status EngineDatabase::DisableStream(Table& table, const TableDescription& d) {
  if (!d.latest_stream_arn) return Status::OK();
  auto hook = streams_.HookOf(table.tenant, *d.latest_stream_arn);
  STATOR_RETURN_IF_ERROR(streams_.Disable(table.tenant, *d.latest_stream_arn));
  if (hook != nullptr) items_.RemoveHook(table, hook.get());
  return Status::OK();
}

Status EngineDatabase::OpenStreams() {
  STATOR_RETURN_IF_ERROR(streams_.Load());
  std::set<std::pair<std::string, std::string>> attached;
  for (const auto& table : catalog_.AllTables()) {
    TableMeta meta;
    if (!catalog_.Describe(*table, &meta)) continue;
    const TableDescription& d = meta.description;
    if (!d.stream_specification || !d.stream_specification->stream_enabled ||
        !d.latest_stream_arn) {
      continue;
    }
    auto hook = streams_.HookOf(table->tenant, *d.latest_stream_arn);
    if (hook == nullptr) return Status::IOError("the stream of table " + d.table_name + " is lost");
    items_.AddHook(*table, hook);
    attached.emplace(table->tenant, *d.latest_stream_arn);
  }
  // A stream made for a table that never recorded it (a crash between the two writes) or of a
  // table that is gone is disabled: no table writes to it.
  for (const auto& log : streams_.All()) {
    if (log->enabled() && attached.count({log->tenant(), log->arn()}) == 0) {
      STATOR_RETURN_IF_ERROR(log->Disable(options_.clock->NowMicros()));
    }
  }
  return ScheduleStreamUpkeep(scheduler_, streams_);
}

}  // namespace stator::engine
