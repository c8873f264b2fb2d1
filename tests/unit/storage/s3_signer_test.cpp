// SigV4 against AWS's published examples: the aws-sig-v4-test-suite (generic service "service",
// 2015-08-30, AKIDEXAMPLE) and the S3 examples of "Signature Calculations for the Authorization
// Header: Transferring Payload in a Single Chunk" (2013-05-24, AKIAIOSFODNN7EXAMPLE).
#include "storage/s3_signer.h"

#include <gtest/gtest.h>

#include "util/digest.h"

namespace mb::storage::sigv4 {
namespace {

constexpr std::string_view kEmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// ---- aws-sig-v4-test-suite ----

const Credentials kSuiteCredentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};
constexpr std::string_view kSuiteDate = "20150830T123600Z";
constexpr Scope kSuiteScope{"20150830", "us-east-1", "service"};

struct SuiteCase {
  std::string name;
  std::string method;
  std::string path;
  Query query;
  http::Headers extra_headers;  // besides Host and X-Amz-Date
  std::string payload_hash;
  std::string canonical_request;
  std::string string_to_sign_hash;  // last line of the string to sign
  std::string signature;
};

std::string suite_canonical(std::string_view method, std::string_view uri, std::string_view query,
                            std::string_view extra_canonical_headers, std::string_view signed_headers,
                            std::string_view payload_hash = kEmptyHash) {
  return std::string(method) + "\n" + std::string(uri) + "\n" + std::string(query) + "\n" +
         std::string(extra_canonical_headers) + "\n" + std::string(signed_headers) + "\n" + std::string(payload_hash);
}

constexpr std::string_view kHostDate = "host:example.amazonaws.com\nx-amz-date:20150830T123600Z\n";
constexpr std::string_view kSuiteToken =
    "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwth"
    "Ax7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9"
    "q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

std::vector<SuiteCase> suite_cases() {
  const std::string unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const std::string form_hash = "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e";
  return {
      {"get-vanilla", "GET", "/", {}, {}, std::string(kEmptyHash),
       suite_canonical("GET", "/", "", kHostDate, "host;x-amz-date"),
       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-vanilla-query-order-key-case", "GET", "/", {{"Param2", "value2"}, {"Param1", "value1"}}, {},
       std::string(kEmptyHash), suite_canonical("GET", "/", "Param1=value1&Param2=value2", kHostDate, "host;x-amz-date"),
       "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0",
       "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
      {"get-vanilla-query-unreserved", "GET", "/", {{unreserved, unreserved}}, {}, std::string(kEmptyHash),
       suite_canonical("GET", "/", unreserved + "=" + unreserved, kHostDate, "host;x-amz-date"),
       "c30d4703d9f799439be92736156d47ccfb2d879ddf56f5befa6d1d6aab979177",
       "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"},
      {"get-vanilla-utf8-query", "GET", "/", {{"\xE1\x88\xB4", "bar"}}, {}, std::string(kEmptyHash),
       suite_canonical("GET", "/", "%E1%88%B4=bar", kHostDate, "host;x-amz-date"),
       "eb30c5bed55734080471a834cc727ae56beb50e5f39d1bff6d0d38cb192a7073",
       "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"},
      {"get-header-key-duplicate", "GET", "/", {},
       {{"My-Header1", "value2"}, {"My-Header1", "value2"}, {"My-Header1", "value1"}}, std::string(kEmptyHash),
       suite_canonical("GET", "/", "",
                       "host:example.amazonaws.com\nmy-header1:value2,value2,value1\nx-amz-date:20150830T123600Z\n",
                       "host;my-header1;x-amz-date"),
       "dc7f04a3abfde8d472b0ab1a418b741b7c67174dad1551b4117b15527fbe966c",
       "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"},
      {"get-header-value-order", "GET", "/", {},
       {{"My-Header1", "value4"}, {"My-Header1", "value1"}, {"My-Header1", "value3"}, {"My-Header1", "value2"}},
       std::string(kEmptyHash),
       suite_canonical("GET", "/", "",
                       "host:example.amazonaws.com\nmy-header1:value4,value1,value3,value2\n"
                       "x-amz-date:20150830T123600Z\n",
                       "host;my-header1;x-amz-date"),
       "31ce73cd3f3d9f66977ad3dd957dc47af14df92fcd8509f59b349e9137c58b86",
       "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"},
      {"get-header-value-trim", "GET", "/", {}, {{"My-Header1", " value1"}, {"My-Header2", " \"a   b   c\""}},
       std::string(kEmptyHash),
       suite_canonical("GET", "/", "",
                       "host:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\n"
                       "x-amz-date:20150830T123600Z\n",
                       "host;my-header1;my-header2;x-amz-date"),
       "a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7",
       "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"},
      {"get-unreserved", "GET", "/" + unreserved, {}, {}, std::string(kEmptyHash),
       suite_canonical("GET", "/" + unreserved, "", kHostDate, "host;x-amz-date"),
       "6a968768eefaa713e2a6b16b589a8ea192661f098f37349f4e2c0082757446f9",
       "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"},
      {"get-utf8", "GET", "/\xE1\x88\xB4", {}, {}, std::string(kEmptyHash),
       suite_canonical("GET", "/%E1%88%B4", "", kHostDate, "host;x-amz-date"),
       "2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac42102",
       "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"},
      {"get-space (unnormalized, as S3 signs it)", "GET", "/example space/", {}, {}, std::string(kEmptyHash),
       suite_canonical("GET", "/example%20space/", "", kHostDate, "host;x-amz-date"),
       "63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86",
       "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"},
      {"get-slashes-unnormalized", "GET", "//example//", {}, {}, std::string(kEmptyHash),
       suite_canonical("GET", "//example//", "", kHostDate, "host;x-amz-date"),
       "528ec3105ee1f34ab014bb0a1a45da0ed2742a4fea3555149e5b4d5d201eb240",
       "87cca117541a147f6df867677d98a7d80dff226d2bfca9e4ffa899665623c7e5"},
      {"post-vanilla", "POST", "/", {}, {}, std::string(kEmptyHash),
       suite_canonical("POST", "/", "", kHostDate, "host;x-amz-date"),
       "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87",
       "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"},
      {"post-vanilla-query", "POST", "/", {{"Param1", "value1"}}, {}, std::string(kEmptyHash),
       suite_canonical("POST", "/", "Param1=value1", kHostDate, "host;x-amz-date"),
       "9d659678c1756bb3113e2ce898845a0a79dbbc57b740555917687f1b3340fbbd",
       "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"},
      {"post-header-key-sort", "POST", "/", {}, {{"My-Header1", "value1"}}, std::string(kEmptyHash),
       suite_canonical("POST", "/", "",
                       "host:example.amazonaws.com\nmy-header1:value1\nx-amz-date:20150830T123600Z\n",
                       "host;my-header1;x-amz-date"),
       "9368318c2967cf6de74404b30c65a91e8f6253e0a8659d6d5319f1a812f87d65",
       "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"},
      {"post-x-www-form-urlencoded", "POST", "/", {},
       {{"Content-Type", "application/x-www-form-urlencoded"}, {"Content-Length", "13"},
        {"X-Amz-Content-Sha256", form_hash}},
       form_hash,
       suite_canonical("POST", "/", "",
                       "content-length:13\ncontent-type:application/x-www-form-urlencoded\n"
                       "host:example.amazonaws.com\nx-amz-content-sha256:" + form_hash +
                           "\nx-amz-date:20150830T123600Z\n",
                       "content-length;content-type;host;x-amz-content-sha256;x-amz-date", form_hash),
       "b1edd1d03544c25390e32085d55b57acc9a3961bb59415ff86c45c3d89d16cfb",
       "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b"},
      {"post-x-www-form-urlencoded-parameters", "POST", "/", {},
       {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}, {"Content-Length", "13"},
        {"X-Amz-Content-Sha256", form_hash}},
       form_hash,
       suite_canonical("POST", "/", "",
                       "content-length:13\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\n"
                       "host:example.amazonaws.com\nx-amz-content-sha256:" + form_hash +
                           "\nx-amz-date:20150830T123600Z\n",
                       "content-length;content-type;host;x-amz-content-sha256;x-amz-date", form_hash),
       "a89f1a5b53e37702ee6363ce1da3ce8f54386f3c8f352ae652153c2982a0bc4d",
       "328d1b9eaadca9f5818ef05e8392801e091653bafec24fcab71e7344e7f51422"},
      {"post-sts-header-before", "POST", "/", {}, {{"X-Amz-Security-Token", std::string(kSuiteToken)}},
       std::string(kEmptyHash),
       suite_canonical("POST", "/", "",
                       std::string(kHostDate) + "x-amz-security-token:" + std::string(kSuiteToken) + "\n",
                       "host;x-amz-date;x-amz-security-token"),
       "c237e1b440d4c63c32ca95b5b99481081cb7b13c7e40434868e71567c1a882f6",
       "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"},
  };
}

class SigV4Suite : public ::testing::TestWithParam<SuiteCase> {};

TEST_P(SigV4Suite, CanonicalRequestStringToSignAndSignature) {
  const SuiteCase& c = GetParam();
  RequestToSign request{c.method, c.path, c.query, {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", std::string(kSuiteDate)}},
                        c.payload_hash};
  request.headers.insert(request.headers.end(), c.extra_headers.begin(), c.extra_headers.end());

  const std::string canonical = canonical_request(request);
  EXPECT_EQ(canonical, c.canonical_request);
  const std::string to_sign = string_to_sign(kSuiteDate, kSuiteScope, canonical);
  EXPECT_EQ(to_sign, "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n" +
                         c.string_to_sign_hash);
  EXPECT_EQ(signature(signing_key(kSuiteCredentials.secret_access_key, kSuiteScope), to_sign), c.signature);
  EXPECT_EQ(authorization(request, kSuiteCredentials, "us-east-1", "service"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=" +
                signed_header_names(request.headers) + ", Signature=" + c.signature);
}

INSTANTIATE_TEST_SUITE_P(AwsSigV4TestSuite, SigV4Suite, ::testing::ValuesIn(suite_cases()),
                         [](const auto& info) {
                           std::string name;
                           for (char ch : info.param.name) name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
                           return name;
                         });

// ---- S3 documentation examples ----

const Credentials kS3DocCredentials{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""};
const auto kS3DocTime = std::chrono::system_clock::from_time_t(1369353600);  // 2013-05-24T00:00:00Z

TEST(SigV4S3Examples, GetObjectWithRange) {
  EXPECT_EQ(amz_date(kS3DocTime), "20130524T000000Z");
  http::Headers headers{{"Host", "examplebucket.s3.amazonaws.com"}, {"Range", "bytes=0-9"}};
  sign_s3_request("GET", "/test.txt", {}, headers, kEmptyHash, kS3DocCredentials, "us-east-1", kS3DocTime);
  RequestToSign request{"GET", "/test.txt", {}, headers, kEmptyHash};
  request.headers.pop_back();  // Authorization is not signed
  EXPECT_EQ(canonical_request(request),
            "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
            "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
            "x-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(string_to_sign("20130524T000000Z", {"20130524", "us-east-1", "s3"}, canonical_request(request)),
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  ASSERT_EQ(headers.back().first, "Authorization");
  EXPECT_EQ(headers.back().second,
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4S3Examples, PutObjectWithSignedPayloadAndEncodedKey) {
  const std::string body = "Welcome to Amazon S3.";
  const std::string hash = digest::sha256_hex(body);
  EXPECT_EQ(hash, "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  http::Headers headers{{"Host", "examplebucket.s3.amazonaws.com"},
                        {"Date", "Fri, 24 May 2013 00:00:00 GMT"},
                        {"x-amz-storage-class", "REDUCED_REDUNDANCY"}};
  sign_s3_request("PUT", "/test$file.text", {}, headers, hash, kS3DocCredentials, "us-east-1", kS3DocTime);
  EXPECT_EQ(canonical_uri("/test$file.text"), "/test%24file.text");
  EXPECT_EQ(headers.back().second,
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, "
            "Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
}

TEST(SigV4S3Examples, GetBucketLifecycleSubresource) {
  http::Headers headers{{"Host", "examplebucket.s3.amazonaws.com"}};
  sign_s3_request("GET", "/", {{"lifecycle", ""}}, headers, kEmptyHash, kS3DocCredentials, "us-east-1", kS3DocTime);
  EXPECT_EQ(headers.back().second,
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
            "Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");
}

TEST(SigV4S3Examples, ListObjectsQuery) {
  http::Headers headers{{"Host", "examplebucket.s3.amazonaws.com"}};
  sign_s3_request("GET", "/", {{"prefix", "J"}, {"max-keys", "2"}}, headers, kEmptyHash, kS3DocCredentials,
                  "us-east-1", kS3DocTime);
  EXPECT_EQ(headers.back().second,
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
            "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
}

TEST(SigV4, SessionTokenAndUnsignedPayloadAreSignedHeaders) {
  Credentials temporary = kS3DocCredentials;
  temporary.session_token = "session-token-value";
  http::Headers headers{{"Host", "b.s3.amazonaws.com"}};
  sign_s3_request("PUT", "/k", {}, headers, kUnsignedPayload, temporary, "us-east-1", kS3DocTime);
  auto find = [&](std::string_view name) {
    for (const auto& [k, v] : headers) if (k == name) return v;
    return std::string();
  };
  EXPECT_EQ(find("x-amz-security-token"), "session-token-value");
  EXPECT_EQ(find("x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
  EXPECT_NE(find("Authorization").find("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,"),
            std::string::npos);
}

TEST(SigV4, KeysAreEncodedOnceAndQueryValuesFully) {
  EXPECT_EQ(canonical_uri("/bucket/dir/a b+c%d/ü"), "/bucket/dir/a%20b%2Bc%25d/%C3%BC");
  EXPECT_EQ(canonical_uri(""), "/");
  EXPECT_EQ(canonical_query({{"prefix", "a/b c"}, {"list-type", "2"}, {"continuation-token", "x+y="}}),
            "continuation-token=x%2By%3D&list-type=2&prefix=a%2Fb%20c");
  EXPECT_EQ(canonical_query({{"uploads", ""}}), "uploads=");
}

}  // namespace
}  // namespace mb::storage::sigv4
