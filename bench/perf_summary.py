#!/usr/bin/env python3
"""Summarises a `perf record --call-graph dwarf` profile of `parcels`: where the samples go by
library, by phase of the report, and by wrapper operation within each phase.

  perf record -F 499 --call-graph dwarf,16384 -o perf.data parcels report … > /dev/null
  perf script -i perf.data -F comm,tid,period,ip,sym,dso | swift demangle --simplified > perf.txt
  python3 bench/perf_summary.py perf.txt [--top 25]

A sample's phase is the outermost frame matching PHASES; its operation is the innermost frame
matching OPERATIONS (a Geos/Proj/GeoIO wrapper call, or a Parcels helper). Samples on the first
thread (the main thread) are also shown apart: work there runs on one core.
"""
import argparse
import collections
import re
import sys

# (label, regex on a demangled frame), first match from the root wins.
PHASES = [
    ("read layers (GDAL)", r"readLayer\(|readInput\("),
    ("prepare: project, check, measure", r"preparePolygons\(|Preparer\.prepare"),
    ("change detection (classify)", r"detectChange\(|classify\("),
    ("claims", r"verifyClaims\(|measureClaims\(|judgeClaims\("),
    ("land by zone (tallyByZone)", r"tallyByZone(<[^>]*>)?\("),
    ("sites", r"findSites\(|startFindingSites\("),
    ("zone checks", r"checkZones\("),
    ("output (JSON)", r"ParcelsCLI\.JSON|JSONWriter|\bJSON\."),
]
# Innermost match wins.
OPERATIONS = [
    ("Geodesic area (geod_polygon_*)", r"Geodesic\.|geod_polygon|geod_geninverse"),
    ("PROJ transform", r"Transformer\.|proj_trans"),
    ("WKB parse (Geometry(wkb:))", r"Geometry\.init\(wkb|GEOSWKBReader_read"),
    ("WKB write (.wkb)", r"Geometry\.wkb\.getter|GEOSWKBWriter_write"),
    ("intersection", r"Geometry\.intersection\("),
    ("difference", r"Geometry\.difference\("),
    ("union / unaryUnion", r"Geometry\.union\(|unaryUnion|Worker\.union"),
    ("buffer (opening)", r"Geometry\.buffer\(|mitredBuffer"),
    ("boundary / outline share", r"Geometry\.boundary\("),
    ("prepared predicates", r"PreparedGeometry\.|GEOSPrepare_r"),
    ("predicates (intersects …)", r"Geometry\.intersects\(|Geometry\.predicate"),
    ("isValid / makeValid", r"isValid|makeValid|validityReason"),
    ("polygonRings / sameOutline", r"polygonRings|sameOutline|sameRing"),
    ("STRtree", r"STRtree|IndexedLayer"),
    ("area / length (planar)", r"Geometry\.area\(|Geometry\.length\("),
    ("clip by rect", r"Geometry\.clip\(|LayerCache\.clipped"),
    ("GDAL feature read", r"OGR_|GDAL|Feature\.|ReadLayer"),
]


def parse(path):
    """Yields (tid, period, [frames leaf first])."""
    head = re.compile(r"^(\S.*?)\s+(\d+)\s+(\d+)\s*$")
    frame = re.compile(r"^\s+[0-9a-f]+\s+(.*?)(?:\s+\((\S+)\))?$")
    tid, period, frames = None, None, []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.strip():
                if period is not None:
                    yield tid, period, frames
                tid, period, frames = None, None, []
                continue
            m = head.match(line)
            if m and period is None:
                tid, period = int(m.group(2)), int(m.group(3))
                continue
            m = frame.match(line)
            if m:
                frames.append(m.group(1))
    if period is not None:
        yield tid, period, frames


def classify(frames, table, innermost):
    order = frames if innermost else reversed(frames)
    for fr in order:
        for label, rx in table:
            if re.search(rx, fr):
                return label
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("perf_script_text")
    ap.add_argument("--top", type=int, default=25)
    a = ap.parse_args()
    tables = [(l, re.compile(r)) for l, r in PHASES], [(l, re.compile(r)) for l, r in OPERATIONS]
    phases, ops = collections.Counter(), collections.Counter()
    leaf, threads, main_phase = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    samples = list(parse(a.perf_script_text))
    main_tid = min(t for t, _, _ in samples)
    for tid, period, frames in samples:
        total += period
        phase = classify(frames, PHASES, innermost=False) or "other (start-up, main thread glue)"
        op = classify(frames, OPERATIONS, innermost=True) or "Swift code / other"
        phases[phase] += period
        ops[(phase, op)] += period
        leaf[frames[0] if frames else "?"] += period
        threads["main thread (also a worker in parallel phases)" if tid == main_tid else "other worker threads"] += period
        if tid == main_tid:
            main_phase[phase] += period
    pct = lambda x: 100.0 * x / total
    print(f"samples (weighted by period): {total}  (by library: perf report --no-children --sort dso)")
    print("\nby thread:")
    for t, v in threads.most_common():
        print(f"  {pct(v):5.1f} %  {t}")
    print("  main thread by phase: " + ", ".join(f"{ph} {pct(v):.1f} %" for ph, v in main_phase.most_common(6)))
    print("\nby phase, and by operation within the phase (inclusive):")
    for phase, v in phases.most_common():
        print(f"  {pct(v):5.1f} %  {phase}")
        for (p, op), w in ops.most_common():
            if p == phase and pct(w) >= 0.5:
                print(f"            {pct(w):5.1f} %  {op}")
    print(f"\ntop {a.top} leaf functions (self time):")
    for fn, v in leaf.most_common(a.top):
        print(f"  {pct(v):5.1f} %  {fn[:120]}")


if __name__ == "__main__":
    sys.exit(main())
