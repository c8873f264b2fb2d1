"""`milvus-backup server` as a child process on a free port, stopped (SIGTERM, then SIGKILL) on exit."""
import contextlib
import socket
import subprocess
import time

import requests

from cli_helpers import BINARY


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_server(config, *server_args, cwd, log_path, scheme="http"):
    """Yields the base URL once /healthz answers; server_args follow `server -p <port>`."""
    port = free_port()
    with open(log_path, "w") as log:
        proc = subprocess.Popen([str(BINARY), "--config", str(config), "server", "-p", str(port), *server_args],
                                cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
    url = f"{scheme}://127.0.0.1:{port}"
    try:
        deadline = time.time() + 30
        while True:
            assert proc.poll() is None, f"server exited {proc.returncode}:\n{open(log_path).read()}"
            try:
                requests.get(url + "/healthz", timeout=1, verify=False)
                break
            except requests.ConnectionError:
                assert time.time() < deadline, open(log_path).read()
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
