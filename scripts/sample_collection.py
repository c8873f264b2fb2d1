#!/usr/bin/env python3
"""Makes (or verifies) the demo's sample collection in a Milvus reached through pymilvus.

make:   creates `demo_books` (int64 id, varchar title, float vector), 2 partitions, 2,000 rows,
        an index, and flushes it so its binlogs are on storage.
drop:   drops it (what a restore then brings back).
verify: checks that `demo_books` (or --name) holds the rows `make` wrote, value for value.
"""
import argparse
import random
import sys

from pymilvus import Collection, CollectionSchema, DataType, FieldSchema, connections, utility

DIM = 8
ROWS = 2000


def rows():
    rng = random.Random(42)
    ids = list(range(ROWS))
    titles = [f"book-{i}" for i in ids]
    vectors = [[rng.random() for _ in range(DIM)] for _ in ids]
    return ids, titles, vectors


def make(name):
    if utility.has_collection(name):
        utility.drop_collection(name)
    schema = CollectionSchema([
        FieldSchema("id", DataType.INT64, is_primary=True),
        FieldSchema("title", DataType.VARCHAR, max_length=64),
        FieldSchema("vector", DataType.FLOAT_VECTOR, dim=DIM),
    ], description="milvus-backup demo")
    coll = Collection(name, schema)
    coll.create_partition("p_even")
    coll.create_partition("p_odd")
    ids, titles, vectors = rows()
    for part, parity in (("p_even", 0), ("p_odd", 1)):
        sel = [i for i in ids if i % 2 == parity]
        coll.insert([sel, [titles[i] for i in sel], [vectors[i] for i in sel]], partition_name=part)
    coll.flush()
    coll.create_index("vector", {"index_type": "IVF_FLAT", "metric_type": "L2", "params": {"nlist": 16}})
    print(f"made collection {name}: {coll.num_entities} rows in partitions p_even, p_odd")


def drop(name):
    utility.drop_collection(name)
    print(f"dropped collection {name}")


def verify(name):
    coll = Collection(name)
    coll.load()
    got = coll.query("id >= 0", output_fields=["id", "title", "vector"], limit=ROWS + 1)
    ids, titles, vectors = rows()
    if len(got) != ROWS:
        sys.exit(f"verify {name}: {len(got)} rows, expected {ROWS}")
    for row in got:
        i = row["id"]
        if row["title"] != titles[i] or any(abs(a - b) > 1e-6 for a, b in zip(row["vector"], vectors[i])):
            sys.exit(f"verify {name}: row {i} differs from what was written")
    print(f"verified collection {name}: {ROWS} rows equal to what was written")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("action", choices=["make", "drop", "verify"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="19530")
    parser.add_argument("--name", default="demo_books")
    args = parser.parse_args()
    connections.connect(host=args.host, port=args.port)
    {"make": make, "drop": drop, "verify": verify}[args.action](args.name)


if __name__ == "__main__":
    main()
