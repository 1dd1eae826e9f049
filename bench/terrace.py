#!/usr/bin/env python3
"""A terraced city for `parcels report`: houses in rows sharing walls, which the bench city has none of.

    bench/terrace.py N OUT.gpkg [--seed S] [--noise M] [--claims]

Rows of 24 houses 6 x 12 m sharing walls, four rows a block with 3 m lanes, 12 m roads between blocks,
near Shanghai (laid out in UTM 51N, written in EPSG:4326); four districts, the quadrants. After the
campaign: 5 % of the houses start a run of 1-6 demolished houses; of the rest, 12 % lose their rear
4 m; the others stand as they were, each re-surveyed with every vertex moved by up to --noise metres
(default 0.05; 0 writes exact copies, as a survey team that edits the previous survey does), each
house on its own, so shared corners no longer agree. With --claims, a claims layer: every demolished
house claimed at its 72 m², every twentieth standing one too.

The truth (OUT.gpkg.truth.json): cleared land per district from the noise-free shapes, the union of
the houses minus the union of what stands after (shapely), measured on the ellipsoid with pyproj's
Geod (GeographicLib). Used in docs/performance.md and docs/reliability.md (eighth session); run it
with the benchmark's venv (scripts/bench installs it: /tmp/parcels-bench/venv/bin/python).
"""
import argparse
import json

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Geod

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("houses", type=int)
parser.add_argument("out")
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--noise", type=float, default=0.05)
parser.add_argument("--claims", action="store_true")
args = parser.parse_args()

rng = np.random.default_rng(args.seed)
WIDTH, DEPTH, PER_ROW, ROWS, LANE, ROAD = 6.0, 12.0, 24, 4, 3.0, 12.0
block_w, block_h = PER_ROW * WIDTH + ROAD, ROWS * DEPTH + (ROWS - 1) * LANE + ROAD
blocks = -(-args.houses // (PER_ROW * ROWS))
across = int(np.ceil(np.sqrt(blocks * block_h / block_w)))
up = -(-blocks // across)
x0, y0 = 350000.0, 3450000.0


def noisy(ring):
    c = np.array(ring) + rng.uniform(-args.noise, args.noise, (len(ring), 2))
    c[-1] = c[0]
    return shapely.Polygon(c)


before, before_ids, after, after_ids, after_exact = [], [], [], [], []
n = 0
for b in range(blocks):
    ox, oy = x0 + (b % across) * block_w, y0 + (b // across) * block_h
    for r in range(ROWS):
        y = oy + r * (DEPTH + LANE)
        run = 0
        for h in range(PER_ROW):
            x = ox + h * WIDTH
            ring = [(x, y), (x + WIDTH, y), (x + WIDTH, y + DEPTH), (x, y + DEPTH), (x, y)]
            n += 1
            hid = f"H{n:07d}"
            before.append(shapely.Polygon(ring))
            before_ids.append(hid)
            if run == 0 and rng.random() < 0.05:
                run = int(rng.integers(1, 7))
            if run > 0:                                   # demolished
                run -= 1
                continue
            if rng.random() < 0.12:                       # the rear 4 m demolished
                ring = [(x, y), (x + WIDTH, y), (x + WIDTH, y + DEPTH - 4), (x, y + DEPTH - 4), (x, y)]
            after_exact.append(shapely.Polygon(ring))
            after.append(noisy(ring))
            after_ids.append(hid)

x1, y1 = x0 + across * block_w, y0 + up * block_h
xm, ym = (x0 + x1) / 2, (y0 + y1) / 2
names = ["SW", "SE", "NW", "NE"]
quadrants = [shapely.box(x0 - 50, y0 - 50, xm, ym), shapely.box(xm, y0 - 50, x1 + 50, ym),
             shapely.box(x0 - 50, ym, xm, y1 + 50), shapely.box(xm, ym, x1 + 50, y1 + 50)]
utm = "EPSG:32651"


def write(layer, frame):
    frame.to_crs(4326).to_file(args.out, layer=layer, driver="GPKG")


write("districts", gpd.GeoDataFrame({"district": names}, geometry=quadrants, crs=utm))
write("before", gpd.GeoDataFrame({"building_id": before_ids}, geometry=before, crs=utm))
write("after", gpd.GeoDataFrame({"building_id": after_ids}, geometry=after, crs=utm))
if args.claims:
    standing = set(after_ids)
    rows, k = [], 0
    for i, (hid, house) in enumerate(zip(before_ids, before)):
        if hid in standing and i % 20:
            continue
        k += 1
        rows.append({"claim_id": f"C{k:07d}", "district": "", "claimed_area_m2": 72.0, "area_kind": "footprint",
                     "building_id": hid, "floors": 1, "geometry": house})
    frame = gpd.GeoDataFrame(rows, crs=utm)
    frame["district"] = [names[int(q)] for q in shapely.STRtree(quadrants).query(frame.geometry.centroid, predicate="within")[1]]
    write("claims", frame)

cleared = shapely.difference(shapely.union_all(before), shapely.union_all(after_exact))
geod = Geod(ellps="WGS84")
truth = {"houses": len(before), "after": len(after), "noise_m": args.noise, "seed": args.seed,
         "cleared_m2": {}}
for name, q in zip(names, quadrants):
    part = gpd.GeoSeries([shapely.intersection(cleared, q)], crs=utm).to_crs(4326).iloc[0]
    truth["cleared_m2"][name] = abs(geod.geometry_area_perimeter(part)[0])
truth["cleared_m2"]["total"] = sum(truth["cleared_m2"][n] for n in names)
with open(args.out + ".truth.json", "w") as f:
    json.dump(truth, f, indent=1)
print(json.dumps(truth))
