// ValidationErrors: collects the front end's constraint violations and words them as the
// service does: "1 validation error detected: Value 'x' at 'tableName' failed to satisfy
// constraint: Member must have length greater than or equal to 3", several joined by "; ".
//
// Thread safety: one collector per request.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stator/status.h"

namespace stator {

class ValidationErrors {
 public:
  // `value` is the offending value as the service prints it, already quoted ("'abc'") or
  // "null".
  void Add(std::string_view value, std::string_view path, std::string_view constraint) {
    errors_.push_back("Value " + std::string(value) + " at '" + std::string(path) +
                      "' failed to satisfy constraint: " + std::string(constraint));
  }
  // A number member outside [min, max] (e.g. a Limit of 1..100), in the service's words.
  void AddIfOutOfRange(int64_t value, std::string_view path, int64_t min, int64_t max) {
    const std::string text = "'" + std::to_string(value) + "'";
    if (value < min) {
      Add(text, path, "Member must have value greater than or equal to " + std::to_string(min));
    } else if (value > max) {
      Add(text, path, "Member must have value less than or equal to " + std::to_string(max));
    }
  }
  bool empty() const { return errors_.empty(); }

  Status ToStatus() const {
    if (errors_.empty()) return Status::OK();
    std::string message = std::to_string(errors_.size()) +
                          (errors_.size() == 1 ? " validation error detected: "
                                               : " validation errors detected: ");
    for (size_t i = 0; i < errors_.size(); ++i) {
      if (i > 0) message += "; ";
      message += errors_[i];
    }
    return Status::Validation(std::move(message));
  }

 private:
  std::vector<std::string> errors_;
};

inline std::string Quoted(std::string_view v) {
  std::string out;
  out.reserve(v.size() + 2);
  out.push_back('\'');
  out.append(v);
  out.push_back('\'');
  return out;
}

}  // namespace stator
