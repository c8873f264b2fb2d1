#include "storage/s3_responses.h"

#include <gtest/gtest.h>

#include "storage/xml_reader.h"

namespace mb::storage::s3 {
namespace {

// Shaped like the ListObjectsV2 example of the S3 API reference.
constexpr std::string_view kListPage = R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>bucket</Name>
  <Prefix>files/</Prefix>
  <KeyCount>3</KeyCount>
  <MaxKeys>1000</MaxKeys>
  <Delimiter>/</Delimiter>
  <IsTruncated>true</IsTruncated>
  <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
  <Contents>
    <Key>files/my-image.jpg</Key>
    <LastModified>2009-10-12T17:50:30.000Z</LastModified>
    <ETag>&quot;fba9dede5f27731c9771645a39863328&quot;</ETag>
    <Size>434234</Size>
    <StorageClass>STANDARD</StorageClass>
  </Contents>
  <Contents>
    <Key>files/empty</Key>
    <LastModified>2009-10-12T17:50:31Z</LastModified>
    <ETag>"d41d8cd98f00b204e9800998ecf8427e"</ETag>
    <Size>0</Size>
  </Contents>
  <CommonPrefixes><Prefix>files/photos/</Prefix></CommonPrefixes>
  <CommonPrefixes><Prefix>files/videos/</Prefix></CommonPrefixes>
</ListBucketResult>)";

TEST(S3Responses, ListObjectsV2Page) {
  auto page = parse_list_objects_v2(kListPage);
  ASSERT_TRUE(page) << page.error().to_string();
  ASSERT_EQ(page->objects.size(), 2u);
  EXPECT_EQ(page->objects[0].key, "files/my-image.jpg");
  EXPECT_EQ(page->objects[0].size, 434234u);
  EXPECT_EQ(page->objects[0].mtime_unix, 1255369830);
  EXPECT_EQ(page->objects[0].etag, "fba9dede5f27731c9771645a39863328");
  EXPECT_EQ(page->objects[1].size, 0u);
  EXPECT_EQ(page->objects[1].mtime_unix, 1255369831);
  EXPECT_EQ(page->common_prefixes, (std::vector<std::string>{"files/photos/", "files/videos/"}));
  EXPECT_EQ(page->next_token, "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
}

TEST(S3Responses, LastPageAndEmptyListing) {
  auto last = parse_list_objects_v2(
      "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>k</Key><Size>1</Size></Contents>"
      "</ListBucketResult>");
  ASSERT_TRUE(last);
  EXPECT_TRUE(last->next_token.empty());
  auto empty = parse_list_objects_v2("<ListBucketResult><KeyCount>0</KeyCount></ListBucketResult>");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->objects.empty());
}

TEST(S3Responses, UrlEncodedKeysAreDecoded) {
  auto page = parse_list_objects_v2(
      "<ListBucketResult><EncodingType>url</EncodingType><Contents><Key>dir/a+b%2Bc%25d%C3%BC%01</Key><Size>1</Size>"
      "</Contents><CommonPrefixes><Prefix>dir/sp%20ace/</Prefix></CommonPrefixes></ListBucketResult>");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->objects[0].key, "dir/a b+c%d\xC3\xBC\x01");
  EXPECT_EQ(page->common_prefixes[0], "dir/sp ace/");
  // Without <EncodingType> the server did not encode: '%' and '+' are literal.
  auto raw = parse_list_objects_v2("<ListBucketResult><Contents><Key>a+b%2B</Key><Size>1</Size></Contents>"
                                   "</ListBucketResult>");
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->objects[0].key, "a+b%2B");
}

TEST(S3Responses, BrokenListingsAreCorrupt) {
  EXPECT_EQ(parse_list_objects_v2("<Error><Code>x</Code></Error>").error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(parse_list_objects_v2("<ListBucketResult><Contents><Key>k</Key></Contents></ListBucketResult>")
                .error().code, ErrorCode::kCorrupt);  // no size
  EXPECT_EQ(parse_list_objects_v2("<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>")
                .error().code, ErrorCode::kCorrupt);  // truncated without a token would loop forever
}

TEST(S3Responses, ErrorDocument) {
  auto error = parse_error(R"(<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <Code>NoSuchKey</Code>
  <Message>The resource you requested does not exist</Message>
  <Resource>/mybucket/myfoto.jpg</Resource>
  <RequestId>4442587FB7D0A2F9</RequestId>
</Error>)");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, "NoSuchKey");
  EXPECT_EQ(error->message, "The resource you requested does not exist");
  EXPECT_EQ(error->request_id, "4442587FB7D0A2F9");
  EXPECT_FALSE(parse_error(""));
  EXPECT_FALSE(parse_error("<ListBucketResult/>"));
  EXPECT_FALSE(parse_error("not xml"));
}

TEST(S3Responses, DeleteResultReportsPerKeyErrors) {
  auto failures = parse_delete_result(R"(<?xml version="1.0" encoding="UTF-8"?>
<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Deleted><Key>sample1.txt</Key></Deleted>
  <Error><Key>sample2.txt</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>
</DeleteResult>)");
  ASSERT_TRUE(failures);
  ASSERT_EQ(failures->size(), 1u);
  EXPECT_EQ((*failures)[0].key, "sample2.txt");
  EXPECT_EQ((*failures)[0].code, "AccessDenied");
  EXPECT_EQ((*failures)[0].message, "Access Denied");
  EXPECT_TRUE(parse_delete_result("<DeleteResult/>")->empty());
}

TEST(S3Responses, DeleteObjectsBodyIsQuietAndEscaped) {
  const std::vector<std::string> keys = {"a&b", "c<d>", "plain"};
  const std::string body = delete_objects_body(keys);
  EXPECT_NE(body.find("<Quiet>true</Quiet>"), std::string::npos);
  auto parsed = xml::parse(body);
  ASSERT_TRUE(parsed);
  auto objects = parsed->children_named("Object");
  ASSERT_EQ(objects.size(), 3u);
  EXPECT_EQ(objects[0]->child_text("Key"), "a&b");
  EXPECT_EQ(objects[1]->child_text("Key"), "c<d>");
}

TEST(S3Responses, CompleteMultipartBodyNumbersParts) {
  const std::vector<std::string> etags = {"e1", "e2"};
  auto parsed = xml::parse(complete_multipart_body(etags));
  ASSERT_TRUE(parsed);
  auto parts = parsed->children_named("Part");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[1]->child_text("PartNumber"), "2");
  EXPECT_EQ(parts[1]->child_text("ETag"), "\"e2\"");
}

TEST(S3Responses, UploadIdAndCopyResults) {
  EXPECT_EQ(parse_upload_id("<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>VXBsb2Fk</UploadId>"
                            "</InitiateMultipartUploadResult>").value(), "VXBsb2Fk");
  EXPECT_FALSE(parse_upload_id("<InitiateMultipartUploadResult/>"));
  EXPECT_EQ(parse_copy_etag("<CopyObjectResult><LastModified>2009-10-28T22:32:00</LastModified>"
                            "<ETag>\"9b2cf535f27731c974343645a3985328\"</ETag></CopyObjectResult>").value(),
            "9b2cf535f27731c974343645a3985328");
  EXPECT_EQ(parse_copy_etag("<CopyPartResult><ETag>\"p1\"</ETag></CopyPartResult>").value(), "p1");
  EXPECT_FALSE(parse_copy_etag("<Error><Code>InternalError</Code></Error>"));
}

TEST(S3Responses, Dates) {
  EXPECT_EQ(parse_iso8601("1970-01-01T00:00:00.000Z"), 0);
  EXPECT_EQ(parse_iso8601("2009-10-12T17:50:30Z"), 1255369830);
  EXPECT_FALSE(parse_iso8601("yesterday"));
  EXPECT_EQ(parse_http_date("Mon, 12 Oct 2009 17:50:30 GMT"), 1255369830);
  EXPECT_FALSE(parse_http_date(""));
}

TEST(S3Responses, XmlRepresentableKeys) {
  EXPECT_TRUE(representable_in_xml("a b\tc\nd\re"));
  EXPECT_FALSE(representable_in_xml(std::string("a\x01", 2)));
  EXPECT_FALSE(representable_in_xml(std::string("a\0b", 3)));
}

}  // namespace
}  // namespace mb::storage::s3
