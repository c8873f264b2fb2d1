#!/usr/bin/env bash
# verify --read-data throughput against reading the same files with the plain tools, in the same run:
# `cat > /dev/null` of every file for a backup on local disk, `rclone cat` for one on S3 (SeaweedFS).
# Prints "case tool files bytes seconds MiB/s" lines and the ratio ours/baseline; progress on stderr.
#
#   bench/run_verify_bench.sh [--cases "local s3"] [--rows 360000] [--repeat 3] [--concurrency 16]
#                             [--build-dir DIR] [--work-dir DIR] [--keep-collection]
#
# The backup is made once per case by `milvus-backup create` of the benchmark collection
# (gen_collection.py, as run_backup_bench.sh makes it: 360,000 rows are ~1.1 GB of binlogs). Each
# run starts after `sync` and `echo 3 > /proc/sys/vm/drop_caches` when allowed (as root), so both
# tools read from the same cache state; without it both read from the page cache. Fairness: cat
# reads one file at a time (as `find -exec cat {} +`), rclone with --transfers = our concurrency.
# Needs Milvus A (scripts/testenv start milvus_a; . .testenv/env.sh) and, for s3, SeaweedFS.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/bench_common.sh
. "$REPO/bench/bench_common.sh"
WORK="${MB_BENCH_DIR:-/tmp/mb-verify-bench}"
CASES="local s3"
ROWS=360000
REPEAT=3
CONCURRENCY=16
parse_collection_bench_args "$@"
for var in MB_MILVUS_A_HOST MB_MILVUS_A_PORT MB_MILVUS_A_MGMT MB_MILVUS_A_STORAGE_PATH; do
  [ -n "${!var:-}" ] || die "$var is not set: scripts/testenv start milvus_a; . .testenv/env.sh"
done
if want_case s3; then require_s3_env; fi
mkdir -p "$WORK"
RESULTS="$WORK/results.tsv"
: > "$RESULTS"

milvus_args=(--host "$MB_MILVUS_A_HOST" --port "$MB_MILVUS_A_PORT")
make_bench_collection

write_config() {  # file backup-storage-yaml
  cat > "$1" <<YAML
configVersion: v2
log: {level: warn, file: {path: ""}}
milvus:
  grpc: {address: $MB_MILVUS_A_HOST, port: $MB_MILVUS_A_PORT}
  management: {endpoint: $MB_MILVUS_A_MGMT}
  storage: {provider: local, rootPath: $MB_MILVUS_A_STORAGE_PATH}
backup:
  storage: $2
transfer: {concurrency: $CONCURRENCY}
YAML
}
drop_caches() { sync; if [ -w /proc/sys/vm/drop_caches ]; then echo 3 > /proc/sys/vm/drop_caches; fi; }

# One timed run of a command; appends "case tool files bytes seconds".
measure() {  # case tool files bytes command...
  local case_id=$1 tool=$2 files=$3 bytes=$4 start end
  shift 4
  drop_caches
  start=$(date +%s.%N)
  "$@" > "$WORK/last.out" 2> "$WORK/last.err" || die "$tool in case $case_id failed: $(tail -5 "$WORK/last.err")"
  end=$(date +%s.%N)
  awk -v c="$case_id" -v t="$tool" -v f="$files" -v b="$bytes" -v s="$start" -v e="$end" \
    'BEGIN {printf "%s\t%s\t%s\t%s\t%.3f\t%.1f\n", c, t, f, b, e - s, b / 1048576 / (e - s)}' | tee -a "$RESULTS" >&2
}

bench_case() {  # case config list-files-command baseline-command-prefix...
  local case_id=$1 config=$2 name="bench_verify_$1"
  "$BINARY" --config "$config" delete -n "$name" >/dev/null 2>&1 || true
  log "$case_id: create $name"
  "$BINARY" --config "$config" create -n "$name" --filter "$COLLECTION" -q > /dev/null
  local report files bytes
  report=$("$BINARY" --config "$config" verify -n "$name" --read-data -q --output json)
  read -r files bytes < <("$PYTHON" -c 'import json,sys; b=json.load(sys.stdin)["backups"][0]; print(b["files_read"], b["bytes_read"])' <<< "$report")
  log "$case_id: $files files, $bytes bytes with a CRC32C to check"
  for _ in $(seq "$REPEAT"); do
    measure "$case_id" "verify --read-data" "$files" "$bytes" "$BINARY" --config "$config" verify -n "$name" --read-data -q
    measure "$case_id" "$3" "$files" "$bytes" bash -c "$4"
  done
  "$BINARY" --config "$config" delete -n "$name" >/dev/null
}

if want_case local; then
  root="$WORK/backups"
  write_config "$WORK/local.yaml" "{provider: local, rootPath: $root}"
  bench_case local "$WORK/local.yaml" "cat > /dev/null" \
    "find '$root/bench_verify_local/binlogs' -type f -exec cat {} + > /dev/null"
fi
if want_case s3; then
  s3_host=${MB_S3_ENDPOINT#http://}
  bucket="${MB_S3_BACKUP_BUCKET:-mb-backup}"
  write_config "$WORK/s3.yaml" "{provider: minio, address: ${s3_host%:*}, port: ${s3_host##*:}, useSSL: false,
    bucketName: $bucket, rootPath: bench-verify, region: ${MB_S3_REGION:-us-east-1},
    auth: {type: static, accessKeyID: $MB_S3_ACCESS_KEY, secretAccessKey: $MB_S3_SECRET_KEY}}"
  bench_case s3 "$WORK/s3.yaml" "rclone cat" \
    "rclone cat --transfers $CONCURRENCY 'mbbench:$bucket/bench-verify/bench_verify_s3/binlogs' > /dev/null"
fi

# Median seconds per tool and case, and the throughput ratio ours/baseline (goal >= 0.8).
"$PYTHON" - "$RESULTS" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    case, tool, files, size, seconds, _ = line.rstrip("\n").split("\t")
    runs.setdefault(case, {}).setdefault(tool, []).append(float(seconds))
    runs[case]["_bytes"] = int(size)
print("| case | tool | median s | MiB/s | ratio |")
print("|---|---|---|---|---|")
for case, tools in runs.items():
    size = tools.pop("_bytes")
    medians = {t: statistics.median(s) for t, s in tools.items()}
    ours = medians.pop("verify --read-data")
    (baseline, theirs), = medians.items()
    print(f"| {case} | verify --read-data | {ours:.2f} | {size / 1048576 / ours:.1f} | {theirs / ours:.2f}x |")
    print(f"| {case} | {baseline} | {theirs:.2f} | {size / 1048576 / theirs:.1f} | |")
PY
