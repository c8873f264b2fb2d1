#include "storage/azure_writer.h"

namespace mb::storage::azure {

Writer::Writer(std::shared_ptr<Client> client, std::string key, PartPlan plan)
    : PartUploadWriter(std::move(key), plan), client_(std::move(client)) {}

Writer::~Writer() { abort(); }

Status Writer::put_whole(std::string_view data) {
  if (auto put = client_->put_blob(key_, data); !put) return failed(std::move(put).error());
  return {};
}

Status Writer::put_part(int part_number, std::string_view part) {
  std::string id = block_id(upload_tag_, part_number);
  if (auto put = client_->put_block(key_, id, part); !put) return failed(std::move(put).error());
  block_ids_.push_back(std::move(id));
  return {};
}

Status Writer::complete_parts() {
  if (auto committed = client_->put_block_list(key_, block_ids_); !committed) {
    Error error = std::move(committed).error();
    // The service no longer has the blocks staged (Azurite after a crash; Azure drops uncommitted
    // blocks after a week).
    if (error.get("azure_code") == "InvalidBlockList") {
      error = upload_lost(std::move(error), "the staged blocks are gone", "block_list_http_status");
    }
    return failed(std::move(error));
  }
  return {};
}

void Writer::abort() noexcept {
  finished_ = true;
  release_buffer();
}

}  // namespace mb::storage::azure
