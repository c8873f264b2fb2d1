#!/usr/bin/env python3
"""How long Milvus 2.3 itself spent on a restore's bulk imports, read from the Milvus log.

    milvus_import_span.py MILVUS_LOG RESTORE_LOG

RESTORE_LOG is milvus-backup's stderr; its "import started task=<id>" lines name the import tasks.
For each task, Milvus's root coordinator logs "new task created as pending task" when the Import
RPC arrives and "trying to set the import state ... ImportCompleted" when the task is done (the
state GetImportState then reports). The span is from the first task's creation to the last task's
completion: the time the restore could not have been shorter than while Milvus imports.
Prints "<seconds> <tasks>".
"""
import re
import sys
from datetime import datetime

LINE = re.compile(r'^\[(\d{4}/\d\d/\d\d \d\d:\d\d:\d\d\.\d{3}) ([+-]\d\d:\d\d)\].*\["task ID"=(\d+)\]')
CREATED = '"new task created as pending task"'
COMPLETED = '["target state"=ImportCompleted]'


def main():
    milvus_log, restore_log = sys.argv[1:3]
    with open(restore_log) as f:
        tasks = set(re.findall(r"import started task=(\d+)", f.read()))
    if not tasks:
        sys.exit(f"no 'import started task=' line in {restore_log}")
    created, completed = {}, {}
    with open(milvus_log, errors="replace") as f:
        for line in f:
            if CREATED not in line and COMPLETED not in line:
                continue
            match = LINE.match(line)
            if not match or match.group(3) not in tasks:
                continue
            when = datetime.strptime(f"{match.group(1)} {match.group(2)}", "%Y/%m/%d %H:%M:%S.%f %z")
            (created if CREATED in line else completed)[match.group(3)] = when
    missing = tasks - created.keys() | tasks - completed.keys()
    if missing:
        sys.exit(f"tasks without a creation or completion line in {milvus_log}: {sorted(missing)}")
    span = max(completed.values()) - min(created.values())
    print(f"{span.total_seconds():.3f} {len(tasks)}")


if __name__ == "__main__":
    main()
