// A file system for tests that fails the creation of chosen files on
// demand, and a guard that installs it for the stores opened meanwhile.
#ifndef KG_TESTS_UNIT_STORE_FAILING_FILES_H_
#define KG_TESTS_UNIT_STORE_FAILING_FILES_H_

#include <rocksdb/file_system.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "store/db.h"

namespace kg::testing {

// Fails NewWritableFile with an I/O error for the paths `matches` picks,
// while `fail` is set; every other call goes to the default file system.
class FailingFiles : public rocksdb::FileSystemWrapper {
 public:
  explicit FailingFiles(std::function<bool(const std::string&)> matches)
      : FileSystemWrapper(rocksdb::FileSystem::Default()),
        matches_(std::move(matches)) {}
  const char* Name() const override { return "FailingFiles"; }
  rocksdb::IOStatus NewWritableFile(const std::string& f,
                                    const rocksdb::FileOptions& o,
                                    std::unique_ptr<rocksdb::FSWritableFile>* r,
                                    rocksdb::IODebugContext* d) override {
    if (fail && matches_(f))
      return rocksdb::IOStatus::IOError("injected failure");
    return target()->NewWritableFile(f, o, r, d);
  }
  std::atomic<bool> fail{false};

 private:
  std::function<bool(const std::string&)> matches_;
};

// Stores opened while it lives use `fs` (store::SetFileSystemForTesting).
class UseFileSystem {
 public:
  explicit UseFileSystem(std::shared_ptr<rocksdb::FileSystem> fs) {
    store::SetFileSystemForTesting(std::move(fs));
  }
  ~UseFileSystem() { store::SetFileSystemForTesting(nullptr); }
  UseFileSystem(const UseFileSystem&) = delete;
  UseFileSystem& operator=(const UseFileSystem&) = delete;
};

}  // namespace kg::testing

#endif  // KG_TESTS_UNIT_STORE_FAILING_FILES_H_
