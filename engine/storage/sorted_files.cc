#include "engine/storage/sorted_files.h"

#include <rocksdb/options.h>
#include <rocksdb/sst_file_reader.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>

#include "engine/storage/storage_health.h"
#include "engine/storage/storage_rep.h"

namespace stator::engine {

struct StorageRepAccess {
  static auto& Of(const Storage& storage) { return *storage.rep_; }
};

namespace {

// As the store's own errors: a generic message for the client, the real one (with the file's
// path) for the operator.
Status FromRocks(const rocksdb::Status& s) {
  return s.ok() ? Status::OK() : StorageError(s.ToString());
}

rocksdb::Slice ToSlice(std::string_view s) { return {s.data(), s.size()}; }

// The options files kept aside are written and read with: large blocks (a backup is read front
// to back, once per restore) and no filter (it is never point-read). Uncompressed: compression
// would double the CPU cost of CreateBackup for a disk saving the bottom levels' LZ4 recovers
// anyway once ingested files are compacted.
rocksdb::Options FileOptions(const Storage& storage) {
  rocksdb::Options options;
  options.env = StorageRepAccess::Of(storage).env();
  options.compression = rocksdb::kNoCompression;
  rocksdb::BlockBasedTableOptions table;
  table.block_size = size_t{64} << 10;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

// The options of a file to ingest into `space`: the space's own (filters, block size), uncompressed
// as the upper levels the file lands in are.
rocksdb::Options IngestFileOptions(const Storage& storage, Space space) {
  auto& rep = StorageRepAccess::Of(storage);
  rocksdb::Options options = rep.db->GetOptions(rep.family(space));
  options.env = rep.env();
  options.compression = rocksdb::kNoCompression;
  return options;
}

}  // namespace

SortedFileWriter::SortedFileWriter(const Storage& storage, std::string path,
                                   std::optional<Space> ingest_into)
    : storage_(storage), path_(std::move(path)), ingest_into_(ingest_into) {}

SortedFileWriter::~SortedFileWriter() = default;

Status SortedFileWriter::Put(std::string_view key, std::string_view value) {
  if (writer_ == nullptr) {
    const rocksdb::Options options =
        ingest_into_ ? IngestFileOptions(storage_, *ingest_into_) : FileOptions(storage_);
    writer_ = std::make_unique<rocksdb::SstFileWriter>(rocksdb::EnvOptions(), options);
    STATOR_RETURN_IF_ERROR(FromRocks(writer_->Open(path_)));
  }
  STATOR_RETURN_IF_ERROR(FromRocks(writer_->Put(ToSlice(key), ToSlice(value))));
  ++entries_;
  return Status::OK();
}

Status SortedFileWriter::Finish() {
  if (writer_ == nullptr) return Status::OK();
  rocksdb::ExternalSstFileInfo info;
  STATOR_RETURN_IF_ERROR(FromRocks(writer_->Finish(&info)));  // syncs the file
  file_bytes_ = info.file_size;
  writer_.reset();
  return Status::OK();
}

struct SortedFileReader::Rep {
  explicit Rep(const rocksdb::Options& options) : reader(options) {}
  rocksdb::SstFileReader reader;
  std::unique_ptr<rocksdb::Iterator> it;  // reads `reader`: destroyed first
  ~Rep() { it.reset(); }
};

SortedFileReader::SortedFileReader(std::unique_ptr<Rep> rep) : rep_(std::move(rep)) {}
SortedFileReader::~SortedFileReader() = default;

Result<std::unique_ptr<SortedFileReader>> SortedFileReader::Open(const Storage& storage,
                                                                 const std::string& path) {
  auto rep = std::make_unique<Rep>(FileOptions(storage));
  STATOR_RETURN_IF_ERROR(FromRocks(rep->reader.Open(path)));
  rocksdb::ReadOptions options;
  options.fill_cache = false;  // read once, front to back
  options.readahead_size = size_t{2} << 20;
  rep->it.reset(rep->reader.NewIterator(options));
  rep->it->SeekToFirst();
  return std::unique_ptr<SortedFileReader>(new SortedFileReader(std::move(rep)));
}

bool SortedFileReader::Valid() const { return rep_->it->Valid(); }
std::string_view SortedFileReader::key() const { return rep_->it->key().ToStringView(); }
std::string_view SortedFileReader::value() const { return rep_->it->value().ToStringView(); }
void SortedFileReader::Next() { rep_->it->Next(); }
Status SortedFileReader::status() const { return FromRocks(rep_->it->status()); }

Status ForEachInSortedFile(const Storage& storage, const std::string& path,
                           const std::function<bool(std::string_view, std::string_view)>& fn) {
  rocksdb::SstFileReader reader(FileOptions(storage));
  STATOR_RETURN_IF_ERROR(FromRocks(reader.Open(path)));
  rocksdb::ReadOptions options;
  options.fill_cache = false;  // read once, front to back
  options.readahead_size = size_t{2} << 20;
  std::unique_ptr<rocksdb::Iterator> it(reader.NewIterator(options));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (!fn(it->key().ToStringView(), it->value().ToStringView())) break;
  }
  return FromRocks(it->status());
}

Status ForEachInRange(const Storage& storage, Space space, std::string_view begin,
                      std::string_view end,
                      const std::function<bool(std::string_view, std::string_view)>& fn) {
  auto& rep = StorageRepAccess::Of(storage);
  rocksdb::ReadOptions options;
  options.fill_cache = false;
  options.readahead_size = size_t{2} << 20;
  const rocksdb::Slice lower = ToSlice(begin), upper = ToSlice(end);
  options.iterate_lower_bound = &lower;
  options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(rep.db->NewIterator(options, rep.family(space)));
  for (it->Seek(lower); it->Valid(); it->Next()) {
    if (!fn(it->key().ToStringView(), it->value().ToStringView())) break;
  }
  return FromRocks(it->status());
}

Status IngestSortedFiles(Storage& storage, Space space, const std::vector<std::string>& paths) {
  if (paths.empty()) return Status::OK();
  auto& rep = StorageRepAccess::Of(storage);
  rocksdb::IngestExternalFileOptions options;
  // Linked, not copied: a copy would write (and sync) every byte a second time.
  options.move_files = true;
  options.allow_global_seqno = true;
  options.allow_blocking_flush = true;
  return FromRocks(rep.db->IngestExternalFile(rep.family(space), paths, options));
}

std::string StorageDir(const Storage& storage) { return StorageRepAccess::Of(storage).dir; }

Status CreateDirs(const Storage& storage, const std::string& dir) {
  rocksdb::Env* env = StorageRepAccess::Of(storage).env();
  for (size_t slash = dir.find('/', 1);; slash = dir.find('/', slash + 1)) {
    const std::string part = slash == std::string::npos ? dir : dir.substr(0, slash);
    STATOR_RETURN_IF_ERROR(FromRocks(env->CreateDirIfMissing(part)));
    if (slash == std::string::npos) return Status::OK();
  }
}

Status RemoveDirAndFiles(const Storage& storage, const std::string& dir) {
  rocksdb::Env* env = StorageRepAccess::Of(storage).env();
  std::vector<std::string> children;
  if (!env->GetChildren(dir, &children).ok()) return Status::OK();  // missing
  for (const std::string& child : children) {
    if (child == "." || child == "..") continue;
    STATOR_RETURN_IF_ERROR(FromRocks(env->DeleteFile(dir + "/" + child)));
  }
  return FromRocks(env->DeleteDir(dir));
}

std::vector<std::string> ListDir(const Storage& storage, const std::string& dir) {
  std::vector<std::string> children;
  if (!StorageRepAccess::Of(storage).env()->GetChildren(dir, &children).ok()) return {};
  std::erase_if(children, [](const std::string& c) { return c == "." || c == ".."; });
  return children;
}

}  // namespace stator::engine
