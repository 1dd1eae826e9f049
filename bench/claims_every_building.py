"""A claims file with one claim per before-survey building of a city (a survey team checking every
record of a campaign), for `parcels verify` at scale (docs/performance.md, thirteenth session).

    python bench/claims_every_building.py /tmp/parcels-bench/city-1000000-s1/city.gpkg claims1m.csv

Each claim is its building's footprint (WKT, 9 decimals), in the district holding its representative
point, with the footprint area in UTM 51N times a random factor in [0.95, 1.05] (seed 7), kind
footprint, one floor, batch 1. Run with the benchmark's venv (scripts/bench makes it).
"""
import sys

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

city, out = sys.argv[1], sys.argv[2]
before = gpd.read_file(city, layer="before", engine="pyogrio")
districts = gpd.read_file(city, layer="districts", engine="pyogrio")
points = gpd.GeoDataFrame(geometry=before.geometry.representative_point(), crs=before.crs)
joined = gpd.sjoin(points, districts[["district", "geometry"]], how="left", predicate="within")
joined = joined[~joined.index.duplicated()]
rng = np.random.default_rng(7)
area = before.to_crs(32651).area.values * rng.uniform(0.95, 1.05, len(before))
pd.DataFrame({
    "claim_id": [f"K{i:07d}" for i in range(len(before))], "district": joined["district"].values,
    "claimed_area_m2": np.round(area, 2), "area_kind": "footprint", "building_id": before["building_id"].values,
    "floors": 1, "batch": 1, "date": "2016-03-01",
    "wkt": shapely.to_wkt(before.geometry.values, rounding_precision=9),
}).to_csv(out, index=False)
