#!/usr/bin/env python3
"""The benchmark table from a scripts/bench results directory (markdown on stdout).

  python3 bench/table.py RESULTS_DIR [--sizes 10000,100000,1000000] [--update-docs docs/performance.md]

Reads, per size N: N/parcels.time, N/parcels-same.time (only the peer's inputs), N/geopandas.time and
N/geopandas-careful.time (`/usr/bin/time -v`), N/geopandas-full.time and N/geopandas-full-careful.time
(the peer computing the full report: a table of their own, written only when they ran), and their repeats N/NAME.rK.time (`scripts/bench
--repeat`: the table takes each program's median run, by wall time, and gives the range),
N/geopandas*.compare.json,
N/*.load (load average before the run) and generate-N.time. With --update-docs the table replaces
the text between the markers `<!-- bench:begin -->` and `<!-- bench:end -->` of that file.
"""
import argparse
import json
import math
import os
import platform
import re
import subprocess
import sys


def time_v(path):
    """wall s, CPU s (user + sys), peak RSS MB from a `/usr/bin/time -v` log (None if missing)."""
    if not os.path.exists(path):
        return None
    text = open(path, encoding="utf-8").read()

    def field(name):
        m = re.search(re.escape(name) + r":\s*(\S+)", text)
        return m.group(1) if m else None

    wall = 0.0
    for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
        wall = wall * 60 + float(part)
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    rss = int(field("Maximum resident set size (kbytes)")) / 1024
    status = int(field("Exit status") or 0)
    return {"wall": wall, "cpu": cpu, "rss": rss, "status": status}


def runs(d, name):
    """Every run of program `name` in size directory `d` (NAME.time, then NAME.r2.time, …), with the
    file stem of each, in run order."""
    found = []
    k = 1
    while True:
        stem = name if k == 1 else f"{name}.r{k}"
        t = time_v(os.path.join(d, stem + ".time"))
        if t is None:
            break
        t["stem"] = stem
        found.append(t)
        k += 1
    return found


def median_run(found):
    """The run with the median wall time (the lower of the two middle ones for an even count), and
    the range of wall times; (None, None) without runs."""
    if not found:
        return None, None
    ordered = sorted(found, key=lambda t: t["wall"])
    return ordered[(len(ordered) - 1) // 2], (ordered[0]["wall"], ordered[-1]["wall"], len(ordered))


def read(path, default=None):
    try:
        return open(path, encoding="utf-8").read().strip()
    except OSError:
        return default


def fmt_s(x):
    return "—" if x is None else (f"{x:.2f}" if x < 10 else f"{x:.1f}")


def human(n):
    return f"{n // 1_000_000}M" if n >= 1_000_000 and n % 1_000_000 == 0 else (f"{n // 1000}k" if n % 1000 == 0 else str(n))


def machine():
    cores = os.cpu_count()
    try:
        mem = int(re.search(r"MemTotal:\s+(\d+)", open("/proc/meminfo").read()).group(1)) / 1024 / 1024
    except (OSError, AttributeError):
        mem = float("nan")
    try:
        model = re.search(r"model name\s*:\s*(.*)", open("/proc/cpuinfo").read()).group(1).strip()
    except (OSError, AttributeError):
        model = platform.processor()
    return f"{cores} cores ({model}), {mem:.0f} GiB"


def peer_cells(x, p):
    """A peer's wall, CPU, peak RSS, speed-up and memory share against parcels' run p, as table cells."""
    if not x:
        return "— | — | — | — | —"
    return (f"{fmt_s(x['wall'])} | {fmt_s(x['cpu'])} | {x['rss']:.0f} | {x['wall'] / p['wall']:.1f}× | "
            f"{100 * p['rss'] / x['rss']:.0f} %")


def table(results, sizes):
    lines = []
    rows = {}
    same = {}
    full = {}
    spreads = {}
    for n in sizes:
        d = os.path.join(results, str(n))
        (p, sp), (g, sg), (k, sk) = (median_run(runs(d, v)) for v in ("parcels", "geopandas", "geopandas-careful"))
        cmps = [json.loads(read(os.path.join(d, f), "null") or "null")
                for f in ("geopandas.compare.json", "geopandas-careful.compare.json")]
        cmps = [c for c in cmps if c]
        cmp = {"ok": all(c["ok"] for c in cmps), "max_pct": max(c["max_pct"] for c in cmps)} if cmps else None
        loads = "; ".join(read(os.path.join(d, f"{x['stem']}.load"), "—") if x else "—" for x in (p, g, k))
        rows[n] = (p, g, cmp, loads, k)
        same[n], ss = median_run(runs(d, "parcels-same"))
        (f, sf), (fk, sfk) = (median_run(runs(d, v)) for v in ("geopandas-full", "geopandas-full-careful"))
        fcmps = [json.loads(read(os.path.join(d, f"{v}.compare.json"), "null") or "null")
                 for v in ("geopandas-full", "geopandas-full-careful")]
        full_loads = "; ".join(read(os.path.join(d, f"{x['stem']}.load"), "—") if x else "—" for x in (p, f, fk))
        full[n] = (f, fk, fcmps, full_loads)
        spreads[n] = [(label, x) for label, x in (("parcels", sp), ("like for like", ss), ("GeoPandas", sg), ("careful", sk),
                                                  ("full GeoPandas", sf), ("full careful", sfk)) if x]

    commit = read(os.path.join(results, "commit"), None)
    lines.append(f"Machine: {machine()}; " + (f"parcels at {commit}; " if commit else "") + f"results in `{results}`.")
    lines.append("")
    lines.append("| buildings | parcels wall s | CPU s | peak RSS MB | GeoPandas wall s | CPU s | peak RSS MB "
                 "| speed-up (wall) | memory (parcels / GeoPandas) | careful GeoPandas wall s | CPU s | peak RSS MB | speed-up | memory "
                 "| max per-district difference | load avg before (parcels; GeoPandas; careful) |")
    lines.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for n in sizes:
        p, g, cmp, loads, k = rows[n]
        if p is None:
            lines.append(f"| {human(n)} | (not run) |" + " |" * 14)
            continue

        diff = "—" if cmp is None else f"{cmp['max_pct']:.4f} %" + ("" if cmp["ok"] else " **FAIL**")
        lines.append(f"| {human(n)} | {fmt_s(p['wall'])} | {fmt_s(p['cpu'])} | {p['rss']:.0f} | {peer_cells(g, p)} | {peer_cells(k, p)} | "
                     f"{diff} | {loads} |")

    repeated = {n: v for n, v in spreads.items() if any(x[2] > 1 for _, x in v)}
    if repeated:
        lines.append("")
        lines.append("Each program ran several times, taking turns; the tables show each one's median run (by wall time). "
                     "Wall times of all the runs: " + "; ".join(
                         f"{human(n)}: " + ", ".join(f"{label} {fmt_s(lo)}–{fmt_s(hi)} s ({count})" for label, (lo, hi, count) in v)
                         for n, v in repeated.items()) + ".")

    # The full report: the peer computing it too (--full --parcels --claims), against the same parcels runs.
    if any(full[n][0] or full[n][1] for n in sizes):
        lines.append("")
        lines.append("Full report: `parcels report` with parcels and claims (the runs above) against the peer computing the "
                     "full report as well (`--full --parcels --claims`: before/after land, building classes, sites, land "
                     "uses, freed land per parcel, claims and their flags; careful: also `--unchanged-shortcut`), every "
                     "figure both give compared (bench/compare.py):")
        lines.append("")
        lines.append("| buildings | parcels wall s | CPU s | peak RSS MB | full GeoPandas wall s | CPU s | peak RSS MB "
                     "| speed-up (wall) | memory (parcels / GeoPandas) | full careful GeoPandas wall s | CPU s | peak RSS MB "
                     "| speed-up | memory | max difference (figures compared) | claims differing (on a threshold): full; careful "
                     "| load avg before (parcels; full; full careful) |")
        lines.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for n in sizes:
            p = rows[n][0]
            f, fk, fcmps, full_loads = full[n]
            if p is None or not (f or fk):
                continue

            got = [c for c in fcmps if c]
            if got:
                diff = (f"{max(c['max_pct'] for c in got):.4f} % ({max(len(c.get('worst', {})) for c in got)})"
                        + ("" if all(c["ok"] for c in got) else " **FAIL**"))
                claims = "; ".join(f"{c['claims']['mismatching']} ({c['claims']['on_threshold']})" if c and c.get("claims") else "—"
                                   for c in fcmps)
            else:
                diff, claims = "—", "—"
            lines.append(f"| {human(n)} | {fmt_s(p['wall'])} | {fmt_s(p['cpu'])} | {p['rss']:.0f} | {peer_cells(f, p)} | {peer_cells(fk, p)} | "
                         f"{diff} | {claims} | {full_loads} |")

    # Like for like: parcels given only the peer's inputs.
    if any(same.values()):
        lines.append("")
        lines.append("Like for like: `parcels report` given only the layers the peer reads (zones, surveys, exclusions; "
                     "no parcels, no claims), against the same peer runs:")
        lines.append("")
        lines.append("| buildings | parcels wall s | CPU s | peak RSS MB | speed-up (wall): GeoPandas; careful | "
                     "CPU: GeoPandas ÷ parcels; careful ÷ parcels |")
        lines.append("|---:|---:|---:|---:|---:|---:|")
        for n in sizes:
            s, g, k = same[n], rows[n][1], rows[n][4]
            if not s:
                continue

            def ratio(x, key):
                return f"{x[key] / s[key]:.1f}×" if x else "—"
            lines.append(f"| {human(n)} | {fmt_s(s['wall'])} | {fmt_s(s['cpu'])} | {s['rss']:.0f} | "
                         f"{ratio(g, 'wall')}; {ratio(k, 'wall')} | {ratio(g, 'cpu')}; {ratio(k, 'cpu')} |")

    # Cost growth: time per building, and each step against n log n.
    lines.append("")
    lines.append("Cost per building (wall and CPU µs per before-survey building), and each step's growth "
                 "against n log n (growth ≤ n log n factor: n log n or better):")
    lines.append("")
    lines.append("| buildings | parcels wall µs/bldg | parcels CPU µs/bldg | step: time × | n × | n log n × | verdict | GeoPandas wall µs/bldg | careful GeoPandas wall µs/bldg |")
    lines.append("|---:|---:|---:|---:|---:|---:|---|---:|---:|")
    prev = None
    done = [n for n in sizes if rows[n][0]]
    for n in done:
        p, g, k = rows[n][0], rows[n][1], rows[n][4]
        step = ""
        if prev:
            m, q = prev
            t_ratio, n_ratio = p["wall"] / q["wall"], n / m
            nlogn = n * math.log(n) / (m * math.log(m))
            verdict = "≤ n log n" if t_ratio <= nlogn else "worse than n log n"
            step = f"{t_ratio:.1f} | {n_ratio:.0f} | {nlogn:.1f} | {verdict}"
        else:
            step = " | | | "
        g_per = f"{1e6 * g['wall'] / n:.1f}" if g else "—"
        k_per = f"{1e6 * k['wall'] / n:.1f}" if k else "—"
        lines.append(f"| {human(n)} | {1e6 * p['wall'] / n:.1f} | {1e6 * p['cpu'] / n:.1f} | {step} | {g_per} | {k_per} |")
        prev = (n, p)
    if len(done) >= 2:
        a, b = done[0], done[-1]
        pa, pb = rows[a][0], rows[b][0]
        exponent = math.log(pb["wall"] / pa["wall"]) / math.log(b / a)
        lines.append("")
        lines.append(f"From {human(a)} to {human(b)}: wall time × {pb['wall'] / pa['wall']:.1f} for × {b / a:.0f} buildings "
                     f"(n log n: × {b * math.log(b) / (a * math.log(a)):.1f}); fitted exponent {exponent:.2f}.")

    gens = []
    for n in sizes:
        t = time_v(os.path.join(results, f"generate-{n}.time"))
        if t:
            gens.append(f"{human(n)} {fmt_s(t['wall'])} s / {t['rss']:.0f} MB")
    if gens:
        lines.append("")
        lines.append("City generation (not in the table; cached between runs): " + ", ".join(gens) + ".")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--update-docs", metavar="FILE")
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",") if s]
    text = table(a.results, sizes)
    if not a.update_docs:
        sys.stdout.write(text)
        return
    doc = open(a.update_docs, encoding="utf-8").read()
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    if begin not in doc or end not in doc:
        sys.exit(f"{a.update_docs}: no {begin} … {end} markers")
    head, rest = doc.split(begin, 1)
    _, tail = rest.split(end, 1)
    with open(a.update_docs, "w", encoding="utf-8") as f:
        f.write(head + begin + "\n" + text + end + tail)


if __name__ == "__main__":
    main()
