# Build a before/after survey from real NYC borough outlines (nybb) and the truth of cleared/freed land.
# Buildings: 60 m grid cells inside the union of boroughs, shrunk by 8 m, clipped by the land (real
# coastline/borough-edge shapes). After: 15 % removed, 10 % cut (west 40 % kept), 30 % re-digitised
# with uniform +-1 cm noise on every vertex, 5 % new sheds inside removed footprints, rest exact.
import sys, numpy as np, geopandas as gpd, shapely, json
from shapely.geometry import box
from pyproj import Geod, Transformer
rng = np.random.default_rng(11)
g = Geod(ellps="WGS84")
UTM = "EPSG:32618"
bor = gpd.read_file('data/nybb.shp', engine='pyogrio').to_crs(UTM)
land = shapely.union_all(bor.geometry.values)
# study window around the Brooklyn/Queens land border and lower Manhattan
x0, y0, x1, y1 = 583000, 4500000, 592000, 4512000
cells = []
for x in np.arange(x0, x1, 60):
    for y in np.arange(y0, y1, 60):
        b = box(x + 8, y + 8, x + 52, y + 52).intersection(land)
        if b.is_empty or b.area < 30: continue
        parts = [p for p in shapely.get_parts(b) if p.area >= 30]
        if not parts: continue
        cells.append(max(parts, key=lambda p: p.area))
cells = cells[:4000]
print('buildings', len(cells), file=sys.stderr)
n = len(cells); kind = rng.choice(['keep', 'gone', 'cut', 'noisy'], size=n, p=[0.45, 0.15, 0.10, 0.30])
after = []; cleared_pieces = []; sheds = []
for b, k in zip(cells, kind):
    if k == 'keep': after.append(b)
    elif k == 'gone':
        cleared_pieces.append(b)
        if rng.random() < 0.33:
            shed = b.centroid.buffer(3, cap_style=3); after.append(shed); sheds.append(shed)   # a shed on cleared land
    elif k == 'cut':
        mx, my, Mx, My = b.bounds
        kept = b.intersection(box(mx - 1, my - 1, mx + 0.4 * (Mx - mx), My + 1))
        if kept.is_empty or kept.area < 1: cleared_pieces.append(b); continue
        after.append(kept); cleared_pieces.append(b.difference(kept))
    else:
        ext = np.array(b.exterior.coords); ext[:-1] += rng.uniform(-0.01, 0.01, size=ext[:-1].shape); ext[-1] = ext[0]
        holes = []
        for r in b.interiors:
            h = np.array(r.coords); h[:-1] += rng.uniform(-0.01, 0.01, size=h[:-1].shape); h[-1] = h[0]; holes.append(h)
        nb = shapely.Polygon(ext, holes)
        after.append(nb if nb.is_valid else shapely.make_valid(nb))
# exclusions: roads 10 m wide every 300 m east-west
roads = [box(x0, y, x1, y + 10) for y in np.arange(y0 + 20, y1, 300)]
to_ll = Transformer.from_crs(UTM, 4326, always_xy=True)
def ll(geom): return shapely.transform(geom, lambda xy: np.column_stack(to_ll.transform(xy[:, 0], xy[:, 1])))
import shapely.ops
def area(geom):
    return sum(abs(g.geometry_area_perimeter(ll(p))[0]) for p in shapely.get_parts(geom) if p.geom_type == 'Polygon')
cleared = shapely.union_all(cleared_pieces).difference(shapely.union_all(sheds))
roadu = shapely.union_all(roads)
truth = {}
for _, z in bor.iterrows():
    c = cleared.intersection(z.geometry)
    f = c.difference(roadu)
    truth[z.BoroName] = {'cleared_m2': area(c), 'freed_m2': area(f), 'before_m2': area(shapely.union_all(cells).intersection(z.geometry))}
truth['_total'] = {k: sum(v[k] for v in truth.values()) for k in ['cleared_m2', 'freed_m2', 'before_m2']}
json.dump(truth, open('rep/nyc_truth.json', 'w'), indent=1)
gpd.GeoDataFrame({'building_id': [f'B{i}' for i in range(n)]}, geometry=cells, crs=UTM).to_crs(4326).to_file('rep/nyc_before.geojson', driver='GeoJSON', engine='pyogrio', COORDINATE_PRECISION=10)
gpd.GeoDataFrame({'n': list(range(len(after)))}, geometry=after, crs=UTM).to_file('rep/nyc_after_utm.gpkg', driver='GPKG', engine='pyogrio')
gpd.GeoDataFrame({'n': list(range(len(roads)))}, geometry=roads, crs=UTM).to_crs(3857).to_file('rep/nyc_roads_3857.gpkg', driver='GPKG', engine='pyogrio')
print(json.dumps(truth, indent=1))
