// Documents shaped like those of the List Blobs and error pages of the Azure REST reference.
#include "storage/azure_responses.h"

#include <gtest/gtest.h>

#include <set>

#include "util/digest.h"

namespace mb::storage::azure {
namespace {

TEST(AzureResponses, ParsesErrorCodeAndFirstMessageLine) {
  const auto error = parse_error(
      "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code><Message>Server "
      "failed to authenticate the request.\nRequestId:1b2c\nTime:2026-11-26T19:30:00.0000000Z</Message>"
      "<AuthenticationErrorDetail>The MAC signature found in the HTTP request is not the same</AuthenticationErrorDetail>"
      "</Error>");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, "AuthenticationFailed");
  EXPECT_EQ(error->message, "Server failed to authenticate the request.");
  EXPECT_FALSE(parse_error(""));
  EXPECT_FALSE(parse_error("<EnumerationResults/>"));
}

TEST(AzureResponses, ParsesFlatListing) {
  const auto page = parse_list_blobs(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
      "<EnumerationResults ServiceEndpoint=\"https://myaccount.blob.core.windows.net/\" ContainerName=\"c\">"
      "<Prefix>dir/</Prefix><MaxResults>2</MaxResults><Blobs>"
      "<Blob><Name>dir/a &amp; b</Name><Properties><Creation-Time>Wed, 09 Sep 2009 09:20:02 GMT</Creation-Time>"
      "<Last-Modified>Wed, 09 Sep 2009 09:20:02 GMT</Last-Modified><Etag>0x8CBFF45D8A29A19</Etag>"
      "<Content-Length>100</Content-Length><BlobType>BlockBlob</BlobType></Properties></Blob>"
      "<Blob><Name>dir/\xC3\xA9</Name><Properties><Last-Modified>Thu, 26 Nov 2026 19:30:00 GMT</Last-Modified>"
      "<Etag>\"0x8DB\"</Etag><Content-Length>0</Content-Length></Properties></Blob>"
      "</Blobs><NextMarker>2!80!MDAwMDE</NextMarker></EnumerationResults>");
  ASSERT_TRUE(page) << page.error().to_string();
  ASSERT_EQ(page->objects.size(), 2u);
  EXPECT_EQ(page->objects[0].key, "dir/a & b");
  EXPECT_EQ(page->objects[0].size, 100u);
  EXPECT_EQ(page->objects[0].mtime_unix, 1252488002);
  EXPECT_EQ(page->objects[0].etag, "0x8CBFF45D8A29A19");
  EXPECT_EQ(page->objects[1].key, "dir/\xC3\xA9");
  EXPECT_EQ(page->objects[1].size, 0u);
  EXPECT_EQ(page->objects[1].etag, "0x8DB");
  EXPECT_TRUE(page->common_prefixes.empty());
  EXPECT_EQ(page->next_marker, "2!80!MDAwMDE");
}

TEST(AzureResponses, ParsesDelimitedListingLastPage) {
  const auto page = parse_list_blobs(
      "<EnumerationResults><Delimiter>/</Delimiter><Blobs>"
      "<Blob><Name>top.txt</Name><Properties><Content-Length>3</Content-Length></Properties></Blob>"
      "<BlobPrefix><Name>a/</Name></BlobPrefix><BlobPrefix><Name>b/</Name></BlobPrefix>"
      "</Blobs><NextMarker /></EnumerationResults>");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->objects.size(), 1u);
  EXPECT_EQ(page->common_prefixes, (std::vector<std::string>{"a/", "b/"}));
  EXPECT_EQ(page->next_marker, "");
  EXPECT_TRUE(parse_list_blobs("<EnumerationResults><Blobs/></EnumerationResults>")->objects.empty());
}

TEST(AzureResponses, RejectsWhatIsNotAListing) {
  EXPECT_EQ(parse_list_blobs("<Error><Code>x</Code></Error>").error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(parse_list_blobs("not xml").error().code, ErrorCode::kCorrupt);
  auto no_size = parse_list_blobs("<EnumerationResults><Blobs><Blob><Name>k</Name></Blob></Blobs></EnumerationResults>");
  ASSERT_FALSE(no_size);
  EXPECT_EQ(no_size.error().get("key"), "k");
}

TEST(AzureResponses, BlockIdsAreEqualLengthBase64AndUniquePerUpload) {
  const std::string tag = new_upload_tag();
  EXPECT_EQ(tag.size(), 8u);
  EXPECT_NE(tag, new_upload_tag());
  std::set<std::string> ids;
  for (int n : {1, 2, 10, 9999, 50000}) {
    const std::string id = block_id(tag, n);
    EXPECT_EQ(id.size(), 24u) << n;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 5u);
  EXPECT_EQ(block_id("abcdefgh", 1), digest::base64_encode("abcdefgh-000000001"));
  const std::string ids_in_order[] = {"AA==", "BB=="};
  EXPECT_EQ(block_list_body(ids_in_order),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList><Latest>AA==</Latest><Latest>BB==</Latest></BlockList>");
}

}  // namespace
}  // namespace mb::storage::azure
