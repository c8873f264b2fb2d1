"""Backups the Go tool made restore on the real Milvus. The shared fixtures (see their README) hold
one pair of collections backed up twice from one Milvus 2.3.5, with no writes in between: `dgo/`
by the Go tool v0.4.30 on local storage (its segment_meta.json lists field directories as
binlogs, log_size 4096, field 1's entry also naming fields 100-110) and `dours/` by us. Each is
restored into a database of its own and the two restored copies must be equal row for row, field
for field, and by search; `dgo/` also from S3 (SeaweedFS). A backup whose files are missing is
refused before anything is created."""
import json
import os
import shutil
import uuid
from pathlib import Path

import pytest
from pymilvus import Collection, db, utility

from cli_helpers import REPO, env, local_storage, milvus_a_section, run_cli, s3_storage, write_config
from restore_data import connect

COLLECTIONS = {"rich_mjuxhe": "pk", "tenant_fabbtt": "id"}  # name -> primary key
SEARCHES = {"rich_mjuxhe": ("vec", {"metric_type": "L2", "params": {"nprobe": 16}}),
            "tenant_fabbtt": ("bvec", {"metric_type": "HAMMING", "params": {}})}


def fixtures_dir():
    """MB_GO_COMPAT_FIXTURES, else shared/fixtures/go-compat beside the checkout (/work/main) or
    beside its worktree folder (/work/wt/NAME)."""
    candidates = [os.environ.get("MB_GO_COMPAT_FIXTURES", "")] + [
        str(base / "shared" / "fixtures" / "go-compat") for base in (REPO.parent, REPO.parent.parent)]
    for candidate in candidates:
        if candidate and (Path(candidate) / "dgo" / "meta" / "backup_meta.json").is_file():
            return Path(candidate)
    pytest.fail(f"the Go-made backup fixtures are not at any of {candidates[1:]}: set MB_GO_COMPAT_FIXTURES",
                pytrace=False)


def alias_for(database):
    return connect("gomade_" + database, env("MB_MILVUS_A_HOST"), env("MB_MILVUS_A_PORT"), database)


@pytest.fixture(scope="module")
def admin():
    return alias_for("default")


@pytest.fixture
def databases(admin):
    """Target databases made by the test, dropped with their collections afterwards."""
    made = []
    yield made
    for database in made:
        if database not in db.list_database(using=admin):
            continue
        alias = alias_for(database)
        for name in utility.list_collections(using=alias):
            utility.drop_collection(name, using=alias)
        db.drop_database(database, using=admin)


def restore(config, backup, target_db, databases, *extra):
    databases.append(target_db)
    proc = run_cli(config, "restore", "-n", backup, "-r", f"diffdb.*:{target_db}.*", "--rebuild_index", *extra,
                   timeout=900)
    assert proc.returncode == 0, proc.stderr
    return proc


def local_copy(tmp_path, folder):
    root = tmp_path / "backups"
    shutil.copytree(fixtures_dir() / folder, root / folder)
    return write_config(tmp_path / f"{folder}.yaml", milvus_a_section(), local_storage(root)), root


def everything(coll, pk):
    expr = f"{pk} >= -9223372036854775807" if pk == "pk" else f'{pk} != ""'
    rows = coll.query(expr, output_fields=["*"], limit=16384)
    return {row[pk]: row for row in rows}


def as_probe(vector):
    """A queried vector as search takes it (pymilvus 2.3 returns a binary vector as [bytes])."""
    return vector[0] if isinstance(vector, list) and vector and isinstance(vector[0], bytes) else vector


def search_hits(coll, name, probes):
    field, params = SEARCHES[name]
    results = coll.search(probes, field, params, limit=10)
    return [[(hit.id, round(hit.distance, 4)) for hit in hits] for hits in results]


def assert_equal_restores(db_a, db_b):
    """Every collection of the fixtures: same partitions, every row with every field (vectors,
    JSON and dynamic fields included), deletes applied, and the same top-10 searches."""
    alias_a, alias_b = alias_for(db_a), alias_for(db_b)
    for name, pk in COLLECTIONS.items():
        a, b = Collection(name, using=alias_a), Collection(name, using=alias_b)
        assert sorted(p.name for p in a.partitions) == sorted(p.name for p in b.partitions)
        assert [i.to_dict() for i in a.indexes] and len(a.indexes) == len(b.indexes)
        a.load()
        b.load()
        try:
            rows_a, rows_b = everything(a, pk), everything(b, pk)
            assert rows_a, name
            assert rows_a == rows_b, name
            if name == "rich_mjuxhe":
                # the README's deletes: every 29th pk of the first 3,000
                assert not [key for key in rows_a if 0 <= key < 3000 and key % 29 == 0]
            field = SEARCHES[name][0]
            probes = [as_probe(rows_a[key][field]) for key in sorted(rows_a)[:5]]
            assert search_hits(a, name, probes) == search_hits(b, name, probes), name
            # a partition-key collection's partitions cannot be named in a query
            partitions = [] if any(f.is_partition_key for f in a.schema.fields) else a.partitions
            for partition in partitions:
                counts = [c.query("", output_fields=["count(*)"], partition_names=[partition.name])[0]["count(*)"]
                          for c in (a, b)]
                assert counts[0] == counts[1], (name, partition.name)
        finally:
            a.release()
            b.release()


def test_go_v0430_local_layout_and_ours_restore_equal(tmp_path, databases):
    go_config, go_root = local_copy(tmp_path / "go", "dgo")
    ours_config, _ = local_copy(tmp_path / "ours", "dours")
    # the quirk this test is about is in the fixture
    segments = json.loads((go_root / "dgo" / "meta" / "segment_meta.json").read_text())["infos"]
    field_one = [f for s in segments for f in s["binlogs"] if f.get("fieldID") == 1][0]["binlogs"]
    assert len(field_one) > 1 and all(b["log_size"] == 4096 for b in field_one)
    suffix = uuid.uuid4().hex[:6]
    restore(go_config, "dgo", "gomade_go_" + suffix, databases)
    restore(ours_config, "dours", "gomade_ours_" + suffix, databases)
    assert_equal_restores("gomade_go_" + suffix, "gomade_ours_" + suffix)


def test_go_v0430_local_layout_restores_from_s3(tmp_path, databases):
    import boto3
    from botocore.config import Config
    s3 = boto3.client("s3", endpoint_url=env("MB_S3_ENDPOINT"), region_name=env("MB_S3_REGION"),
                      aws_access_key_id=env("MB_S3_ACCESS_KEY"), aws_secret_access_key=env("MB_S3_SECRET_KEY"),
                      config=Config(s3={"addressing_style": "path"}))
    bucket, root = env("MB_S3_BACKUP_BUCKET"), "gomade_" + uuid.uuid4().hex[:8]
    source = fixtures_dir() / "dgo"
    for path in source.rglob("*"):
        if path.is_file():
            s3.upload_file(str(path), bucket, f"{root}/dgo/{path.relative_to(source)}")
    s3_config = write_config(tmp_path / "s3.yaml", milvus_a_section(), s3_storage(bucket, root))
    ours_config, _ = local_copy(tmp_path / "ours", "dours")
    suffix = uuid.uuid4().hex[:6]
    try:
        restore(s3_config, "dgo", "gomade_s3_" + suffix, databases)
        restore(ours_config, "dours", "gomade_ours_" + suffix, databases)
        assert_equal_restores("gomade_s3_" + suffix, "gomade_ours_" + suffix)
    finally:
        listed = s3.list_objects_v2(Bucket=bucket, Prefix=root + "/")
        for entry in listed.get("Contents", []):
            s3.delete_object(Bucket=bucket, Key=entry["Key"])


@pytest.mark.parametrize("folder, damage", [
    ("dgo", "field directory"),  # a directory the Go meta names, emptied
    ("dours", "one binlog"),     # a file our meta names, removed
])
def test_missing_files_create_nothing(tmp_path, databases, admin, folder, damage):
    config, root = local_copy(tmp_path, folder)
    # one field of one segment of the collection with the larger id (restored second)
    vector_dirs = sorted((root / folder / "binlogs" / "insert_log").glob("*/*/*/*/*"))
    victim = vector_dirs[-1]
    if damage == "field directory":
        for file in victim.iterdir():
            file.unlink()
    else:
        next(victim.iterdir()).unlink()
    target_db = "gomade_bad_" + uuid.uuid4().hex[:6]
    databases.append(target_db)
    proc = run_cli(config, "restore", "-n", folder, "-r", f"diffdb.*:{target_db}.*", timeout=600)
    assert proc.returncode == 1
    # Found by restore's integrity gate (it names the key), before anything is created.
    assert f"backup {folder} is damaged: missing binlogs/insert_log/" in proc.stderr or \
        "missing from the backup" in proc.stderr, proc.stderr
    assert target_db not in db.list_database(using=admin)  # neither the database nor a collection


def test_get_reports_the_go_tools_finished_backup_as_finished(tmp_path):
    config, _ = local_copy(tmp_path, "dgo")
    brief = json.loads(run_cli(config, "get", "-n", "dgo", check=True).stdout)
    assert brief["state_code"] == 2 and brief["progress"] == 100
    assert sorted(c["collection_name"] for c in brief["collection_backups"]) == sorted(COLLECTIONS)
