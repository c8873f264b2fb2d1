// The GCS store's request sequences against a small in-memory JSON API on loopback, including
// what fake-gcs-server cannot show: a resumable session keeping only part of a chunk, a chunk that
// fails after GCS kept it, and a server whose stored bytes differ from those sent. Real-server behaviour is
// covered by tests/integration/test_storage_azure_gcs.py against fake-gcs-server.
#include "storage/gcs_store.h"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "../util/loopback_http_server.h"
#include "storage/gcs_responses.h"
#include "util/crc32c.h"
#include "util/retry.h"
#include "util/url_encode.h"

namespace mb::storage {
namespace {

using mb::testing::LoopbackHttpServer;
using Reply = LoopbackHttpServer::Reply;
using Request = LoopbackHttpServer::Request;

constexpr uint64_t kChunk = 256 * 1024;

Reply reply(int status, std::string body = {}, LoopbackHttpServer::Headers headers = {}) {
  Reply r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

std::string object_json(const std::string& name, const std::string& content) {
  return nlohmann::json{{"name", name}, {"size", std::to_string(content.size())},
                        {"crc32c", gcs::crc32c_base64(crc32c(content))}}
      .dump();
}

// One bucket "b"; one resumable session at a time.
class FakeGcs {
 public:
  Reply handle(const Request& request) {
    std::lock_guard lock(mutex);
    log.push_back(request.method + " " + request.target.substr(0, request.target.find('?')));
    const std::string target = request.target;
    if (target.starts_with("/upload/storage/v1/b/b/o?uploadType=media&name=")) {
      const std::string name = url_decode(target.substr(target.find("name=") + 5)).value();
      objects[name] = corrupt_uploads ? request.body + "!" : request.body;
      return reply(200, object_json(name, objects[name]));
    }
    if (target.starts_with("/upload/storage/v1/b/b/o?uploadType=resumable&name=")) {
      session_name = url_decode(target.substr(target.find("name=") + 5)).value();
      session_data.clear();
      return reply(200, "{}", {{"Location", base_url + "/session?upload_id=1"}});
    }
    if (target.starts_with("/session")) return session(request);
    if (target.starts_with("/storage/v1/b/b/o/")) {
      const std::string name = url_decode(target.substr(18)).value();
      auto object = objects.find(name);
      if (object == objects.end()) {
        return reply(404, R"({"error":{"code":404,"message":"No such object","errors":[{"reason":"notFound"}]}})");
      }
      if (request.method == "DELETE") {
        objects.erase(object);
        return reply(204);
      }
      return reply(200, object_json(name, object->second));
    }
    return reply(400, R"({"error":{"code":400,"message":"unexpected request"}})");
  }

  Reply session(const Request& request) {
    if (request.method == "DELETE") return reply(499);
    if (session_lost) return reply(404, R"({"error":{"code":404,"message":"Not Found","errors":[{"reason":"notFound"}]}})");
    const std::string range = request.header("Content-Range");  // "bytes a-b/t", "bytes */t", "bytes */*"
    const std::string spec = range.substr(6, range.find('/') - 6);
    const std::string total = range.substr(range.find('/') + 1);
    if (spec != "*") {
      const uint64_t first = std::stoull(spec.substr(0, spec.find('-')));
      if (first != session_data.size()) return reply(400, R"({"error":{"code":400,"message":"gap"}})");
      const size_t keep = total == "*" ? std::min<size_t>(request.body.size(), keep_per_chunk) : request.body.size();
      session_data += request.body.substr(0, keep);
      if (fail_next_chunk) {
        fail_next_chunk = false;
        return reply(503, R"({"error":{"code":503,"message":"backend error"}})");
      }
    }
    if (total != "*" && session_data.size() == std::stoull(total)) {
      objects[session_name] = session_data;
      return reply(200, object_json(session_name, session_data));
    }
    if (session_data.empty()) return reply(308);
    return reply(308, {}, {{"Range", "bytes=0-" + std::to_string(session_data.size() - 1)}});
  }

  std::mutex mutex;
  std::string base_url;
  std::map<std::string, std::string> objects;
  std::vector<std::string> log;
  std::string session_name;
  std::string session_data;
  size_t keep_per_chunk = SIZE_MAX;
  bool fail_next_chunk = false;  // after keeping it: the client must ask what was kept
  bool corrupt_uploads = false;
  bool session_lost = false;  // as an emulator restarted mid-upload, or a session that expired
};

class GcsStoreTest : public ::testing::Test {
 protected:
  GcsStoreTest() : server_([this](const Request& r) { return fake_.handle(r); }) {
    fake_.base_url = server_.base_url();
  }

  std::unique_ptr<GcsStore> make() {
    gcs::ClientConfig config;
    config.endpoint = {.base_url = server_.base_url(), .bucket = "b", .custom = true};
    config.retry.max_attempts = 3;
    config.retry.initial_backoff = std::chrono::milliseconds(1);
    GcsStoreOptions options;
    options.chunk_size = kChunk;
    return std::make_unique<GcsStore>(std::make_shared<gcs::Client>(std::move(config)), options);
  }

  static std::string pattern(size_t size) {
    std::string data(size, '\0');
    for (size_t i = 0; i < size; ++i) data[i] = static_cast<char>((i * 131) >> 3);
    return data;
  }

  static Status write_all(ObjectStore& store, const std::string& key, const std::string& data, bool commit = true) {
    MB_TRY(writer, store.open_writer(key, std::nullopt));
    for (size_t i = 0; i < data.size(); i += 100'000) {
      MB_CHECK(writer->write(std::as_bytes(std::span(data).subspan(i, std::min<size_t>(100'000, data.size() - i)))));
    }
    if (commit) return writer->commit();
    return {};
  }

  FakeGcs fake_;
  LoopbackHttpServer server_;
};

TEST_F(GcsStoreTest, SmallObjectIsOneMediaUploadAndStatShowsItsCrc32c) {
  auto store = make();
  ASSERT_TRUE(store->put("dir/a b", "hello world"));
  EXPECT_EQ(fake_.log, (std::vector<std::string>{"POST /upload/storage/v1/b/b/o"}));
  const auto info = store->stat("dir/a b").value();
  ASSERT_TRUE(info);
  EXPECT_EQ(info->size, 11u);
  EXPECT_EQ(info->etag, "yZRlqg==");
  EXPECT_EQ(fake_.log.back(), "GET /storage/v1/b/b/o/dir%2Fa%20b");
}

TEST_F(GcsStoreTest, ExactlyOneChunkStaysAMediaUpload) {
  auto store = make();
  const Status written = write_all(*store, "one", pattern(kChunk));
  ASSERT_TRUE(written) << written.error().to_string();
  EXPECT_EQ(fake_.log.size(), 1u);
}

TEST_F(GcsStoreTest, LargeObjectGoesThroughAResumableSession) {
  auto store = make();
  const std::string data = pattern(3 * kChunk + 5);
  const Status written = write_all(*store, "big", data);
  ASSERT_TRUE(written) << written.error().to_string();
  EXPECT_EQ(fake_.log, (std::vector<std::string>{"POST /upload/storage/v1/b/b/o", "PUT /session", "PUT /session",
                                                  "PUT /session", "PUT /session"}));
  EXPECT_EQ(fake_.objects["big"], data);
}

TEST_F(GcsStoreTest, PartlyKeptChunksAreResent) {
  fake_.keep_per_chunk = kChunk / 2;
  auto store = make();
  const std::string data = pattern(3 * kChunk + 5);
  const Status written = write_all(*store, "partial", data);
  ASSERT_TRUE(written) << written.error().to_string();
  EXPECT_EQ(fake_.objects["partial"], data);
  EXPECT_GT(fake_.log.size(), 5u);
}

TEST_F(GcsStoreTest, FailedChunkIsResumedFromWhatWasKept) {
  fake_.fail_next_chunk = true;
  auto store = make();
  const std::string data = pattern(2 * kChunk + 1);
  const Status written = write_all(*store, "lost", data);
  ASSERT_TRUE(written) << written.error().to_string();
  EXPECT_EQ(fake_.objects["lost"], data);
  EXPECT_EQ(fake_.log.size(), 5u);  // start, the failed chunk, the status query, two chunks
}

TEST_F(GcsStoreTest, LostSessionFailsSoThatTheWholeObjectIsRetried) {
  fake_.session_lost = true;
  auto store = make();
  const Status written = write_all(*store, "big", pattern(2 * kChunk + 1));
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(retry::should_retry(written.error(), retry::Replay::kIdempotent)) << written.error().to_string();
  EXPECT_EQ(written.error().get("session_http_status"), "404");
  EXPECT_EQ(written.error().get("key"), "big");
  EXPECT_NE(written.error().message.find("uploaded again"), std::string::npos) << written.error().message;
  EXPECT_FALSE(fake_.objects.contains("big"));
}

TEST_F(GcsStoreTest, AbandonedWriterCancelsItsSession) {
  auto store = make();
  const Status written = write_all(*store, "gone", pattern(2 * kChunk), /*commit=*/false);
  ASSERT_TRUE(written) << written.error().to_string();
  EXPECT_EQ(fake_.log.back(), "DELETE /session");
  EXPECT_FALSE(fake_.objects.contains("gone"));
}

TEST_F(GcsStoreTest, StoredBytesThatDifferAreCorruptAndRemoved) {
  fake_.corrupt_uploads = true;
  auto store = make();
  auto put = store->put("bad", "hello");
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(put.error().get("key"), "bad");
  EXPECT_FALSE(fake_.objects.contains("bad"));
}

TEST_F(GcsStoreTest, MissingObjectsAreValuesAndErrorsNameStoreKeyStatusReason) {
  auto store = make();
  EXPECT_FALSE(store->stat("nope").value());
  EXPECT_TRUE(store->remove("nope"));
  std::byte buffer[4];
  auto read = store->read_range("nope", 0, buffer);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(read.error().get("key"), "nope");
  EXPECT_EQ(read.error().get("http_status"), "404");
  EXPECT_EQ(read.error().get("gcs_reason"), "notFound");
  EXPECT_EQ(read.error().get("store"), "gs://b (" + server_.base_url() + ")");
}

TEST_F(GcsStoreTest, IdentityIsEndpointAndPrincipal) {
  EXPECT_EQ(make()->identity(), "gcs:" + server_.base_url() + "#anonymous");
}

}  // namespace
}  // namespace mb::storage
