"""Store outages (issue 12, item 4): the S3 server holding the backups is SIGKILLed in the middle
of a create and of a restore and started again 20 s later; both ride it out (retries with backoff
for up to transfer.retryWindowSeconds per object, saying that they wait and why) and finish with
the right data. Left down, both fail within the window with an error naming the store, and clean
up what they can (the restore's staged files and temporary collection are removed).

The S3 server is a private SeaweedFS (private_servers.py); the shared test bed is never killed.
"""
from __future__ import annotations

import time
import uuid

import pytest
from pymilvus import Collection, connections, utility

from cli_helpers import env, milvus_a_section, write_config
from crash_helpers import (drop_temp_collections, finish, make_collection, staged_dirs,
                           start, temp_collections, wait_for)
from private_servers import HOST, SeaweedFS

BUCKET = "mb-outage"
DOWN_FOR = 20  # seconds the server stays down before it is started again
SHORT_WINDOW = 8  # retryWindowSeconds for the runs that find the server gone for good
OUTAGE_ROWS = 16000  # ~4.3 MB: past the rate limiter's first-second burst, seconds of copying at 1 MiB/s


@pytest.fixture(scope="module")
def outage(repo_root, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("outage")
    server = SeaweedFS(repo_root, tmp / "seaweedfs")
    server.start()
    server.client().create_bucket(Bucket=BUCKET)
    alias = "outage_a"
    connections.connect(alias, host=env("MB_MILVUS_A_HOST"), port=env("MB_MILVUS_A_PORT"))
    name = "outage_" + uuid.uuid4().hex[:8]
    make_collection(alias, name, OUTAGE_ROWS)
    storage = {"provider": "minio", "address": HOST, "port": server.port, "useSSL": False, "bucketName": BUCKET,
               "rootPath": "backups", "region": "us-east-1",
               "auth": {"type": "static", "accessKeyID": server.access_key, "secretAccessKey": server.secret_key}}

    def config(file, window):
        return write_config(tmp / file, milvus_a_section(), storage,
                            {"transfer": {"rateLimitMiB": 1, "concurrency": 2, "retryWindowSeconds": window}})

    yield {"server": server, "alias": alias, "name": name, "patient": config("patient.yaml", 120),
           "impatient": config("impatient.yaml", SHORT_WINDOW)}
    server.kill()
    drop_temp_collections(alias)
    for c in utility.list_collections(using=alias):
        if c.startswith(name):
            utility.drop_collection(c, using=alias)


def keys(server, prefix):
    listed = server.client().list_objects_v2(Bucket=BUCKET, Prefix=prefix)
    return {o["Key"]: o["Size"] for o in listed.get("Contents", [])}


def restart_later(server):
    server.kill()
    time.sleep(DOWN_FOR)
    server.start()


def test_create_and_restore_ride_out_a_store_restart(outage):
    server, alias, name = outage["server"], outage["alias"], outage["name"]
    proc = start(outage["patient"], "create", "-n", "through", "--filter", name)
    wait_for(lambda: any("/binlogs/" in k for k in keys(server, "backups/through/")), 60, "the first copied file",
             proc)
    restart_later(server)
    code, _, err = finish(proc)
    assert code == 0, err
    assert "waiting for s3://" + BUCKET in err, err
    objects = keys(server, "backups/through/")
    assert "backups/through/meta/full_meta.json" in objects
    assert "backups/through/backup.lock.json" not in objects

    proc = start(outage["patient"], "restore", "-n", "through", "-s", "_through")
    wait_for(lambda: staged_dirs() != [], 120, "staged files", proc)
    restart_later(server)
    code, _, err = finish(proc)
    assert code == 0, err
    assert "waiting for s3://" + BUCKET in err, err
    assert Collection(name + "_through", using=alias).num_entities == OUTAGE_ROWS
    assert staged_dirs() == [] and temp_collections(alias) == []


def test_left_down_create_and_restore_fail_within_the_window_naming_the_store(outage):
    server, alias, name = outage["server"], outage["alias"], outage["name"]
    if server.process is None:
        server.start()
    proc = start(outage["impatient"], "create", "-n", "down", "--filter", name)
    wait_for(lambda: any("/binlogs/" in k for k in keys(server, "backups/down/")), 60, "the first copied file", proc)
    server.kill()
    killed = time.monotonic()
    code, _, err = finish(proc)
    failed_after = time.monotonic() - killed
    assert code == 1, err
    assert f"s3://{BUCKET}" in err and f"{HOST}:{server.port}" in err, err
    # The copies give up once the window is over; removing the partial backup waits one more.
    assert failed_after < 2 * SHORT_WINDOW + 15, failed_after

    server.start()
    run = start(outage["patient"], "create", "-n", "for_restore", "--filter", name)
    code, _, err = finish(run)
    assert code == 0, err
    proc = start(outage["impatient"], "restore", "-n", "for_restore", "-s", "_down")
    wait_for(lambda: staged_dirs() != [], 120, "staged files", proc)
    server.kill()
    killed = time.monotonic()
    code, _, err = finish(proc)
    failed_after = time.monotonic() - killed
    assert code == 1, err
    assert f"s3://{BUCKET}" in err, err
    assert failed_after < 2 * SHORT_WINDOW + 15, failed_after
    assert staged_dirs() == []
    assert temp_collections(alias) == []
    assert not utility.has_collection(name + "_down", using=alias)
