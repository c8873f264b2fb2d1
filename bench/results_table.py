#!/usr/bin/env python3
"""Turns the results.tsv of run_copy_bench.sh or run_backup_bench.sh into the Markdown tables of
bench/RESULTS.md.

Lines of the TSV:
    case  <id>  <title>  <target>  <baseline tool>    target: throughput:<min ratio>, objects:<min ratio>,
                                                        rss:<max MiB> or -
    run   <id>  <tool>   <files>   <bytes>  <seconds>  <peak RSS KiB>
    restore  <run>  <bytes>  <seconds>  <Milvus import seconds>  <import tasks>  <peak RSS KiB>

Per case and tool: the median wall time of its runs (all runs listed), throughput from that median,
the highest peak RSS. The ratio is the baseline's median time over ours: above 1 means we are
faster (the same files, so it is the ratio of both MiB/s and objects/s). Restores get a table of
their own: each run's wall time over the time Milvus spent importing is the overhead ratio.
"""
import statistics
import sys
from collections import defaultdict

MIB = 1 << 20


def load(path):
    cases, runs, restores = [], defaultdict(list), []
    with open(path) as f:
        for line in f:
            kind, *fields = line.rstrip("\n").split("\t")
            if kind == "case":
                cases.append(fields)
            elif kind == "run":
                case_id, tool, files, size, seconds, rss_kib = fields
                runs[case_id, tool].append((int(files), int(size), float(seconds), int(rss_kib)))
            elif kind == "restore":
                run, size, seconds, milvus_seconds, tasks, rss_kib = fields
                restores.append((run, int(size), float(seconds), float(milvus_seconds), int(tasks), int(rss_kib)))
    return cases, runs, restores


def verdict(target, ratio, ours_rss_mib):
    kind, _, limit = target.partition(":")
    if kind in ("throughput", "objects"):
        return f"≥ {limit}× {'MiB/s' if kind == 'throughput' else 'objects/s'}", ratio >= float(limit)
    if kind == "rss":
        return f"peak RSS ≤ {limit} MiB", ours_rss_mib <= float(limit)
    return "-", None


def tool_row(label, tool, samples):
    """The table row of one tool in one case, with the ratio/target/met cells left empty."""
    files, size = samples[0][0], samples[0][1]
    seconds = [s[2] for s in samples]
    median = statistics.median(seconds)
    runs = f"**{median:.2f}**" + (f" ({', '.join(f'{s:.2f}' for s in seconds)})" if len(seconds) > 1 else "")
    peak_rss_mib = max(s[3] for s in samples) / 1024
    cells = [label, tool, runs, f"{size / MIB / median:.1f}", f"{files / median:.0f}", f"{peak_rss_mib:.1f}", "", "", ""]
    return cells, median, peak_rss_mib


def print_restores(restores):
    print("| restore run | GiB | ours: wall s | Milvus importing s (import tasks) | ours ÷ Milvus | MiB/s (ours) | peak RSS MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for run, size, seconds, milvus_seconds, tasks, rss_kib in restores:
        print(f"| {run} | {size / (1 << 30):.2f} | {seconds:.2f} | {milvus_seconds:.2f} ({tasks}) | "
              f"{seconds / milvus_seconds:.2f} | {size / MIB / seconds:.1f} | {rss_kib / 1024:.1f} |")
    median = statistics.median(seconds for _, _, seconds, _, _, _ in restores)
    milvus_median = statistics.median(milvus for _, _, _, milvus, _, _ in restores)
    print()
    print(f"Median: ours {median:.2f} s, Milvus importing {milvus_median:.2f} s, "
          f"overhead ratio {median / milvus_median:.2f}.")


def main():
    cases, runs, restores = load(sys.argv[1])
    if restores:
        print_restores(restores)
        print()
    if not cases:
        return
    print("| case | tool | wall s: median (each run) | MiB/s | objects/s | peak RSS MiB | ours ÷ baseline | target | met |")
    print("|---|---|---|---:|---:|---:|---:|---|---|")
    rss_series = []
    for case_id, title, target, baseline_tool in cases:
        if not runs.get((case_id, "ours")) or not runs.get((case_id, baseline_tool)):
            continue
        ours, ours_median, ours_rss = tool_row(f"{case_id}: {title}", "ours", runs[case_id, "ours"])
        base, base_median, base_rss = tool_row("", baseline_tool, runs[case_id, baseline_tool])
        ratio = base_median / ours_median
        wanted, met = verdict(target, ratio, ours_rss)
        ours[6:9] = [f"{ratio:.2f}", wanted, "-" if met is None else ("yes" if met else "**no**")]
        for cells in (ours, base):
            print("| " + " | ".join(cells) + " |")
        if target.startswith("rss"):
            rss_series.append((title, ours_rss, base_rss))
    if rss_series:
        print()
        print("Peak RSS as the data grows (ours / baseline, MiB): " +
              "; ".join(f"{title}: {ours:.1f} / {base:.1f}" for title, ours, base in rss_series))


if __name__ == "__main__":
    main()
