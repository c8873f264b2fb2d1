"""Issue 18: no request can crash `milvus-backup server`. Deep bodies (1k to 1M levels; 70k-deep
db_collections used to segfault it, losing every running job), wide ones and out-of-range numbers
go to every POST route of the real binary: each answers 400 naming the problem, the server keeps
serving, and a backup job started before the flood finishes as it would have.

Also the exposure warning and server.auth.required (item 8), on the real binary."""
import json
import subprocess
import time
import uuid

import pytest
import requests
from pymilvus import Collection, CollectionSchema, DataType, FieldSchema, connections, utility

from cli_helpers import BINARY, env, local_storage, milvus_a_section, write_config
from server_process import free_port, running_server

POST_ROUTES = ["/api/v1/create", "/api/v1/restore", "/api/v1/cancel_backup", "/api/v1/cancel_restore"]
DEPTHS = [1_000, 10_000, 70_000, 1_000_000]
MAX_BODY = 16 << 20  # so that even the 1M-deep bodies (5 MB) reach the parser instead of a 413


def deep_objects(depth):
    return '{"a":' * depth + "[]" + "}" * depth


def deep_arrays(depth):
    return "[" * depth + "]" * depth


def hostile_bodies():
    """(label, body, what the message must say or None): each is refused with 400 by every POST route."""
    deep = "nested deeper than 64 levels"
    for depth in DEPTHS:
        yield f"arrays-{depth}", deep_arrays(depth), deep
        yield f"objects-{depth}", deep_objects(depth), deep
        for field in ("db_collections", "collection_renames", "filter", "restorePlan"):
            yield f"{field}-{depth}", '{"%s":%s}' % (field, deep_objects(depth)), deep
        # db_collections may be a string holding JSON: the inner text is depth-limited too.
        yield f"db_collections-string-{depth}", json.dumps({"db_collections": deep_objects(depth)}), None
    yield "unclosed-1M", "[" * 1_000_000, deep
    yield "wide-unknown-members", json.dumps({f"k{i}": i for i in range(100_000)}), "unknown field"
    yield "wide-bad-names", json.dumps({"collection_names": [[] for _ in range(200_000)]}), None
    yield "wide-bad-colls", json.dumps({"db_collections": {"d": list(range(200_000))}}), None


NUMBERS = [('{"async":1e999999}', "async"), ('{"async":-1e400}', "async"),
           ('{"collection_names":[1e999]}', "collection_names[0]"),
           ('{"maxShardNum":99999999999999999999999}', "maxShardNum")]


@pytest.fixture(scope="module")
def alias():
    connections.connect("hostile_it", host=env("MB_MILVUS_A_HOST"), port=env("MB_MILVUS_A_PORT"))
    yield "hostile_it"
    connections.disconnect("hostile_it")


@pytest.fixture
def collection(alias):
    name = "hostile_" + uuid.uuid4().hex[:8]
    schema = CollectionSchema([FieldSchema("id", DataType.INT64, is_primary=True),
                               FieldSchema("v", DataType.FLOAT_VECTOR, dim=8)])
    coll = Collection(name, schema, using=alias)
    rows = 20_000
    coll.insert([list(range(rows)), [[float(i % 13)] * 8 for i in range(rows)]])
    coll.flush()
    yield name
    utility.drop_collection(name, using=alias)


def test_hostile_bodies_get_400_and_hurt_no_running_job(tmp_path, collection):
    config = write_config(tmp_path / "backup.yaml", milvus_a_section(), local_storage(tmp_path / "backups"))
    with running_server(config, "--host", "127.0.0.1", "--state_dir", str(tmp_path / "state"),
                        "--max_body_bytes", str(MAX_BODY), cwd=tmp_path, log_path=tmp_path / "server.log") as url:
        backup = "hostile_bk_" + uuid.uuid4().hex[:6]
        started = requests.post(url + "/api/v1/create", timeout=60,
                                json={"backup_name": backup, "async": True, "collection_names": [collection]})
        assert started.status_code == 200 and "code" not in started.json(), started.text

        answered = 0
        for label, body, expected in hostile_bodies():
            for route in POST_ROUTES:
                res = requests.post(url + route, data=body, timeout=120,
                                    headers={"Content-Type": "application/json"})
                assert res.status_code == 400, f"{route} {label}: {res.status_code} {res.text[:300]}"
                reply = res.json()
                assert reply["code"] == 400, f"{route} {label}: {reply}"
                if expected:
                    assert expected in reply["msg"], f"{route} {label}: {reply['msg'][:300]}"
                answered += 1
        assert answered == len(POST_ROUTES) * (len(DEPTHS) * 7 + 4)

        for body, field in NUMBERS:
            for route in ("/api/v1/create", "/api/v1/restore"):
                res = requests.post(url + route, data=body, timeout=60)
                assert res.status_code == 400, f"{route} {body}: {res.status_code} {res.text}"
                msg = res.json()["msg"]
                assert f"{field}: number" in msg and "is out of range" in msg, f"{route} {body}: {msg}"

        # Still serving, and the job started before the flood ends as it would have.
        assert requests.get(url + "/healthz", timeout=10).status_code == 200
        deadline = time.time() + 300
        while True:
            data = requests.get(url + "/api/v1/get_backup", params={"backup_name": backup}, timeout=60).json()["data"]
            if data["state_code"] not in (0, 1):
                break
            assert time.time() < deadline, data
            time.sleep(0.3)
        assert data["state_code"] == 2, data
        assert [c["collection_name"] for c in data["collection_backups"]] == [collection]
        listed = requests.get(url + "/api/v1/list", timeout=60).json()["data"]
        assert backup in [b["name"] for b in listed]
    log = (tmp_path / "server.log").read_text()
    assert "unhandled exception" not in log


def _run_server(tmp_path, *args, extra_config=None, timeout=10):
    config = write_config(tmp_path / "backup.yaml", milvus_a_section(), local_storage(tmp_path / "backups"),
                          extra_config)
    return subprocess.run([str(BINARY), "--config", str(config), "server", "-p", str(free_port()), *args],
                          capture_output=True, text=True, timeout=timeout, cwd=tmp_path)


def test_open_to_all_without_a_token_warns_in_the_log_and_healthz(tmp_path):
    config = write_config(tmp_path / "backup.yaml", milvus_a_section(), local_storage(tmp_path / "backups"))
    log_path = tmp_path / "server.log"
    with running_server(config, "--host", "0.0.0.0", "--state_dir", str(tmp_path / "state"),
                        cwd=tmp_path, log_path=log_path) as url:
        health = requests.get(url + "/healthz", timeout=10)
        assert health.status_code == 200
        first, _, warning = health.text.partition("\n")
        assert first == "OK"
        assert warning.startswith("warning: listening on 0.0.0.0 without a token"), health.text
    assert "listening on 0.0.0.0 without a token" in log_path.read_text()

    # With a token there is nothing to warn about.
    with_token = write_config(tmp_path / "token.yaml", milvus_a_section(), local_storage(tmp_path / "backups"),
                              {"server": {"auth": {"token": "s3cret"}}})
    with running_server(with_token, "--host", "0.0.0.0", "--state_dir", str(tmp_path / "state2"),
                        cwd=tmp_path, log_path=tmp_path / "s2.log") as url:
        assert requests.get(url + "/healthz", timeout=10).text == "OK"
    assert "without a token" not in (tmp_path / "s2.log").read_text()


def test_auth_required_refuses_to_start_without_a_token(tmp_path):
    proc = _run_server(tmp_path, "--host", "127.0.0.1", "--state_dir", str(tmp_path / "state"),
                       extra_config={"server": {"auth": {"required": True}}})
    assert proc.returncode != 0
    assert "server.auth.required is true but no token is set" in proc.stderr, proc.stderr
    assert not (tmp_path / "state").exists() or not any((tmp_path / "state" / "jobs").glob("*.json"))
