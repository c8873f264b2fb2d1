#include "storage/s3_credentials.h"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "storage/http_answers.h"
#include "storage/s3_responses.h"
#include "storage/xml_reader.h"
#include "util/retry.h"
#include "util/url_encode.h"
#include "util/json_parse.h"

namespace mb::storage::s3 {
namespace {

using Clock = std::chrono::system_clock;

// Early enough that keys fetched now outlive the requests signed with them.
constexpr std::chrono::seconds kRefreshMargin{300};
constexpr std::string_view kDefaultInstanceMetadata = "http://169.254.169.254";
constexpr std::string_view kImdsTokenPath = "/latest/api/token";
constexpr std::string_view kImdsRolesPath = "/latest/meta-data/iam/security-credentials/";

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

std::string trimmed(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return std::string(text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1));
}

// A credentials source answering 404 means "no credentials here", not a missing object: the S3
// calls read kNotFound as the latter.
Error status_error(std::string_view what, long status, std::string_view detail) {
  const ErrorCode by_status = error_code_for(status);
  const ErrorCode code = by_status == ErrorCode::kNotFound ? ErrorCode::kPermissionDenied : by_status;
  return Error(code, fmt::format("{}: HTTP {}{}{}", what, status, detail.empty() ? "" : " ", detail))
      .with(retry::kHttpStatusKey, std::to_string(status));
}

Result<Clock::time_point> expiration_of(std::string_view text, std::string_view source) {
  const auto seconds = parse_iso8601(text);
  if (!seconds) {
    return fail(Error(ErrorCode::kCorrupt, "temporary S3 credentials came without a readable Expiration")
                    .with("source", std::string(source)));
  }
  return Clock::time_point(std::chrono::seconds(*seconds));
}

class InstanceMetadata {
 public:
  InstanceMetadata(std::string base_url, http::ClientOptions http)
      : base_url_(std::move(base_url)), http_(std::move(http)) {}

  Result<ExpiringCredentials> fetch() {
    MB_TRY(session_token, session());
    MB_TRY(roles, get(std::string(kImdsRolesPath), session_token));
    const std::string role = trimmed(roles.substr(0, roles.find('\n')));
    if (role.empty()) {
      return fail(Error(ErrorCode::kPermissionDenied, "instance metadata lists no IAM role for this instance")
                      .with("url", base_url_ + std::string(kImdsRolesPath)));
    }
    const std::string url = base_url_ + std::string(kImdsRolesPath) + role;
    MB_TRY(body, get(std::string(kImdsRolesPath) + role, session_token));
    const auto json = parse_json(body, ErrorCode::kStorage).value_or(nlohmann::json());
    auto field = [&](const char* name) {
      return json.is_object() && json.contains(name) && json[name].is_string() ? json[name].get<std::string>()
                                                                              : std::string();
    };
    if (const std::string code = field("Code"); !code.empty() && code != "Success") {
      return fail(Error(ErrorCode::kPermissionDenied, "instance metadata refused the role's credentials: " + code)
                      .with("url", url));
    }
    ExpiringCredentials fetched{{field("AccessKeyId"), field("SecretAccessKey"), field("Token")}, {}};
    if (fetched.keys.access_key_id.empty() || fetched.keys.secret_access_key.empty()) {
      return fail(Error(ErrorCode::kCorrupt, "instance metadata answered without AccessKeyId and SecretAccessKey")
                      .with("url", url));
    }
    MB_TRY(expiration, expiration_of(field("Expiration"), url));
    fetched.expiration = expiration;
    return fetched;
  }

 private:
  // The IMDSv2 session token; empty when the server only speaks IMDSv1.
  Result<std::string> session() {
    const std::string url = base_url_ + std::string(kImdsTokenPath);
    http::Request request;
    request.method = "PUT";
    request.url = url;
    request.headers = {{"X-aws-ec2-metadata-token-ttl-seconds", "21600"}};
    auto response = http_.send(request);
    if (!response) return fail(wrap(std::move(response).error(), "could not reach the instance metadata service"));
    if (response->status == 200) return std::move(response->body);
    if (response->status == 403 || response->status == 404 || response->status == 405) return std::string();
    return fail(status_error("could not get an instance metadata session token", response->status, "")
                    .with("url", url));
  }

  Result<std::string> get(const std::string& path, const std::string& session_token) {
    http::Request request;
    request.url = base_url_ + path;
    if (!session_token.empty()) request.headers = {{"X-aws-ec2-metadata-token", session_token}};
    auto response = http_.send(request);
    if (!response) return fail(wrap(std::move(response).error(), "could not reach the instance metadata service"));
    if (response->status != 200) {
      return fail(status_error("could not get S3 credentials from instance metadata", response->status, "")
                      .with("url", request.url));
    }
    return std::move(response->body);
  }

  std::string base_url_;
  http::HttpClient http_;
};

class StsWebIdentity {
 public:
  StsWebIdentity(WebIdentity identity, http::ClientOptions http)
      : identity_(std::move(identity)), http_(std::move(http)) {}

  Result<ExpiringCredentials> fetch() {
    auto failure = [&](Error error) {
      return fail(std::move(error).with("sts_endpoint", identity_.sts_url).with("role_arn", identity_.role_arn));
    };
    std::ifstream file(identity_.token_file);
    std::stringstream token;
    token << file.rdbuf();
    if (!file || trimmed(token.str()).empty()) {
      return failure(Error(ErrorCode::kConfig, "could not read the web identity token file")
                         .with("token_file", identity_.token_file));
    }
    const std::string body = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=" +
                             url_encode(identity_.role_arn, false) +
                             "&RoleSessionName=" + url_encode(identity_.session_name, false) +
                             "&WebIdentityToken=" + url_encode(trimmed(token.str()), false);
    http::Request request;
    request.method = "POST";
    request.url = identity_.sts_url;
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    request.body = body;
    auto response = http_.send(request);
    if (!response) return failure(wrap(std::move(response).error(), "could not reach STS"));
    auto document = xml::parse(response->body);
    if (response->status != 200) {
      // <ErrorResponse><Error><Code>AccessDenied</Code><Message>...</Message></Error></ErrorResponse>
      const xml::Element* error = document ? document->child("Error") : nullptr;
      return failure(status_error("STS refused AssumeRoleWithWebIdentity", response->status,
                                  error == nullptr ? "" : error->child_text("Code")));
    }
    const xml::Element* result = document ? document->child("AssumeRoleWithWebIdentityResult") : nullptr;
    const xml::Element* credentials = result == nullptr ? nullptr : result->child("Credentials");
    if (credentials == nullptr || credentials->child_text("AccessKeyId").empty() ||
        credentials->child_text("SecretAccessKey").empty()) {
      return failure(Error(ErrorCode::kCorrupt, "STS answered AssumeRoleWithWebIdentity without Credentials"));
    }
    ExpiringCredentials fetched{{std::string(credentials->child_text("AccessKeyId")),
                                 std::string(credentials->child_text("SecretAccessKey")),
                                 std::string(credentials->child_text("SessionToken"))},
                                {}};
    MB_TRY(expiration, expiration_of(credentials->child_text("Expiration"), identity_.sts_url));
    fetched.expiration = expiration;
    return fetched;
  }

 private:
  WebIdentity identity_;
  http::HttpClient http_;
};

}  // namespace

CredentialsProvider::CredentialsProvider(std::string identity, CredentialsFetcher fetch)
    : identity_(std::move(identity)), fetch_(std::move(fetch)) {}

std::shared_ptr<CredentialsProvider> CredentialsProvider::fixed(sigv4::Credentials keys) {
  std::string identity = keys.access_key_id;
  return std::make_shared<CredentialsProvider>(std::move(identity), [keys = std::move(keys)] {
    return Result<ExpiringCredentials>(ExpiringCredentials{keys, Clock::time_point::max()});
  });
}

Result<sigv4::Credentials> CredentialsProvider::credentials() {
  std::lock_guard lock(mutex_);
  if (cached_ && Clock::now() < refresh_after_) return *cached_;
  MB_TRY(fetched, fetch_());
  cached_ = std::move(fetched.keys);
  refresh_after_ = fetched.expiration - kRefreshMargin;
  return *cached_;
}

CredentialsFetcher instance_metadata_fetcher(std::string base_url, http::ClientOptions http) {
  while (base_url.ends_with('/')) base_url.pop_back();
  auto source = std::make_shared<InstanceMetadata>(std::move(base_url), std::move(http));
  return [source] { return source->fetch(); };
}

std::optional<WebIdentity> web_identity_from_env(std::string_view region) {
  WebIdentity identity{.token_file = env("AWS_WEB_IDENTITY_TOKEN_FILE"),
                       .role_arn = env("AWS_ROLE_ARN"),
                       .session_name = env("AWS_ROLE_SESSION_NAME"),
                       .sts_url = env("AWS_ENDPOINT_URL_STS")};
  if (identity.token_file.empty() || identity.role_arn.empty()) return std::nullopt;
  if (identity.session_name.empty()) identity.session_name = "milvus-backup";
  if (identity.sts_url.empty()) {
    identity.sts_url = region.empty() ? "https://sts.amazonaws.com" : fmt::format("https://sts.{}.amazonaws.com", region);
  }
  return identity;
}

CredentialsFetcher web_identity_fetcher(WebIdentity identity, http::ClientOptions http) {
  auto source = std::make_shared<StsWebIdentity>(std::move(identity), std::move(http));
  return [source] { return source->fetch(); };
}

std::shared_ptr<CredentialsProvider> iam_credentials_provider(bool environment_keys_first, std::string_view iam_endpoint,
                                                              std::string_view region, const http::ClientOptions& http) {
  if (environment_keys_first) {
    sigv4::Credentials keys{env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY"), env("AWS_SESSION_TOKEN")};
    if (!keys.access_key_id.empty() && !keys.secret_access_key.empty()) return CredentialsProvider::fixed(std::move(keys));
  }
  if (auto identity = web_identity_from_env(region)) {
    std::string name = "web-identity:" + identity->role_arn;
    return std::make_shared<CredentialsProvider>(std::move(name), web_identity_fetcher(std::move(*identity), http));
  }
  std::string base_url = iam_endpoint.empty() ? std::string(kDefaultInstanceMetadata) : std::string(iam_endpoint);
  std::string name = "instance-metadata:" + base_url;
  return std::make_shared<CredentialsProvider>(std::move(name), instance_metadata_fetcher(std::move(base_url), http));
}

}  // namespace mb::storage::s3
