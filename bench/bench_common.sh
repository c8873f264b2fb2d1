# Sourced by the benchmark scripts (run_copy_bench.sh, run_backup_bench.sh, run_verify_bench.sh):
# logging, the rclone remote "mbbench" on the test bed's S3, counting what is at a location, one
# timed run, and the arguments and benchmark collection the collection benchmarks share.
# The caller sets REPO before sourcing it, and WORK (its work dir) before using inventory or timed.

BUILD_DIR="${MB_BUILD_DIR:-$REPO/build}"
PYTHON="${PYTHON:-$REPO/.venv/bin/python}"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

[ -x /usr/bin/time ] || die "/usr/bin/time missing (apt-get install time)"

# rclone's remote "mbbench", configured only through the environment; no config file is read.
export RCLONE_CONFIG=/dev/null
export RCLONE_CONFIG_MBBENCH_TYPE=s3 RCLONE_CONFIG_MBBENCH_PROVIDER=Other RCLONE_CONFIG_MBBENCH_ENV_AUTH=false
export RCLONE_CONFIG_MBBENCH_ENDPOINT="${MB_S3_ENDPOINT:-}" RCLONE_CONFIG_MBBENCH_REGION="${MB_S3_REGION:-us-east-1}"
export RCLONE_CONFIG_MBBENCH_ACCESS_KEY_ID="${MB_S3_ACCESS_KEY:-}" RCLONE_CONFIG_MBBENCH_SECRET_ACCESS_KEY="${MB_S3_SECRET_KEY:-}"
# rclone 1.60's AWS SDK refuses to start when AWS_CA_BUNDLE is set ("unsupported transport");
# the bench endpoints are plain http, where no CA bundle is used anyway.
unset AWS_CA_BUNDLE

require_s3_env() {
  local var
  for var in MB_S3_ENDPOINT MB_S3_ACCESS_KEY MB_S3_SECRET_KEY; do
    [ -n "${!var:-}" ] || die "$var is not set: start S3 (scripts/testenv start seaweedfs; . .testenv/env.sh) or leave out the S3 cases"
  done
  command -v rclone >/dev/null || die "rclone missing (apt-get install rclone)"
}

# "count bytes" of what is at one or more locations (local directories or s3://bucket/prefix).
inventory() {
  local location count bytes total_count=0 total_bytes=0
  for location in "$@"; do
    if [[ "$location" == s3://* ]]; then
      read -r count bytes < <({ rclone size --json "mbbench:${location#s3://}" 2>/dev/null || echo '{"count": 0, "bytes": 0}'; } |
        "$PYTHON" -c 'import json,sys; d=json.load(sys.stdin); print(d["count"], d["bytes"])')
    elif [ -d "$location" ]; then
      read -r count bytes < <(find "$location" -type f -printf '%s\n' | awk '{n++; b+=$1} END {printf "%d %.0f\n", n, b}')
    else
      count=0 bytes=0
    fi
    total_count=$((total_count + count)) total_bytes=$((total_bytes + bytes))
  done
  echo "$total_count $total_bytes"
}

# Runs a command after `sync` (so an earlier run's write-back is not timed here), with its stdout
# and stderr in $WORK/last.out and $WORK/last.err. Wall time from date +%s.%N around the process,
# peak RSS from /usr/bin/time, the same way for every tool. Prints "<seconds> <peak RSS KiB>";
# a failing command stops the benchmark.
timed() {  # what command...
  local what=$1 start end
  shift
  sync
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$WORK/rss" "$@" > "$WORK/last.out" 2> "$WORK/last.err" ||
    die "$what failed: $(tail -5 "$WORK/last.err")"
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v rss="$(tail -1 "$WORK/rss")" 'BEGIN {printf "%.3f %s\n", e - s, rss}'
}

# The arguments of the benchmarks on the collection mb_bench_backup (run_backup_bench.sh and
# run_verify_bench.sh), each of which sets CASES, ROWS, REPEAT, CONCURRENCY and WORK to its
# defaults before calling this; then BINARY, COLLECTION, KEEP_COLLECTION and want_case are set.
parse_collection_bench_args() {
  KEEP_COLLECTION=0
  COLLECTION=mb_bench_backup
  while [ $# -gt 0 ]; do
    case "$1" in
      --cases) CASES="$2"; shift ;;
      --rows) ROWS="$2"; shift ;;
      --repeat) REPEAT="$2"; shift ;;
      --concurrency) CONCURRENCY="$2"; shift ;;
      --build-dir) BUILD_DIR="$2"; shift ;;
      --work-dir) WORK="$2"; shift ;;
      --keep-collection) KEEP_COLLECTION=1 ;;
      -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
      *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
  done
  BINARY="$BUILD_DIR/milvus-backup"
  [ -x "$BINARY" ] || die "$BINARY missing: build it (ninja -C $BUILD_DIR milvus-backup)"
  [ -x "$PYTHON" ] || die "$PYTHON missing: run scripts/setup or set PYTHON"
}
want_case() { [[ " $CASES " == *" $1 "* ]]; }

# Makes the benchmark collection (gen_collection.py) unless it is there, sets COLLECTION_ID, and
# drops the collection when the script exits unless --keep-collection. Runs in the caller's shell
# (not in $(...)), so that the trap is the script's.
make_bench_collection() {
  log "collection $COLLECTION: $ROWS rows (made now unless it is there; ~3.1 KB per row, minutes per GB)"
  "$PYTHON" -W ignore "$REPO/bench/gen_collection.py" create "$COLLECTION" "${milvus_args[@]}" --rows "$ROWS" \
    > "$WORK/collection.json"
  COLLECTION_ID=$("$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["collection_id"])' < "$WORK/collection.json")
  if [ "$KEEP_COLLECTION" = 0 ]; then trap 'drop_collection "$COLLECTION"' EXIT; fi
}
drop_collection() { "$PYTHON" -W ignore "$REPO/bench/gen_collection.py" drop "$1" "${milvus_args[@]}"; }
