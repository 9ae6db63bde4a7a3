// Journaling file system for power-loss tests; see unsynced_drop_fs.h.
#include "tests/unit/store/unsynced_drop_fs.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

namespace kg::testing {
namespace {

class Journal {
 public:
  explicit Journal(const std::string& path)
      : f_(std::fopen(path.c_str(), "a")) {}
  ~Journal() {
    if (f_ != nullptr) std::fclose(f_);
  }
  // One event per line: "op<TAB>path[<TAB>path2|size]". The write reaches
  // the page cache before the call returns, so it survives SIGKILL.
  void Log(const std::string& line) {
    std::lock_guard<std::mutex> lock(mu_);
    std::fputs((line + "\n").c_str(), f_);
    std::fflush(f_);
  }

 private:
  std::mutex mu_;
  std::FILE* f_;
};

class JournalingFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  JournalingFile(std::unique_ptr<rocksdb::FSWritableFile>&& t, std::string path,
                 std::shared_ptr<Journal> journal, bool ignore_syncs)
      : FSWritableFileOwnerWrapper(std::move(t)),
        path_(std::move(path)),
        journal_(std::move(journal)),
        ignore_syncs_(ignore_syncs) {}

  rocksdb::IOStatus Sync(const rocksdb::IOOptions& o,
                         rocksdb::IODebugContext* d) override {
    if (ignore_syncs_) return rocksdb::IOStatus::OK();
    auto s = target()->Sync(o, d);
    if (s.ok()) Record(o, d);
    return s;
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& o,
                          rocksdb::IODebugContext* d) override {
    if (ignore_syncs_) return rocksdb::IOStatus::OK();
    auto s = target()->Fsync(o, d);
    if (s.ok()) Record(o, d);
    return s;
  }
  // A range sync does not make the file's size durable: not a sync here.
  rocksdb::IOStatus RangeSync(uint64_t, uint64_t, const rocksdb::IOOptions&,
                              rocksdb::IODebugContext*) override {
    return rocksdb::IOStatus::OK();
  }

 private:
  // The size on disk right after the sync is what is durable (a reopened
  // file's own size counter starts at zero, so it cannot be used).
  void Record(const rocksdb::IOOptions&, rocksdb::IODebugContext*) {
    std::error_code ec;
    auto size = std::filesystem::file_size(path_, ec);
    if (!ec) journal_->Log("sync\t" + path_ + "\t" + std::to_string(size));
  }
  std::string path_;
  std::shared_ptr<Journal> journal_;
  bool ignore_syncs_;
};

class JournalingFileSystem : public rocksdb::FileSystemWrapper {
 public:
  JournalingFileSystem(const std::string& journal, bool ignore_syncs)
      : FileSystemWrapper(rocksdb::FileSystem::Default()),
        journal_(std::make_shared<Journal>(journal)),
        ignore_syncs_(ignore_syncs) {}
  const char* Name() const override { return "JournalingFileSystem"; }

  rocksdb::IOStatus NewWritableFile(const std::string& f,
                                    const rocksdb::FileOptions& o,
                                    std::unique_ptr<rocksdb::FSWritableFile>* r,
                                    rocksdb::IODebugContext* d) override {
    journal_->Log("create\t" + f);
    std::unique_ptr<rocksdb::FSWritableFile> file;
    auto s = target()->NewWritableFile(f, o, &file, d);
    if (s.ok()) {
      *r = std::make_unique<JournalingFile>(std::move(file), f, journal_,
                                            ignore_syncs_);
    }
    return s;
  }
  rocksdb::IOStatus ReopenWritableFile(
      const std::string& f, const rocksdb::FileOptions& o,
      std::unique_ptr<rocksdb::FSWritableFile>* r,
      rocksdb::IODebugContext* d) override {
    std::unique_ptr<rocksdb::FSWritableFile> file;
    auto s = target()->ReopenWritableFile(f, o, &file, d);
    if (s.ok()) {
      *r = std::make_unique<JournalingFile>(std::move(file), f, journal_,
                                            ignore_syncs_);
    }
    return s;
  }
  rocksdb::IOStatus ReuseWritableFile(
      const std::string& f, const std::string& old,
      const rocksdb::FileOptions& o,
      std::unique_ptr<rocksdb::FSWritableFile>* r,
      rocksdb::IODebugContext* d) override {
    journal_->Log("rename\t" + old + "\t" + f);
    journal_->Log("create\t" + f);
    std::unique_ptr<rocksdb::FSWritableFile> file;
    auto s = target()->ReuseWritableFile(f, old, o, &file, d);
    if (s.ok()) {
      *r = std::make_unique<JournalingFile>(std::move(file), f, journal_,
                                            ignore_syncs_);
    }
    return s;
  }
  rocksdb::IOStatus RenameFile(const std::string& src, const std::string& dst,
                               const rocksdb::IOOptions& o,
                               rocksdb::IODebugContext* d) override {
    auto s = target()->RenameFile(src, dst, o, d);
    if (s.ok()) journal_->Log("rename\t" + src + "\t" + dst);
    return s;
  }
  rocksdb::IOStatus LinkFile(const std::string& src, const std::string& dst,
                             const rocksdb::IOOptions& o,
                             rocksdb::IODebugContext* d) override {
    auto s = target()->LinkFile(src, dst, o, d);
    if (s.ok()) journal_->Log("link\t" + src + "\t" + dst);
    return s;
  }
  rocksdb::IOStatus DeleteFile(const std::string& f,
                               const rocksdb::IOOptions& o,
                               rocksdb::IODebugContext* d) override {
    auto s = target()->DeleteFile(f, o, d);
    if (s.ok()) journal_->Log("delete\t" + f);
    return s;
  }

 private:
  std::shared_ptr<Journal> journal_;
  bool ignore_syncs_;
};

}  // namespace

std::shared_ptr<rocksdb::FileSystem> NewJournalingFileSystem(
    const std::string& journal, bool ignore_syncs) {
  return std::make_shared<JournalingFileSystem>(journal, ignore_syncs);
}

int DropUnsyncedData(const std::string& journal) {
  // Synced length of every file written under the journal, by current name.
  std::map<std::string, std::uint64_t> synced;
  std::ifstream in(journal);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string op, a, b;
    std::getline(fields, op, '\t');
    std::getline(fields, a, '\t');
    std::getline(fields, b, '\t');
    if (op == "create") {
      synced[a] = 0;
    } else if (op == "sync") {
      synced[a] = std::stoull(b);
    } else if (op == "rename") {
      auto it = synced.find(a);
      if (it != synced.end()) {
        synced[b] = it->second;
        synced.erase(a);
      }
    } else if (op == "link") {
      auto it = synced.find(a);
      if (it != synced.end()) synced[b] = it->second;
    } else if (op == "delete") {
      synced.erase(a);
    }
  }
  int cut = 0;
  for (auto& [path, len] : synced) {
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    if (ec || size <= len) continue;
    std::filesystem::resize_file(path, len, ec);
    if (!ec) ++cut;
  }
  return cut;
}

}  // namespace kg::testing
