"""Fixtures for the integration tests: endpoints of the servers `scripts/testenv start` runs,
connected pymilvus helpers, and a runner for the milvus-backup binary.

The endpoints come from the environment (`. .testenv/env.sh`). If a variable is not set in the
environment, it is read from `<repo>/.testenv/env.sh` when that file exists, so a plain
`pytest tests/integration` works after `scripts/testenv start`. A missing variable or an
unreachable server FAILS the test with "run scripts/testenv start"; nothing is ever skipped.
"""
from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ENV_FILE = REPO_ROOT / ".testenv" / "env.sh"
START_HINT = "run scripts/testenv start (and `. .testenv/env.sh`)"

# test modules import helpers that sit beside them (e.g. cli_helpers)
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))


def _load_env_file() -> None:
    """Fill MB_* variables missing from the environment from .testenv/env.sh."""
    if not ENV_FILE.is_file():
        return
    for line in ENV_FILE.read_text().splitlines():
        m = re.match(r"^export ([A-Z0-9_]+)=(.*)$", line.strip())
        if not m:
            continue
        value = shlex.split(m.group(2))
        os.environ.setdefault(m.group(1), value[0] if value else "")


_load_env_file()


def require_env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"environment variable {name} is not set: {START_HINT}", pytrace=False)
    return value


def _check_tcp(what: str, host: str, port: int, timeout: float = 5.0) -> None:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as e:
        pytest.fail(f"{what} at {host}:{port} is not reachable ({e}): {START_HINT}", pytrace=False)


def _host_port(url: str) -> tuple[str, int]:
    m = re.match(r"^https?://([^:/]+):(\d+)", url)
    assert m, f"not an http://host:port URL: {url}"
    return m.group(1), int(m.group(2))


# ---- endpoint descriptions ---------------------------------------------------

@dataclass(frozen=True)
class MilvusEndpoint:
    name: str                    # "A" or "B"
    host: str
    port: int                    # gRPC (proxy)
    mgmt: str                    # http://host:port serving /healthz (metrics/management port)
    root_path: str               # A: the local storage root; B: minio.rootPath inside the bucket
    storage_path: Optional[str]  # A only: absolute dir Milvus writes insert_log/... under
    bucket: Optional[str]        # B only: bucket on the SeaweedFS S3 endpoint

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def uri(self) -> str:
        return f"http://{self.host}:{self.port}"


@dataclass(frozen=True)
class S3Endpoint:
    endpoint: str      # http://127.0.0.1:port
    access_key: str
    secret_key: str
    region: str
    backup_bucket: Optional[str] = None

    @property
    def host(self) -> str:
        return _host_port(self.endpoint)[0]

    @property
    def port(self) -> int:
        return _host_port(self.endpoint)[1]

    def client(self):
        import boto3
        from botocore.config import Config
        return boto3.client(
            "s3", endpoint_url=self.endpoint, region_name=self.region,
            aws_access_key_id=self.access_key, aws_secret_access_key=self.secret_key,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3}))


@dataclass(frozen=True)
class AzuriteEndpoint:
    endpoint: str      # http://127.0.0.1:port/devstoreaccount1
    account: str
    key: str

    @property
    def connection_string(self) -> str:
        return (f"DefaultEndpointsProtocol=http;AccountName={self.account};"
                f"AccountKey={self.key};BlobEndpoint={self.endpoint};")


class Testbed:
    """Endpoints of the test servers. Each property reads its variables when first used, so a
    test touching only Milvus A does not need the others, and fails clearly when its own are
    missing."""

    env = staticmethod(require_env)

    @property
    def milvus_a(self) -> MilvusEndpoint:
        return MilvusEndpoint(
            name="A", host=require_env("MB_MILVUS_A_HOST"), port=int(require_env("MB_MILVUS_A_PORT")),
            mgmt=require_env("MB_MILVUS_A_MGMT"), root_path=require_env("MB_MILVUS_A_ROOT_PATH"),
            storage_path=require_env("MB_MILVUS_A_STORAGE_PATH"), bucket=None)

    @property
    def milvus_b(self) -> MilvusEndpoint:
        return MilvusEndpoint(
            name="B", host=require_env("MB_MILVUS_B_HOST"), port=int(require_env("MB_MILVUS_B_PORT")),
            mgmt=require_env("MB_MILVUS_B_MGMT"), root_path=require_env("MB_MILVUS_B_ROOT_PATH"),
            storage_path=None, bucket=require_env("MB_MILVUS_B_BUCKET"))

    @property
    def s3(self) -> S3Endpoint:
        """SeaweedFS S3 gateway (also holds Milvus B's bucket)."""
        return S3Endpoint(require_env("MB_S3_ENDPOINT"), require_env("MB_S3_ACCESS_KEY"),
                          require_env("MB_S3_SECRET_KEY"), require_env("MB_S3_REGION"),
                          require_env("MB_S3_BACKUP_BUCKET"))

    @property
    def moto(self) -> S3Endpoint:
        return S3Endpoint(require_env("MB_MOTO_ENDPOINT"), require_env("MB_MOTO_ACCESS_KEY"),
                          require_env("MB_MOTO_SECRET_KEY"), os.environ.get("MB_MOTO_REGION", "us-east-1"))

    @property
    def azurite(self) -> AzuriteEndpoint:
        return AzuriteEndpoint(require_env("MB_AZURITE_ENDPOINT"), require_env("MB_AZURITE_ACCOUNT"),
                               require_env("MB_AZURITE_KEY"))

    @property
    def gcs_endpoint(self) -> str:
        return require_env("MB_GCS_ENDPOINT")

    def as_dict(self) -> dict:
        """Every MB_* variable currently set."""
        return {k: v for k, v in os.environ.items() if k.startswith("MB_")}


# ---- paths and the binary ------------------------------------------------------

@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def build_dir() -> Path:
    return Path(os.environ.get("MB_BUILD_DIR", REPO_ROOT / "build"))


@pytest.fixture(scope="session")
def mb_binary(build_dir) -> Path:
    binary = Path(os.environ.get("MB_BINARY", build_dir / "milvus-backup"))
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        pytest.fail(f"{binary} not found: build first (cmake -S . -B {build_dir} -G Ninja && "
                    f"cmake --build {build_dir}), or set MB_BUILD_DIR / MB_BINARY", pytrace=False)
    return binary


@pytest.fixture(scope="session")
def run_backup(mb_binary):
    """run_backup(config_path, *args, timeout=300, check=False, env=None) -> CompletedProcess.
    Runs `milvus-backup --config <config_path> <args...>` capturing text output; with check=True a
    non-zero exit fails the test showing both streams."""
    def run(config, *args, timeout: float = 300, check: bool = False, env: Optional[dict] = None):
        cmd = [str(mb_binary)]
        if config is not None:
            cmd += ["--config", str(config)]
        cmd += [str(a) for a in args]
        full_env = dict(os.environ, **(env or {}))
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=full_env)
        if check and proc.returncode != 0:
            pytest.fail(f"{shlex.join(cmd)} exited {proc.returncode}\n"
                        f"--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}", pytrace=False)
        return proc
    return run


# ---- servers -------------------------------------------------------------------

@pytest.fixture(scope="session")
def testbed() -> Testbed:
    return Testbed()


class MilvusConn:
    """A pymilvus connection (alias) to one test Milvus. Collections made through
    `create_collection` (or registered with `track`) are dropped when the test ends."""

    def __init__(self, endpoint: MilvusEndpoint, alias: str):
        self.endpoint = endpoint
        self.alias = alias
        self._created: list[tuple[str, str]] = []   # (db, collection)

    @staticmethod
    def unique(prefix: str = "t") -> str:
        return f"{prefix}_{uuid.uuid4().hex[:10]}"

    def collection(self, name: str):
        from pymilvus import Collection
        return Collection(name, using=self.alias)

    def create_collection(self, name: str, schema, **kwargs):
        from pymilvus import Collection
        coll = Collection(name, schema, using=self.alias, **kwargs)
        self.track(name)
        return coll

    def track(self, name: str, db: str = "default") -> None:
        self._created.append((db, name))

    def has_collection(self, name: str) -> bool:
        from pymilvus import utility
        return utility.has_collection(name, using=self.alias)

    def list_collections(self) -> list[str]:
        from pymilvus import utility
        return utility.list_collections(using=self.alias)

    def drop_collection(self, name: str) -> None:
        from pymilvus import utility
        if utility.has_collection(name, using=self.alias):
            utility.drop_collection(name, using=self.alias)

    def cleanup(self) -> None:
        from pymilvus import db as milvus_db
        for db_name, name in reversed(self._created):
            try:
                milvus_db.using_database(db_name, using=self.alias)
                self.drop_collection(name)
            except Exception:  # cleanup is best effort; the test result stands
                pass
        try:
            milvus_db.using_database("default", using=self.alias)
        except Exception:
            pass
        self._created.clear()


def _connect(endpoint: MilvusEndpoint, alias: str):
    from pymilvus import connections
    _check_tcp(f"Milvus {endpoint.name} (gRPC)", endpoint.host, endpoint.port)
    try:
        connections.connect(alias, host=endpoint.host, port=str(endpoint.port), timeout=30)
    except Exception as e:
        pytest.fail(f"cannot connect pymilvus to Milvus {endpoint.name} at {endpoint.address}: {e}: "
                    f"{START_HINT}", pytrace=False)
    return alias


@pytest.fixture(scope="session")
def _milvus_a_alias(testbed):
    from pymilvus import connections
    alias = _connect(testbed.milvus_a, "milvus_a")
    yield alias
    connections.disconnect(alias)


@pytest.fixture(scope="session")
def _milvus_b_alias(testbed):
    from pymilvus import connections
    alias = _connect(testbed.milvus_b, "milvus_b")
    yield alias
    connections.disconnect(alias)


@pytest.fixture
def milvus_a(testbed, _milvus_a_alias) -> MilvusConn:
    """Milvus A (local storage), connected as pymilvus alias "milvus_a"."""
    conn = MilvusConn(testbed.milvus_a, _milvus_a_alias)
    yield conn
    conn.cleanup()


@pytest.fixture
def milvus_b(testbed, _milvus_b_alias) -> MilvusConn:
    """Milvus B (storage on the SeaweedFS bucket), connected as pymilvus alias "milvus_b"."""
    conn = MilvusConn(testbed.milvus_b, _milvus_b_alias)
    yield conn
    conn.cleanup()


@pytest.fixture
def s3(testbed):
    """boto3 client for the SeaweedFS S3 gateway (reachability checked)."""
    ep = testbed.s3
    _check_tcp("SeaweedFS S3", ep.host, ep.port)
    return ep.client()


@pytest.fixture
def moto_s3(testbed):
    """boto3 client for the moto S3 server (reachability checked)."""
    ep = testbed.moto
    _check_tcp("moto", ep.host, ep.port)
    return ep.client()
