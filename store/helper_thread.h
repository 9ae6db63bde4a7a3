// A thread kept for a writer's side jobs: the second half of a large
// request's first interning pass, the second writer of a large commit's
// files, the work beside its ingestion. One job at a time; the caller waits
// for it before starting the next.
//
// Kept rather than started per job: a new thread per request began with
// the allocator's caches empty, and its large vectors took fresh pages
// from the kernel (about 650 of a request's 870 page faults were on these
// short-lived threads; docs/benchmarks.md, session 13).
#ifndef KG_STORE_HELPER_THREAD_H_
#define KG_STORE_HELPER_THREAD_H_

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

namespace kg::store {

class HelperThread {
 public:
  HelperThread() = default;
  HelperThread(const HelperThread&) = delete;
  HelperThread& operator=(const HelperThread&) = delete;
  ~HelperThread() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  // Runs `job` on the thread (started by the first job). Wait() must be
  // called before the next Start and before anything `job` uses goes away.
  void Start(std::function<void()> job) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!thread_.joinable()) thread_ = std::thread([this] { Loop(); });
    job_ = std::move(job);
    done_ = false;
    changed_.notify_all();
  }
  // Returns once the job given to Start has run.
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait(lock, [this] { return done_; });
  }

 private:
  void Loop() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      changed_.wait(lock, [this] { return stop_ || job_ != nullptr; });
      if (job_ == nullptr) return;  // stopping, nothing left to run
      std::function<void()> job = std::move(job_);
      job_ = nullptr;
      lock.unlock();
      job();
      lock.lock();
      done_ = true;
      changed_.notify_all();
    }
  }

  std::mutex mu_;
  std::condition_variable changed_;
  std::function<void()> job_;
  bool done_ = true;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace kg::store

#endif  // KG_STORE_HELPER_THREAD_H_
