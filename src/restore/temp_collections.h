// The temporary collections restores build under <target>_mbtmp_<id> and rename into place once
// checked (restore_journal.h): a restore killed before its rename leaves one in Milvus. Its own
// rerun removes it; `gc` finds the ones nobody will rerun.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "milvus/milvus_client.h"
#include "util/error.h"

namespace mb::restore {

struct TempCollection {
  std::string db{};
  std::string name{};
  std::string restore_id{};   // "r" and the 16 hex digits at the end of the name
  int64_t created_unix = 0;   // 0 when Milvus does not say
};

// Every collection of every database whose name is a restore's temporary name, and nothing else.
Result<std::vector<TempCollection>> list_temp_collections(milvus::MilvusClient& client);

}  // namespace mb::restore
