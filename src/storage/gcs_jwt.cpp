#include "storage/gcs_jwt.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "util/digest.h"

namespace mb::storage::gcs {
namespace {

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct DigestContextDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

}  // namespace

std::string base64url(std::string_view bytes) {
  std::string out = digest::base64_encode(bytes);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

std::string claim_set(const ServiceAccount& account, std::string_view scope, int64_t issued_at) {
  const nlohmann::json claims = {{"iss", account.client_email},
                                 {"scope", std::string(scope)},
                                 {"aud", account.token_uri},
                                 {"iat", issued_at},
                                 {"exp", issued_at + kAssertionLifetime.count()}};
  return claims.dump();
}

Result<std::string> sign_rs256(std::string_view pem_private_key, std::string_view data) {
  auto unreadable = [] {
    return fail(Error(ErrorCode::kInvalidArgument, "the private_key of the GCS credentials file is not a PEM RSA key")
                    .with("config_key", "storage.auth.credentialsFile"));
  };
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(pem_private_key.data(), static_cast<int>(pem_private_key.size())));
  if (!bio) return unreadable();
  std::unique_ptr<EVP_PKEY, KeyDeleter> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key || EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) return unreadable();
  std::unique_ptr<EVP_MD_CTX, DigestContextDeleter> ctx(EVP_MD_CTX_new());
  size_t length = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length, reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    return fail(ErrorCode::kInternal, "RS256 signing could not start");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    return fail(ErrorCode::kInternal, "RS256 signing failed");
  }
  signature.resize(length);
  return signature;
}

Result<std::string> assertion(const ServiceAccount& account, std::string_view scope,
                              std::chrono::system_clock::time_point now) {
  const int64_t issued_at = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const std::string signing_input =
      base64url(R"({"alg":"RS256","typ":"JWT"})") + "." + base64url(claim_set(account, scope, issued_at));
  MB_TRY(signature, sign_rs256(account.private_key, signing_input));
  return signing_input + "." + base64url(signature);
}

}  // namespace mb::storage::gcs
