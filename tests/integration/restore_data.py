"""A small collection for the restore tests (test_restore_*.py): several field types, two
partitions, deletes, an IVF_FLAT index, rows that are a function of their primary key (and a
`shift`, to make a copy whose data differs), and row-for-row comparison of two collections."""
import random

from pymilvus import Collection, CollectionSchema, DataType, FieldSchema, connections

DIM = 8
ROWS = 400
DELETED = [0, 7, 250, 399]
FIELDS = ["id", "s", "f", "j", "v"]


def connect(alias, host, port, db_name="default"):
    connections.connect(alias, host=host, port=port, db_name=db_name)
    return alias


def rows_for(ids, shift=0.0):
    rng = random.Random(11)
    return [list(ids), [f"row-{i}" for i in ids], [i / 3.0 + shift for i in ids],
            [{"k": i, "odd": i % 2 == 1} for i in ids], [[rng.random() for _ in range(DIM)] for _ in ids]]


def create_collection(alias, name, shift=0.0, index=True):
    """Rows 0..ROWS-1 (the upper half in partition p2), DELETED removed, flushed, indexed."""
    schema = CollectionSchema([FieldSchema("id", DataType.INT64, is_primary=True),
                               FieldSchema("s", DataType.VARCHAR, max_length=32),
                               FieldSchema("f", DataType.FLOAT), FieldSchema("j", DataType.JSON),
                               FieldSchema("v", DataType.FLOAT_VECTOR, dim=DIM)])
    coll = Collection(name, schema, using=alias, shards_num=2)
    coll.create_partition("p2")
    coll.insert(rows_for(range(0, ROWS // 2), shift))
    coll.insert(rows_for(range(ROWS // 2, ROWS), shift), partition_name="p2")
    coll.flush()
    coll.delete(f"id in {DELETED}")
    coll.flush()
    if index:
        coll.create_index("v", {"index_type": "IVF_FLAT", "metric_type": "L2", "params": {"nlist": 8}})
    return coll


def all_rows(coll):
    return {r["id"]: r for r in coll.query("id >= 0", output_fields=FIELDS, limit=16384)}


def assert_same_rows(src, dst):
    """Every field of every row and the partitions' row counts; loads and releases both."""
    assert sorted(p.name for p in dst.partitions) == sorted(p.name for p in src.partitions)
    for coll in (src, dst):
        if not coll.has_index():
            coll.create_index("v", {"index_type": "FLAT", "metric_type": "L2", "params": {}})
        coll.load()
    try:
        want, got = all_rows(src), all_rows(dst)
        assert len(want) == ROWS - len(DELETED)
        assert got == want
        for partition in ("_default", "p2"):
            count = [c.query("", output_fields=["count(*)"], partition_names=[partition])[0]["count(*)"]
                     for c in (src, dst)]
            assert count[0] == count[1] == ROWS // 2 - 2, partition
    finally:
        src.release()
        dst.release()
