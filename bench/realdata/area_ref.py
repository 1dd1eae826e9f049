# Reference ellipsoidal areas: pyproj Geod(WGS84).geometry_area_perimeter on lon/lat geometries
import sys, json, geopandas as gpd
from pyproj import Geod
from geographiclib.geodesic import Geodesic
g = Geod(ellps="WGS84")
path = sys.argv[1]; key = sys.argv[2] if len(sys.argv) > 2 else None
df = gpd.read_file(path)
if df.crs is None: df = df.set_crs(sys.argv[3])
ll = df.to_crs(4326)
def gl_area(geom):
    # GeographicLib PolygonArea, |shell|-sum|holes|
    tot = 0
    polys = [geom] if geom.geom_type == 'Polygon' else list(geom.geoms)
    for p in polys:
        for i, r in enumerate([p.exterior] + list(p.interiors)):
            pa = Geodesic.WGS84.Polygon()
            cs = list(r.coords)[:-1]
            for x, y in cs: pa.AddPoint(y, x)
            n, per, a = pa.Compute(False, True)
            tot += abs(a) if i == 0 else -abs(a)
    return tot
out = []
for i, row in ll.iterrows():
    geom = row.geometry
    if geom is None or geom.is_empty: out.append((i, row.get(key) if key else i, None, None)); continue
    a = abs(g.geometry_area_perimeter(geom)[0])
    out.append((i, row[key] if key else i, a, gl_area(geom)))
json.dump(out, sys.stdout, default=str)
