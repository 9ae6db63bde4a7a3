// The writer process of update_crash_test.cc: applies the numbered update
// requests of update_crash_tx.h through Database::Update, from FIRST on,
// until it is killed. Before each request it writes {kBegin, N} to FD and
// after Update returned OK {kAck, N} (8 bytes, one write each: a pipe
// delivers them whole, and they reach the pipe before the next request).
// Usage: update_crash_child DB JOURNAL|- sync|nosync|split FIRST FD
//   JOURNAL: file I/O goes through the journaling file system of
//   tests/unit/store/unsynced_drop_fs.h (power-loss runs); "-": plain I/O.
//   nosync: StoreOptions::sync_commits = false.
//   split: a deliberately broken writer that commits each operation of a
//   transaction by itself, 20 ms apart, to show that the test notices.
// Exit codes: 2 usage, 3 open failed, 4 an update failed or changed other
// than it should, 5 FD closed.
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "kg/database.h"
#include "store/db.h"
#include "tests/unit/query/update_crash_tx.h"
#include "tests/unit/store/unsynced_drop_fs.h"

namespace {

enum Message : std::int32_t { kBegin = 1, kAck = 2 };

bool Send(int fd, Message kind, int n) {
  const std::int32_t m[2] = {kind, n};
  return write(fd, m, sizeof m) == static_cast<ssize_t>(sizeof m);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(
        stderr,
        "usage: update_crash_child DB JOURNAL|- sync|nosync|split FIRST "
        "FD\n");
    return 2;
  }
  const std::string db_path = argv[1], journal = argv[2];
  const std::string mode = argv[3];
  const bool sync = mode != "nosync", split = mode == "split";
  const int first = std::atoi(argv[4]);
  const int fd = std::atoi(argv[5]);
  if (journal != "-") {
    // Syncs RocksDB makes itself (manifest, new files) stay real in both
    // modes; only the commits' WAL syncs differ.
    kg::store::SetFileSystemForTesting(
        kg::testing::NewJournalingFileSystem(journal, /*ignore_syncs=*/false));
  }
  kg::DatabaseOptions o;
  o.store.sync_commits = sync;
  auto db = kg::Database::Open(db_path, o);
  if (!db.ok()) {
    std::fprintf(stderr, "open: %s\n", db.status().ToString().c_str());
    return 3;
  }
  for (int n = first;; ++n) {
    if (!Send(fd, kBegin, n)) return 5;
    kg::WriteSummary done;
    kg::Status st;
    if (!split) {
      auto r = (*db)->Update(kg::testing::TxRequest(n));
      st = r.status();
      if (r.ok()) done = *r;
    } else {
      const std::vector<std::string> ops = kg::testing::TxOperations(n);
      for (std::size_t i = 0; i < ops.size() && st.ok(); ++i) {
        if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        auto r = (*db)->Update(kg::testing::TxPrologue() + ops[i]);
        st = r.status();
        if (r.ok()) {
          done.inserted += r->inserted;
          done.deleted += r->deleted;
        }
      }
    }
    if (!st.ok()) {
      std::fprintf(stderr, "transaction %d: %s\n", n, st.ToString().c_str());
      return 4;
    }
    // Every request adds its quads, the marker and the flag, and takes
    // the previous marker and flag away (none before the first).
    const std::uint64_t deleted = n == 1 ? 0 : 2;
    if (done.inserted != kg::testing::kQuadsPerTx + 2 ||
        done.deleted != deleted) {
      std::fprintf(stderr,
                   "transaction %d: inserted %llu, deleted %llu; expected "
                   "%d and %llu\n",
                   n, static_cast<unsigned long long>(done.inserted),
                   static_cast<unsigned long long>(done.deleted),
                   kg::testing::kQuadsPerTx + 2,
                   static_cast<unsigned long long>(deleted));
      return 4;
    }
    if (!Send(fd, kAck, n)) return 5;
  }
}
