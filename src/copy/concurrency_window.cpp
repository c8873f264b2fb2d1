#include "copy/concurrency_window.h"

#include <algorithm>

namespace mb::copy {

ConcurrencyWindow::ConcurrencyWindow(int limit, int successes_per_step)
    : limit_(std::max(limit, 1)), successes_per_step_(std::max(successes_per_step, 1)), size_(limit_) {}

ConcurrencyWindow::Slot ConcurrencyWindow::enter() {
  std::unique_lock lock(mutex_);
  room_.wait(lock, [this] { return running_ < size_; });
  ++running_;
  return Slot(this, cuts_);
}

int ConcurrencyWindow::size() const {
  std::lock_guard lock(mutex_);
  return size_;
}

void ConcurrencyWindow::leave() {
  {
    std::lock_guard lock(mutex_);
    --running_;
  }
  room_.notify_one();
}

ConcurrencyWindow::Slot::~Slot() {
  if (window_) window_->leave();
}

void ConcurrencyWindow::Slot::succeeded() {
  {
    std::lock_guard lock(window_->mutex_);
    if (window_->size_ == window_->limit_ || ++window_->successes_ < window_->successes_per_step_) return;
    ++window_->size_;
    window_->successes_ = 0;
  }
  window_->room_.notify_one();
}

void ConcurrencyWindow::Slot::throttled() {
  std::lock_guard lock(window_->mutex_);
  if (round_ != window_->cuts_) return;
  window_->size_ = std::max(window_->size_ / 2, 1);
  window_->successes_ = 0;
  ++window_->cuts_;
}

}  // namespace mb::copy
