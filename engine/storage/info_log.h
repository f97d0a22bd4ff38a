// The store's info log: RocksDB's LOG file in the data directory (what RocksDB did, flushes,
// compactions, errors), written so that a full disk costs log lines and nothing else.
//
// RocksDB 7.8's own logger writes through a WritableFileWriter, which after one failed write
// aborts the process on the next (an assertion Debian's build keeps,
// "sync_without_flush_called_" in file/writable_file_writer.h): on a full disk the second line
// RocksDB logged about the disk being full killed the server. This one writes each line with
// write(2) and drops the lines the disk refuses.
//
// Each open starts a new LOG and keeps the previous one as LOG.old (RocksDB kept one file per
// open, up to a thousand). Files are created 0600, as the data directory is the owner's alone.
//
// Thread safety: RocksDB logs from any thread; each line is one write(2) to a file opened
// O_APPEND, so lines never interleave.
#pragma once

#include <memory>
#include <string>

namespace rocksdb {
class Logger;
}

namespace stator::engine {

// The logger for the store in `dir` (which exists). Never fails: a LOG that cannot be opened
// makes a logger that drops every line.
std::shared_ptr<rocksdb::Logger> OpenInfoLog(const std::string& dir);

}  // namespace stator::engine
