"""`milvus-backup check` against the real Milvus and storage servers, good and bad configs."""
import copy
import uuid

import boto3

from cli_helpers import env, local_storage, milvus_a_section, run_cli, s3_storage, write_config


def fail_lines(proc):
    return [line for line in proc.stdout.splitlines() if line.startswith("FAIL")]


def test_check_passes_on_local_milvus_and_local_backup(tmp_path):
    config = write_config(tmp_path / "c.yaml", milvus_a_section(), local_storage(tmp_path / "backups"))
    proc = run_cli(config, "check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success!" in proc.stdout
    assert "Milvus version: v2.3" in proc.stdout
    assert not fail_lines(proc)
    # The probe objects are gone from both stores.
    assert not list((tmp_path / "backups").rglob("milvus_backup_check_*"))


def test_check_passes_with_backup_on_s3(tmp_path):
    config = write_config(tmp_path / "c.yaml", milvus_a_section(), s3_storage(env("MB_S3_BACKUP_BUCKET")))
    proc = run_cli(config, "check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "stream copied" in proc.stdout  # local -> S3 cannot be a server-side copy


def test_check_names_unreachable_milvus(tmp_path):
    milvus = milvus_a_section()
    milvus["grpc"]["port"] = 1  # nothing listens on port 1
    config = write_config(tmp_path / "c.yaml", milvus, local_storage(tmp_path / "backups"))
    proc = run_cli(config, "check", timeout=120)
    assert proc.returncode == 1
    failures = fail_lines(proc)
    assert len(failures) == 1 and "Milvus" in failures[0] and ":1" in failures[0], proc.stdout
    assert "Error: check failed" in proc.stderr


def s3_bucket_names():
    s3 = boto3.client("s3", endpoint_url=env("MB_S3_ENDPOINT"), aws_access_key_id=env("MB_S3_ACCESS_KEY"),
                      aws_secret_access_key=env("MB_S3_SECRET_KEY"), region_name=env("MB_S3_REGION"))
    return {bucket["Name"] for bucket in s3.list_buckets()["Buckets"]}


def test_check_names_missing_bucket(tmp_path):
    bucket = f"no-such-bucket-{uuid.uuid4().hex[:12]}"
    config = write_config(tmp_path / "c.yaml", milvus_a_section(), s3_storage(bucket))
    proc = run_cli(config, "check")
    assert proc.returncode == 1
    failures = fail_lines(proc)
    assert failures and all("Backup storage" in line for line in failures), proc.stdout
    assert bucket in "\n".join(failures)
    assert "NoSuchBucket" in "\n".join(failures)
    # check only reads a store it cannot list: it must not have created the bucket by writing to it.
    assert bucket not in s3_bucket_names()


def test_check_names_wrong_secret_key(tmp_path):
    config = write_config(tmp_path / "c.yaml", milvus_a_section(),
                          s3_storage(env("MB_S3_BACKUP_BUCKET"), secret="wrong-secret"))
    proc = run_cli(config, "check")
    assert proc.returncode == 1
    failures = "\n".join(fail_lines(proc))
    assert "Backup storage" in failures and "403" in failures, proc.stdout
    assert "wrong-secret" not in proc.stdout + proc.stderr  # secrets never printed


def test_check_rejects_bad_config_value(tmp_path):
    milvus = copy.deepcopy(milvus_a_section())
    milvus["grpc"]["port"] = "not-a-port"
    config = write_config(tmp_path / "c.yaml", milvus, local_storage(tmp_path / "backups"))
    proc = run_cli(config, "check")
    assert proc.returncode == 1
    assert "milvus.grpc.port" in proc.stderr and "c.yaml" in proc.stderr
