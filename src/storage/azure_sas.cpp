#include "storage/azure_sas.h"

#include <ctime>
#include <iterator>

#include "storage/azure_shared_key.h"
#include "util/url_encode.h"

namespace mb::storage::azure {

std::string sas_time(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);  // numeric fields only: no locale involved
  return out;
}

std::string string_to_sign(const BlobSas& sas) {
  const std::string canonical = "/blob/" + std::string(sas.account) + "/" + std::string(sas.container) + "/" +
                                std::string(sas.blob);
  // Empty fields: start (valid from now on), identifier, IP range, snapshot time, encryption scope
  // and the five response header overrides.
  const std::string_view fields[] = {sas.permissions, {}, sas.expiry, canonical, {}, {}, sas.protocol, sas.version,
                                     "b", {}, {}, {}, {}, {}, {}, {}};
  std::string out;
  for (size_t i = 0; i < std::size(fields); ++i) {
    if (i > 0) out.push_back('\n');
    out.append(fields[i]);
  }
  return out;
}

std::string query_string(const BlobSas& sas, std::string_view account_key) {
  auto param = [](std::string_view name, std::string_view value) {
    return std::string(name) + "=" + url_encode(value, /*keep_slash=*/false);
  };
  return param("sv", sas.version) + "&" + param("sr", "b") + "&" + param("sp", sas.permissions) + "&" +
         param("se", sas.expiry) + "&" + param("spr", sas.protocol) + "&" +
         param("sig", signature(account_key, string_to_sign(sas)));
}

}  // namespace mb::storage::azure
