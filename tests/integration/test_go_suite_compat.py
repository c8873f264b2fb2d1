"""The REST flows of the Go tool's own Python suite (tests/testcases in zilliztech/milvus-backup),
replayed against our `milvus-backup server` the way its client sends them: a `RequestId` header
(not the `request_id` one the Go server reads), JSON bodies, a DELETE carrying the body `null`,
polling get_backup/get_restore every few seconds while state_code is 0 or 1. Collections are shaped
like its prepare_data: int64 key, float, varchar, json and a 128-dim float or binary vector, with
extra partitions, an index, loaded or not. What is asserted is what that suite asserts on."""
import json
import time
import uuid

import numpy as np
import pytest
import requests
from pymilvus import (Collection, CollectionSchema, DataType, FieldSchema, Partition, connections, db,
                      utility)

from cli_helpers import env, local_storage, milvus_a_section, write_config
from test_server import Server

DIM = 128
ROWS = 3000
SUFFIX = "_bak"


class GoSuiteClient:
    """Sends requests as the Go suite's MilvusBackupClient does."""

    def __init__(self, base_url):
        self.endpoint = base_url + "/api/v1"

    @staticmethod
    def headers():
        return {"Content-Type": "application/json", "RequestId": str(uuid.uuid1())}

    def hello(self):
        return requests.get(f"{self.endpoint}/hello", headers=self.headers(), timeout=10)

    def create_backup(self, payload):
        return requests.post(f"{self.endpoint}/create", headers=self.headers(), data=json.dumps(payload),
                             timeout=600).json()

    def list_backup(self):
        return requests.get(f"{self.endpoint}/list", headers=self.headers(), timeout=60).json()

    def get_backup(self, backup_name):
        return requests.get(f"{self.endpoint}/get_backup", headers=self.headers(),
                            params={"backup_name": backup_name}, timeout=60).json()

    def get_backup_by_id(self, backup_id):
        return requests.get(f"{self.endpoint}/get_backup", headers=self.headers(),
                            params={"backup_id": backup_id}, timeout=60).json()

    def delete_backup(self, backup_name):
        # json.dumps(None): their client sends the body "null" with every DELETE.
        return requests.delete(f"{self.endpoint}/delete", headers=self.headers(), data=json.dumps(None),
                               params={"backup_name": backup_name}, timeout=60).json()

    def restore_backup(self, payload):
        return requests.post(f"{self.endpoint}/restore", headers=self.headers(), data=json.dumps(payload),
                             timeout=600).json()

    def get_restore(self, restore_id):
        return requests.get(f"{self.endpoint}/get_restore", headers=self.headers(), params={"id": restore_id},
                            timeout=60).json()

    def wait(self, fetch, timeout=120):
        """Their wait_*_complete: 0/1 running (a missing state_code counts as running), 2 done."""
        deadline = time.time() + timeout
        res = fetch()
        while time.time() < deadline:
            state = res["data"].get("state_code", 1)
            if state == 2:
                return True
            if state not in (0, 1):
                return False
            time.sleep(0.5)
            res = fetch()
        return False


def unique(prefix):
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def backup_names(listed):
    return [b["name"] for b in listed["data"]] if "data" in listed else []


def make_collection(alias, name, binary=False, partitions=0, index=None, load=False):
    vector = (FieldSchema("binary_vector", DataType.BINARY_VECTOR, dim=DIM) if binary
              else FieldSchema("float_vector", DataType.FLOAT_VECTOR, dim=DIM))
    schema = CollectionSchema([FieldSchema("int64", DataType.INT64, is_primary=True),
                               FieldSchema("float", DataType.FLOAT),
                               FieldSchema("varchar", DataType.VARCHAR, max_length=65535),
                               FieldSchema("json_field", DataType.JSON),
                               vector], enable_dynamic_field=False)
    coll = Collection(name, schema, using=alias, shards_num=2)
    rng = np.random.default_rng(7)
    vectors = ([bytes(rng.integers(0, 256, DIM // 8, dtype=np.uint8)) for _ in range(ROWS)] if binary
               else rng.random((ROWS, DIM), dtype=np.float32).tolist())
    coll.insert([list(range(ROWS)), [i * 0.5 for i in range(ROWS)], [str(i) for i in range(ROWS)],
                 [{"number": i, "float": i * 1.0} for i in range(ROWS)], vectors])
    for i in range(partitions):
        part = Partition(coll, f"partition_{i}")
        part.insert([list(range(ROWS + i * 10, ROWS + i * 10 + 10)), [0.0] * 10, ["p"] * 10, [{}] * 10,
                     vectors[:10]])
    coll.flush()
    if index:
        coll.create_index(vector.name, index, index_name=unique("idx"))
        coll.create_index("varchar", {}, index_name=unique("idx"))
    if load:
        coll.load()
    return coll


def row_count(alias, name, db_name="default"):
    db.using_database(db_name, using=alias)
    try:
        return Collection(name, using=alias).num_entities
    finally:
        db.using_database("default", using=alias)


@pytest.fixture(scope="module")
def alias():
    connections.connect("go_suite", host=env("MB_MILVUS_A_HOST"), port=env("MB_MILVUS_A_PORT"))
    yield "go_suite"
    connections.disconnect("go_suite")


@pytest.fixture(scope="module")
def bed(tmp_path_factory, alias):
    """One server on Milvus A and the source collections the cases share; everything made is dropped."""
    tmp = tmp_path_factory.mktemp("go_suite")
    config = write_config(tmp / "backup.yaml", milvus_a_section(), local_storage(tmp / "backups"))
    float_loaded = unique("create_backup_f")
    float_plain = unique("create_backup_p")
    binary = unique("create_backup_b")
    database = unique("db")
    in_db = unique("restore_backup_d")
    made = {"default": [float_loaded, float_plain, binary], database: [in_db]}
    make_collection(alias, float_loaded, partitions=2,
                    index={"index_type": "IVF_FLAT", "metric_type": "L2", "params": {"nlist": 64}}, load=True)
    make_collection(alias, float_plain)
    make_collection(alias, binary, binary=True,
                    index={"index_type": "BIN_FLAT", "metric_type": "JACCARD", "params": {}})
    db.create_database(database, using=alias)
    db.using_database(database, using=alias)
    make_collection(alias, in_db)
    db.using_database("default", using=alias)
    server = Server(config, tmp / "state")
    try:
        yield {"client": GoSuiteClient(server.url), "server": server, "made": made, "float_loaded": float_loaded,
               "float_plain": float_plain, "binary": binary, "db": database, "in_db": in_db}
    finally:
        server.stop()
        for db_name, prefixes in made.items():
            if db_name not in db.list_database(using=alias):
                continue
            db.using_database(db_name, using=alias)
            for name in utility.list_collections(using=alias):
                if any(name.startswith(prefix) for prefix in prefixes):
                    utility.drop_collection(name, using=alias)
            db.using_database("default", using=alias)
            if db_name != "default" and not utility.list_collections(using=alias):
                db.drop_database(db_name, using=alias)


def test_hello_is_plain_text(bed):
    res = bed["client"].hello()
    assert res.status_code == 200 and res.text == "Hello, This is backup service"


def test_sync_create_answers_the_backup_with_load_state_and_indexes(bed):
    """test_milvus_create_backup_with_indexed_and_loaded reads collection_backups off the create reply."""
    client = bed["client"]
    name = unique("backup")
    wanted = [bed["float_loaded"], bed["binary"]]
    res = client.create_backup({"async": False, "backup_name": name, "collection_names": wanted})
    assert "code" not in res and res["msg"] == "success", res
    assert res["data"]["name"] == name and res["data"]["state_code"] == 2
    briefs = {c["collection_name"]: c for c in res["data"]["collection_backups"]}
    assert set(briefs) == set(wanted)
    assert briefs[bed["float_loaded"]]["load_state"] == "Loaded"
    assert briefs[bed["binary"]]["load_state"] == "NotLoad"
    assert len(briefs[bed["float_loaded"]]["index_infos"]) == 2
    assert len(briefs[bed["binary"]]["index_infos"]) == 2

    assert name in backup_names(client.list_backup())
    got = client.get_backup(name)
    assert got["data"]["name"] == name and got["data"]["state_code"] == 2
    assert len(got["data"]["collection_backups"]) == len(wanted)
    assert got["data"]["size"] > 0
    by_id = client.get_backup_by_id(res["data"]["id"])
    assert by_id["data"]["name"] == name


def test_async_create_polled_by_name_then_listed(bed):
    """test_milvus_create_backup / test_milvus_get_backup with async and a collection subset."""
    client = bed["client"]
    names = [unique("backup") for _ in range(2)]
    for name in names:
        res = client.create_backup({"async": True, "backup_name": name,
                                    "collection_names": [bed["float_plain"], bed["binary"]]})
        assert "code" not in res and res["msg"] == "create backup is executing asynchronously", res
    for name in names:
        assert client.wait(lambda: client.get_backup(name))
    assert set(names).issubset(backup_names(client.list_backup()))
    for name in names:
        got = client.get_backup(name)
        assert got["data"]["state_code"] == 2 and got["data"]["progress"] == 100
        assert {bed["float_plain"], bed["binary"]} == {c["collection_name"] for c in got["data"]["collection_backups"]}


@pytest.mark.parametrize("as_string", [True, False])
def test_create_with_db_collections_and_deprecated_switches(bed, as_string):
    """test_milvus_restore_with_db_collections sends db_collections as a JSON string or an object; older
    suites send force, meta_only and the gc pause fields."""
    client = bed["client"]
    name = unique("backup")
    db_collections = {bed["db"]: [bed["in_db"]], "default": [bed["float_plain"]]}
    res = client.create_backup({"async": False, "backup_name": name, "force": True, "gc_pause_enable": True,
                                "gc_pause_seconds": 60,
                                "db_collections": json.dumps(db_collections) if as_string else db_collections})
    assert res["msg"] == "success", res
    got = client.get_backup(name)
    assert {(c["db_name"], c["collection_name"]) for c in got["data"]["collection_backups"]} == {
        (bed["db"], bed["in_db"]), ("default", bed["float_plain"])}

    meta_only = unique("backup")
    res = client.create_backup({"async": False, "backup_name": meta_only, "meta_only": True,
                                "collection_names": [bed["float_plain"]]})
    assert res["msg"] == "success", res
    assert client.get_backup(meta_only)["data"]["collection_backups"][0]["size"] == 0


def test_restore_sync_then_get_restore_then_renames_and_plan(bed, alias):
    """test_milvus_restore_back (sync, polled afterwards), test_milvus_get_restore, an async restore with
    collection_renames and one with a restorePlan; restoreIndex and useV2Restore as their payloads carry
    them."""
    client = bed["client"]
    name = unique("backup")
    sources = [bed["float_loaded"], bed["binary"]]
    assert client.create_backup({"async": False, "backup_name": name, "collection_names": sources})["msg"] == "success"

    res = client.restore_backup({"async": False, "backup_name": name, "collection_suffix": SUFFIX,
                                 "collection_names": sources, "restoreIndex": True, "useV2Restore": False})
    assert "code" not in res and res["msg"] == "success", res
    restore_id = res["data"]["id"]
    assert client.wait(lambda: client.get_restore(restore_id))
    done = client.get_restore(restore_id)
    assert done["data"]["state_code"] == 2 and done["data"]["progress"] == 100
    assert {t["target_collection_name"] for t in done["data"]["collection_restore_tasks"]} == {
        s + SUFFIX for s in sources}
    listed = utility.list_collections(using=alias)
    for source in sources:
        assert source + SUFFIX in listed
        assert row_count(alias, source + SUFFIX) == row_count(alias, source)
    restored = Collection(bed["float_loaded"] + SUFFIX, using=alias)
    assert {p.name for p in restored.partitions} == {"_default", "partition_0", "partition_1"}
    assert len(restored.indexes) == 2

    # The Go tool filters by backup-side names, maps them by the renames and ignores the suffix.
    renamed = unique("restore_backup_r")
    bed["made"]["default"].append(renamed)
    res = client.restore_backup({"async": True, "backup_name": name, "useV2Restore": True,
                                 "collection_names": [bed["binary"]], "collection_suffix": "_ignored",
                                 "collection_renames": {bed["binary"]: renamed}})
    assert res["msg"] == "restore backup is executing asynchronously", res
    assert client.wait(lambda: client.get_restore(res["data"]["id"]))
    assert row_count(alias, renamed) == ROWS
    assert bed["binary"] + "_ignored" not in utility.list_collections(using=alias)

    # restorePlan (test_milvus_restore_back_with_restore_plan): a mapping renames, its filter selects.
    planned = unique("restore_backup_p")
    bed["made"]["default"].append(planned)
    res = client.restore_backup({"async": False, "backup_name": name, "restorePlan": {
        "mapping": [{"source": "default", "target": "default",
                     "colls": [{"source": bed["float_loaded"], "target": planned}]}],
        "filter": {"default": {"colls": [planned]}}}})
    assert res["msg"] == "success", res
    assert [t["target_collection_name"] for t in res["data"]["collection_restore_tasks"]] == [planned]
    assert row_count(alias, planned) == row_count(alias, bed["float_loaded"])


def test_restore_with_db_collections_recreates_a_dropped_database(bed, alias):
    """test_milvus_restore_with_db_collections: the database is dropped before the restore."""
    client = bed["client"]
    name = unique("backup")
    source_db = unique("db")
    coll = unique("restore_backup_x")
    bed["made"][source_db] = [coll]
    db.create_database(source_db, using=alias)
    db.using_database(source_db, using=alias)
    make_collection(alias, coll)
    db.using_database("default", using=alias)
    res = client.create_backup({"async": False, "backup_name": name, "db_collections": {source_db: [coll]}})
    assert res["msg"] == "success", res

    db.using_database(source_db, using=alias)
    utility.drop_collection(coll, using=alias)
    db.using_database("default", using=alias)
    db.drop_database(source_db, using=alias)

    res = client.restore_backup({"async": False, "backup_name": name, "collection_suffix": SUFFIX,
                                 "db_collections": {source_db: [coll]}})
    assert res["msg"] == "success", res
    assert client.get_restore(res["data"]["id"])["data"]["state_code"] == 2
    assert row_count(alias, coll + SUFFIX, source_db) == ROWS


def test_delete_with_null_body_then_gone_from_list(bed):
    """test_milvus_delete_backup: msg "success", then absent from list."""
    client = bed["client"]
    names = [unique("backup") for _ in range(2)]
    for name in names:
        res = client.create_backup({"async": True, "backup_name": name, "collection_names": [bed["float_plain"]]})
        assert client.wait(lambda: client.get_backup(name)), res
    assert set(names).issubset(backup_names(client.list_backup()))
    for name in names:
        res = client.delete_backup(name)
        assert res["msg"] == "success", res
    listed = backup_names(client.list_backup())
    assert not set(names) & set(listed)
    gone = client.delete_backup(names[0])
    assert gone.get("code") not in (None, 0) and gone["msg"] != "success"


def test_failures_keep_the_envelope(bed):
    client = bed["client"]
    missing = client.restore_backup({"async": False, "backup_name": unique("backup"), "collection_suffix": SUFFIX})
    assert missing["code"] == 3 and missing["msg"] == "not found" and missing["requestId"]
    assert client.get_restore(unique("restore"))["code"] == 3
    assert client.get_restore("")["code"] == 3
    no_name = requests.get(client.endpoint + "/get_backup", headers=client.headers(), timeout=60).json()
    assert no_name["code"] == 400
