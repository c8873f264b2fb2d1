"""`milvus-backup server --grpc_port`: the gRPC BackupService end to end against Milvus A, with
Python stubs generated at test time from proto/backup_service.proto: create -> WatchJob to the end
-> List/Get -> restore under a suffix -> the same rows; status codes for bad input and auth; and one
job manager behind both the gRPC and the REST API."""
import importlib
import sys
import uuid

import grpc
import pytest
from grpc_tools import protoc
from pymilvus import utility

from cli_helpers import REPO
# alias and setup are the REST tests' fixtures: Milvus A's connection, a config on local storage
# and the collections to drop afterwards.
from test_server import Server, alias, free_port, make_collection, rows_of, setup  # noqa: F401

TOKEN = "grpc-s3cr3t"


@pytest.fixture(scope="module")
def pb(tmp_path_factory):
    """The generated messages and stubs, imported from a fresh temp dir."""
    out = tmp_path_factory.mktemp("grpc_stubs")
    proto_dir = REPO / "proto"
    assert protoc.main(["protoc", f"-I{proto_dir}", f"--python_out={out}",
                        f"--grpc_python_out={out}", str(proto_dir / "backup_service.proto")]) == 0
    sys.path.insert(0, str(out))
    try:
        return importlib.import_module("backup_service_pb2"), importlib.import_module("backup_service_pb2_grpc")
    finally:
        sys.path.remove(str(out))


class GrpcServer:
    """The server with both APIs on; `stub` talks to its gRPC port with the token, if any."""

    def __init__(self, pb, config, state_dir, token=None):
        self.m, stubs = pb
        port = free_port()
        self.rest = Server(config, state_dir, extra_env={"MILVUS_BACKUP_SERVER_TOKEN": token} if token else None,
                           extra_args=("--grpc_port", str(port)))
        self.channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        grpc.channel_ready_future(self.channel).result(timeout=30)
        self.stub = stubs.BackupServiceStub(self.channel)
        self.metadata = [("authorization", f"Bearer {token}")] if token else []

    def watch(self, kind, job_id):
        stream = self.stub.WatchJob(self.m.WatchJobRequest(kind=kind, id=job_id, interval_ms=100),
                                    metadata=self.metadata, timeout=600)
        return list(stream)

    def stop(self):
        self.channel.close()
        self.rest.stop()


def assert_streamed_to_success(m, jobs):
    """Running messages with sane percents, then exactly one final message: success."""
    assert jobs, "WatchJob sent nothing"
    *running, last = jobs
    assert last.state == m.JOB_STATE_SUCCESS, last
    assert last.progress_percent == 100 and last.end_time >= last.start_time > 0, last
    for job in running:
        assert job.state in (m.JOB_STATE_INITIAL, m.JOB_STATE_EXECUTING), job
        assert 0 <= job.progress_percent <= 100, job
        assert job.id == last.id


def test_create_watch_list_get_restore_same_rows(pb, setup, alias):
    name = "grpc_" + uuid.uuid4().hex[:8]
    setup["collections"] += [name, name + "_rs", name + "_meta"]
    make_collection(alias, name)
    backup = "bk_" + uuid.uuid4().hex[:8]
    server = GrpcServer(pb, setup["config"], setup["state"])
    m, stub = server.m, server.stub
    try:
        started = stub.Create(m.CreateRequest(backup_name=backup, filter=name), timeout=60)
        assert started.kind == m.JOB_KIND_BACKUP and started.backup_name == backup and started.id, started
        assert started.state in (m.JOB_STATE_INITIAL, m.JOB_STATE_EXECUTING), started
        created = server.watch(m.JOB_KIND_BACKUP, started.id)
        assert_streamed_to_success(m, created)
        assert len(created) >= 2, "the flush alone outlasts a 100 ms watch interval"
        assert created[-1].size > 0

        listed = {b.name: b for b in stub.List(m.ListRequest(), timeout=60).backups}
        assert listed[backup].complete and listed[backup].size == created[-1].size, listed
        got = stub.Get(m.GetRequest(backup_name=backup), timeout=60)
        assert got.stored and got.name == backup and got.job.id == started.id, got
        assert got.collections == [f"default.{name}"], got
        assert stub.Get(m.GetRequest(backup_id=started.id), timeout=60).name == backup
        # The REST API answers for the job the gRPC API started: one job manager behind both.
        rest = server.rest.get("/api/v1/get_backup", params={"backup_id": started.id}).json()
        assert rest["data"]["name"] == backup and rest["data"]["state_code"] == 2, rest

        with pytest.raises(grpc.RpcError) as taken:
            stub.Create(m.CreateRequest(backup_name=backup), timeout=60)
        assert taken.value.code() == grpc.StatusCode.ALREADY_EXISTS, taken.value.details()

        restore_id = "rs_" + backup
        job = stub.Restore(m.RestoreRequest(backup_name=backup, job_id=restore_id, suffix="_rs"), timeout=60)
        assert job.id == restore_id and job.kind == m.JOB_KIND_RESTORE, job
        assert_streamed_to_success(m, server.watch(m.JOB_KIND_RESTORE, restore_id))
        restored = stub.GetRestore(m.GetRestoreRequest(id=restore_id), timeout=60)
        assert restored.state == m.JOB_STATE_SUCCESS, restored
        assert list(restored.restored_collections) == [f"default.{name}_rs"], restored
        assert rows_of(alias, name + "_rs") == rows_of(alias, name)
        # With wait, the call itself answers once the job has ended.
        meta = stub.Restore(m.RestoreRequest(backup_name=backup, suffix="_meta", meta_only=True, wait=True), timeout=300)
        assert meta.state == m.JOB_STATE_SUCCESS and meta.end_time > 0, meta
        assert utility.has_collection(name + "_meta", using=alias)

        assert stub.Delete(m.DeleteRequest(backup_name=backup), timeout=60).was_complete
        with pytest.raises(grpc.RpcError) as gone:
            stub.Get(m.GetRequest(backup_name=backup), timeout=60)
        # The job that made it succeeded, so storage decides: gone.
        assert gone.value.code() == grpc.StatusCode.NOT_FOUND, gone.value.details()
    finally:
        server.stop()


def test_bad_inputs_and_auth_get_status_codes(pb, setup):
    server = GrpcServer(pb, setup["config"], setup["state"], token=TOKEN)
    m, stub = server.m, server.stub

    def code_of(call, request, metadata=server.metadata):
        with pytest.raises(grpc.RpcError) as error:
            result = call(request, metadata=metadata, timeout=60)
            if hasattr(result, "__iter__"):  # a stream fails on its first read
                list(result)
        return error.value.code(), error.value.details()

    try:
        for metadata in ([], [("authorization", "Bearer wrong")], [("authorization", TOKEN)]):
            code, _ = code_of(stub.List, m.ListRequest(), metadata)
            assert code == grpc.StatusCode.UNAUTHENTICATED
        code, _ = code_of(stub.WatchJob, m.WatchJobRequest(kind=m.JOB_KIND_BACKUP, id="x"), [])
        assert code == grpc.StatusCode.UNAUTHENTICATED
        assert stub.List(m.ListRequest(), metadata=server.metadata, timeout=60).backups == []

        code, details = code_of(stub.Get, m.GetRequest(backup_name="no_such_backup"))
        assert code == grpc.StatusCode.NOT_FOUND, details
        code, details = code_of(stub.Restore, m.RestoreRequest(backup_name="no_such_backup"))
        assert code == grpc.StatusCode.NOT_FOUND and details == "backup no_such_backup not found", details
        code, details = code_of(stub.Create, m.CreateRequest(backup_name="bad-name"))
        assert code == grpc.StatusCode.INVALID_ARGUMENT and "backup name" in details, details
        code, details = code_of(stub.Create, m.CreateRequest(backup_name="ok_name", root_path="../escape"))
        assert code == grpc.StatusCode.INVALID_ARGUMENT, details
        code, details = code_of(stub.GetRestore, m.GetRestoreRequest(id="nope"))
        assert code == grpc.StatusCode.NOT_FOUND, details
        code, details = code_of(stub.WatchJob, m.WatchJobRequest(kind=m.JOB_KIND_RESTORE, id="nope"))
        assert code == grpc.StatusCode.NOT_FOUND, details
        code, details = code_of(stub.Cancel, m.CancelRequest(id="nope"))
        assert code == grpc.StatusCode.INVALID_ARGUMENT, details
        # No job was started by any of these.
        assert server.rest.get("/api/v1/get_restore", params={"id": "nope"},
                               headers={"Authorization": f"Bearer {TOKEN}"}).json()["msg"] == "task not found"
    finally:
        server.stop()


def test_grpc_uses_the_servers_tls_certificate(pb, tmp_path):
    """With TLS configured, gRPC is served over TLS too (the bearer token never crosses in clear):
    a TLS channel trusting the certificate is answered, a plaintext channel is not."""
    import subprocess

    from cli_helpers import local_storage, milvus_a_section, write_config
    from server_process import running_server

    m, stubs = pb
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    config = write_config(tmp_path / "backup.yaml", milvus_a_section(), local_storage(tmp_path / "backups"),
                          extra={"server": {"address": "127.0.0.1", "stateDir": str(tmp_path / "state"),
                                            "tls": {"certPath": str(cert), "keyPath": str(key)}}})
    port = free_port()
    with running_server(config, "--grpc_port", str(port), cwd=tmp_path, log_path=tmp_path / "grpc_tls.log",
                        scheme="https"):
        credentials = grpc.ssl_channel_credentials(root_certificates=cert.read_bytes())
        with grpc.secure_channel(f"127.0.0.1:{port}", credentials) as channel:
            listed = stubs.BackupServiceStub(channel).List(m.ListRequest(), timeout=30)
            assert list(listed.backups) == []
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            with pytest.raises(grpc.RpcError) as refused:
                stubs.BackupServiceStub(channel).List(m.ListRequest(), timeout=5)
            assert refused.value.code() == grpc.StatusCode.UNAVAILABLE, refused.value
