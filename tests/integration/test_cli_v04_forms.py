"""The v0.4 command lines (create -c/-d/-a/-f/--meta_only, restore -c/-d/-a/--restore_index,
list -c) on the real Milvus, each checked by its effect: which collections a backup holds or a
restore brings back, that -f skips the flush, that --meta_only copies no binlog, that
--restore_index builds the indexes."""
import json
import uuid
from pathlib import Path

import pytest
from pymilvus import Collection, db, utility

from cli_helpers import env, local_storage, milvus_a_section, run_cli, write_config
from restore_data import ROWS, connect, create_collection, rows_for


def alias_for(database):
    return connect("v04cli_" + database, env("MB_MILVUS_A_HOST"), env("MB_MILVUS_A_PORT"), database)


@pytest.fixture(scope="module")
def bed(tmp_path_factory):
    """default.<a>, default.<b> and <d>.<c>, all indexed and flushed; backups on local disk."""
    tag = uuid.uuid4().hex[:6]
    names = {"a": "v04a_" + tag, "b": "v04b_" + tag, "d": "v04db_" + tag, "c": "v04c_" + tag}
    admin = alias_for("default")
    db.create_database(names["d"], using=admin)
    other = alias_for(names["d"])
    create_collection(admin, names["a"])
    create_collection(admin, names["b"])
    create_collection(other, names["c"])
    root = tmp_path_factory.mktemp("v04cli") / "backups"
    config = write_config(root.parent / "backup.yaml", milvus_a_section(), local_storage(root))
    yield {**names, "admin": admin, "other": other, "root": root, "config": config}
    for alias in (admin, other):
        for name in utility.list_collections(using=alias):
            if tag in name:
                utility.drop_collection(name, using=alias)
    db.drop_database(names["d"], using=admin)


def create(bed, *args, check=True):
    name = "bk_" + uuid.uuid4().hex[:8]
    proc = run_cli(bed["config"], "create", "-n", name, *args, timeout=600)
    if check:
        assert proc.returncode == 0, proc.stderr
    return name, proc


def full_meta(bed, backup):
    return json.loads((Path(bed["root"]) / backup / "meta" / "full_meta.json").read_text())


def held(bed, backup):
    return sorted(f"{c['db_name']}.{c['collection_name']}" for c in full_meta(bed, backup)["collection_backups"])


def rows_in(bed, backup, collection):
    return sum(s["num_of_rows"] for c in full_meta(bed, backup)["collection_backups"]
               if c["collection_name"] == collection for p in c["partition_backups"]
               for s in p.get("segment_backups", []))


def test_create_selects_with_v04_flags(bed):
    a, c, d = f"default.{bed['a']}", f"{bed['d']}.{bed['c']}", bed["d"]
    cases = [
        (["-c", bed["a"]], [a]),                                   # bare name: database default
        (["--colls", f"{bed['a']},{c}"], sorted([a, c])),
        (["-d", d], [c]),
        (["-a", json.dumps({"default": [bed["a"]], d: []})], sorted([a, c])),  # [] = the whole database
        (["-a", json.dumps({d: []}), "-c", bed["a"]], [c]),       # v0.4's precedence: -a over -c
        (["-d", d, "-c", bed["a"]], [c]),                          # and -d over -c
    ]
    for args, want in cases:
        backup, _ = create(bed, *args)
        assert held(bed, backup) == want, args


def test_create_v04_flag_errors(bed):
    for args, message in [
        (["-c", bed["a"], "--filter", bed["b"]], "both select collections"),
        (["-f", "--strategy", "serial_flush"], "choose the strategy"),
        (["-a", "{not json"], "-a/--database_collections is not valid JSON"),
        (["-c", "no_such_collection_" + uuid.uuid4().hex[:6]], "no_such_collection_"),  # v0.4 fails too
    ]:
        _, proc = create(bed, *args, check=False)
        assert proc.returncode == 1 and message in proc.stderr, (args, proc.stderr)


def test_meta_only_copies_no_binlog(bed):
    backup, _ = create(bed, "-c", bed["a"], "--meta_only")
    assert held(bed, backup) == [f"default.{bed['a']}"]
    binlogs = Path(bed["root"]) / backup / "binlogs"
    assert not binlogs.exists() or not [p for p in binlogs.rglob("*") if p.is_file()]
    assert rows_in(bed, backup, bed["a"]) == 0
    # what v0.4's `get` needs to call a backup finished: state 2, progress 100, ms times
    meta = json.loads((Path(bed["root"]) / backup / "meta" / "backup_meta.json").read_text())
    assert meta["state_code"] == 2 and meta["progress"] == 100
    assert 1.7e12 < meta["start_time"] <= meta["end_time"]


def test_force_skips_the_flush(bed):
    coll = Collection(bed["b"], using=bed["admin"])
    coll.insert(rows_for(range(ROWS, ROWS + 50)))  # growing: only a flush makes it a segment
    forced, _ = create(bed, "-c", bed["b"], "-f")
    flushed, _ = create(bed, "-c", bed["b"])
    assert rows_in(bed, forced, bed["b"]) == ROWS
    assert rows_in(bed, flushed, bed["b"]) == ROWS + 50


def test_restore_selects_with_v04_flags_and_restore_index_builds_indexes(bed):
    backup, _ = create(bed, "--colls", f"{bed['a']},{bed['b']},{bed['d']}.{bed['c']}")
    cases = [
        (["-c", bed["a"]], {("default", bed["a"])}),
        (["--collections", f"{bed['d']}.{bed['c']}"], {(bed["d"], bed["c"])}),
        (["-d", bed["d"]], {(bed["d"], bed["c"])}),
        (["-a", json.dumps({"default": [bed["b"]]})], {("default", bed["b"])}),
    ]
    everything = {("default", bed["a"]), ("default", bed["b"]), (bed["d"], bed["c"])}
    for i, (args, want) in enumerate(cases):
        suffix = f"_r{i}"
        index_flag = ["--restore_index"] if i % 2 == 0 else []
        proc = run_cli(bed["config"], "restore", "-n", backup, "-s", suffix, *args, *index_flag, timeout=900)
        assert proc.returncode == 0, (args, proc.stderr)
        for database, name in everything:
            alias = bed["admin"] if database == "default" else bed["other"]
            exists = utility.has_collection(name + suffix, using=alias)
            assert exists == ((database, name) in want), (args, database, name)
            if exists:
                restored = Collection(name + suffix, using=alias)
                assert restored.num_entities > 0  # the rows themselves are test_restore*.py's business
                assert restored.has_index() == bool(index_flag), (args, index_flag)


def test_list_c_lists_the_backups_holding_a_collection(bed):
    with_a, _ = create(bed, "-c", bed["a"], "--meta_only")
    with_b, _ = create(bed, "-c", bed["b"], "--meta_only")
    proc = run_cli(bed["config"], "list", "-c", bed["a"], check=True)
    listed = proc.stdout.splitlines()[1:]
    assert with_a in listed and with_b not in listed
    everything = run_cli(bed["config"], "list", check=True).stdout.splitlines()[1:]
    assert with_a in everything and with_b in everything


def test_help_marks_the_legacy_forms(bed):
    for command, flags in [("create", ["--colls", "--databases", "--database_collections", "--force",
                                       "--meta_only"]),
                           ("restore", ["--collections", "--databases", "--database_collections",
                                        "--restore_index"]),
                           ("list", ["--collection"])]:
        text = run_cli(bed["config"], command, "--help", check=True).stdout
        legacy = text[text.index("Legacy (v0.4)"):]
        for flag in flags:
            assert flag in legacy, (command, flag)
