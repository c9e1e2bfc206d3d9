#!/usr/bin/env python3
"""Summarize results.tsv (written by bench-one.sh) as markdown: our server
against the bare baseline of the same run, with ratios and the targets of
issue 7.

usage: summarize.py [--results FILE] [--tags-prefix P] [--ours NAME] [--base NAME]

Medians over rounds. CPU per request is the server's utime+stime (from
/proc/PID/stat) divided by the requests wrk completed.
"""
import argparse
import csv
import statistics
import sys

SCENARIOS = ["get_hog", "patch_hog", "list_insights", "patch_invalid", "get_noauth"]
# max CPU-per-request ratio to the baseline (issue 7); get_noauth has none
CPU_TARGET = {"get_hog": 3, "list_insights": 3, "patch_hog": 4, "patch_invalid": 4}
RPS_TARGET = 0.35  # at least 35% of the baseline's throughput
P99_TARGET = 3     # p99 at most 3x the baseline's


def num(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def f(x, nd=0):
    return "-" if x is None else f"{x:,.{nd}f}"


def ok(cond):
    return "" if cond is None else (" ✓" if cond else " ✗")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", default=__file__.rsplit("/", 1)[0] + "/out/results.tsv")
    ap.add_argument("--tags-prefix", default="")
    ap.add_argument("--ours", default="ours")
    ap.add_argument("--base", default="baseline")
    a = ap.parse_args()

    rows = list(csv.DictReader(open(a.results), delimiter="\t", quoting=csv.QUOTE_NONE))
    rows = [r for r in rows if r["tag"].startswith(a.tags_prefix)]
    load = [r for r in rows if num(r["req_s"]) is not None]

    def stat(name, sc, col):
        return med(num(r[col]) for r in load if r["name"] == name and r["scenario"] == sc)

    rounds = len({r["tag"] for r in load if r["name"] == a.ours})
    print(f"Load ({rounds} round(s), medians; ratio = ours / baseline; ✓/✗ = issue 7 target)\n")
    print("| scenario | status | req/s base | req/s ours | ratio (≥ 0.35) | CPU µs/req base | CPU µs/req ours | ratio (target) | p99 ms base | p99 ms ours | ratio (≤ 3) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for sc in SCENARIOS:
        b_rps, o_rps = stat(a.base, sc, "req_s"), stat(a.ours, sc, "req_s")
        if o_rps is None:
            continue
        b_cpu, o_cpu = stat(a.base, sc, "srv_cpu_us_per_req"), stat(a.ours, sc, "srv_cpu_us_per_req")
        b_p99, o_p99 = stat(a.base, sc, "p99_ms"), stat(a.ours, sc, "p99_ms")
        st = ",".join(sorted({r["probe_status"] for r in load if r["name"] == a.ours and r["scenario"] == sc}))
        rr = o_rps / b_rps if b_rps else None
        cr = o_cpu / b_cpu if b_cpu and o_cpu is not None else None
        pr = o_p99 / b_p99 if b_p99 and o_p99 is not None else None
        tgt = CPU_TARGET.get(sc)
        cpu_cell = f"{f(cr, 2)}" + (f" (≤ {tgt}){ok(cr <= tgt)}" if tgt and cr is not None else "")
        print(f"| {sc} | {st} | {f(b_rps)} | {f(o_rps)} | {f(rr, 2)}{ok(rr >= RPS_TARGET if rr else None)} | "
              f"{f(b_cpu)} | {f(o_cpu)} | {cpu_cell} | {f(b_p99, 2)} | {f(o_p99, 2)} | {f(pr, 2)}{ok(pr <= P99_TARGET if pr else None)} |")

    print("\nStart-up and memory (medians; start-up = launch to first answered HTTP request, polled with a curl")
    print("every ~20 ms, so coarse: the ≤ 50 ms target is read off startup/'s 0.5 ms polling, printed before this)\n")
    print("| server | runs | start-up s (curl-polled) | idle RSS MiB | peak RSS MiB | target |")
    print("|---|---:|---:|---:|---:|---|")
    targets = {a.ours: (None, 25, None), a.ours + "-fullspec": (1.0, None, 150)}
    for name in [a.base, a.ours, a.ours + "-fullspec"]:
        g = [r for r in rows if r["name"] == name and r["scenario"] == "startup"]
        if not g:
            continue
        su = med(num(r["startup_s"]) for r in g)
        idle = med(num(r["idle_rss_mb"]) for r in g)
        peak = max((num(r["peak_rss_mb"]) or 0) for r in g)
        t = targets.get(name)
        cell = "-"
        if t:
            parts = [f"start-up ≤ {t[0]} s{ok(su is not None and su <= t[0])}"] if t[0] else ["start-up: see startup/"]
            if t[1]:
                parts.append(f"idle ≤ {t[1]} MiB{ok(idle is not None and idle <= t[1])}")
            if t[2]:
                parts.append(f"peak ≤ {t[2]} MiB{ok(peak <= t[2])}")
            cell = ", ".join(parts)
        print(f"| {name} | {len(g)} | {f(su, 3)} | {f(idle, 1)} | {f(peak, 1)} | {cell} |")

    bad = [r for r in load if r["name"] == a.ours and (num(r["sock_err"]) or 0) > 0]
    if bad:
        print(f"\nwarning: {len(bad)} run(s) of ours had socket errors")
    other = med(num(r["other_cpu_pct"]) for r in load)
    if other is not None:
        print(f"\nOther processes used a median {other:.0f}% CPU (100% = one core) during the runs.")


if __name__ == "__main__":
    sys.exit(main())
