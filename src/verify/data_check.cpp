#include "verify/data_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <mutex>
#include <random>

#include "copy/memory_budget.h"
#include "copy/object_checksum.h"
#include "util/crc32c.h"
#include "util/parallel_tasks.h"

namespace mb::verify {
namespace {

template <typename T>
bool parse_number(std::string_view text, T& out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

Error bad_subset(std::string_view text) {
  return Error(ErrorCode::kInvalidArgument,
               fmt::format("--read-data-subset: \"{}\" is neither N/M (1 <= N <= M) nor P% (0 < P <= 100)", text))
      .with("flag", "--read-data-subset");
}

}  // namespace

std::string Subset::to_string() const {
  switch (kind) {
    case Kind::kAll: return "all";
    case Kind::kSlice: return fmt::format("{}/{}", n, m);
    case Kind::kPercent: return fmt::format("{}%", percent);
  }
  return "all";
}

Result<Subset> parse_subset(std::string_view text) {
  if (text.empty()) return Subset{};
  if (text.ends_with('%')) {
    double percent = 0;
    if (!parse_number(text.substr(0, text.size() - 1), percent) || !(percent > 0) || percent > 100) {
      return fail(bad_subset(text));
    }
    return Subset{.kind = Subset::Kind::kPercent, .percent = percent};
  }
  const size_t slash = text.find('/');
  uint32_t n = 0, m = 0;
  if (slash == std::string_view::npos || !parse_number(text.substr(0, slash), n) ||
      !parse_number(text.substr(slash + 1), m) || n < 1 || n > m) {
    return fail(bad_subset(text));
  }
  return Subset{.kind = Subset::Kind::kSlice, .n = n, .m = m};
}

std::vector<DataFile> select_subset(std::vector<DataFile> files, const Subset& subset) {
  switch (subset.kind) {
    case Subset::Kind::kAll: return files;
    case Subset::Kind::kSlice: {
      std::erase_if(files, [&](const DataFile& f) { return crc32c(f.key) % subset.m != subset.n - 1; });
      return files;
    }
    case Subset::Kind::kPercent: {
      const auto keep = static_cast<size_t>(std::ceil(static_cast<double>(files.size()) * subset.percent / 100.0));
      std::shuffle(files.begin(), files.end(), std::mt19937_64(std::random_device{}()));
      files.resize(std::min(keep, files.size()));
      std::sort(files.begin(), files.end(), [](const DataFile& a, const DataFile& b) { return a.key < b.key; });
      return files;
    }
  }
  return files;
}

Result<DataCheckResult> check_data(storage::ObjectStore& store, std::string_view backup_dir,
                                   std::string_view backup_name, const std::vector<DataFile>& files,
                                   const DataCheckOptions& options, ReadProgress* progress,
                                   const CancellationToken* cancel) {
  auto& budget = copy::process_memory_budget(options.memory_budget_bytes);
  DataCheckResult result;
  std::mutex mutex;
  std::atomic<uint64_t> bytes{0};
  if (progress) {
    progress->files_total += files.size();
    for (const auto& file : files) progress->bytes_total += file.size;
  }
  auto problem = [&](const DataFile& file, std::string_view kind, std::string message, std::string expected,
                     std::string found) {
    std::lock_guard lock(mutex);
    result.problems.push_back(Problem{.backup = std::string(backup_name),
                                      .collection = file.collection,
                                      .key = file.key,
                                      .kind = std::string(kind),
                                      .expected = std::move(expected),
                                      .found = std::move(found),
                                      .message = std::move(message)});
  };
  auto status = run_bounded(
      files.size(), std::max(options.concurrency, 1),
      [&](size_t i) -> Status {
        const DataFile& file = files[i];
        auto crc = copy::read_crc32c(store, std::string(backup_dir) + file.key, file.size, options.buffer_size, budget,
                                     cancel, progress ? &progress->bytes_done : nullptr);
        if (!crc && crc.error().code == ErrorCode::kCorrupt) {
          problem(file, kWrongSize, crc.error().message, std::to_string(file.size), "fewer bytes");
        } else if (!crc) {
          return fail(std::move(crc).error());
        } else if (*crc != file.crc32c) {
          problem(file, kChecksum, "the file does not match its CRC32C in the manifest", fmt::format("{:08x}", file.crc32c),
                  fmt::format("{:08x}", *crc));
        }
        bytes += file.size;
        if (progress) ++progress->files_done;
        return {};
      },
      cancel);
  if (!status) return fail(std::move(status).error());
  std::sort(result.problems.begin(), result.problems.end(),
            [](const Problem& a, const Problem& b) { return a.key < b.key; });
  result.files_read = files.size();
  result.bytes_read = bytes.load();
  return result;
}

}  // namespace mb::verify
