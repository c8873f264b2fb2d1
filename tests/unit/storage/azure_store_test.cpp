// The Azure store's request sequences against a small in-memory Blob service on loopback: which
// calls a write, a copy, a failure produce. Real-server behaviour is covered by
// tests/integration/test_storage_azure_gcs.py against Azurite.
#include "storage/azure_store.h"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <set>

#include "../util/loopback_http_server.h"
#include "memory_store.h"
#include "util/digest.h"
#include "util/retry.h"
#include "util/url_encode.h"

namespace mb::storage {
namespace {

using mb::testing::LoopbackHttpServer;
using Reply = LoopbackHttpServer::Reply;
using Request = LoopbackHttpServer::Request;

constexpr std::string_view kKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

std::map<std::string, std::string> parse_query(std::string_view query) {
  std::map<std::string, std::string> out;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const size_t eq = pair.find('=');
    out[std::string(pair.substr(0, eq))] = url_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1)).value();
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
  }
  return out;
}

Reply reply(int status, LoopbackHttpServer::Headers headers = {}, std::string body = {}) {
  Reply r;
  r.status = status;
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

// Blobs, staged blocks and a log of "METHOD key?comp" lines; one account, one container "c".
class FakeBlobService {
 public:
  Reply handle(const Request& request) {
    std::lock_guard lock(mutex_);
    const std::string target = request.target;
    const size_t question = target.find('?');
    const std::string path = url_decode(target.substr(0, question)).value();
    auto query = parse_query(question == std::string::npos ? "" : std::string_view(target).substr(question + 1));
    const std::string prefix = "/devstoreaccount1/c";
    if (!path.starts_with(prefix) || !request.header("Authorization").starts_with("SharedKey devstoreaccount1:")) {
      return error(403, "AuthenticationFailed");
    }
    const std::string key = path.size() > prefix.size() ? path.substr(prefix.size() + 1) : "";
    log.push_back(request.method + " " + key + (query.contains("comp") ? "?" + query["comp"] : ""));
    if (reject_with) return error(*reject_with, reject_code);

    if (request.method == "PUT" && query["restype"] == "container") return error(409, "ContainerAlreadyExists");
    if (request.method == "PUT" && query["comp"] == "block") {
      if (request.header("Content-MD5") != digest::base64_encode(digest::md5(request.body))) return error(400, "Md5Mismatch");
      staged[key][query["blockid"]] = request.body;
      return reply(201);
    }
    if (request.method == "PUT" && query["comp"] == "blocklist") {
      if (forget_staged) return error(400, "InvalidBlockList");
      std::string content;
      std::string_view body = request.body;
      for (size_t at; (at = body.find("<Latest>")) != std::string_view::npos;) {
        const size_t end = body.find("</Latest>", at);
        content += staged[key].at(std::string(body.substr(at + 8, end - at - 8)));
        body.remove_prefix(end);
      }
      blobs[key] = content;
      return reply(201);
    }
    if (request.method == "PUT" && !request.header("x-ms-copy-source").empty()) {
      copy_sources.push_back(request.header("x-ms-copy-source"));
      blobs[key] = "copied";
      if (request.header("x-ms-requires-sync") == "true") {
        return reply(202, {{"x-ms-copy-status", "success"}});
      }
      copy_status = "pending";
      return reply(202, {{"x-ms-copy-id", "copy-1"}, {"x-ms-copy-status", "pending"}});
    }
    if (request.method == "PUT") {
      if (request.header("x-ms-blob-type") != "BlockBlob") return error(400, "MissingBlobType");
      blobs[key] = request.body;
      return reply(201);
    }
    auto blob = blobs.find(key);
    if (request.method == "DELETE") {
      if (blob == blobs.end()) return error(404, "BlobNotFound");
      blobs.erase(blob);
      return reply(202);
    }
    if (blob == blobs.end()) return reply(404, {{"x-ms-error-code", "BlobNotFound"}});
    if (request.method == "HEAD") {
      Reply head = reply(200);
      head.content_length = blob->second.size();
      if (!copy_status.empty()) {
        head.headers = {{"x-ms-copy-id", "copy-1"}, {"x-ms-copy-status", copy_status}};
        copy_status = "success";  // the next look finds it done
      }
      return head;
    }
    return reply(200, {}, blob->second);
  }

  std::mutex mutex_;
  std::map<std::string, std::string> blobs;
  std::map<std::string, std::map<std::string, std::string>> staged;
  std::vector<std::string> log;
  std::vector<std::string> copy_sources;
  std::string copy_status;
  std::optional<int> reject_with;
  std::string reject_code;
  bool forget_staged = false;  // as Azurite after a crash: the block list names blocks it lost

 private:
  static Reply error(int status, std::string code) {
    return reply(status, {{"x-ms-error-code", code}, {"x-ms-request-id", "req-1"}},
                 "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + code +
                     "</Code><Message>It went wrong.\nRequestId:req-1</Message></Error>");
  }
};

AzureStoreOptions with_block_size(uint64_t size) {
  AzureStoreOptions options;
  options.min_block_size = size;
  return options;
}

AzureStoreOptions with_sync_copy_limit(uint64_t limit) {
  AzureStoreOptions options;
  options.sync_copy_limit = limit;
  return options;
}

class AzureStoreTest : public ::testing::Test {
 protected:
  AzureStoreTest() : server_([this](const Request& r) { return service_.handle(r); }) {}

  std::unique_ptr<AzureStore> make(AzureStoreOptions options = {}) {
    azure::ClientConfig config;
    config.endpoint = {.scheme = "http",
                       .host = "127.0.0.1:" + std::to_string(server_.port()),
                       .account = "devstoreaccount1",
                       .container = "c",
                       .account_in_path = true};
    config.account_key = azure::decode_account_key(kKey).value();
    config.retry.max_attempts = 1;
    return std::make_unique<AzureStore>(std::make_shared<azure::Client>(std::move(config)), options);
  }

  static Status write_in_chunks(ObjectStore& store, const std::string& key, const std::string& data,
                                std::optional<uint64_t> hint, bool commit = true) {
    MB_TRY(writer, store.open_writer(key, hint));
    for (size_t i = 0; i < data.size(); i += 700) {
      MB_CHECK(writer->write(std::as_bytes(std::span(data).subspan(i, std::min<size_t>(700, data.size() - i)))));
    }
    if (commit) return writer->commit();
    return {};
  }

  FakeBlobService service_;
  LoopbackHttpServer server_;
};

TEST_F(AzureStoreTest, SmallObjectIsOnePutBlob) {
  auto store = make();
  ASSERT_TRUE(store->put("dir/small file", "hello"));
  EXPECT_EQ(service_.log, (std::vector<std::string>{"PUT dir/small file"}));
  EXPECT_EQ(service_.blobs["dir/small file"], "hello");
  EXPECT_EQ(store->get("dir/small file").value(), "hello");
  auto info = store->stat("dir/small file").value();
  ASSERT_TRUE(info);
  EXPECT_EQ(info->size, 5u);
}

TEST_F(AzureStoreTest, LargeObjectIsBlocksThenOneBlockList) {
  auto store = make(with_block_size(1024));
  std::string data(2500, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7);
  ASSERT_TRUE(write_in_chunks(*store, "big", data, std::nullopt));
  EXPECT_EQ(service_.log, (std::vector<std::string>{"PUT big?block", "PUT big?block", "PUT big?block",
                                                     "PUT big?blocklist"}));
  EXPECT_EQ(service_.blobs["big"], data);
  std::set<size_t> id_lengths;
  for (const auto& [id, _] : service_.staged["big"]) id_lengths.insert(id.size());
  EXPECT_EQ(id_lengths, (std::set<size_t>{24}));
}

TEST_F(AzureStoreTest, LostBlocksFailSoThatTheWholeObjectIsRetried) {
  service_.forget_staged = true;
  auto store = make(with_block_size(1024));
  const Status written = write_in_chunks(*store, "big", std::string(2500, 'x'), std::nullopt);
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(retry::should_retry(written.error(), retry::Replay::kIdempotent)) << written.error().to_string();
  EXPECT_EQ(written.error().get("block_list_http_status"), "400");
  EXPECT_EQ(written.error().get("key"), "big");
  EXPECT_NE(written.error().message.find("uploaded again"), std::string::npos) << written.error().message;
  EXPECT_FALSE(service_.blobs.contains("big"));
}

TEST_F(AzureStoreTest, ExactlyOneBlockStaysAPutBlob) {
  auto store = make(with_block_size(1024));
  ASSERT_TRUE(write_in_chunks(*store, "one", std::string(1024, 'x'), 1024));
  EXPECT_EQ(service_.log, (std::vector<std::string>{"PUT one"}));
}

TEST_F(AzureStoreTest, AbandonedWriterMakesNothingVisibleAndSendsNothingMore) {
  auto store = make(with_block_size(1024));
  ASSERT_TRUE(write_in_chunks(*store, "gone", std::string(3000, 'x'), std::nullopt, /*commit=*/false));
  EXPECT_EQ(service_.log, (std::vector<std::string>{"PUT gone?block", "PUT gone?block"}));
  EXPECT_FALSE(service_.blobs.contains("gone"));
  EXPECT_FALSE(store->stat("gone").value());
}

TEST_F(AzureStoreTest, FailureNamesStoreKeyStatusAndCode) {
  auto store = make();
  service_.reject_with = 403;
  service_.reject_code = "AuthenticationFailed";
  auto put = store->put("k 1", "x");
  ASSERT_FALSE(put);
  const Error& e = put.error();
  EXPECT_EQ(e.code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(e.get("key"), "k 1");
  EXPECT_EQ(e.get("http_status"), "403");
  EXPECT_EQ(e.get("azure_code"), "AuthenticationFailed");
  EXPECT_EQ(e.get("request_id"), "req-1");
  EXPECT_EQ(e.get("store"), store->describe());
  EXPECT_NE(e.message.find("PutBlob failed: HTTP 403 AuthenticationFailed: It went wrong."), std::string::npos)
      << e.message;
  EXPECT_NE(e.message.find("storage.auth.accountKey"), std::string::npos);

  auto stat = store->stat("k 1");  // HEAD: no body, the code comes as a header
  ASSERT_FALSE(stat);
  EXPECT_EQ(stat.error().get("azure_code"), "AuthenticationFailed");
}

TEST_F(AzureStoreTest, MissingObjectsAreValuesAndDeletesOfThemSucceed) {
  auto store = make();
  EXPECT_FALSE(store->stat("nope").value());
  EXPECT_TRUE(store->remove("nope"));
  EXPECT_TRUE(store->ensure_bucket());  // "already exists" is what ensure wants
}

TEST_F(AzureStoreTest, CopiesReadTheSourceThroughAReadOnlySas) {
  auto store = make(with_sync_copy_limit(100));
  auto source = make();
  ASSERT_TRUE(store->copy_from(*source, "src key", "dst", 100));
  ASSERT_TRUE(store->copy_from(*source, "src key", "dst2", 101));
  EXPECT_EQ(service_.log, (std::vector<std::string>{"PUT dst", "PUT dst2", "HEAD dst2", "HEAD dst2"}));
  ASSERT_EQ(service_.copy_sources.size(), 2u);
  for (const auto& url : service_.copy_sources) {
    const std::string base = "http://127.0.0.1:" + std::to_string(server_.port()) + "/devstoreaccount1/c/src%20key?";
    ASSERT_TRUE(url.starts_with(base)) << url;
    auto query = parse_query(std::string_view(url).substr(base.size()));
    EXPECT_EQ(query["sp"], "r");
    EXPECT_EQ(query["sr"], "b");
    EXPECT_EQ(query["spr"], "https,http");
    EXPECT_FALSE(query["sig"].empty());
  }
}

TEST_F(AzureStoreTest, CopyNeedsAnAzureSourceOnTheSameService) {
  auto store = make();
  EXPECT_EQ(store->identity(), "azure:http://127.0.0.1:" + std::to_string(server_.port()));
  testing::MemoryStore other(store->identity());
  auto copied = store->copy_from(other, "a", "b", 1);
  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(service_.log.empty());
}

}  // namespace
}  // namespace mb::storage
