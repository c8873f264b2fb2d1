"""Integrity end to end (issue 11): one damaged byte, a truncated or deleted binlog, a deleted
full_meta.json, in a real backup on local storage and on S3 (SeaweedFS). `verify` finds every
case, names the key and exits 1 (0 for the untouched backup); `restore` refuses each case before
anything is imported, creates no collection, leaves no staged file, and the target Milvus still
answers queries afterwards."""
import json
import os
import shutil
import uuid
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from pymilvus import Collection, utility

from cli_helpers import REPO, env, local_storage, milvus_a_section, run_cli, s3_storage, write_config
from restore_data import connect, create_collection

META_FILES = ["backup_meta.json", "collection_meta.json", "partition_meta.json", "segment_meta.json",
              "full_meta.json"]
MANIFEST = "meta/milvus_backup_cpp.json"
# (case, structural): the flips need --read-data for binlogs; meta damage shows structurally too.
CASES = ["flip_insert", "flip_delta"] + [f"flip_meta_{f}" for f in META_FILES] + [
    "flip_manifest", "truncate_binlog", "delete_binlog", "delete_full_meta"]


def s3_client():
    return boto3.client("s3", endpoint_url=env("MB_S3_ENDPOINT"), region_name=env("MB_S3_REGION"),
                        aws_access_key_id=env("MB_S3_ACCESS_KEY"), aws_secret_access_key=env("MB_S3_SECRET_KEY"),
                        config=Config(s3={"addressing_style": "path"}))


def flip(data, at=None):
    data = bytearray(data)
    at = len(data) // 2 if at is None else at
    data[at] ^= 0x20 if chr(data[at]).isalpha() else 0x01
    return bytes(data)


class LocalBackups:
    """Backups under a local root; keys relative to a backup's folder."""

    def __init__(self, root):
        self.root = Path(root)

    def copy(self, name, new_name):
        shutil.copytree(self.root / name, self.root / new_name)

    def keys(self, name):
        base = self.root / name
        return sorted(str(p.relative_to(base)) for p in base.rglob("*") if p.is_file())

    def read(self, name, key):
        return (self.root / name / key).read_bytes()

    def write(self, name, key, data):
        (self.root / name / key).write_bytes(data)

    def delete(self, name, key):
        (self.root / name / key).unlink()


class S3Backups:
    def __init__(self, bucket, root):
        self.s3, self.bucket, self.root = s3_client(), bucket, root

    def _all(self, prefix):
        pages = self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        return [o["Key"] for page in pages for o in page.get("Contents", [])]

    def copy(self, name, new_name):
        prefix = f"{self.root}/{name}/"
        for key in self._all(prefix):
            self.s3.copy_object(Bucket=self.bucket, Key=f"{self.root}/{new_name}/{key[len(prefix):]}",
                                CopySource={"Bucket": self.bucket, "Key": key})

    def keys(self, name):
        prefix = f"{self.root}/{name}/"
        return sorted(k[len(prefix):] for k in self._all(prefix))

    def read(self, name, key):
        return self.s3.get_object(Bucket=self.bucket, Key=f"{self.root}/{name}/{key}")["Body"].read()

    def write(self, name, key, data):
        self.s3.put_object(Bucket=self.bucket, Key=f"{self.root}/{name}/{key}", Body=data)

    def delete(self, name, key):
        self.s3.delete_object(Bucket=self.bucket, Key=f"{self.root}/{name}/{key}")


def damage(backups, name, case):
    """Damages backup `name` as `case` says; returns the key verify must name."""
    keys = backups.keys(name)
    inserts = [k for k in keys if k.startswith("binlogs/insert_log/")]
    deltas = [k for k in keys if k.startswith("binlogs/delta_log/")]
    assert inserts and deltas, keys
    if case == "flip_insert":
        key = inserts[len(inserts) // 2]
    elif case == "flip_delta":
        key = deltas[0]
    elif case.startswith("flip_meta_"):
        key = "meta/" + case[len("flip_meta_"):]
    elif case == "flip_manifest":
        key = MANIFEST
    elif case == "truncate_binlog":
        key = inserts[-1]
        backups.write(name, key, backups.read(name, key)[:-7])
        return key
    elif case == "delete_binlog":
        key = inserts[0]
        backups.delete(name, key)
        return key
    elif case == "delete_full_meta":
        key = "meta/full_meta.json"
        backups.delete(name, key)
        return key
    backups.write(name, key, flip(backups.read(name, key)))
    return key


def verify_json(config, *args):
    proc = run_cli(config, "verify", "--output", "json", "-q", *args, timeout=300)
    return proc, json.loads(proc.stdout) if proc.stdout.strip() else None


@pytest.fixture(scope="module")
def source():
    alias = connect("verify_a", env("MB_MILVUS_A_HOST"), env("MB_MILVUS_A_PORT"))
    name = "vint_" + uuid.uuid4().hex[:8]
    coll = create_collection(alias, name)
    yield {"alias": alias, "name": name, "coll": coll}
    utility.drop_collection(name, using=alias)


@pytest.fixture(scope="module", params=["local", "s3"])
def bed(request, source, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("verify_" + request.param)
    backup = "vb_" + uuid.uuid4().hex[:8]
    if request.param == "local":
        root = tmp / "backups"
        root.mkdir()
        config = write_config(tmp / "backup.yaml", milvus_a_section(), local_storage(root))
        backups, alias, target_section = LocalBackups(root), source["alias"], None
        restore_config = config
    else:
        s3_root = "verify-" + uuid.uuid4().hex[:8]
        storage = s3_storage(env("MB_S3_BACKUP_BUCKET"), s3_root)
        config = write_config(tmp / "backup.yaml", milvus_a_section(), storage)
        # Restores go into Milvus B, whose files are on the same SeaweedFS (another bucket): the
        # backup's files are staged into Milvus B's bucket first.
        milvus_b = {
            "grpc": {"address": env("MB_MILVUS_B_HOST"), "port": int(env("MB_MILVUS_B_PORT"))},
            "storage": {**s3_storage(env("MB_MILVUS_B_BUCKET"), env("MB_MILVUS_B_ROOT_PATH"))},
        }
        restore_config = write_config(tmp / "restore.yaml", milvus_b, storage)
        backups = S3Backups(env("MB_S3_BACKUP_BUCKET"), s3_root)
        alias = connect("verify_b", env("MB_MILVUS_B_HOST"), env("MB_MILVUS_B_PORT"))
    run_cli(config, "create", "-n", backup, "--filter", source["name"], "-q", check=True, timeout=600)
    return {"kind": request.param, "config": config, "restore_config": restore_config, "backups": backups,
            "backup": backup, "alias": alias}


def staged_files(bed):
    if bed["kind"] == "local":
        storage = Path(env("MB_MILVUS_A_STORAGE_PATH"))
        return sorted(str(p) for p in storage.glob("restore-temp-*"))
    listed = s3_client().list_objects_v2(Bucket=env("MB_MILVUS_B_BUCKET"), Prefix="restore-temp-")
    listed_root = s3_client().list_objects_v2(Bucket=env("MB_MILVUS_B_BUCKET"),
                                              Prefix=env("MB_MILVUS_B_ROOT_PATH") + "/restore-temp-")
    return [o["Key"] for o in listed.get("Contents", []) + listed_root.get("Contents", [])]


def test_untouched_backup_verifies(bed):
    for args in ([], ["--read-data"]):
        proc, report = verify_json(bed["config"], "-n", bed["backup"], *args)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert report["ok"] and report["problems"] == []
        assert report["backups"][0]["status"] == "ok"
        assert report["backups"][0]["unchecked"] == []
    assert report["backups"][0]["files_read"] > 10


@pytest.mark.parametrize("case", CASES)
def test_damage_is_found_and_restore_refuses_it(bed, source, case):
    name = f"{bed['backup']}_{''.join(c for c in case if c.isalnum())[:24]}"
    bed["backups"].copy(bed["backup"], name)
    key = damage(bed["backups"], name, case)
    flips_data = case in ("flip_insert", "flip_delta")

    # Structural verify finds everything but a flipped byte inside a binlog.
    proc, report = verify_json(bed["config"], "-n", name)
    if flips_data:
        assert proc.returncode == 0, proc.stdout
    else:
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert key in [p["key"] for p in report["problems"]], report["problems"]
    proc, report = verify_json(bed["config"], "-n", name, "--read-data")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert all(p["backup"] == name for p in report["problems"])
    named = [p for p in report["problems"] if p["key"] == key]
    assert named, report["problems"]
    if flips_data:
        assert named[0]["kind"] == "checksum_mismatch"
        assert named[0]["expected"] != named[0]["found"]
    text = run_cli(bed["config"], "verify", "-n", name, "--read-data", "-q")
    assert text.returncode == 1 and f"DAMAGED {name}: " in text.stdout and key in text.stdout

    target = source["name"] + "_v" + uuid.uuid4().hex[:4]
    before = set(utility.list_collections(using=bed["alias"]))
    proc = run_cli(bed["restore_config"], "restore", "-n", name, "-r", f"{source['name']}:{target}", "-q",
                   timeout=600)
    try:
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert key.split("/")[-1] in proc.stderr, proc.stderr
        assert name in proc.stderr
        if case not in ("flip_meta_full_meta.json",):  # an unreadable tree has no collection yet
            assert "collection=default." + source["name"] in proc.stderr or key.startswith("meta/"), proc.stderr
        assert "import" not in proc.stderr.lower().split("error:")[-1], proc.stderr
        assert not utility.has_collection(target, using=bed["alias"])
        assert set(utility.list_collections(using=bed["alias"])) == before
        assert staged_files(bed) == []
        # The target Milvus still serves.
        if bed["kind"] == "local":
            coll = Collection(source["name"], using=bed["alias"])
            coll.load()
            assert coll.query("id >= 0", output_fields=["count(*)"])[0]["count(*)"] > 0
        else:
            assert utility.get_server_version(using=bed["alias"])
            probe = "vprobe_" + uuid.uuid4().hex[:6]
            from pymilvus import CollectionSchema, DataType, FieldSchema
            coll = Collection(probe, CollectionSchema([FieldSchema("id", DataType.INT64, is_primary=True),
                                                       FieldSchema("v", DataType.FLOAT_VECTOR, dim=2)]),
                              using=bed["alias"])
            coll.insert([[1, 2], [[0.1, 0.2], [0.3, 0.4]]])
            coll.create_index("v", {"index_type": "FLAT", "metric_type": "L2", "params": {}})
            coll.load()
            assert coll.query("id >= 0", output_fields=["count(*)"])[0]["count(*)"] == 2
            utility.drop_collection(probe, using=bed["alias"])
    finally:
        if utility.has_collection(target, using=bed["alias"]):
            utility.drop_collection(target, using=bed["alias"])


def test_untouched_backup_restores(bed, source):
    """The integrity check passes a whole backup (in place on local storage, staged on S3)."""
    target = source["name"] + "_ok" + uuid.uuid4().hex[:4]
    proc = run_cli(bed["restore_config"], "restore", "-n", bed["backup"], "-r", f"{source['name']}:{target}", "-q",
                   timeout=900)
    try:
        assert proc.returncode == 0, proc.stderr
        coll = Collection(target, using=bed["alias"])
        coll.create_index("v", {"index_type": "FLAT", "metric_type": "L2", "params": {}})
        coll.load()
        assert coll.query("id >= 0", output_fields=["count(*)"])[0]["count(*)"] == 396
        assert staged_files(bed) == []
    finally:
        if utility.has_collection(target, using=bed["alias"]):
            utility.drop_collection(target, using=bed["alias"])


def test_skip_integrity_check_is_loud(bed, source):
    name = bed["backup"] + "_skip"
    bed["backups"].copy(bed["backup"], name)
    bed["backups"].delete(name, MANIFEST)
    bed["backups"].write(name, "meta/collection_meta.json",
                         flip(bed["backups"].read(name, "meta/collection_meta.json"), at=1))
    target = source["name"] + "_sk" + uuid.uuid4().hex[:4]
    refused = run_cli(bed["restore_config"], "restore", "-n", name, "-r", f"{source['name']}:{target}", "-q",
                      timeout=600)
    assert refused.returncode == 1 and "meta/collection_meta.json" in refused.stderr, refused.stderr
    proc = run_cli(bed["restore_config"], "restore", "-n", name, "-r", f"{source['name']}:{target}", "-q",
                   "--skip_integrity_check", timeout=900)
    try:
        assert "--skip_integrity_check" in proc.stderr and "UNCHECKED" in proc.stderr
        assert proc.returncode == 0, proc.stderr
    finally:
        if utility.has_collection(target, using=bed["alias"]):
            utility.drop_collection(target, using=bed["alias"])


def test_create_verify_reads_the_new_backup_back(bed, source):
    name = bed["backup"] + "_cv"
    proc = run_cli(bed["config"], "create", "-n", name, "--filter", source["name"], "--verify", "-q", timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "create backup success" in proc.stdout
    summary = next(line for line in proc.stdout.splitlines() if line.endswith("CRC32C)"))
    assert summary.startswith(f"OK      {name}: 0 problem(s)") and " 0 read" not in summary, proc.stdout


def go_compat_fixtures():
    """../shared/fixtures/go-compat beside the main checkout (MB_GO_COMPAT_FIXTURES overrides)."""
    candidates = [Path(p) for p in [os.environ.get("MB_GO_COMPAT_FIXTURES")] if p]
    candidates += [parent / "shared" / "fixtures" / "go-compat" for parent in REPO.parents]
    found = next((c for c in candidates if (c / "dgo" / "meta" / "full_meta.json").is_file()), None)
    assert found, f"the Go-made fixture backups are not at any of {candidates}"
    return found


def test_go_made_backup_verifies_and_says_what_it_could_not_check(tmp_path):
    root = tmp_path / "backups"
    shutil.copytree(go_compat_fixtures() / "dgo", root / "dgo")
    for path in [root / "dgo", *(root / "dgo").rglob("*")]:  # the fixture is read-only
        path.chmod(path.stat().st_mode | 0o200)
    config = write_config(tmp_path / "backup.yaml", milvus_a_section(), local_storage(root))
    for args in ([], ["--read-data"]):
        proc, report = verify_json(config, "-n", "dgo", *args)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        verdict = report["backups"][0]
        assert verdict["status"] == "ok" and verdict["unaccounted"] == [], verdict
        unchecked = " | ".join(verdict["unchecked"])
        assert "no meta/milvus_backup_cpp.json" in unchecked, unchecked
        assert "lists as directories" in unchecked, unchecked  # v0.4's log_size 4096 directory entries
    assert "without a manifest there is no CRC32C" in unchecked
    # A field directory emptied is found by listing its prefix.
    field_dir = next(p for p in sorted((root / "dgo" / "binlogs" / "insert_log").glob("*/*/*/*/*")) if p.is_dir())
    shutil.rmtree(field_dir)
    proc, report = verify_json(config, "-n", "dgo")
    assert proc.returncode == 1, proc.stdout
    assert any(p["kind"] == "missing" and p["key"].endswith("/" + field_dir.name + "/") for p in report["problems"])
