"""Conformance under a crash: the store's server is killed (SIGKILL) in the middle of a transfer.

Every network backend of the conformance suite runs on a private server of its own (see
private_servers.py; the shared test bed is never touched): S3 on SeaweedFS and on moto, Azure on
Azurite, GCS on fake-gcs-server. storage_probe's `transfer` streams an object above the multipart
threshold (blocks, resumable chunks) through the copy engine from a local file, rate-limited so that
the kill surely lands mid-transfer. Then either

- the server comes back on the same port and data dir: a server that keeps its data (SeaweedFS,
  Azurite, fake-gcs-server) must see the transfer complete with the right bytes. moto keeps nothing:
  after its restart the bucket is gone, and the honest outcome is a clear NoSuchBucket error, not a
  bucket silently created anew mid-copy; or
- the server stays down: the transfer must fail with an error naming the store and the key and
  saying the server could not be reached.

In no case may a partial object be visible under the destination key.
"""
from __future__ import annotations

import subprocess
import time
import uuid

import pytest
from private_servers import SERVERS, PrivateServer
from storage_probe_driver import Store, as_source, probe_binary  # noqa: F401 (probe_binary: a fixture)

MIB = 1 << 20
SIZE = 20 * MIB + 5        # above the 8 MiB part, block and chunk: a multipart transfer
RATE = 2 * MIB             # bytes/s: the transfer takes about ten seconds
KILL_AFTER = 4.5           # seconds: past the first part, well before the end
SEED = 17
KEEPS_DATA = {"seaweedfs": True, "moto": False, "azurite": True, "gcs": True}


@pytest.fixture(params=sorted(SERVERS))
def server(request, repo_root, tmp_path) -> PrivateServer:
    srv = SERVERS[request.param](repo_root, tmp_path / request.param)
    srv.start()
    yield srv
    srv.kill()


@pytest.fixture
def source(probe_binary, tmp_path) -> tuple[Store, str]:
    """A local store holding the object to transfer; its keys are absolute paths without the '/'."""
    local = Store(probe_binary, {"MB_PROBE_PROVIDER": "local", "MB_PROBE_ROOT": "/"})
    key = str(tmp_path / "source.bin").lstrip("/")
    local.ok("put-gen", key, SIZE, SEED)
    return local, key


def kill_mid_transfer(server: PrivateServer, store: Store, source: tuple[Store, str], dst_key: str,
                      attempts: int) -> subprocess.Popen:
    """Starts the transfer into a new bucket, and SIGKILLs the server while it runs."""
    store.ok("ensure-bucket")
    server.wait_until_persisted(store.env["MB_PROBE_BUCKET"])
    local, src_key = source
    env = store.full_env({**as_source(local.env), "MB_PROBE_RATE_LIMIT": str(RATE),
                          "MB_PROBE_ATTEMPTS": str(attempts)})
    transfer = subprocess.Popen(store.command("transfer", src_key, dst_key, SIZE), env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(KILL_AFTER)
    assert transfer.poll() is None, "the transfer ended before the kill: it was not mid-transfer"
    server.kill()
    return transfer


def assert_nothing_visible(store: Store, key: str, prefix: str) -> None:
    stat = store.run("stat", key)
    assert stat.returncode == 3, f"a partial object is visible at {key}: {stat.stdout!r} {stat.stderr!r}"
    listing = store.run("list", prefix)
    if listing.returncode == 0:
        assert listing.stdout == b"", f"objects under {prefix}: {listing.stdout!r}"
    else:  # moto after a restart: the whole bucket is gone
        assert b"NoSuchBucket" in listing.stderr, listing.stderr


def test_server_killed_and_restarted_mid_transfer(server, probe_binary, source):
    store = Store(probe_binary, server.probe_env(f"mbk-{uuid.uuid4().hex[:10]}"))
    dst = "restart/dst.bin"
    # Enough whole-object attempts (with backoff) to outlast SeaweedFS's restart of ~15 s.
    transfer = kill_mid_transfer(server, store, source, dst, attempts=8)
    server.start()
    out, err = transfer.communicate(timeout=300)
    err = err.decode(errors="replace")

    if KEEPS_DATA[server.name]:
        assert transfer.returncode == 0, f"the transfer did not survive the restart: {err}"
        assert out.decode().startswith("crc32c="), out
        store.ok("verify-gen", dst, SIZE, SEED)  # every byte, and the size
        assert store.listing("restart/") == [(dst, SIZE)]
    else:
        assert transfer.returncode == 3, f"expected NoSuchBucket after moto lost its state: {out!r} {err}"
        assert "HTTP 404 NoSuchBucket" in err and f"key={dst}" in err, err
        assert f"store=s3://{store.env['MB_PROBE_BUCKET']} (http://127.0.0.1:{server.port})" in err, err
        assert_nothing_visible(store, dst, "restart/")


def test_server_killed_mid_transfer_and_still_down_fails_clearly(server, probe_binary, source):
    store = Store(probe_binary, server.probe_env(f"mbk-{uuid.uuid4().hex[:10]}"))
    dst = "down/dst.bin"
    transfer = kill_mid_transfer(server, store, source, dst, attempts=2)
    out, err = transfer.communicate(timeout=300)
    err = err.decode(errors="replace")

    assert transfer.returncode == 1, f"expected a failure while the server is down: {out!r} {err}"
    assert err.startswith("unavailable: "), err
    assert "Couldn't connect to server" in err and f"127.0.0.1:{server.port}" in err, err
    assert f"key={dst}" in err and "store=" in err and "request_sent=no" in err, err
    # Back up (moto without the bucket), the store shows nothing under the key.
    server.start()
    assert_nothing_visible(store, dst, "down/")


DOWN_FOR = 6       # seconds a server stays down while a request waits for it: past the 5 attempts' backoff
SHORT_WINDOW = 4   # transfer.retryWindowSeconds of the run that finds the server gone for good


def test_a_request_waits_for_a_store_that_comes_back_within_the_retry_window(server, probe_binary):
    """transfer.retryWindowSeconds holds on every backend (S3, Azure, GCS): a store that refuses
    connections is retried past the attempt count until it answers, with a warning naming it."""
    store = Store(probe_binary, server.probe_env(f"mbw-{uuid.uuid4().hex[:10]}"))
    store.ok("ensure-bucket")
    server.wait_until_persisted(store.env["MB_PROBE_BUCKET"])
    server.kill()
    waiting = subprocess.Popen(store.command("ensure-bucket"), env=store.full_env({"MB_PROBE_RETRY_WINDOW": "120"}),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(DOWN_FOR)
    assert waiting.poll() is None, "the request gave up before the store came back: " + \
        waiting.communicate()[1].decode(errors="replace")
    server.start()
    out, err = waiting.communicate(timeout=180)
    said = (out + err).decode(errors="replace")
    assert waiting.returncode == 0, said
    assert "waiting for" in said and f"127.0.0.1:{server.port}" in said and "retryWindowSeconds" in said, said


def test_a_store_left_down_fails_once_the_retry_window_is_over(server, probe_binary):
    store = Store(probe_binary, server.probe_env(f"mbw-{uuid.uuid4().hex[:10]}"))
    server.kill()
    started = time.monotonic()
    proc = store.run("stat", "window/none", extra_env={"MB_PROBE_RETRY_WINDOW": str(SHORT_WINDOW)}, timeout=120)
    took = time.monotonic() - started
    err = proc.stderr.decode(errors="replace")
    assert proc.returncode == 1, err
    assert f"127.0.0.1:{server.port}" in err and "store=" in err, err
    assert SHORT_WINDOW <= took < SHORT_WINDOW + 15, took
