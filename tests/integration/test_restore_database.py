"""restore into another database on the real Milvus: `-r db.coll:otherdb.coll` and the wildcard
`-r db1.*:db2.*` create the missing database and restore every row there, row for row; --verify
compares with the backed-up collection, which the same Milvus still has."""
import uuid

import pytest
from pymilvus import Collection, db, utility

from cli_helpers import env, milvus_a_section, run_cli, s3_storage, write_config
from restore_data import assert_same_rows, connect, create_collection


def a_alias(name, db_name="default"):
    return connect(name, env("MB_MILVUS_A_HOST"), env("MB_MILVUS_A_PORT"), db_name)


@pytest.fixture(scope="module")
def source():
    """A collection in a database of its own on A, backed up with --filter db.*."""
    alias = a_alias("rdb_default")
    src_db = "rdb_src_" + uuid.uuid4().hex[:6]
    db.create_database(src_db, using=alias)
    src_alias = a_alias("rdb_src", src_db)
    name = "rdb_" + uuid.uuid4().hex[:8]
    coll = create_collection(src_alias, name)
    root = "rdb_it_" + uuid.uuid4().hex[:8]
    backup = "bk_" + uuid.uuid4().hex[:8]
    config = write_config(f"/tmp/{root}.yaml", milvus_a_section(), s3_storage(env("MB_S3_BACKUP_BUCKET"), root))
    run_cli(config, "create", "-n", backup, "--filter", f"{src_db}.*", check=True, timeout=600)
    yield {"alias": alias, "db": src_db, "name": name, "coll": coll, "backup": backup, "config": config}
    utility.drop_collection(name, using=src_alias)
    db.drop_database(src_db, using=alias)


def restored_in(target_db, name, alias_name):
    alias = a_alias(alias_name, target_db)
    return alias, Collection(name, using=alias)


def drop_database(alias, target_db, name):
    target_alias = a_alias("rdb_cleanup", target_db)
    if utility.has_collection(name, using=target_alias):
        utility.drop_collection(name, using=target_alias)
    if target_db in db.list_database(using=alias):
        db.drop_database(target_db, using=alias)


@pytest.mark.parametrize("rule", ["collection", "wildcard"])
def test_restore_into_another_database(source, rule):
    target_db = f"rdb_{rule[:4]}_" + uuid.uuid4().hex[:6]
    name = source["name"]
    rename = f"{source['db']}.{name}:{target_db}.{name}" if rule == "collection" else \
        f"{source['db']}.*:{target_db}.*"
    assert target_db not in db.list_database(using=source["alias"])
    try:
        proc = run_cli(source["config"], "restore", "-n", source["backup"], "-r", rename, "--verify", timeout=900,
                       check=True)
        assert target_db in db.list_database(using=source["alias"])
        assert (f"verify {target_db}.{name} rows against {source['db']}.{name} at the target Milvus: "
                "100 sampled rows equal: ok") in proc.stdout
        assert f"verify {target_db}.{name}: PASS" in proc.stdout
        _, target = restored_in(target_db, name, "rdb_target_" + rule)
        assert_same_rows(source["coll"], target)
        # the source database is untouched: its collection is still the only one there
        assert utility.list_collections(using=a_alias("rdb_src", source["db"])) == [name]
    finally:
        drop_database(source["alias"], target_db, name)
