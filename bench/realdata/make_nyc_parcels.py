# Parcels for the NYC set: 240 m blocks over the study window, cut by the land (real coast), land use by
# block; freed land by land use truth = (cleared - roads) per parcel, from the make_nyc construction.
import numpy as np, geopandas as gpd, shapely, json
from shapely.geometry import box
from pyproj import Geod, Transformer
exec(open('ref/make_nyc.py').read().split("json.dump(truth")[0])   # rebuilds cells, cleared, roadu, bor (same seed)
uses = ['residential', 'commercial', 'industrial', 'park']
parcels = []; k = 0
for x in np.arange(x0, x1, 240):
    for y in np.arange(y0, y1, 240):
        p = box(x, y, x + 240, y + 240).intersection(land)
        if p.is_empty or p.area < 1: continue
        parcels.append((f'P{k}', uses[k % 4], p)); k += 1
freed = cleared.difference(roadu)
by_use = {}
for pid, use, p in parcels:
    by_use[use] = by_use.get(use, 0) + area(freed.intersection(p))
by_use['(no parcel)'] = area(freed.difference(shapely.union_all([p for _, _, p in parcels])))
json.dump(by_use, open('rep/nyc_parcels_truth.json', 'w'), indent=1); print(by_use)
gpd.GeoDataFrame({'PARCEL_ID': [p[0] for p in parcels], 'LAND_USE': [p[1] for p in parcels]}, geometry=[p[2] for p in parcels], crs=UTM).to_crs(2263).to_file('rep/nyc_parcels_2263.shp', engine='pyogrio')
