#!/usr/bin/env python3
"""Generates a Milvus-like binlog tree: N files of S random bytes under
insert_log/<collection>/<partition>/<segment>/<field>/<log>, the layout Milvus writes.

    gen_binlogs.py DEST --files N --size S [--seed 0]

DEST is a local directory or s3://bucket[/prefix] (endpoint and keys from MB_S3_ENDPOINT,
MB_S3_ACCESS_KEY, MB_S3_SECRET_KEY, MB_S3_REGION; the bucket is created if missing). Sizes take
K, M, G suffixes (powers of 1024). Same seed, same arguments: same keys and same bytes (numpy's
PCG64 stream; numpy rather than `random` because it generates bytes ~4x faster here).

Files fill segments in order: each segment has FIELDS fields (0 RowID, 1 Timestamp, 100.. user
fields) of LOGS_PER_FIELD logs; segments go round-robin over collections and partitions. IDs
come from one increasing counter like Milvus's global ID allocator.
"""
import argparse
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

FIELDS = [0, 1] + list(range(100, 108))
LOGS_PER_FIELD = 10
COLLECTIONS = 2
PARTITIONS_PER_COLLECTION = 2
FIRST_ID = 449_000_000_000_000_000


def parse_size(text):
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = text.strip().upper().removesuffix("IB").removesuffix("B")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def binlog_keys(files, seed):
    """Yields the relative key of every file, in generation order."""
    next_id = FIRST_ID + seed * 1_000_000_000

    def allocate():
        nonlocal next_id
        next_id += 1
        return next_id

    collections = [allocate() for _ in range(COLLECTIONS)]
    partitions = [[allocate() for _ in range(PARTITIONS_PER_COLLECTION)] for _ in collections]
    per_segment = len(FIELDS) * LOGS_PER_FIELD
    segment_id = None
    for i in range(files):
        segment, within = divmod(i, per_segment)
        if within == 0:
            segment_id = allocate()
        c = segment % COLLECTIONS
        p = (segment // COLLECTIONS) % PARTITIONS_PER_COLLECTION
        field = FIELDS[within // LOGS_PER_FIELD]
        yield f"insert_log/{collections[c]}/{partitions[c][p]}/{segment_id}/{field}/{allocate()}"


class LocalSink:
    def __init__(self, root):
        self.root = root

    def put(self, key, data):
        path = os.path.join(self.root, key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)

    def close(self):
        pass


class S3Sink:
    """Uploads on a thread pool; at most 2 x jobs objects wait in memory."""

    def __init__(self, url, jobs):
        import boto3
        from botocore.config import Config

        bucket, _, prefix = url.removeprefix("s3://").partition("/")
        self.bucket, self.prefix = bucket, prefix.strip("/")
        self.client = boto3.client(
            "s3",
            endpoint_url=os.environ["MB_S3_ENDPOINT"],
            aws_access_key_id=os.environ["MB_S3_ACCESS_KEY"],
            aws_secret_access_key=os.environ["MB_S3_SECRET_KEY"],
            region_name=os.environ.get("MB_S3_REGION", "us-east-1"),
            config=Config(s3={"addressing_style": "path"}, max_pool_connections=jobs),
        )
        existing = {b["Name"] for b in self.client.list_buckets().get("Buckets", [])}
        if bucket not in existing:
            self.client.create_bucket(Bucket=bucket)
        self.pool = ThreadPoolExecutor(max_workers=jobs)
        self.slots = threading.Semaphore(2 * jobs)
        self.futures = []

    def put(self, key, data):
        self.slots.acquire()
        full_key = f"{self.prefix}/{key}" if self.prefix else key
        future = self.pool.submit(self.client.put_object, Bucket=self.bucket, Key=full_key, Body=data)
        future.add_done_callback(lambda _: self.slots.release())
        self.futures.append(future)

    def close(self):
        self.pool.shutdown(wait=True)
        for future in self.futures:
            future.result()  # raises the first upload error


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", help="local directory or s3://bucket[/prefix]")
    parser.add_argument("--files", type=int, required=True)
    parser.add_argument("--size", type=parse_size, required=True, help="bytes per file, e.g. 1K, 104858")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=16, help="parallel uploads (S3)")
    args = parser.parse_args()

    sink = S3Sink(args.dest, args.jobs) if args.dest.startswith("s3://") else LocalSink(args.dest)
    rng = np.random.default_rng(args.seed)
    for key in binlog_keys(args.files, args.seed):
        sink.put(key, rng.bytes(args.size))
    sink.close()
    print(f"generated {args.files} files of {args.size} bytes ({args.files * args.size} bytes) in {args.dest}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
