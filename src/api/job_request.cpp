#include "api/job_request.h"

#include <nlohmann/json.hpp>

#include <concepts>
#include <type_traits>

#include "util/http_client.h"
#include "util/json_parse.h"

namespace mb::api {
namespace {

using milvus_backup::CreateRequest;
using milvus_backup::RestoreRequest;
using milvus_backup::VerifyRequest;

// A request is a few names, filters and flags.
constexpr size_t kMaxRequestBytes = 1u << 20;

// Each request's members, one list for the encoder and the decoder alike (Request is const for the
// encoder). A field of the request missing here would be lost when its job is run again.
template <typename Request, typename Visit>
  requires std::same_as<std::remove_const_t<Request>, CreateRequest>
void members(Request& r, Visit&& visit) {
  visit("job_id", r.job_id);
  visit("name", r.options.name);
  visit("filter", r.options.filter);
  visit("strategy", r.options.strategy);
  visit("format", r.options.format);
  visit("rbac", r.options.rbac);
  visit("backup_index_extra", r.options.backup_index_extra);
  visit("id", r.options.id);
  visit("no_resume", r.options.no_resume);
  visit("backup_root_path", r.backup_root_path);
  visit("pause_gc", r.pause_gc);
  visit("gc_pause_address", r.gc_pause_address);
}

template <typename Request, typename Visit>
  requires std::same_as<std::remove_const_t<Request>, RestoreRequest>
void members(Request& r, Visit&& visit) {
  visit("job_id", r.job_id);
  visit("backup_name", r.options.backup_name);
  visit("filter", r.options.filter);
  visit("source_filter", r.options.source_filter);
  visit("suffix", r.options.suffix);
  visit("rename", r.options.rename);
  visit("drop_exist_collection", r.options.drop_exist_collection);
  visit("drop_exist_index", r.options.drop_exist_index);
  visit("skip_create_collection", r.options.skip_create_collection);
  visit("allow_append", r.options.allow_append);
  visit("rebuild_index", r.options.rebuild_index);
  visit("use_auto_index", r.options.use_auto_index);
  visit("meta_only", r.options.meta_only);
  visit("rbac", r.options.rbac);
  visit("verify", r.options.verify);
  visit("verify_source", r.options.verify_source);
  visit("skip_integrity_check", r.options.skip_integrity_check);
  visit("task_id", r.options.task_id);
  visit("backup_root_path", r.backup_root_path);
  visit("bucket_name", r.bucket_name);
}

template <typename Request, typename Visit>
  requires std::same_as<std::remove_const_t<Request>, VerifyRequest>
void members(Request& r, Visit&& visit) {
  visit("job_id", r.job_id);
  visit("backup_name", r.backup_name);
  visit("read_data", r.read_data);
  visit("read_data_subset", r.read_data_subset);
}

template <typename Request>
std::optional<std::string> encode(const Request& request) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  members(request, [&j](const char* name, const auto& value) { j[name] = value; });
  try {
    return j.dump();  // strict: text that is not UTF-8 throws rather than being altered
  } catch (const nlohmann::json::type_error&) {
    return std::nullopt;
  }
}

template <typename Request>
Result<Request> decode(std::string_view json, std::string_view what) {
  const std::string context = std::string(what) + " request of a job record";
  auto parsed = parse_json(json, ErrorCode::kCorrupt, {.max_bytes = kMaxRequestBytes});
  if (!parsed) return fail(wrap(std::move(parsed).error(), context));
  if (!parsed->is_object()) return fail(ErrorCode::kCorrupt, context + " is not a JSON object");
  Request request;
  try {
    members(request, [&parsed](const char* name, auto& value) {
      if (const auto it = parsed->find(name); it != parsed->end()) it->get_to(value);
    });
  } catch (const nlohmann::json::exception& e) {
    // Thrown only by get_to() on a member of the wrong type; turned into a value here.
    return fail(ErrorCode::kCorrupt, context + ": " + e.what());
  }
  return request;
}

}  // namespace

std::optional<std::string> encode_job_request(const CreateRequest& request) {
  if (http::HttpClient::redact_url(request.gc_pause_address) != request.gc_pause_address) return std::nullopt;
  return encode(request);
}

std::optional<std::string> encode_job_request(const RestoreRequest& request) { return encode(request); }

std::optional<std::string> encode_job_request(const VerifyRequest& request) { return encode(request); }

Result<CreateRequest> decode_create_request(std::string_view json) { return decode<CreateRequest>(json, "create"); }

Result<RestoreRequest> decode_restore_request(std::string_view json) {
  return decode<RestoreRequest>(json, "restore");
}

Result<VerifyRequest> decode_verify_request(std::string_view json) { return decode<VerifyRequest>(json, "verify"); }

}  // namespace mb::api
