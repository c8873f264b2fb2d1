// Service SAS signatures against an independent signer: the expected query strings were computed
// with BlobSharedAccessSignature of Microsoft's azure-storage-blob 12.31.1 Python SDK (signed
// version set to ours) for the same blob, key and expiry.
#include "storage/azure_sas.h"

#include <gtest/gtest.h>

#include "storage/azure_shared_key.h"

namespace mb::storage::azure {
namespace {

constexpr std::string_view kKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

TEST(AzureSas, EmulatorBlobWithAwkwardName) {
  const BlobSas sas{.account = "devstoreaccount1", .container = "c1", .blob = "dir/my file+1%.bin",
                    .permissions = "r", .expiry = "2026-11-26T20:15:00Z", .protocol = "https,http",
                    .version = "2023-11-03"};
  EXPECT_EQ(string_to_sign(sas),
            "r\n\n2026-11-26T20:15:00Z\n/blob/devstoreaccount1/c1/dir/my file+1%.bin\n\n\nhttps,http\n2023-11-03\nb"
            "\n\n\n\n\n\n\n");
  EXPECT_EQ(query_string(sas, decode_account_key(kKey).value()),
            "sv=2023-11-03&sr=b&sp=r&se=2026-11-26T20%3A15%3A00Z&spr=https%2Chttp"
            "&sig=oghqDvEL%2BYIu0LSIDEr5ou7gsjNZKHg2Y%2B3Kx5damOM%3D");
}

TEST(AzureSas, CloudBlobWithNonAsciiName) {
  const BlobSas sas{.account = "myaccount", .container = "mycontainer", .blob = "\xC3\xA9t\xC3\xA9/x",
                    .permissions = "r", .expiry = "2026-11-26T20:15:00Z", .protocol = "https",
                    .version = "2023-11-03"};
  EXPECT_EQ(query_string(sas, decode_account_key(kKey).value()),
            "sv=2023-11-03&sr=b&sp=r&se=2026-11-26T20%3A15%3A00Z&spr=https"
            "&sig=yXi4wXDYcNnq61oMpjiQHCHfT7pftPaR3QhsGuhI3rs%3D");
}

TEST(AzureSas, TimeIsIso8601Utc) {
  EXPECT_EQ(sas_time(std::chrono::system_clock::time_point(std::chrono::seconds(1795722300))), "2026-11-26T19:45:00Z");
}

}  // namespace
}  // namespace mb::storage::azure
