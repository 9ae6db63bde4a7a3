// A QuadSink that hands quads to another sink on a second thread, so that
// parsing (this thread) and what the next sink does with each quad (the
// bulk loader's dictionary lookups and buffering) run on two cores.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kg/quad_sink.h"

namespace kg::shell {

class PipelinedSink final : public QuadSink {
 public:
  // `next` receives every quad and prefix, in the order given here, on the
  // sink's own thread; it must outlive this object.
  explicit PipelinedSink(QuadSink* next, std::size_t batch_quads = 4096);
  // Stops the thread; quads not yet handed on are dropped.
  ~PipelinedSink() override;
  PipelinedSink(const PipelinedSink&) = delete;
  PipelinedSink& operator=(const PipelinedSink&) = delete;

  // Copies the quad into the batch being filled. Returns the first error of
  // `next`, which may come from a quad added earlier.
  Status Add(const Quad& quad) override;
  Status AddPrefix(std::string_view prefix, std::string_view iri) override;
  // Hands on everything added so far and waits until `next` has had it all.
  // Returns the first error of `next`, or Ok.
  Status Finish();

 private:
  struct Prefix {
    std::size_t before_quad;  // position in the batch
    std::string prefix, iri;
  };
  struct Batch {
    std::vector<Quad> quads;  // reused: the strings keep their capacity
    std::size_t size = 0;
    std::vector<Prefix> prefixes;
  };
  Status Send();  // queues filling_ and takes a free batch
  void Run();     // the thread: drains the queue into next_

  QuadSink* next_;
  const std::size_t batch_quads_;
  Batch filling_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<Batch> queue_;  // full batches, oldest first (at most 2)
  std::vector<Batch> free_;  // drained batches to reuse
  bool busy_ = false;        // the thread holds a batch
  bool stop_ = false;
  Status error_;  // the first error of next_
  std::thread thread_;
};

}  // namespace kg::shell
