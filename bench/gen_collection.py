#!/usr/bin/env python3
"""Makes (or drops, or counts the rows of) the backup benchmark's collection in a real Milvus: an
INT64 primary key and a FLOAT_VECTOR, filled with random rows until its binlogs reach the wanted
size, then flushed.

    gen_collection.py create NAME --host H --port P [--rows 360000] [--dim 768] [--batch 8000]
    gen_collection.py drop NAME --host H --port P
    gen_collection.py count NAME --host H --port P      prints the row count
    gen_collection.py segments NAME --host H --port P [--quiet-seconds 60] [--timeout 1800]
        waits until Milvus's auto compaction has left the flushed segments alone for quiet-seconds
        and prints one "<partition id>/<segment id>" line per segment: the directories of the
        binlogs a backup copies, which a plain copy of the whole collection directory is not
        (compacted segments stay on disk until Milvus's GC removes them, hours later)

`create` prints one JSON line: {"collection_id": ..., "rows": ...}. A collection of that name with
the wanted row count is kept as it is (a second run of the benchmark reuses it); any other is
refused, so a half-made one from an interrupted run has to be dropped first.
No index: the benchmark measures copying and importing binlogs, not index building.
"""
import argparse
import json
import sys
import time

import numpy as np
from pymilvus import Collection, CollectionSchema, DataType, FieldSchema, connections, utility
from pymilvus.grpc_gen import common_pb2


def create(name, rows, dim, batch):
    if utility.has_collection(name):
        existing = Collection(name)
        if existing.num_entities != rows:
            sys.exit(f"collection {name} exists with {existing.num_entities} rows, not {rows}: drop it first")
        return existing
    schema = CollectionSchema([FieldSchema("id", DataType.INT64, is_primary=True),
                               FieldSchema("vector", DataType.FLOAT_VECTOR, dim=dim)],
                              description="milvus-backup benchmark")
    collection = Collection(name, schema, shards_num=1)
    rng = np.random.default_rng(1)
    started = time.time()
    for start in range(0, rows, batch):
        count = min(batch, rows - start)
        collection.insert([list(range(start, start + count)), rng.random((count, dim), dtype=np.float32)])
        print(f"inserted {start + count}/{rows} rows, {time.time() - started:.0f} s", file=sys.stderr)
    collection.flush()
    print(f"flushed {rows} rows in {time.time() - started:.0f} s", file=sys.stderr)
    return collection


def settled_segments(name, quiet_seconds, timeout):
    # pymilvus 2.3 has GetPersistentSegmentInfo only on its connection handler.
    handler = connections._fetch_handler("default")  # pylint: disable=protected-access
    deadline = time.time() + timeout
    last, unchanged_since = None, time.time()
    while True:
        infos = handler.get_persistent_segment_infos(name)
        segments = sorted((info.partitionID, info.segmentID) for info in infos)
        all_flushed = all(info.state == common_pb2.SegmentState.Flushed for info in infos)
        if segments != last or not all_flushed:
            last, unchanged_since = segments, time.time()
        elif time.time() - unchanged_since >= quiet_seconds:
            return segments
        if time.time() > deadline:
            sys.exit(f"the segments of {name} kept changing for {timeout} s (Milvus compacting): try again later")
        time.sleep(5)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["create", "drop", "count", "segments"])
    parser.add_argument("name")
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", required=True)
    parser.add_argument("--rows", type=int, default=360000)
    parser.add_argument("--dim", type=int, default=768)
    parser.add_argument("--batch", type=int, default=8000)
    parser.add_argument("--quiet-seconds", type=int, default=60)
    parser.add_argument("--timeout", type=int, default=1800)
    args = parser.parse_args()
    connections.connect(host=args.host, port=args.port)
    if args.action == "drop":
        if utility.has_collection(args.name):
            utility.drop_collection(args.name)
        return
    if args.action == "count":
        print(Collection(args.name).num_entities)
        return
    if args.action == "segments":
        for partition_id, segment_id in settled_segments(args.name, args.quiet_seconds, args.timeout):
            print(f"{partition_id}/{segment_id}")
        return
    collection = create(args.name, args.rows, args.dim, args.batch)
    print(json.dumps({"collection_id": collection.describe()["collection_id"], "rows": collection.num_entities}))


if __name__ == "__main__":
    main()
