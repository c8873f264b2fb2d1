"""GrpcMilvusClient and ManagementClient against a real Milvus (MB_MILVUS_A_*).

pymilvus creates collections covering what Milvus 2.3 has (every scalar type, float and binary
vectors, a partition key, the dynamic field, extra partitions, indexes, properties, an alias) in
the default database and in a database of their own; tests/tools/describe_collection prints what
our client sees and every attribute must match what pymilvus reports. tests/tools/gc_control
drives GC pause/resume and the health probe on the management port. tests/tools/milvus_call runs
the other client methods one by one: a collection recreated from what describe_collection saw (the
restore's DDL), flush and segment listing (the backup's reads), bulk import and its state.
"""
import json
import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import grpc
import pytest
from pymilvus import Collection, CollectionSchema, DataType, FieldSchema, MilvusClient, connections, db, utility
from pymilvus.grpc_gen import milvus_pb2, milvus_pb2_grpc, schema_pb2

REPO = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("MB_BUILD_DIR", REPO / "build"))
DESCRIBE = BUILD / "tests" / "describe_collection"
GC_CONTROL = BUILD / "tests" / "gc_control"
MILVUS_CALL = BUILD / "tests" / "milvus_call"

CONSISTENCY = {0: "Strong", 1: "Session", 2: "Bounded", 3: "Eventually", 4: "Customized"}


def env(name):
    value = os.environ.get(name)
    assert value, f"{name} is not set: run scripts/testenv start and source .testenv/env.sh"
    return value


SUFFIX = uuid.uuid4().hex[:8]


def run_json(*cmd):
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"{cmd} exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    return json.loads(proc.stdout)


def described(db_name, collection=None):
    args = [DESCRIBE, "--host", env("MB_MILVUS_A_HOST"), "--port", env("MB_MILVUS_A_PORT"), "--db", db_name]
    if collection:
        args += ["--collection", collection]
    return run_json(*args)


def all_types_schema():
    fields = [
        FieldSchema("pk", DataType.INT64, is_primary=True, auto_id=True, description="primary key"),
        FieldSchema("flag", DataType.BOOL),
        FieldSchema("i8", DataType.INT8),
        FieldSchema("i16", DataType.INT16),
        FieldSchema("i32", DataType.INT32),
        FieldSchema("f32", DataType.FLOAT, description="a float"),
        FieldSchema("f64", DataType.DOUBLE),
        FieldSchema("text", DataType.VARCHAR, max_length=256),
        FieldSchema("doc", DataType.JSON),
        FieldSchema("tags", DataType.ARRAY, element_type=DataType.VARCHAR, max_capacity=16, max_length=32),
        FieldSchema("nums", DataType.ARRAY, element_type=DataType.INT64, max_capacity=8),
        FieldSchema("embedding", DataType.FLOAT_VECTOR, dim=8),
    ]
    return CollectionSchema(fields, description="every scalar type", enable_dynamic_field=True)


def binary_schema():
    fields = [
        FieldSchema("id", DataType.VARCHAR, is_primary=True, max_length=36),
        FieldSchema("code", DataType.BINARY_VECTOR, dim=32),
    ]
    return CollectionSchema(fields, description="binary vectors")


def partition_key_schema():
    fields = [
        FieldSchema("id", DataType.INT64, is_primary=True),
        FieldSchema("tenant", DataType.VARCHAR, max_length=64, is_partition_key=True),
        FieldSchema("embedding", DataType.FLOAT_VECTOR, dim=4),
    ]
    return CollectionSchema(fields, enable_dynamic_field=True)


def create_collections(alias, db_name):
    """The collections of one database; returns their names."""
    names = {"all": f"all_types_{SUFFIX}", "binary": f"binary_{SUFFIX}", "pkey": f"partition_key_{SUFFIX}"}
    db.using_database(db_name, using=alias)

    all_types = Collection(names["all"], all_types_schema(), using=alias, shards_num=2, consistency_level="Strong")
    all_types.create_partition("p1")
    all_types.create_partition("p2")
    all_types.create_index("embedding", {"index_type": "IVF_FLAT", "metric_type": "L2", "params": {"nlist": 16}},
                           index_name="embedding_idx")
    all_types.create_index("text", {"index_type": "Trie"}, index_name="text_idx")
    all_types.set_properties({"collection.ttl.seconds": 3600})

    binary = Collection(names["binary"], binary_schema(), using=alias, consistency_level="Bounded")
    binary.create_index("code", {"index_type": "BIN_IVF_FLAT", "metric_type": "HAMMING", "params": {"nlist": 8}})
    utility.create_alias(names["binary"], f"{names['binary']}_alias", using=alias)

    Collection(names["pkey"], partition_key_schema(), using=alias, num_partitions=5, consistency_level="Session")
    return names


@pytest.fixture(scope="module")
def milvus():
    alias = f"mbclient_{SUFFIX}"
    connections.connect(alias, host=env("MB_MILVUS_A_HOST"), port=env("MB_MILVUS_A_PORT"))
    second_db = f"mbclient_{SUFFIX}"
    db.create_database(second_db, using=alias)
    created = {"default": create_collections(alias, "default"), second_db: create_collections(alias, second_db)}
    yield {"alias": alias, "second_db": second_db, "created": created}
    for db_name, names in created.items():
        db.using_database(db_name, using=alias)
        utility.drop_alias(f"{names['binary']}_alias", using=alias)
        for name in names.values():
            utility.drop_collection(name, using=alias)
    db.using_database("default", using=alias)
    db.drop_database(second_db, using=alias)
    connections.disconnect(alias)


def pymilvus_client(db_name):
    return MilvusClient(uri=f"http://{env('MB_MILVUS_A_HOST')}:{env('MB_MILVUS_A_PORT')}", db_name=db_name)


def partition_ids(db_name, collection):
    """Partition ids are not in pymilvus's API: ask the server with pymilvus's own stubs."""
    channel = grpc.insecure_channel(f"{env('MB_MILVUS_A_HOST')}:{env('MB_MILVUS_A_PORT')}")
    stub = milvus_pb2_grpc.MilvusServiceStub(channel)
    answer = stub.ShowPartitions(milvus_pb2.ShowPartitionsRequest(collection_name=collection),
                                 metadata=[("dbname", db_name)])
    channel.close()
    return dict(zip(answer.partition_names, answer.partitionIDs))


def expected_type_params(params):
    return {key: str(value) for key, value in params.items()}


def assert_collection_matches(ours, db_name, name):
    client = pymilvus_client(db_name)
    theirs = client.describe_collection(name)

    assert ours["db_name"] == db_name
    assert ours["name"] == theirs["collection_name"]
    assert ours["id"] == theirs["collection_id"]
    assert ours["description"] == theirs["description"]
    assert ours["shards_num"] == theirs["num_shards"]
    assert ours["consistency_level"] == CONSISTENCY[theirs["consistency_level"]]
    assert ours["properties"] == {k: str(v) for k, v in theirs["properties"].items()}
    assert ours["num_partitions"] == theirs["num_partitions"]
    assert ours["enable_dynamic_field"] == theirs["enable_dynamic_field"]
    assert sorted(ours["aliases"]) == sorted(theirs["aliases"])
    assert len(ours["virtual_channels"]) == theirs["num_shards"]

    assert [f["name"] for f in ours["fields"]] == [f["name"] for f in theirs["fields"]]
    for our_field, their_field in zip(ours["fields"], theirs["fields"]):
        where = f"{db_name}.{name}.{their_field['name']}"
        assert int(our_field["fieldID"]) == their_field["field_id"], where
        assert our_field["description"] == their_field["description"], where
        assert schema_pb2.DataType.Value(our_field["data_type"]) == their_field["type"].value, where
        our_params = {p["key"]: p["value"] for p in our_field["type_params"]}
        assert our_params == expected_type_params(their_field["params"]), where
        assert our_field["is_primary_key"] == their_field.get("is_primary", False), where
        assert our_field["autoID"] == their_field.get("auto_id", False), where
        assert our_field["is_partition_key"] == their_field.get("is_partition_key", False), where
        assert our_field["is_dynamic"] == their_field.get("is_dynamic", False), where
        their_element = their_field.get("element_type")
        their_element_value = their_element.value if their_element else schema_pb2.DataType.Value("None")
        assert schema_pb2.DataType.Value(our_field["element_type"]) == their_element_value, where
        # Milvus 2.3 knows none of these; a 2.3 server leaves them at their defaults.
        assert our_field["nullable"] is False and our_field["is_clustering_key"] is False, where

    assert [p["name"] for p in ours["partitions"]] == client.list_partitions(name)
    assert {p["name"]: p["id"] for p in ours["partitions"]} == partition_ids(db_name, name)

    assert sorted(i["index_name"] for i in ours["indexes"]) == sorted(client.list_indexes(name))
    for index in ours["indexes"]:
        theirs_index = client.describe_index(name, index["index_name"])
        assert index["field_name"] == theirs_index["field_name"]
        assert index["index_type"] == theirs_index["index_type"]
        our_params = dict(index["params"])
        if "params" in our_params:  # a JSON string on the wire; pymilvus unpacks it
            our_params.update(json.loads(our_params.pop("params")))
        their_params = {k: v for k, v in theirs_index.items() if k not in ("field_name", "index_name")}
        their_params.update(their_params.pop("params", {}))
        assert our_params == their_params, index["index_name"]


def assert_is_what_was_created(ours, which):
    """Guards against agreeing with pymilvus on nothing: what the fixture made must be there."""
    if which == "all":
        assert len(ours["fields"]) == 12 and ours["enable_dynamic_field"] is True
        assert ours["shards_num"] == 2 and ours["consistency_level"] == "Strong"
        assert ours["properties"] == {"collection.ttl.seconds": "3600"}
        assert [p["name"] for p in ours["partitions"]] == ["_default", "p1", "p2"]
        assert sorted(i["index_name"] for i in ours["indexes"]) == ["embedding_idx", "text_idx"]
        tags = next(f for f in ours["fields"] if f["name"] == "tags")
        assert tags["data_type"] == "Array" and tags["element_type"] == "VarChar"
    elif which == "binary":
        assert ours["aliases"] == [f"{ours['name']}_alias"] and ours["consistency_level"] == "Bounded"
        assert [i["index_type"] for i in ours["indexes"]] == ["BIN_IVF_FLAT"]
    else:
        assert ours["num_partitions"] == 5 and len(ours["partitions"]) == 5
        assert ours["consistency_level"] == "Session" and ours["indexes"] == []
        assert [f["name"] for f in ours["fields"] if f["is_partition_key"]] == ["tenant"]


@pytest.mark.parametrize("which", ["all", "binary", "pkey"])
def test_describe_matches_pymilvus_in_the_default_database(milvus, which):
    name = milvus["created"]["default"][which]
    out = described("default", name)
    assert [c["name"] for c in out["collections"]] == [name]
    assert_is_what_was_created(out["collections"][0], which)
    assert_collection_matches(out["collections"][0], "default", name)


def test_describe_matches_pymilvus_for_every_collection_of_a_second_database(milvus):
    db_name = milvus["second_db"]
    out = described(db_name)
    assert out["db"] == db_name
    assert out["server"]["multi_database"] is True
    created = milvus["created"][db_name]
    assert sorted(c["name"] for c in out["collections"]) == sorted(created.values())
    for which, name in created.items():
        collection = next(c for c in out["collections"] if c["name"] == name)
        assert_is_what_was_created(collection, which)
        assert_collection_matches(collection, db_name, name)
    # The same names exist in the default database: the ids tell the two apart.
    for collection in out["collections"]:
        in_default = described("default", collection["name"])["collections"]
        assert in_default[0]["id"] != collection["id"]


def test_the_version_comes_from_the_server(milvus):
    out = described("default", "no-such-collection")
    channel = grpc.insecure_channel(f"{env('MB_MILVUS_A_HOST')}:{env('MB_MILVUS_A_PORT')}")
    reported = milvus_pb2_grpc.MilvusServiceStub(channel).GetVersion(milvus_pb2.GetVersionRequest()).version
    channel.close()
    assert out["server"]["version_text"] == reported
    # "v2.3.5-lite" reads as 2.3.5
    assert reported.lstrip("v").startswith(out["server"]["version"])


def test_a_missing_database_is_a_milvus_error_naming_it(milvus):
    proc = subprocess.run([str(DESCRIBE), "--host", env("MB_MILVUS_A_HOST"), "--port", env("MB_MILVUS_A_PORT"),
                           "--db", f"absent_{SUFFIX}"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert f"absent_{SUFFIX}" in proc.stderr
    assert "rpc=ShowCollections" in proc.stderr


def test_an_unreachable_server_is_named_in_the_error():
    proc = subprocess.run([str(DESCRIBE), "--host", "127.0.0.1", "--port", "1"], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 1
    assert "cannot reach Milvus at 127.0.0.1:1" in proc.stderr


def gc(*args):
    return run_json(GC_CONTROL, "--endpoint", env("MB_MILVUS_A_MGMT"), *args)


def test_management_port_reports_health():
    assert gc("health") == {"ok": True, "healthy": True}


def test_gc_pause_and_resume():
    paused = gc("pause", "60")
    if not paused["ok"]:
        # Milvus 2.3.5 (the PyPI build) has no GC routes; the error must say where and what.
        assert paused["context"]["http_status"] == "404", paused
        pause_url = f"{env('MB_MILVUS_A_MGMT')}/management/datacoord/garbage_collection/pause?pause_seconds=60"
        assert paused["context"]["url"] == pause_url
        resumed = gc("resume")
        assert resumed["context"]["http_status"] == "404", resumed
        return
    ticket = paused["ticket"]
    resumed = gc("resume", ticket) if ticket else gc("resume")
    assert resumed == {"ok": True}


def test_an_unreachable_management_port_is_named_in_the_error():
    out = run_json(GC_CONTROL, "--endpoint", "http://127.0.0.1:1", "health")
    assert out["ok"] is False
    assert out["code"] == "unavailable"
    assert out["context"]["url"] == "http://127.0.0.1:1/healthz"


def call(method, **args):
    """One MilvusClient method through tests/tools/milvus_call; returns its result, fails on error."""
    out = call_raw(method, **args)
    assert out["ok"], f"{method} {args}: {out}"
    return out["result"]


def call_raw(method, **args):
    return run_json(MILVUS_CALL, "--host", env("MB_MILVUS_A_HOST"), "--port", env("MB_MILVUS_A_PORT"), method,
                    json.dumps(args))


def wait_for(what, check, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


def recreate(source, db_name, name):
    """What a restore does with a described collection: schema without the dynamic $meta field,
    shards, consistency, properties, partitions (num_partitions for a partition key), indexes."""
    schema = {"name": name, "description": source["description"],
              "enable_dynamic_field": source["enable_dynamic_field"],
              "fields": [f for f in source["fields"] if not f["is_dynamic"]]}
    partition_key = any(f["is_partition_key"] for f in source["fields"])
    call("create_collection", db=db_name, schema=schema, shards_num=source["shards_num"],
         consistency_level=source["consistency_level"], properties=source["properties"],
         num_partitions=source["num_partitions"] if partition_key else 0)
    for partition in source["partitions"]:
        if not call("has_partition", db=db_name, collection=name, partition=partition["name"]):
            call("create_partition", db=db_name, collection=name, partition=partition["name"])
    for index in source["indexes"]:
        call("create_index", db=db_name, collection=name, field_name=index["field_name"],
             index_name=index["index_name"], params=index["params"])


def comparable(collection):
    """A described collection without what a recreation cannot keep (ids, names, channels, times)."""
    kept = {k: v for k, v in collection.items()
            if k not in ("db_name", "name", "id", "virtual_channels", "created_timestamp", "aliases")}
    kept["partitions"] = [p["name"] for p in collection["partitions"]]
    # Milvus lists a collection's indexes in no fixed order.
    kept["indexes"] = sorted(({k: v for k, v in i.items() if k != "index_id"} for i in collection["indexes"]),
                             key=lambda index: index["index_name"])
    return kept


@pytest.fixture
def restore_db(milvus):
    name = f"mbclient_restore_{SUFFIX}"
    call("create_database", db=name)
    yield name
    for collection in call("show_collections", db=name):
        call("drop_collection", db=name, collection=collection["name"])
    db.using_database("default", using=milvus["alias"])
    db.drop_database(name, using=milvus["alias"])


@pytest.mark.parametrize("which", ["all", "binary", "pkey"])
def test_a_collection_recreated_from_its_description_matches_it(milvus, restore_db, which):
    source_db = milvus["second_db"]
    name = milvus["created"][source_db][which]
    source = described(source_db, name)["collections"][0]
    assert restore_db in call("list_databases")
    assert call("has_collection", db=restore_db, collection=name) is False

    recreate(source, restore_db, name)

    assert call("has_collection", db=restore_db, collection=name) is True
    copy = described(restore_db, name)["collections"][0]
    assert comparable(copy) == comparable(source)
    assert_collection_matches(copy, restore_db, name)


def test_indexes_can_be_dropped(milvus, restore_db):
    name = milvus["created"]["default"]["all"]
    recreate(described("default", name)["collections"][0], restore_db, name)
    assert len(call("describe_index", db=restore_db, collection=name)) == 2
    for index in call("describe_index", db=restore_db, collection=name):
        call("drop_index", db=restore_db, collection=name, index_name=index["index_name"])
    assert call("describe_index", db=restore_db, collection=name) == []


def test_creating_an_existing_collection_is_a_milvus_error_with_context(milvus):
    name = milvus["created"]["default"]["binary"]
    source = described("default", name)["collections"][0]
    out = call_raw("create_collection", db="default", schema={"name": name, "fields": source["fields"]})
    assert out["ok"] is False and out["code"] == "milvus error", out
    assert out["context"]["rpc"] == "CreateCollection"
    assert out["context"]["db"] == "default" and out["context"]["collection"] == name


@pytest.fixture
def fresh_collection(milvus):
    """A collection of the second database that only the test using it touches."""
    db_name, name = milvus["second_db"], f"flush_{SUFFIX}"
    db.using_database(db_name, using=milvus["alias"])
    collection = Collection(name, partition_key_schema(), using=milvus["alias"], num_partitions=3)
    yield db_name, name, collection
    collection.drop()


def test_flush_then_segments_then_loading(fresh_collection):
    db_name, name, collection = fresh_collection
    rows = [{"id": i, "tenant": f"t{i % 3}", "embedding": [0.1, 0.2, 0.3, float(i)]} for i in range(300)]
    collection.insert(rows)

    flushed = call("flush", db=db_name, collection=name)
    assert flushed["sealed_segment_ids"], flushed
    assert flushed["flush_ts"] > 0 and flushed["seal_time"] > 0
    # Milvus 2.3.5 answers no channel checkpoints (FlushResponse.channel_cps came later); servers
    # that do must name exactly the collection's channels.
    if flushed["channel_checkpoints"]:
        channels = described(db_name, name)["collections"][0]["virtual_channels"]
        assert sorted(flushed["channel_checkpoints"]) == sorted(channels)
        for channel, position in flushed["channel_checkpoints"].items():
            assert int(position["timestamp"]) > 0, channel
    wait_for("the flush", lambda: call("get_flush_state", db=db_name, collection=name,
                                        segment_ids=flushed["sealed_segment_ids"], flush_ts=flushed["flush_ts"]))

    segments = call("get_persistent_segment_info", db=db_name, collection=name)
    # Compaction may already have merged the sealed segments; the flushed ones hold every row.
    assert sum(s["num_rows"] for s in segments if s["state"] == "Flushed") == len(rows)
    assert {s["partition_id"] for s in segments} <= set(partition_ids(db_name, name).values())
    assert {s["level"] for s in segments} == {"Legacy"}  # Milvus 2.3 has no segment levels

    assert call("get_loading_progress", db=db_name, collection=name) == 0
    collection.create_index("embedding", {"index_type": "FLAT", "metric_type": "L2"})
    collection.load()
    assert wait_for("the load", lambda: call("get_loading_progress", db=db_name, collection=name) == 100)
    collection.release()


def finished_import(task):
    state = call("get_import_state", task=task)
    return state if state["completed"] or state["failed"] else None


@pytest.fixture
def rows_file():
    """A row-based JSON file where Milvus's local storage reads it (by absolute path)."""
    path = Path(env("MB_MILVUS_A_STORAGE_PATH")) / f"mbclient_import_{SUFFIX}" / "rows.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"rows": [{"id": f"r{i}", "code": [i % 256, 0, 255, 1]} for i in range(20)]}))
    yield path
    shutil.rmtree(path.parent)


def test_import_a_file_and_read_its_state(milvus, rows_file):
    db_name = milvus["second_db"]
    name = milvus["created"][db_name]["binary"]
    task = call("import", db=db_name, collection=name, files=[str(rows_file)])
    state = wait_for("the import", lambda: finished_import(task))
    assert state["completed"], state
    assert state["row_count"] == 20

    missing = call("import", db=db_name, collection=name, partition="_default", files=[f"{rows_file}.absent"])
    state = wait_for("the failing import", lambda: finished_import(missing))
    assert state["failed"] and "rows.json.absent" in state["failed_reason"], state
