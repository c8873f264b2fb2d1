#!/usr/bin/env bash
# Copy benchmark: the copy engine (bench/copy_bench) against a plain copy of the same files, both
# measured in this run: cp -r for local->local, rclone copy for S3->S3 and local->S3. Prints a
# Markdown table (bench/results_table.py) to stdout; progress goes to stderr.
#
#   bench/run_copy_bench.sh [--quick] [--cases "local s3 ..."] [--concurrency 16] [--buffer-mib 4]
#                           [--repeat 3] [--build-dir DIR] [--work-dir DIR]
#
# Cases (default: all; --quick: the same at ~1/50 of the sizes, one run each):
#   local       2 GiB in 20,000 files, local->local            ours vs cp -r
#   s3          same files, S3->S3 between two buckets         ours vs rclone copy (both server-side)
#   s3-stream   S3->S3 with every byte through the client      ours --streaming vs rclone --disable Copy
#   local-s3    same files, local->S3                          ours vs rclone copy
#   small       20,000 files of 1 KiB: local->local, S3->S3, local->S3 (also one by one:
#               small-local, small-s3, small-local-s3)
#   rss         1, 5, 10 GiB (files of the same size as above, so the count grows), local->S3
#   rss-large   10 GiB in 160 files of 64 MiB, local->S3: objects above the S3 part size (multipart)
#
# S3 cases need MB_S3_ENDPOINT, MB_S3_ACCESS_KEY, MB_S3_SECRET_KEY (MB_S3_REGION optional), e.g.
# `scripts/testenv start seaweedfs && . .testenv/env.sh`. They use buckets mb-bench-src and
# mb-bench-dst; mb-bench-dst is deleted and re-created before every run.
#
# Fairness: rclone gets --transfers and --checkers equal to our --concurrency; cp -r is one
# process copying one file at a time, which is what the baseline is. Each run starts with an empty
# destination and after `sync`, so one run's write-back does not land in the next. Runs of ours
# and of the baseline alternate in order. Wall time is taken around the process (date +%s.%N),
# peak RSS from /usr/bin/time (%M), the same way for both. Every copy is checked (file count and
# bytes at the destination) outside the timing; a wrong copy stops the benchmark.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/bench_common.sh
. "$REPO/bench/bench_common.sh"
WORK="${MB_BENCH_DIR:-/tmp/mb-copy-bench}"
CASES="local s3 s3-stream local-s3 small rss rss-large"
CONCURRENCY=16
BUFFER_MIB=4
REPEAT=3
QUICK=0

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --cases) CASES="$2"; shift ;;
    --concurrency) CONCURRENCY="$2"; shift ;;
    --buffer-mib) BUFFER_MIB="$2"; shift ;;
    --repeat) REPEAT="$2"; shift ;;
    --build-dir) BUILD_DIR="$2"; shift ;;
    --work-dir) WORK="$2"; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

# 2 GiB / 20,000 files: the target's file size, also used for the RSS series so that more data
# means more files, as in a larger collection.
BINLOG_SIZE=107374
if [ "$QUICK" = 1 ]; then
  MAIN_FILES=400 SMALL_FILES=400 RSS_GIB_FILES="1:200 5:1000 10:2000" LARGE_FILES=8 LARGE_SIZE=$((16 << 20))
  REPEAT=1
else
  MAIN_FILES=20000 SMALL_FILES=20000 RSS_GIB_FILES="1:10000 5:50000 10:100000" LARGE_FILES=160 LARGE_SIZE=$((64 << 20))
fi

COPY_BENCH="$BUILD_DIR/bench/copy_bench"
[ -x "$COPY_BENCH" ] || die "$COPY_BENCH missing: build it (ninja -C $BUILD_DIR copy_bench)"
[ -x "$PYTHON" ] || die "$PYTHON missing: run scripts/setup or set PYTHON"
command -v rclone >/dev/null || die "rclone missing (apt-get install rclone)"

needs_s3() {
  local c
  for c in $CASES; do [[ "$c" == local || "$c" == small-local ]] || return 0; done
  return 1
}
if needs_s3; then require_s3_env; fi
RCLONE_PARALLEL=(--transfers "$CONCURRENCY" --checkers "$CONCURRENCY")

SRC_BUCKET=mb-bench-src
DST_BUCKET=mb-bench-dst
RESULTS="$WORK/results.tsv"
mkdir -p "$WORK"
: > "$RESULTS"

# ---- data sets ----------------------------------------------------------------------------------

# Generates `files` x `size` binlogs at a location unless exactly that is already there (same seed).
ensure_dataset() {  # location files size
  local location=$1 files=$2 size=$3
  [ "$(inventory "$location")" = "$files $((files * size))" ] && return 0
  log "generating $files files of $size bytes in $location"
  remove_location "$location"
  "$PYTHON" "$REPO/bench/gen_binlogs.py" "$location" --files "$files" --size "$size" --seed 1
}

remove_location() {
  if [[ "$1" == s3://* ]]; then
    rclone purge --fast-list --checkers 32 "mbbench:${1#s3://}" 2>/dev/null || true
  else
    rm -rf "$1"
  fi
}

# An empty destination bucket whose volumes already exist: SeaweedFS grows a new bucket's volumes
# on its first write, which takes seconds and would otherwise be timed.
fresh_destination() {
  if [[ "$1" == s3://* ]]; then
    rclone purge --fast-list --checkers 32 "mbbench:$DST_BUCKET" 2>/dev/null || true
    rclone mkdir "mbbench:$DST_BUCKET"
    echo warm | rclone rcat "mbbench:$DST_BUCKET/.warm"
    rclone deletefile "mbbench:$DST_BUCKET/.warm"
  else
    rm -rf "$1"
  fi
  sync
}

# ---- one measured run ---------------------------------------------------------------------------

# Runs a command with an empty destination, checks the copy, appends a "run" line to RESULTS.
measure() {  # case tool source destination command...
  local case_id=$1 tool=$2 source=$3 destination=$4
  shift 4
  fresh_destination "$destination"
  local timing seconds rss
  timing=$(timed "$tool in case $case_id" "$@")
  read -r seconds rss <<< "$timing"
  local want got
  want=$(inventory "$source")
  got=$(inventory "$destination")
  [ "$want" = "$got" ] || die "$tool in case $case_id copied \"$got\" (files bytes), the source has \"$want\""
  local files bytes
  read -r files bytes <<< "$want"
  printf 'run\t%s\t%s\t%s\t%s\t%s\t%s\n' "$case_id" "$tool" "$files" "$bytes" "$seconds" "$rss" >> "$RESULTS"
  [ "$tool" = ours ] && cp "$WORK/last.out" "$WORK/$case_id.ours.json"
  log "$case_id $tool: $want (files bytes) in ${seconds}s, peak RSS $rss KiB"
}

ours() {  # source destination [extra copy_bench flags]
  local from=$1 to=$2
  shift 2
  echo "$COPY_BENCH" --from "$from" --to "$to" --concurrency "$CONCURRENCY" --buffer-mib "$BUFFER_MIB" "$@"
}

baseline() {  # source destination [extra rclone flags]
  local from=$1 to=$2
  shift 2
  [[ "$from" == s3://* ]] && from="mbbench:${from#s3://}"
  if [[ "$to" == s3://* ]]; then
    echo rclone copy "$from" "mbbench:${to#s3://}" "${RCLONE_PARALLEL[@]}" "$@"
  else
    echo cp -r "$from" "$to"
  fi
}

# Declares a case, then runs ours and the baseline REPEAT times each, alternating which goes first.
run_case() {  # case title target source destination ours-extra baseline-extra
  local case_id=$1 title=$2 target=$3 source=$4 destination=$5 ours_extra=$6 baseline_extra=$7
  local baseline_tool=rclone
  [[ "$destination" == s3://* ]] || baseline_tool="cp -r"
  printf 'case\t%s\t%s\t%s\t%s\n' "$case_id" "$title" "$target" "$baseline_tool" >> "$RESULTS"
  local r
  for ((r = 1; r <= REPEAT; r++)); do
    # shellcheck disable=SC2046  # the command lines are split into words on purpose
    if ((r % 2)); then
      measure "$case_id" ours "$source" "$destination" $(ours "$source" "$destination" $ours_extra)
      measure "$case_id" "$baseline_tool" "$source" "$destination" $(baseline "$source" "$destination" $baseline_extra)
    else
      measure "$case_id" "$baseline_tool" "$source" "$destination" $(baseline "$source" "$destination" $baseline_extra)
      measure "$case_id" ours "$source" "$destination" $(ours "$source" "$destination" $ours_extra)
    fi
  done
  fresh_destination "$destination"
}

# ---- the cases ----------------------------------------------------------------------------------

MAIN_LOCAL="$WORK/src-main"
SMALL_LOCAL="$WORK/src-small"
LOCAL_DST="$WORK/dst"
MAIN_S3="s3://$SRC_BUCKET/main"
SMALL_S3="s3://$SRC_BUCKET/small"
S3_DST="s3://$DST_BUCKET/copy"
MAIN_TITLE="$MAIN_FILES x $BINLOG_SIZE B"
SMALL_TITLE="$SMALL_FILES x 1 KiB"

want_case() { [[ " $CASES " == *" $1 "* ]]; }

log "cases: $CASES; concurrency $CONCURRENCY, buffer $BUFFER_MIB MiB, $REPEAT run(s) each; work dir $WORK"
if want_case local || want_case local-s3; then ensure_dataset "$MAIN_LOCAL" "$MAIN_FILES" "$BINLOG_SIZE"; fi
if want_case s3 || want_case s3-stream; then ensure_dataset "$MAIN_S3" "$MAIN_FILES" "$BINLOG_SIZE"; fi

if want_case local; then
  run_case local "local->local, $MAIN_TITLE" throughput:0.9 "$MAIN_LOCAL" "$LOCAL_DST" "" ""
fi
if want_case s3; then
  run_case s3 "S3->S3 server-side, $MAIN_TITLE" throughput:0.9 "$MAIN_S3" "$S3_DST" "" ""
fi
if want_case s3-stream; then
  run_case s3-stream "S3->S3 streamed, $MAIN_TITLE" - "$MAIN_S3" "$S3_DST" --streaming "--disable Copy"
fi
if want_case local-s3; then
  run_case local-s3 "local->S3, $MAIN_TITLE" - "$MAIN_LOCAL" "$S3_DST" "" ""
fi
if want_case small || want_case small-local; then
  ensure_dataset "$SMALL_LOCAL" "$SMALL_FILES" 1024
  run_case small-local "local->local, $SMALL_TITLE" objects:1.0 "$SMALL_LOCAL" "$LOCAL_DST" "" ""
fi
if want_case small || want_case small-s3; then
  ensure_dataset "$SMALL_S3" "$SMALL_FILES" 1024
  run_case small-s3 "S3->S3 server-side, $SMALL_TITLE" objects:1.0 "$SMALL_S3" "$S3_DST" "" ""
fi
if want_case small || want_case small-local-s3; then
  ensure_dataset "$SMALL_LOCAL" "$SMALL_FILES" 1024
  run_case small-local-s3 "local->S3, $SMALL_TITLE" objects:1.0 "$SMALL_LOCAL" "$S3_DST" "" ""
fi
if want_case rss; then
  # One run each (REPEAT=1 for the call only): at 10 GiB a run takes minutes, and peak RSS is not
  # what noise moves.
  for pair in $RSS_GIB_FILES; do
    gib=${pair%%:*} files=${pair##*:}
    source="$WORK/src-rss-$gib"
    ensure_dataset "$source" "$files" "$BINLOG_SIZE"
    REPEAT=1 run_case "rss-${gib}g" "local->S3, $files x $BINLOG_SIZE B (~$gib GiB$([ "$QUICK" = 1 ] && echo ' quick: scaled down'))" rss:128 \
      "$source" "$S3_DST" "" ""
    rm -rf "$source"  # the next, larger set needs the disk more
  done
fi
if want_case rss-large; then
  source="$WORK/src-large"
  ensure_dataset "$source" "$LARGE_FILES" "$LARGE_SIZE"
  REPEAT=1 run_case rss-large "local->S3, $LARGE_FILES x $((LARGE_SIZE >> 20)) MiB" rss:128 "$source" "$S3_DST" "" ""
  rm -rf "$source"
fi

"$PYTHON" "$REPO/bench/results_table.py" "$RESULTS"
