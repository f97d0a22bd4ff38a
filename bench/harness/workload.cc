// Workload presets and the JSON workload file: see workload.h for the mapping and the format.
#include "bench/harness/workload.h"

#include <simdjson.h>

#include <array>
#include <fstream>
#include <sstream>

namespace stator::bench {
namespace {

constexpr std::array<std::string_view, kOperationCount> kNames = {
    "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem",
    "BatchWriteItem", "TransactWriteItems", "GsiQuery", "Insert", "ReadModifyWrite", "Load"};

Status Invalid(std::string message) { return Status::Validation(std::move(message)); }

Status ParseInt(simdjson::dom::element v, std::string_view field, int lo, int hi, int* out) {
  int64_t n = 0;
  if (v.get_int64().get(n) != simdjson::SUCCESS || n < lo || n > hi) {
    return Invalid("workload field \"" + std::string(field) + "\" must be an integer in " +
                   std::to_string(lo) + ".." + std::to_string(hi));
  }
  *out = static_cast<int>(n);
  return Status::OK();
}

Status ParseMix(simdjson::dom::element v, Workload* w) {
  simdjson::dom::object ops;
  if (v.get_object().get(ops) != simdjson::SUCCESS) {
    return Invalid("workload field \"operations\" must be an object of operation: weight");
  }
  double total = 0;
  for (auto [key, value] : ops) {
    Operation op;
    if (!ParseOperation(key, &op) || op == Operation::kLoad) {
      return Invalid("unknown operation \"" + std::string(key) + "\" in workload");
    }
    double weight = 0;
    int64_t whole = 0;
    if (value.get_int64().get(whole) == simdjson::SUCCESS) {
      weight = static_cast<double>(whole);
    } else if (value.get_double().get(weight) != simdjson::SUCCESS) {
      return Invalid("weight of " + std::string(key) + " must be a number");
    }
    if (weight < 0) return Invalid("weight of " + std::string(key) + " must not be negative");
    if (weight > 0) w->mix.push_back({op, weight});
    total += weight;
  }
  if (total <= 0) return Invalid("workload \"operations\" must have a positive total weight");
  return Status::OK();
}

}  // namespace

std::string_view ToString(Operation op) { return kNames[static_cast<int>(op)]; }

bool ParseOperation(std::string_view name, Operation* out) {
  for (int i = 0; i < kOperationCount; ++i) {
    if (kNames[i] == name) {
      *out = static_cast<Operation>(i);
      return true;
    }
  }
  return false;
}

bool Workload::Uses(Operation op) const {
  for (const auto& w : mix) {
    if (w.op == op) return true;
  }
  return false;
}

Result<Workload> YcsbWorkload(std::string_view letter) {
  using O = Operation;
  Workload w;
  w.name = std::string(letter);
  if (letter == "a") w.mix = {{O::kGetItem, 50}, {O::kUpdateItem, 50}};
  else if (letter == "b") w.mix = {{O::kGetItem, 95}, {O::kUpdateItem, 5}};
  else if (letter == "c") w.mix = {{O::kGetItem, 100}};
  else if (letter == "d") w.mix = {{O::kGetItem, 95}, {O::kInsert, 5}};
  else if (letter == "e") w.mix = {{O::kQuery, 95}, {O::kInsert, 5}};
  else if (letter == "f") w.mix = {{O::kGetItem, 50}, {O::kReadModifyWrite, 50}};
  else return Invalid("unknown workload \"" + std::string(letter) + "\": a..f or a JSON file");
  w.distribution = letter == "d" ? Distribution::kLatest : Distribution::kZipfian;
  return w;
}

Result<Workload> ParseWorkloadJson(std::string_view json, std::string name) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(json.data(), json.size()).get(root) != simdjson::SUCCESS) {
    return Invalid("workload " + name + " is not valid JSON");
  }
  simdjson::dom::object obj;
  if (root.get_object().get(obj) != simdjson::SUCCESS) {
    return Invalid("workload " + name + " must be a JSON object");
  }
  Workload w;
  w.name = std::move(name);
  bool has_mix = false;
  for (auto [key, value] : obj) {
    if (key == "operations") {
      STATOR_RETURN_IF_ERROR(ParseMix(value, &w));
      has_mix = true;
    } else if (key == "distribution") {
      std::string_view d;
      if (value.get_string().get(d) != simdjson::SUCCESS ||
          !ParseDistribution(d, &w.distribution)) {
        return Invalid("workload \"distribution\" must be uniform, zipfian, latest or sequential");
      }
      w.distribution_given = true;
    } else if (key == "batch_size") {
      STATOR_RETURN_IF_ERROR(ParseInt(value, key, 1, 100, &w.batch_size));
    } else if (key == "query_length") {
      STATOR_RETURN_IF_ERROR(ParseInt(value, key, 1, kSortKeysPerPartition, &w.query_length));
    } else if (key == "scan_limit") {
      STATOR_RETURN_IF_ERROR(ParseInt(value, key, 1, 10000, &w.scan_limit));
    } else if (key != "name" && key != "comment") {
      return Invalid("unknown workload field \"" + std::string(key) + "\"");
    }
  }
  if (!has_mix) return Invalid("workload " + w.name + " has no \"operations\"");
  return w;
}

Result<Workload> LoadWorkload(std::string_view name_or_path) {
  if (name_or_path.size() == 1) return YcsbWorkload(name_or_path);
  std::ifstream in{std::string(name_or_path)};
  if (!in) return Invalid("cannot read workload file " + std::string(name_or_path));
  std::stringstream text;
  text << in.rdbuf();
  return ParseWorkloadJson(text.str(), std::string(name_or_path));
}

}  // namespace stator::bench
