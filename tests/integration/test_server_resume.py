"""A server SIGKILLed while it runs a job resumes the job when it is started again on the same state
dir (issue 12: "the same for server jobs after a server restart"): an async create goes on over its
half-written backup, an async restore through its journal, each under the id its client polls.

The create's copy is rate-limited so that the kill lands mid-copy; the restore is killed once its
temporary collection exists (staging and import follow).
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import requests
from pymilvus import connections, utility

from cli_helpers import BINARY, env, local_storage, milvus_a_section, run_cli, write_config
from crash_helpers import (TEMP_MARKER, make_collection, manifest_files, restored_ids, staged_dirs, temp_collections,
                           wait_for)
from server_process import free_port

ROWS = 16000  # ~4.3 MB: several seconds of copying at 1 MiB/s
SLOW = {"rateLimitMiB": 1, "concurrency": 2, "mode": "streaming"}  # streamed: a restore stages its files


class KillableServer:
    """`server` on a free loopback port, its output appended to `log`."""

    def __init__(self, config: Path, state_dir: Path, log: Path):
        self.url = f"http://127.0.0.1:{free_port()}"
        self.log = log
        with open(log, "a") as out:
            self.proc = subprocess.Popen(
                [str(BINARY), "--config", str(config), "server", "-p", self.url.rsplit(":", 1)[1], "--host",
                 "127.0.0.1", "--state_dir", str(state_dir)], stdout=out, stderr=subprocess.STDOUT)
        wait_for(self.answers, 30, "the server's /healthz", self.proc)

    def answers(self) -> bool:
        try:
            return requests.get(self.url + "/healthz", timeout=1).status_code == 200
        except requests.ConnectionError:
            return False

    def get(self, path, **kw):
        return requests.get(self.url + path, timeout=60, **kw).json()

    def post(self, path, **kw):
        return requests.post(self.url + path, timeout=60, **kw).json()

    def poll(self, path, params, timeout=600):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            body = self.get(path, params=params)
            if body.get("data") and body["data"]["state_code"] not in (0, 1):
                return body
            time.sleep(0.3)
        raise AssertionError(f"{path} {params} still running after {timeout} s\n{self.log.read_text()}")

    def kill(self):
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture(scope="module")
def bed(tmp_path_factory):
    alias = "resume_a"
    connections.connect(alias, host=env("MB_MILVUS_A_HOST"), port=env("MB_MILVUS_A_PORT"))
    name = "resume_" + uuid.uuid4().hex[:8]
    make_collection(alias, name, ROWS)
    tmp = tmp_path_factory.mktemp("resume")
    root = tmp / "backups"
    slow = write_config(tmp / "slow.yaml", milvus_a_section(), local_storage(root), {"transfer": SLOW})
    yield {"alias": alias, "name": name, "tmp": tmp, "root": root, "slow": slow}
    for c in utility.list_collections(using=alias):
        if c.startswith(name):
            utility.drop_collection(c, using=alias)
    connections.disconnect(alias)


def binlog_files(backup_dir: Path) -> list[Path]:
    base = backup_dir / "binlogs"
    return [p for p in base.rglob("*") if p.is_file()] if base.exists() else []


def test_a_create_cut_off_by_a_server_kill_is_resumed_by_the_restarted_server(bed):
    root, name = bed["root"], bed["name"]
    state, log = bed["tmp"] / "create_state", bed["tmp"] / "create_server.log"
    backup = "resumed_" + uuid.uuid4().hex[:8]
    job_id = str(uuid.uuid4())
    server = KillableServer(bed["slow"], state, log)
    try:
        started = server.post("/api/v1/create", headers={"request_id": job_id},
                              json={"backup_name": backup, "async": True, "collection_names": [name]})
        assert started["msg"] == "create backup is executing asynchronously", started
        wait_for(lambda: len(binlog_files(root / backup)) >= 1, 120, "a copied file", server.proc)
    finally:
        server.kill()
    assert not (root / backup / "meta" / "full_meta.json").exists(), "the kill came after the commit"

    server = KillableServer(bed["slow"], state, log)
    try:
        done = server.poll("/api/v1/get_backup", {"backup_name": backup})
        assert done["data"]["state_code"] == 2, done
        assert done["data"]["id"] == job_id and done["data"]["progress"] == 100
        by_id = server.get("/api/v1/get_backup", params={"backup_id": job_id})
        assert by_id["data"]["name"] == backup
    finally:
        server.stop()
    text = log.read_text()
    assert f"resuming backup job {job_id} ({backup}) interrupted by a server stop" in text, text
    assert "resume: kept" in text, text  # the create went over what the killed run had copied
    listed = run_cli(bed["slow"], "list", check=True)
    assert backup in listed.stdout
    assert manifest_files(root / backup)
    assert not (root / backup / "backup.lock.json").exists()
    verified = run_cli(bed["slow"], "verify", "-n", backup, timeout=600)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_a_restore_cut_off_by_a_server_kill_is_resumed_by_the_restarted_server(bed):
    alias, name = bed["alias"], bed["name"]
    run_cli(bed["slow"], "create", "-n", "src", "--filter", name, check=True, timeout=600)
    target = name + "_rsv"
    state, log = bed["tmp"] / "restore_state", bed["tmp"] / "restore_server.log"
    job_id = "rs-" + uuid.uuid4().hex[:8]

    def staged_for_target():  # restore-temp-<restore id>-default-<temporary collection>
        return [d for d in staged_dirs() if f"-default-{target}{TEMP_MARKER}" in d]

    server = KillableServer(bed["slow"], state, log)
    try:
        started = server.post("/api/v1/restore", json={"id": job_id, "backup_name": "src", "async": True,
                                                      "collection_suffix": "_rsv"})
        assert started["msg"] == "restore backup is executing asynchronously", started
        # Its temporary collection is made before the files are staged and imported into it.
        wait_for(lambda: [c for c in temp_collections(alias) if c.startswith(target + TEMP_MARKER)] != [], 120,
                 "the temporary collection", server.proc)
    finally:
        server.kill()
    assert not utility.has_collection(target, using=alias), "the kill came after the rename"

    server = KillableServer(bed["slow"], state, log)
    try:
        done = server.poll("/api/v1/get_restore", {"id": job_id})
        assert done["data"]["state_code"] == 2, done
        assert done["data"]["progress"] == 100
    finally:
        server.stop()
    text = log.read_text()
    assert f"resuming restore job {job_id} (src) interrupted by a server stop" in text, text
    assert restored_ids(alias, target) == list(range(ROWS))
    assert [c for c in temp_collections(alias) if c.startswith(target + TEMP_MARKER)] == []
    assert staged_for_target() == []
