# Buildings on Vanua Levu / Taveuni across the antimeridian, from Natural Earth's Fiji outline (real shape).
import sys, numpy as np, geopandas as gpd, shapely, json
from pyproj import Geod, Transformer
from survey import buildings, resurvey
rng = np.random.default_rng(7)
g = Geod(ellps="WGS84")
U = "EPSG:32760"
ne = gpd.read_file('data/naturalearth_lowres.shp', engine='pyogrio')
fiji = ne[ne.name == 'Fiji'].to_crs(U)   # the pieces split at 180 meet again in UTM 60S
land = shapely.union_all(shapely.get_parts(fiji.geometry.iloc[0]).tolist()).buffer(0)
c = Transformer.from_crs(4326, U, always_xy=True)
cx, cy = c.transform(180.0, -16.35)
cells = buildings(land, cx, cy, 3000, 80, 10, 50)
n = len(cells)
after, cleared, _ = resurvey(cells, rng, [0.5, 0.2, 0.3], 0.01)
to_ll = Transformer.from_crs(U, 4326, always_xy=True)
def area(geom):
    tot = 0
    for p in shapely.get_parts(geom):
        xs, ys = to_ll.transform(*np.array(p.exterior.coords).T)
        tot += abs(g.polygon_area_perimeter(xs, ys)[0])
        for r in p.interiors:
            xs, ys = to_ll.transform(*np.array(r.coords).T); tot -= abs(g.polygon_area_perimeter(xs, ys)[0])
    return tot
cu = shapely.union_all(cleared)
crossing = sum(1 for b in cells if (lambda xs: max(xs) > 179 and min(xs) < -179)(to_ll.transform(*np.array(b.exterior.coords).T)[0]))
truth = {'Fiji': {'cleared_m2': area(cu.intersection(land)), 'before_m2': area(shapely.union_all(cells))}, 'crossing': crossing, 'n': n}
truth['_total'] = truth['Fiji']
json.dump(truth, open('rep/fiji_truth.json', 'w'), indent=1); print(truth)
gpd.GeoDataFrame({'building_id': range(n)}, geometry=cells, crs=U).to_file('rep/fiji_before_utm.gpkg', driver='GPKG', engine='pyogrio')
gpd.GeoDataFrame({'building_id': range(len(after))}, geometry=after, crs=U).to_crs(3832).to_file('rep/fiji_after_3832.gpkg', driver='GPKG', engine='pyogrio')
