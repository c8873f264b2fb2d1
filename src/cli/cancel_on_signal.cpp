#include "cli/cancel_on_signal.h"

#include <unistd.h>

#include <atomic>
#include <cstring>

namespace mb::cli {
namespace {

// The handler only sets an atomic flag and writes a fixed message: both async-signal-safe.
std::atomic<CancellationToken*> g_running_job{nullptr};
std::atomic<const char*> g_message{nullptr};

extern "C" void cancel_running_job(int) {
  if (auto* token = g_running_job.load()) token->cancel();
  if (const char* message = g_message.load()) {
    [[maybe_unused]] auto written = write(STDERR_FILENO, message, std::strlen(message));
  }
}

}  // namespace

CancelOnSignal::CancelOnSignal(CancellationToken& token, const char* message) {
  g_message.store(message);
  g_running_job.store(&token);
  struct sigaction action {};
  action.sa_handler = cancel_running_job;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &action, &previous_int_);
  sigaction(SIGTERM, &action, &previous_term_);
}

CancelOnSignal::~CancelOnSignal() {
  sigaction(SIGINT, &previous_int_, nullptr);
  sigaction(SIGTERM, &previous_term_, nullptr);
  g_running_job.store(nullptr);
}

}  // namespace mb::cli
