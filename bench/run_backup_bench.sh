#!/usr/bin/env bash
# Backup and restore benchmark on a real collection in the test bed's Milvus A (local storage):
# `milvus-backup create` against a plain copy of the same binlog files, and `milvus-backup restore`
# against the time Milvus itself spends importing. Prints Markdown tables (results_table.py) to
# stdout; progress goes to stderr.
#
#   bench/run_backup_bench.sh [--cases "local s3 restore"] [--rows 360000] [--repeat 3]
#                             [--concurrency 16] [--build-dir DIR] [--work-dir DIR] [--keep-collection]
#
# Cases:
#   local    create, backup root on local disk     ours vs cp -r of the collection's segment dirs
#                                                   (insert_log/ and delta_log/) in Milvus's storage
#   s3       create, backup root on S3 (SeaweedFS; every byte streamed from Milvus's local storage)
#                                                   ours vs rclone copy of the same dirs
#   restore  restore of one local backup into the same Milvus under a suffix (_r1, _r2, ...), each
#            restored collection's row count checked, then dropped. Milvus's own part is the span
#            from the first import task's creation to the last one's completion in Milvus's log
#            (milvus_import_span.py); the overhead ratio is our wall time over that span.
#
# The collection mb_bench_backup (INT64 key + FLOAT_VECTOR dim 768, no index; ~3.1 KB of binlogs
# per row, so 360,000 rows are ~1.1 GB) is made by gen_collection.py unless it is already there,
# and dropped at the end unless --keep-collection. Needs Milvus A (MB_MILVUS_A_*, MB_TESTENV_DIR for
# its log: scripts/testenv start milvus_a; . .testenv/env.sh) and, for s3, SeaweedFS (MB_S3_*).
#
# Fairness: rclone gets --transfers and --checkers equal to our transfer.concurrency (--concurrency);
# cp -r is one process copying one file at a time. Runs of ours and the baseline alternate in
# order, each after `sync` and into an empty destination; every copy is counted (files, bytes)
# against the source outside the timing, and a wrong count stops the benchmark. Backups are deleted
# between runs. Wall time and peak RSS are taken the same way for every tool (bench_common.sh).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/bench_common.sh
. "$REPO/bench/bench_common.sh"
WORK="${MB_BENCH_DIR:-/tmp/mb-backup-bench}"
CASES="local s3 restore"
ROWS=360000
REPEAT=3
CONCURRENCY=16
parse_collection_bench_args "$@"
for var in MB_MILVUS_A_HOST MB_MILVUS_A_PORT MB_MILVUS_A_MGMT MB_MILVUS_A_STORAGE_PATH MB_TESTENV_DIR; do
  [ -n "${!var:-}" ] || die "$var is not set: scripts/testenv start milvus_a; . .testenv/env.sh"
done
MILVUS_LOG="$MB_TESTENV_DIR/milvus_a/milvus_a.log"
if want_case s3; then require_s3_env; fi

RESULTS="$WORK/results.tsv"
mkdir -p "$WORK"
: > "$RESULTS"

# ---- the collection and the configs -------------------------------------------------------------

milvus_args=(--host "$MB_MILVUS_A_HOST" --port "$MB_MILVUS_A_PORT")
make_bench_collection

# The segment dirs, not the collection's: Milvus compacts the fresh collection's small segments
# for minutes, and a compacted segment's files stay on disk until its GC runs hours later.
log "waiting until Milvus's compaction has left the segments of $COLLECTION alone for a minute"
SEGMENTS=$("$PYTHON" -W ignore "$REPO/bench/gen_collection.py" segments "$COLLECTION" "${milvus_args[@]}")
SOURCE_DIRS=()
for segment in $SEGMENTS; do
  for kind in insert_log delta_log; do
    dir="$MB_MILVUS_A_STORAGE_PATH/$kind/$COLLECTION_ID/$segment"
    if [ -d "$dir" ]; then SOURCE_DIRS+=("$dir"); fi
  done
done
SOURCE=$(inventory "${SOURCE_DIRS[@]}")
log "collection id $COLLECTION_ID: $(wc -w <<< "$SEGMENTS") segments, $SOURCE (files bytes) of insert and delta logs"

LOCAL_ROOT="$WORK/backups"
S3_BUCKET="${MB_S3_BACKUP_BUCKET:-mb-backup}"
S3_ROOT=bench-backup

write_config() {  # file backup-storage-yaml
  cat > "$1" <<EOF
configVersion: v2
log: {level: info, file: {path: ""}}
milvus:
  grpc: {address: $MB_MILVUS_A_HOST, port: $MB_MILVUS_A_PORT}
  management: {endpoint: $MB_MILVUS_A_MGMT}
  storage: {provider: local, rootPath: $MB_MILVUS_A_STORAGE_PATH}
backup:
  storage: $2
transfer: {concurrency: $CONCURRENCY}
EOF
}
write_config "$WORK/local.yaml" "{provider: local, rootPath: $LOCAL_ROOT}"
if want_case s3; then
  s3_host=${MB_S3_ENDPOINT#http://}
  write_config "$WORK/s3.yaml" "{provider: minio, address: ${s3_host%:*}, port: ${s3_host##*:}, useSSL: false,
    bucketName: $S3_BUCKET, rootPath: $S3_ROOT, region: ${MB_S3_REGION:-us-east-1},
    auth: {type: static, accessKeyID: $MB_S3_ACCESS_KEY, secretAccessKey: $MB_S3_SECRET_KEY}}"
fi

# ---- backup: ours against the plain copy --------------------------------------------------------

# Runs one copy, checks that `copied` holds exactly the source's files and bytes, appends a "run"
# line to RESULTS, then `cleanup` removes the copy (not timed).
measure() {  # case tool copied cleanup command...
  local case_id=$1 tool=$2 copied=$3 cleanup=$4
  shift 4
  local timing seconds rss got files bytes
  timing=$(timed "$tool in case $case_id" "$@")
  read -r seconds rss <<< "$timing"
  got=$(inventory "$copied")
  [ "$got" = "$SOURCE" ] ||
    die "$tool in case $case_id copied \"$got\" (files bytes), the source has \"$SOURCE\" (did Milvus compact it meanwhile?)"
  read -r files bytes <<< "$SOURCE"
  printf 'run\t%s\t%s\t%s\t%s\t%s\t%s\n' "$case_id" "$tool" "$files" "$bytes" "$seconds" "$rss" >> "$RESULTS"
  log "$case_id $tool: $got (files bytes) in ${seconds}s, peak RSS $rss KiB"
  eval "$cleanup"
}

backup_case() {  # case title config backups-location baseline-tool baseline-destination baseline-command...
  local case_id=$1 title=$2 config=$3 backups=$4 baseline_tool=$5 baseline_destination=$6
  shift 6
  printf 'case\t%s\t%s\t-\t%s\n' "$case_id" "$title" "$baseline_tool" >> "$RESULTS"
  local r backup_name ours_run baseline_run
  for ((r = 1; r <= REPEAT; r++)); do
    backup_name="bench_${case_id//-/_}_$r"
    ours_run=(measure "$case_id" ours "$backups/$backup_name/binlogs"
              "\"$BINARY\" --config \"$config\" delete -n $backup_name > /dev/null 2>&1"
              "$BINARY" --config "$config" create -n "$backup_name" --filter "$COLLECTION")
    baseline_run=(measure "$case_id" "$baseline_tool" "$baseline_destination"
                  "remove_location \"$baseline_destination\"" "$@")
    if ((r % 2)); then "${ours_run[@]}"; "${baseline_run[@]}"; else "${baseline_run[@]}"; "${ours_run[@]}"; fi
  done
}

remove_location() {
  if [[ "$1" == s3://* ]]; then rclone purge --fast-list "mbbench:${1#s3://}" 2>/dev/null || true; else rm -rf "$1"; fi
}

BYTES_TITLE="$(awk -v b="${SOURCE#* }" 'BEGIN {printf "%.2f GiB", b / 2^30}') in ${SOURCE%% *} files"
if want_case local; then
  CP_DST="$WORK/cp-dst"
  remove_location "$LOCAL_ROOT"
  remove_location "$CP_DST"
  # cp -r SRC... DST: DST must exist; `inventory` counts what lands in it.
  backup_case local "create local->local, $BYTES_TITLE" "$WORK/local.yaml" "$LOCAL_ROOT" "cp -r" "$CP_DST" \
    bash -c 'mkdir -p "$0" && cp -r "$@" "$0"' "$CP_DST" "${SOURCE_DIRS[@]}"
fi
if want_case s3; then
  RCLONE_DST="s3://$S3_BUCKET/bench-rclone"
  remove_location "s3://$S3_BUCKET/$S3_ROOT"
  remove_location "$RCLONE_DST"
  includes=()
  for dir in "${SOURCE_DIRS[@]}"; do includes+=(--include "/${dir#"$MB_MILVUS_A_STORAGE_PATH"/}/**"); done
  backup_case s3 "create local->S3, $BYTES_TITLE" "$WORK/s3.yaml" "s3://$S3_BUCKET/$S3_ROOT" rclone "$RCLONE_DST" \
    rclone copy "$MB_MILVUS_A_STORAGE_PATH" "mbbench:${RCLONE_DST#s3://}" "${includes[@]}" \
    --transfers "$CONCURRENCY" --checkers "$CONCURRENCY"
fi

# ---- restore: ours against Milvus's own import time ---------------------------------------------

if want_case restore; then
  source_backup=bench_restore_source
  "$BINARY" --config "$WORK/local.yaml" delete -n "$source_backup" > /dev/null 2>&1 || true
  log "restore: backing up $COLLECTION as $source_backup"
  timed "create $source_backup" "$BINARY" --config "$WORK/local.yaml" create -n "$source_backup" --filter "$COLLECTION" > /dev/null
  for ((r = 1; r <= REPEAT; r++)); do
    restored="${COLLECTION}_r$r"
    drop_collection "$restored"
    timing=$(timed "restore $r" "$BINARY" --config "$WORK/local.yaml" restore -n "$source_backup" -s "_r$r")
    read -r seconds rss <<< "$timing"
    span=$("$PYTHON" "$REPO/bench/milvus_import_span.py" "$MILVUS_LOG" "$WORK/last.err")
    read -r milvus_seconds tasks <<< "$span"
    rows=$("$PYTHON" -W ignore "$REPO/bench/gen_collection.py" count "$restored" "${milvus_args[@]}")
    [ "$rows" = "$ROWS" ] || die "restore $r: $restored has $rows rows, the backup $ROWS"
    printf 'restore\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "${SOURCE#* }" "$seconds" "$milvus_seconds" "$tasks" "$rss" >> "$RESULTS"
    log "restore $r: ${seconds}s (Milvus importing ${milvus_seconds}s in $tasks task(s)), peak RSS $rss KiB"
    drop_collection "$restored"
  done
  "$BINARY" --config "$WORK/local.yaml" delete -n "$source_backup" > /dev/null
fi

"$PYTHON" "$REPO/bench/results_table.py" "$RESULTS"
