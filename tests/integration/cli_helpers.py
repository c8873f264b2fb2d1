"""Running the milvus-backup binary with configs pointed at the test bed."""
import os
import subprocess
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("MB_BUILD_DIR", REPO / "build"))
BINARY = BUILD / "milvus-backup"


def env(name):
    value = os.environ.get(name)
    assert value, f"{name} is not set: run scripts/testenv start and source .testenv/env.sh"
    return value


def milvus_a_section():
    return {
        "grpc": {"address": env("MB_MILVUS_A_HOST"), "port": int(env("MB_MILVUS_A_PORT"))},
        "management": {"endpoint": env("MB_MILVUS_A_MGMT")},
        "storage": {"provider": "local", "rootPath": env("MB_MILVUS_A_STORAGE_PATH")},
    }


def s3_storage(bucket, root_path="backup", secret=None):
    host, port = env("MB_S3_ENDPOINT").removeprefix("http://").rsplit(":", 1)
    return {
        "provider": "minio", "address": host, "port": int(port), "useSSL": False,
        "bucketName": bucket, "rootPath": root_path, "region": env("MB_S3_REGION"),
        "auth": {"type": "static", "accessKeyID": env("MB_S3_ACCESS_KEY"),
                 "secretAccessKey": secret if secret is not None else env("MB_S3_SECRET_KEY")},
    }


def local_storage(path):
    return {"provider": "local", "rootPath": str(path)}


def write_config(path, milvus, backup_storage, extra=None):
    doc = {"configVersion": "v2", "log": {"level": "info", "file": {"path": ""}},
           "milvus": milvus, "backup": {"storage": backup_storage}}
    for key, value in (extra or {}).items():
        doc[key] = value
    Path(path).write_text(yaml.safe_dump(doc))
    return Path(path)


def run_cli(config, *args, timeout=300, check=False):
    cmd = [str(BINARY), "--config", str(config), *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return proc
