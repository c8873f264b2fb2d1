// Backups whose meta lists directories as binlogs, as the Go tool v0.4.30 wrote them on local
// storage: it globbed "<segment dir>/<field id>*" per field and recorded what matched, so each
// `log_path` ends at a field id (insert_log/C/P/S/F), `log_size` is the directory's 4096, and
// field 1's entry also names the directories of fields 100-110. Go's own restore never reads those
// entries: Milvus imports whole segment-group directories, so the files themselves are what counts.
//
// We restore them as Milvus's import sees them: the directory layout is trusted. Each segment
// with a directory entry gets its insert binlogs rebuilt from a listing of the backup under
//   binlogs/insert_log/C/P/G/S/<field id>/<log id>
// (one FieldBinlog per field directory found, real log ids and sizes), after checking that every
// directory the meta names holds at least one file. Everything after (the stager's per-file
// check, sizes, progress) then sees an ordinary backup.
#pragma once

#include <string>

#include "meta/backup_model.h"
#include "storage/object_store.h"
#include "util/error.h"

namespace mb::restore {

// Whether `binlog` names a field directory ("<root>/insert_log/C/P/S/F") instead of a file.
bool is_directory_binlog(const meta::Binlog& binlog);

// Whether some segment of `collection` lists a directory as an insert binlog.
bool has_directory_binlogs(const meta::CollectionBackupInfo& collection);

// Rebuilds the insert binlogs of every segment that lists directories, from one listing of the
// collection's insert logs in the backup (`backup_dir` = "<root>/<name>/"). Error(kNotFound)
// naming the directory when one the meta names holds no file, Error(kCorrupt) for a file under
// a segment that is not <field id>/<log id>. Leaves other segments as they are.
Status expand_directory_binlogs(storage::ObjectStore& backup_store, const std::string& backup_dir,
                                meta::CollectionBackupInfo& collection);

}  // namespace mb::restore
