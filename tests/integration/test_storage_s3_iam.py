"""storage.auth.type iam against SeaweedFS: the keys come from a fake instance metadata service (IMDSv2)
served by a thread of this test, as EC2 hands them to a role."""
from __future__ import annotations

import datetime
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from storage_probe_driver import probe_binary  # noqa: F401 (a fixture)
from test_storage_s3 import Probe

ROLE = "mb-backup-role"
SESSION_TOKEN = "imds-session-token"


class FakeImds:
    """Answers the IMDSv2 calls with `keys`; with keys None, every path is 404."""

    def __init__(self, keys: tuple[str, str] | None):
        self.keys = keys
        self.requests: list[tuple[str, str, str]] = []  # method, path, session token header
        imds = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def answer(self, status: int, body: str = ""):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_PUT(self):
                imds.requests.append(("PUT", self.path, self.headers.get("X-aws-ec2-metadata-token-ttl-seconds", "")))
                if imds.keys is None or self.path != "/latest/api/token":
                    return self.answer(404)
                self.answer(200, SESSION_TOKEN)

            def do_GET(self):
                imds.requests.append(("GET", self.path, self.headers.get("X-aws-ec2-metadata-token", "")))
                if imds.keys is None:
                    return self.answer(404)
                if self.headers.get("X-aws-ec2-metadata-token") != SESSION_TOKEN:
                    return self.answer(401)
                if self.path == "/latest/meta-data/iam/security-credentials/":
                    return self.answer(200, ROLE)
                if self.path == f"/latest/meta-data/iam/security-credentials/{ROLE}":
                    expiration = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
                    return self.answer(200, json.dumps({
                        "Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": imds.keys[0],
                        "SecretAccessKey": imds.keys[1], "Token": "",
                        "Expiration": expiration.strftime("%Y-%m-%dT%H:%M:%SZ")}))
                self.answer(404)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def iam_probe(probe_binary, endpoint, imds: FakeImds) -> Probe:
    probe = Probe(probe_binary, endpoint, endpoint.backup_bucket)
    probe.env.update({"MB_PROBE_AUTH_TYPE": "iam", "MB_PROBE_IAM_ENDPOINT": imds.url,
                      "MB_PROBE_ACCESS_KEY": "", "MB_PROBE_SECRET_KEY": "",
                      # web identity would win over instance metadata
                      "AWS_WEB_IDENTITY_TOKEN_FILE": "", "AWS_ROLE_ARN": ""})
    return probe


@pytest.fixture
def imds(testbed):
    server = FakeImds((testbed.s3.access_key, testbed.s3.secret_key))
    yield server
    server.close()


def test_iam_keys_from_instance_metadata_reach_seaweedfs(testbed, probe_binary, imds):
    probe = iam_probe(probe_binary, testbed.s3, imds)
    key = f"iam/{uuid.uuid4().hex[:12]}/object"
    probe.ok("put", key, stdin=b"signed with instance role keys")
    assert probe.ok("get", key) == b"signed with instance role keys"
    assert probe.listing(key.rsplit("/", 1)[0] + "/") == [(key, 30)]
    probe.ok("rm", key)
    assert probe.run("stat", key).returncode == 3
    # each run is one process: one session token, one role lookup, one key fetch, whatever it signed
    assert imds.requests[:3] == [("PUT", "/latest/api/token", "21600"),
                                 ("GET", "/latest/meta-data/iam/security-credentials/", SESSION_TOKEN),
                                 ("GET", f"/latest/meta-data/iam/security-credentials/{ROLE}", SESSION_TOKEN)]
    assert len(imds.requests) == 3 * 5


def test_instance_metadata_without_a_role_is_a_clear_error(testbed, probe_binary):
    imds = FakeImds(None)
    try:
        proc = iam_probe(probe_binary, testbed.s3, imds).run("stat", "iam/any")
    finally:
        imds.close()
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert "could not get S3 credentials from instance metadata: HTTP 404" in err, err
    assert f"url={imds.url}/latest/meta-data/iam/security-credentials/" in err, err
    assert "http_status=404" in err and "store=s3://" in err, err
