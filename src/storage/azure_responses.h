// The Azure Blob XML documents this tool reads and writes: <Error> bodies, List Blobs results and
// the Put Block List request, plus the block ids that name the blocks of one upload.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storage/object_store.h"

namespace mb::storage::azure {

struct ErrorBody {
  std::string code;     // e.g. "AuthenticationFailed", "BlobNotFound", "ContainerAlreadyExists"
  std::string message;  // the first line only (the rest repeats the request id and the time)
};
// nullopt when `body` is not an <Error> document (HEAD answers have none: x-ms-error-code says it).
std::optional<ErrorBody> parse_error(std::string_view body);

struct ListResult {
  std::vector<ObjectInfo> objects;
  std::vector<std::string> common_prefixes;  // <BlobPrefix> names, ending with the delimiter
  std::string next_marker;                   // empty on the last page
};
Result<ListResult> parse_list_blobs(std::string_view body);

// Block ids must be base64 and of one length for all blocks of a blob, committed or not: the
// upload's random tag plus the zero-padded block number, always 24 characters.
std::string block_id(std::string_view upload_tag, int block_number);
// An 8-character random tag, so blocks left behind by an abandoned upload never mix with ours.
std::string new_upload_tag();

// <BlockList><Latest>id</Latest>...</BlockList>, in the order of `block_ids`.
std::string block_list_body(std::span<const std::string> block_ids);

}  // namespace mb::storage::azure
