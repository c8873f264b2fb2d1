"""Shared by the crash-safety modules (test_crash_safety.py, test_store_outage.py): the data, the
binary run in the background and SIGKILLed, and what a run leaves behind."""
from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import time
from pathlib import Path

from pymilvus import Collection, CollectionSchema, DataType, FieldSchema, utility

from cli_helpers import BINARY, env

DIM = 64
ROWS = 6000  # one flushed segment of ~1.7 MB of vectors: a few seconds of copying at 1 MiB/s
TEMP_MARKER = "_mbtmp_"


def make_collection(alias: str, name: str, rows: int = ROWS) -> Collection:
    """One partition, one shard, one insert and no deletes: one segment that no compaction touches
    between the runs a test compares."""
    schema = CollectionSchema([FieldSchema("id", DataType.INT64, is_primary=True),
                               FieldSchema("s", DataType.VARCHAR, max_length=32),
                               FieldSchema("v", DataType.FLOAT_VECTOR, dim=DIM)])
    coll = Collection(name, schema, using=alias, shards_num=1)
    rng = random.Random(5)
    ids = list(range(rows))
    coll.insert([ids, [f"row-{i}" for i in ids], [[rng.random() for _ in range(DIM)] for _ in ids]])
    coll.flush()
    return coll


def start(config: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([str(BINARY), "--config", str(config), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def sigkill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)


def finish(proc: subprocess.Popen, timeout: float = 600) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def wait_for(predicate, timeout: float, what: str, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if proc is not None and proc.poll() is not None:
            out, err = proc.communicate()
            raise AssertionError(f"the run ended (exit {proc.returncode}) before {what}\n{out}\n{err}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def staged_dirs() -> list[str]:
    """restore-temp-* dirs in Milvus A's storage holding any file, a local writer's temp file
    (.mb-partial-*) included: a restore and gc remove those too."""
    root = Path(env("MB_MILVUS_A_STORAGE_PATH"))
    return sorted(p.name for p in root.iterdir() if p.name.startswith("restore-temp-") and
                  any(f.is_file() for f in p.rglob("*")))


def temp_collections(alias: str) -> list[str]:
    return [c for c in utility.list_collections(using=alias) if TEMP_MARKER in c]


def drop_temp_collections(alias: str) -> None:
    for name in temp_collections(alias):
        utility.drop_collection(name, using=alias)


def restored_ids(alias: str, name: str) -> list[int]:
    coll = Collection(name, using=alias)
    coll.create_index("v", {"index_type": "FLAT", "metric_type": "L2", "params": {}})
    coll.load()
    try:
        rows = coll.query("id >= 0", output_fields=["id", "s"], limit=16384)
        assert all(r["s"] == f"row-{r['id']}" for r in rows)
        return sorted(r["id"] for r in rows)
    finally:
        coll.release()


def manifest_files(backup_dir: Path) -> dict[str, tuple[int, int]]:
    doc = json.loads((backup_dir / "meta" / "milvus_backup_cpp.json").read_text())
    return {f["key"]: (f["size"], f["crc32c"]) for f in doc["files"]}


def resume_counts(stderr: str) -> tuple[int, int, int]:
    """(kept, planned, copied) from a resumed create's log."""
    kept = re.search(r"resume: kept (\d+) of (\d+) file\(s\)", stderr)
    copied = re.search(r"copied (\d+) file\(s\)", stderr)
    assert kept and copied, stderr
    return int(kept.group(1)), int(kept.group(2)), int(copied.group(1))
