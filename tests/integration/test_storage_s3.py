"""Conformance of the S3 store against real S3 servers: SeaweedFS's gateway and moto.

Each case drives tests/tools/storage_probe (built with the project), which runs one ObjectStore
operation through the same code the tool uses, against a bucket of its own on each server. boto3 is
used only to look behind the store's back (leftover multipart uploads) and to clean up.
"""
from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest
from storage_probe_driver import probe_binary  # noqa: F401 (a fixture)

MIB = 1 << 20
SERVERS = ["seaweedfs", "moto"]


class Probe:
    """Runs storage_probe against one bucket of one server."""

    def __init__(self, binary: Path, endpoint, bucket: str):
        self.binary = binary
        self.endpoint = endpoint
        self.bucket = bucket
        self.env = {
            "MB_PROBE_PROVIDER": "minio",
            "MB_PROBE_ADDRESS": endpoint.host,
            "MB_PROBE_PORT": str(endpoint.port),
            "MB_PROBE_SSL": "0",
            "MB_PROBE_BUCKET": bucket,
            "MB_PROBE_REGION": endpoint.region,
            "MB_PROBE_ACCESS_KEY": endpoint.access_key,
            "MB_PROBE_SECRET_KEY": endpoint.secret_key,
        }

    def run(self, *args: str, stdin: bytes = b"", env: dict | None = None, timeout: float = 120):
        return subprocess.run([str(self.binary), *args], input=stdin, capture_output=True, timeout=timeout,
                              env={**os.environ, **self.env, **(env or {})})

    def ok(self, *args: str, stdin: bytes = b"", env: dict | None = None) -> bytes:
        proc = self.run(*args, stdin=stdin, env=env)
        assert proc.returncode == 0, f"storage_probe {args} exited {proc.returncode}: {proc.stderr.decode()}"
        return proc.stdout

    def listing(self, prefix: str, delimiter: bool = False) -> list[tuple[str, int]]:
        out = self.ok("list", prefix, *(["--delimiter"] if delimiter else [])).decode()
        return [(key, int(size)) for key, size in (line.rsplit("\t", 1) for line in out.splitlines())]


@pytest.fixture(params=SERVERS)
def store(request, testbed, probe_binary):
    endpoint = testbed.s3 if request.param == "seaweedfs" else testbed.moto
    probe = Probe(probe_binary, endpoint, f"mb-probe-{uuid.uuid4().hex[:12]}")
    probe.ok("ensure-bucket")  # creates it: exercises CreateBucket
    probe.ok("ensure-bucket")  # and finds it: exercises HeadBucket
    yield probe
    client = endpoint.client()
    for upload in client.list_multipart_uploads(Bucket=probe.bucket).get("Uploads", []):
        client.abort_multipart_upload(Bucket=probe.bucket, Key=upload["Key"], UploadId=upload["UploadId"])
    paginator = client.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=probe.bucket):
        for obj in page.get("Contents", []):
            client.delete_object(Bucket=probe.bucket, Key=obj["Key"])
    client.delete_bucket(Bucket=probe.bucket)


@pytest.mark.parametrize("size,size_hint", [(0, True), (1, True), (20 * MIB + 3, True), (17 * MIB, False)])
def test_objects_of_every_size_round_trip(store, size, size_hint):
    key = f"sizes/obj-{size}"
    store.ok("put-gen", key, str(size), "42", *([] if size_hint else ["--no-size-hint"]))
    store.ok("verify-gen", key, str(size), "42")
    assert store.ok("stat", key).split()[0] == str(size).encode()
    etag = store.endpoint.client().head_object(Bucket=store.bucket, Key=key)["ETag"]
    assert ("-" in etag) == (size > 8 * MIB), "objects above one part go up as multipart uploads"


ODD_KEYS = ["odd/with space", "odd/plus+sign", "odd/percent%2Fliteral", "odd/ünïcødé/日本語", "odd/amp&lt<gt>",
            "odd/quote'\"", "odd/tilde~star*", "odd/ends with space ", "odd/a=b;c,d"]


def test_odd_keys_round_trip_and_list_exactly(store):
    for key in ODD_KEYS:
        store.ok("put", key, stdin=key.encode())
    for key in ODD_KEYS:
        assert store.ok("get", key) == key.encode()
    assert store.listing("odd/") == sorted((k, len(k.encode())) for k in ODD_KEYS)
    # The store's key encoding agrees with another client's.
    names = {o["Key"] for o in store.endpoint.client().list_objects_v2(Bucket=store.bucket, Prefix="odd/")["Contents"]}
    assert names == set(ODD_KEYS)


def test_ranged_reads(store):
    store.ok("put", "range/r", stdin=b"0123456789")
    assert store.ok("read-range", "range/r", "2", "3") == b"234"
    assert store.ok("read-range", "range/r", "8", "100") == b"89"
    assert store.ok("read-range", "range/r", "10", "5") == b""


def test_listing_more_than_a_thousand_keys(store):
    store.ok("put-many", "many/", "1234")
    listed = store.listing("many/")
    assert [k for k, _ in listed] == [f"many/{100000 + i}" for i in range(1234)]
    assert store.ok("put", "many-sibling", stdin=b"x") == b""
    assert len(store.listing("many/")) == 1234  # a plain string prefix: "many-sibling" is not under "many/"


def test_delimiter_listing(store):
    for key in ["tree/a", "tree/d1/x", "tree/d1/y/z", "tree/d2/x", "tree/dz", "tree-other/a", "treefile"]:
        store.ok("put", key, stdin=b"1")
    assert store.listing("tree/", delimiter=True) == [("tree/a", 1), ("tree/d1/", 0), ("tree/d2/", 0), ("tree/dz", 1)]
    assert store.listing("tree/d", delimiter=True) == [("tree/d1/", 0), ("tree/d2/", 0), ("tree/dz", 1)]
    assert [k for k, _ in store.listing("tre", delimiter=True)] == ["tree-other/", "tree/", "treefile"]


def test_copy_within_the_store(store):
    store.ok("put-gen", "copy/src", str(12 * MIB), "9")
    store.ok("copy", "copy/src", "copy/dst single", str(12 * MIB))
    store.ok("verify-gen", "copy/dst single", str(12 * MIB), "9")
    # Above the multipart-copy threshold: UploadPartCopy.
    store.ok("copy", "copy/src", "copy/dst-parts", str(12 * MIB), env={"MB_PROBE_COPY_THRESHOLD": str(MIB)})
    store.ok("verify-gen", "copy/dst-parts", str(12 * MIB), "9")
    missing = store.run("copy", "copy/none", "copy/x", "5")
    assert missing.returncode == 3, missing.stderr.decode()


def test_delete_prefix_and_many(store):
    store.ok("put-many", "del/", "1100")
    store.ok("put", "del-keep", stdin=b"k")
    store.ok("put", "other/keep", stdin=b"k")
    store.ok("rm-prefix", "del/")
    assert store.listing("del/") == []
    assert [k for k, _ in store.listing("")] == ["del-keep", "other/keep"]
    store.ok("rm-many", stdin=b"del-keep\nother/keep\nnever-existed\n")
    assert store.listing("") == []
    store.ok("rm", "never-existed")  # deleting a missing key is not an error


def test_not_found(store):
    stat = store.run("stat", "nf/none")
    assert stat.returncode == 3
    get = store.run("get", "nf/none")
    assert get.returncode == 3
    err = get.stderr.decode()
    assert "GetObject failed: HTTP 404" in err and "key=nf/none" in err and f"s3://{store.bucket}" in err


def test_abandoned_writer_leaves_no_upload_behind(store):
    store.ok("abandon-writer", "abandoned/big", str(12 * MIB), "3")
    client = store.endpoint.client()
    assert client.list_multipart_uploads(Bucket=store.bucket).get("Uploads", []) == []
    assert store.listing("abandoned/") == []


def test_wrong_credentials_name_store_key_and_status(testbed, probe_binary):
    # moto accepts any signature unless IAM emulation is switched on, so only SeaweedFS can say no.
    probe = Probe(probe_binary, testbed.s3, testbed.s3.backup_bucket)
    for args in (["stat", "secret/key"], ["get", "secret/key"], ["put", "secret/key"]):
        proc = probe.run(*args, env={"MB_PROBE_SECRET_KEY": "definitely-wrong-secret"})
        err = proc.stderr.decode()
        assert proc.returncode == 1, err
        assert "permission denied" in err and "http_status=403" in err, err
        assert "key=secret/key" in err and f"store=s3://{testbed.s3.backup_bucket} (" in err, err
        assert "definitely-wrong-secret" not in err
    proc = probe.run("list", "secret/", env={"MB_PROBE_SECRET_KEY": "definitely-wrong-secret"})
    assert proc.returncode == 1 and "ListObjectsV2 failed: HTTP 403" in proc.stderr.decode()
