#include "cache/request_fingerprint.h"

#include "engine/model/coding.h"
#include "engine/model/item_codec.h"

namespace stator::cache {
namespace {

// Appends each field length-prefixed (or as a presence byte then the value), so no two
// different requests write the same bytes.
class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}
  void Str(std::string_view s) {
    PutVarint(out_, s.size());
    out_->append(s);
  }
  void Int(int64_t v) { PutVarint(out_, static_cast<uint64_t>(v)); }
  void Byte(unsigned v) { out_->push_back(static_cast<char>(v)); }
  void OptStr(const std::optional<std::string>& s) {
    Byte(s.has_value());
    if (s) Str(*s);
  }
  void OptInt(const std::optional<int64_t>& v) {
    Byte(v.has_value());
    if (v) Int(*v);
  }
  template <class E>
  void OptEnum(const std::optional<E>& v) {
    Byte(v ? 1 + static_cast<unsigned>(*v) : 0);
  }
  void Values(const AttributeMap& m) { EncodeItem(m, out_); }
  void Names(const ExpressionAttributeNames& names) {
    Int(static_cast<int64_t>(names.size()));
    for (const auto& [k, v] : names) {
      Str(k);
      Str(v);
    }
  }
  void StrList(const std::optional<std::vector<std::string>>& list) {
    Byte(list.has_value());
    if (!list) return;
    Int(static_cast<int64_t>(list->size()));
    for (const auto& s : *list) Str(s);
  }
  void Conditions(const std::optional<ConditionMap>& map) {
    Byte(map.has_value());
    if (!map) return;
    Int(static_cast<int64_t>(map->size()));
    for (const auto& [name, c] : *map) {
      Str(name);
      Byte(static_cast<unsigned>(c.comparison_operator));
      Int(static_cast<int64_t>(c.attribute_value_list.size()));
      for (const AttributeValue& v : c.attribute_value_list) EncodeValue(v, out_);
    }
  }
  void Read(std::string_view tenant, const ReadRequest& r) {
    Str(tenant);
    Str(r.table_name);
    OptStr(r.index_name);
    OptStr(r.filter_expression);
    OptEnum(r.conditional_operator);
    OptStr(r.projection_expression);
    StrList(r.attributes_to_get);
    Names(r.expression_attribute_names);
    Values(r.expression_attribute_values);
    OptEnum(r.select);
    OptInt(r.limit);
    Byte(r.exclusive_start_key.has_value());
    if (r.exclusive_start_key) Values(*r.exclusive_start_key);
    Byte(r.consistent_read);
    Byte(static_cast<unsigned>(r.return_consumed_capacity));
  }

 private:
  std::string* out_;
};

}  // namespace

void QueryFingerprint(std::string_view tenant, const QueryRequest& r, std::string* out) {
  out->clear();
  Writer w(out);
  w.Byte('Q');
  w.Read(tenant, r);
  w.OptStr(r.key_condition_expression);
  w.Conditions(r.key_conditions);
  w.Conditions(r.query_filter);
  w.Byte(r.scan_index_forward);
}

void ScanFingerprint(std::string_view tenant, const ScanRequest& r, std::string* out) {
  out->clear();
  Writer w(out);
  w.Byte('S');
  w.Read(tenant, r);
  w.Conditions(r.scan_filter);
  w.OptInt(r.segment);
  w.OptInt(r.total_segments);
}

}  // namespace stator::cache
