// PipelinedSink: every quad and prefix reaches the next sink in order, on
// another thread; the next sink's first error stops the producer.
#include "shell/pipelined_sink.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <thread>
#include <vector>

namespace kg::shell {
namespace {

Quad Numbered(int i) {
  return Quad{Term::Iri("http://x/s" + std::to_string(i)),
              Term::Iri("http://x/p"), Term::Literal(std::to_string(i)),
              Term::DefaultGraph()};
}

// Records what it receives, and the thread it receives it on; fails at
// quad number `fail_at` (if not negative).
class Recorder : public QuadSink {
 public:
  explicit Recorder(int fail_at = -1) : fail_at_(fail_at) {}
  Status Add(const Quad& q) override {
    threads.push_back(std::this_thread::get_id());
    if (static_cast<int>(events.size()) == fail_at_ + prefixes_seen_)
      return Status::IOError("disk full at " + q.object.lexical);
    events.push_back(q.object.lexical);
    return Status::Ok();
  }
  Status AddPrefix(std::string_view p, std::string_view iri) override {
    ++prefixes_seen_;
    events.push_back("@" + std::string(p) + "=" + std::string(iri));
    return Status::Ok();
  }
  std::vector<std::string> events;
  std::vector<std::thread::id> threads;

 private:
  int fail_at_;
  int prefixes_seen_ = 0;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(pipelined_sink)

BOOST_AUTO_TEST_CASE(everything_arrives_in_order_on_another_thread) {
  Recorder rec;
  std::vector<std::string> expected;
  {
    PipelinedSink pipe(&rec, /*batch_quads=*/7);
    BOOST_TEST(pipe.AddPrefix("a", "http://a/").ok());
    expected.push_back("@a=http://a/");
    for (int i = 0; i < 100; ++i) {
      BOOST_TEST(pipe.Add(Numbered(i)).ok());
      expected.push_back(std::to_string(i));
      if (i == 6 || i == 50) {  // at a batch boundary and inside one
        BOOST_TEST(pipe.AddPrefix("p" + std::to_string(i), "http://p/").ok());
        expected.push_back("@p" + std::to_string(i) + "=http://p/");
      }
    }
    BOOST_TEST(pipe.AddPrefix("z", "http://z/").ok());
    expected.push_back("@z=http://z/");
    BOOST_TEST(pipe.Finish().ok());
    // After Finish, everything has arrived.
    BOOST_TEST(rec.events == expected, boost::test_tools::per_element());
  }
  BOOST_TEST(rec.threads.size() == 100u);
  for (const auto& t : rec.threads)
    BOOST_TEST((t != std::this_thread::get_id()));
}

BOOST_AUTO_TEST_CASE(the_first_error_stops_the_producer) {
  Recorder rec(/*fail_at=*/30);
  PipelinedSink pipe(&rec, /*batch_quads=*/4);
  Status first;
  int added = 0;
  for (int i = 0; i < 10000 && first.ok(); ++i, ++added) {
    first = pipe.Add(Numbered(i));
  }
  if (first.ok()) first = pipe.Finish();
  BOOST_TEST(!first.ok());
  BOOST_TEST(first.message().find("disk full at 30") != std::string::npos);
  // The producer learns of the error within a few batches, and nothing
  // after the failing quad is handed on.
  BOOST_TEST(added < 10000);
  BOOST_TEST(rec.events.size() == 30u);
  BOOST_TEST(rec.events.back() == "29");
  // Finish repeats the error.
  BOOST_TEST(!pipe.Finish().ok());
}

BOOST_AUTO_TEST_CASE(destroying_without_finish_is_safe) {
  Recorder rec;
  {
    PipelinedSink pipe(&rec, 3);
    for (int i = 0; i < 50; ++i) BOOST_TEST(pipe.Add(Numbered(i)).ok());
  }
  // Whatever arrived is a prefix of what was added, in order.
  for (std::size_t i = 0; i < rec.events.size(); ++i)
    BOOST_TEST(rec.events[i] == std::to_string(i));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace kg::shell
