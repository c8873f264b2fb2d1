// S3Store against a small in-memory S3 on the loopback interface that can be told to fail: what is
// sent, what is retried, and what is cleaned up when things go wrong. Conformance against real
// servers is tests/integration/test_storage_s3.py.
#include "storage/s3_store.h"

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <mutex>

#include "../util/loopback_http_server.h"
#include "storage/s3_client.h"
#include "storage/xml_reader.h"
#include "util/url_encode.h"

namespace mb::storage {
namespace {

using Server = mb::testing::LoopbackHttpServer;
using namespace std::chrono_literals;

// A fault to answer the next matching request with, instead of serving it.
struct Fault {
  std::string operation;  // e.g. "UploadPart"
  int status = 500;
  std::string body;
  bool drop_connection = false;
};

Server::Reply answer(int status, std::string body) {
  Server::Reply reply;
  reply.status = status;
  reply.body = std::move(body);
  return reply;
}

class FakeS3 {
 public:
  FakeS3() : server_([this](const Server::Request& r) { return handle(r); }) {}

  int port() const { return server_.port(); }
  void inject(Fault fault) {
    std::lock_guard lock(mutex_);
    faults_.push_back(std::move(fault));
  }
  std::vector<std::string> log() const {
    std::lock_guard lock(mutex_);
    return log_;
  }
  size_t count(std::string_view operation) const {
    std::lock_guard lock(mutex_);
    return static_cast<size_t>(std::count(log_.begin(), log_.end(), operation));
  }
  std::map<std::string, std::string> objects() const {
    std::lock_guard lock(mutex_);
    return objects_;
  }
  size_t open_uploads() const {
    std::lock_guard lock(mutex_);
    return uploads_.size();
  }
  void set(const std::string& key, std::string data) {
    std::lock_guard lock(mutex_);
    objects_[key] = std::move(data);
  }
  std::vector<std::string> deny_delete;  // keys DeleteObjects reports as AccessDenied
  Server::Request last_request;

 private:
  static std::string query_value(std::string_view query, std::string_view name) {
    for (size_t start = 0; start < query.size();) {
      const size_t end = std::min(query.find('&', start), query.size());
      const std::string_view param = query.substr(start, end - start);
      const size_t eq = param.find('=');
      if (param.substr(0, eq) == name) return eq == std::string_view::npos ? "" : *url_decode(param.substr(eq + 1));
      start = end + 1;
    }
    return "<absent>";
  }

  static std::string operation_of(const Server::Request& r, std::string_view query) {
    auto has = [&](std::string_view name) { return query_value(query, name) != "<absent>"; };
    if (r.method == "POST" && has("uploads")) return "CreateMultipartUpload";
    if (r.method == "POST" && has("uploadId")) return "CompleteMultipartUpload";
    if (r.method == "POST" && has("delete")) return "DeleteObjects";
    if (r.method == "PUT" && has("partNumber")) return r.header("x-amz-copy-source").empty() ? "UploadPart" : "UploadPartCopy";
    if (r.method == "DELETE" && has("uploadId")) return "AbortMultipartUpload";
    if (r.method == "PUT") return r.header("x-amz-copy-source").empty() ? "PutObject" : "CopyObject";
    if (r.method == "GET") return "GetObject";
    if (r.method == "HEAD") return "HeadObject";
    if (r.method == "DELETE") return "DeleteObject";
    return "Unknown";
  }

  Server::Reply handle(const Server::Request& r) {
    std::lock_guard lock(mutex_);
    last_request = r;
    const size_t q = r.target.find('?');
    const std::string_view query = q == std::string::npos ? std::string_view() : std::string_view(r.target).substr(q + 1);
    const std::string path = *url_decode(std::string_view(r.target).substr(0, q));
    const std::string key = path.substr(std::string("/bucket/").size());
    const std::string op = operation_of(r, query);
    log_.push_back(op);

    Server::Reply reply;
    for (auto it = faults_.begin(); it != faults_.end(); ++it) {
      if (it->operation == op) {
        reply.status = it->status;
        reply.body = it->body;
        reply.drop_connection = it->drop_connection;
        faults_.erase(it);
        return reply;
      }
    }
    if (r.header("Authorization").find("AWS4-HMAC-SHA256 Credential=AK/") != 0) return answer(403, "<Error><Code>AccessDenied</Code></Error>");

    if (op == "PutObject") {
      objects_[key] = r.body;
      reply.headers = {{"ETag", "\"etag\""}};
    } else if (op == "HeadObject" || op == "GetObject") {
      auto it = objects_.find(key);
      if (it == objects_.end()) return answer(404, op == "GetObject" ? "<Error><Code>NoSuchKey</Code><Message>gone</Message></Error>" : "");
      if (op == "HeadObject") {
        reply.content_length = it->second.size();
        reply.headers = {{"Last-Modified", "Mon, 12 Oct 2009 17:50:30 GMT"}, {"ETag", "\"abc\""}};
        return reply;
      }
      const std::string range = r.header("Range");
      const size_t dash = range.find('-');
      const size_t first = std::stoull(range.substr(6, dash - 6));
      const size_t last = std::stoull(range.substr(dash + 1));
      if (first >= it->second.size()) return answer(416, "<Error><Code>InvalidRange</Code></Error>");
      reply.status = 206;
      reply.body = it->second.substr(first, last - first + 1);
    } else if (op == "CreateMultipartUpload") {
      const std::string id = "upload-" + std::to_string(++next_upload_);
      uploads_[id] = {};
      reply.body = "<InitiateMultipartUploadResult><UploadId>" + id + "</UploadId></InitiateMultipartUploadResult>";
    } else if (op == "UploadPart" || op == "UploadPartCopy") {
      auto upload = uploads_.find(query_value(query, "uploadId"));
      if (upload == uploads_.end()) return answer(404, "<Error><Code>NoSuchUpload</Code></Error>");
      std::string data = r.body;
      if (op == "UploadPartCopy") {
        const std::string source = *url_decode(r.header("x-amz-copy-source"));
        const std::string& src = objects_[source.substr(std::string("/bucket/").size())];
        const std::string range = r.header("x-amz-copy-source-range");
        const size_t dash = range.find('-');
        const size_t first = std::stoull(range.substr(6, dash - 6));
        data = src.substr(first, std::stoull(range.substr(dash + 1)) - first + 1);
        reply.body = "<CopyPartResult><ETag>\"p\"</ETag></CopyPartResult>";
      } else {
        reply.headers = {{"ETag", "\"part" + query_value(query, "partNumber") + "\""}};
      }
      upload->second[std::stoi(query_value(query, "partNumber"))] = data;
    } else if (op == "CompleteMultipartUpload") {
      auto upload = uploads_.find(query_value(query, "uploadId"));
      if (upload == uploads_.end()) return answer(404, "<Error><Code>NoSuchUpload</Code></Error>");
      std::string data;
      for (auto& [n, part] : upload->second) data += part;
      objects_[key] = data;
      uploads_.erase(upload);
      reply.body = "<CompleteMultipartUploadResult><ETag>\"x-2\"</ETag></CompleteMultipartUploadResult>";
    } else if (op == "AbortMultipartUpload") {
      uploads_.erase(query_value(query, "uploadId"));
      reply.status = 204;
    } else if (op == "CopyObject") {
      const std::string source = *url_decode(r.header("x-amz-copy-source"));
      objects_[key] = objects_[source.substr(std::string("/bucket/").size())];
      reply.body = "<CopyObjectResult><ETag>\"c\"</ETag></CopyObjectResult>";
    } else if (op == "DeleteObject") {
      objects_.erase(key);
      reply.status = 204;
    } else if (op == "DeleteObjects") {
      if (r.header("Content-MD5").empty()) return answer(400, "<Error><Code>InvalidRequest</Code></Error>");
      auto doc = xml::parse(r.body);
      reply.body = "<DeleteResult>";
      for (const auto* object : doc->children_named("Object")) {
        const std::string k(object->child_text("Key"));
        if (std::find(deny_delete.begin(), deny_delete.end(), k) != deny_delete.end()) {
          reply.body += "<Error><Key>" + k + "</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>";
        } else {
          objects_.erase(k);
        }
      }
      reply.body += "</DeleteResult>";
    }
    return reply;
  }

  mutable std::mutex mutex_;
  std::deque<Fault> faults_;
  std::vector<std::string> log_;
  std::map<std::string, std::string> objects_;
  std::map<std::string, std::map<int, std::string>> uploads_;
  int next_upload_ = 0;
  Server server_;  // last: stops before the state it serves goes away
};

std::shared_ptr<s3::Client> client_for(const FakeS3& fake, std::string secret = "SK") {
  s3::ClientConfig config;
  config.endpoint.scheme = "http";
  config.endpoint.service_host = "127.0.0.1:" + std::to_string(fake.port());
  config.endpoint.bucket = "bucket";
  config.endpoint.region = "us-east-1";
  config.credentials = s3::CredentialsProvider::fixed({"AK", std::move(secret), ""});
  config.retry = {.max_attempts = 3, .initial_backoff = 1ms, .max_backoff = 2ms};
  return std::make_shared<s3::Client>(std::move(config));
}

std::span<const std::byte> bytes(std::string_view s) { return std::as_bytes(std::span(s.data(), s.size())); }

constexpr uint64_t kPart = 5 << 20;

class S3StoreTest : public ::testing::Test {
 protected:
  FakeS3 fake_;
  S3Store store_{client_for(fake_), S3StoreOptions{.min_part_size = kPart, .multipart_copy_threshold = 1000,
                                                   .copy_part_size = kPart}};
};

TEST_F(S3StoreTest, SmallObjectsAreOnePutObjectSignedWithARealPayloadHash) {
  ASSERT_TRUE(store_.put("dir/a b+c", "hello"));
  EXPECT_EQ(fake_.objects().at("dir/a b+c"), "hello");
  EXPECT_EQ(fake_.log(), std::vector<std::string>{"PutObject"});
  EXPECT_EQ(fake_.last_request.target, "/bucket/dir/a%20b%2Bc");
  EXPECT_EQ(fake_.last_request.header("x-amz-content-sha256"),
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");  // sha256("hello")
  EXPECT_EQ(store_.get("dir/a b+c").value(), "hello");
}

TEST_F(S3StoreTest, ExactlyOnePartIsStillASinglePut) {
  ASSERT_TRUE(store_.put("one-part", std::string(kPart, 'x')));
  EXPECT_EQ(fake_.log(), std::vector<std::string>{"PutObject"});
}

TEST_F(S3StoreTest, LargeObjectsGoMultipartPartByPart) {
  std::string data(2 * kPart + 3, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 7);
  auto writer = store_.open_writer("big", std::nullopt).value();
  for (size_t off = 0; off < data.size(); off += 1 << 20) {
    ASSERT_TRUE(writer->write(bytes(std::string_view(data).substr(off, 1 << 20))));
  }
  ASSERT_TRUE(writer->commit());
  EXPECT_EQ(fake_.log(), (std::vector<std::string>{"CreateMultipartUpload", "UploadPart", "UploadPart", "UploadPart",
                                                   "CompleteMultipartUpload"}));
  EXPECT_EQ(fake_.objects().at("big"), data);
  EXPECT_EQ(fake_.open_uploads(), 0u);
}

TEST_F(S3StoreTest, TransientFailuresAreRetried) {
  fake_.inject({"PutObject", 503, "<Error><Code>SlowDown</Code></Error>"});
  fake_.inject({"PutObject", 0, "", true});  // connection dropped after the request was sent
  ASSERT_TRUE(store_.put("k", "v"));
  EXPECT_EQ(fake_.count("PutObject"), 3u);
}

TEST_F(S3StoreTest, RetriesEndAndTheErrorSaysEverything) {
  for (int i = 0; i < 3; ++i) fake_.inject({"GetObject", 500, "<Error><Code>InternalError</Code><Message>oops</Message></Error>"});
  fake_.set("k", "v");
  auto got = store_.get("k");
  ASSERT_FALSE(got);
  const Error& e = got.error();
  EXPECT_EQ(e.code, ErrorCode::kUnavailable);
  EXPECT_EQ(e.message, "GetObject failed: HTTP 500 InternalError: oops");
  EXPECT_EQ(e.get("key"), "k");
  EXPECT_EQ(e.get("http_status"), "500");
  EXPECT_EQ(e.get("s3_code"), "InternalError");
  EXPECT_EQ(e.get("attempts"), "3");
  EXPECT_EQ(e.get("store"), store_.describe());
}

TEST_F(S3StoreTest, ANonIdempotentCallIsNotReplayedAfterItMayHaveLanded) {
  fake_.inject({"CreateMultipartUpload", 500, "<Error><Code>InternalError</Code></Error>"});
  auto writer = store_.open_writer("big", std::nullopt).value();
  auto wrote = writer->write(bytes(std::string(kPart + 1, 'x')));
  ASSERT_FALSE(wrote);
  EXPECT_EQ(fake_.count("CreateMultipartUpload"), 1u);
  // Throttling means the server did nothing: that one is retried.
  fake_.inject({"CreateMultipartUpload", 503, "<Error><Code>SlowDown</Code></Error>"});
  auto second = store_.open_writer("big", std::nullopt).value();
  ASSERT_TRUE(second->write(bytes(std::string(kPart + 1, 'x'))));
  ASSERT_TRUE(second->commit());
  EXPECT_EQ(fake_.count("CreateMultipartUpload"), 3u);
}

TEST_F(S3StoreTest, AFailedPartAbortsTheUpload) {
  for (int i = 0; i < 3; ++i) fake_.inject({"UploadPart", 500, ""});
  auto writer = store_.open_writer("big", 3 * kPart).value();
  ASSERT_TRUE(writer->write(bytes(std::string(kPart, 'x'))));
  auto wrote = writer->write(bytes(std::string(kPart, 'y')));
  ASSERT_FALSE(wrote);
  EXPECT_EQ(fake_.count("AbortMultipartUpload"), 1u);
  EXPECT_EQ(fake_.open_uploads(), 0u);
  EXPECT_FALSE(writer->commit());  // the writer is finished
  EXPECT_TRUE(fake_.objects().empty());
}

TEST_F(S3StoreTest, AWriterDroppedWithoutCommitAbortsItsUpload) {
  {
    auto writer = store_.open_writer("big", std::nullopt).value();
    ASSERT_TRUE(writer->write(bytes(std::string(kPart + 10, 'x'))));
    EXPECT_EQ(fake_.open_uploads(), 1u);
  }
  EXPECT_EQ(fake_.open_uploads(), 0u);
  EXPECT_TRUE(fake_.objects().empty());
  {
    auto small = store_.open_writer("small", std::nullopt).value();
    ASSERT_TRUE(small->write(bytes("x")));
  }
  EXPECT_TRUE(fake_.objects().empty());
  EXPECT_EQ(fake_.count("PutObject"), 0u);
}

TEST_F(S3StoreTest, CompleteFailingInsideA200IsAnErrorAndAborts) {
  for (int i = 0; i < 3; ++i) {
    fake_.inject({"CompleteMultipartUpload", 200, "<Error><Code>InternalError</Code><Message>try again</Message></Error>"});
  }
  auto writer = store_.open_writer("big", std::nullopt).value();
  ASSERT_TRUE(writer->write(bytes(std::string(kPart + 1, 'x'))));
  auto committed = writer->commit();
  ASSERT_FALSE(committed);
  EXPECT_EQ(committed.error().get("s3_code"), "InternalError");
  EXPECT_EQ(fake_.count("CompleteMultipartUpload"), 3u);  // retried as the 500 it is
  EXPECT_EQ(fake_.open_uploads(), 0u);
}

TEST_F(S3StoreTest, ReadsAreRangedAndShortAtTheEnd) {
  fake_.set("r", "0123456789");
  std::vector<std::byte> buffer(4);
  EXPECT_EQ(store_.read_range("r", 8, buffer).value(), 2u);
  EXPECT_EQ(fake_.last_request.header("Range"), "bytes=8-11");
  EXPECT_EQ(static_cast<char>(buffer[0]), '8');
  EXPECT_EQ(store_.read_range("r", 10, buffer).value(), 0u);  // 416 past the end
  auto missing = store_.read_range("nope", 0, buffer);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().get("s3_code"), "NoSuchKey");
}

TEST_F(S3StoreTest, StatReadsHeadersAndNotFoundIsAValue) {
  fake_.set("s", std::string(1234, 'z'));
  auto info = store_.stat("s").value();
  ASSERT_TRUE(info);
  EXPECT_EQ(info->size, 1234u);
  EXPECT_EQ(info->etag, "abc");
  EXPECT_EQ(info->mtime_unix, 1255369830);
  EXPECT_FALSE(store_.stat("absent").value().has_value());
}

TEST_F(S3StoreTest, WrongCredentialsArePermissionDenied) {
  S3Store bad(client_for(fake_, "wrong"), {});
  fake_.set("k", "v");
  // The fake checks only the key id; make it fail the way a real server does for a bad secret.
  fake_.inject({"HeadObject", 403, ""});
  auto info = bad.stat("k");
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(info.error().message, "HeadObject failed: HTTP 403 Forbidden");
  EXPECT_EQ(info.error().get("key"), "k");
  EXPECT_EQ(info.error().to_string().find("wrong"), std::string::npos);  // never the secret
}

TEST_F(S3StoreTest, SmallCopiesAreCopyObjectLargeOnesUploadPartCopy) {
  fake_.set("src/a b", std::string(999, 'a'));
  ASSERT_TRUE(store_.copy_from(store_, "src/a b", "dst/small", 999));
  EXPECT_EQ(fake_.count("CopyObject"), 1u);
  EXPECT_EQ(fake_.last_request.header("x-amz-copy-source"), "/bucket/src/a%20b");

  std::string big(2 * kPart + 5, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i % 251);
  fake_.set("src/big", big);
  ASSERT_TRUE(store_.copy_from(store_, "src/big", "dst/big", big.size()));
  EXPECT_EQ(fake_.count("UploadPartCopy"), 3u);
  EXPECT_EQ(fake_.objects().at("dst/big"), big);
}

TEST_F(S3StoreTest, AFailedPartCopyAbortsTheUpload) {
  fake_.set("src/big", std::string(2 * kPart, 'b'));
  fake_.inject({"UploadPartCopy", 403, "<Error><Code>AccessDenied</Code></Error>"});
  auto copied = store_.copy_from(store_, "src/big", "dst/big", 2 * kPart);
  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(fake_.count("AbortMultipartUpload"), 1u);
  EXPECT_EQ(fake_.open_uploads(), 0u);
}

TEST_F(S3StoreTest, CopyNeedsTheSameIdentity) {
  S3Store other(client_for(fake_), {});
  EXPECT_EQ(other.identity(), store_.identity());
  s3::ClientConfig config;
  config.endpoint = {.scheme = "http", .service_host = "elsewhere:9000", .bucket = "b", .virtual_hosted = false,
                     .region = "us-east-1"};
  config.credentials = s3::CredentialsProvider::fixed({"AK", "SK", ""});
  S3Store elsewhere(std::make_shared<s3::Client>(config), {});
  auto copied = store_.copy_from(elsewhere, "a", "b", 1);
  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(S3StoreTest, DeletesGoInBatchesOfAThousandAndReportPerKeyFailures) {
  std::vector<std::string> keys;
  for (int i = 0; i < 2500; ++i) {
    keys.push_back("d/" + std::to_string(i) + (i == 7 ? "&<odd>" : ""));
    fake_.set(keys.back(), "x");
  }
  keys.push_back(std::string("d/control\x01", 10));  // no XML for it: deleted on its own
  fake_.set(keys.back(), "x");
  fake_.deny_delete = {"d/1500"};
  auto removed = store_.remove_many(keys);
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(removed.error().get("key"), "d/1500");
  EXPECT_NE(removed.error().message.find("1 of 2501"), std::string::npos);
  EXPECT_EQ(fake_.count("DeleteObjects"), 3u);
  EXPECT_EQ(fake_.count("DeleteObject"), 1u);
  EXPECT_EQ(fake_.objects().size(), 1u);  // only the denied one is left
}

TEST_F(S3StoreTest, ServersWithoutDeleteObjectsFallBackToSingleDeletes) {
  fake_.inject({"DeleteObjects", 501, "<Error><Code>NotImplemented</Code></Error>"});
  for (int i = 0; i < 5; ++i) fake_.set("k" + std::to_string(i), "x");
  std::vector<std::string> keys = {"k0", "k1", "k2"};
  ASSERT_TRUE(store_.remove_many(keys));
  std::vector<std::string> more = {"k3", "k4"};
  ASSERT_TRUE(store_.remove_many(more));
  EXPECT_EQ(fake_.count("DeleteObjects"), 1u);  // asked once, then remembered
  EXPECT_EQ(fake_.count("DeleteObject"), 5u);
  EXPECT_TRUE(fake_.objects().empty());
}

}  // namespace
}  // namespace mb::storage
