// While alive, SIGINT and SIGTERM cancel a running job through its token, so the job can clean up
// after itself (resume GC, remove half-written files). A second signal gets the default action,
// for a user who wants out at once.
#pragma once

#include <csignal>

#include "util/cancellation.h"

namespace mb::cli {

class CancelOnSignal {
 public:
  // `message` is printed to stderr on the signal; it must outlive this object (a literal).
  CancelOnSignal(CancellationToken& token, const char* message);
  ~CancelOnSignal();
  CancelOnSignal(const CancelOnSignal&) = delete;
  CancelOnSignal& operator=(const CancelOnSignal&) = delete;

 private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

}  // namespace mb::cli
