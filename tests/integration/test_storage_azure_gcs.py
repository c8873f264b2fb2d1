"""The Azure Blob and GCS (JSON API) stores against real emulators: Azurite and fake-gcs-server.

Driven through tests/tools/storage_probe (one ObjectStore operation per run, configured by
MB_PROBE_* variables), so the code under test is the tool's own. The same conformance cases run
on both backends; then each backend's own cases: Azure wrong keys and copies between accounts,
the GCS service-account token exchange (a local token endpoint checks the signed JWT).

Needs: MB_AZURITE_ENDPOINT/ACCOUNT/KEY, MB_AZURITE_ACCOUNT2/KEY2 (a second account on the same
Azurite, AZURITE_ACCOUNTS) and MB_GCS_ENDPOINT; MB_STORAGE_PROBE overrides the probe's path.
"""
from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from storage_probe_driver import Store, as_source, probe_binary  # noqa: F401 (probe_binary: a fixture)

BIG = 20_000_000  # above the 8 MiB Azure block / GCS chunk: blocks, resumable sessions
AWKWARD_KEYS = ["dir/with space.bin", "plus+sign", "per%cent/%41", "ünïcödé/日本語 ファイル", "a&b=c?d#e"]


def _host_port(url: str) -> tuple[str, int]:
    m = re.match(r"^https?://([^:/]+):(\d+)", url)
    assert m, f"not an http://host:port URL: {url}"
    return m.group(1), int(m.group(2))


def azure_env(testbed, container: str, account: str | None = None, key: str | None = None) -> dict[str, str]:
    host, port = _host_port(testbed.azurite.endpoint)
    return {"MB_PROBE_PROVIDER": "azure", "MB_PROBE_ADDRESS": host, "MB_PROBE_PORT": str(port),
            "MB_PROBE_SSL": "0", "MB_PROBE_BUCKET": container, "MB_PROBE_AUTH_TYPE": "sharedKey",
            "MB_PROBE_ACCOUNT_NAME": account or testbed.azurite.account,
            "MB_PROBE_ACCOUNT_KEY": key or testbed.azurite.key}


def gcs_env(testbed, bucket: str) -> dict[str, str]:
    host, port = _host_port(testbed.gcs_endpoint)
    # auth.type default + a custom endpoint: the emulator is called without credentials.
    return {"MB_PROBE_PROVIDER": "gcpnative", "MB_PROBE_ADDRESS": host, "MB_PROBE_PORT": str(port),
            "MB_PROBE_SSL": "0", "MB_PROBE_BUCKET": bucket, "MB_PROBE_AUTH_TYPE": "default"}


@pytest.fixture(scope="module", params=["azure", "gcs"])
def store(request, testbed, probe_binary) -> Store:
    bucket = f"mbt-{uuid.uuid4().hex[:12]}"
    env = azure_env(testbed, bucket) if request.param == "azure" else gcs_env(testbed, bucket)
    s = Store(probe_binary, env)
    s.ok("ensure-bucket")
    s.ok("ensure-bucket")  # a second time finds it there
    return s


@pytest.fixture
def prefix() -> str:
    return f"t-{uuid.uuid4().hex[:8]}/"


# ---- conformance: both backends ----------------------------------------------------------------

@pytest.mark.parametrize("size", [0, 1, 1000, BIG])
@pytest.mark.parametrize("size_hint", [True, False])
def test_objects_of_every_size_round_trip(store, prefix, size, size_hint):
    key = f"{prefix}obj-{size}"
    store.ok("put-gen", key, size, 42, *([] if size_hint else ["--no-size-hint"]))
    store.ok("verify-gen", key, size, 42)
    stat = store.ok("stat", key).decode().split()
    assert int(stat[0]) == size
    assert int(stat[1]) > time.time() - 3600  # a modification time, in seconds


def test_ranged_reads(store, prefix):
    key = prefix + "range"
    store.ok("put", key, stdin=b"0123456789")
    assert store.ok("read-range", key, 3, 4) == b"3456"
    assert store.ok("read-range", key, 8, 100) == b"89"   # short at the end
    assert store.ok("read-range", key, 10, 5) == b""     # at the end
    assert store.ok("read-range", key, 50, 5) == b""     # past it


def test_awkward_keys(store, prefix):
    for i, name in enumerate(AWKWARD_KEYS):
        store.ok("put", prefix + name, stdin=f"content {i}".encode())
    for i, name in enumerate(AWKWARD_KEYS):
        assert store.ok("get", prefix + name) == f"content {i}".encode(), name
    listed = store.listing(prefix)
    assert [key for key, _ in listed] == sorted(prefix + n for n in AWKWARD_KEYS)  # byte (UTF-8) order
    for name in AWKWARD_KEYS:
        store.ok("rm", prefix + name)
    assert store.listing(prefix) == []


def test_listing_of_more_than_1000_keys_is_paged_and_delete_prefix_empties_it(store, prefix):
    store.ok("put-many", prefix, 1100)
    listed = store.listing(prefix)
    assert len(listed) == 1100
    assert [k for k, _ in listed] == sorted(k for k, _ in listed)
    store.ok("rm-prefix", prefix)
    assert store.listing(prefix) == []


def test_delimiter_listing_groups_at_the_next_slash(store, prefix):
    for key in ["a/1", "a/b/2", "a/b/3", "a/c/4", "a/d", "ab"]:
        store.ok("put", prefix + key, stdin=b"x")
    assert store.listing(prefix + "a/", delimiter=True) == [
        (prefix + "a/1", 1), (prefix + "a/b/", 0), (prefix + "a/c/", 0), (prefix + "a/d", 1)]
    assert store.listing(prefix, delimiter=True) == [(prefix + "a/", 0), (prefix + "ab", 1)]
    assert store.listing(prefix + "a") == [(prefix + k, 1) for k in ["a/1", "a/b/2", "a/b/3", "a/c/4", "a/d", "ab"]]


@pytest.mark.parametrize("size", [1000, BIG])
def test_server_side_copy_within_the_store(store, prefix, size):
    store.ok("put-gen", prefix + "src", size, 7)
    store.ok("copy", prefix + "src", prefix + "dst with space", size)
    store.ok("verify-gen", prefix + "dst with space", size, 7)
    # Azure: past the threshold the copy is an asynchronous Copy Blob that is polled to its end.
    store.ok("copy", prefix + "src", prefix + "dst-async", size, extra_env={"MB_PROBE_COPY_THRESHOLD": "100"})
    store.ok("verify-gen", prefix + "dst-async", size, 7)


def test_not_found_is_a_value_and_deleting_it_is_fine(store, prefix):
    missing = prefix + "never written"
    proc = store.run("stat", missing)
    assert proc.returncode == 3, proc.stderr
    proc = store.run("get", missing)
    assert proc.returncode == 3, proc.stderr
    assert b"not found" in proc.stderr and missing.encode() in proc.stderr
    store.ok("rm", missing)
    store.ok("rm-many", stdin=f"{missing}\n{prefix}also missing\n".encode())


def test_abandoned_writer_leaves_nothing_visible(store, prefix):
    store.ok("abandon-writer", prefix + "small", 1000, 1)
    store.ok("abandon-writer", prefix + "big", BIG, 1)
    assert store.run("stat", prefix + "small").returncode == 3
    assert store.run("stat", prefix + "big").returncode == 3
    assert store.listing(prefix) == []


def test_overwrite_replaces_the_content(store, prefix):
    store.ok("put-gen", prefix + "k", BIG, 1)
    store.ok("put-gen", prefix + "k", 10, 2)
    store.ok("verify-gen", prefix + "k", 10, 2)


# ---- Azure ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def azure_store(testbed, probe_binary) -> Store:
    s = Store(probe_binary, azure_env(testbed, f"mbt-{uuid.uuid4().hex[:12]}"))
    s.ok("ensure-bucket")
    return s


def test_azure_wrong_key_names_store_key_and_403(testbed, azure_store):
    azure_store.ok("put", "probe-key", stdin=b"x")
    wrong = base64.b64encode(b"not the key of this account, but well-formed base64").decode()
    for op in (["stat", "probe-key"], ["put", "probe-key"], ["get", "probe-key"]):
        proc = azure_store.run(*op, stdin=b"y", extra_env={"MB_PROBE_ACCOUNT_KEY": wrong})
        err = proc.stderr.decode()
        assert proc.returncode == 1, err
        assert err.startswith("permission denied: "), err
        assert "HTTP 403" in err and "http_status=403" in err, err
        assert "key=probe-key" in err, err
        assert f"store=azure://{azure_store.env['MB_PROBE_BUCKET']} (" in err, err
        assert "storage.auth.accountKey" in err, err
        assert wrong not in err and testbed.azurite.key not in err
    assert azure_store.ok("get", "probe-key") == b"x"


def test_azure_malformed_key_is_a_config_error(azure_store):
    proc = azure_store.run("stat", "k", extra_env={"MB_PROBE_ACCOUNT_KEY": "not base64!"})
    assert proc.returncode == 1
    assert b"storage.auth.accountKey" in proc.stderr and b"base64" in proc.stderr


@pytest.mark.parametrize("threshold", [None, "100"], ids=["copy-from-url", "async-copy-blob"])
def test_azure_copy_between_accounts_reads_the_source_through_a_sas(testbed, probe_binary, azure_store, threshold):
    """The Go tool fails here with 401 CannotVerifyCopySource; the source must carry a SAS."""
    source = Store(probe_binary, azure_env(testbed, f"mbt-src-{uuid.uuid4().hex[:8]}",
                                           testbed.env("MB_AZURITE_ACCOUNT2"), testbed.env("MB_AZURITE_KEY2")))
    source.ok("ensure-bucket")
    source.ok("put-gen", "dir/src é+%", 3_000_000, 9)
    extra = as_source(source.env)
    if threshold:
        extra["MB_PROBE_COPY_THRESHOLD"] = threshold
    azure_store.ok("copy-from", "dir/src é+%", "copied from other account", 3_000_000, extra_env=extra)
    azure_store.ok("verify-gen", "copied from other account", 3_000_000, 9)


def test_azure_copy_of_a_missing_source_fails_naming_the_destination(azure_store):
    proc = azure_store.run("copy", "no such source", "dst", 10)
    assert proc.returncode != 0
    assert b"key=dst" in proc.stderr


# ---- GCS -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def gcs_store(testbed, probe_binary) -> Store:
    s = Store(probe_binary, gcs_env(testbed, f"mbt-{uuid.uuid4().hex[:12]}"))
    s.ok("ensure-bucket")
    return s


def test_gcs_objects_are_readable_by_a_plain_json_api_client(testbed, gcs_store):
    """Independent of our client: what the store wrote, the emulator's own API returns, and the
    crc32c the store reports is the one GCS computed."""
    key = "plain/ünï code+%.bin"
    gcs_store.ok("put-gen", key, BIG, 3)
    bucket = gcs_store.env["MB_PROBE_BUCKET"]
    url = f"{testbed.gcs_endpoint}/storage/v1/b/{bucket}/o/{urllib.parse.quote(key, safe='')}"
    meta = requests.get(url, timeout=30).json()
    assert int(meta["size"]) == BIG
    assert gcs_store.ok("stat", key).decode().split()[2] == meta["crc32c"]
    body = requests.get(url, params={"alt": "media"}, timeout=60).content
    assert len(body) == BIG
    expected = subprocess.run([str(gcs_store.binary), "get", key], capture_output=True,
                              env=dict(os.environ, **gcs_store.env), check=True).stdout
    assert body == expected


class TokenEndpoint:
    """A local OAuth token endpoint: checks each JWT bearer assertion's RS256 signature and claims
    with the public key, then hands out a token (fake-gcs-server accepts any)."""

    def __init__(self, public_key, reject: bool = False):
        self.public_key = public_key
        self.reject = reject
        self.assertions: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                status, body = outer.answer(form)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/token"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, form):
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        def b64(part):
            return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))

        assert form["grant_type"] == ["urn:ietf:params:oauth:grant-type:jwt-bearer"]
        header, claims, signature = form["assertion"][0].split(".")
        self.public_key.verify(b64(signature), f"{header}.{claims}".encode(), padding.PKCS1v15(), hashes.SHA256())
        self.assertions.append({"header": json.loads(b64(header)), "claims": json.loads(b64(claims))})
        if self.reject:
            return 400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}
        return 200, {"access_token": "ya29.test-token", "expires_in": 3599, "token_type": "Bearer"}

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def service_account_file(tmp_path, token_uri):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    path = tmp_path / "service-account.json"
    path.write_text(json.dumps({
        "type": "service_account", "project_id": "mb-test", "private_key_id": "k1", "private_key": pem,
        "client_email": "backup@mb-test.iam.gserviceaccount.com", "client_id": "1", "token_uri": token_uri}))
    return path, key.public_key()


@pytest.mark.parametrize("reject", [False, True], ids=["accepted", "rejected"])
def test_gcs_service_account_exchanges_a_signed_jwt_for_a_token(tmp_path, gcs_store, reject):
    path, public_key = service_account_file(tmp_path, "http://placeholder")
    endpoint = TokenEndpoint(public_key, reject=reject)
    try:
        creds = json.loads(path.read_text())
        creds["token_uri"] = endpoint.url
        path.write_text(json.dumps(creds))
        env = {"MB_PROBE_AUTH_TYPE": "serviceAccount", "MB_PROBE_CREDENTIALS_FILE": str(path)}
        proc = gcs_store.run("put-gen", "sa/obj", BIG, 5, extra_env=env)
        if reject:
            err = proc.stderr.decode()
            assert proc.returncode == 1, err
            assert err.startswith("permission denied: "), err
            assert "invalid_grant" in err and f"token_uri={endpoint.url}" in err, err
            assert "service_account=backup@mb-test.iam.gserviceaccount.com" in err, err
            assert "PRIVATE KEY" not in err
        else:
            assert proc.returncode == 0, proc.stderr.decode()
            assert gcs_store.run("verify-gen", "sa/obj", BIG, 5, extra_env=env).returncode == 0
            assert len(endpoint.assertions) == 2  # one per process: the token is reused within one
        first = endpoint.assertions[0]
        assert first["header"] == {"alg": "RS256", "typ": "JWT"}
        claims = first["claims"]
        assert claims["iss"] == "backup@mb-test.iam.gserviceaccount.com"
        assert claims["scope"] == "https://www.googleapis.com/auth/devstorage.read_write"
        assert claims["aud"] == endpoint.url
        assert claims["exp"] - claims["iat"] == 3600 and abs(claims["iat"] - time.time()) < 300
    finally:
        endpoint.close()


def test_gcs_copy_between_buckets(testbed, probe_binary, gcs_store):
    source = Store(probe_binary, gcs_env(testbed, f"mbt-src-{uuid.uuid4().hex[:8]}"))
    source.ok("ensure-bucket")
    source.ok("put-gen", "s/é k", BIG, 11)
    gcs_store.ok("copy-from", "s/é k", "from other bucket", BIG, extra_env=as_source(source.env))
    gcs_store.ok("verify-gen", "from other bucket", BIG, 11)


def test_gcs_default_auth_on_googles_endpoint_is_refused(gcs_store):
    proc = gcs_store.run("stat", "k", extra_env={"MB_PROBE_ADDRESS": "storage.googleapis.com", "MB_PROBE_PORT": "443"})
    assert proc.returncode == 1
    assert b"storage.auth.type" in proc.stderr and b"serviceAccount" in proc.stderr
