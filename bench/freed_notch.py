#!/usr/bin/env python3
"""The reference figures of ReportTests.aNotchOffALongWallIsNoLandGained: a 2,000 m x 2 m building in UTM
51N, 270 km west of the central meridian, demolished, and an exclusion taking a 1.5 m x 0.1 m notch off
one long wall or the other, cut in the plane (shapely/GEOS) and measured along geodesics (pyproj Geod),
as parcels measures them. Freed land cut from the east wall measures more than the whole building: the
wall's lens is split by the cut. The same with a new building taking a 0.5 m x 2 m bite off a wall
instead: cleared land (the building less the bite) measures more than the footprint.
Run: python3 bench/freed_notch.py (pyproj, shapely).
"""
from pyproj import Transformer, Geod
from shapely.geometry import box
to_ll = Transformer.from_crs("EPSG:32651", "EPSG:4326", always_xy=True)
geod = Geod(ellps="WGS84")
def earea(p):
    x, y = p.exterior.xy
    lon, lat = to_ll.transform(list(x), list(y))
    return abs(geod.polygon_area_perimeter(lon, lat)[0])
x0, y0 = 230000.0, 3450000.0
building = box(x0, y0, x0 + 2, y0 + 2000)
cleared = earea(building)
print(f"cleared {cleared:.6f} m2")
for side, notch in [("east", box(x0 + 1.5, y0 + 999.95, x0 + 3, y0 + 1000.05)), ("west", box(x0 - 1, y0 + 999.95, x0 + 0.5, y0 + 1000.05))]:
    freed = building.difference(notch)
    print(f"{side}: notch {building.intersection(notch).area:.4f} m2 planar; freed {earea(freed):.6f} m2; freed - cleared {earea(freed) - cleared:+.6f} m2")
for side, bite in [("east", box(x0 + 1.5, y0 + 999, x0 + 5, y0 + 1001)), ("west", box(x0 - 3, y0 + 999, x0 + 0.5, y0 + 1001))]:
    left = building.difference(bite)
    print(f"bite {side}: {building.intersection(bite).area:.4f} m2 planar; cleared {earea(left):.6f} m2; cleared - footprint {earea(left) - cleared:+.6f} m2")
