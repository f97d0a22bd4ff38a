#include "engine/streams/stream_meta.h"

#include <ctime>

#include "engine/model/coding.h"
#include "engine/model/item_codec.h"
#include "engine/model/record_fields.h"

namespace stator::engine {
namespace {

using fields::Find;
using fields::Num;
using fields::Str;

uint64_t ToUint(const AttributeMap& m, std::string_view name) {
  return fields::NumberOf<uint64_t>(m, name);
}
std::string ToStr(const AttributeMap& m, std::string_view name) {
  return fields::StringOf(m, name);
}

AttributeValue EncodeShard(const ShardMeta& s) {
  AttributeMap m{
      {"o", Num(s.ordinal)}, {"c", Num(uint64_t(s.created_micros))}, {"s", Num(s.start_seq)},
      {"e", Num(s.end_seq)}, {"x", Num(uint64_t(s.closed_micros))},  {"h", Num(s.horizon)}};
  if (s.parent) {
    m["p"] = Num(*s.parent);
    m["pc"] = Num(uint64_t(s.parent_created_micros));
  }
  return AttributeValue::M(std::move(m));
}

ShardMeta DecodeShard(const AttributeMap& m) {
  ShardMeta s;
  s.ordinal = static_cast<uint32_t>(ToUint(m, "o"));
  s.created_micros = static_cast<int64_t>(ToUint(m, "c"));
  s.start_seq = ToUint(m, "s");
  s.end_seq = ToUint(m, "e");
  s.closed_micros = static_cast<int64_t>(ToUint(m, "x"));
  s.horizon = ToUint(m, "h");
  if (Find(m, "p") != nullptr) {
    s.parent = static_cast<uint32_t>(ToUint(m, "p"));
    s.parent_created_micros = static_cast<int64_t>(ToUint(m, "pc"));
  }
  return s;
}

}  // namespace

std::string StreamMetaKey(uint32_t stream_id) {
  std::string key(kStreamMetaPrefix);
  PutFixed32BE(&key, stream_id);
  return key;
}

std::string EncodeStreamMeta(const StreamMeta& meta) {
  AttributeMap m{{"id", Num(meta.id)},
                 {"tenant", Str(meta.tenant)},
                 {"table", Str(meta.table_name)},
                 {"table_arn", Str(meta.table_arn)},
                 {"label", Str(meta.label)},
                 {"created", Num(uint64_t(meta.created_micros))},
                 {"view", Num(uint64_t(meta.view_type))},
                 {"disabled", Num(uint64_t(meta.disabled_micros))},
                 {"next_ordinal", Num(meta.next_ordinal)}};
  AttributeList keys;
  for (const KeySchemaElement& k : meta.key_schema) {
    keys.push_back(
        AttributeValue::M({{"name", Str(k.attribute_name)}, {"type", Num(uint64_t(k.key_type))}}));
  }
  m["keys"] = AttributeValue::L(std::move(keys));
  AttributeList shards;
  for (const ShardMeta& s : meta.shards) shards.push_back(EncodeShard(s));
  m["shards"] = AttributeValue::L(std::move(shards));
  return EncodeItem(m);
}

bool DecodeStreamMeta(std::string_view in, StreamMeta* out) {
  AttributeMap m;
  if (!DecodeItem(in, &m)) return false;
  out->id = static_cast<uint32_t>(ToUint(m, "id"));
  out->tenant = ToStr(m, "tenant");
  out->table_name = ToStr(m, "table");
  out->table_arn = ToStr(m, "table_arn");
  out->label = ToStr(m, "label");
  out->created_micros = static_cast<int64_t>(ToUint(m, "created"));
  out->view_type = static_cast<StreamViewType>(ToUint(m, "view"));
  out->disabled_micros = static_cast<int64_t>(ToUint(m, "disabled"));
  out->next_ordinal = static_cast<uint32_t>(ToUint(m, "next_ordinal"));
  out->key_schema.clear();
  if (auto* v = Find(m, "keys"); v != nullptr && v->type() == AttributeType::kL) {
    for (const AttributeValue& k : v->l()) {
      if (k.type() != AttributeType::kM) return false;
      out->key_schema.push_back(
          {ToStr(k.m(), "name"), static_cast<KeyType>(ToUint(k.m(), "type"))});
    }
  }
  out->shards.clear();
  if (auto* v = Find(m, "shards"); v != nullptr && v->type() == AttributeType::kL) {
    for (const AttributeValue& s : v->l()) {
      if (s.type() != AttributeType::kM) return false;
      out->shards.push_back(DecodeShard(s.m()));
    }
  }
  return out->id != 0 && !out->label.empty();
}

std::string StreamLabel(int64_t micros) {
  const time_t seconds = static_cast<time_t>(micros / 1000000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(micros / 1000 % 1000));
  return buf;
}

}  // namespace stator::engine
