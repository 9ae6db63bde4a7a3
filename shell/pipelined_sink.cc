#include "shell/pipelined_sink.h"

#include <pthread.h>

#include <utility>

namespace kg::shell {
namespace {
constexpr std::size_t kMaxQueued = 2;
}  // namespace

PipelinedSink::PipelinedSink(QuadSink* next, std::size_t batch_quads)
    : next_(next),
      batch_quads_(batch_quads == 0 ? 1 : batch_quads),
      thread_([this] { Run(); }) {
  filling_.quads.resize(batch_quads_);
}

PipelinedSink::~PipelinedSink() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    queue_.clear();
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Status PipelinedSink::Add(const Quad& quad) {
  filling_.quads[filling_.size++] = quad;
  if (filling_.size == batch_quads_) return Send();
  return Status::Ok();
}

Status PipelinedSink::AddPrefix(std::string_view prefix, std::string_view iri) {
  filling_.prefixes.push_back(
      {filling_.size, std::string(prefix), std::string(iri)});
  return Status::Ok();
}

Status PipelinedSink::Send() {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [this] {
    return queue_.size() < kMaxQueued || !error_.ok() || stop_;
  });
  if (!error_.ok()) return error_;
  queue_.push_back(std::move(filling_));
  if (!free_.empty()) {
    filling_ = std::move(free_.back());
    free_.pop_back();
  } else {
    filling_ = Batch();
    filling_.quads.resize(batch_quads_);
  }
  filling_.size = 0;
  filling_.prefixes.clear();
  lock.unlock();
  changed_.notify_all();
  return Status::Ok();
}

Status PipelinedSink::Finish() {
  if (filling_.size > 0 || !filling_.prefixes.empty()) {
    KG_RETURN_IF_ERROR(Send());
  }
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [this] {
    return (queue_.empty() && !busy_) || !error_.ok() || stop_;
  });
  return error_;
}

void PipelinedSink::Run() {
  pthread_setname_np(pthread_self(), "kg-load-intern");
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    changed_.wait(lock, [this] { return !queue_.empty() || stop_; });
    if (stop_) return;
    Batch batch = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    changed_.notify_all();

    Status status;
    std::size_t p = 0;
    for (std::size_t i = 0; i <= batch.size && status.ok(); ++i) {
      for (; p < batch.prefixes.size() && batch.prefixes[p].before_quad == i &&
             status.ok();
           ++p) {
        status =
            next_->AddPrefix(batch.prefixes[p].prefix, batch.prefixes[p].iri);
      }
      if (i < batch.size && status.ok()) status = next_->Add(batch.quads[i]);
    }

    lock.lock();
    busy_ = false;
    free_.push_back(std::move(batch));
    if (!status.ok() && error_.ok()) {
      error_ = std::move(status);
      queue_.clear();
    }
    changed_.notify_all();
  }
}

}  // namespace kg::shell
