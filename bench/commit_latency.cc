// kg_commit_latency: the writer's commit latency for small SPARQL updates
// (Database::Update, one durable transaction each), alone and while reader
// threads query the same database without pause. Run by
// bench/commit_latency.sh, which repeats it and reports medians
// (docs/benchmarks.md, "Commit latency").
//
// Usage: kg_commit_latency DIR [--commits N] [--block N] [--readers N]
//                              [--base N] [--sync on|off] [--reader-nice N]
//                              [--request items|counter]
//   DIR        a folder that does not exist yet; the database is made in it
//              and removed at the end
//   --commits  timed commits per phase (default 2000)
//   --block    commits per block; blocks alternate between the phases so
//              that both see the same database size (default 250)
//   --readers  reader threads in the "readers" phase (default 4)
//   --base     triples bulk-loaded before the run, so that the readers'
//              queries do real work (default 100000)
//   --sync     StoreOptions::sync_commits (default on)
//   --yield    StoreOptions::readers_yield_to_writers (default on)
//   --reader-nice  the readers' nice value, 0..19 (default 0: the same
//              priority as the writer)
//   --request  items (default): each request deletes the 4 quads of an
//              item added 500 requests before and adds 4; counter: the
//              same, and it also moves one counter value
// Prints one line per phase, "phase=NAME commits=N p50_us=X p99_us=Y
// max_us=Z reader_queries=Q", then "ratio_p99=R" (p99 with readers over
// p99 alone).
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "kg/database.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr char kNs[] = "http://bench.example.org/";
constexpr char kPrefix[] = "PREFIX x: <http://bench.example.org/>\n";

struct Config {
  std::string dir;
  int commits = 2000;
  int block = 250;
  int readers = 4;
  int base = 100000;
  bool sync = true;
  int reader_nice = 0;
  bool counter = false;
  bool yield = true;  // StoreOptions::readers_yield_to_writers
};

bool ParseArgs(int argc, char** argv, Config* c) {
  if (argc < 2 || argv[1][0] == '-') return false;
  c->dir = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--commits") {
      c->commits = std::atoi(value.c_str());
    } else if (flag == "--block") {
      c->block = std::atoi(value.c_str());
    } else if (flag == "--readers") {
      c->readers = std::atoi(value.c_str());
    } else if (flag == "--base") {
      c->base = std::atoi(value.c_str());
    } else if (flag == "--reader-nice") {
      c->reader_nice = std::atoi(value.c_str());
      if (c->reader_nice < 0 || c->reader_nice > 19) return false;
    } else if (flag == "--yield") {
      if (value != "on" && value != "off") return false;
      c->yield = value == "on";
    } else if (flag == "--request") {
      if (value != "items" && value != "counter") return false;
      c->counter = value == "counter";
    } else if (flag == "--sync") {
      if (value != "on" && value != "off") return false;
      c->sync = value == "on";
    } else {
      return false;
    }
  }
  return (argc % 2 == 0) && c->commits > 0 && c->block > 0 && c->readers >= 0 &&
         c->base >= 0;
}

kg::Term Iri(const std::string& local) { return kg::Term::Iri(kNs + local); }

// The base graph: entities with a type, a name and two links each.
kg::Status LoadBase(kg::Database& db, int triples) {
  KG_ASSIGN_OR_RETURN(std::unique_ptr<kg::BulkLoad> load,
                      db.store().BeginBulkLoad());
  const int entities = std::max(1, triples / 4);
  const kg::Term g = kg::Term::DefaultGraph();
  for (int e = 0; e < entities; ++e) {
    const kg::Term s = Iri("e/" + std::to_string(e));
    KG_RETURN_IF_ERROR(
        load->Add({s, Iri("type"), Iri(e % 3 == 0 ? "Person" : "Place"), g}));
    KG_RETURN_IF_ERROR(load->Add(
        {s, Iri("name"), kg::Term::Literal("entity " + std::to_string(e)), g}));
    for (int k : {1, 7}) {
      KG_RETURN_IF_ERROR(
          load->Add({s, Iri("link"),
                     Iri("e/" + std::to_string((e * 31 + k) % entities)), g}));
    }
  }
  return load->Commit().status();
}

// Items live for this many requests: request N deletes item N - kItemLife.
constexpr int kItemLife = 500;

// A small update request (4 quads out, 4 in). "items": deletes the item of
// request N - kItemLife and adds item N, so the database keeps its size.
// "counter": also moves one counter value, the "set a property" idiom; every
// earlier value leaves a deleted key under the same subject and predicate,
// which the DELETE WHERE scan steps over.
std::string SmallUpdate(int n, bool counter) {
  const std::string num = std::to_string(n);
  std::string text = std::string(kPrefix) + "DELETE WHERE { <" + kNs + "item/" +
                     std::to_string(n - kItemLife) + "> ?p ?o } ;\n";
  if (counter) text += "DELETE WHERE { x:counter x:value ?v } ;\n";
  text += "INSERT DATA { <" + std::string(kNs) + "item/" + num +
          "> x:label \"item " + num + "\" ; x:seq " + num + " ; x:link <" +
          kNs + "e/" + std::to_string(n % 1000) + "> ; x:at " + num;
  if (counter) text += " . x:counter x:value " + num;
  return text + " }";
}

// The readers' mix: a join over a third of the entities, a two-hop lookup
// from one entity, an aggregate over the live items.
std::string ReaderQuery(unsigned i, int entities) {
  switch (i % 3) {
    case 0:
      return std::string(kPrefix) +
             "SELECT (COUNT(*) AS ?n) WHERE { ?s x:type x:Person ; x:link ?o "
             ". ?o x:type x:Place }";
    case 1:
      return std::string(kPrefix) + "SELECT ?name WHERE { <" + kNs + "e/" +
             std::to_string((i * 7919u) % static_cast<unsigned>(entities)) +
             "> x:link ?o . ?o x:link ?p . ?p x:name ?name }";
    default:
      return std::string(kPrefix) +
             "SELECT (COUNT(?i) AS ?items) (MAX(?s) AS ?last) WHERE { ?i "
             "x:seq ?s }";
  }
}

struct Percentiles {
  double p50 = 0, p99 = 0, max = 0;
};

Percentiles Summarize(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  auto at = [&](double q) {
    std::size_t i =
        static_cast<std::size_t>(std::ceil(q * static_cast<double>(us.size())));
    return us[std::min(us.size() - 1, i == 0 ? 0 : i - 1)];
  };
  return {at(0.50), at(0.99), us.back()};
}

class Readers {
 public:
  Readers(kg::Database& db, int threads, int entities, int nice) {
    for (int t = 0; t < threads; ++t) {
      threads_.emplace_back([this, &db, t, entities, nice] {
        // Linux: a thread's nice value is its own.
        if (nice != 0) setpriority(PRIO_PROCESS, 0, nice);
        kg::ResultRow row;
        for (unsigned i = static_cast<unsigned>(t); !stop_.load(); ++i) {
          auto r = db.Query(ReaderQuery(i, entities));
          if (!r.ok()) {
            failed_.store(true);
            std::fprintf(stderr, "reader: %s\n", r.status().ToString().c_str());
            return;
          }
          while (true) {
            auto more = r->Next(&row);
            if (!more.ok() || !*more) break;
          }
          queries_.fetch_add(1);
        }
      });
    }
    // Every thread is querying before the timed commits start.
    while (queries_.load() < threads && !failed_.load())
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Readers() {
    stop_.store(true);
    for (auto& t : threads_) t.join();
  }
  long queries() const { return queries_.load(); }
  bool failed() const { return failed_.load(); }

 private:
  std::atomic<bool> stop_{false}, failed_{false};
  std::atomic<long> queries_{0};
  std::vector<std::thread> threads_;
};

}  // namespace

int main(int argc, char** argv) {
  Config c;
  if (!ParseArgs(argc, argv, &c)) {
    std::fprintf(stderr,
                 "usage: kg_commit_latency DIR [--commits N] [--block N] "
                 "[--readers N] [--base N] [--sync on|off] [--reader-nice "
                 "N] [--request items|counter] [--yield on|off]\n");
    return 2;
  }
  if (std::filesystem::exists(c.dir)) {
    std::fprintf(stderr, "kg_commit_latency: %s exists\n", c.dir.c_str());
    return 2;
  }
  std::filesystem::create_directories(c.dir);
  int rc = 0;
  {
    kg::DatabaseOptions o;
    o.store.create_if_missing = true;
    o.store.sync_commits = c.sync;
    o.store.readers_yield_to_writers = c.yield;
    auto db = kg::Database::Open(c.dir + "/db", o);
    if (!db.ok()) {
      std::fprintf(stderr, "open: %s\n", db.status().ToString().c_str());
      return 1;
    }
    if (c.base > 0) {
      kg::Status st = LoadBase(**db, c.base);
      if (!st.ok()) {
        std::fprintf(stderr, "base load: %s\n", st.ToString().c_str());
        return 1;
      }
    }
    const int entities = std::max(1, c.base / 4);
    // Warm-up, untimed: the first commits open files and fill caches, and
    // from the first timed request on each one deletes an item.
    int n = 0;
    for (int i = 0; i < kItemLife + 100; ++i) {
      if (!(*db)->Update(SmallUpdate(++n, c.counter)).ok()) return 1;
    }
    std::vector<double> alone, with_readers;
    long reader_queries = 0;
    for (int block = 0;
         alone.size() < static_cast<std::size_t>(c.commits) ||
         with_readers.size() < static_cast<std::size_t>(c.commits);
         ++block) {
      const bool readers_phase = block % 2 == 1;
      std::vector<double>& out = readers_phase ? with_readers : alone;
      std::unique_ptr<Readers> readers;
      if (readers_phase && c.readers > 0)
        readers =
            std::make_unique<Readers>(**db, c.readers, entities, c.reader_nice);
      for (int i = 0;
           i < c.block && out.size() < static_cast<std::size_t>(c.commits);
           ++i) {
        const std::string text = SmallUpdate(++n, c.counter);
        const auto t0 = Clock::now();
        auto r = (*db)->Update(text);
        const auto t1 = Clock::now();
        if (!r.ok()) {
          std::fprintf(stderr, "update: %s\n", r.status().ToString().c_str());
          return 1;
        }
        out.push_back(
            std::chrono::duration<double, std::micro>(t1 - t0).count());
      }
      if (readers) {
        if (readers->failed()) rc = 1;
        reader_queries += readers->queries();
      }
    }
    const Percentiles a = Summarize(alone), w = Summarize(with_readers);
    std::printf(
        "phase=alone commits=%zu p50_us=%.0f p99_us=%.0f max_us=%.0f "
        "reader_queries=0\n",
        alone.size(), a.p50, a.p99, a.max);
    std::printf(
        "phase=readers commits=%zu p50_us=%.0f p99_us=%.0f max_us=%.0f "
        "reader_queries=%ld\n",
        with_readers.size(), w.p50, w.p99, w.max, reader_queries);
    std::printf("ratio_p99=%.2f\n", w.p99 / a.p99);
  }
  std::error_code ec;
  std::filesystem::remove_all(c.dir, ec);
  return rc;
}
