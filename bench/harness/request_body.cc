// DynamoDB JSON bodies: see request_body.h and, for the key layout, workload.h.
#include "bench/harness/request_body.h"

#include <charconv>
#include <cstdlib>

namespace stator::bench {
namespace {

void AppendNumber(uint64_t n, std::string* out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  (void)ec;
  out->append(buf, end);
}

}  // namespace

std::string Payload(int size) {
  static constexpr std::string_view kAlphabet =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string out(static_cast<size_t>(std::max(size, 1)), 'x');
  uint64_t state = 0x9E3779B97F4A7C15ULL;
  for (char& c : out) {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    c = kAlphabet[state % kAlphabet.size()];
  }
  return out;
}

RequestBodies::RequestBodies(const RunConfig& config, const Workload& workload)
    : table_(config.table),
      sort_key_(workload.NeedsSortKey()),
      index_(workload.NeedsIndex()),
      capacity_(config.return_consumed_capacity),
      stream_view_type_(config.stream_view_type),
      scan_limit_(workload.scan_limit),
      payload_(Payload(config.item_size)) {}

std::string_view RequestBodies::TargetOf(Operation op) {
  switch (op) {
    case Operation::kInsert: return "PutItem";
    case Operation::kReadModifyWrite: return "GetItem";
    case Operation::kGsiQuery: return "Query";
    case Operation::kLoad: return "BatchWriteItem";
    default: return ToString(op);
  }
}

void RequestBodies::Key(uint64_t key, std::string* out) const {
  const ItemKey k = KeyOf(key, sort_key_);
  out->append(R"("pk":{"S":")").append(k.pk, k.pk_size).append("\"}");
  if (k.sk >= 0) {
    out->append(R"(,"sk":{"N":")");
    AppendNumber(k.sk, out);
    out->append("\"}");
  }
}

void RequestBodies::FullItem(uint64_t key, uint64_t version, std::string* out) const {
  out->push_back('{');
  Key(key, out);
  out->append(R"(,"field0":{"S":")").append(payload_).append(R"("},"version":{"N":")");
  AppendNumber(version, out);
  out->append("\"}");
  if (index_) out->append(R"(,"g":{"S":")").append(IndexValueOf(key)).append("\"}");
  out->push_back('}');
}

void RequestBodies::Tail(std::string* out) const {
  if (capacity_) out->append(R"x(,"ReturnConsumedCapacity":"TOTAL")x");
  out->push_back('}');
}

void RequestBodies::Build(const NextOp& op, std::string* out) const {
  out->clear();
  const std::string table = "\"" + table_ + "\"";
  switch (op.op) {
    case Operation::kGetItem:
    case Operation::kDeleteItem:
    case Operation::kReadModifyWrite:
      out->append(R"({"TableName":)").append(table).append(R"(,"Key":{)");
      Key(op.key, out);
      out->push_back('}');
      break;
    case Operation::kPutItem:
    case Operation::kInsert:
      out->append(R"({"TableName":)").append(table).append(R"(,"Item":)");
      FullItem(op.key, op.version, out);
      break;
    case Operation::kUpdateItem:
      out->append(R"({"TableName":)").append(table).append(R"(,"Key":{)");
      Key(op.key, out);
      out->append(R"(},"UpdateExpression":"SET field0 = :v ADD version :one",)");
      out->append(R"("ExpressionAttributeValues":{":v":{"S":")").append(payload_);
      out->append(R"("},":one":{"N":"1"}})");
      break;
    case Operation::kQuery: {
      const ItemKey k = KeyOf(op.key, sort_key_);
      const int lo = std::max(k.sk, 0);
      const int hi = std::min(lo + op.length - 1, kSortKeysPerPartition - 1);
      out->append(R"({"TableName":)").append(table);
      out->append(R"(,"KeyConditionExpression":"pk = :p AND sk BETWEEN :lo AND :hi",)");
      out->append(R"("ExpressionAttributeValues":{":p":{"S":")").append(k.pk, k.pk_size);
      out->append(R"("},":lo":{"N":")");
      AppendNumber(lo, out);
      out->append(R"("},":hi":{"N":")");
      AppendNumber(hi, out);
      out->append("\"}}");
      break;
    }
    case Operation::kGsiQuery:
      out->append(R"({"TableName":)").append(table).append(R"(,"IndexName":")");
      out->append(kIndexName).append(R"(","KeyConditionExpression":"g = :g",)");
      out->append(R"("ExpressionAttributeValues":{":g":{"S":")").append(IndexValueOf(op.key));
      out->append(R"("}},"Limit":)");
      AppendNumber(scan_limit_, out);
      break;
    case Operation::kScan:
      out->append(R"({"TableName":)").append(table).append(R"(,"Limit":)");
      AppendNumber(scan_limit_, out);
      out->append(R"(,"ExclusiveStartKey":{)");
      Key(op.key, out);
      out->push_back('}');
      break;
    case Operation::kBatchGetItem:
      out->append(R"({"RequestItems":{)").append(table).append(R"(:{"Keys":[)");
      for (size_t i = 0; i < op.keys.size(); ++i) {
        out->append(i ? ",{" : "{");
        Key(op.keys[i], out);
        out->push_back('}');
      }
      out->append("]}}");
      break;
    case Operation::kBatchWriteItem:
    case Operation::kLoad:
      out->append(R"({"RequestItems":{)").append(table).append(":[");
      for (size_t i = 0; i < op.keys.size(); ++i) {
        out->append(i ? R"(,{"PutRequest":{"Item":)" : R"({"PutRequest":{"Item":)");
        FullItem(op.keys[i], 0, out);
        out->append("}}");
      }
      out->append("]}");
      break;
    case Operation::kTransactWriteItems:
      out->append(R"({"TransactItems":[)");
      for (size_t i = 0; i < op.keys.size(); ++i) {
        out->append(i ? "," : "").append(R"({"Update":{"TableName":)").append(table);
        out->append(R"(,"Key":{)");
        Key(op.keys[i], out);
        out->append(R"(},"UpdateExpression":"ADD version :one",)");
        out->append(R"x("ExpressionAttributeValues":{":one":{"N":"1"}}}})x");
      }
      out->push_back(']');
      break;
  }
  Tail(out);
}

void RequestBodies::BuildRmwUpdate(uint64_t key, std::string_view version,
                                   std::string* out) const {
  out->clear();
  out->append(R"({"TableName":")").append(table_).append(R"(","Key":{)");
  Key(key, out);
  const uint64_t old =
      version.empty() ? 0 : std::strtoull(std::string(version).c_str(), nullptr, 10);
  out->append(R"(},"UpdateExpression":"SET field0 = :v, version = :new",)");
  out->append(version.empty() ? R"x("ConditionExpression":"attribute_not_exists(version)",)x"
                              : R"("ConditionExpression":"version = :old",)");
  out->append(R"("ExpressionAttributeValues":{":v":{"S":")").append(payload_);
  out->append(R"("},":new":{"N":")");
  AppendNumber(old + 1, out);
  out->append("\"}");
  if (!version.empty()) out->append(R"(,":old":{"N":")").append(version).append("\"}");
  out->push_back('}');
  Tail(out);
}

std::string RequestBodies::CreateTable() const {
  std::string out = R"({"TableName":")" + table_ + R"(","BillingMode":"PAY_PER_REQUEST",)";
  out += R"("AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"})";
  if (sort_key_) out += R"(,{"AttributeName":"sk","AttributeType":"N"})";
  if (index_) out += R"(,{"AttributeName":"g","AttributeType":"S"})";
  out += R"(],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"})";
  if (sort_key_) out += R"(,{"AttributeName":"sk","KeyType":"RANGE"})";
  out += "]";
  if (index_) {
    out += R"(,"GlobalSecondaryIndexes":[{"IndexName":")" + std::string(kIndexName) +
           R"(","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],)"
           R"("Projection":{"ProjectionType":"ALL"}}])";
  }
  if (stream_view_type_) {
    out += R"(,"StreamSpecification":{"StreamEnabled":true,"StreamViewType":")" +
           std::string(ToString(*stream_view_type_)) + "\"}";
  }
  return out + "}";
}

std::string_view FindVersion(std::string_view body) {
  const size_t at = body.find(R"("version":{"N":")");
  if (at == std::string_view::npos) return {};
  const size_t from = at + 16;
  const size_t end = body.find('"', from);
  return end == std::string_view::npos ? std::string_view{} : body.substr(from, end - from);
}

std::string_view ErrorType(std::string_view body) {
  const size_t at = body.find("\"__type\"");
  if (at == std::string_view::npos) return "UnknownError";
  const size_t open = body.find('"', at + 8);
  const size_t close = open == std::string_view::npos ? open : body.find('"', open + 1);
  if (close == std::string_view::npos) return "UnknownError";
  std::string_view type = body.substr(open + 1, close - open - 1);
  const size_t hash = type.rfind('#');
  return hash == std::string_view::npos ? type : type.substr(hash + 1);
}

double CapacityUnits(std::string_view body) {
  double total = -1;
  size_t at = 0;
  while ((at = body.find("\"CapacityUnits\":", at)) != std::string_view::npos) {
    at += 16;
    total = std::max(total, 0.0) + std::strtod(std::string(body.substr(at, 24)).c_str(), nullptr);
  }
  return total;
}

}  // namespace stator::bench
