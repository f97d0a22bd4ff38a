// StorageCondition: whether the database can write now, as the health check reports it
// (Database::GetStorageCondition).
//
// A store whose disk filled, or whose files failed to write, keeps answering reads but refuses
// writes (InternalServerError) until it has recovered; it recovers by itself once the cause is
// gone (engine/storage/storage_health.h).
//
// Thread safety: a value.
#pragma once

#include <string>

namespace stator {

struct StorageCondition {
  bool can_write = true;
  // Why not, in words for an operator ("the disk is full"); empty when it can write.
  std::string reason;
};

}  // namespace stator
