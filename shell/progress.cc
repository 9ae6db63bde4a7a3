// Terminal progress bar.
#include "shell/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace kg::shell {

ProgressBar::ProgressBar(std::string label, std::uint64_t total_bytes)
    : label_(std::move(label)),
      total_(total_bytes),
      enabled_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

ProgressBar::~ProgressBar() { Finish(); }

void ProgressBar::Update(std::uint64_t bytes, std::uint64_t items) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  drawn_ = true;
  double secs = std::chrono::duration<double>(now - start_).count();
  double rate = secs > 0 ? items / secs : 0;
  std::string line;
  if (total_ > 0) {
    double frac = std::min(1.0, static_cast<double>(bytes) / total_);
    int width = 30;
    int filled = static_cast<int>(frac * width);
    std::string bar(filled, '#');
    bar.append(width - filled, '.');
    double eta = frac > 0 ? secs / frac - secs : 0;
    line = fmt::format(
        "{} [{}] {:3.0f}%  {:.1f}/{:.1f} MB  {:.0f} triples/s  ETA {:.0f}s",
        label_, bar, frac * 100, bytes / 1e6, total_ / 1e6, rate, eta);
  } else {
    line = fmt::format("{} {:.1f} MB  {} triples  {:.0f} triples/s", label_,
                       bytes / 1e6, items, rate);
  }
  std::fprintf(stderr, "\r%s\x1b[K", line.c_str());
  std::fflush(stderr);
}

void ProgressBar::Finish() {
  if (enabled_ && drawn_) {
    std::fprintf(stderr, "\r\x1b[K");
    std::fflush(stderr);
    drawn_ = false;
  }
}

}  // namespace kg::shell
