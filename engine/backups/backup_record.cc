#include "engine/backups/backup_record.h"

#include "engine/model/item_codec.h"
#include "engine/model/record_fields.h"
#include "engine/model/uuid.h"
#include "engine/storage/sorted_files.h"
#include "engine/tables/table_meta_codec.h"

namespace stator::engine {
namespace {

using fields::Find;
using fields::Num;
using fields::Str;

int64_t IntField(const Item& m, std::string_view name) {
  return fields::NumberOf<int64_t>(m, name);
}
std::string StrField(const Item& m, std::string_view name) { return fields::StringOf(m, name); }

// "<13-digit milliseconds>-<8 hex digits>", as the service's backup ARNs end.
std::string NewBackupId(int64_t now_micros) {
  std::string millis = std::to_string(now_micros / 1000);
  if (millis.size() < 13) millis.insert(0, 13 - millis.size(), '0');
  return millis + "-" + NewUuid().substr(0, 8);
}

}  // namespace

BackupRecord NewBackupRecord(std::string_view tenant, const Table& table, TableMeta meta,
                             std::string name, BackupType type, int64_t now_micros) {
  BackupRecord record;
  record.id = NewBackupId(now_micros);
  record.tenant = std::string(tenant);
  record.arn = meta.description.table_arn + "/backup/" + record.id;
  record.name = std::move(name);
  record.type = type;
  record.created_micros = now_micros;
  record.key = table.key;
  record.source = std::move(meta);
  return record;
}

std::string BackupRecordKey(std::string_view backup_id) {
  std::string key(kBackupRecordPrefix);
  key.append(backup_id);
  return key;
}

std::string EncodeBackupRecord(const BackupRecord& r) {
  Item m;
  m["id"] = Str(r.id);
  m["tenant"] = Str(r.tenant);
  m["arn"] = Str(r.arn);
  m["name"] = Str(r.name);
  m["status"] = Num(int64_t(r.status));
  m["type"] = Num(int64_t(r.type));
  m["created"] = Num(r.created_micros);
  m["size"] = Num(r.size_bytes);
  m["count"] = Num(r.item_count);
  m["has_items"] = AttributeValue::Bool(r.has_items_file);
  if (r.point_in_time_image) m["pitr_image"] = AttributeValue::Bool(true);
  m["table"] = AttributeValue::B(EncodeTableMeta(r.key, r.source));
  return EncodeItem(m);
}

bool DecodeBackupRecord(std::string_view in, BackupRecord* out) {
  Item m;
  if (!DecodeItem(in, &m)) return false;
  out->id = StrField(m, "id");
  out->tenant = StrField(m, "tenant");
  out->arn = StrField(m, "arn");
  out->name = StrField(m, "name");
  out->status = static_cast<BackupStatus>(IntField(m, "status"));
  out->type = static_cast<BackupType>(IntField(m, "type"));
  out->created_micros = IntField(m, "created");
  out->size_bytes = IntField(m, "size");
  out->item_count = IntField(m, "count");
  const AttributeValue* has_items = Find(m, "has_items");
  out->has_items_file =
      has_items != nullptr && has_items->type() == AttributeType::kBOOL && has_items->boolean();
  const AttributeValue* image = Find(m, "pitr_image");
  out->point_in_time_image =
      image != nullptr && image->type() == AttributeType::kBOOL && image->boolean();
  const AttributeValue* table = Find(m, "table");
  if (table == nullptr || table->type() != AttributeType::kB) return false;
  return !out->id.empty() && DecodeTableMeta(table->s(), &out->key, &out->source);
}

std::string PointInTimeImageId(uint32_t table_id) { return "pitr-" + std::to_string(table_id); }

std::string BackupsRoot(const Storage& storage) { return StorageDir(storage) + "/backups"; }

std::string BackupDir(const Storage& storage, std::string_view backup_id) {
  return BackupsRoot(storage) + "/" + std::string(backup_id);
}

}  // namespace stator::engine
