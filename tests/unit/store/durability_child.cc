// The writer process of durability_test.cc: commits numbered transactions
// (ten quads with subject <http://ex.org/tx<i>>) through the journaling
// file system and writes each acknowledged number to a file descriptor.
// Usage: durability_child DB JOURNAL sync|nosync commits|bulk|large FD
// commits: one transaction per commit (through the write-ahead log); bulk:
// 200 per bulk load; large: 1,000 per commit (10,000 quads, which commit
// by SST file ingestion).
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "kg/store.h"
#include "store/db.h"
#include "tests/unit/store/unsynced_drop_fs.h"

namespace {

kg::Term Iri(const std::string& s) {
  return kg::Term::Iri("http://ex.org/" + s);
}

std::vector<kg::Quad> Batch(int i) {
  std::vector<kg::Quad> out;
  for (int k = 0; k < 10; ++k) {
    out.push_back({Iri("tx" + std::to_string(i)), Iri("p"),
                   Iri("o" + std::to_string(i) + "_" + std::to_string(k)),
                   Iri("g")});
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) return 2;
  const std::string db = argv[1], journal = argv[2];
  const bool sync = std::string(argv[3]) == "sync";
  const std::string mode = argv[4];
  const int fd = std::atoi(argv[5]);
  kg::store::SetFileSystemForTesting(
      kg::testing::NewJournalingFileSystem(journal, /*ignore_syncs=*/!sync));
  kg::StoreOptions o;
  o.create_if_missing = true;
  o.sync_commits = sync;
  auto s = kg::Store::Open(db, o);
  if (!s.ok()) return 3;
  for (int i = 0;; ++i) {
    if (mode == "commits") {
      if (!(*s)->Add(Batch(i)).ok()) return 4;
    } else if (mode == "large") {
      std::vector<kg::Quad> quads;
      for (int k = 0; k < 1000; ++k) {
        for (const kg::Quad& q : Batch(i * 1000 + k)) quads.push_back(q);
      }
      if (!(*s)->Add(quads).ok()) return 4;
    } else {
      auto load = (*s)->BeginBulkLoad();
      if (!load.ok()) return 4;
      for (int k = 0; k < 200; ++k) {
        for (const kg::Quad& q : Batch(i * 200 + k)) {
          if (!(*load)->Add(q).ok()) return 4;
        }
      }
      if (!(*load)->Commit().ok()) return 4;
    }
    if (write(fd, &i, sizeof i) != sizeof i) return 5;
  }
}
