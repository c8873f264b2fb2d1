// Service shared access signatures (SAS) for one blob, signed with the account key, as pure
// functions. A server-side copy names its source by URL, and Azure reads that URL with no
// credentials of ours: the source must carry a SAS, even within one account.
// https://learn.microsoft.com/rest/api/storageservices/create-service-sas (version 2020-12-06+ layout)
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace mb::storage::azure {

struct BlobSas {
  std::string_view account;
  std::string_view container;
  std::string_view blob;         // decoded blob name
  std::string_view permissions;  // "r"
  std::string_view expiry;       // sas_time(), e.g. "2026-11-26T20:15:00Z"
  std::string_view protocol;     // "https", or "https,http" for an emulator on plain HTTP
  std::string_view version;      // signed version (sv), 2020-12-06 or later
};

// "2026-11-26T20:15:00Z": the ISO 8601 form SAS times take.
std::string sas_time(std::chrono::system_clock::time_point time);

// The sixteen newline-separated fields Azure signs for a blob (sr=b) service SAS.
std::string string_to_sign(const BlobSas& sas);

// The query string to append to the blob's URL (without '?'): sv, sr, sp, se, spr and sig, each
// percent-encoded. `account_key` is the decoded key.
std::string query_string(const BlobSas& sas, std::string_view account_key);

}  // namespace mb::storage::azure
