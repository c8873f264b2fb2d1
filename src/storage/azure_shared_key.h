// Azure Storage Shared Key authorization for the Blob service (version 2009-09-19 and later), as
// pure functions: no clock, no I/O. Each step (canonicalized headers, canonicalized resource,
// string to sign, signature) is exposed so tests can check it against an independent signer.
// https://learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/error.h"
#include "util/http_client.h"

namespace mb::storage::azure {

// Decoded query names and values, as the request sends them (encoded on the wire).
using Query = std::vector<std::pair<std::string, std::string>>;

struct RequestToSign {
  std::string_view method;
  std::string_view account;
  // The request path exactly as it goes on the wire, e.g. "/container/my%20blob"; with an emulator
  // the account is part of it: "/devstoreaccount1/container/my%20blob".
  std::string_view encoded_path;
  const Query& query;
  const http::Headers& headers;  // every header sent, including x-ms-date and x-ms-version
  uint64_t content_length = 0;   // of the body; 0 signs as an empty field, as version 2015-02-21+ wants
};

// "x-ms-date:...\nx-ms-version:...\n": the x-ms- headers, lower-case, sorted by name, values trimmed.
// Plain byte order matches the service's own collation for the header names this tool sends (none
// of them differ only by a '-').
std::string canonicalized_headers(const http::Headers& headers);

// "/account/encoded/path" then "\nname:value" per query parameter (lower-case names, sorted;
// decoded values; repeated names joined with ',').
std::string canonicalized_resource(std::string_view account, std::string_view encoded_path, const Query& query);

std::string string_to_sign(const RequestToSign& request);

// Base64 of HMAC-SHA256 over `string_to_sign` with the decoded account key.
std::string signature(std::string_view account_key, std::string_view string_to_sign);

// "SharedKey account:signature"
std::string authorization(const RequestToSign& request, std::string_view account_key);

// "Sun, 11 Oct 2009 21:49:13 GMT" (RFC 1123, always in English), the x-ms-date value.
std::string http_date(std::chrono::system_clock::time_point time);

// The account key as configured is base64; signing uses its bytes. kInvalidArgument when it is not
// base64 (the message never contains the key).
Result<std::string> decode_account_key(std::string_view base64_key);

}  // namespace mb::storage::azure
