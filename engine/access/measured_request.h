// MeasuredRequest: the table a data-plane request resolved first, so that the table-access
// step records the request's figures for its table as well as for its operation
// (TableAccess::Measure) without every operation passing its table back up. Measure opens one
// on its thread for the request's run; TableAccess::Resolve notes the table in the innermost one.
//
// Thread safety: each is used by the thread that opened it.
#pragma once

#include <memory>

namespace stator::engine {

struct Table;

class MeasuredRequest {
 public:
  MeasuredRequest() : outer_(current_) { current_ = this; }
  ~MeasuredRequest() { current_ = outer_; }
  MeasuredRequest(const MeasuredRequest&) = delete;
  MeasuredRequest& operator=(const MeasuredRequest&) = delete;

  // Notes `table` for the request running on this thread, unless it noted one already.
  static void Note(const std::shared_ptr<Table>& table) {
    if (current_ != nullptr && current_->table_ == nullptr) current_->table_ = table;
  }
  // The first table the request resolved; null when it resolved none (it failed before).
  const std::shared_ptr<Table>& table() const { return table_; }

 private:
  static thread_local MeasuredRequest* current_;
  MeasuredRequest* outer_;
  std::shared_ptr<Table> table_;
};

}  // namespace stator::engine
