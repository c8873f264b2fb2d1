"""restore --verify on the real Milvus: the restored collection is loaded, counted per partition,
and, where the backed-up collection is reachable (the same Milvus under another name, or
--verify_source), sampled rows are compared field by field and top-10 searches hit by hit. What
verify loaded or indexed is put back, and only that: a source loaded before stays loaded. A source
whose data differs makes the restore fail naming the first differing primary key and field; a
--verify_source that cannot serve the verify fails the restore before it changes anything."""
import socket
import time
import uuid

import pytest
from pymilvus import Collection, utility

from cli_helpers import env, milvus_a_section, run_cli, s3_storage, write_config
from restore_data import assert_same_rows, connect, create_collection


@pytest.fixture(scope="module")
def source():
    alias = connect("verify_a", env("MB_MILVUS_A_HOST"), env("MB_MILVUS_A_PORT"))
    name = "rv_" + uuid.uuid4().hex[:8]
    coll = create_collection(alias, name)
    root = "verify_it_" + uuid.uuid4().hex[:8]
    backup = "bk_" + uuid.uuid4().hex[:8]
    config = write_config(f"/tmp/{root}.yaml", milvus_a_section(), s3_storage(env("MB_S3_BACKUP_BUCKET"), root))
    run_cli(config, "create", "-n", backup, "--filter", name, check=True, timeout=600)
    yield {"alias": alias, "name": name, "coll": coll, "backup": backup, "config": config}
    utility.drop_collection(name, using=alias)


def drop_if_exists(name, alias):
    if utility.has_collection(name, using=alias):
        utility.drop_collection(name, using=alias)


def load_state(name, alias):
    return str(utility.load_state(name, using=alias))


def test_verify_compares_rows_and_searches_with_the_source(source):
    name, alias = source["name"], source["alias"]
    target = name + "_v"
    try:
        proc = run_cli(source["config"], "restore", "-n", source["backup"], "-s", "_v", "--rebuild_index",
                       "--verify", timeout=900, check=True)
        out = proc.stdout
        assert f"verify default.{target} partition p2: backup 200 rows before deletes, restored 198 rows: ok" in out
        assert (f"verify default.{target} rows against default.{name} at the target Milvus: "
                "100 sampled rows equal: ok") in out
        assert "3 top-k searches agree: ok" in out
        assert f"verify default.{target}: PASS" in out
        # neither side was loaded before, so verify released both
        assert load_state(name, alias) == "NotLoad" and load_state(target, alias) == "NotLoad"
        assert_same_rows(source["coll"], Collection(target, using=alias))
    finally:
        drop_if_exists(target, alias)


def test_verify_without_index_loads_with_a_flat_index_it_drops_again(source):
    name, alias = source["name"], source["alias"]
    target = name + "_vf"
    try:
        proc = run_cli(source["config"], "restore", "-n", source["backup"], "-s", "_vf", "--verify", timeout=900,
                       check=True)
        assert f"verify default.{target}: PASS" in proc.stdout
        assert "100 sampled rows equal: ok" in proc.stdout
        restored = Collection(target, using=alias)
        assert restored.indexes == []
        assert load_state(target, alias) == "NotLoad"
    finally:
        drop_if_exists(target, alias)


def test_verify_source_on_another_milvus(source):
    """Milvus B holds a collection under the backed-up name: first the same rows (PASS), then rows
    whose float field differs (the restore fails, naming the first sampled key and the field)."""
    name, alias = source["name"], source["alias"]
    alias_b = connect("verify_b", env("MB_MILVUS_B_HOST"), env("MB_MILVUS_B_PORT"))
    address = f"{env('MB_MILVUS_B_HOST')}:{env('MB_MILVUS_B_PORT')}"
    try:
        create_collection(alias_b, name)
        proc = run_cli(source["config"], "restore", "-n", source["backup"], "-s", "_vs", "--verify",
                       "--verify_source", address, timeout=900, check=True)
        assert f"rows against default.{name} at {address}: 100 sampled rows equal: ok" in proc.stdout
        assert "3 top-k searches agree: ok" in proc.stdout
        assert load_state(name, alias_b) == "NotLoad"

        utility.drop_collection(name, using=alias_b)
        create_collection(alias_b, name, shift=0.5)
        proc = run_cli(source["config"], "restore", "-n", source["backup"], "-s", "_vd", "--verify",
                       "--verify_source", address, timeout=900)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert f"rows against default.{name} at {address}: MISMATCH at primary key 1 field f: source 0.8333333 " \
               "restored 0.33333334" in proc.stdout
        assert f"verify default.{name}_vd: FAIL" in proc.stdout
        assert "verify failed" in proc.stderr
    finally:
        drop_if_exists(name, alias_b)
        for suffix in ("_vs", "_vd"):
            drop_if_exists(name + suffix, alias)


def test_verify_leaves_a_source_loaded_before_loaded(source):
    name, alias = source["name"], source["alias"]
    target = name + "_vl"
    try:
        source["coll"].load()
        proc = run_cli(source["config"], "restore", "-n", source["backup"], "-s", "_vl", "--verify", timeout=900,
                       check=True)
        assert "3 top-k searches agree: ok" in proc.stdout
        assert f"verify default.{target}: PASS" in proc.stdout
        assert load_state(name, alias) == "Loaded"
        assert load_state(target, alias) == "NotLoad"
    finally:
        source["coll"].release()
        drop_if_exists(target, alias)


def closed_port():
    """A local port nothing listens on: bound, then closed."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_verify_source_that_cannot_serve_fails_before_any_change(source):
    name, alias = source["name"], source["alias"]
    alias_b = connect("verify_b", env("MB_MILVUS_B_HOST"), env("MB_MILVUS_B_PORT"))
    holding_nothing = f"{env('MB_MILVUS_B_HOST')}:{env('MB_MILVUS_B_PORT')}"
    unreachable = f"127.0.0.1:{closed_port()}"
    try:
        drop_if_exists(name, alias_b)
        for suffix, address, message in (("_vu", unreachable, unreachable),
                                         ("_vn", holding_nothing, f"has no collection default.{name}")):
            started = time.monotonic()
            proc = run_cli(source["config"], "restore", "-n", source["backup"], "-s", suffix, "--verify",
                           "--verify_source", address, timeout=300)
            assert proc.returncode == 1, proc.stdout + proc.stderr
            assert "--verify_source" in proc.stderr and message in proc.stderr, proc.stderr
            assert time.monotonic() - started < 60
            assert not utility.has_collection(name + suffix, using=alias)
    finally:
        for suffix in ("_vu", "_vn"):
            drop_if_exists(name + suffix, alias)


def test_verify_flag_errors(source):
    cases = [
        (["--verify_source", "localhost:19530"], "--verify_source needs --verify"),
        (["--verify", "--verify_source", "no-port"], "--verify_source must be HOST:PORT"),
        (["--verify", "--meta_only"], "--meta_only"),
    ]
    for flags, message in cases:
        proc = run_cli(source["config"], "restore", "-n", source["backup"], "-s", "_x", *flags)
        assert proc.returncode == 1 and message in proc.stderr, (flags, proc.stderr)
