"""Stand-ins the backup tests put between the binary and a real server, to break a connection, to
watch the GC calls at the moment a test chooses, or to give the backup a disk that fills up.

- TcpProxy forwards a local port to a real server (Milvus, the S3 gateway); stop() closes the port
  and every open connection, which the binary sees exactly as that server going away. The shared
  test servers themselves are never stopped.
- ManagementServer answers Milvus's GC pause/resume management API and records the calls: Milvus
  2.3.5 (the PyPI build the test bed runs) has no such routes, so this is how the backup's pause,
  renewal and resume are observed. A test can hold the pause answer until it has acted.
- size_limited_tmpfs mounts a tmpfs of a few MiB, a real file system that answers ENOSPC once it is
  full; it is unmounted when the test ends. Mounting needs root (CAP_SYS_ADMIN): where it is refused
  the test is skipped and says why.
"""
from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest


class TcpProxy:
    def __init__(self, target_host: str, target_port: int):
        self._target = (target_host, target_port)
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self._target, timeout=10)
            except OSError:
                client.close()
                continue
            with self._lock:
                if self._stopped:
                    client.close()
                    upstream.close()
                    return
                self._sockets += [client, upstream]
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        for sock in (src, dst):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def stop(self):
        with self._lock:
            self._stopped = True
            sockets, self._sockets = self._sockets, []
        self._listener.close()
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()


class ManagementServer:
    """GET /management/datacoord/garbage_collection/{pause,resume} and /healthz, recorded in order
    as ("pause", {query}) / ("resume", {query})."""

    def __init__(self, fail_pause: bool = False):
        self.calls: list[tuple[str, dict]] = []
        self.pause_seen = threading.Event()
        self.release_pause = threading.Event()
        self.release_pause.set()
        self.fail_pause = fail_pause
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/healthz":
                    return self._answer(200, "OK")
                action = url.path.rsplit("/", 1)[-1]
                if url.path.startswith("/management/datacoord/garbage_collection/") and action in ("pause", "resume"):
                    server.calls.append((action, query))
                    if action == "pause":
                        server.pause_seen.set()
                        server.release_pause.wait(60)
                        if server.fail_pause:
                            return self._answer(500, "pause refused")
                    return self._answer(200, json.dumps({"msg": "OK"}))
                return self._answer(404, "404 page not found")

            def _answer(self, status, body):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self._http.server_address[1]}"
        threading.Thread(target=self._http.serve_forever, daemon=True).start()

    def actions(self) -> list[str]:
        return [action for action, _ in self.calls]

    def close(self):
        self.release_pause.set()
        self._http.shutdown()
        self._http.server_close()


@contextlib.contextmanager
def size_limited_tmpfs(mount_point: Path, size_kib: int):
    mount_point.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a size-limited tmpfs here (needs root / CAP_SYS_ADMIN): "
                    f"{(mounted.stderr or mounted.stdout).strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=True)
