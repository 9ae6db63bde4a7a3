// A RocksDB FileSystem for durability tests that models power loss: it logs
// every file creation, rename, link, delete and sync to a journal; after the
// process is killed, DropUnsyncedData() cuts every file it wrote back to its
// last synced length (never-synced files to zero), as a machine losing its
// page cache would. Directory entries are taken as durable.
#ifndef KG_TESTS_UNIT_STORE_UNSYNCED_DROP_FS_H_
#define KG_TESTS_UNIT_STORE_UNSYNCED_DROP_FS_H_

#include <rocksdb/file_system.h>

#include <memory>
#include <string>

namespace kg::testing {

// `journal` is appended to (and flushed) on every event. With
// `ignore_syncs`, syncs are not passed on nor recorded: a build that never
// syncs, which the durability tests must catch.
std::shared_ptr<rocksdb::FileSystem> NewJournalingFileSystem(
    const std::string& journal, bool ignore_syncs);

// Replays `journal` and truncates each file it names to its synced length.
// Returns the number of files cut.
int DropUnsyncedData(const std::string& journal);

}  // namespace kg::testing

#endif  // KG_TESTS_UNIT_STORE_UNSYNCED_DROP_FS_H_
