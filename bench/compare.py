#!/usr/bin/env python3
"""Compares per-district cleared_m2 and freed_m2 of `parcels report --format json` and of
bench/geopandas_report.py. Prints one line per district and the largest relative difference;
exits 1 when any figure differs by more than --max-pct (default 0.1 %).

  python3 bench/compare.py parcels.json geopandas.json [--max-pct 0.1] [--json out.json]
"""
import argparse
import json
import sys

KEYS = ("cleared_m2", "freed_m2")


def relative(a, b):
    """|a − b| relative to the larger; two figures below 1 mm² are equal."""
    if abs(a) < 1e-3 and abs(b) < 1e-3:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("parcels")
    ap.add_argument("geopandas")
    ap.add_argument("--max-pct", type=float, default=0.1)
    ap.add_argument("--json", help="write the comparison here")
    ap.add_argument("--quiet", action="store_true", help="only the summary line")
    a = ap.parse_args()
    with open(a.parcels, encoding="utf-8") as f:
        p = json.load(f)
    with open(a.geopandas, encoding="utf-8") as f:
        g = json.load(f)
    gz = {z["zone"]: z for z in g["zones"]}
    rows, worst, missing = [], {k: (0.0, None) for k in KEYS}, []
    for z in p["zones"] + [p["totals"]]:
        other = g["totals"] if z["zone"] == "total" else gz.get(z["zone"])
        if other is None:
            missing.append(z["zone"])
            continue
        row = {"zone": z["zone"]}
        for k in KEYS:
            d = relative(z[k], other[k])
            row[k] = {"parcels": z[k], "geopandas": other[k], "rel_diff": d}
            if d >= worst[k][0]:
                worst[k] = (d, z["zone"])
        rows.append(row)
    missing += [name for name in gz if name not in {z["zone"] for z in p["zones"]}]
    max_pct = 100 * max(w[0] for w in worst.values())
    ok = not missing and max_pct <= a.max_pct
    if not a.quiet:
        print(f"{'district':<12} {'cleared parcels':>16} {'geopandas':>16} {'diff %':>9} {'freed parcels':>16} {'geopandas':>16} {'diff %':>9}")
        for r in rows:
            c, f = r["cleared_m2"], r["freed_m2"]
            print(f"{r['zone']:<12} {c['parcels']:>16,.3f} {c['geopandas']:>16,.3f} {100 * c['rel_diff']:>9.5f} "
                  f"{f['parcels']:>16,.3f} {f['geopandas']:>16,.3f} {100 * f['rel_diff']:>9.5f}")
    for name in missing:
        print(f"district {name} is in only one of the outputs", file=sys.stderr)
    print(f"{'agree' if ok else 'DISAGREE'}: max per-district difference {max_pct:.5f} % "
          f"(cleared {100 * worst['cleared_m2'][0]:.5f} % in {worst['cleared_m2'][1]}, "
          f"freed {100 * worst['freed_m2'][0]:.5f} % in {worst['freed_m2'][1]}; limit {a.max_pct} %)")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump({"ok": ok, "max_pct": max_pct, "missing": missing, "rows": rows}, f, ensure_ascii=False, indent=1)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
