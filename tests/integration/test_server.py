"""`milvus-backup server`: the REST API end to end against Milvus A, as a client written for the Go
tool drives it (request_id header, envelope, async + polling, state codes), plus what the Go tool
lacks: strict bodies, bearer auth, job history across a restart, concurrency and bounded memory."""
import json
import os
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import requests
from pymilvus import Collection, CollectionSchema, DataType, FieldSchema, connections, utility

from cli_helpers import BINARY, env, local_storage, milvus_a_section, write_config

DIM = 4
ROWS = 500


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, config, state_dir, extra_env=None, extra_args=()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [str(BINARY), "--config", str(config), "server", "-p", str(self.port), "--host", "127.0.0.1",
             "--state_dir", str(state_dir), *extra_args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, **(extra_env or {})})
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                time.sleep(0.1)
        self.stop()
        raise AssertionError("server did not start:\n" + self.proc.stdout.read())

    def get(self, path, **kw):
        return requests.get(self.url + path, timeout=60, **kw)

    def post(self, path, **kw):
        return requests.post(self.url + path, timeout=600, **kw)

    def rss_kib(self):
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS")

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def alias():
    connections.connect("server_it", host=env("MB_MILVUS_A_HOST"), port=env("MB_MILVUS_A_PORT"))
    yield "server_it"
    connections.disconnect("server_it")


def make_collection(alias, name, rows=ROWS):
    schema = CollectionSchema([FieldSchema("id", DataType.INT64, is_primary=True),
                               FieldSchema("s", DataType.VARCHAR, max_length=32),
                               FieldSchema("v", DataType.FLOAT_VECTOR, dim=DIM)])
    coll = Collection(name, schema, using=alias)
    coll.insert([list(range(rows)), [f"s{i}" for i in range(rows)], [[i / 7.0, 1.0, 2.0, 3.0] for i in range(rows)]])
    coll.flush()
    return coll


def rows_of(alias, name):
    coll = Collection(name, using=alias)
    coll.create_index("v", {"index_type": "FLAT", "metric_type": "L2", "params": {}})
    coll.load()
    rows = coll.query("id >= 0", output_fields=["id", "s"], limit=16384)
    coll.release()
    return sorted((r["id"], r["s"]) for r in rows)


def poll(server, path, params, timeout=300):
    deadline = time.time() + timeout
    while time.time() < deadline:
        body = server.get(path, params=params).json()
        state = body["data"]["state_code"] if body.get("data") else None
        if state not in (0, 1):
            return body
        assert 0 <= body["data"]["progress"] <= 100
        time.sleep(0.3)
    raise AssertionError(f"{path} {params} still running after {timeout}s")


@pytest.fixture
def setup(tmp_path, alias):
    config = write_config(tmp_path / "backup.yaml", milvus_a_section(), local_storage(tmp_path / "backups"))
    created = []
    yield {"config": config, "state": tmp_path / "state", "collections": created, "tmp": tmp_path}
    for name in created:
        if utility.has_collection(name, using=alias):
            utility.drop_collection(name, using=alias)


def test_async_create_poll_list_restore_and_history_after_restart(setup, alias):
    name = "srv_" + uuid.uuid4().hex[:8]
    setup["collections"] += [name, name + "_rs"]
    make_collection(alias, name)
    backup = "bk_" + uuid.uuid4().hex[:8]
    server = Server(setup["config"], setup["state"])
    try:
        rid = str(uuid.uuid4())
        res = server.post("/api/v1/create", headers={"request_id": rid},
                          json={"backup_name": backup, "async": True, "collection_names": [name]})
        assert res.status_code == 200
        body = res.json()
        assert body["requestId"] == rid and "code" not in body
        assert body["msg"] == "create backup is executing asynchronously"
        done = poll(server, "/api/v1/get_backup", {"backup_name": backup})
        assert done["data"]["state_code"] == 2, done
        assert done["data"]["progress"] == 100
        assert done["data"]["id"] == rid
        assert [c["collection_name"] for c in done["data"]["collection_backups"]] == [name]
        assert done["data"]["size"] > 0 and done["data"]["meta_size"] > 0
        by_id = server.get("/api/v1/get_backup", params={"backup_id": rid}).json()
        assert by_id["data"]["name"] == backup

        # One id for one backup, as the Go tool: the meta's is the request's; times in unix ms
        entry = [b for b in server.get("/api/v1/list").json()["data"] if b["name"] == backup][0]
        assert entry["id"] == rid
        assert json.loads((setup["tmp"] / "backups" / backup / "meta" / "backup_meta.json").read_text())["id"] == rid
        assert 1.7e12 < done["data"]["start_time"] <= done["data"]["end_time"] < 1e13
        assert entry["start_time"] == done["data"]["start_time"] and entry["end_time"] == done["data"]["end_time"]

        # The same name again: a clean refusal, whether sync or async.
        again = server.post("/api/v1/create", json={"backup_name": backup}).json()
        assert again["code"] == 3 and "already exist" in again["msg"], again

        res = server.post("/api/v1/restore", json={"id": "rs-" + backup, "backup_name": backup, "async": True,
                                                   "collection_suffix": "_rs", "collection_names": [name]}).json()
        assert res["msg"] == "restore backup is executing asynchronously", res
        assert res["data"]["id"] == "rs-" + backup
        restored = poll(server, "/api/v1/get_restore", {"id": "rs-" + backup})
        assert restored["data"]["state_code"] == 2, restored
        assert restored["data"]["progress"] == 100
        task = restored["data"]["collection_restore_tasks"][0]
        assert task["target_collection_name"] == name + "_rs"
        assert task["id"] and task["restored_size"] == task["to_restore_size"] == done["data"]["size"]
        assert restored["data"]["restored_size"] == restored["data"]["to_restore_size"] == done["data"]["size"]
        assert restored["data"]["start_time"] < 1e11  # a restore's times are unix seconds, as in Go
        assert rows_of(alias, name + "_rs") == rows_of(alias, name)
    finally:
        server.stop()

    # A restarted server still answers for both jobs.
    server = Server(setup["config"], setup["state"])
    try:
        again = server.get("/api/v1/get_backup", params={"backup_id": rid}).json()
        assert again["data"]["state_code"] == 2 and again["data"]["name"] == backup
        restored = server.get("/api/v1/get_restore", params={"id": "rs-" + backup}).json()
        assert restored["data"]["state_code"] == 2
        metrics = server.get("/metrics").text
        assert 'milvus_backup_jobs{kind="backup",state="success"} 1' in metrics
        assert 'milvus_backup_jobs{kind="restore",state="success"} 1' in metrics
        deleted = requests.delete(server.url + "/api/v1/delete", params={"backup_name": backup}).json()
        assert deleted == {"requestId": deleted["requestId"], "msg": "success"}
        gone = server.get("/api/v1/get_backup", params={"backup_name": backup}).json()
        assert gone.get("code") == 404, gone
    finally:
        server.stop()


def test_sync_create_of_a_backup_made_by_another_process_reads_full_data(setup, alias):
    name = "srv_" + uuid.uuid4().hex[:8]
    setup["collections"].append(name)
    make_collection(alias, name, rows=50)
    backup = "bk_" + uuid.uuid4().hex[:8]
    first = Server(setup["config"], setup["state"])
    try:
        res = first.post("/api/v1/create", json={"backup_name": backup, "collection_names": [name]}).json()
        assert res["msg"] == "success" and res["data"]["state_code"] == 2, res
    finally:
        first.stop()
    # Another server, another state dir: it never ran that job, yet answers with the stored backup.
    other = Server(setup["config"], setup["tmp"] / "other_state")
    try:
        got = other.get("/api/v1/get_backup", params={"backup_name": backup}).json()
        assert got["data"]["state_code"] == 2
        assert got["data"]["collection_backups"][0]["collection_name"] == name
    finally:
        other.stop()


def test_eight_concurrent_jobs_and_a_thousand_polls(setup, alias):
    names = ["srvc_" + uuid.uuid4().hex[:8] for _ in range(8)]
    setup["collections"].extend(names)
    for name in names:
        make_collection(alias, name, rows=100)
    server = Server(setup["config"], setup["state"])
    try:
        for i, name in enumerate(names):
            body = server.post("/api/v1/create", headers={"request_id": f"job-{i}"},
                               json={"backup_name": f"bk_{name}", "async": True, "collection_names": [name]}).json()
            assert "code" not in body, body
        rss_before = server.rss_kib()
        session = requests.Session()
        for i in range(1000):
            body = session.get(server.url + "/api/v1/get_backup",
                               params={"backup_id": f"job-{i % 8}"}, timeout=30).json()
            assert "code" not in body, body
            assert body["data"]["state_code"] in (0, 1, 2)
        for name in names:
            done = poll(server, "/api/v1/get_backup", {"backup_name": f"bk_{name}"})
            assert done["data"]["state_code"] == 2, done
        rss_after = server.rss_kib()
        assert rss_after - rss_before < 64 * 1024, (rss_before, rss_after)
        metrics = server.get("/metrics").text
        assert 'milvus_backup_jobs{kind="backup",state="success"} 8' in metrics
        assert 'route="/api/v1/get_backup",status="200"}' in metrics
    finally:
        server.stop()


def test_bad_input_over_http(setup):
    server = Server(setup["config"], setup["state"])
    try:
        for body in ["{", "[]", '{"backup_name": "x", "nope": 1}', '{"backup_name": 1}', '{"async": "true"}']:
            res = server.post("/api/v1/create", data=body, headers={"Content-Type": "application/json"})
            assert res.status_code == 400, body
            assert res.json()["code"] == 400 and res.json()["msg"].startswith("invalid request body"), res.text
        for name in ["", "1abc", "a-b", "../etc", "x" * 200, "名字"]:
            res = server.post("/api/v1/create", json={"backup_name": name}).json()
            assert res["code"] == 400, (name, res)
        res = server.post("/api/v1/create", data="{" + " " * (2 << 20) + "}",
                          headers={"Content-Type": "application/json"})
        assert res.status_code == 413
        # as the Go tool passes its get_backup answer on: Fail, "not found", the request id
        res = server.post("/api/v1/restore", json={"backup_name": "no_such_backup"},
                          headers={"request_id": "rid-missing"}).json()
        assert res == {"requestId": "rid-missing", "code": 3, "msg": "not found", "data": None}
        assert server.get("/api/v1/get_restore", params={"id": "nope"}).json()["msg"] == "task not found"
    finally:
        server.stop()


def test_bearer_token(setup):
    server = Server(setup["config"], setup["state"], extra_env={"MILVUS_BACKUP_SERVER_TOKEN": "s3cr3t-token"})
    try:
        assert server.get("/healthz").status_code == 200
        for headers in [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cr3t-token"}]:
            res = server.get("/api/v1/list", headers=headers)
            assert res.status_code == 401 and res.json()["code"] == 2
        assert server.get("/api/v1/list", headers={"Authorization": "Bearer s3cr3t-token"}).status_code == 200
    finally:
        server.stop()


def test_server_port_from_env_and_bad_port(setup):
    proc = subprocess.run([str(BINARY), "--config", str(setup["config"]), "server", "-p", "notaport"],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 1 and 'invalid port "notaport"' in proc.stderr
