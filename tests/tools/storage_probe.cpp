// storage_probe: runs one ObjectStore operation against the store that MB_PROBE_* environment
// variables describe, so tests/integration/test_storage_*.py can drive real servers through the
// same code the tool uses. Errors go to stderr as Error::to_string(); exit 1 (3 for not found).
//
//   MB_PROBE_PROVIDER (minio) MB_PROBE_ADDRESS MB_PROBE_PORT MB_PROBE_SSL (0/1) MB_PROBE_BUCKET
//   MB_PROBE_REGION MB_PROBE_ACCESS_KEY MB_PROBE_SECRET_KEY MB_PROBE_SESSION_TOKEN MB_PROBE_ROOT
//   MB_PROBE_COPY_THRESHOLD (bytes) MB_PROBE_ACCOUNT_NAME MB_PROBE_ACCOUNT_KEY MB_PROBE_AUTH_TYPE
//   MB_PROBE_CREDENTIALS_FILE MB_PROBE_IAM_ENDPOINT MB_PROBE_RETRY_WINDOW (seconds, transfer.retryWindowSeconds);
//   copy-from reads a second store from the same names with MB_PROBE_SRC_
//
// Operations (data generated from a seed is the same for put-gen and verify-gen):
//   ensure-bucket | put KEY (stdin) | get KEY (stdout) | put-gen KEY SIZE SEED [--no-size-hint]
//   verify-gen KEY SIZE SEED | read-range KEY OFFSET LENGTH (stdout) | stat KEY
//   list PREFIX [--delimiter] | copy SRC DST SIZE | rm KEY | rm-prefix PREFIX | rm-many (keys on stdin)
//   put-many PREFIX COUNT | abandon-writer KEY SIZE SEED | root-prefix | copy-from SRC DST SIZE
//   transfer SRC DST SIZE: the copy engine streams SRC of the MB_PROBE_SRC_ store to DST, at
//     MB_PROBE_RATE_LIMIT bytes/s with MB_PROBE_ATTEMPTS whole-object attempts; prints
//     "crc32c=<hex> retries=<n>"
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fmt/format.h>
#include <iostream>
#include <iterator>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "copy/copy_engine.h"
#include "storage/store_factory.h"

namespace {

using mb::Error;
using mb::ErrorCode;
using mb::Status;

std::string env(const char* name, std::string fallback = "") {
  const char* value = std::getenv(name);
  return value != nullptr ? value : fallback;
}

mb::config::StorageConfig config_from_env(const std::string& prefix = "MB_PROBE_") {
  auto var = [&](const char* name, std::string fallback = "") { return env((prefix + name).c_str(), fallback); };
  mb::config::StorageConfig c;
  c.provider = var("PROVIDER", "minio");
  c.address = var("ADDRESS", "127.0.0.1");
  c.port = std::stoi(var("PORT", "9000"));
  c.use_ssl = var("SSL", "0") == "1";
  c.bucket_name = var("BUCKET", "probe");
  c.region = var("REGION");
  c.access_key_id = var("ACCESS_KEY");
  c.secret_access_key = var("SECRET_KEY");
  c.session_token = var("SESSION_TOKEN");
  c.root_path = var("ROOT", "probe-root");
  c.account_name = var("ACCOUNT_NAME");
  c.account_key = var("ACCOUNT_KEY");
  c.auth_type = var("AUTH_TYPE", c.auth_type);
  c.credentials_file = var("CREDENTIALS_FILE");
  c.iam_endpoint = var("IAM_ENDPOINT");
  return c;
}

// Deterministic bytes: a 64-bit xorshift stream per seed.
void generate(uint64_t seed, uint64_t offset, std::span<std::byte> out) {
  for (size_t i = 0; i < out.size(); ++i) {
    uint64_t x = seed * 0x9E3779B97F4A7C15ull + (offset + i) / 8;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    out[i] = static_cast<std::byte>(x >> (((offset + i) % 8) * 8));
  }
}

Status put_generated(mb::storage::ObjectStore& store, const std::string& key, uint64_t size, uint64_t seed,
                     bool size_hint, bool commit) {
  MB_TRY(writer, store.open_writer(key, size_hint ? std::optional<uint64_t>(size) : std::nullopt));
  std::vector<std::byte> chunk(1 << 20);
  for (uint64_t offset = 0; offset < size; offset += chunk.size()) {
    const auto n = static_cast<size_t>(std::min<uint64_t>(chunk.size(), size - offset));
    generate(seed, offset, std::span(chunk).first(n));
    MB_CHECK(writer->write(std::span(chunk).first(n)));
  }
  if (commit) return writer->commit();
  return {};  // the writer is dropped uncommitted
}

Status verify_generated(mb::storage::ObjectStore& store, const std::string& key, uint64_t size, uint64_t seed) {
  std::vector<std::byte> got(3 << 20), want(3 << 20);  // not a multiple of the part size on purpose
  uint64_t offset = 0;
  while (true) {
    MB_TRY(n, store.read_range(key, offset, got));
    generate(seed, offset, std::span(want).first(n));
    if (!std::equal(got.begin(), got.begin() + static_cast<ptrdiff_t>(n), want.begin())) {
      return mb::fail(Error(ErrorCode::kCorrupt, "content differs").with("key", key).with("offset", std::to_string(offset)));
    }
    offset += n;
    if (n < got.size()) break;
  }
  if (offset != size) {
    return mb::fail(Error(ErrorCode::kCorrupt, "size differs: " + std::to_string(offset) + " != " + std::to_string(size))
                        .with("key", key));
  }
  return {};
}

Status put_many(mb::storage::ObjectStore& store, const std::string& prefix, int count) {
  std::vector<std::thread> threads;
  std::vector<Status> results(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < count; i += 8) {
        auto put = store.put(prefix + std::to_string(100000 + i), std::to_string(i));
        if (!put) {
          results[t] = put;
          return;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (auto& r : results) MB_CHECK(r);
  return {};
}

// Streams one object through the copy engine, as a backup does, slowed so that a test can act mid-transfer.
Status transfer(mb::storage::ObjectStore& store, const mb::storage::StoreOptions& options, const std::string& src,
                const std::string& dst, uint64_t size) {
  MB_TRY(source, mb::storage::make_store(config_from_env("MB_PROBE_SRC_"), options));
  mb::copy::CopyOptions copy_options;
  copy_options.concurrency = 1;
  copy_options.buffer_size = 1 << 20;
  copy_options.rate_limit_bytes_per_sec = std::stoull(env("MB_PROBE_RATE_LIMIT", "0"));
  copy_options.max_attempts = std::stoi(env("MB_PROBE_ATTEMPTS", "3"));
  copy_options.allow_server_side = false;
  const std::vector<mb::copy::CopyJob> jobs{{src, dst, size}};
  mb::copy::CopyProgress progress;
  MB_TRY(copied, mb::copy::CopyEngine(copy_options).run(*source, store, jobs, &progress));
  std::cout << fmt::format("crc32c={:08x} retries={}\n", copied.at(0).crc32c.value_or(0), progress.retries.load());
  return {};
}

Status run(mb::storage::ObjectStore& store, const std::vector<std::string>& args,
           const mb::storage::StoreOptions& options) {
  const std::string& op = args.at(0);
  auto arg = [&](size_t i) -> const std::string& { return args.at(i); };
  auto flag = [&](std::string_view f) { return std::find(args.begin(), args.end(), f) != args.end(); };
  if (op == "ensure-bucket") return store.ensure_bucket();
  if (op == "put") {
    std::string data((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    return store.put(arg(1), data);
  }
  if (op == "get") {
    MB_TRY(data, store.get(arg(1)));
    std::cout << data;
    return {};
  }
  if (op == "put-gen" || op == "abandon-writer") {
    return put_generated(store, arg(1), std::stoull(arg(2)), std::stoull(arg(3)), !flag("--no-size-hint"),
                         op == "put-gen");
  }
  if (op == "verify-gen") return verify_generated(store, arg(1), std::stoull(arg(2)), std::stoull(arg(3)));
  if (op == "read-range") {
    std::string buffer(std::stoull(arg(3)), '\0');
    MB_TRY(n, store.read_range(arg(1), std::stoull(arg(2)), std::as_writable_bytes(std::span(buffer))));
    std::cout << buffer.substr(0, n);
    return {};
  }
  if (op == "stat") {
    MB_TRY(info, store.stat(arg(1)));
    if (!info) return mb::fail(Error(ErrorCode::kNotFound, "no such object").with("key", arg(1)));
    std::cout << info->size << " " << info->mtime_unix << " " << info->etag << "\n";
    return {};
  }
  if (op == "list") {
    // One line per entry: the key (common prefixes end with '/'), a tab, the size.
    return store.list(arg(1), !flag("--delimiter"), [](const mb::storage::ObjectInfo& info) -> Status {
      std::cout << info.key << '\t' << info.size << '\n';
      return {};
    });
  }
  if (op == "copy") return store.copy_from(store, arg(1), arg(2), std::stoull(arg(3)));
  if (op == "copy-from") {
    MB_TRY(source, mb::storage::make_store(config_from_env("MB_PROBE_SRC_"), options));
    return store.copy_from(*source, arg(1), arg(2), std::stoull(arg(3)));
  }
  if (op == "transfer") return transfer(store, options, arg(1), arg(2), std::stoull(arg(3)));
  if (op == "rm") return store.remove(arg(1));
  if (op == "rm-prefix") return store.remove_prefix(arg(1));
  if (op == "rm-many") {
    std::vector<std::string> keys;
    for (std::string line; std::getline(std::cin, line);) keys.push_back(line);
    return store.remove_many(keys);
  }
  if (op == "put-many") return put_many(store, arg(1), std::stoi(arg(2)));
  if (op == "root-prefix") {
    std::cout << mb::storage::root_prefix(config_from_env()) << "\n";
    return {};
  }
  return mb::fail(ErrorCode::kInvalidArgument, "unknown operation " + op);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << "usage: storage_probe OPERATION [ARGS] (see the source for the list)\n";
    return 2;
  }
  mb::storage::StoreOptions options;
  if (const std::string threshold = env("MB_PROBE_COPY_THRESHOLD"); !threshold.empty()) {
    options.multipart_copy_threshold = std::stoull(threshold);
  }
  if (const std::string window = env("MB_PROBE_RETRY_WINDOW"); !window.empty()) {
    options.retry_window = std::chrono::seconds(std::stoll(window));
  }
  auto store = mb::storage::make_store(config_from_env(), options);
  if (!store) {
    std::cerr << store.error().to_string() << "\n";
    return 1;
  }
  try {
    Status status = run(**store, args, options);
    if (!status) {
      std::cerr << mb::to_string(status.error().code) << ": " << status.error().to_string() << "\n";
      return status.error().code == ErrorCode::kNotFound ? 3 : 1;
    }
  } catch (const std::exception& e) {  // bad numbers or missing arguments on the command line
    std::cerr << "bad arguments: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
