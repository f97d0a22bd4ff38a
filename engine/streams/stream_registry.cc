#include "engine/streams/stream_registry.h"

#include <algorithm>

#include "engine/model/coding.h"
#include "engine/streams/stream_record_codec.h"

namespace stator::engine {
namespace {

std::vector<KeySchemaElement> KeySchemaElements(const KeySchema& key) {
  std::vector<KeySchemaElement> out{{key.hash.name, KeyType::kHash}};
  if (key.range) out.push_back({key.range->name, KeyType::kRange});
  return out;
}

}  // namespace

std::string StreamRegistry::ArnKey(std::string_view tenant, std::string_view arn) {
  std::string key;
  PutVarint(&key, tenant.size());
  key.append(tenant);
  key.append(arn);
  return key;
}

Status StreamRegistry::Load() {
  std::vector<StreamMeta> metas;
  bool corrupt = false;
  auto collect = [&](std::string_view, std::string_view value) {
    StreamMeta meta;
    if (!DecodeStreamMeta(value, &meta)) {
      corrupt = true;
      return false;
    }
    metas.push_back(std::move(meta));
    return true;
  };
  STATOR_RETURN_IF_ERROR(storage_.ForEachWithPrefix(Space::kMeta, kStreamMetaPrefix, collect));
  if (corrupt) return Status::IOError("corrupt stream metadata");
  std::lock_guard lock(mu_);
  for (StreamMeta& meta : metas) {
    auto next = RecoverNextSequence(meta);
    if (!next.ok()) return next.status();
    const uint32_t id = meta.id;
    const std::string key = ArnKey(meta.tenant, meta.arn());
    auto log = std::make_shared<StreamLog>(storage_, std::move(meta), *next);
    auto hook = log->enabled() ? std::make_shared<StreamHook>(log, clock_) : nullptr;
    by_id_[id] = {std::move(log), std::move(hook)};
    by_arn_[key] = id;
  }
  return Status::OK();
}

Result<uint64_t> StreamRegistry::RecoverNextSequence(const StreamMeta& meta) const {
  uint64_t next = 1;
  for (const ShardMeta& shard : meta.shards) {
    next = std::max({next, shard.start_seq, shard.horizon, shard.open() ? 0 : shard.end_seq + 1});
    if (!shard.open()) continue;
    // The last record written into the open shard.
    auto it = storage_.NewRangeIterator(Space::kStreams, ShardPrefix(meta.id, shard.ordinal),
                                        ShardPrefix(meta.id, shard.ordinal + 1), true);
    if (it->Valid()) next = std::max(next, SequenceOfKey(it->key()) + 1);
    STATOR_RETURN_IF_ERROR(it->status());
  }
  return next;
}

Result<std::shared_ptr<StreamHook>> StreamRegistry::Create(const NewStream& s) {
  StreamMeta meta;
  meta.id = s.id;
  meta.tenant = s.tenant;
  meta.table_name = s.table_name;
  meta.table_arn = s.table_arn;
  meta.view_type = s.view;
  meta.key_schema = KeySchemaElements(*s.key);
  meta.created_micros = clock_.NowMicros();
  std::lock_guard lock(mu_);
  // Labels are times in milliseconds: a stream enabled again within the same millisecond takes
  // the next one, so ARNs stay unique.
  meta.label = StreamLabel(meta.created_micros);
  while (by_arn_.count(ArnKey(meta.tenant, meta.arn())) != 0) {
    meta.created_micros += 1000;
    meta.label = StreamLabel(meta.created_micros);
  }
  ShardMeta shard;
  shard.ordinal = meta.next_ordinal++;
  shard.created_micros = meta.created_micros;
  shard.start_seq = 1;
  shard.horizon = 1;
  meta.shards.push_back(shard);
  const std::string key = ArnKey(meta.tenant, meta.arn());
  auto log = std::make_shared<StreamLog>(storage_, std::move(meta), 1);
  STATOR_RETURN_IF_ERROR(log->Persist());
  auto hook = std::make_shared<StreamHook>(log, clock_);
  by_id_[s.id] = {std::move(log), hook};
  by_arn_[key] = s.id;
  return hook;
}

std::shared_ptr<StreamHook> StreamRegistry::HookOf(std::string_view tenant,
                                                   std::string_view arn) const {
  std::lock_guard lock(mu_);
  auto it = by_arn_.find(ArnKey(tenant, arn));
  if (it == by_arn_.end()) return nullptr;
  const Entry& e = by_id_.at(it->second);
  return e.log->enabled() ? e.hook : nullptr;
}

Status StreamRegistry::Disable(std::string_view tenant, std::string_view arn) {
  auto log = Find(tenant, arn);
  if (log == nullptr) return Status::OK();
  return log->Disable(clock_.NowMicros());
}

std::shared_ptr<StreamLog> StreamRegistry::Find(std::string_view tenant,
                                                std::string_view arn) const {
  std::lock_guard lock(mu_);
  auto it = by_arn_.find(ArnKey(tenant, arn));
  return it == by_arn_.end() ? nullptr : by_id_.at(it->second).log;
}

std::shared_ptr<StreamLog> StreamRegistry::FindById(uint32_t id) const {
  std::lock_guard lock(mu_);
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second.log;
}

std::shared_ptr<StreamLog> StreamRegistry::FindAnywhere(std::string_view arn) const {
  std::lock_guard lock(mu_);
  for (auto it = by_id_.rbegin(); it != by_id_.rend(); ++it) {
    if (it->second.log->arn() == arn) return it->second.log;
  }
  return nullptr;
}

std::shared_ptr<StreamLog> StreamRegistry::NextOfTable(std::string_view table_name,
                                                       uint32_t after_id) const {
  std::lock_guard lock(mu_);
  if (after_id != 0) {
    for (auto it = by_id_.upper_bound(after_id); it != by_id_.end(); ++it) {
      if (it->second.log->table_name() == table_name) return it->second.log;
    }
    return nullptr;
  }
  std::shared_ptr<StreamLog> newest;
  for (auto it = by_id_.rbegin(); it != by_id_.rend(); ++it) {
    if (it->second.log->table_name() != table_name) continue;
    if (it->second.log->enabled()) return it->second.log;
    if (newest == nullptr) newest = it->second.log;
  }
  return newest;
}

std::shared_ptr<StreamLog> StreamRegistry::OldestOfTableSince(std::string_view table_name,
                                                              uint32_t from_id,
                                                              int64_t since) const {
  std::lock_guard lock(mu_);
  for (auto it = by_id_.lower_bound(from_id); it != by_id_.end(); ++it) {
    const StreamLog& log = *it->second.log;
    if (log.table_name() != table_name) continue;
    const int64_t disabled = log.meta()->disabled_micros;
    if (disabled == 0 || disabled >= since) return it->second.log;
  }
  return nullptr;
}

std::vector<std::shared_ptr<StreamLog>> StreamRegistry::List(std::string_view tenant) const {
  std::vector<std::shared_ptr<StreamLog>> out;
  std::lock_guard lock(mu_);
  for (const auto& [id, e] : by_id_) {
    if (e.log->tenant() == tenant) out.push_back(e.log);
  }
  return out;
}

std::vector<std::shared_ptr<StreamLog>> StreamRegistry::All() const {
  std::vector<std::shared_ptr<StreamLog>> out;
  std::lock_guard lock(mu_);
  for (const auto& [id, e] : by_id_) out.push_back(e.log);
  return out;
}

Status StreamRegistry::Drop(const StreamLog& log) {
  WriteBatch batch(storage_);
  batch.Delete(Space::kMeta, StreamMetaKey(log.id()));
  batch.DeleteRange(Space::kStreams, StreamPrefix(log.id()), StreamPrefix(log.id() + 1));
  STATOR_RETURN_IF_ERROR(storage_.Write(batch));
  std::lock_guard lock(mu_);
  by_arn_.erase(ArnKey(log.tenant(), log.arn()));
  by_id_.erase(log.id());
  return Status::OK();
}

}  // namespace stator::engine
