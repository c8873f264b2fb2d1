// A fixed set of equally sized buffers shared by the copy workers, where streamed copies take
// their read buffers from. The buffer given back last is lent first, and the storage is never
// written before it is lent, so only as many buffers as were ever on loan at once take memory.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

namespace mb::copy {

class BufferPool {
 public:
  BufferPool(size_t buffer_count, size_t buffer_size);

  // A buffer on loan; returned to the pool when destroyed.
  class Lease {
   public:
    Lease(BufferPool* pool, std::byte* data) : pool_(pool), data_(data) {}
    Lease(Lease&& other) noexcept : pool_(other.pool_), data_(other.data_) { other.pool_ = nullptr; }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (pool_) pool_->give_back(data_);
    }
    std::span<std::byte> span() const { return {data_, pool_->buffer_size_}; }

   private:
    BufferPool* pool_;
    std::byte* data_;
  };

  // Blocks until a buffer is free.
  Lease acquire();
  size_t buffer_size() const { return buffer_size_; }

 private:
  void give_back(std::byte* data);

  size_t buffer_size_;
  std::unique_ptr<std::byte[]> storage_;
  std::vector<std::byte*> free_;
  std::mutex mutex_;
  std::condition_variable available_;
};

}  // namespace mb::copy
