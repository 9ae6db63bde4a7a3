// Compact, Backup and Restore: reclaiming dictionary entries and disk space,
// keeping terms still in use, consistent backups of a store being written,
// and refusing targets that exist.
#include "store/maintenance.h"

#include <rocksdb/db.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "kg/store.h"
#include "store/db.h"
#include "store/quad_store.h"
#include "tests/unit/store/failing_files.h"
#include "tests/unit/store/test_util.h"

namespace kg {
namespace {

using testing::OpenNew;
using testing::OpenUnsynced;
using testing::TempDir;
namespace fs = std::filesystem;

const std::string kEx = "http://ex.org/";

// Base data: subjects, a few predicates, IRI and literal objects, three
// named graphs and the default graph.
std::vector<Quad> BaseQuads(int n) {
  std::vector<Quad> out;
  for (int i = 0; i < n; ++i) {
    Quad q;
    q.subject = Term::Iri(kEx + "s" + std::to_string(i % 2000));
    q.predicate = Term::Iri(kEx + "p" + std::to_string(i % 13));
    q.object = i % 3 == 0
                   ? Term::LangLiteral("اسم " + std::to_string(i % 5000), "ar")
                   : Term::Iri(kEx + "s" + std::to_string((i * 7) % 2000));
    q.graph = i % 4 == 0 ? Term::DefaultGraph()
                         : Term::Iri(kEx + "g" + std::to_string(i % 3));
    out.push_back(std::move(q));
  }
  return out;
}

// Quads whose subject and object are terms no other quad uses.
std::vector<Quad> FreshQuads(int n, const std::string& tag) {
  std::vector<Quad> out;
  for (int i = 0; i < n; ++i) {
    out.push_back(
        Quad{Term::Iri(kEx + tag + "/subject/" + std::to_string(i)),
             Term::Iri(kEx + "p" + std::to_string(i % 13)),
             Term::Literal("a fresh literal, number " + std::to_string(i)),
             Term::Iri(kEx + "g" + std::to_string(i % 3))});
  }
  return out;
}

void RequireCheckOk(const Store& store) {
  auto report = store.Check();
  BOOST_TEST_REQUIRE(report.ok(), report.status().ToString());
  BOOST_TEST(report->ok(),
             (report->problems.empty() ? std::string() : report->problems[0]));
}

std::uint64_t DictionaryEntries(const Store& store) {
  auto report = store.Check();
  BOOST_TEST_REQUIRE(report.ok(), report.status().ToString());
  return report->terms;
}

std::optional<store::TermId> IdOf(Store* store, const Term& t) {
  auto id = store->quad_store()->NewReadView()->Lookup(t);
  BOOST_TEST_REQUIRE(id.ok(), id.status().ToString());
  return *id;
}

BOOST_AUTO_TEST_SUITE(maintenance)

BOOST_AUTO_TEST_CASE(compact_reclaims_entries_and_space) {
  TempDir dir;
  auto store = OpenUnsynced(dir.Sub("db"), true);
  auto w = store->Add(BaseQuads(30000));
  BOOST_TEST_REQUIRE(w.ok(), w.status().ToString());

  auto first = store->Compact();
  BOOST_TEST_REQUIRE(first.ok(), first.status().ToString());
  BOOST_TEST(first->terms_reclaimed == 0u);  // the base data uses every term
  auto stats0 = store->Stats();
  BOOST_TEST_REQUIRE(stats0.ok(), stats0.status().ToString());
  const std::uint64_t terms0 = stats0->terms;
  const std::uint64_t bytes0 = first->bytes_after;
  BOOST_TEST(DictionaryEntries(*store) == terms0);
  BOOST_TEST(first->terms_before == terms0);

  const std::vector<Quad> fresh = FreshQuads(100000, "fresh");
  w = store->Add(fresh);
  BOOST_TEST_REQUIRE(w.ok(), w.status().ToString());
  BOOST_TEST(w->inserted == fresh.size());
  auto grown = store->Stats();
  BOOST_TEST_REQUIRE(grown.ok());
  BOOST_TEST(grown->terms == terms0 + 2 * fresh.size());
  w = store->Remove(fresh);
  BOOST_TEST_REQUIRE(w.ok(), w.status().ToString());
  BOOST_TEST(w->deleted == fresh.size());

  auto second = store->Compact();
  BOOST_TEST_REQUIRE(second.ok(), second.status().ToString());
  BOOST_TEST(second->terms_before == terms0 + 2 * fresh.size());
  BOOST_TEST(second->terms_reclaimed == 2 * fresh.size());
  auto stats1 = store->Stats();
  BOOST_TEST_REQUIRE(stats1.ok(), stats1.status().ToString());
  BOOST_TEST(stats1->terms == terms0);
  BOOST_TEST(stats1->terms_reclaimed == 2 * fresh.size());
  BOOST_TEST(DictionaryEntries(*store) == terms0);
  const double ratio =
      static_cast<double>(second->bytes_after) / static_cast<double>(bytes0);
  BOOST_TEST_MESSAGE(
      "reclaim: " << terms0 << " entries, " << bytes0
                  << " bytes after the first compact; " << second->terms_before
                  << " entries, " << second->bytes_before
                  << " bytes before the second, " << stats1->terms
                  << " entries, " << second->bytes_after << " bytes after");
  BOOST_TEST(second->bytes_before > bytes0 * 2);  // the fresh data was there
  BOOST_TEST(ratio > 0.95);
  BOOST_TEST(ratio < 1.05);
  RequireCheckOk(*store);

  // Ids are not reused: a reclaimed term added again gets a new id.
  auto again = store->Add({fresh[0]});
  BOOST_TEST_REQUIRE(again.ok(), again.status().ToString());
  auto stats2 = store->Stats();
  BOOST_TEST_REQUIRE(stats2.ok());
  BOOST_TEST(stats2->terms == terms0 + 2);
  RequireCheckOk(*store);

  // The counter survives reopening.
  store.reset();
  store = OpenUnsynced(dir.Sub("db"), false);
  auto stats3 = store->Stats();
  BOOST_TEST_REQUIRE(stats3.ok());
  BOOST_TEST(stats3->terms == terms0 + 2);
  BOOST_TEST(stats3->terms_reclaimed == 2 * fresh.size());
}

BOOST_AUTO_TEST_CASE(compact_keeps_terms_in_use) {
  TempDir dir;
  auto store = OpenUnsynced(dir.Sub("db"), true);
  const Term s = Term::Iri(kEx + "only-subject");
  const Term p = Term::Iri(kEx + "only-predicate");
  const Term o_iri = Term::Iri(kEx + "only-object");
  const Term o_lit = Term::LangLiteral("قرار", "ar");
  const Term o_blank = Term::Blank("only-object-blank");
  const Term g = Term::Iri(kEx + "only-graph");
  const Term p2 = Term::Iri(kEx + "other-predicate");
  const std::vector<Quad> kept = {
      {s, p, o_iri, Term::DefaultGraph()},
      {s, p2, o_lit, Term::DefaultGraph()},
      {s, p2, o_blank, Term::DefaultGraph()},
      {s, p2, Term::Literal("42", "http://www.w3.org/2001/XMLSchema#integer"),
       g},
  };
  // Terms that only the removed quads used.
  const std::vector<Quad> gone = {
      {Term::Iri(kEx + "gone-s"), p2, Term::Literal("gone object"), g},
      {s, Term::Iri(kEx + "gone-p"), o_iri, Term::Iri(kEx + "gone-g")},
  };
  BOOST_TEST_REQUIRE(store->Add(kept).ok());
  BOOST_TEST_REQUIRE(store->Add(gone).ok());
  const auto gone_s_id = IdOf(store.get(), gone[0].subject);
  BOOST_TEST_REQUIRE(gone_s_id.has_value());
  BOOST_TEST_REQUIRE(store->Remove(gone).ok());
  const std::uint64_t before = DictionaryEntries(*store);

  auto summary = store->Compact();
  BOOST_TEST_REQUIRE(summary.ok(), summary.status().ToString());
  BOOST_TEST(summary->terms_before == before);
  BOOST_TEST(summary->terms_reclaimed == 4u);  // gone-s, literal, gone-p, -g
  BOOST_TEST(DictionaryEntries(*store) == before - 4);
  RequireCheckOk(*store);

  for (const Term& t : {s, p, o_iri, o_lit, o_blank, g, p2}) {
    BOOST_TEST(IdOf(store.get(), t).has_value(), t.ToNTriples());
  }
  for (const Term& t :
       {gone[0].subject, gone[0].object, gone[1].predicate, gone[1].graph}) {
    BOOST_TEST(!IdOf(store.get(), t).has_value(), t.ToNTriples());
  }
  // Every kept quad decodes (its terms are all still in the dictionary).
  std::size_t n = 0;
  BOOST_TEST_REQUIRE(store
                         ->Match({},
                                 [&](const Quad&) {
                                   ++n;
                                   return true;
                                 })
                         .ok());
  BOOST_TEST(n == kept.size());
  QuadPattern in_g;
  in_g.graph = g;
  n = 0;
  BOOST_TEST_REQUIRE(store
                         ->Match(in_g,
                                 [&](const Quad&) {
                                   ++n;
                                   return true;
                                 })
                         .ok());
  BOOST_TEST(n == 1u);

  // A reclaimed term comes back with a new id.
  BOOST_TEST_REQUIRE(store->Add({gone[0]}).ok());
  const auto new_id = IdOf(store.get(), gone[0].subject);
  BOOST_TEST_REQUIRE(new_id.has_value());
  BOOST_TEST(*new_id != *gone_s_id);
  RequireCheckOk(*store);

  // A second compaction finds nothing more.
  auto again = store->Compact();
  BOOST_TEST_REQUIRE(again.ok(), again.status().ToString());
  BOOST_TEST(again->terms_reclaimed == 0u);
}

std::uint64_t StatsEntries(Store* store, char kind, store::TermId id) {
  store::Db* db = store->quad_store()->db();
  std::string v;
  rocksdb::Status s =
      db->db->Get(rocksdb::ReadOptions(), db->cf(store::Cf::kStats),
                  store::StatKey(kind, id), &v);
  BOOST_TEST_REQUIRE((s.ok() || s.IsNotFound()), s.ToString());
  return s.ok() ? 1 : 0;
}

BOOST_AUTO_TEST_CASE(compact_and_statistics_counters) {
  // A bulk load records distinct counts per predicate; removing the
  // predicate's last quad by a commit leaves them. Compact reclaims the
  // predicate and removes those counters with it.
  TempDir dir;
  auto store = OpenUnsynced(dir.Sub("db"), true);
  const Quad q{Term::Iri(kEx + "a"), Term::Iri(kEx + "counted"),
               Term::Iri(kEx + "b"), Term::DefaultGraph()};
  const Quad keep{Term::Iri(kEx + "a"), Term::Iri(kEx + "p"),
                  Term::Iri(kEx + "b"), Term::DefaultGraph()};
  {
    auto load = store->BeginBulkLoad();
    BOOST_TEST_REQUIRE(load.ok(), load.status().ToString());
    BOOST_TEST_REQUIRE((*load)->Add(q).ok());
    BOOST_TEST_REQUIRE((*load)->Add(keep).ok());
    BOOST_TEST_REQUIRE((*load)->Commit().ok());
  }
  const auto counted = IdOf(store.get(), q.predicate);
  BOOST_TEST_REQUIRE(counted.has_value());
  BOOST_TEST_REQUIRE(StatsEntries(store.get(), 'S', *counted) == 1u);
  BOOST_TEST_REQUIRE(store->Remove({q}).ok());
  BOOST_TEST_REQUIRE(StatsEntries(store.get(), 'S', *counted) == 1u);
  auto summary = store->Compact();
  BOOST_TEST_REQUIRE(summary.ok(), summary.status().ToString());
  BOOST_TEST(summary->terms_reclaimed == 1u);
  BOOST_TEST(!IdOf(store.get(), q.predicate).has_value());
  BOOST_TEST(StatsEntries(store.get(), 'S', *counted) == 0u);
  BOOST_TEST(StatsEntries(store.get(), 'O', *counted) == 0u);
  const auto p = IdOf(store.get(), keep.predicate);
  BOOST_TEST_REQUIRE(p.has_value());
  BOOST_TEST(StatsEntries(store.get(), 'S', *p) == 1u);
  BOOST_TEST_REQUIRE(store->Analyze().ok());
  RequireCheckOk(*store);

  // A graph counter that names a graph no quad is in (a wrong counter)
  // keeps the graph's entry, so that Stats() can still name it.
  const Quad in_g{Term::Iri(kEx + "x"), keep.predicate, Term::Literal("y"),
                  Term::Iri(kEx + "lonely-graph")};
  BOOST_TEST_REQUIRE(store->Add({in_g}).ok());
  const auto g = IdOf(store.get(), in_g.graph);
  BOOST_TEST_REQUIRE(g.has_value());
  BOOST_TEST_REQUIRE(store->Remove({in_g}).ok());
  store::Db* db = store->quad_store()->db();
  BOOST_TEST_REQUIRE(db->db
                         ->Put(rocksdb::WriteOptions(),
                               db->cf(store::Cf::kStats),
                               store::StatKey('g', *g), store::U64Bytes(1))
                         .ok());
  summary = store->Compact();
  BOOST_TEST_REQUIRE(summary.ok(), summary.status().ToString());
  BOOST_TEST(summary->terms_reclaimed == 2u);  // x and "y", not the graph
  BOOST_TEST(IdOf(store.get(), in_g.graph).has_value());
  auto stats = store->Stats();
  BOOST_TEST_REQUIRE(stats.ok(), stats.status().ToString());
  auto report = store->Check();
  BOOST_TEST_REQUIRE(report.ok());
  BOOST_TEST_REQUIRE(report->problems.size() == 1u);
  BOOST_TEST(report->problems[0].find("statistics") != std::string::npos,
             report->problems[0]);
}

// A store of a few quads at `path`, opened read-only.
std::unique_ptr<Store> OpenReadOnly(const std::string& path) {
  {
    auto w = OpenUnsynced(path, true)->Add(BaseQuads(10));
    BOOST_TEST_REQUIRE(w.ok(), w.status().ToString());
  }
  StoreOptions o;
  o.read_only = true;
  auto ro = Store::Open(path, o);
  BOOST_TEST_REQUIRE(ro.ok(), ro.status().ToString());
  return std::move(ro).value();
}

BOOST_AUTO_TEST_CASE(compact_refuses_a_read_only_store) {
  TempDir dir;
  auto summary = OpenReadOnly(dir.Sub("db"))->Compact();
  BOOST_TEST_REQUIRE(!summary.ok());
  BOOST_TEST(static_cast<int>(summary.status().code()) ==
             static_cast<int>(StatusCode::kNotSupported));
}

// Commits `quads` in one transaction (one ingestion when it is large).
void CommitAll(store::QuadStore* store, const std::vector<Quad>& quads) {
  auto tx = store->Begin();
  BOOST_TEST_REQUIRE(tx.ok(), tx.status().ToString());
  auto w = (*tx)->Apply(quads, {});
  BOOST_TEST_REQUIRE(w.ok(), w.status().ToString());
  const Status st = (*tx)->Commit();
  BOOST_TEST_REQUIRE(st.ok(), st.ToString());
}

// Store::WaitForCompactions(timeout_s) and the seconds it took.
std::pair<Status, double> TimedWait(store::QuadStore* store, double timeout_s) {
  const auto start = std::chrono::steady_clock::now();
  Status st = store->WaitForCompactions(timeout_s);
  return {std::move(st), std::chrono::duration<double>(
                             std::chrono::steady_clock::now() - start)
                             .count()};
}

BOOST_AUTO_TEST_CASE(wait_for_compactions_leaves_no_work_pending) {
  TempDir dir;
  auto store = OpenNew<store::QuadStore>(dir.Sub("db"));
  // Commits large enough to be ingested as files (one per family each),
  // more of them than spog's compaction trigger (8 sorted runs).
  for (int c = 0; c < 10; ++c) {
    std::vector<Quad> quads;
    for (int i = 0; i < 13000; ++i) {
      const std::string n = std::to_string(c) + "-" + std::to_string(i);
      quads.push_back(Quad{Term::Iri(kEx + "w/s" + n),
                           Term::Iri(kEx + "p" + std::to_string(i % 7)),
                           Term::Iri(kEx + "w/o" + n), Term::DefaultGraph()});
    }
    CommitAll(store.get(), quads);
  }
  const Status st = store->WaitForCompactions(300);
  BOOST_TEST_REQUIRE(st.ok(), st.ToString());
  rocksdb::DB* db = store->db()->db;
  std::uint64_t v = 1;
  BOOST_TEST(db->GetIntProperty("rocksdb.num-running-compactions", &v));
  BOOST_TEST(v == 0u);
  for (rocksdb::ColumnFamilyHandle* cf : store->db()->cfs) {
    v = 1;
    BOOST_TEST(db->GetIntProperty(cf, "rocksdb.compaction-pending", &v));
    BOOST_TEST(v == 0u, cf->GetName());
  }
  auto stats = store->Stats();
  BOOST_TEST_REQUIRE(stats.ok());
  BOOST_TEST(stats->quads == 130000u);
}

// A literal of `n` random letters (LZ4 leaves such text about its size).
Term LongLiteral(std::mt19937* random, int n) {
  std::string text(n, 'a');
  for (char& c : text) c = static_cast<char>('a' + (*random)() % 26);
  return Term::Literal(text);
}

// term2id (compaction trigger 8 sorted runs, minimum merge width 4) gets
// 9 runs, each older one more than twice the size of all newer ones
// together: the universal picker finds no runs of similar size, no size
// amplification and too few surplus runs, so the family reports a
// compaction pending that nothing will start. The wait ends all the same.
BOOST_AUTO_TEST_CASE(wait_for_compactions_returns_when_no_merge_is_due) {
  TempDir dir;
  auto store = OpenNew<store::QuadStore>(dir.Sub("db"));
  std::mt19937 random(7);
  const Term p = Term::Iri(kEx + "p");
  // The oldest run: 100 subjects and 2,400 objects of 1 KB (a small
  // commit, written to the memtable, flushed by the first ingestion).
  std::vector<Term> objects;
  std::vector<Quad> pool;
  for (int i = 0; i < 2400; ++i) {
    objects.push_back(LongLiteral(&random, 1000));
    pool.push_back(Quad{Term::Iri(kEx + "pool/s" + std::to_string(i % 100)), p,
                        objects.back(), Term::DefaultGraph()});
  }
  CommitAll(store.get(), pool);
  // Eight ingested commits of 20,000 new quads over the pool's terms (with
  // another predicate), and fewer new terms in each (1,170 down to 2
  // literals of 1 KB).
  const Term q = Term::Iri(kEx + "q");
  int next = 0;
  for (int fresh : {1170, 470, 190, 75, 30, 12, 5, 2}) {
    std::vector<Quad> quads;
    for (int i = 0; i < 20000; ++i, ++next) {
      quads.push_back(
          Quad{Term::Iri(kEx + "pool/s" + std::to_string(next % 100)), q,
               objects[(next / 100) % objects.size()], Term::DefaultGraph()});
    }
    for (int i = 0; i < fresh; ++i) {
      quads.push_back(Quad{Term::Iri(kEx + "pool/s0"), p,
                           LongLiteral(&random, 1000), Term::DefaultGraph()});
    }
    CommitAll(store.get(), quads);
  }
  const auto [st, waited] = TimedWait(store.get(), 60);
  BOOST_TEST_REQUIRE(st.ok(), st.ToString());
  BOOST_TEST(waited < 30.0);
  // The state this test is about: term2id pending, nothing running.
  rocksdb::DB* db = store->db()->db;
  std::uint64_t v = 1;
  BOOST_TEST(db->GetIntProperty("rocksdb.num-running-compactions", &v));
  BOOST_TEST(v == 0u);
  v = 0;
  BOOST_TEST(db->GetIntProperty(store->db()->cf(store::Cf::kTermToId),
                                "rocksdb.compaction-pending", &v));
  BOOST_TEST(v == 1u);
  std::string files;
  BOOST_TEST(db->GetProperty(store->db()->cf(store::Cf::kTermToId),
                             "rocksdb.num-files-at-level0", &files));
  BOOST_TEST(files == "9");
  auto stats = store->Stats();
  BOOST_TEST_REQUIRE(stats.ok());
  BOOST_TEST(stats->quads == 2400u + 8 * 20000u + 1954u);
}

// A compaction that fails leaves its work pending for good: the wait
// reports the error at once instead of waiting out its timeout.
BOOST_AUTO_TEST_CASE(wait_for_compactions_reports_a_failed_compaction) {
  // Compaction outputs: the database's own .sst files (commits write
  // theirs under other names and link them in).
  auto fs = std::make_shared<testing::FailingFiles>([](const std::string& f) {
    return f.ends_with(".sst") && f.find("load-tmp") == std::string::npos;
  });
  testing::UseFileSystem use(fs);
  TempDir dir;
  auto store = OpenNew<store::QuadStore>(dir.Sub("db"));
  // As many ingested commits as spog's compaction trigger; the first one
  // flushes what opening the database wrote (an .sst file of its own).
  for (int c = 0; c < 8; ++c) {
    CommitAll(store.get(), FreshQuads(13000, "f" + std::to_string(c)));
    fs->fail = true;
  }
  const auto [st, waited] = TimedWait(store.get(), 60);
  BOOST_TEST(
      static_cast<int>(st.code()) == static_cast<int>(StatusCode::kIOError),
      st.ToString());
  BOOST_TEST(waited < 30.0);
}

BOOST_AUTO_TEST_CASE(wait_for_compactions_refuses_a_read_only_store) {
  TempDir dir;
  BOOST_TEST(static_cast<int>(
                 OpenReadOnly(dir.Sub("db"))->WaitForCompactions().code()) ==
             static_cast<int>(StatusCode::kNotSupported));
}

// The graph that writer batch `i` fills.
Term BatchGraph(int i) { return Term::Iri(kEx + "batch/" + std::to_string(i)); }

BOOST_AUTO_TEST_CASE(backup_of_a_store_being_written_restores_consistently) {
  TempDir dir;
  auto store = OpenUnsynced(dir.Sub("db"), true);
  BOOST_TEST_REQUIRE(store->Add(BaseQuads(5000)).ok());
  auto base_stats = store->Stats();
  BOOST_TEST_REQUIRE(base_stats.ok());
  const std::uint64_t base_quads = base_stats->quads;
  constexpr int kPerBatch = 50;
  std::atomic<bool> stop{false};
  std::atomic<int> committed{0};
  Status writer_status;
  std::thread writer([&] {
    for (int i = 0; !stop.load(); ++i) {
      std::vector<Quad> batch;
      for (int j = 0; j < kPerBatch; ++j) {
        batch.push_back(Quad{
            Term::Iri(kEx + "w/" + std::to_string(i) + "/" + std::to_string(j)),
            Term::Iri(kEx + "p" + std::to_string(j % 13)),
            Term::Literal("batch " + std::to_string(i)), BatchGraph(i)});
      }
      auto r = store->Add(batch);
      if (!r.ok()) {
        writer_status = r.status();
        return;
      }
      committed.store(i + 1);
    }
  });

  constexpr int kBackups = 3;
  std::vector<int> committed_before(kBackups), committed_after(kBackups);
  std::vector<Status> backup_status(kBackups);
  for (int b = 0; b < kBackups; ++b) {
    const int want = committed.load() + 5;
    while (committed.load() < want && writer_status.ok()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    committed_before[b] = committed.load();
    backup_status[b] = store->Backup(dir.Sub("backup" + std::to_string(b)));
    committed_after[b] = committed.load();
  }
  stop = true;
  writer.join();
  BOOST_TEST_REQUIRE(writer_status.ok(), writer_status.ToString());

  for (int b = 0; b < kBackups; ++b) {
    BOOST_TEST_REQUIRE(backup_status[b].ok(), backup_status[b].ToString());
    const std::string restored = dir.Sub("restored" + std::to_string(b));
    Status s = Store::Restore(dir.Sub("backup" + std::to_string(b)), restored);
    BOOST_TEST_REQUIRE(s.ok(), s.ToString());
    auto copy = OpenUnsynced(restored, false);
    RequireCheckOk(*copy);
    // Batches commit one after another, each atomically: the copy holds
    // every quad of batches 0..k-1 and nothing of later ones, with k
    // between what was committed when the backup began and ended.
    int k = 0;
    bool prefix = true;
    for (int i = 0; i <= committed_after[b]; ++i) {
      QuadPattern pat;
      pat.graph = BatchGraph(i);
      std::size_t n = 0;
      BOOST_TEST_REQUIRE(copy->Match(pat,
                                     [&](const Quad&) {
                                       ++n;
                                       return true;
                                     })
                             .ok());
      if (n == kPerBatch && prefix && i == k) {
        ++k;
      } else if (n != 0) {
        prefix = false;
        BOOST_TEST(false, "batch " << i << " has " << n << " quads in backup "
                                   << b << " after " << k << " whole batches");
      }
    }
    BOOST_TEST_MESSAGE("backup " << b << ": " << k << " batches (between "
                                 << committed_before[b] << " and "
                                 << committed_after[b] << ")");
    BOOST_TEST(k >= committed_before[b]);
    BOOST_TEST(k <= committed_after[b]);
    auto stats = copy->Stats();
    BOOST_TEST_REQUIRE(stats.ok());
    BOOST_TEST(stats->quads == base_quads + std::uint64_t(k) * kPerBatch);
  }
}

BOOST_AUTO_TEST_CASE(backup_of_a_read_only_store) {
  // Opened read-only with no other process holding it: nothing can be
  // flushed, so the checkpoint copies the write-ahead log as it is.
  TempDir dir;
  {
    auto store = OpenUnsynced(dir.Sub("db"), true);
    BOOST_TEST_REQUIRE(store->Add(BaseQuads(300)).ok());
  }
  StoreOptions o;
  o.read_only = true;
  auto ro = Store::Open(dir.Sub("db"), o);
  BOOST_TEST_REQUIRE(ro.ok(), ro.status().ToString());
  Status s = (*ro)->Backup(dir.Sub("backup"));
  BOOST_TEST_REQUIRE(s.ok(), s.ToString());
  BOOST_TEST_REQUIRE(Store::Restore(dir.Sub("backup"), dir.Sub("r")).ok());
  auto copy = OpenUnsynced(dir.Sub("r"), false);
  auto stats = copy->Stats();
  BOOST_TEST_REQUIRE(stats.ok());
  BOOST_TEST(stats->quads == 300u);
  RequireCheckOk(*copy);
}

BOOST_AUTO_TEST_CASE(backup_and_restore_refuse_existing_targets) {
  TempDir dir;
  auto store = OpenUnsynced(dir.Sub("db"), true);
  BOOST_TEST_REQUIRE(store->Add(BaseQuads(100)).ok());

  fs::create_directories(dir.Sub("taken"));
  { std::ofstream(dir.Sub("taken/keep.txt")) << "mine"; }
  Status s = store->Backup(dir.Sub("taken"));
  BOOST_TEST(static_cast<int>(s.code()) ==
             static_cast<int>(StatusCode::kInvalidArgument));
  BOOST_TEST(s.message().find("exists") != std::string::npos, s.ToString());
  BOOST_TEST(fs::exists(dir.Sub("taken/keep.txt")));
  BOOST_TEST(!fs::exists(dir.Sub("taken/CURRENT")));
  s = store->Backup(dir.Sub("no/such/parent/backup"));
  BOOST_TEST(!s.ok());
  BOOST_TEST(!fs::exists(dir.Sub("no")));

  BOOST_TEST_REQUIRE(store->Backup(dir.Sub("backup/")).ok());
  BOOST_TEST(fs::exists(dir.Sub("backup/CURRENT")));

  // Restoring over anything that exists is refused and touches nothing.
  s = Store::Restore(dir.Sub("backup"), dir.Sub("taken"));
  BOOST_TEST(static_cast<int>(s.code()) ==
             static_cast<int>(StatusCode::kInvalidArgument));
  BOOST_TEST(fs::exists(dir.Sub("taken/keep.txt")));
  BOOST_TEST(!fs::exists(dir.Sub("taken/CURRENT")));
  s = Store::Restore(dir.Sub("backup"), dir.Sub("db"));
  BOOST_TEST(static_cast<int>(s.code()) ==
             static_cast<int>(StatusCode::kInvalidArgument));

  // A folder that holds no database.
  s = Store::Restore(dir.Sub("taken"), dir.Sub("r1"));
  BOOST_TEST(static_cast<int>(s.code()) ==
             static_cast<int>(StatusCode::kNotFound));
  BOOST_TEST(!fs::exists(dir.Sub("r1")));

  // A damaged copy fails its check and leaves nothing behind.
  BOOST_TEST_REQUIRE(store->Backup(dir.Sub("damaged")).ok());
  {
    auto damaged = OpenUnsynced(dir.Sub("damaged"), false);
    store::Db* db = damaged->quad_store()->db();
    std::unique_ptr<rocksdb::Iterator> it(
        db->db->NewIterator(rocksdb::ReadOptions(), db->cf(store::Cf::kOspg)));
    it->SeekToFirst();
    BOOST_TEST_REQUIRE(it->Valid());
    BOOST_TEST_REQUIRE(db->db
                           ->Delete(rocksdb::WriteOptions(),
                                    db->cf(store::Cf::kOspg), it->key())
                           .ok());
  }
  s = Store::Restore(dir.Sub("damaged"), dir.Sub("r2"));
  BOOST_TEST(static_cast<int>(s.code()) ==
             static_cast<int>(StatusCode::kCorruption));
  BOOST_TEST(s.message().find("ospg") != std::string::npos, s.ToString());
  BOOST_TEST(!fs::exists(dir.Sub("r2")));
  for (auto& e : fs::directory_iterator(dir.path())) {
    BOOST_TEST(
        e.path().filename().string().find("restoring") == std::string::npos,
        e.path().string());
  }

  // And a good one restores, with the same quads.
  BOOST_TEST_REQUIRE(Store::Restore(dir.Sub("backup"), dir.Sub("r3")).ok());
  auto copy = OpenUnsynced(dir.Sub("r3"), false);
  auto a = store->Stats();
  auto b = copy->Stats();
  BOOST_TEST_REQUIRE((a.ok() && b.ok()));
  BOOST_TEST(a->quads == b->quads);
  BOOST_TEST(a->terms == b->terms);
  RequireCheckOk(*copy);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace kg
