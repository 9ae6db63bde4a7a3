// Maintenance of a whole database: reclaiming unused dictionary entries and
// compacting the files (Compact), consistent copies of a live database
// (Backup), and bringing a copy back (Restore). kg::Store's methods of the
// same names call these; docs/maintenance.md describes them for users.
#ifndef KG_STORE_MAINTENANCE_H_
#define KG_STORE_MAINTENANCE_H_

#include <cstdint>
#include <string>

#include "kg/status.h"
#include "kg/store.h"

namespace kg::store {

class QuadStore;

// The meta key counting the dictionary entries Compact has ever removed
// (u64). Entries = next_id - 1 - this.
inline constexpr const char* kTermsReclaimedKey = "terms_reclaimed";

// Deletes the dictionary entries (both directions) of every id that no quad
// uses in any position and no quad counter ('p', 'g') names, with any
// distinct counts ('S', 'O') left for it, adds their number to meta
// "terms_reclaimed", then compacts every column family. Holds the writer
// lock while it finds and deletes entries, not while the files are
// compacted. kNotSupported on a read-only store, kBusy when another writer
// holds the lock longer than StoreOptions::writer_wait.
Result<CompactSummary> CompactStore(QuadStore* store);

// A RocksDB checkpoint of `store` into the new folder `dir`: consistent as
// of one moment even while other threads commit. kInvalidArgument if `dir`
// exists, kNotSupported when the store follows another process (secondary).
Status BackupStore(const QuadStore& store, const std::string& dir);

// Copies the database at `backup_dir` to a hidden folder beside `path`,
// opens it and runs Check(), and only then renames it to `path`. On any
// failure nothing is left at `path`. kInvalidArgument if `path` exists,
// kNotFound if `backup_dir` holds no database, kBusy if a process has it
// open, kCorruption if the copy fails its check.
Status RestoreStore(const std::string& backup_dir, const std::string& path);

// The sum of the sizes of the regular files under `path` (0 if none).
std::uint64_t DirectoryBytes(const std::string& path);

}  // namespace kg::store

#endif  // KG_STORE_MAINTENANCE_H_
