// PutStorage: the RocksDB work of a PutItem and nothing else, for `http_floor --storage`. With it
// the floor answers a PutItem only after writing the request's item as the server's engine
// writes one behind its item cache: one batch of the item's record and its table's statistics
// merge, into RocksDB opened in memory with the server's default options (Storage, engine/
// storage/). Stator's PutItem p99 read against this floor says what Stator adds to HTTP and
// RocksDB; read against the plain floor, it includes what RocksDB itself costs.
//
// The item is not parsed: its key is the first string value after "Item" (the first attribute of
// the items wrk's and stator-bench's workloads write is their key), and its record is the item's
// JSON text, ~10% longer than the engine's encoding of the same item.
//
// Thread safety: Put may be called from any thread (Storage is safe for concurrent use).
#pragma once

#include <memory>
#include <string_view>

namespace stator::engine {
class Storage;
}

namespace stator::bench {

class PutStorage {
 public:
  // Opens the in-memory store; exits the process with a message if RocksDB cannot open it.
  PutStorage();
  ~PutStorage();

  // Writes the item of a PutItem request body; false (nothing written) when the body names no
  // item key.
  bool Put(std::string_view body);

 private:
  std::unique_ptr<engine::Storage> storage_;
};

}  // namespace stator::bench
