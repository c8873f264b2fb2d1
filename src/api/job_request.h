// The request that started a server job, as the JSON its record keeps (JobRecord::request): what a
// server restarted after a crash needs to run the job again as it was asked. The requests are the
// Service's, after validation; none of their fields is a secret, and a create whose GC pause
// address carries credentials (user info, a secret-looking query value) is not kept at all.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "milvus_backup/service.h"

namespace mb::api {

// nullopt when the request cannot be kept as it is: it holds a credential, or text that is not
// UTF-8 (which JSON would have to alter). Such a job is not run again after a crash.
std::optional<std::string> encode_job_request(const milvus_backup::CreateRequest& request);
std::optional<std::string> encode_job_request(const milvus_backup::RestoreRequest& request);
std::optional<std::string> encode_job_request(const milvus_backup::VerifyRequest& request);

// Members the text lacks keep their defaults, so requests kept by an older server still decode.
// Error(kCorrupt) naming what is wrong: not JSON, not an object, a member of the wrong type.
Result<milvus_backup::CreateRequest> decode_create_request(std::string_view json);
Result<milvus_backup::RestoreRequest> decode_restore_request(std::string_view json);
Result<milvus_backup::VerifyRequest> decode_verify_request(std::string_view json);

}  // namespace mb::api
