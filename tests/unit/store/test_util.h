// Helpers shared by the store tests: temporary database folders, new
// databases.
#ifndef KG_TESTS_UNIT_STORE_TEST_UTIL_H_
#define KG_TESTS_UNIT_STORE_TEST_UTIL_H_

#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "kg/store.h"

namespace kg::testing {

// A fresh folder under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = (std::filesystem::temp_directory_path() /
             ("kg-test-" + std::to_string(::getpid()) + "-" +
              std::to_string(counter++)))
                .string();
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// The database at `path` (created if missing when `create`), opened as `S`
// (kg::Store, or the id-level store::QuadStore), its commits not synced
// (tests need no durability but the durability tests', which open their
// own).
template <class S = Store>
std::unique_ptr<S> OpenUnsynced(const std::string& path, bool create) {
  StoreOptions o;
  o.create_if_missing = create;
  o.sync_commits = false;
  auto s = S::Open(path, o);
  BOOST_TEST_REQUIRE(s.ok(), s.status().ToString());
  return std::move(s).value();
}

// A new database at `path`.
template <class S = Store>
std::unique_ptr<S> OpenNew(const std::string& path) {
  return OpenUnsynced<S>(path, /*create=*/true);
}

}  // namespace kg::testing

#endif  // KG_TESTS_UNIT_STORE_TEST_UTIL_H_
