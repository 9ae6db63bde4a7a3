// A one-line progress bar for long work on a terminal: bytes done, rate,
// ETA. Prints nothing when stderr is not a terminal.
#ifndef KG_SHELL_PROGRESS_H_
#define KG_SHELL_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <string>

namespace kg::shell {

class ProgressBar {
 public:
  // `total_bytes` 0 means unknown (stdin, several files of unknown size).
  ProgressBar(std::string label, std::uint64_t total_bytes);
  ~ProgressBar();
  // Reports progress; redraws at most ten times a second.
  void Update(std::uint64_t bytes_done, std::uint64_t items_done);
  // Clears the bar's line.
  void Finish();

 private:
  std::string label_;
  std::uint64_t total_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace kg::shell

#endif  // KG_SHELL_PROGRESS_H_
