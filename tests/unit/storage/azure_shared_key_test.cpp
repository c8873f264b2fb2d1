// Shared Key signatures against an independent signer: the vectors were computed with
// SharedKeyCredentialPolicy of Microsoft's azure-storage-blob 12.31.1 Python SDK for the same
// requests, key and date (the key is Azurite's published devstoreaccount1 key).
#include "storage/azure_shared_key.h"

#include <gtest/gtest.h>

namespace mb::storage::azure {
namespace {

constexpr std::string_view kKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
constexpr std::string_view kDate = "Thu, 26 Nov 2026 19:30:00 GMT";

std::string key_bytes() { return decode_account_key(kKey).value(); }

http::Headers base_headers() { return {{"x-ms-date", std::string(kDate)}, {"x-ms-version", "2023-11-03"}}; }

TEST(AzureSharedKey, ListBlobsWithQuery) {
  const Query query = {{"restype", "container"}, {"comp", "list"}, {"maxresults", "1000"},
                       {"prefix", "dir/a b"},    {"delimiter", "/"}};
  const http::Headers headers = base_headers();
  const RequestToSign request{.method = "GET", .account = "myaccount", .encoded_path = "/mycontainer",
                              .query = query, .headers = headers, .content_length = 0};
  EXPECT_EQ(canonicalized_resource("myaccount", "/mycontainer", query),
            "/myaccount/mycontainer\ncomp:list\ndelimiter:/\nmaxresults:1000\nprefix:dir/a b\nrestype:container");
  EXPECT_EQ(string_to_sign(request),
            "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:" + std::string(kDate) +
                "\nx-ms-version:2023-11-03\n/myaccount/mycontainer\ncomp:list\ndelimiter:/\nmaxresults:1000\n"
                "prefix:dir/a b\nrestype:container");
  EXPECT_EQ(authorization(request, key_bytes()), "SharedKey myaccount:VK2MVqefPJzLWMAkOrereZOeORxiBLWODbLQGHrEM+s=");
}

TEST(AzureSharedKey, PutBlockOnEmulatorPathWithEncodedKey) {
  const Query query = {{"comp", "block"}, {"blockid", "YWJjZGVmZ2gtMDAwMDAwMDAx"}};
  http::Headers headers = base_headers();
  headers.emplace_back("Content-MD5", "XrY7u+Ae7tCTyyK7j1rNww==");
  const RequestToSign request{.method = "PUT",
                              .account = "devstoreaccount1",
                              .encoded_path = "/devstoreaccount1/c1/dir/my%20file%2B1%25.bin",
                              .query = query,
                              .headers = headers,
                              .content_length = 11};
  EXPECT_EQ(authorization(request, key_bytes()),
            "SharedKey devstoreaccount1:Cy7g48vX163bf5Sp7TlY4K1hAiLMdUJ2z98lxffSNKk=");
}

TEST(AzureSharedKey, RangedGetOfNonAsciiKey) {
  const Query query;
  http::Headers headers = {{"X-Ms-Range", "bytes=0-1023"}};  // names are lower-cased and sorted
  for (auto& h : base_headers()) headers.push_back(h);
  const RequestToSign request{.method = "GET", .account = "myaccount",
                              .encoded_path = "/mycontainer/%C3%A9t%C3%A9/x", .query = query, .headers = headers,
                              .content_length = 0};
  EXPECT_EQ(canonicalized_headers(headers),
            "x-ms-date:" + std::string(kDate) + "\nx-ms-range:bytes=0-1023\nx-ms-version:2023-11-03\n");
  EXPECT_EQ(authorization(request, key_bytes()), "SharedKey myaccount:PfHcNHq8aAudtysrzXKWWTKE1bf6S5dqnKBAGqTKuMs=");
}

TEST(AzureSharedKey, ZeroContentLengthSignsAsEmpty) {
  const Query query = {{"restype", "container"}};
  const http::Headers headers = base_headers();
  const RequestToSign request{.method = "PUT", .account = "myaccount", .encoded_path = "/mycontainer",
                              .query = query, .headers = headers, .content_length = 0};
  EXPECT_EQ(authorization(request, key_bytes()), "SharedKey myaccount:leTDXbAaLYrPRqazbvi1uRdk8SQt5Z46+IC4GPlFM0Q=");
}

TEST(AzureSharedKey, RepeatedQueryNamesJoinSortedValues) {
  EXPECT_EQ(canonicalized_resource("a", "/c", {{"Include", "tags"}, {"include", "metadata"}}),
            "/a/c\ninclude:metadata,tags");
  EXPECT_EQ(canonicalized_resource("a", "", {}), "/a/");
}

TEST(AzureSharedKey, HttpDateIsRfc1123InEnglish) {
  // 2026-11-26T19:30:00Z
  EXPECT_EQ(http_date(std::chrono::system_clock::time_point(std::chrono::seconds(1795721400))), kDate);
  EXPECT_EQ(http_date(std::chrono::system_clock::time_point(std::chrono::seconds(0))), "Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST(AzureSharedKey, AccountKeyMustBeBase64) {
  auto decoded = decode_account_key(kKey);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->size(), 64u);
  EXPECT_EQ(decode_account_key("aGk=").value(), "hi");
  EXPECT_EQ(decode_account_key("aGkh").value(), "hi!");
  for (std::string_view bad : {"", "not base64!", "abc", "a*cd"}) {
    auto error = decode_account_key(bad);
    ASSERT_FALSE(error) << bad;
    EXPECT_EQ(error.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(error.error().message.find("storage.auth.accountKey"), std::string::npos);
  }
}

}  // namespace
}  // namespace mb::storage::azure
