"""Private instances of the test bed's storage servers, for tests that kill a server.

A test never stops the shared test bed (scripts/testenv); one that kills a server starts its own
here, with the binaries and flags scripts/testenv uses, on free ports of 19900-19999 and in a data
dir of its own. kill() is SIGKILL; start() again brings the server back on the same ports and data
dir, so a server that keeps its objects on disk comes back with them (moto keeps none).
"""
from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests

HOST = "127.0.0.1"
PORT_RANGE = range(19900, 20000)


def free_ports(count: int) -> list[int]:
    """Ports nothing listens on now; picked at random so that parallel runs rarely collide."""
    chosen: list[int] = []
    for port in random.sample(PORT_RANGE, len(PORT_RANGE)):
        with socket.socket() as s:
            try:
                s.bind((HOST, port))
            except OSError:
                continue
        chosen.append(port)
        if len(chosen) == count:
            return chosen
    raise RuntimeError(f"fewer than {count} free ports in {PORT_RANGE}")


def answers_http(url: str, expect: int | None = None) -> bool:
    try:
        status = requests.get(url, timeout=3).status_code
    except requests.RequestException:
        return False
    return expect is None or status == expect


class PrivateServer:
    """One server process of ours; subclasses say how to run it and how to tell it is ready."""

    name = "server"
    port_count = 1

    def __init__(self, repo_root: Path, data_dir: Path):
        self.repo_root = repo_root
        self.data_dir = data_dir
        self.ports = free_ports(self.port_count)
        self.process: subprocess.Popen | None = None
        self.log_path = data_dir / f"{self.name}.log"

    @property
    def port(self) -> int:
        return self.ports[0]

    def command(self) -> list[str]:
        raise NotImplementedError

    def healthy(self) -> bool:
        raise NotImplementedError

    def start(self, timeout: float = 90) -> None:
        assert self.process is None, f"{self.name} is already running"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while not self.healthy():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.kill()
                tail = self.log_path.read_text(errors="replace")[-3000:]
                raise RuntimeError(f"private {self.name} did not become healthy; log tail:\n{tail}")
            time.sleep(0.3)

    def kill(self) -> None:
        """SIGKILL, as a crash: no chance to flush or clean up."""
        if self.process is None:
            return
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process = None

    def probe_env(self, bucket: str) -> dict[str, str]:
        """The MB_PROBE_* variables that point storage_probe at `bucket` on this server."""
        raise NotImplementedError

    def wait_until_persisted(self, bucket: str) -> None:
        """Returns once a crash can no longer lose `bucket`; servers that write through need no wait."""


class S3Server(PrivateServer):
    access_key = "testing"
    secret_key = "testing"

    def probe_env(self, bucket: str) -> dict[str, str]:
        return {"MB_PROBE_PROVIDER": "minio", "MB_PROBE_ADDRESS": HOST, "MB_PROBE_PORT": str(self.port),
                "MB_PROBE_SSL": "0", "MB_PROBE_BUCKET": bucket, "MB_PROBE_REGION": "us-east-1",
                "MB_PROBE_ACCESS_KEY": self.access_key, "MB_PROBE_SECRET_KEY": self.secret_key}

    def client(self):
        import boto3
        from botocore.config import Config
        return boto3.client("s3", endpoint_url=f"http://{HOST}:{self.port}", region_name="us-east-1",
                            aws_access_key_id=self.access_key, aws_secret_access_key=self.secret_key,
                            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1},
                                          connect_timeout=3, read_timeout=10))


class SeaweedFS(S3Server):
    """master + volume + filer + S3 in one `weed server`; everything persists under data_dir."""

    name = "seaweedfs"
    port_count = 8  # S3 first; then its gRPC, master, volume, filer and their gRPC ports
    access_key = "mbadmin"
    secret_key = "mbadmin-secret-key"

    def command(self) -> list[str]:
        s3, s3_grpc, master, master_grpc, volume, volume_grpc, filer, filer_grpc = self.ports
        identities = self.data_dir / "s3.json"
        identities.write_text(
            '{"identities": [{"name": "mbadmin", "credentials": [{"accessKey": "%s", "secretKey": "%s"}],'
            ' "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}' % (self.access_key, self.secret_key))
        for sub in ("master", "volume"):
            (self.data_dir / sub).mkdir(exist_ok=True)
        return [str(self.repo_root / ".tools/bin/weed"), "server", f"-ip={HOST}", f"-ip.bind={HOST}",
                f"-dir={self.data_dir / 'volume'}", f"-master.port={master}", f"-master.port.grpc={master_grpc}",
                f"-master.dir={self.data_dir / 'master'}", "-master.volumeSizeLimitMB=64",
                "-master.electionTimeout=1s", "-volume.max=100", "-volume.preStopSeconds=0",
                f"-volume.port={volume}", f"-volume.port.grpc={volume_grpc}", "-filer",
                f"-filer.port={filer}", f"-filer.port.grpc={filer_grpc}",
                "-s3", f"-s3.port={s3}", f"-s3.port.grpc={s3_grpc}", f"-s3.config={identities}",
                "-s3.port.iceberg=0", "-s3.port.lance=0"]

    def healthy(self) -> bool:
        # Ready when an object can be written and read back, as scripts/testenv checks it.
        try:
            client = self.client()
            if "mb-health" not in {b["Name"] for b in client.list_buckets().get("Buckets", [])}:
                client.create_bucket(Bucket="mb-health")
            client.put_object(Bucket="mb-health", Key="probe", Body=b"ok")
            return client.get_object(Bucket="mb-health", Key="probe")["Body"].read() == b"ok"
        except Exception:  # noqa: BLE001 (any failure means: not yet)
            return False


class Moto(S3Server):
    """moto keeps everything in memory: a restarted moto has no buckets."""

    name = "moto"

    def command(self) -> list[str]:
        return [str(self.repo_root / ".venv/bin/moto_server"), "-H", HOST, "-p", str(self.port)]

    def healthy(self) -> bool:
        return answers_http(f"http://{HOST}:{self.port}/", 200)


class Azurite(PrivateServer):
    name = "azurite"
    account = "devstoreaccount1"
    key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="  # the public dev key

    def command(self) -> list[str]:
        return [str(self.repo_root / ".tools/node/node_modules/.bin/azurite-blob"), "--blobHost", HOST,
                "--blobPort", str(self.port), "--location", str(self.data_dir / "data"), "--skipApiVersionCheck",
                "--loose", "--disableProductStyleUrl"]

    def healthy(self) -> bool:
        return answers_http(f"http://{HOST}:{self.port}/{self.account}?comp=list")  # 403 unsigned: serving

    def wait_until_persisted(self, bucket: str, timeout: float = 30) -> None:
        """Azurite keeps its metadata in memory and saves it every few seconds: a SIGKILL before the
        save loses a container just created. Waits until the saved file names it."""
        db = self.data_dir / "data" / "__azurite_db_blob__.json"
        deadline = time.time() + timeout
        while not (db.is_file() and bucket in db.read_text(errors="replace")):
            assert time.time() < deadline, f"azurite did not save container {bucket} within {timeout} s"
            time.sleep(0.2)

    def probe_env(self, bucket: str) -> dict[str, str]:
        return {"MB_PROBE_PROVIDER": "azure", "MB_PROBE_ADDRESS": HOST, "MB_PROBE_PORT": str(self.port),
                "MB_PROBE_SSL": "0", "MB_PROBE_BUCKET": bucket, "MB_PROBE_AUTH_TYPE": "sharedKey",
                "MB_PROBE_ACCOUNT_NAME": self.account, "MB_PROBE_ACCOUNT_KEY": self.key}


class FakeGcs(PrivateServer):
    name = "gcs"

    def command(self) -> list[str]:
        return [str(self.repo_root / ".tools/bin/fake-gcs-server"), "-scheme", "http", "-host", HOST,
                "-port", str(self.port), "-backend", "filesystem", "-filesystem-root", str(self.data_dir / "data"),
                "-external-url", f"http://{HOST}:{self.port}", "-public-host", f"{HOST}:{self.port}",
                "-log-level", "warn"]

    def healthy(self) -> bool:
        return answers_http(f"http://{HOST}:{self.port}/storage/v1/b", 200)

    def probe_env(self, bucket: str) -> dict[str, str]:
        return {"MB_PROBE_PROVIDER": "gcpnative", "MB_PROBE_ADDRESS": HOST, "MB_PROBE_PORT": str(self.port),
                "MB_PROBE_SSL": "0", "MB_PROBE_BUCKET": bucket, "MB_PROBE_AUTH_TYPE": "default"}


SERVERS = {cls.name: cls for cls in (SeaweedFS, Moto, Azurite, FakeGcs)}
