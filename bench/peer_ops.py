#!/usr/bin/env python3
"""The GEOS operations of WrapperBench, called the way the GeoPandas peer calls them: vectorised
shapely 2 over whole arrays (its bundled GEOS), on the same polygons. Set beside WrapperBench's "C
best" column, it shows what a GEOS operation costs the peer against what it costs a C program.

  python3 bench/peer_ops.py [--buildings 20000] [--rounds 7]

The data are WrapperBench's, made by the same generator with the same seeds: a grid of jittered rectangles, each with a copy shifted by 30–70 % of its width
and its left 60 % re-surveyed with ±5 cm of noise per coordinate. Output: ns per operation, best and
median of the rounds.
"""
import argparse
import math
import statistics
import time

import numpy as np
import shapely

MASK = (1 << 64) - 1


class LCG:
    def __init__(self, state):
        self.state = state

    def next(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & MASK
        return (self.state >> 11) / float(1 << 53)


def data(n):
    rng, noise = LCG(2016), LCG(2017)
    side = math.ceil(math.sqrt(n))
    shells, shifted, kept = [], [], []
    for i in range(n):
        x0 = (i % side) * 25 + rng.next() * 3
        y0 = (i // side) * 25 + rng.next() * 3
        w = 8 + rng.next() * 10
        h = 6 + rng.next() * 10
        shells.append([(x0, y0), (x0 + w, y0), (x0 + w, y0 + h), (x0, y0 + h), (x0, y0)])
        dx = w * (0.3 + 0.4 * rng.next())
        shifted.append([(x0 + dx, y0), (x0 + w + dx, y0), (x0 + w + dx, y0 + h), (x0 + dx, y0 + h), (x0 + dx, y0)])
    for s in shells:
        (x0, y0), w, h = s[0], s[1][0] - s[0][0], s[2][1] - s[0][1]
        ring = []
        for x, y in [(x0, y0), (x0 + 0.6 * w, y0), (x0 + 0.6 * w, y0 + h), (x0, y0 + h)]:
            ring.append((x + (noise.next() - 0.5) * 0.1, y + (noise.next() - 0.5) * 0.1))
        kept.append(ring + [ring[0]])
    return side, shapely.polygons(shells), shapely.polygons(shifted), shapely.polygons(kept)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--buildings", type=int, default=20000)
    ap.add_argument("--rounds", type=int, default=7)
    a = ap.parse_args()
    n = a.buildings
    side, A, B, K = data(n)
    wkbs = shapely.to_wkb(A)
    # WrapperBench's district: a 64-vertex ellipse around the first half of the grid's rows.
    half = A[: side * side // 2]
    b = shapely.bounds(half)
    minx, miny, maxx, maxy = b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max()
    cx, cy, rx, ry = (minx + maxx) / 2, (miny + maxy) / 2, (maxx - minx) / 2, (maxy - miny) / 2
    ring = [(cx + rx * math.cos(k / 64 * 2 * math.pi), cy + ry * math.sin(k / 64 * 2 * math.pi)) for k in range(64)]
    district = shapely.Polygon(ring + [ring[0]])
    shapely.prepare(district)
    diffs = shapely.difference(A, K)

    def strtree():
        tree = shapely.STRtree(A)
        return tree.query(A)[0].size

    ops = [
        ("area", lambda: shapely.area(A).sum()),
        ("intersection (+ area)", lambda: shapely.area(shapely.intersection(A, B)).sum()),
        ("STRtree build+query (per building)", strtree),
        ("WKB read", lambda: shapely.get_num_coordinates(shapely.from_wkb(wkbs)).sum()),
        ("prepared intersects", lambda: shapely.intersects(district, A).sum()),
        ("difference (+ area)", lambda: shapely.area(shapely.difference(A, K)).sum()),
        ("mitred buffer −0.05 (+ area)",
         lambda: shapely.area(shapely.buffer(diffs, -0.05, join_style="mitre", mitre_limit=5.0)).sum()),
    ]
    print(f"shapely {shapely.__version__} (GEOS {shapely.geos_version_string}) · numpy {np.__version__} · "
          f"{n} buildings · best of {a.rounds} rounds")
    print(f"{'operation (ns/op)':36}{'best':>10}{'median':>10}   checksum")
    for name, op in ops:
        op()  # warm-up
        times = []
        for _ in range(a.rounds):
            t0 = time.perf_counter()
            check = op()
            times.append((time.perf_counter() - t0) / n * 1e9)
        times.sort()
        print(f"{name:36}{times[0]:10.1f}{statistics.median(times):10.1f}   {check:.6f}")


if __name__ == "__main__":
    main()
