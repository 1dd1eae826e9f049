# reference overlaps: shapely intersections (in the given local CRS, then back to lon/lat), areas by pyproj Geod
import sys, geopandas as gpd, shapely, json
from pyproj import Geod
g = Geod(ellps="WGS84")
f, key, crs = sys.argv[1], sys.argv[2], sys.argv[3]
d = gpd.read_file(f).to_crs(crs)
d['geometry'] = d.geometry.make_valid()
ll = gpd.GeoSeries([], crs=crs)
pairs = []
sidx = d.sindex
for i in range(len(d)):
    for j in sidx.query(d.geometry.iloc[i], predicate='intersects'):
        if j <= i: continue
        x = d.geometry.iloc[i].intersection(d.geometry.iloc[j])
        x = shapely.get_parts(x); x = [p for p in x if p.geom_type in ('Polygon','MultiPolygon')]
        if not x: continue
        u = shapely.union_all(x)
        a = abs(g.geometry_area_perimeter(gpd.GeoSeries([u], crs=crs).to_crs(4326).iloc[0])[0])
        if a > 0.01: pairs.append((str(d[key].iloc[i]), str(d[key].iloc[j]), a))
pairs.sort(key=lambda p: -p[2])
print(json.dumps(pairs))
