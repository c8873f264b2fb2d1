"""Issue 18: `list` and `get` call a backup complete only when its meta is there and parses
(full_meta.json, or the four level files of a Go-made backup without it, and our manifest), and
`delete` removes what a create killed mid-copy to local storage left (`.mb-partial-*` files).
The Go-made and our fixture backups (shared/fixtures/go-compat) stay complete. No Milvus needed."""
import json
import shutil
from pathlib import Path

import pytest

from cli_helpers import REPO, run_cli, write_config


def fixtures_dir():
    # shared/ sits beside the checkout (CI, the main checkout) or two levels up (a worktree).
    for base in (REPO.parent, REPO.parent.parent):
        candidate = base / "shared" / "fixtures" / "go-compat"
        if (candidate / "dgo" / "meta").is_dir():
            return candidate
    raise AssertionError(f"shared/fixtures/go-compat not found beside {REPO}")


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "backups"
    src = fixtures_dir()
    shutil.copytree(src / "dgo", root / "dgo")
    shutil.copytree(src / "dours", root / "dours")
    return root


def config_for(tmp_path, root):
    # No Milvus is contacted by list, get and delete; the section only has to be valid.
    milvus = {"grpc": {"address": "127.0.0.1", "port": 1}, "storage": {"provider": "local", "rootPath": str(tmp_path)}}
    return write_config(tmp_path / "backup.yaml", milvus, {"provider": "local", "rootPath": str(root)})


def states(config):
    proc = run_cli(config, "list", "--output", "json", check=True)
    return {b["name"]: b for b in json.loads(proc.stdout)}


def test_fixtures_are_complete_and_broken_meta_is_incomplete_or_damaged(tmp_path, root):
    # A create of ours killed after the level files: manifest and level files, no full_meta.json.
    shutil.copytree(root / "dours", root / "ours_cut")
    (root / "ours_cut/meta/full_meta.json").unlink()
    # A Go-made backup without full_meta.json (older Go versions): the level files stand for it.
    shutil.copytree(root / "dgo", root / "go_levels")
    (root / "go_levels/meta/full_meta.json").unlink()
    # The same with a level file cut short.
    shutil.copytree(root / "go_levels", root / "go_bad_level")
    text = (root / "go_bad_level/meta/collection_meta.json").read_text()
    (root / "go_bad_level/meta/collection_meta.json").write_text(text[: len(text) // 2])
    # Ours with a manifest that does not parse.
    shutil.copytree(root / "dours", root / "ours_bad_manifest")
    (root / "ours_bad_manifest/meta/milvus_backup_cpp.json").write_text('{"format_version": 1e999}')
    # Ours with full_meta.json that does not parse.
    shutil.copytree(root / "dours", root / "ours_bad_full")
    (root / "ours_bad_full/meta/full_meta.json").write_text("[" * 100_000)

    config = config_for(tmp_path, root)
    listed = states(config)
    assert {name: b["state"] for name, b in listed.items()} == {
        "dgo": "complete", "dours": "complete", "go_levels": "complete",
        "ours_cut": "incomplete", "go_bad_level": "damaged", "ours_bad_manifest": "damaged",
        "ours_bad_full": "damaged"}
    assert "missing meta/full_meta.json" in listed["ours_cut"]["problem"]
    assert "meta/collection_meta.json" in listed["go_bad_level"]["problem"]
    assert "milvus_backup_cpp.json" in listed["ours_bad_manifest"]["problem"]
    assert "out of range" in listed["ours_bad_manifest"]["problem"]
    assert "nested deeper than 64 levels" in listed["ours_bad_full"]["problem"]

    # The Go tool's text listing shows only complete backups.
    text_list = run_cli(config, "list", check=True).stdout.split()
    assert sorted(n for n in text_list if not n.startswith(">>") and n != "Backups:") == ["dgo", "dours", "go_levels"]

    for name, made_as in (("dgo", "dgo"), ("dours", "dours"), ("go_levels", "dgo")):
        got = json.loads(run_cli(config, "get", "-n", name, check=True).stdout)
        assert got["name"] == made_as and len(got["collection_backups"]) == 2, got
    for name, says in (("ours_cut", "missing meta/full_meta.json"), ("go_bad_level", "collection_meta.json"),
                       ("ours_bad_manifest", "milvus_backup_cpp.json"), ("ours_bad_full", "full_meta.json")):
        proc = run_cli(config, "get", "-n", name)
        assert proc.returncode != 0, (name, proc.stdout)
        assert says in proc.stderr, (name, proc.stderr)


def test_delete_removes_the_partial_files_of_a_killed_create(tmp_path, root):
    killed = root / "killed"
    (killed / "binlogs/insert_log/1/2/3/3/100").mkdir(parents=True)
    (killed / "binlogs/insert_log/1/2/3/3/100/.mb-partial-6f1c0b7e-9d2b-4a55-8f0e-2b1f7c1d9a01").write_bytes(b"x" * 4096)
    (killed / "binlogs/.mb-partial-0b9e2f3a-1111-4c2d-9e8f-7a6b5c4d3e2f").write_bytes(b"y" * 10)
    config = config_for(tmp_path, root)
    assert "killed" not in states(config)  # nothing a listing shows, and a listing removes nothing
    assert len(list(killed.rglob(".mb-partial-*"))) == 2
    proc = run_cli(config, "delete", "-n", "killed")
    assert proc.returncode == 0, proc.stderr
    assert not killed.exists()
    assert run_cli(config, "delete", "-n", "killed").returncode != 0  # now it is gone
    assert set(states(config)) == {"dgo", "dours"}
