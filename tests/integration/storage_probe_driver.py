"""Drives tests/tools/storage_probe, which runs one ObjectStore operation per run through the
tool's own storage code against the store that MB_PROBE_* variables describe."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def probe_binary(build_dir) -> Path:
    binary = Path(os.environ.get("MB_STORAGE_PROBE", build_dir / "tests" / "storage_probe"))
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        pytest.fail(f"{binary} not found: build the storage_probe target, or set MB_STORAGE_PROBE", pytrace=False)
    return binary


def as_source(env: dict[str, str]) -> dict[str, str]:
    """The same store as the source of copy-from and transfer (MB_PROBE_SRC_*)."""
    return {k.replace("MB_PROBE_", "MB_PROBE_SRC_", 1): v for k, v in env.items()}


class Store:
    """One bucket (container) on one backend, reached through storage_probe."""

    def __init__(self, binary: Path, env: dict[str, str]):
        self.binary = binary
        self.env = env

    def command(self, *args) -> list[str]:
        return [str(self.binary), *map(str, args)]

    def full_env(self, extra_env: dict | None = None) -> dict[str, str]:
        return {**os.environ, **self.env, **(extra_env or {})}

    def run(self, *args, stdin: bytes | None = None, extra_env: dict | None = None, timeout: float = 300):
        return subprocess.run(self.command(*args), input=stdin, capture_output=True, env=self.full_env(extra_env),
                              timeout=timeout)

    def ok(self, *args, **kwargs) -> bytes:
        proc = self.run(*args, **kwargs)
        assert proc.returncode == 0, f"storage_probe {' '.join(map(str, args))} exited {proc.returncode}: " \
                                     f"{proc.stderr.decode(errors='replace')}"
        return proc.stdout

    def listing(self, prefix: str, delimiter: bool = False) -> list[tuple[str, int]]:
        out = self.ok("list", prefix, *(["--delimiter"] if delimiter else [])).decode()
        return [(key, int(size)) for key, size in (line.rsplit("\t", 1) for line in out.splitlines())]
