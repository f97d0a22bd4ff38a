// Storage::Rep: what a Storage holds of RocksDB, shared by the files of engine/storage/ that
// implement it (storage.cc, sorted_files.cc) and seen nowhere else.
//
// Thread safety: the fields are set once when the store opens and read-only afterwards; the
// RocksDB objects they point at are themselves thread-safe.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/env.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/storage/storage.h"
#include "engine/storage/storage_health.h"

namespace stator::engine {

struct Storage::Rep {
  std::unique_ptr<rocksdb::Env> mem_env;  // only in memory mode; outlives db
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> families;  // in Space order
  rocksdb::WriteOptions write_options;
  // Point reads share one ReadOptions: building one per read is not free.
  rocksdb::ReadOptions read_options;
  // Whether the store can write; shared with the RocksDB listener that reports to it.
  std::shared_ptr<StorageHealth> health = std::make_shared<StorageHealth>();
  // The directory the store lives in (in memory mode, its name in the in-memory file system).
  std::string dir;

  rocksdb::ColumnFamilyHandle* family(Space space) const {
    return families[static_cast<size_t>(space)];
  }
  // The file system the store's files are on: the in-memory one in memory mode.
  rocksdb::Env* env() const { return mem_env ? mem_env.get() : rocksdb::Env::Default(); }

  ~Rep() {
    for (auto* f : families) db->DestroyColumnFamilyHandle(f);
    families.clear();
    db.reset();
  }
};

}  // namespace stator::engine
