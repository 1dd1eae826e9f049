#!/usr/bin/env python3
"""The reference figures of ReportTests.thinBuildingsCutByZones: ten 2,000 m x 2 m buildings in UTM 51N
cut by two zones and a 250 m parcel grid in the plane (shapely/GEOS), each part measured along geodesics
(pyproj Geod), as parcels measures them. Run: python3 bench/thin_cuts.py (pyproj, shapely).
"""
import math
from pyproj import Transformer, Geod
from shapely.geometry import Polygon, box
from shapely.ops import unary_union
to_ll = Transformer.from_crs("EPSG:32651", "EPSG:4326", always_xy=True)
geod = Geod(ellps="WGS84")
def earea(g):
    tot = 0.0
    if g.is_empty: return 0.0
    polys = [g] if g.geom_type == 'Polygon' else [p for p in getattr(g, 'geoms', []) if p.geom_type == 'Polygon']
    for p in polys:
        for k, r in enumerate([p.exterior] + list(p.interiors)):
            x, y = r.xy
            lon, lat = to_ll.transform(list(x), list(y))
            a, _ = geod.polygon_area_perimeter(lon, lat)
            tot += abs(a) * (1 if k == 0 else -1)
    return tot
x0, y0 = 350000.0, 3450000.0
L, W = 2000.0, 2.0
angles = [14, 29, 37, 52, 66, 113, 127, 141, 158, 171]
def building(k, a):
    t = math.radians(a); d = (math.cos(t), math.sin(t)); n = (-d[1], d[0])
    cx, cy = x0 + 1000, y0 + 100 + 80 * k
    s = (cx - 0.25 * L * d[0], cy - 0.25 * L * d[1])
    e = (s[0] + L * d[0], s[1] + L * d[1])
    h = W / 2
    return Polygon([(s[0] - h*n[0], s[1] - h*n[1]), (e[0] - h*n[0], e[1] - h*n[1]), (e[0] + h*n[0], e[1] + h*n[1]), (s[0] + h*n[0], s[1] + h*n[1])])
zones = [box(x0, y0, x0 + 1000, y0 + 1000), box(x0 + 1000, y0, x0 + 2000, y0 + 1000)]
parcels = [box(x0 + i * 250, y0 + j * 250, x0 + (i + 1) * 250, y0 + (j + 1) * 250) for i in range(-8, 16) for j in range(-8, 12)]
bs = [building(k, a) for k, a in enumerate(angles)]
mz = mp = whole_total = 0.0
for i, b in enumerate(bs):
    g = b.difference(unary_union(bs[:i])) if i else b
    whole = earea(g); whole_total += whole
    parts = [g.intersection(z) for z in zones] + [g.difference(unary_union(zones))]
    mz += sum(earea(p) for p in parts) - whole
    for part in parts[:2] + parts[2:]:
        if part.is_empty: continue
        shares = [part.intersection(p) for p in parcels if part.intersects(p)]
        mp += sum(earea(s) for s in shares) - earea(part)
print(f"pieces {whole_total:.6f} m2; zone parts - pieces {mz:+.7f} m2; parcel shares - freed parts {mp:+.7f} m2")
print(f"old tolerance 1e-9*total+1e-6 = {1e-9*whole_total+1e-6:.7f}")
