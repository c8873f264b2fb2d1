"""A backup laid out by the Go tool's v0.4 rules restores on the real Milvus: a backup made by
`create` is rewritten into that layout (no group level in the binlog paths, group_id 0 and no
log_id in the meta), so the restore must import each partition's whole directory; every row comes
back, deletes applied."""
import json
import uuid
from pathlib import Path

import pytest
from pymilvus import Collection, utility

from cli_helpers import env, local_storage, milvus_a_section, run_cli, write_config
from restore_data import assert_same_rows, connect, create_collection


def v04_meta(value):
    """The meta as v0.4 wrote it: group_id 0 on every segment and no log_id on binlogs."""
    if isinstance(value, list):
        return [v04_meta(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: v04_meta(v) for k, v in value.items() if k != "log_id"}
    if "group_id" in out:
        out["group_id"] = 0
    return out


def to_v04_layout(backup_dir):
    """binlogs/<kind>/C/P/<group>/<segment>/... -> binlogs/<kind>/C/P/<segment>/...; returns the
    segment directories moved."""
    moved = 0
    for kind in ("insert_log", "delta_log"):
        for partition in (backup_dir / "binlogs" / kind).glob("*/*"):
            for group in list(partition.iterdir()):
                segments = list(group.iterdir())
                assert [s.name for s in segments] == [group.name], group  # group id = segment id
                staged = partition / (group.name + ".moving")
                segments[0].rename(staged)
                group.rmdir()
                staged.rename(partition / group.name)
                moved += 1
    # v0.4 wrote no manifest of ours; its checksums would not match the rewritten meta anyway.
    (backup_dir / "meta" / "milvus_backup_cpp.json").unlink()
    for path in (backup_dir / "meta").glob("*.json"):
        path.write_text(json.dumps(v04_meta(json.loads(path.read_text()))))
    return moved


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    alias = connect("v04_a", env("MB_MILVUS_A_HOST"), env("MB_MILVUS_A_PORT"))
    name = "rv04_" + uuid.uuid4().hex[:8]
    coll = create_collection(alias, name)
    root = tmp_path_factory.mktemp("v04_backups")
    config = write_config(root / "backup.yaml", milvus_a_section(), local_storage(root))
    yield {"alias": alias, "name": name, "coll": coll, "root": root, "config": config}
    utility.drop_collection(name, using=alias)


def test_v04_layout_backup_restores_every_row(source):
    backup = "bk_v04_" + uuid.uuid4().hex[:6]
    run_cli(source["config"], "create", "-n", backup, "--filter", source["name"], check=True, timeout=600)
    backup_dir = Path(source["root"]) / backup
    # two partitions, each with at least one segment with inserts and one with deletes
    assert to_v04_layout(backup_dir) >= 4
    full = json.loads((backup_dir / "meta" / "full_meta.json").read_text())
    segments = [s for c in full["collection_backups"] for p in c["partition_backups"] for s in p["segment_backups"]]
    assert segments and all(s.get("group_id", 0) == 0 for s in segments)
    assert not list((backup_dir / "binlogs" / "insert_log").glob("*/*/*/*/*/*"))  # no group level left

    target = source["name"] + "_v04"
    try:
        proc = run_cli(source["config"], "restore", "-n", backup, "-s", "_v04", "--verify", timeout=900, check=True)
        assert f"verify default.{target}: PASS" in proc.stdout
        assert_same_rows(source["coll"], Collection(target, using=source["alias"]))
    finally:
        if utility.has_collection(target, using=source["alias"]):
            utility.drop_collection(target, using=source["alias"])
