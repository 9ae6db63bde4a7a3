// Crash tests of SPARQL Update: a child process (update_crash_child.cc)
// applies numbered multi-operation requests through Database::Update and
// acknowledges each; it is killed with SIGKILL at moments spread over its
// run (during opening, between requests, inside requests and their
// commits) and restarted where the database stands. After every kill the
// reopened database must hold every acknowledged transaction whole, no
// part of any other, one consistent marker, and pass Store::Check().
// The power-loss runs also drop every byte the child did not sync
// (tests/unit/store/unsynced_drop_fs.h); with sync_commits off they must
// lose acknowledged transactions, which shows that the checks can fail.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "kg/database.h"
#include "tests/unit/query/update_crash_tx.h"
#include "tests/unit/store/test_util.h"
#include "tests/unit/store/unsynced_drop_fs.h"

extern char** environ;

namespace kg {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::microseconds;

// How long the test waits for the child to make progress before it calls
// the round a failure: generous, never a speed requirement.
constexpr auto kProgressTimeout = std::chrono::seconds(30);

enum Message : std::int32_t { kBegin = 1, kAck = 2 };

std::string QuadText(const Quad& q) {
  return q.subject.ToNTriples() + " " + q.predicate.ToNTriples() + " " +
         q.object.ToNTriples() + " " + q.graph.ToNTriples();
}

// The child's messages as they arrive through the pipe.
class ChildMessages {
 public:
  explicit ChildMessages(int fd) : fd_(fd) {}
  ~ChildMessages() { close(fd_); }

  // Reads messages until `until` or the end of the pipe; false at the end.
  bool Pump(Clock::time_point until) {
    while (!eof_) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                      until - Clock::now())
                      .count();
      pollfd p{fd_, POLLIN, 0};
      int r = poll(&p, 1, static_cast<int>(std::max<long>(left, 0)));
      if (r == 0) return true;
      if (r < 0) continue;  // EINTR
      ReadSome();
    }
    return false;
  }
  // Reads messages until `done()` holds (true) or the pipe ends or the
  // timeout passes (false).
  template <typename Pred>
  bool WaitFor(Pred done, Clock::duration timeout) {
    const auto until = Clock::now() + timeout;
    while (!done()) {
      if (eof_ || Clock::now() >= until) return false;
      pollfd p{fd_, POLLIN, 0};
      int r = poll(&p, 1, 50);
      if (r > 0) ReadSome();
    }
    return true;
  }
  // Everything left, after the child is gone.
  void Drain() { Pump(Clock::now() + kProgressTimeout); }

  int last_begin = 0;  // 0: none yet
  int last_ack = 0;
  int acks = 0;
  Clock::time_point first_begin_at{};
  // Sum and count of begin-to-ack times, for the next round's schedule.
  Clock::duration request_time{};
  int timed_requests = 0;

 private:
  void ReadSome() {
    char buf[512];
    ssize_t n = read(fd_, buf, sizeof buf);
    if (n <= 0) {
      if (n == 0) eof_ = true;
      return;
    }
    pending_.append(buf, static_cast<std::size_t>(n));
    const auto now = Clock::now();
    std::size_t used = 0;
    for (; pending_.size() - used >= 8; used += 8) {
      std::int32_t m[2];
      std::memcpy(m, pending_.data() + used, 8);
      if (m[0] == kBegin) {
        if (last_begin == 0) first_begin_at = now;
        last_begin = m[1];
        begin_at_ = now;
      } else if (m[0] == kAck) {
        last_ack = m[1];
        ++acks;
        if (last_begin == m[1]) {
          request_time += now - begin_at_;
          ++timed_requests;
        }
      }
    }
    pending_.erase(0, used);
  }

  int fd_;
  bool eof_ = false;
  std::string pending_;
  Clock::time_point begin_at_{};
};

// When to kill the child in one round.
struct KillPlan {
  // kAfterStart: `delay` after the child was started (it may still be
  // opening the database). kInRequest: `delay` after the child announced
  // request first + `request` - 1, so mostly inside Database::Update and
  // its commit.
  enum class Kind { kAfterStart, kInRequest } kind = Kind::kAfterStart;
  int request = 1;
  microseconds delay{0};
};

struct Variant {
  const char* name;
  bool power_loss;   // journaling file system + DropUnsyncedData
  const char* mode;  // the child's: sync, nosync (sync_commits off), split
};

// What a round's check found, besides its messages.
struct Findings {
  bool lost = false;     // an acknowledged transaction is missing
  bool partial = false;  // part of a transaction is there
};

// One database and the children that write to it in turn. Power loss is
// simulated while a child runs; the test's own opening for the checks uses
// the plain file system, and what it writes counts as durable.
class CrashRun {
 public:
  explicit CrashRun(const Variant& v) : variant_(v) {
    db_path_ = dir_.Sub("db");
    journal_ = v.power_loss ? dir_.Sub("journal") : "-";
    // Created here, so that every kill finds a database: creating one is
    // not what this test is about.
    DatabaseOptions o;
    o.store.create_if_missing = true;
    auto db = Database::Open(db_path_, o);
    BOOST_TEST_REQUIRE(db.ok(), db.status().ToString());
  }

  // Starts a child at the next transaction, kills it as `plan` says, drops
  // unsynced data in the power-loss variant, and checks the database.
  // Returns the problems found.
  std::vector<std::string> Round(const KillPlan& plan, Findings* found) {
    *found = Findings();
    std::vector<std::string> problems;
    int fds[2];
    BOOST_TEST_REQUIRE(pipe(fds) == 0);
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    const int first = committed_ + 1;
    std::vector<std::string> args = {KG_UPDATE_CRASH_CHILD,
                                     db_path_,
                                     journal_,
                                     variant_.mode,
                                     std::to_string(first),
                                     std::to_string(fds[1])};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid;
    const auto started = Clock::now();
    // posix_spawn, not fork: this process has RocksDB threads.
    int err =
        posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ);
    close(fds[1]);
    if (err != 0) {
      close(fds[0]);
      return {"cannot start " + args[0] + ": " + std::strerror(err)};
    }
    ChildMessages child(fds[0]);
    bool progressed = true;
    if (plan.kind == KillPlan::Kind::kAfterStart) {
      child.Pump(started + plan.delay);
    } else {
      const int target = first + plan.request - 1;
      progressed = child.WaitFor([&] { return child.last_begin >= target; },
                                 kProgressTimeout);
      std::this_thread::sleep_for(plan.delay);
    }
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    child.Drain();
    if (!(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)) {
      problems.push_back(
          "the child ended by itself before the kill (exit code " +
          std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
          "; its stderr says why)");
    } else if (!progressed) {
      problems.push_back("the child made no progress in 30 s");
    }
    if (child.first_begin_at != Clock::time_point{}) {
      open_time_ = child.first_begin_at - started;
    }
    request_time_ += child.request_time;
    timed_requests_ += child.timed_requests;
    ++kills_;
    if (child.last_begin < first)
      ++kills_while_opening_;
    else if (child.last_begin > child.last_ack)
      ++kills_inside_request_;
    acks_checked_ += child.acks;
    if (child.acks > 0) max_ack_ = std::max(max_ack_, child.last_ack);

    if (variant_.power_loss) files_cut_ += testing::DropUnsyncedData(journal_);
    Verify(&problems, found);
    return problems;
  }

  // Estimated times of the child's opening and of one request.
  microseconds open_time() const {
    return std::chrono::duration_cast<microseconds>(open_time_);
  }
  microseconds request_time() const {
    if (timed_requests_ == 0) return microseconds(5000);
    return std::chrono::duration_cast<microseconds>(request_time_ /
                                                    timed_requests_);
  }
  int committed() const { return committed_; }
  int kills() const { return kills_; }
  int kills_inside_request() const { return kills_inside_request_; }
  int kills_while_opening() const { return kills_while_opening_; }
  int files_cut() const { return files_cut_; }
  int acks_checked() const { return acks_checked_; }
  int committed_unacknowledged() const { return committed_unacked_; }

 private:
  // Reopens the database and checks it against the acknowledgements.
  void Verify(std::vector<std::string>* problems, Findings* found) {
    auto db = Database::Open(db_path_, DatabaseOptions{});
    if (!db.ok()) {
      problems->push_back("reopening failed: " + db.status().ToString());
      return;
    }
    Store& store = (*db)->store();
    const std::string tx_prefix = std::string(testing::kCrashNs) + "tx/";
    const Term last = testing::CrashIri("last");
    const Term open = testing::CrashIri("open");
    std::vector<Quad> markers;
    std::vector<int> flags;
    std::map<int, std::set<std::string>> per_tx;
    std::uint64_t unexpected = 0;
    Status st = store.Match({}, [&](const Quad& q) {
      if (q.subject == last) {
        markers.push_back(q);
      } else if (q.subject.is_iri() &&
                 q.subject.lexical.rfind(tx_prefix, 0) == 0) {
        int n = std::atoi(q.subject.lexical.c_str() + tx_prefix.size());
        if (q.predicate == open)
          flags.push_back(n);
        else
          per_tx[n].insert(QuadText(q));
      } else if (unexpected++ < 3) {
        problems->push_back("unexpected quad " + QuadText(q));
      }
      return true;
    });
    if (!st.ok()) {
      problems->push_back("reading the database: " + st.ToString());
      return;
    }
    // The marker says which transaction committed last.
    int m = 0;
    if (markers.size() > 1) {
      problems->push_back(std::to_string(markers.size()) +
                          " marker quads, not one");
      return;
    }
    if (markers.size() == 1) {
      m = std::atoi(markers[0].object.lexical.c_str());
      if (QuadText(markers[0]) != QuadText(testing::MarkerQuad(m)))
        problems->push_back("malformed marker " + QuadText(markers[0]));
    }
    if (m < committed_) {
      problems->push_back("the marker went back from transaction " +
                          std::to_string(committed_) + " to " +
                          std::to_string(m));
    }
    // Transactions 1..m whole, none after m.
    for (int n = 1; n <= m; ++n) {
      std::set<std::string> want;
      for (const Quad& q : testing::TxQuads(n)) want.insert(QuadText(q));
      auto it = per_tx.find(n);
      std::size_t have = it == per_tx.end() ? 0 : it->second.size();
      if (it == per_tx.end() || it->second != want) {
        found->partial = have > 0;
        problems->push_back(
            "transaction " + std::to_string(n) + " (below the marker " +
            std::to_string(m) + ") has " + std::to_string(have) +
            " quads, not its " + std::to_string(testing::kQuadsPerTx));
        break;
      }
    }
    for (auto& [n, quads] : per_tx) {
      if (n < 1 || n > m) {
        found->partial = true;
        problems->push_back(
            "transaction " + std::to_string(n) +
            " is partly there: " + std::to_string(quads.size()) +
            " quads beyond the marker " + std::to_string(m));
        break;
      }
    }
    const std::vector<int> want_flags =
        m == 0 ? std::vector<int>{} : std::vector<int>{m};
    if (flags != want_flags) {
      problems->push_back(std::to_string(flags.size()) +
                          " open flags; expected one on the marker's "
                          "transaction " +
                          std::to_string(m));
    }
    // Every acknowledged transaction is there.
    if (max_ack_ > m) {
      found->lost = true;
      problems->push_back(
          "acknowledged transaction " + std::to_string(max_ack_) +
          " is lost: the database ends at transaction " + std::to_string(m));
    }
    auto check = store.Check();
    if (!check.ok()) {
      problems->push_back("Check: " + check.status().ToString());
    } else {
      for (auto& p : check->problems) problems->push_back("Check: " + p);
      const std::uint64_t want_quads =
          static_cast<std::uint64_t>(m) * testing::kQuadsPerTx +
          (m > 0 ? 2 : 0);
      if (check->quads != want_quads) {
        problems->push_back("the database holds " +
                            std::to_string(check->quads) + " quads; " +
                            std::to_string(want_quads) + " expected");
      }
    }
    if (m > max_ack_) committed_unacked_ += m - std::max(max_ack_, committed_);
    committed_ = std::max(committed_, m);
    // A loss has been reported; later rounds judge their own
    // acknowledgements only.
    max_ack_ = std::min(max_ack_, committed_);
  }

  Variant variant_;
  testing::TempDir dir_;
  std::string db_path_, journal_;
  int committed_ = 0;  // the marker found by the last check
  int max_ack_ = 0;    // the newest acknowledged transaction
  int kills_ = 0, kills_inside_request_ = 0, kills_while_opening_ = 0;
  int acks_checked_ = 0, committed_unacked_ = 0, files_cut_ = 0;
  Clock::duration open_time_ = std::chrono::milliseconds(50);
  Clock::duration request_time_{};
  int timed_requests_ = 0;
};

// `rounds` kills with plans drawn from a seeded generator: odd rounds at a
// moment after the start (the opening included), even rounds inside one of
// the next 30 requests, mostly in its commit.
void RunKills(const Variant& v, int rounds, std::uint32_t seed) {
  std::mt19937 rng(seed);
  CrashRun run(v);
  for (int r = 0; r < rounds; ++r) {
    KillPlan plan;
    const auto req = run.request_time().count();
    if (r % 2 == 1) {
      plan.kind = KillPlan::Kind::kAfterStart;
      const auto span = run.open_time().count() + 30 * req;
      plan.delay = microseconds(rng() % (span + 1));
    } else {
      plan.kind = KillPlan::Kind::kInRequest;
      plan.request = 1 + static_cast<int>(rng() % 30);
      plan.delay = microseconds(rng() % (req * 13 / 10 + 1));
    }
    Findings found;
    auto problems = run.Round(plan, &found);
    for (auto& p : problems)
      BOOST_TEST_MESSAGE(v.name << " round " << r << ": " << p);
    BOOST_TEST(problems.empty(), v.name
                                     << ": round " << r << " ("
                                     << (r % 2 ? "after start" : "in request")
                                     << ", " << plan.delay.count() << " us)");
  }
  BOOST_TEST_MESSAGE(
      v.name << ": " << run.kills() << " kills (" << run.kills_while_opening()
             << " while opening, " << run.kills_inside_request()
             << " inside a request; unsynced data dropped from "
             << run.files_cut() << " files), " << run.acks_checked()
             << " acknowledged transactions checked, "
             << run.committed_unacknowledged()
             << " committed but not yet acknowledged, database at transaction "
             << run.committed() << "; a request takes "
             << run.request_time().count() << " us, opening "
             << run.open_time().count() << " us");
  // The kills must fall after real work, or the test shows little.
  BOOST_TEST(run.committed() >= rounds);
  BOOST_TEST(run.kills_inside_request() >= rounds / 4);
}

BOOST_AUTO_TEST_SUITE(update_crash)

BOOST_AUTO_TEST_CASE(acknowledged_updates_survive_sigkill) {
  RunKills({"SIGKILL", /*power_loss=*/false, "sync"}, 40, 61);
}

BOOST_AUTO_TEST_CASE(acknowledged_updates_survive_power_loss) {
  RunKills({"power loss", /*power_loss=*/true, "sync"}, 40, 62);
}

BOOST_AUTO_TEST_CASE(without_synced_commits_power_loss_loses_updates) {
  // sync_commits off: the acknowledged commits of a run are only in the
  // page cache, and the checks must notice their loss. Atomicity still
  // holds: nothing partial, Check() passes.
  CrashRun run({"no sync", /*power_loss=*/true, "nosync"});
  int lost_rounds = 0, other_problems = 0;
  for (int r = 0; r < 4; ++r) {
    KillPlan plan;
    plan.kind = KillPlan::Kind::kInRequest;
    plan.request = 6 + r;
    Findings found;
    auto problems = run.Round(plan, &found);
    for (auto& p : problems)
      BOOST_TEST_MESSAGE("no sync round " << r << ": " << p);
    if (found.lost) ++lost_rounds;
    other_problems += static_cast<int>(problems.size()) - (found.lost ? 1 : 0);
  }
  BOOST_TEST_MESSAGE("no sync: " << lost_rounds << " of 4 power losses lost "
                                 << "acknowledged transactions");
  BOOST_TEST(lost_rounds >= 1);
  BOOST_TEST(other_problems == 0);
}

BOOST_AUTO_TEST_CASE(a_transaction_committed_in_parts_is_detected) {
  // A broken writer that commits the four operations of a transaction one
  // by one, 20 ms apart: a kill between them must be reported as a
  // partial transaction, which shows that the atomicity checks can fail.
  std::mt19937 rng(64);
  int partial_rounds = 0;
  for (int r = 0; r < 4; ++r) {
    CrashRun run({"split", /*power_loss=*/false, "split"});
    KillPlan plan;
    plan.kind = KillPlan::Kind::kInRequest;
    plan.request = 1 + r % 2;
    // After the first operation's commit, before the last operation's.
    plan.delay = microseconds(10000 + rng() % 40000);
    Findings found;
    auto problems = run.Round(plan, &found);
    for (auto& p : problems)
      BOOST_TEST_MESSAGE("split round " << r << ": " << p);
    if (found.partial) ++partial_rounds;
  }
  BOOST_TEST_MESSAGE("split: " << partial_rounds
                               << " of 4 kills left a partial transaction");
  BOOST_TEST(partial_rounds >= 1);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace kg
