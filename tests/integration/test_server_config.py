"""The `server` options as config keys (server.address, stateDir, tls.certPath/keyPath, maxBodyBytes):
the server obeys them, its flags win over them, and `config show` lists them."""
import subprocess

import requests
import urllib3

from cli_helpers import local_storage, milvus_a_section, run_cli, write_config
from server_process import free_port, running_server

# A body of 200 bytes: refused over a 64-byte limit, read (and found to have an unknown member) under 4096.
OVERSIZED = '{"backup_name": "x", "padding": "' + "p" * 165 + '"}'


def config_with(tmp_path, server):
    return write_config(tmp_path / "backup.yaml", milvus_a_section(), local_storage(tmp_path / "backups"),
                        extra={"server": server})


def post_oversized(url):
    return requests.post(url + "/api/v1/create", data=OVERSIZED, headers={"Content-Type": "application/json"},
                         timeout=30, verify=False)


def test_keys_apply_and_flags_win(tmp_path):
    config = config_with(tmp_path, {"address": "127.0.0.1", "stateDir": str(tmp_path / "key_state"),
                                    "maxBodyBytes": 64})
    with running_server(config, cwd=tmp_path, log_path=tmp_path / "keys.log") as url:
        assert post_oversized(url).status_code == 413
    assert (tmp_path / "key_state").is_dir()

    with running_server(config, "--max_body_bytes", "4096", "--state_dir", str(tmp_path / "flag_state"),
                        cwd=tmp_path, log_path=tmp_path / "flags.log") as url:
        res = post_oversized(url)
        assert res.status_code == 400 and 'unknown field "padding"' in res.json()["msg"], res.text
    assert (tmp_path / "flag_state").is_dir()


def test_tls_from_keys(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    config = config_with(tmp_path, {"address": "127.0.0.1", "stateDir": str(tmp_path / "state"),
                                    "tls": {"certPath": str(cert), "keyPath": str(key)}})
    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    with running_server(config, cwd=tmp_path, log_path=tmp_path / "tls.log", scheme="https") as url:
        assert requests.get(url + "/api/v1/hello", verify=str(cert), timeout=30).text == "Hello, This is backup service"
        plain = url.replace("https://", "http://")
        try:
            answered = requests.get(plain + "/api/v1/hello", timeout=5).text == "Hello, This is backup service"
        except requests.ConnectionError:
            answered = False
        assert not answered, "plain HTTP was served although TLS keys are set"


def test_half_a_tls_pair_is_refused(tmp_path):
    config = config_with(tmp_path, {"tls": {"certPath": str(tmp_path / "cert.pem")}})
    proc = run_cli(config, "server", "-p", str(free_port()), "--state_dir", str(tmp_path / "state"), timeout=30)
    assert proc.returncode == 1 and "HTTPS needs both a certificate and a private key" in proc.stderr, proc.stderr


def test_config_show_lists_the_server_keys(tmp_path):
    config = config_with(tmp_path, {"stateDir": "/srv/state", "maxBodyBytes": 2048})
    shown = run_cli(config, "config", "show", check=True).stdout
    rows = {line.split()[0]: line.split() for line in shown.splitlines() if line.startswith("Server.")}
    assert rows["Server.StateDir"][1:3] == ["/srv/state", "config"], rows
    assert rows["Server.MaxBodyBytes"][1:3] == ["2048", "config"], rows
    assert rows["Server.Address"][1:3] == ["0.0.0.0", "default"], rows
    assert {"Server.TLS.CertPath", "Server.TLS.KeyPath"} <= rows.keys(), rows
