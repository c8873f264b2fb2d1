// Running independent steps (one per collection, say) a bounded number at a time.
#pragma once

#include <cstddef>
#include <functional>

#include "util/cancellation.h"
#include "util/error.h"

namespace mb {

// Runs task(i) for every i in [0, count) on at most `concurrency` threads. After the first failure,
// or once `cancel` is set, no further task starts; the running ones finish. Returns the first
// failure, Error(kCancelled) when cancelled before every task ran, success otherwise.
Status run_bounded(size_t count, int concurrency, const std::function<Status(size_t)>& task,
                   const CancellationToken* cancel = nullptr);

}  // namespace mb
