"""verify as a job of the server (issue 11): REST POST /api/v1/verify (async, polled with
get_verify: progress, then the report) and the gRPC Verify/GetVerify/WatchJob, on a real backup
and on a copy of it with one damaged binlog."""
import json
import shutil
import uuid
from pathlib import Path

from cli_helpers import run_cli
from test_grpc_service import GrpcServer, pb  # noqa: F401
from test_server import Server, alias, make_collection, poll, setup  # noqa: F401


def make_backups(setup, alias):
    name = "vj_" + uuid.uuid4().hex[:8]
    setup["collections"].append(name)
    make_collection(alias, name)
    good = "bk_" + uuid.uuid4().hex[:8]
    run_cli(setup["config"], "create", "-n", good, "--filter", name, "-q", check=True, timeout=600)
    root = setup["tmp"] / "backups"
    bad = good + "_bad"
    shutil.copytree(root / good, root / bad)
    victim = sorted(p for p in (root / bad / "binlogs" / "insert_log").rglob("*") if p.is_file())[0]
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0x01
    victim.write_bytes(bytes(data))
    return good, bad, str(victim.relative_to(root / bad))


def test_rest_verify_job_reports_progress_and_problems(setup, alias):
    good, bad, key = make_backups(setup, alias)
    server = Server(setup["config"], setup["state"])
    try:
        res = server.post("/api/v1/verify", json={"backup_name": good, "read_data": True, "async": True})
        body = res.json()
        assert res.status_code == 200 and body["msg"] == "verify is executing asynchronously", body
        job_id = body["data"]["id"]
        assert 0 <= body["data"]["progress"] <= 100
        done = poll(server, "/api/v1/get_verify", {"id": job_id})
        assert done["data"]["state_code"] == 2 and done["data"]["progress"] == 100, done
        report = done["data"]["report"]
        assert report["ok"] and report["backups"][0]["files_read"] > 0, report

        # Sync, and damaged: the job succeeds, its report names the key.
        body = server.post("/api/v1/verify", json={"backup_name": bad, "read_data": True}).json()
        assert body["data"]["state_code"] == 2, body
        report = body["data"]["report"]
        assert not report["ok"]
        assert [(p["backup"], p["key"], p["kind"]) for p in report["problems"]] == [(bad, key, "checksum_mismatch")]

        # Bad input.
        res = server.post("/api/v1/verify", json={"backup_name": good, "read_data_subset": "0/2"})
        assert res.json()["code"] == 400 and "read-data-subset" in res.json()["msg"], res.text
        res = server.post("/api/v1/verify", json={"backup_name": "no_such_backup"})
        assert res.json()["code"] == 404, res.text
        res = server.post("/api/v1/verify", json={"backup_name": good, "read_data": "yes"})
        assert res.status_code == 400
        assert server.get("/api/v1/get_verify", params={"id": "nope"}).json()["code"] == 404
    finally:
        server.stop()


def test_grpc_verify_job_streams_to_its_report(pb, setup, alias):  # noqa: F811
    good, bad, key = make_backups(setup, alias)
    server = GrpcServer(pb, setup["config"], setup["state"])
    m, stub = server.m, server.stub
    try:
        started = stub.Verify(m.VerifyRequest(backup_name=bad, read_data=True), timeout=60)
        assert started.kind == m.JOB_KIND_VERIFY
        jobs = server.watch(m.JOB_KIND_VERIFY, started.id)
        assert jobs[-1].state == m.JOB_STATE_SUCCESS, jobs[-1]
        report = json.loads(jobs[-1].verify_report)
        assert [p["key"] for p in report["problems"]] == [key]
        got = stub.GetVerify(m.GetVerifyRequest(id=started.id), timeout=60)
        assert json.loads(got.verify_report) == report
        waited = stub.Verify(m.VerifyRequest(backup_name=good, read_data_subset="1/1", wait=True), timeout=300)
        assert json.loads(waited.verify_report)["ok"]
    finally:
        server.stop()
