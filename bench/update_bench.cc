// kg_update_bench: what SPARQL INSERT DATA costs on a database that already
// holds data, against the disk's own limit. Run by bench/update_bench.sh,
// which repeats each mode and reports medians (docs/benchmarks.md, "Updates").
//
//   kg_update_bench fsync DIR [--ops N] [--bytes B]
//       The disk's raw rate: N appends of B bytes (default 2000 and 64) to a
//       new file in DIR, each followed by fdatasync, after 50 untimed ones.
//       The file is removed at the end.
//   kg_update_bench durable DB [--requests N]
//       N requests (default 2000, after 50 untimed), each
//       `INSERT DATA { <new subject> <p> <o> }` through Database::Update with
//       StoreOptions::sync_commits on: one durable transaction per triple.
//   kg_update_bench paired DB [--ops N] [--block B] [--bytes B]
//       Both of the above in one process, in alternating blocks of B
//       (default 100) until each has done N (default 2000), after 50 untimed
//       of each; the fsync file goes in DB's parent folder. The disk's sync
//       latency on a shared machine changes from one minute to the next;
//       alternating puts both in the same conditions.
//   kg_update_bench bulk DB FILE.nt [--chunk N] [--window N] [--limit N]
//                        [--compaction-stats] [--no-compaction]
//       FILE's triples as consecutive `INSERT DATA { ... }` requests of N
//       triples (default 10000), through Database::Update (sync on). Each
//       request's text is built before its timer starts; only Update is
//       timed. --window (default 1000000) sets the size of the windows whose
//       rates are printed; --limit stops after that many triples.
//       --compaction-stats prints, after the drain, RocksDB's compaction
//       counters of each family that compacted (keys read, CPU seconds,
//       MB written). --no-compaction is an experiment: RocksDB's
//       automatic compactions off for the whole run (the request path's
//       ceiling; sorted runs pile up and slow every write down).
//   kg_update_bench parse FILE.nt [--chunk N] [--limit N] [--reps N]
//       The parsing alone (no database): the same requests as bulk, built
//       first, then parsed --reps times (default 5) by the SPARQL parser.
//       Prints "mode=parse triples=T requests=Q us_per_triple=X
//       min_us_per_triple=Y": the request thread's CPU time per triple,
//       median and least over the repetitions. Run it under
//       `valgrind --tool=callgrind` for instruction counts, which this
//       shared machine does not blur.
//
// DB must exist (made by `kg load`); it is opened read-write and changed.
// Output: "key=value" lines. fsync and durable print
//   mode=M ops=N ops_per_s=R p50_us=X p99_us=Y max_us=Z
// (ops_per_s = N / the sum of the timed calls); paired prints that line for
// mode=paired_fsync and mode=paired_durable, then "ratio=R" (durable ops/s
// over fsync ops/s). durable and paired also print "wal_bytes_per_op=B":
// how much RocksDB's write-ahead logs in DB grew per request. bulk prints one
// line per window, "window=K triples=T s=S triples_per_s=R", then
//   mode=bulk triples=T requests=Q update_s=S sustained_per_s=R
//   request_p50_per_s=.. request_p10_per_s=.. request_min_per_s=..
//   request_max_s=.. loop_s=.. drain_s=.. with_compaction_per_s=.. close_s=..
//   with_close_per_s=.. peak_rss_mib=.. update_cpu_s=.. process_cpu_s=..
// where sustained_per_s = T / update_s (the sum of every Update call, so
// write stalls waiting for flushes and compactions are in it), loop_s the
// wall time of the request loop (text building included), drain_s the time
// after the loop until RocksDB has no flush or compaction running or due
// (Store::WaitForCompactions: the merging the stream left behind),
// with_compaction_per_s = T / (update_s + drain_s), close_s the time to
// close the database after that, and with_close_per_s =
// T / (loop_s + drain_s + close_s). update_cpu_s is the CPU time
// the request thread spent inside Update (not the helper thread that writes
// half of a commit's files), process_cpu_s the whole process's CPU time up
// to the close (text building and RocksDB's compactions, the drain's
// included).
#include <fcntl.h>
#include <rocksdb/db.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kg/database.h"
#include "query/syntax/sparql_parser.h"
#include "store/db.h"
#include "store/quad_store.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kWarmUp = 50;

// CPU time of a clock: CLOCK_THREAD_CPUTIME_ID (the calling thread) or
// CLOCK_PROCESS_CPUTIME_ID (every thread, RocksDB's compactions included).
double CpuSeconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) +
         1e-9 * static_cast<double>(ts.tv_nsec);
}

double Seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// The value at quantile q (0..1) of `v`, nearest rank; v must not be empty.
double Quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  std::size_t rank =
      static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

// Prints the summary line of a mode that times N equal operations.
void ReportOps(const char* mode, const std::vector<double>& seconds) {
  double total = 0;
  for (double s : seconds) total += s;
  std::vector<double> us;
  us.reserve(seconds.size());
  for (double s : seconds) us.push_back(s * 1e6);
  std::printf(
      "mode=%s ops=%zu ops_per_s=%.1f p50_us=%.1f p99_us=%.1f max_us=%.1f\n",
      mode, seconds.size(), static_cast<double>(seconds.size()) / total,
      Quantile(us, 0.5), Quantile(us, 0.99), Quantile(us, 1.0));
}

// Options after the positional arguments: "--name value" pairs.
bool ParseFlags(int argc, char** argv, int first,
                const std::vector<std::pair<const char*, long*>>& flags) {
  if ((argc - first) % 2 != 0) return false;
  for (int i = first; i < argc; i += 2) {
    bool known = false;
    for (const auto& [name, value] : flags) {
      if (std::strcmp(argv[i], name) == 0) {
        char* end = nullptr;
        *value = std::strtol(argv[i + 1], &end, 10);
        if (*end != '\0' || *value <= 0) return false;
        known = true;
      }
    }
    if (!known) return false;
  }
  return true;
}

// Appends of `bytes` bytes to a new file in `dir`, each followed by
// fdatasync: what the disk gives a durable commit at most. The file is
// removed when the probe goes.
class SyncProbe {
 public:
  SyncProbe(const std::string& dir, long bytes)
      : path_(dir + "/kg_update_bench.fsync.tmp"),
        record_(static_cast<std::size_t>(bytes), 'x') {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
    if (fd_ < 0)
      std::fprintf(stderr, "fsync: open %s: %s\n", path_.c_str(),
                   std::strerror(errno));
  }
  ~SyncProbe() {
    if (fd_ >= 0) ::close(fd_);
    ::unlink(path_.c_str());
  }
  bool ok() const { return fd_ >= 0; }
  // One append + fdatasync; its time in seconds, or a negative value.
  double Op() {
    const auto t0 = Clock::now();
    if (::write(fd_, record_.data(), record_.size()) !=
            static_cast<ssize_t>(record_.size()) ||
        ::fdatasync(fd_) != 0) {
      std::fprintf(stderr, "fsync: %s\n", std::strerror(errno));
      return -1;
    }
    return Seconds(Clock::now() - t0);
  }

 private:
  std::string path_;
  std::string record_;
  int fd_ = -1;
};

// Single-triple INSERT DATA requests, each one durable transaction.
class DurableInserter {
 public:
  explicit DurableInserter(kg::Database& db)
      : db_(db),
        // Subjects no request used before, in this run or an earlier one on
        // the same database, so every commit writes a new dictionary entry
        // as well as the six index keys and the statistics.
        run_(
            std::to_string(std::chrono::system_clock::now().time_since_epoch() /
                           std::chrono::microseconds(1))) {}
  // One request; the time of the Update call in seconds, or a negative value.
  double Op() {
    const long i = next_++;
    const std::string text =
        "INSERT DATA { <http://kg.example.org/bench/durable/" + run_ + "/s" +
        std::to_string(i) +
        "> <http://kg.example.org/news/supported> "
        "<http://kg.example.org/news/resolution/" +
        std::to_string(i % 1000) + "> }";
    const auto t0 = Clock::now();
    auto r = db_.Update(text);
    const double s = Seconds(Clock::now() - t0);
    if (!r.ok() || r->inserted != 1) {
      std::fprintf(
          stderr, "durable: request %ld: %s\n", i,
          r.ok() ? "did not insert one triple" : r.status().ToString().c_str());
      return -1;
    }
    return s;
  }

 private:
  kg::Database& db_;
  std::string run_;
  long next_ = 0;
};

// The bytes of RocksDB's write-ahead logs (*.log) in the database folder:
// their growth over a run is what the commits wrote to be synced.
std::uintmax_t WalBytes(const std::string& path) {
  std::uintmax_t total = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(path, ec)) {
    if (e.path().extension() == ".log") total += e.file_size(ec);
  }
  return total;
}

kg::Result<std::unique_ptr<kg::Database>> OpenExisting(
    const std::string& path) {
  kg::DatabaseOptions options;
  options.store.sync_commits = true;  // the default, said out loud
  return kg::Database::Open(path, options);
}

// Runs `op` kWarmUp times untimed, then `n` times into `out`; false on error.
template <typename Op>
bool Repeat(Op& op, long n, bool warm_up, std::vector<double>* out) {
  for (long i = 0; i < (warm_up ? kWarmUp : 0) + n; ++i) {
    const double s = op.Op();
    if (s < 0) return false;
    if (!warm_up || i >= kWarmUp) out->push_back(s);
  }
  return true;
}

int RunFsync(const std::string& dir, long ops, long bytes) {
  SyncProbe probe(dir, bytes);
  std::vector<double> seconds;
  if (!probe.ok() || !Repeat(probe, ops, true, &seconds)) return 1;
  ReportOps("fsync", seconds);
  return 0;
}

int RunDurable(const std::string& path, long requests) {
  auto db = OpenExisting(path);
  if (!db.ok()) {
    std::fprintf(stderr, "open: %s\n", db.status().ToString().c_str());
    return 1;
  }
  DurableInserter inserter(**db);
  std::vector<double> seconds;
  const std::uintmax_t wal_before = WalBytes(path);
  if (!Repeat(inserter, requests, true, &seconds)) return 1;
  ReportOps("durable", seconds);
  std::printf("wal_bytes_per_op=%.0f\n",
              static_cast<double>(WalBytes(path) - wal_before) /
                  static_cast<double>(kWarmUp + requests));
  return 0;
}

// fsync and durable in one process, alternating blocks of `block`
// operations, so that both meet the disk in the same state: its sync
// latency on a shared machine changes from minute to minute.
int RunPaired(const std::string& path, long ops, long block, long bytes) {
  auto db = OpenExisting(path);
  if (!db.ok()) {
    std::fprintf(stderr, "open: %s\n", db.status().ToString().c_str());
    return 1;
  }
  const std::string dir = std::filesystem::path(path).parent_path().string();
  SyncProbe probe(dir.empty() ? "." : dir, bytes);
  DurableInserter inserter(**db);
  std::vector<double> fsync_s, durable_s;
  const std::uintmax_t wal_before = WalBytes(path);
  if (!probe.ok() || !Repeat(probe, 0, true, &fsync_s) ||
      !Repeat(inserter, 0, true, &durable_s))
    return 1;
  for (long done = 0; done < ops; done += block) {
    const long n = std::min(block, ops - done);
    if (!Repeat(probe, n, false, &fsync_s) ||
        !Repeat(inserter, n, false, &durable_s))
      return 1;
  }
  ReportOps("paired_fsync", fsync_s);
  ReportOps("paired_durable", durable_s);
  double f = 0, d = 0;
  for (double s : fsync_s) f += s;
  for (double s : durable_s) d += s;
  std::printf("wal_bytes_per_op=%.0f\n",
              static_cast<double>(WalBytes(path) - wal_before) /
                  static_cast<double>(kWarmUp + ops));
  std::printf("ratio=%.3f\n", f / d);  // durable ops/s over fsync ops/s
  return 0;
}

double PeakRssMiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // Linux: KiB
}

// The next request of up to `want` triples (lines of `in`, blank lines and
// comments skipped) into *text; returns how many it holds.
long ReadRequest(std::istream& in, long want, std::string* text) {
  text->assign("INSERT DATA {\n");
  std::string line;
  long n = 0;
  while (n < want && std::getline(in, line)) {
    const std::size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    text->append(line).push_back('\n');
    ++n;
  }
  text->append("}\n");
  return n;
}

int RunParse(const std::string& file, long chunk, long limit, long reps) {
  std::ifstream in(file);
  if (!in) {
    std::fprintf(stderr, "parse: cannot read %s\n", file.c_str());
    return 1;
  }
  std::vector<std::string> requests;
  long triples = 0;
  while (limit == 0 || triples < limit) {
    std::string text;
    const long want = limit == 0 ? chunk : std::min(chunk, limit - triples);
    const long n = ReadRequest(in, want, &text);
    if (n == 0) break;
    requests.push_back(std::move(text));
    triples += n;
  }
  if (triples == 0 || reps < 1) {
    std::fprintf(stderr, "parse: no triples in %s\n", file.c_str());
    return 1;
  }
  kg::query::SparqlParseOptions options;
  options.kind = kg::query::SparqlRequestKind::kUpdate;
  std::vector<double> per_triple;
  for (long rep = 0; rep < reps; ++rep) {
    const double cpu0 = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
    for (const std::string& text : requests) {
      auto r = kg::query::ParseSparql(text, options);
      if (!r.ok()) {
        std::fprintf(stderr, "parse: %s\n", r.status().ToString().c_str());
        return 1;
      }
    }
    per_triple.push_back((CpuSeconds(CLOCK_THREAD_CPUTIME_ID) - cpu0) * 1e6 /
                         static_cast<double>(triples));
  }
  std::printf(
      "mode=parse triples=%ld requests=%zu us_per_triple=%.3f "
      "min_us_per_triple=%.3f\n",
      triples, requests.size(), Quantile(per_triple, 0.5),
      Quantile(per_triple, 0.0));
  return 0;
}

// RocksDB's compaction counters of each column family since the database
// was opened, for the families that compacted: "compaction family=F
// keys_in=K cpu_s=S write_mb=W", the keys the compactions read, their CPU
// time and the MB they wrote (from rocksdb.cfstats; its count of
// compactions also counts every ingested file, so it is left out).
void PrintCompactionStats(kg::store::Db* d) {
  for (int i = 0; i < kg::store::kCfCount; ++i) {
    const auto cf = static_cast<kg::store::Cf>(i);
    std::map<std::string, std::string> m;
    if (!d->db->GetMapProperty(d->cf(cf), "rocksdb.cfstats", &m)) continue;
    auto get = [&m](const char* key) {
      auto it = m.find(std::string("compaction.Sum.") + key);
      return it == m.end() ? 0.0 : std::strtod(it->second.c_str(), nullptr);
    };
    if (get("KeyIn") == 0) continue;
    std::printf("compaction family=%s keys_in=%.0f cpu_s=%.2f write_mb=%.1f\n",
                kg::store::CfName(cf), get("KeyIn"), get("CompMergeCPU"),
                get("WriteGB") * 1024);
  }
}

int RunBulk(const std::string& path, const std::string& file, long chunk,
            long window, long limit, bool compaction, bool compaction_stats) {
  std::ifstream in(file);
  if (!in) {
    std::fprintf(stderr, "bulk: cannot read %s\n", file.c_str());
    return 1;
  }
  auto db = OpenExisting(path);
  if (!db.ok()) {
    std::fprintf(stderr, "open: %s\n", db.status().ToString().c_str());
    return 1;
  }
  kg::store::Db* store_db = (*db)->store().quad_store()->db();
  if (!compaction) {
    // An experiment, not a setting: without compaction the sorted runs
    // pile up (every write probes more of them) and nothing is merged.
    for (rocksdb::ColumnFamilyHandle* cf : store_db->cfs) {
      rocksdb::Status s =
          store_db->db->SetOptions(cf, {{"disable_auto_compactions", "true"}});
      if (!s.ok()) {
        std::fprintf(stderr, "bulk: %s\n", s.ToString().c_str());
        return 1;
      }
    }
  }
  std::vector<double> request_rates;
  double update_s = 0, request_max_s = 0, window_s = 0, update_cpu_s = 0;
  long triples = 0, window_triples = 0, windows = 0;
  std::string text;
  const auto loop_start = Clock::now();
  bool more = true;
  while (more && (limit == 0 || triples < limit)) {
    // Build the request before its timer starts.
    const long want = limit == 0 ? chunk : std::min(chunk, limit - triples);
    const long n = ReadRequest(in, want, &text);
    if (n < want) more = false;
    if (n == 0) break;
    const auto t0 = Clock::now();
    const double cpu0 = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
    auto r = (*db)->Update(text);
    update_cpu_s += CpuSeconds(CLOCK_THREAD_CPUTIME_ID) - cpu0;
    const auto t1 = Clock::now();
    if (!r.ok()) {
      std::fprintf(stderr, "bulk: request %zu: %s\n", request_rates.size() + 1,
                   r.status().ToString().c_str());
      return 1;
    }
    if (r->inserted != static_cast<std::uint64_t>(n)) {
      std::fprintf(stderr,
                   "bulk: request %zu inserted %llu of %ld triples (the file "
                   "must hold triples new to the database)\n",
                   request_rates.size() + 1,
                   static_cast<unsigned long long>(r->inserted), n);
      return 1;
    }
    const double s = Seconds(t1 - t0);
    update_s += s;
    request_max_s = std::max(request_max_s, s);
    window_s += s;
    triples += n;
    window_triples += n;
    request_rates.push_back(static_cast<double>(n) / s);
    if (window_triples >= window) {
      std::printf("window=%ld triples=%ld s=%.3f triples_per_s=%.0f\n",
                  ++windows, window_triples, window_s,
                  static_cast<double>(window_triples) / window_s);
      std::fflush(stdout);
      window_triples = 0;
      window_s = 0;
    }
  }
  const auto loop_end = Clock::now();
  if (window_triples > 0) {
    std::printf("window=%ld triples=%ld s=%.3f triples_per_s=%.0f\n", ++windows,
                window_triples, window_s,
                static_cast<double>(window_triples) / window_s);
  }
  if (triples == 0) {
    std::fprintf(stderr, "bulk: %s holds no triples\n", file.c_str());
    return 1;
  }
  // The compactions the stream left, until RocksDB's compaction picker
  // finds nothing more to do (after a long stream that is a merge of each
  // family into one sorted run).
  if (kg::Status st = (*db)->store().WaitForCompactions(); !st.ok()) {
    std::fprintf(stderr, "bulk: %s\n", st.ToString().c_str());
    return 1;
  }
  const auto drained = Clock::now();
  if (compaction_stats) PrintCompactionStats(store_db);
  db->reset();  // close: flushes the memtables
  const auto closed = Clock::now();
  const double loop_s = Seconds(loop_end - loop_start);
  const double drain_s = Seconds(drained - loop_end);
  const double close_s = Seconds(closed - drained);
  std::printf(
      "mode=bulk triples=%ld requests=%zu update_s=%.3f sustained_per_s=%.0f "
      "request_p50_per_s=%.0f request_p10_per_s=%.0f request_min_per_s=%.0f "
      "request_max_s=%.3f loop_s=%.3f drain_s=%.3f with_compaction_per_s=%.0f "
      "close_s=%.3f with_close_per_s=%.0f peak_rss_mib=%.0f update_cpu_s=%.3f "
      "process_cpu_s=%.3f\n",
      triples, request_rates.size(), update_s,
      static_cast<double>(triples) / update_s, Quantile(request_rates, 0.5),
      Quantile(request_rates, 0.1), Quantile(request_rates, 0.0), request_max_s,
      loop_s, drain_s, static_cast<double>(triples) / (update_s + drain_s),
      close_s, static_cast<double>(triples) / (loop_s + drain_s + close_s),
      PeakRssMiB(), update_cpu_s, CpuSeconds(CLOCK_PROCESS_CPUTIME_ID));
  return 0;
}

int Usage() {
  std::fprintf(stderr,
               "usage: kg_update_bench fsync DIR [--ops N] [--bytes B]\n"
               "       kg_update_bench durable DB [--requests N]\n"
               "       kg_update_bench paired DB [--ops N] [--block N] "
               "[--bytes B]\n"
               "       kg_update_bench bulk DB FILE.nt [--chunk N] "
               "[--window N] [--limit N]\n"
               "                            [--compaction-stats] "
               "[--no-compaction]\n"
               "       kg_update_bench parse FILE.nt [--chunk N] [--limit N] "
               "[--reps N]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return Usage();
  const std::string mode = argv[1];
  if (mode == "fsync") {
    long ops = 2000, bytes = 64;
    if (!ParseFlags(argc, argv, 3, {{"--ops", &ops}, {"--bytes", &bytes}}))
      return Usage();
    return RunFsync(argv[2], ops, bytes);
  }
  if (mode == "paired") {
    long ops = 2000, block = 100, bytes = 64;
    if (!ParseFlags(
            argc, argv, 3,
            {{"--ops", &ops}, {"--block", &block}, {"--bytes", &bytes}}))
      return Usage();
    return RunPaired(argv[2], ops, block, bytes);
  }
  if (mode == "durable") {
    long requests = 2000;
    if (!ParseFlags(argc, argv, 3, {{"--requests", &requests}})) return Usage();
    return RunDurable(argv[2], requests);
  }
  if (mode == "parse") {
    long chunk = 10000, limit = 0, reps = 5;
    if (!ParseFlags(
            argc, argv, 3,
            {{"--chunk", &chunk}, {"--limit", &limit}, {"--reps", &reps}}))
      return Usage();
    return RunParse(argv[2], chunk, limit, reps);
  }
  if (mode == "bulk" && argc >= 4) {
    long chunk = 10000, window = 1000000, limit = 0;
    bool compaction = true, compaction_stats = false;
    // The switches without a value, then the "--name value" pairs.
    std::vector<char*> rest(argv, argv + 4);
    for (int i = 4; i < argc; ++i) {
      if (std::strcmp(argv[i], "--no-compaction") == 0) {
        compaction = false;
      } else if (std::strcmp(argv[i], "--compaction-stats") == 0) {
        compaction_stats = true;
      } else {
        rest.push_back(argv[i]);
      }
    }
    if (!ParseFlags(
            static_cast<int>(rest.size()), rest.data(), 4,
            {{"--chunk", &chunk}, {"--window", &window}, {"--limit", &limit}}))
      return Usage();
    return RunBulk(argv[2], argv[3], chunk, window, limit, compaction,
                   compaction_stats);
  }
  return Usage();
}
