// Sorted files: files of records in key order kept beside the store (RocksDB SST files), for
// bulk copies of a key range: written once by a SortedFileWriter from an ordered read, read back
// in order, and added to a key space by IngestSortedFiles, which puts whole files into the LSM
// tree instead of passing every record through the write-ahead log and memtables.
//
// Paths are on the store's own file system: in memory mode the in-memory one, so backups of an
// in-memory store live (and die) with it. StorageDir names the store's directory there.
//
// Thread safety: a SortedFileWriter belongs to one thread; the functions are safe to call
// concurrently on distinct paths.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/storage/storage.h"
#include "stator/status.h"

namespace rocksdb {
class SstFileWriter;
}

namespace stator::engine {

class SortedFileWriter {
 public:
  // A writer of the file at `path` (replaced if present), created on Finish. A file written to
  // be ingested into a space (`ingest_into`) is built with that space's table options (its bloom
  // filters and block size), so reads of the ingested records cost what reads of written ones
  // do; a file kept aside (a backup) is built for sequential reading: large blocks, no filter.
  SortedFileWriter(const Storage& storage, std::string path,
                   std::optional<Space> ingest_into = std::nullopt);
  ~SortedFileWriter();
  SortedFileWriter(const SortedFileWriter&) = delete;
  SortedFileWriter& operator=(const SortedFileWriter&) = delete;

  // Adds a record; keys must come in strictly ascending (bytewise) order. Errors: IOError.
  Status Put(std::string_view key, std::string_view value);
  // Writes the file out and syncs it. A writer given no record writes no file (RocksDB has no
  // empty SST); written() then says false. Errors: IOError.
  Status Finish();

  bool written() const { return entries_ > 0; }
  uint64_t entries() const { return entries_; }
  // The file's size once finished.
  uint64_t file_bytes() const { return file_bytes_; }
  const std::string& path() const { return path_; }

 private:
  const Storage& storage_;
  std::string path_;
  std::optional<Space> ingest_into_;
  std::unique_ptr<rocksdb::SstFileWriter> writer_;  // opened with the first record
  uint64_t entries_ = 0;
  uint64_t file_bytes_ = 0;
};

// A reader of a sorted file, front to back, that can stop and carry on later (a restore reads a
// backup's file a chunk per scheduler step). key() and value() are valid until Next().
class SortedFileReader {
 public:
  // Opens the file and positions on its first record. Errors: IOError (missing, corrupt).
  static Result<std::unique_ptr<SortedFileReader>> Open(const Storage& storage,
                                                        const std::string& path);
  ~SortedFileReader();
  bool Valid() const;
  std::string_view key() const;
  std::string_view value() const;
  void Next();
  // IOError when reading failed; check once Valid() turns false.
  Status status() const;

 private:
  struct Rep;
  explicit SortedFileReader(std::unique_ptr<Rep> rep);
  std::unique_ptr<Rep> rep_;
};

// Calls fn with each record of the sorted file at `path`, in key order, until fn returns false.
// The views are valid during the call only. Errors: IOError (missing or corrupt file).
Status ForEachInSortedFile(const Storage& storage, const std::string& path,
                           const std::function<bool(std::string_view, std::string_view)>& fn);

// Calls fn with each record of [begin, end) of the space, in key order, as of one instant (the
// implicit snapshot of the read's start), until fn returns false: the read side of a bulk copy.
// Unlike a RangeIterator it reads ahead and leaves the block cache alone, so copying a large
// range neither waits on small reads nor evicts the blocks the other requests use. The views are
// valid during the call only. Errors: IOError.
Status ForEachInRange(const Storage& storage, Space space, std::string_view begin,
                      std::string_view end,
                      const std::function<bool(std::string_view, std::string_view)>& fn);

// Adds the records of the files to the key space at once: either all are in or none. The files'
// key ranges must not overlap each other. The files are moved into the store (hard-linked where
// the file system allows), so the caller writes them for this one ingestion. Errors: IOError.
Status IngestSortedFiles(Storage& storage, Space space, const std::vector<std::string>& paths);

// The store's directory, on the file system the paths above are on.
std::string StorageDir(const Storage& storage);
// Creates the directory and its parents (those missing). Errors: IOError.
Status CreateDirs(const Storage& storage, const std::string& dir);
// Removes the directory and the files in it (not recursively: the directories written here hold
// only files). A missing directory is not an error.
Status RemoveDirAndFiles(const Storage& storage, const std::string& dir);
// The names of the entries of a directory (none when it is missing).
std::vector<std::string> ListDir(const Storage& storage, const std::string& dir);

}  // namespace stator::engine
