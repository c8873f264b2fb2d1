"""Schemathesis against `milvus-backup server`, driven by the server's own /api/v1/openapi.json: for
every documented operation, generated requests (valid per the document, and for request bodies also
invalid ones) must get no 5xx, a documented status code and content type, and a body that matches
the documented schema.

The server talks to the real Milvus A, which other tests share, so the fuzzer is fenced in:
- backups go to a root of this test's own, and the server runs in a directory of its own (request
  root overrides such as `backup_root_path` are relative paths);
- every create is metadata only: a generated filter may select the whole shared Milvus, whose data
  is not this test's to copy (test_server.py covers creates that copy data);
- every restore restores one backup made here of one collection made here, so the most a generated
  restore can do (drop, rename, suffix, other databases) touches only copies of that collection;
  teardown stops the server (cancelling running jobs) and drops every such copy;
- GC pausing is off in the config (a body may still switch it on; the pause is always resumed).
"""
import os
import uuid

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from pymilvus import Collection, CollectionSchema, DataType, FieldSchema, connections, db, utility
from schemathesis import DataGenerationMethod
from schemathesis.checks import (content_type_conformance, not_a_server_error, response_schema_conformance,
                                 status_code_conformance)

from cli_helpers import env, local_storage, milvus_a_section, run_cli, write_config
from server_process import running_server

CHECKS = (not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance)
# Examples per operation: 100 for all 14 operations take about two minutes on 2 cores.
MAX_EXAMPLES = int(os.environ.get("MB_FUZZ_MAX_EXAMPLES", "100"))
TAG = "fuzz_" + uuid.uuid4().hex[:8]
COLLECTION = TAG + "_src"
BACKUP = TAG + "_backup"


def make_source_collection(alias):
    schema = CollectionSchema([FieldSchema("id", DataType.INT64, is_primary=True),
                               FieldSchema("v", DataType.FLOAT_VECTOR, dim=4)])
    coll = Collection(COLLECTION, schema, using=alias)
    coll.insert([list(range(20)), [[float(i), 0.0, 1.0, 2.0] for i in range(20)]])
    coll.flush()


def drop_restored_copies(alias):
    """Every restore target is this test's collection, maybe suffixed, in any database; a database
    that holds nothing else afterwards was made by a restore and goes too."""
    for database in db.list_database(using=alias):
        db.using_database(database, using=alias)
        names = utility.list_collections(using=alias)
        ours = [name for name in names if name.startswith(TAG)]
        for name in ours:
            utility.drop_collection(name, using=alias)
        if ours and database != "default" and len(ours) == len(names):
            db.using_database("default", using=alias)
            db.drop_database(database, using=alias)
    db.using_database("default", using=alias)


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("openapi_fuzz")
    config = write_config(tmp / "backup.yaml", milvus_a_section(), local_storage(tmp / "backups"),
                          extra={"backup": {"storage": local_storage(tmp / "backups"), "pauseGC": False}})
    alias = "openapi_fuzz"
    connections.connect(alias, host=env("MB_MILVUS_A_HOST"), port=env("MB_MILVUS_A_PORT"))
    workdir = tmp / "cwd"
    workdir.mkdir()
    try:
        make_source_collection(alias)
        run_cli(config, "create", "-n", BACKUP, "--filter", COLLECTION, check=True)
        with running_server(config, "--host", "127.0.0.1", "--state_dir", str(tmp / "state"), cwd=workdir,
                            log_path=tmp / "server.log") as url:
            yield url
    finally:
        drop_restored_copies(alias)
        connections.disconnect(alias)


@pytest.fixture(scope="module")
def api_schema(server_url):
    return schemathesis.from_uri(server_url + "/api/v1/openapi.json", base_url=server_url,
                                 data_generation_methods=[DataGenerationMethod.positive,
                                                          DataGenerationMethod.negative])


schema = schemathesis.from_pytest_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])
def test_api_matches_its_openapi_document(case):
    if isinstance(case.body, dict) and case.operation.path == "/api/v1/create":
        case.body["strategy"] = "meta_only"
    if isinstance(case.body, dict) and case.operation.path == "/api/v1/restore":
        case.body["backup_name"] = BACKUP
    response = case.call(timeout=120)
    case.validate_response(response, checks=CHECKS)


def test_a_request_id_that_is_not_utf8_is_answered(server_url):
    # Found by the fuzzer: the job record of such an id could not be written and the create was a 500.
    res = requests.post(server_url + "/api/v1/create", headers={"request_id": "\xa6MJ\xf2"},
                        json={"backup_name": TAG + "_latin1", "strategy": "meta_only", "collection_names": [COLLECTION]})
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["requestId"] == "\ufffdMJ\ufffd" and "code" not in body, body
