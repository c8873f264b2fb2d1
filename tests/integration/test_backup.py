"""`create`, `list`, `get`, `delete` against the real Milvus 2.3 and storage of the test bed.

One module-wide data set, made with pymilvus: a collection with every scalar type Milvus 2.3 has,
JSON, an array, a float vector, the dynamic field, 3 partitions, deleted rows and an index; a
partition-key collection with a binary vector (2.3 allows one vector field per collection); a
collection in a second database; a bigger one that the fault tests break into. Backups of it go to local
storage and to S3 (SeaweedFS); the layout, every binlog's bytes and every meta field are checked
against what Milvus has. Failures are done for real: Milvus and the storage go away mid-backup
(through a proxy the test stops), the name is taken, the filter names what does not exist, the run
is interrupted, the backup's disk fills up; each must end with a clear error and no listed, half-written backup.

Every backup names its collections in --filter: other tests share this Milvus, and a backup of
"everything" would race with their collections coming and going.
"""
from __future__ import annotations

import hashlib
import json
import os
import pty
import threading
import random
import re
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from pymilvus import Collection, CollectionSchema, DataType, FieldSchema, db, utility

from backup_faults import ManagementServer, TcpProxy, size_limited_tmpfs
from cli_helpers import BINARY, env, local_storage, milvus_a_section, run_cli, s3_storage, write_config

SUFFIX = uuid.uuid4().hex[:8]
RICH = f"mb_rich_{SUFFIX}"
PKEY = f"mb_pkey_{SUFFIX}"
OTHER_DB = f"mb_db_{SUFFIX}"
OTHER = f"mb_other_{SUFFIX}"
BIG = f"mb_big_{SUFFIX}"  # ~10 MB of binlogs: at 1 MiB/s its copy lasts long enough to be broken into
BIG_ROWS, BIG_DIM = 20000, 128
ROWS_PER_PARTITION = 400
DELETED = [3, 5, 401, 802]  # rows of each of the three partitions
FV_DIM = 16
BV_DIM = 32


# ---- helpers -----------------------------------------------------------------------------

def _crc32c_table():
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ (0x82F63B78 if c & 1 else 0)
        table.append(c)
    return table


_CRC_TABLE = _crc32c_table()


def crc32c(data: bytes) -> int:
    c = 0xFFFFFFFF
    for byte in data:
        c = _CRC_TABLE[(c ^ byte) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def config(tmp_path, storage=None, milvus=None, **sections):
    """A config for Milvus A (or `milvus`) backing up to `storage` (default: tmp_path/backups).
    `sections` are merged into the top level; `backup_extra` into the backup section."""
    backup = {"storage": storage or local_storage(tmp_path / "backups")}
    backup.update(sections.pop("backup_extra", {}))
    return write_config(tmp_path / f"c_{uuid.uuid4().hex[:6]}.yaml", milvus or milvus_a_section(), backup["storage"],
                        {"backup": backup, **sections})


def create(cfg, backup_name, filter_, *extra, timeout=600):
    return run_cli(cfg, "create", "-n", backup_name, "--filter", filter_, *extra, timeout=timeout)


def assert_ok(proc):
    assert proc.returncode == 0, f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"


def has_files(path: Path) -> bool:
    return path.exists() and any(p.is_file() for p in path.rglob("*"))


def list_json(cfg):
    proc = run_cli(cfg, "list", "--output", "json")
    assert_ok(proc)
    return {entry["name"]: entry for entry in json.loads(proc.stdout)}


def listed_names(cfg):
    proc = run_cli(cfg, "list")
    assert_ok(proc)
    lines = proc.stdout.splitlines()
    assert lines[0] == ">> Backups:"
    return lines[1:]


class LocalBackup:
    """Reads a backup on local storage."""

    def __init__(self, root: Path, backup_name: str):
        self.dir = root / backup_name

    def meta(self, file: str):
        return json.loads((self.dir / "meta" / file).read_text())

    def read(self, relative_key: str) -> bytes:
        return (self.dir / relative_key).read_bytes()

    def files(self, under: str) -> set[str]:
        base = self.dir / under
        return {str(p.relative_to(self.dir)) for p in base.rglob("*") if p.is_file()} if base.exists() else set()


class S3Backup:
    """Reads a backup in an S3 bucket."""

    def __init__(self, client, bucket: str, root: str, backup_name: str):
        self.client, self.bucket, self.prefix = client, bucket, f"{root}/{backup_name}/"

    def meta(self, file: str):
        return json.loads(self.read(f"meta/{file}"))

    def read(self, relative_key: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=self.prefix + relative_key)["Body"].read()

    def files(self, under: str) -> set[str]:
        keys = set()
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix + under):
            keys |= {obj["Key"][len(self.prefix):] for obj in page.get("Contents", [])}
        return keys


def read_local_source(log_path: str) -> bytes:
    # The local store's keys are absolute paths without their leading '/'.
    return Path("/" + log_path).read_bytes()


def backup_key(segment, field_id, binlog, delta):
    c, p, s, g = segment["collection_id"], segment["partition_id"], segment["segment_id"], segment.get("group_id", 0)
    if delta:
        return f"binlogs/delta_log/{c}/{p}/{g}/{s}/{binlog['log_id']}"
    return f"binlogs/insert_log/{c}/{p}/{g}/{s}/{field_id}/{binlog['log_id']}"


def segments_of(collection):
    return [seg for part in collection["partition_backups"] for seg in part.get("segment_backups", [])]


def check_binlogs(backup, collection, read_source):
    """Every binlog of the meta is in the backup under the Go tool's key, byte for byte the Milvus
    file its log_path names, with log_size its size; nothing else is under the collection's dirs.
    Returns (files, bytes)."""
    expected = set()
    total = 0
    for seg in segments_of(collection):
        assert seg["group_id"] == seg["segment_id"]
        seg_bytes = 0
        counts = set()
        for field in seg["binlogs"]:
            counts.add(len(field["binlogs"]))
            for log in field["binlogs"]:
                key = backup_key(seg, field.get("fieldID", 0), log, delta=False)
                data = backup.read(key)
                assert data == read_source(log["log_path"]), key
                assert log["log_size"] == len(data)
                assert log["log_path"].endswith(f"/{field.get('fieldID', 0)}/{log['log_id']}")
                expected.add(key)
                seg_bytes += len(data)
        assert len(counts) == 1, f"segment {seg['segment_id']}: fields with different file counts {counts}"
        assert len(seg["deltalogs"]) == 1
        for log in seg["deltalogs"][0].get("binlogs", []):
            key = backup_key(seg, 0, log, delta=True)
            data = backup.read(key)
            assert data == read_source(log["log_path"]), key
            assert log["log_size"] == len(data)
            expected.add(key)
            seg_bytes += len(data)
        assert seg["size"] == seg_bytes
        total += seg_bytes
    cid = collection["collection_id"]
    present = backup.files(f"binlogs/insert_log/{cid}/") | backup.files(f"binlogs/delta_log/{cid}/")
    assert present == expected
    return expected, total


# ---- the data set --------------------------------------------------------------------------

def rich_rows(partition_index):
    rng = random.Random(partition_index)
    start = partition_index * ROWS_PER_PARTITION
    rows = []
    for pk in range(start, start + ROWS_PER_PARTITION):
        rows.append({
            "pk": pk, "b": pk % 2 == 0, "i8": pk % 100, "i16": pk % 30000, "i32": pk * 7, "i64": pk * 1000003,
            "f": pk / 3.0, "d": pk / 7.0, "s": f"row-{pk}", "j": {"n": pk, "tags": ["a", str(pk)]},
            "arr": [pk, pk + 1], "fv": [rng.random() for _ in range(FV_DIM)], "extra": f"dyn-{pk}",
        })
    return rows


@pytest.fixture(scope="module")
def dataset(_milvus_a_alias):
    alias = _milvus_a_alias
    fields = [
        FieldSchema("pk", DataType.INT64, is_primary=True, description="primary key"),
        FieldSchema("b", DataType.BOOL), FieldSchema("i8", DataType.INT8), FieldSchema("i16", DataType.INT16),
        FieldSchema("i32", DataType.INT32), FieldSchema("i64", DataType.INT64), FieldSchema("f", DataType.FLOAT),
        FieldSchema("d", DataType.DOUBLE), FieldSchema("s", DataType.VARCHAR, max_length=64),
        FieldSchema("j", DataType.JSON),
        FieldSchema("arr", DataType.ARRAY, element_type=DataType.INT64, max_capacity=4),
        FieldSchema("fv", DataType.FLOAT_VECTOR, dim=FV_DIM),
    ]
    rich = Collection(RICH, CollectionSchema(fields, description="every 2.3 type", enable_dynamic_field=True),
                      using=alias, shards_num=2, consistency_level="Bounded")
    rich.create_partition("p1")
    rich.create_partition("p2")
    for index, partition in enumerate(["_default", "p1", "p2"]):
        rich.insert(rich_rows(index), partition_name=partition)
    rich.flush()
    rich.delete(f"pk in {DELETED}")  # left for the backup's own flush to write as delta logs
    rich.create_index("fv", {"index_type": "IVF_FLAT", "metric_type": "L2", "params": {"nlist": 8}},
                      index_name="fv_idx")

    pkey_fields = [FieldSchema("id", DataType.INT64, is_primary=True, auto_id=True),
                   FieldSchema("tenant", DataType.VARCHAR, max_length=32, is_partition_key=True),
                   FieldSchema("bv", DataType.BINARY_VECTOR, dim=BV_DIM)]
    pkey = Collection(PKEY, CollectionSchema(pkey_fields), using=alias, num_partitions=4)
    rng = random.Random(3)
    pkey.insert([[f"tenant-{i % 5}" for i in range(300)],
                 [bytes(rng.getrandbits(8) for _ in range(BV_DIM // 8)) for _ in range(300)]])
    pkey.flush()

    big = Collection(BIG, CollectionSchema([FieldSchema("id", DataType.INT64, is_primary=True),
                                           FieldSchema("v", DataType.FLOAT_VECTOR, dim=BIG_DIM)]), using=alias)
    rng = random.Random(7)
    for start in range(0, BIG_ROWS, 5000):
        big.insert([list(range(start, start + 5000)), [[rng.random() for _ in range(BIG_DIM)] for _ in range(5000)]])
    big.flush()

    db.create_database(OTHER_DB, using=alias)
    db.using_database(OTHER_DB, using=alias)
    other = Collection(OTHER, CollectionSchema([FieldSchema("id", DataType.INT64, is_primary=True),
                                               FieldSchema("v", DataType.FLOAT_VECTOR, dim=4)]), using=alias)
    other.insert([list(range(50)), [[float(i)] * 4 for i in range(50)]])
    other.flush()
    other_described = other.describe()
    db.using_database("default", using=alias)

    yield {"rich": rich.describe(), "pkey": pkey.describe(), "other": other_described, "big": big.describe()}

    for coll in (RICH, PKEY, BIG):
        if utility.has_collection(coll, using=alias):
            utility.drop_collection(coll, using=alias)
    db.using_database(OTHER_DB, using=alias)
    if utility.has_collection(OTHER, using=alias):
        utility.drop_collection(OTHER, using=alias)
    db.using_database("default", using=alias)
    db.drop_database(OTHER_DB, using=alias)


DATASET_FILTER = f"{RICH},default.{PKEY},{OTHER_DB}.*"


# ---- backups that work ---------------------------------------------------------------------

def check_full_backup(backup, backup_name, dataset, read_source):
    full = backup.meta("full_meta.json")
    assert set(full) <= {"id", "state_code", "start_time", "end_time", "progress", "name", "collection_backups",
                         "size", "milvus_version", "database_backups"}, full.keys()
    uuid.UUID(full["id"])
    # v0.4's task fields, which its `get` reads: success, 100 %, unix milliseconds
    assert full["state_code"] == 2 and full["progress"] == 100
    assert 1.7e12 < full["start_time"] <= full["end_time"] <= time.time() * 1000
    assert full["name"] == backup_name
    assert full["milvus_version"].startswith("v2.3")
    assert sorted(d["db_name"] for d in full["database_backups"]) == sorted(["default", OTHER_DB])
    by_name = {c["collection_name"]: c for c in full["collection_backups"]}
    assert set(by_name) == {RICH, PKEY, OTHER}

    total = 0
    for key, coll_name, db_name in (("rich", RICH, "default"), ("pkey", PKEY, "default"), ("other", OTHER, OTHER_DB)):
        coll, described = by_name[coll_name], dataset[key]
        assert coll["id"] == full["id"]
        assert coll["collection_id"] == described["collection_id"]
        assert coll["db_name"] == db_name
        assert coll["shards_num"] == described["num_shards"]
        assert coll["load_state"] == "NotLoad"
        assert coll["backup_physical_timestamp"] > time.time() - 3600
        assert len(coll["virtual_channel_names"]) == described["num_shards"]
        assert coll["created_timestamp"] > 0
        assert "backup_timestamp" not in coll  # Milvus 2.3.5's FlushResponse carries no channel checkpoints
        schema = coll["schema"]
        assert schema["name"] == coll_name
        assert [f["name"] for f in schema["fields"]] == [f["name"] for f in described["fields"]]
        for field, want in zip(schema["fields"], described["fields"]):
            assert field["fieldID"] == want["field_id"]
            assert field["data_type"] == int(want["type"])
            assert field.get("is_primary_key", False) == want.get("is_primary", False)
            assert field.get("autoID", False) == want.get("auto_id", False)
            assert field.get("is_partition_key", False) == want.get("is_partition_key", False)
            params = {kv["key"]: kv["value"] for kv in field.get("type_params", [])}
            for param in ("dim", "max_length", "max_capacity"):
                if param in want.get("params", {}):
                    assert params[param] == str(want["params"][param]), (field["name"], param)
            if want["type"] == DataType.ARRAY:
                assert field["element_type"] == int(want["element_type"])
        assert schema.get("enable_dynamic_field", False) == described.get("enable_dynamic_field", False)
        files, coll_bytes = check_binlogs(backup, coll, read_source)
        assert coll["size"] == coll_bytes
        for partition in coll["partition_backups"]:
            assert partition["collection_id"] == coll["collection_id"]
            assert partition["size"] == sum(s["size"] for s in partition.get("segment_backups", []))
            assert partition["load_state"] == "NotLoad"
        total += coll_bytes

    rich = by_name[RICH]
    assert rich["consistency_level"] == 2  # Bounded
    assert rich["schema"]["description"] == "every 2.3 type"
    assert rich["schema"]["enable_dynamic_field"] is True
    assert sorted(p["partition_name"] for p in rich["partition_backups"]) == ["_default", "p1", "p2"]
    assert sum(s["num_of_rows"] for s in segments_of(rich)) == 3 * ROWS_PER_PARTITION
    assert any(s["deltalogs"][0].get("binlogs") for s in segments_of(rich)), "the deletes are in the backup"
    assert rich["has_index"] is True
    [index] = rich["index_infos"]
    assert index["field_name"] == "fv" and index["index_name"] == "fv_idx" and index["index_type"] == "IVF_FLAT"
    assert index["params"]["metric_type"] == "L2" and json.loads(index["params"]["params"]) == {"nlist": 8}
    assert index["index_id"] > 0
    schema_ids = {f["fieldID"] for f in rich["schema"]["fields"]}
    for seg in segments_of(rich):
        binlog_fields = {f.get("fieldID", 0) for f in seg["binlogs"]}
        assert schema_ids | {0, 1} <= binlog_fields  # RowID, Timestamp, every field (and $meta)

    pkey = by_name[PKEY]
    assert len(pkey["partition_backups"]) == 4
    assert sum(s["num_of_rows"] for s in segments_of(pkey)) == 300
    assert by_name[OTHER]["has_index"] is False
    assert full["size"] == total

    # The level files say the same, split as the Go tool splits them.
    assert backup.meta("backup_meta.json") == {k: full[k] for k in ("id", "state_code", "start_time", "end_time",
                                                                     "progress", "name", "size", "milvus_version")}
    collections = backup.meta("collection_meta.json")["infos"]
    assert [c["collection_name"] for c in collections] == [c["collection_name"] for c in full["collection_backups"]]
    assert all("segment_backups" not in p for c in collections for p in c["partition_backups"])
    partitions = backup.meta("partition_meta.json")["infos"]
    assert len(partitions) == sum(len(c["partition_backups"]) for c in full["collection_backups"])
    segments = backup.meta("segment_meta.json")["infos"]
    assert sorted(s["segment_id"] for s in segments) == sorted(
        s["segment_id"] for c in full["collection_backups"] for s in segments_of(c))

    # Ours: every binlog with size and CRC32C, nothing else.
    manifest = backup.meta("milvus_backup_cpp.json")
    assert manifest["format_version"] == 1 and manifest["tool_version"]
    assert manifest["start_time_unix_ms"] <= manifest["end_time_unix_ms"]
    all_binlogs = backup.files("binlogs/")
    assert {f["key"] for f in manifest["files"]} == all_binlogs
    for entry in manifest["files"]:
        data = backup.read(entry["key"])
        assert entry["size"] == len(data)
        assert int(entry["crc32c"], 16) == crc32c(data), entry["key"]
    return full


def test_backup_to_local_storage(tmp_path, dataset):
    cfg = config(tmp_path)
    backup_name = name("local")
    started = time.time()
    proc = create(cfg, backup_name, DATASET_FILTER)
    assert_ok(proc)
    assert proc.stdout.splitlines()[0] == "create backup success"
    assert proc.stdout.splitlines()[1].startswith("duration:") and proc.stdout.splitlines()[1].endswith(" s")
    assert "could not pause Milvus GC" in proc.stderr  # 2.3.5 has no GC routes: a warning, not a failure
    elapsed = time.time() - started

    backup = LocalBackup(tmp_path / "backups", backup_name)
    full = check_full_backup(backup, backup_name, dataset, read_local_source)
    print(f"local backup: {len(backup.files('binlogs/'))} files, {full['size']} bytes, {elapsed:.1f} s")

    # list, list --output json, get, get --detail.
    assert listed_names(cfg) == [backup_name]
    entry = list_json(cfg)[backup_name]
    assert entry["state"] == "complete" and entry["size"] == full["size"] and entry["id"] == full["id"]
    assert entry["milvus_version"] == full["milvus_version"] and entry["time"].endswith("Z")

    got = run_cli(cfg, "get", "-n", backup_name)
    assert_ok(got)
    assert got.stdout.startswith('{\n    "state_code": 2,\n    "progress": 100,\n    "name": ')
    brief = json.loads(got.stdout)
    assert list(brief) == ["state_code", "progress", "name", "collection_backups", "size", "milvus_version",
                           "database_backups", "meta_size"]
    assert brief["size"] == full["size"]
    assert brief["meta_size"] == sum(p.stat().st_size for p in (backup.dir / "meta").iterdir())
    assert all("partition_backups" not in c for c in brief["collection_backups"])
    assert [c["collection_name"] for c in brief["collection_backups"]] == [
        c["collection_name"] for c in full["collection_backups"]]
    detail = run_cli(cfg, "get", "-n", backup_name, "--detail")
    assert_ok(detail)
    assert json.loads(detail.stdout) == full

    deleted = run_cli(cfg, "delete", "-n", backup_name)
    assert_ok(deleted)
    assert deleted.stdout == "delete backup done\n"
    assert not backup.dir.exists()
    assert listed_names(cfg) == []


def test_backup_to_s3(tmp_path, dataset, s3):
    bucket = env("MB_S3_BACKUP_BUCKET")
    root = name("root")
    cfg = config(tmp_path, storage=s3_storage(bucket, root_path=root))
    backup_name = name("s3")
    started = time.time()
    assert_ok(create(cfg, backup_name, DATASET_FILTER))
    elapsed = time.time() - started
    backup = S3Backup(s3, bucket, root, backup_name)
    full = check_full_backup(backup, backup_name, dataset, read_local_source)
    print(f"S3 backup (streamed from local Milvus storage): {len(backup.files('binlogs/'))} files, "
          f"{full['size']} bytes, {elapsed:.1f} s")
    assert listed_names(cfg) == [backup_name]
    assert_ok(run_cli(cfg, "delete", "-n", backup_name))
    assert backup.files("") == set()


def test_backup_of_milvus_on_s3_copies_server_side(tmp_path, milvus_b, s3):
    coll_name = name("mb_b")
    coll = milvus_b.create_collection(coll_name, CollectionSchema([
        FieldSchema("id", DataType.INT64, is_primary=True), FieldSchema("v", DataType.FLOAT_VECTOR, dim=8)]))
    coll.insert([list(range(2000)), [[float(i % 13)] * 8 for i in range(2000)]])
    coll.delete("id in [1, 2]")
    milvus_b_section = {
        "grpc": {"address": env("MB_MILVUS_B_HOST"), "port": int(env("MB_MILVUS_B_PORT"))},
        "management": {"endpoint": env("MB_MILVUS_B_MGMT")},
        "storage": s3_storage(env("MB_MILVUS_B_BUCKET"), root_path=env("MB_MILVUS_B_ROOT_PATH")),
    }
    bucket, root = env("MB_S3_BACKUP_BUCKET"), name("root")
    cfg = config(tmp_path, storage=s3_storage(bucket, root_path=root), milvus=milvus_b_section)
    backup_name = name("b")
    proc = create(cfg, backup_name, coll_name)
    assert_ok(proc)
    copied = re.search(r"copied (\d+) file\(s\), \d+ bytes, in [\d.]+ s \((\d+) of them server-side\)", proc.stderr)
    assert copied and copied.group(1) == copied.group(2) != "0", proc.stderr  # same S3 endpoint: no byte via us

    backup = S3Backup(s3, bucket, root, backup_name)
    full = backup.meta("full_meta.json")
    [collection] = full["collection_backups"]
    source_bucket = env("MB_MILVUS_B_BUCKET")

    def read_source(log_path):
        assert log_path.startswith(env("MB_MILVUS_B_ROOT_PATH") + "/")  # the source key, root included
        return s3.get_object(Bucket=source_bucket, Key=log_path)["Body"].read()

    files, total = check_binlogs(backup, collection, read_source)
    assert full["size"] == total and sum(s["num_of_rows"] for s in segments_of(collection)) == 2000
    assert any(s["deltalogs"][0].get("binlogs") for s in segments_of(collection))
    manifest = backup.meta("milvus_backup_cpp.json")
    for entry in manifest["files"]:
        assert int(entry["crc32c"], 16) == crc32c(backup.read(entry["key"]))
    assert_ok(run_cli(cfg, "delete", "-n", backup_name))


def test_filter_selects_databases_and_collections(tmp_path, dataset):
    cfg = config(tmp_path)
    only_db = name("db_only")
    assert_ok(create(cfg, only_db, f"{OTHER_DB}.{OTHER}"))
    full = LocalBackup(tmp_path / "backups", only_db).meta("full_meta.json")
    assert [(c["db_name"], c["collection_name"]) for c in full["collection_backups"]] == [(OTHER_DB, OTHER)]
    assert [d["db_name"] for d in full["database_backups"]] == [OTHER_DB]

    # "db." takes the database without its collections.
    db_alone = name("db_alone")
    assert_ok(create(cfg, db_alone, f"{OTHER_DB}.,{PKEY}"))
    full = LocalBackup(tmp_path / "backups", db_alone).meta("full_meta.json")
    assert [c["collection_name"] for c in full["collection_backups"]] == [PKEY]
    assert sorted(d["db_name"] for d in full["database_backups"]) == sorted(["default", OTHER_DB])


def test_meta_only_and_skip_flush_strategies(tmp_path, dataset):
    cfg = config(tmp_path)
    meta_only = name("meta_only")
    assert_ok(create(cfg, meta_only, RICH, "--strategy", "meta_only"))
    backup = LocalBackup(tmp_path / "backups", meta_only)
    full = backup.meta("full_meta.json")
    [coll] = full["collection_backups"]
    assert len(coll["partition_backups"]) == 3 and segments_of(coll) == []
    assert full["size"] == 0 and backup.files("binlogs/") == set()

    skip = name("skip_flush")
    assert_ok(create(cfg, skip, RICH, "--strategy", "skip_flush"))
    backup = LocalBackup(tmp_path / "backups", skip)
    [coll] = backup.meta("full_meta.json")["collection_backups"]
    assert "backup_physical_timestamp" not in coll  # no flush, no seal time
    check_binlogs(backup, coll, read_local_source)
    assert sum(s["num_of_rows"] for s in segments_of(coll)) == 3 * ROWS_PER_PARTITION


def run_on_terminal(cfg, *args):
    """Runs the binary with stderr on a pseudo-terminal; returns (exit code, stdout, terminal text)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([str(BINARY), "--config", str(cfg), *args], stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    chunks = []

    def drain():
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain)
    reader.start()
    stdout, _ = proc.communicate(timeout=300)
    reader.join(30)
    os.close(master)
    return proc.returncode, stdout.decode(), b"".join(chunks).decode(errors="replace")


def test_progress_bar_on_a_terminal_unless_quiet(tmp_path, dataset):
    cfg = config(tmp_path, log={"level": "warn", "file": {"path": ""}})
    code, stdout, terminal = run_on_terminal(cfg, "create", "-n", name("bar"), "--filter", PKEY)
    assert code == 0, terminal
    assert stdout.startswith("create backup success\n")  # results stay on stdout, off the terminal's bar
    # The terminal turns "\n" into "\r\n"; the bar redraws itself after a bare "\r".
    redraws = [line for line in re.split(r"\r\n|\r", terminal) if "collections" in line]
    assert len(redraws) >= 2, terminal
    assert re.search(r"\[=+\] 100% done \| collections 1/1 \| files (\d+)/\1 \|", redraws[-1]), terminal

    code, stdout, terminal = run_on_terminal(cfg, "create", "-n", name("quiet"), "--filter", PKEY, "--quiet")
    assert code == 0, terminal
    assert "| files " not in terminal and not re.search(r"\r(?!\n)", terminal), terminal


# ---- refusals --------------------------------------------------------------------------------

def test_existing_name_is_refused_and_left_alone(tmp_path, dataset):
    cfg = config(tmp_path)
    backup_name = name("taken")
    assert_ok(create(cfg, backup_name, PKEY))
    before = LocalBackup(tmp_path / "backups", backup_name).meta("full_meta.json")
    again = create(cfg, backup_name, RICH)
    assert again.returncode == 1
    assert f"backup with name {backup_name} already exist" in again.stderr
    assert LocalBackup(tmp_path / "backups", backup_name).meta("full_meta.json") == before


@pytest.mark.parametrize("filter_, missing", [
    ("no_such_collection_xyz", "filter collection default.no_such_collection_xyz not found in milvus"),
    ("no_such_db_xyz.*", "filter database no_such_db_xyz not found in milvus"),
    ("no_such_db_xyz.coll", "filter database no_such_db_xyz not found in milvus"),
])
def test_filter_naming_what_does_not_exist_fails_cleanly(tmp_path, dataset, filter_, missing):
    cfg = config(tmp_path)
    backup_name = name("missing")
    proc = create(cfg, backup_name, f"{RICH},{filter_}")
    assert proc.returncode == 1
    assert missing in proc.stderr
    assert not (tmp_path / "backups" / backup_name).exists()
    assert list_json(cfg) == {}


@pytest.mark.parametrize("args, message", [
    (["--strategy", "bulk_flush"], "bulk_flush needs FlushAll"),
    (["--format", "snapshot"], "--format snapshot"),
    (["--rbac"], "--rbac: Milvus 2.3.5 cannot export"),
    (["--backup_index_extra"], "--backup_index_extra"),
    (["--strategy", "fastest"], "invalid strategy fastest"),
    (["--force", "--strategy", "serial_flush"], "-f/--force and --meta_only (v0.4) choose the strategy"),
    (["-c", "x"], "-c/-d/-a (v0.4) and --filter both select collections"),
])
def test_unsupported_options_are_clear_errors(tmp_path, dataset, args, message):
    cfg = config(tmp_path)
    proc = run_cli(cfg, "create", "-n", name("refused"), "--filter", PKEY, *args)
    assert proc.returncode == 1
    assert message in proc.stderr, proc.stderr
    assert not (tmp_path / "backups").exists() or list_json(cfg) == {}


@pytest.mark.parametrize("bad", ["1starts_with_digit", "has-dash", "a" * 129, "../escape"])
def test_bad_backup_names_are_refused(tmp_path, bad):
    cfg = config(tmp_path)
    for cmd in (["create", "-n", bad, "--filter", "x"], ["get", "-n", bad], ["delete", "-n", bad]):
        proc = run_cli(cfg, *cmd)
        assert proc.returncode == 1, cmd
        assert "backup name" in proc.stderr, proc.stderr
    assert not (tmp_path / "backups").exists()


# ---- GC pause ----------------------------------------------------------------------------------

def with_management(endpoint):
    section = milvus_a_section()
    section["management"] = {"endpoint": endpoint}
    return section


def test_gc_is_paused_during_the_backup_and_resumed(tmp_path, dataset):
    mgmt = ManagementServer()
    try:
        cfg = config(tmp_path, milvus=with_management(mgmt.endpoint))
        assert_ok(create(cfg, name("gc"), PKEY))
        assert mgmt.actions() == ["pause", "resume"]
        assert mgmt.calls[0][1] == {"pause_seconds": "3600"}
        assert mgmt.calls[1][1] == {}

        # Resumed on failure too.
        mgmt.calls.clear()
        failed = create(cfg, name("gc_fail"), f"{PKEY},no_such_collection_xyz")
        assert failed.returncode == 1
        assert mgmt.actions() == ["pause", "resume"]

        # Nothing to protect in a meta_only backup: GC is left alone.
        mgmt.calls.clear()
        assert_ok(create(cfg, name("gc_meta"), PKEY, "--strategy", "meta_only"))
        assert mgmt.actions() == []
    finally:
        mgmt.close()


def test_gc_pause_required_fails_when_milvus_cannot_pause(tmp_path, dataset):
    cfg = config(tmp_path, backup_extra={"pauseGCRequired": True})
    backup_name = name("gc_required")
    proc = create(cfg, backup_name, PKEY)
    assert proc.returncode == 1
    assert "pause Milvus GC (backup.pauseGCRequired is set)" in proc.stderr
    assert "HTTP 404" in proc.stderr
    assert not (tmp_path / "backups" / backup_name).exists()


# ---- interrupted and broken runs ------------------------------------------------------------------

@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_signal_mid_copy_resumes_gc_and_removes_the_half_backup(tmp_path, dataset, signum):
    mgmt = ManagementServer()
    try:
        # Streaming at 1 MiB/s makes the copy slow enough to be interrupted in the middle.
        cfg = config(tmp_path, milvus=with_management(mgmt.endpoint),
                     transfer={"mode": "streaming", "rateLimitMiB": 1, "concurrency": 2})
        backup_name = name("sigint")
        backup_dir = tmp_path / "backups" / backup_name
        proc = subprocess.Popen([str(BINARY), "--config", str(cfg), "create", "-n", backup_name, "--filter", BIG],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 120
        # The lock (backup.lock.json) is there from the start; a binlog shows the copy has begun.
        while not has_files(backup_dir / "binlogs"):
            assert proc.poll() is None and time.time() < deadline, "the copy did not start"
            time.sleep(0.05)
        proc.send_signal(signum)
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 1, stderr
        assert f"Error: backup {backup_name} cancelled: copy binlogs" in stderr, stderr
        assert "create backup success" not in stdout
        assert mgmt.actions() == ["pause", "resume"]
        assert not has_files(backup_dir)
        assert list_json(cfg) == {}
    finally:
        mgmt.close()


def test_milvus_gone_mid_backup_fails_cleanly(tmp_path, dataset):
    proxy = TcpProxy(env("MB_MILVUS_A_HOST"), int(env("MB_MILVUS_A_PORT")))
    mgmt = ManagementServer()
    mgmt.release_pause.clear()  # hold the backup at its GC pause, after it connected
    try:
        section = with_management(mgmt.endpoint)
        section["grpc"] = {"address": "127.0.0.1", "port": proxy.port}
        cfg = config(tmp_path, milvus=section)
        backup_name = name("milvus_gone")
        proc = subprocess.Popen([str(BINARY), "--config", str(cfg), "create", "-n", backup_name, "--filter",
                                 f"{RICH},{PKEY}"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert mgmt.pause_seen.wait(60), "the backup never paused GC"
        proxy.stop()  # Milvus goes away between the version check and reading the collections
        mgmt.release_pause.set()
        stdout, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 1
        assert "Error: backup " + backup_name in stderr
        assert "127.0.0.1:" + str(proxy.port) in stderr or "unavailable" in stderr.lower(), stderr
        assert mgmt.actions() == ["pause", "resume"]
        assert not (tmp_path / "backups" / backup_name).exists()
    finally:
        proxy.stop()
        mgmt.close()


def test_storage_gone_mid_copy_leaves_no_listed_backup(tmp_path, dataset, s3):
    s3_host, s3_port = env("MB_S3_ENDPOINT").removeprefix("http://").rsplit(":", 1)
    proxy = TcpProxy(s3_host, int(s3_port))
    bucket, root = env("MB_S3_BACKUP_BUCKET"), name("root")
    through_proxy = s3_storage(bucket, root_path=root)
    through_proxy["port"] = proxy.port
    try:
        # A short retry window: the storage stays gone (riding out an outage is test_store_outage's).
        cfg = config(tmp_path, storage=through_proxy,
                     transfer={"rateLimitMiB": 1, "concurrency": 2, "retryWindowSeconds": 2})
        backup_name = name("storage_gone")
        backup = S3Backup(s3, bucket, root, backup_name)
        proc = subprocess.Popen([str(BINARY), "--config", str(cfg), "create", "-n", backup_name, "--filter", BIG],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 120
        while not backup.files("binlogs/"):
            assert proc.poll() is None and time.time() < deadline, "the copy did not start"
            time.sleep(0.05)
        proxy.stop()  # the storage goes away mid-copy
        stdout, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 1
        assert "copy binlogs" in stderr, stderr
        # The cleanup could not reach the storage either, and says what it left and how to remove it.
        assert "partial_backup_left" in stderr and f"delete -n {backup_name}" in stderr

        direct = config(tmp_path, storage=s3_storage(bucket, root_path=root))
        assert backup.files("binlogs/"), "the test meant to leave copied files behind"
        assert backup.files("meta/") == set()
        assert listed_names(direct) == []
        assert list_json(direct)[backup_name]["state"] == "incomplete"
        got = run_cli(direct, "get", "-n", backup_name)
        assert got.returncode == 1 and "no backup meta" in got.stderr
        assert_ok(run_cli(direct, "delete", "-n", backup_name))  # the Go tool would refuse
        assert backup.files("") == set()
    finally:
        proxy.stop()


def milvus_files_digest(collection_id: int) -> dict[str, str]:
    """SHA-256 of every insert and delta log Milvus A has for the collection, by path."""
    storage = Path(env("MB_MILVUS_A_STORAGE_PATH"))
    files = [p for kind in ("insert_log", "delta_log") for p in (storage / kind / str(collection_id)).rglob("*")
             if p.is_file()]
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


FULL_DISK_KIB = 3 * 1024  # a third of BIG's binlogs: the copy runs out of room part-way


# auto: local to local is the kernel's in-place copy; streaming: our reads and writes.
@pytest.mark.parametrize("transfer_mode", ["auto", "streaming"])
def test_destination_full_fails_cleanly_and_leaves_milvus_alone(tmp_path, dataset, transfer_mode):
    big_id = dataset["big"]["collection_id"]
    milvus_before = milvus_files_digest(big_id)
    assert sum((Path(p).stat().st_size for p in milvus_before), 0) > 3 * FULL_DISK_KIB * 1024

    with size_limited_tmpfs(tmp_path / "small_disk", FULL_DISK_KIB) as disk:
        cfg = config(tmp_path, storage=local_storage(disk / "backups"), transfer={"mode": transfer_mode})
        backup_name = name("disk_full")
        proc = create(cfg, backup_name, BIG)
        assert proc.returncode == 1, proc.stderr
        assert "create backup success" not in proc.stdout
        assert f"Error: backup {backup_name}" in proc.stderr, proc.stderr
        # The error names the file it could not write (local keys are paths without their leading '/').
        backup_key_prefix = re.escape(str(disk / "backups" / backup_name).lstrip("/"))
        assert re.search(rf"No space left on device \(key={backup_key_prefix}/binlogs/insert_log/{big_id}/\S+",
                         proc.stderr), proc.stderr

        # No meta, nothing listed, the half-written files gone: the disk has all its room again.
        backup_dir = disk / "backups" / backup_name
        assert not has_files(backup_dir), sorted(str(p) for p in backup_dir.rglob("*"))
        assert list_json(cfg) == {}
        free = os.statvfs(disk)
        assert free.f_bfree == free.f_blocks

    assert milvus_files_digest(big_id) == milvus_before
    assert Collection(BIG, using="milvus_a").num_entities == BIG_ROWS
