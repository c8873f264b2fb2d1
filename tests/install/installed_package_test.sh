#!/usr/bin/env bash
# Installs the build into a scratch prefix, builds examples/list_backups against the installed CMake
# package alone (no source tree on its include path), and runs it on a local backup root: proves the
# public headers and the exported targets are usable by another project.
# Usage: installed_package_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build_dir=$1
source_dir=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

cmake --install "$build_dir" --prefix "$scratch/prefix" >/dev/null
cp -r "$source_dir/examples/list_backups" "$scratch/consumer"
cmake -S "$scratch/consumer" -B "$scratch/consumer-build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$scratch/prefix" >/dev/null
cmake --build "$scratch/consumer-build" >/dev/null

root="$scratch/backups"
mkdir -p "$root/half_written/binlogs/insert_log"
echo data > "$root/half_written/binlogs/insert_log/1"
cat > "$scratch/backup.yaml" <<YAML
configVersion: v2
log: {level: warn, file: {path: ""}}
backup:
  storage: {provider: local, rootPath: "$root"}
YAML
output=$("$scratch/consumer-build/list_backups" "$scratch/backup.yaml")
expected=$(printf 'half_written\tincomplete\t0')
if [[ "$output" != "$expected" ]]; then
  echo "list_backups printed:"; echo "$output"; echo "expected:"; echo "$expected"
  exit 1
fi
if "$scratch/consumer-build/list_backups" "$scratch/missing.yaml" 2>/dev/null; then
  echo "a missing config file should fail"; exit 1
fi
echo "installed package OK"
