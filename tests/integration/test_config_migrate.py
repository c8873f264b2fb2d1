"""`milvus-backup config migrate`: a v1 config file rewritten as v2 on stdout or to -o, with the
report on stderr. Needs only the built binary, no Milvus."""
import yaml

V1_CONFIG = """\
log:
  level: debug
  file:
    filename: ""
milvus:
  address: milvus-host
  port: 29530
  tlsMode: 1
minio:
  address: minio-host
  port: 9001
  accessKeyID: ak
  secretAccessKey: file-secret
  rootPath: milvus-root
  crossStorage: true
http:
  enabled: false
"""


def write_v1(tmp_path, text=V1_CONFIG):
    path = tmp_path / "backup-v1.yaml"
    path.write_text(text)
    return path


def show_values(run_backup, config):
    """PARAMETER -> VALUE of `config show`, whose columns are aligned under the header."""
    proc = run_backup(config, "config", "show", check=True)
    lines = [line for line in proc.stdout.splitlines() if not line.startswith("config file:")]
    header = next(i for i, line in enumerate(lines) if line.startswith("PARAMETER"))
    value_at, source_at = lines[header].index("VALUE"), lines[header].index("SOURCE")
    rows = lines[header + 2:]
    return {row[:value_at].strip(): row[value_at:source_at].strip() for row in rows if row.strip()}


def test_writes_v2_yaml_to_stdout_and_the_report_to_stderr(run_backup, tmp_path):
    proc = run_backup(write_v1(tmp_path), "config", "migrate")
    assert proc.returncode == 0, proc.stderr
    body = [line for line in proc.stdout.splitlines() if line and not line.startswith("#")]
    assert body[0] == "configVersion: v2"
    doc = yaml.safe_load(proc.stdout)
    assert doc["milvus"]["grpc"] == {"address": "milvus-host", "port": 29530, "tlsMode": "server"}
    assert doc["milvus"]["storage"]["auth"]["secretAccessKey"] == "file-secret"
    assert doc["backup"]["storage"]["rootPath"] == "milvus-root"
    assert doc["transfer"]["mode"] == "streaming"
    assert "restore" not in doc, "only what the v1 file set is written"
    assert "migration report for" in proc.stderr
    assert "minio.address -> milvus.storage.address" in proc.stderr
    assert "http.enabled: removed in v2" in proc.stderr
    assert "wrote v2 config" not in proc.stderr

    dash = run_backup(write_v1(tmp_path), "config", "migrate", "-o", "-")
    assert dash.returncode == 0, dash.stderr
    assert dash.stdout == proc.stdout


def test_output_file_loads_to_the_same_settings_as_the_v1_file(run_backup, tmp_path):
    v1 = write_v1(tmp_path)
    out = tmp_path / "backup-v2.yaml"
    proc = run_backup(v1, "config", "migrate", "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert f"wrote v2 config to {out}" in proc.stderr
    assert yaml.safe_load(out.read_text())["configVersion"] == "v2"
    assert show_values(run_backup, out) == show_values(run_backup, v1)


def test_refuses_to_overwrite_without_force(run_backup, tmp_path):
    out = tmp_path / "backup-v2.yaml"
    out.write_text("keep me\n")
    proc = run_backup(write_v1(tmp_path), "config", "migrate", "--output", out)
    assert proc.returncode == 1
    assert "already exists" in proc.stderr and "--force" in proc.stderr
    assert out.read_text() == "keep me\n"

    forced = run_backup(write_v1(tmp_path), "config", "migrate", "--output", out, "--force")
    assert forced.returncode == 0, forced.stderr
    assert yaml.safe_load(out.read_text())["configVersion"] == "v2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup-v1.yaml", "backup-v2.yaml"]


def test_refuses_a_v2_file(run_backup, tmp_path):
    v2 = tmp_path / "backup.yaml"
    v2.write_text("configVersion: v2\nmilvus:\n  grpc:\n    address: h\n")
    proc = run_backup(v2, "config", "migrate")
    assert proc.returncode == 1
    assert "already a v2 config" in proc.stderr
    assert proc.stdout == ""


def test_missing_config_file_fails(run_backup, tmp_path):
    proc = run_backup(tmp_path / "absent.yaml", "config", "migrate")
    assert proc.returncode == 1
    assert "cannot locate config file" in proc.stderr


def test_strict_fails_on_an_invalid_result(run_backup, tmp_path):
    v1 = write_v1(tmp_path, "backup:\n  parallelism:\n    copydata: 0\n")
    lenient = run_backup(v1, "config", "migrate")
    assert lenient.returncode == 0, lenient.stderr
    assert "not valid v2" in lenient.stderr

    strict = run_backup(v1, "config", "migrate", "--strict")
    assert strict.returncode == 1
    assert "not valid v2" in strict.stderr and "transfer.concurrency" in strict.stderr
    assert strict.stdout == ""


def test_secret_from_a_v1_env_var_is_not_written(run_backup, tmp_path):
    v1 = write_v1(tmp_path, "minio:\n  address: minio-host\n  accessKeyID: ak\n")
    proc = run_backup(v1, "config", "migrate", env={"MINIO_SECRET_KEY": "secret-from-env"})
    assert proc.returncode == 0, proc.stderr
    assert "secret-from-env" not in proc.stdout
    assert "secret-from-env" not in proc.stderr
    assert "MILVUS_STORAGE_AUTH_SECRET_ACCESS_KEY" in proc.stdout  # the comment naming the v2 variable
    assert "MINIO_SECRET_KEY -> MILVUS_STORAGE_AUTH_SECRET_ACCESS_KEY" in proc.stderr
    assert "secretAccessKey" not in yaml.safe_load(proc.stdout)["milvus"]["storage"].get("auth", {})
