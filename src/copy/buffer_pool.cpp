#include "copy/buffer_pool.h"

namespace mb::copy {

BufferPool::BufferPool(size_t buffer_count, size_t buffer_size)
    : buffer_size_(buffer_size), storage_(new std::byte[buffer_count * buffer_size]) {
  free_.reserve(buffer_count);
  for (size_t i = 0; i < buffer_count; ++i) free_.push_back(storage_.get() + i * buffer_size);
}

BufferPool::Lease BufferPool::acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [this] { return !free_.empty(); });
  std::byte* data = free_.back();
  free_.pop_back();
  return Lease(this, data);
}

void BufferPool::give_back(std::byte* data) {
  {
    std::lock_guard lock(mutex_);
    free_.push_back(data);
  }
  available_.notify_one();
}

}  // namespace mb::copy
