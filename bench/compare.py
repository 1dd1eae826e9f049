#!/usr/bin/env python3
"""Compares `parcels report --format json` with bench/geopandas_report.py: every figure both outputs have.

  python3 bench/compare.py parcels.json geopandas.json [--max-pct 0.1] [--max-flag-mismatch N] [--json out.json]

- per district (and the totals): cleared_m2 and freed_m2 (always); when the peer has them (--full,
  --parcels) before_m2, after_m2, site_area_m2, largest_site_m2, sites, the building classes
  (unchanged, demolished, partly_demolished) and freed_by_land_use_m2 (every land use either has;
  missing = 0);
- per parcel (the peer with --parcels): freed_m2, rows matched by parcel_id + zone + land_use;
- per claim (the peer with --claims; parcels' "verify"): footprint_m2, measured_m2, still_standing_m2,
  floors, zone_measured and the set of flags; per claimed district: claims, claimed_m2, flagged.

Areas and counts must agree within --max-pct (default 0.1 %) of the larger; two figures within 0.002 m²
of each other (both rounded to the mm²) are equal (the
largest differences printed are the raw ones). A parcel row, a land use of a district or a claim's area that differs beyond the limit by no more than
--sliver-m2 (default 0.05 m²) is a sliver, counted and printed apart, not a disagreement: parcels snaps
the after-buildings' corners within the tolerance onto the before-building before the difference
(docs/methodology.md, "Change between the surveys"), the peer does not, and where a strip of the
difference is barely wider than the tolerance (a 0.104 m wedge at 0.1 m) the opening keeps a lens of a
few hundredths of a m² more or less: on the 1M city 4 of 69,467 parcel rows differ by 0.011-0.034 m²
(one of them a 0.087 m² row, 21 %), each reproduced by shapely.snap on a clip of the city. The
districts' own figures carry no such allowance. Claim fields that are not areas must be equal; a
claim whose flags differ only where a figure sits on its threshold is counted as such and allowed
(printed with its figures): overstated/understated when the claimed area lies between the two
programs' bounds measured × (1 ± p) (or within 1e-6 of the bound), not_demolished when the standing
share is within 1e-6 of one half. Any other claim mismatch counts against --max-flag-mismatch (default 0).
Exit status 1 on any disagreement beyond these limits, or a district in only one output.
"""
import argparse
import json
import sys

ZONE_AREAS = ("cleared_m2", "freed_m2", "before_m2", "after_m2", "site_area_m2", "largest_site_m2")
ZONE_COUNTS = ("sites", "unchanged", "demolished", "partly_demolished")
ABS_M2 = 0.002


def relative(a, b):
    """|a − b| relative to the larger (0 when both are 0)."""
    a, b = float(a or 0), float(b or 0)
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


class Worst:
    """The largest relative difference seen per figure, with where, and how many exceed the limit."""

    def __init__(self, limit, sliver_m2):
        self.limit, self.sliver_m2 = limit, sliver_m2
        self.by_key, self.raw, self.over, self.slivers = {}, {}, {}, {}

    def add(self, key, d, where, p, g, small_item=False):
        """by_key: the largest difference beyond the rounding (0.002); raw: the largest one at all.
        A small item (a parcel row, a land use, a claim) beyond the limit by at most sliver_m2 is
        kept apart as a sliver."""
        delta = abs(float(p or 0) - float(g or 0))
        significant = delta > ABS_M2
        sliver = small_item and delta <= self.sliver_m2
        for table, dd in ((self.by_key, d if significant and not sliver else 0.0), (self.raw, d)):
            best = table.get(key)
            if best is None or dd > best[0]:
                table[key] = (dd, where, p, g)
        if significant and d * 100 > self.limit:
            (self.slivers if sliver else self.over).setdefault(key, []).append((d, where, p, g))

    def max_pct(self):
        return 100 * max((v[0] for v in self.by_key.values()), default=0.0)


def threshold_case(pc, gc, only_p, only_g, pct):
    """The reason a flag difference is a claim on a threshold, or None."""
    reasons = []
    p = pct / 100
    for flag in only_p | only_g:
        if flag in ("overstated", "understated"):
            sign = 1 if flag == "overstated" else -1
            bounds = sorted(m * (1 + sign * p) for m in (pc["measured_m2"], gc["measured_m2"]))
            c = pc["claimed_m2"]
            if bounds[0] - 1e-6 * c <= c <= bounds[1] + 1e-6 * c:
                reasons.append(f"{flag}: claimed {c} lies at the bound measured × {1 + sign * p:g} = "
                               f"{bounds[0]:.6f} … {bounds[1]:.6f}")
                continue
            return None
        if flag == "not_demolished":
            shares = [x["still_standing_m2"] / x["footprint_m2"] for x in (pc, gc) if x.get("footprint_m2")]
            if shares and all(abs(s - 0.5) <= 1e-6 for s in shares):
                reasons.append(f"not_demolished: standing share {shares} = one half")
                continue
            return None
        return None
    return "; ".join(reasons)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("parcels")
    ap.add_argument("geopandas")
    ap.add_argument("--max-pct", type=float, default=0.1)
    ap.add_argument("--max-flag-mismatch", type=int, default=0,
                    help="claims whose fields differ other than on a threshold that are still allowed (default 0)")
    ap.add_argument("--sliver-m2", type=float, default=0.05,
                    help="a parcel row, land use or claim area differing by at most this (m²) is a sliver, not a "
                         "disagreement (default 0.05; see the module's description)")
    ap.add_argument("--show", type=int, default=5, help="examples printed per kind of difference")
    ap.add_argument("--json", help="write the comparison here")
    ap.add_argument("--quiet", action="store_true", help="only the summary lines")
    a = ap.parse_args()
    with open(a.parcels, encoding="utf-8") as f:
        p = json.load(f)
    with open(a.geopandas, encoding="utf-8") as f:
        g = json.load(f)

    worst = Worst(a.max_pct, a.sliver_m2)

    def with_parcels(x):
        """Whether output x computed land uses: the peer's has the keys only then; parcels names its
        --parcels input (None without)."""
        inputs = x.get("parameters", {}).get("inputs")
        return "parcels" in x and (inputs is None or inputs.get("parcels") is not None)
    land_uses = with_parcels(p) and with_parcels(g)
    gz = {z["zone"]: z for z in g["zones"]}
    pz_names = {z["zone"] for z in p["zones"]}
    missing = [name for name in gz if name not in pz_names]
    rows = []
    for z in p["zones"] + [p["totals"]]:
        other = g["totals"] if z["zone"] == "total" else gz.get(z["zone"])
        if other is None:
            missing.append(z["zone"])
            continue
        row = {"zone": z["zone"]}
        for k in ZONE_AREAS + ZONE_COUNTS:
            if k in other and k in z:
                d = relative(z[k], other[k])
                row[k] = {"parcels": z[k], "geopandas": other[k], "rel_diff": d}
                worst.add(k, d, z["zone"], z[k], other[k])
        if land_uses and "freed_by_land_use_m2" in other and "freed_by_land_use_m2" in z:
            pu, gu = z["freed_by_land_use_m2"], other["freed_by_land_use_m2"]
            for use in sorted(set(pu) | set(gu)):
                d = relative(pu.get(use, 0), gu.get(use, 0))
                worst.add("freed_by_land_use_m2", d, f"{z['zone']} / {use}", pu.get(use, 0), gu.get(use, 0), small_item=True)
        rows.append(row)

    # Parcels: freed land per (parcel_id, zone, land_use).
    parcel_summary = None
    if land_uses:
        key = lambda r: (r["parcel_id"], r["zone"], r["land_use"])  # noqa: E731
        pp = {key(r): r["freed_m2"] for r in p["parcels"]}
        gp = {key(r): r["freed_m2"] for r in g["parcels"]}
        only = {"parcels": 0, "geopandas": 0}
        for k in set(pp) | set(gp):
            if k not in gp:
                only["parcels"] += 1
            if k not in pp:
                only["geopandas"] += 1
            d = relative(pp.get(k, 0), gp.get(k, 0))
            worst.add("parcel freed_m2", d, " / ".join(k), pp.get(k, 0), gp.get(k, 0), small_item=True)
        parcel_summary = {"parcels": len(pp), "geopandas": len(gp), "only_in": only}

    # Claims.
    claim_summary, claim_mismatch, threshold = None, [], []
    if "claims" in g and "verify" in p:
        pc = {c["claim_id"]: c for c in p["verify"]["claims"]}
        gc = {c["claim_id"]: c for c in g["claims"]}
        pct = p["verify"].get("tolerance_pct", 5)
        only = sorted(set(pc) ^ set(gc))
        flag_diff = {}
        for cid in sorted(set(pc) & set(gc)):
            x, y = pc[cid], gc[cid]
            problems = []
            for k in ("footprint_m2", "measured_m2", "still_standing_m2"):
                if k in x and k in y:
                    d = relative(x[k], y[k])
                    worst.add(f"claim {k}", d, cid, x[k], y[k], small_item=True)
            if x.get("floors") is not None and y.get("floors") is not None and float(x["floors"]) != float(y["floors"]):
                problems.append(f"floors {x['floors']} ({x.get('floors_source')}) against {y['floors']} ({y.get('floors_source')})")
            if x.get("zone_measured") != y.get("zone_measured"):
                problems.append(f"zone_measured {x.get('zone_measured')} against {y.get('zone_measured')}")
            only_p, only_g = set(x["flags"]) - set(y["flags"]), set(y["flags"]) - set(x["flags"])
            for f in only_p | only_g:
                flag_diff[f] = flag_diff.get(f, 0) + 1
            reason = None
            if only_p or only_g:
                reason = threshold_case(x, y, only_p, only_g, pct)
                if reason is None:
                    problems.append(f"flags only in parcels {sorted(only_p)}, only in the peer {sorted(only_g)}")
            item = {"claim_id": cid, "parcels": {k: x.get(k) for k in ("claimed_m2", "footprint_m2", "measured_m2", "floors",
                                                                      "floors_source", "still_standing_m2", "zone_claimed",
                                                                      "zone_measured", "duplicate_of", "flags", "evidence")},
                    "geopandas": {k: y.get(k) for k in ("footprint_m2", "measured_m2", "floors", "floors_source",
                                                        "still_standing_m2", "zone_measured", "duplicate_of", "flags")}}
            if problems:
                item["problems"] = problems
                claim_mismatch.append(item)
            elif reason:
                item["threshold"] = reason
                threshold.append(item)
        for cid in only:
            claim_mismatch.append({"claim_id": cid, "problems": ["in only one output"]})
        # Per claimed district.
        gzc = {z["zone"]: z for z in g.get("claim_zones", [])}
        for z in p["verify"]["zones"] + [dict(p["verify"]["totals"], zone="total")]:
            other = gzc.get(z["zone"])
            if z["zone"] == "total" and gzc:
                other = {"claims": sum(v["claims"] for v in gzc.values()),
                         "claimed_m2": sum(v["claimed_m2"] for v in gzc.values()),
                         "flagged": sum(v["flagged"] for v in gzc.values())}
            if other is None:
                continue
            for k in ("claims", "claimed_m2", "flagged"):
                d = relative(z[k], other[k])
                worst.add(f"claims per district {k}", d, z["zone"], z[k], other[k])
        claim_summary = {"claims": len(pc), "geopandas": len(gc), "mismatching": len(claim_mismatch),
                         "on_threshold": len(threshold), "flag_differences": flag_diff}

    max_pct = worst.max_pct()
    ok = not missing and not worst.over and len(claim_mismatch) <= a.max_flag_mismatch

    if not a.quiet:
        print(f"{'district':<12} {'cleared parcels':>16} {'geopandas':>16} {'diff %':>9} {'freed parcels':>16} {'geopandas':>16} {'diff %':>9}")
        for r in rows:
            c, f = r["cleared_m2"], r["freed_m2"]
            print(f"{r['zone']:<12} {c['parcels']:>16,.3f} {c['geopandas']:>16,.3f} {100 * c['rel_diff']:>9.5f} "
                  f"{f['parcels']:>16,.3f} {f['geopandas']:>16,.3f} {100 * f['rel_diff']:>9.5f}")
        print()
        print(f"{'figure':<34} {'max diff %':>11}  where (parcels; geopandas)    [largest raw difference, rounding included]")
        for k, (d, where, pv, gv) in worst.by_key.items():
            rd, rwhere, rpv, rgv = worst.raw[k]
            raw = f"    [{100 * rd:.6f} %: {rwhere} ({rpv}; {rgv})]" if rd > d else ""
            print(f"{k:<34} {100 * d:>11.6f}  {where} ({pv}; {gv}){raw}")
        if parcel_summary:
            print(f"parcel rows: parcels {parcel_summary['parcels']}, geopandas {parcel_summary['geopandas']}, "
                  f"only in parcels {parcel_summary['only_in']['parcels']}, only in geopandas {parcel_summary['only_in']['geopandas']}")
        if claim_summary:
            print(f"claims: {claim_summary['claims']} (geopandas {claim_summary['geopandas']}); mismatching "
                  f"{claim_summary['mismatching']}; on a threshold {claim_summary['on_threshold']}; "
                  f"flags differing: {claim_summary['flag_differences'] or 'none'}")
        for k, items in worst.over.items():
            items.sort(key=lambda t: -t[0])
            print(f"{k}: {len(items)} beyond {a.max_pct} %, the worst:")
            for d, where, pv, gv in items[:a.show]:
                print(f"    {where}: parcels {pv}, geopandas {gv} ({100 * d:.4f} %)")
        for k, items in worst.slivers.items():
            items.sort(key=lambda t: -t[0])
            print(f"{k}: {len(items)} beyond {a.max_pct} % by at most {a.sliver_m2} m² (slivers, allowed):")
            for d, where, pv, gv in items[:a.show]:
                print(f"    {where}: parcels {pv}, geopandas {gv} ({100 * d:.4f} %)")
        for title, items in (("claims on a threshold (allowed)", threshold), ("claims that differ", claim_mismatch)):
            if items:
                print(f"{title}: {len(items)}, e.g.:")
                for item in items[:a.show]:
                    print("    " + json.dumps(item, ensure_ascii=False))
    for name in missing:
        print(f"district {name} is in only one of the outputs", file=sys.stderr)
    top = max(worst.by_key.items(), key=lambda kv: kv[1][0], default=None)
    where = f" ({top[0]}, {top[1][1]})" if top and top[1][0] > 0 else ""
    extra = ""
    if claim_summary:
        extra = (f"; claims differing {len(claim_mismatch)} (allowed {a.max_flag_mismatch}), "
                 f"on a threshold {len(threshold)}")
    if parcel_summary:
        extra += f"; parcel rows {parcel_summary['parcels']}/{parcel_summary['geopandas']}"
    shown = f"{max_pct:.5f}" if max_pct == 0 or max_pct >= 1e-5 else f"{max_pct:.1e}"
    print(f"{'agree' if ok else 'DISAGREE'}: max difference {shown} %{where} over {len(worst.by_key)} figures "
          f"(limit {a.max_pct} %){extra}"
          + (f"; slivers (≤ {a.sliver_m2} m²): " + ", ".join(f"{k} {len(v)}" for k, v in worst.slivers.items())
             if worst.slivers else "")
          + (f"; beyond the limit: " + ", ".join(f"{k} {len(v)}" for k, v in worst.over.items())
                                             if worst.over else ""))
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump({"ok": ok, "max_pct": max_pct, "missing": missing, "rows": rows,
                       "worst": {k: {"rel_diff": v[0], "where": v[1], "parcels": v[2], "geopandas": v[3]}
                                 for k, v in worst.by_key.items()},
                       "beyond_limit": {k: len(v) for k, v in worst.over.items()},
                       "slivers": {k: [{"where": w, "parcels": pv, "geopandas": gv} for _, w, pv, gv in v[:20]]
                                   for k, v in worst.slivers.items()},
                       "parcels": parcel_summary, "claims": claim_summary,
                       "claims_on_threshold": threshold[:50], "claims_differing": claim_mismatch[:50]},
                      f, ensure_ascii=False, indent=1)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
