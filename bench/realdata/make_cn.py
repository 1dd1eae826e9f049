# China/CGCS2000 data set from Natural Earth's China outline near 114.2E 22.6N (Shenzhen/Hong Kong coast):
# zones = 3 km blocks cut by the coastline, in EPSG:4547 (CGCS2000 / 3-degree GK CM 114E); before survey in
# EPSG:4490 Shapefile with GBK .dbf + .cpg 936; after survey in EPSG:4547 GeoPackage; claims CSV (lon/lat).
import numpy as np, geopandas as gpd, shapely, json, pandas as pd
from shapely.geometry import box
from pyproj import Geod, Transformer
from survey import buildings, resurvey
rng = np.random.default_rng(2016)
g = Geod(ellps="WGS84")
GK = "EPSG:4547"
ne = gpd.read_file('data/naturalearth_lowres.shp', engine='pyogrio')
china = ne[ne.name == 'China'].to_crs(GK).geometry.iloc[0]
c = Transformer.from_crs(4490, GK, always_xy=True)
cx, cy = c.transform(114.3, 22.75)
names = ['福田区', '罗湖区', '南山区', '盐田区', '龙岗区', '宝安区', '龙华区', '坪山区', '光明区']
zones = []
for k, (i, j) in enumerate([(i, j) for i in range(3) for j in range(3)]):
    z = box(cx - 4500 + 3000 * i, cy - 4500 + 3000 * j, cx - 1500 + 3000 * i, cy - 1500 + 3000 * j).intersection(china)
    if not z.is_empty: zones.append((names[k], z))
land = shapely.union_all([z for _, z in zones])
cells = buildings(land.buffer(40), cx, cy, 4600, 50, 6, 40)   # some buildings stick out of the zones
n = len(cells)
after, gone, kind = resurvey(cells, rng, [0.55, 0.2, 0.25], 0.02)
to_ll = Transformer.from_crs(GK, 4326, always_xy=True)
def ll(geom): return shapely.transform(geom, lambda xy: np.column_stack(to_ll.transform(xy[:, 0], xy[:, 1])))
def area(geom): return sum(abs(g.geometry_area_perimeter(ll(p))[0]) for p in shapely.get_parts(geom) if p.geom_type == 'Polygon')
gu = shapely.union_all(gone)
truth = {zn: {'cleared_m2': area(gu.intersection(z)), 'zone_area_m2': area(z)} for zn, z in zones}
truth['_total'] = {k: sum(v[k] for v in truth.values()) for k in ['cleared_m2', 'zone_area_m2']}
truth['_outside_cleared'] = area(gu.difference(land))
# claims: every 'gone' building claimed; 10 % overstated by 25 %, the rest within 2 %
rows = []; cl_truth = {}
for i, (b, k) in enumerate(zip(cells, kind)):
    if k != 'gone': continue
    zn = max(zones, key=lambda z: z[1].intersection(b).area)[0]
    a = area(b); over = rng.random() < 0.1
    claimed = a * (1.25 if over else rng.uniform(0.98, 1.02))
    cid = f'C{i:05d}'
    cl_truth[cid] = {'measured': a, 'over': over}
    rows.append({'claim_id': cid, 'district': zn, 'claimed_area_m2': round(claimed, 2), 'area_kind': 'footprint', 'building_id': f'B{i}', 'wkt': ll(b).wkt})
json.dump({'zones': truth, 'claims': cl_truth}, open('rep/cn_truth.json', 'w'), ensure_ascii=False, indent=1)
gpd.GeoDataFrame({'district': [z[0] for z in zones]}, geometry=[z[1] for z in zones], crs=GK).to_file('rep/cn_zones_4547.gpkg', driver='GPKG', engine='pyogrio')
gpd.GeoDataFrame({'building_id': [f'B{i}' for i in range(n)], 'name': ['楼' + str(i) for i in range(n)]}, geometry=cells, crs=GK).to_crs(4490).to_file('rep/cn_before_4490.shp', engine='pyogrio', encoding='cp936')
gpd.GeoDataFrame({'n': range(len(after))}, geometry=after, crs=GK).to_file('rep/cn_after_4547.gpkg', driver='GPKG', engine='pyogrio')
pd.DataFrame(rows).to_csv('rep/cn_claims.csv', index=False)
print(json.dumps(truth, ensure_ascii=False, indent=1), n, len(rows))
