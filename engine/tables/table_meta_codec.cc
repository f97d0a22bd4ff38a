#include "engine/tables/table_meta_codec.h"

#include <charconv>

#include "engine/model/item_codec.h"

namespace stator::engine {
namespace {

// Field names are persisted: never rename.
AttributeValue Num(int64_t v) { return AttributeValue::N(std::to_string(v)); }
AttributeValue Num(double v) {
  char buf[40];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return AttributeValue::N(std::string(buf, r.ptr));
}
AttributeValue Str(std::string_view s) { return AttributeValue::S(std::string(s)); }

int64_t ToInt(const AttributeValue* v) {
  int64_t out = 0;
  if (v != nullptr && v->type() == AttributeType::kN) {
    std::from_chars(v->s().data(), v->s().data() + v->s().size(), out);
  }
  return out;
}
double ToDouble(const AttributeValue* v) {
  double out = 0;
  if (v != nullptr && v->type() == AttributeType::kN) {
    std::from_chars(v->s().data(), v->s().data() + v->s().size(), out);
  }
  return out;
}
std::string ToStr(const AttributeValue* v) {
  return v != nullptr && v->type() == AttributeType::kS ? v->s() : std::string();
}
const AttributeValue* Field(const AttributeMap& m, std::string_view name) {
  auto it = m.find(name);
  return it == m.end() ? nullptr : &it->second;
}

AttributeValue EncodeKeyAttribute(const KeyAttribute& k) {
  return AttributeValue::M({{"name", Str(k.name)}, {"type", Num(int64_t(k.type))}});
}
KeyAttribute DecodeKeyAttribute(const AttributeValue* v) {
  KeyAttribute k;
  if (v == nullptr || v->type() != AttributeType::kM) return k;
  k.name = ToStr(Field(v->m(), "name"));
  k.type = static_cast<ScalarType>(ToInt(Field(v->m(), "type")));
  return k;
}

// A multi-attribute key's further attributes; absent from records of single-attribute indexes
// (and of every index written before multi-attribute keys existed).
void EncodeMoreKeys(const std::vector<KeyAttribute>& keys, std::string_view field,
                    AttributeMap& m) {
  if (keys.empty()) return;
  AttributeList list;
  for (const KeyAttribute& k : keys) list.push_back(EncodeKeyAttribute(k));
  m[std::string(field)] = AttributeValue::L(std::move(list));
}
void DecodeMoreKeys(const AttributeValue* v, std::vector<KeyAttribute>* keys) {
  if (v == nullptr || v->type() != AttributeType::kL) return;
  for (const AttributeValue& k : v->l()) keys->push_back(DecodeKeyAttribute(&k));
}

// An OnDemandThroughput, a table's or a GSI's: {read: N, write: N}, each member only when set.
AttributeValue EncodeOnDemand(const OnDemandThroughput& odt) {
  AttributeMap on_demand;
  if (odt.max_read_request_units) on_demand["read"] = Num(*odt.max_read_request_units);
  if (odt.max_write_request_units) on_demand["write"] = Num(*odt.max_write_request_units);
  return AttributeValue::M(std::move(on_demand));
}

std::optional<OnDemandThroughput> DecodeOnDemand(const AttributeValue* v) {
  if (v == nullptr || v->type() != AttributeType::kM) return std::nullopt;
  OnDemandThroughput odt;
  if (auto* r = Field(v->m(), "read")) odt.max_read_request_units = ToInt(r);
  if (auto* w = Field(v->m(), "write")) odt.max_write_request_units = ToInt(w);
  return odt;
}

AttributeValue EncodeIndex(const IndexDef& index) {
  AttributeMap m;
  m["name"] = Str(index.name);
  m["id"] = Num(int64_t(index.id));
  m["local"] = AttributeValue::Bool(index.local);
  m["hash"] = EncodeKeyAttribute(index.key.hash);
  if (index.key.range) m["range"] = EncodeKeyAttribute(*index.key.range);
  EncodeMoreKeys(index.key.more_hash, "more_hash", m);
  EncodeMoreKeys(index.key.more_range, "more_range", m);
  m["projection"] = Num(int64_t(index.projection.projection_type));
  AttributeList non_key;
  for (const auto& name : index.projection.non_key_attributes) non_key.push_back(Str(name));
  m["non_key"] = AttributeValue::L(std::move(non_key));
  if (index.throughput) {
    m["rcu"] = Num(index.throughput->read_capacity_units);
    m["wcu"] = Num(index.throughput->write_capacity_units);
  }
  if (index.number_of_decreases_today != 0) m["decreases"] = Num(index.number_of_decreases_today);
  if (index.last_increase_date_time) m["last_increase"] = Num(*index.last_increase_date_time);
  if (index.last_decrease_date_time) m["last_decrease"] = Num(*index.last_decrease_date_time);
  if (index.on_demand_throughput) m["on_demand"] = EncodeOnDemand(*index.on_demand_throughput);
  m["backfilling"] = AttributeValue::Bool(index.backfilling);
  m["cursor"] = AttributeValue::B(index.backfill_cursor);
  return AttributeValue::M(std::move(m));
}

bool IsTrue(const AttributeValue* v) {
  return v != nullptr && v->type() == AttributeType::kBOOL && v->boolean();
}

IndexDef DecodeIndex(const AttributeMap& m) {
  IndexDef index;
  index.name = ToStr(Field(m, "name"));
  index.id = static_cast<uint32_t>(ToInt(Field(m, "id")));
  index.local = IsTrue(Field(m, "local"));
  index.key.hash = DecodeKeyAttribute(Field(m, "hash"));
  if (auto* v = Field(m, "range")) index.key.range = DecodeKeyAttribute(v);
  DecodeMoreKeys(Field(m, "more_hash"), &index.key.more_hash);
  DecodeMoreKeys(Field(m, "more_range"), &index.key.more_range);
  index.projection.projection_type = static_cast<ProjectionType>(ToInt(Field(m, "projection")));
  if (auto* v = Field(m, "non_key"); v && v->type() == AttributeType::kL) {
    for (const auto& name : v->l()) index.projection.non_key_attributes.push_back(ToStr(&name));
  }
  if (auto* v = Field(m, "rcu")) {
    index.throughput = ProvisionedThroughput{ToInt(v), ToInt(Field(m, "wcu"))};
  }
  if (auto* v = Field(m, "decreases")) index.number_of_decreases_today = ToInt(v);
  if (auto* v = Field(m, "last_increase")) index.last_increase_date_time = ToDouble(v);
  if (auto* v = Field(m, "last_decrease")) index.last_decrease_date_time = ToDouble(v);
  index.on_demand_throughput = DecodeOnDemand(Field(m, "on_demand"));
  index.backfilling = IsTrue(Field(m, "backfilling"));
  if (auto* v = Field(m, "cursor"); v && v->type() == AttributeType::kB) {
    index.backfill_cursor = v->s();
  }
  return index;
}

void EncodeDescription(const TableDescription& d, AttributeMap& m) {
  m["name"] = Str(d.table_name);
  m["arn"] = Str(d.table_arn);
  m["uuid"] = Str(d.table_id);
  m["created"] = Num(d.creation_date_time);
  m["billing"] = Num(int64_t(d.billing_mode));
  if (d.last_update_to_pay_per_request_date_time) {
    m["ppr_since"] = Num(*d.last_update_to_pay_per_request_date_time);
  }
  const auto& pt = d.provisioned_throughput;
  m["rcu"] = Num(pt.read_capacity_units);
  m["wcu"] = Num(pt.write_capacity_units);
  m["decreases"] = Num(pt.number_of_decreases_today);
  if (pt.last_increase_date_time) m["last_increase"] = Num(*pt.last_increase_date_time);
  if (pt.last_decrease_date_time) m["last_decrease"] = Num(*pt.last_decrease_date_time);
  if (d.on_demand_throughput) m["on_demand"] = EncodeOnDemand(*d.on_demand_throughput);
  if (d.sse_description) {
    m["sse"] = AttributeValue::M({{"status", Str(d.sse_description->status)},
                                  {"type", Str(d.sse_description->sse_type)},
                                  {"kms", Str(d.sse_description->kms_master_key_arn)}});
  }
  m["class"] = Num(int64_t(d.table_class));
  m["class_reported"] = AttributeValue::Bool(d.table_class_reported);
  m["deletion_protection"] = AttributeValue::Bool(d.deletion_protection_enabled);
  if (d.stream_specification) {
    AttributeMap spec{{"enabled", AttributeValue::Bool(d.stream_specification->stream_enabled)}};
    if (d.stream_specification->stream_view_type) {
      spec["view"] = Num(int64_t(*d.stream_specification->stream_view_type));
    }
    m["stream"] = AttributeValue::M(std::move(spec));
  }
  if (d.latest_stream_arn) m["stream_arn"] = Str(*d.latest_stream_arn);
  if (d.latest_stream_label) m["stream_label"] = Str(*d.latest_stream_label);
  AttributeList defs;
  for (const auto& a : d.attribute_definitions) {
    defs.push_back(EncodeKeyAttribute({a.attribute_name, a.attribute_type}));
  }
  m["attrs"] = AttributeValue::L(std::move(defs));
  if (d.restore_summary) {
    m["restore"] = AttributeValue::M(
        {{"backup_arn", Str(d.restore_summary->source_backup_arn)},
         {"table_arn", Str(d.restore_summary->source_table_arn)},
         {"at", Num(d.restore_summary->restore_date_time)},
         {"in_progress", AttributeValue::Bool(d.restore_summary->restore_in_progress)}});
  }
}

void DecodeDescription(const AttributeMap& m, TableDescription& d) {
  d.table_name = ToStr(Field(m, "name"));
  d.table_arn = ToStr(Field(m, "arn"));
  d.table_id = ToStr(Field(m, "uuid"));
  d.creation_date_time = ToDouble(Field(m, "created"));
  d.billing_mode = static_cast<BillingMode>(ToInt(Field(m, "billing")));
  if (auto* v = Field(m, "ppr_since")) d.last_update_to_pay_per_request_date_time = ToDouble(v);
  auto& pt = d.provisioned_throughput;
  pt.read_capacity_units = ToInt(Field(m, "rcu"));
  pt.write_capacity_units = ToInt(Field(m, "wcu"));
  pt.number_of_decreases_today = ToInt(Field(m, "decreases"));
  if (auto* v = Field(m, "last_increase")) pt.last_increase_date_time = ToDouble(v);
  if (auto* v = Field(m, "last_decrease")) pt.last_decrease_date_time = ToDouble(v);
  d.on_demand_throughput = DecodeOnDemand(Field(m, "on_demand"));
  if (auto* v = Field(m, "sse"); v && v->type() == AttributeType::kM) {
    d.sse_description = SSEDescription{ToStr(Field(v->m(), "status")),
                                       ToStr(Field(v->m(), "type")),
                                       ToStr(Field(v->m(), "kms"))};
  }
  d.table_class = static_cast<TableClass>(ToInt(Field(m, "class")));
  auto* reported = Field(m, "class_reported");
  d.table_class_reported = reported && reported->type() == AttributeType::kBOOL &&
                           reported->boolean();
  auto* protection = Field(m, "deletion_protection");
  d.deletion_protection_enabled =
      protection && protection->type() == AttributeType::kBOOL && protection->boolean();
  if (auto* v = Field(m, "stream"); v && v->type() == AttributeType::kM) {
    StreamSpecification& spec = d.stream_specification.emplace();
    auto* enabled = Field(v->m(), "enabled");
    spec.stream_enabled = enabled && enabled->type() == AttributeType::kBOOL && enabled->boolean();
    if (auto* view = Field(v->m(), "view")) {
      spec.stream_view_type = static_cast<StreamViewType>(ToInt(view));
    }
  }
  if (auto* v = Field(m, "stream_arn")) d.latest_stream_arn = ToStr(v);
  if (auto* v = Field(m, "stream_label")) d.latest_stream_label = ToStr(v);
  if (auto* v = Field(m, "attrs"); v && v->type() == AttributeType::kL) {
    for (const auto& a : v->l()) {
      KeyAttribute k = DecodeKeyAttribute(&a);
      d.attribute_definitions.push_back({k.name, k.type});
    }
  }
  if (auto* v = Field(m, "restore"); v && v->type() == AttributeType::kM) {
    RestoreSummary& r = d.restore_summary.emplace();
    r.source_backup_arn = ToStr(Field(v->m(), "backup_arn"));
    r.source_table_arn = ToStr(Field(v->m(), "table_arn"));
    r.restore_date_time = ToDouble(Field(v->m(), "at"));
    r.restore_in_progress = IsTrue(Field(v->m(), "in_progress"));
  }
}

}  // namespace

std::string EncodeTableMeta(const KeySchema& key, const TableMeta& meta) {
  AttributeMap m;
  m["tenant"] = Str(meta.tenant);
  m["hash"] = EncodeKeyAttribute(key.hash);
  if (key.range) m["range"] = EncodeKeyAttribute(*key.range);
  EncodeDescription(meta.description, m);
  AttributeList tag_list;
  for (const auto& t : meta.tags) {
    tag_list.push_back(AttributeValue::L({Str(t.key), Str(t.value)}));
  }
  m["tags"] = AttributeValue::L(std::move(tag_list));
  if (meta.resource_policy) m["policy"] = Str(*meta.resource_policy);
  m["policy_revision"] = Str(meta.policy_revision_id);
  m["transient_status"] = Num(int64_t(meta.transient_status));
  m["transient_until"] = Num(meta.transient_until_micros);
  AttributeList indexes;
  for (const auto& index : meta.indexes) indexes.push_back(EncodeIndex(index));
  m["indexes"] = AttributeValue::L(std::move(indexes));
  if (meta.ttl_attribute) m["ttl"] = Str(*meta.ttl_attribute);
  if (!meta.on_demand_switches.empty()) {
    AttributeList switches;
    for (int64_t at : meta.on_demand_switches) switches.push_back(Num(at));
    m["on_demand_switches"] = AttributeValue::L(std::move(switches));
  }
  if (meta.pitr) {
    m["pitr"] = AttributeValue::M({{"history_id", Num(int64_t{meta.pitr->history_id})},
                                   {"since", Num(meta.pitr->enabled_micros)},
                                   {"days", Num(meta.pitr->recovery_period_days)}});
  }
  return EncodeItem(m);
}

bool DecodeTableMeta(std::string_view in, KeySchema* key, TableMeta* meta) {
  AttributeMap m;
  if (!DecodeItem(in, &m)) return false;
  meta->tenant = ToStr(Field(m, "tenant"));
  key->hash = DecodeKeyAttribute(Field(m, "hash"));
  if (auto* v = Field(m, "range")) key->range = DecodeKeyAttribute(v);
  DecodeDescription(m, meta->description);
  meta->description.key_schema.push_back({key->hash.name, KeyType::kHash});
  if (key->range) meta->description.key_schema.push_back({key->range->name, KeyType::kRange});
  if (auto* v = Field(m, "tags"); v && v->type() == AttributeType::kL) {
    for (const auto& t : v->l()) {
      if (t.type() == AttributeType::kL && t.l().size() == 2) {
        meta->tags.push_back({ToStr(&t.l()[0]), ToStr(&t.l()[1])});
      }
    }
  }
  if (auto* v = Field(m, "policy")) meta->resource_policy = ToStr(v);
  meta->policy_revision_id = ToStr(Field(m, "policy_revision"));
  meta->transient_status = static_cast<TableStatus>(ToInt(Field(m, "transient_status")));
  meta->transient_until_micros = ToInt(Field(m, "transient_until"));
  if (auto* v = Field(m, "indexes"); v && v->type() == AttributeType::kL) {
    for (const auto& index : v->l()) {
      if (index.type() == AttributeType::kM) meta->indexes.push_back(DecodeIndex(index.m()));
    }
  }
  if (auto* v = Field(m, "ttl"); v && v->type() == AttributeType::kS) meta->ttl_attribute = v->s();
  if (auto* v = Field(m, "on_demand_switches"); v && v->type() == AttributeType::kL) {
    for (const auto& at : v->l()) meta->on_demand_switches.push_back(ToInt(&at));
  }
  if (auto* v = Field(m, "pitr"); v && v->type() == AttributeType::kM) {
    PitrSettings& p = meta->pitr.emplace();
    p.history_id = static_cast<uint32_t>(ToInt(Field(v->m(), "history_id")));
    p.enabled_micros = ToInt(Field(v->m(), "since"));
    p.recovery_period_days = ToInt(Field(v->m(), "days"));
  }
  return !key->hash.name.empty();
}

}  // namespace stator::engine
