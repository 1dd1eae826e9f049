#!/usr/bin/env python3
"""Cleared and freed land per district, written the way a competent GeoPandas / shapely 2 user would.

The peer of `parcels report` in the benchmark (scripts/bench). It computes the same two figures per
district, with the definitions of docs/methodology.md:

- cleared_m2: land under a before-survey footprint and under no after-survey footprint, with pieces
  narrower than the tolerance (0.1 m, re-survey noise) removed by a morphological opening (erode, then
  dilate, by tolerance/2 with mitred joins, clipped back to the difference); counted once where
  footprints overlap; cut by the district boundaries (a piece across a boundary counts in both).
- freed_m2: cleared land minus the exclusions (roads, water, protected land).
- zone_area_m2: the district's own area.

Areas are ellipsoidal (WGS84) m². With --area equal-area (the default) the result polygons are
projected to a Lambert azimuthal equal-area projection on the WGS84 ellipsoid centred on the districts
and measured in the plane (vectorised); with --area geod every ring is taken back to longitude/latitude
and measured with pyproj.Geod.polygon_area_perimeter (GeographicLib, the algorithm of PostGIS
ST_Area(geography) and of parcels; one Python call per ring). The two agree within about 1e-9 at
building scale.

--unchanged-shortcut (the "careful" variant of the benchmark) skips the overlay of before-buildings that
an after-building repeats vertex for vertex within the tolerance (shapely.equals_exact on the candidate
pairs): their cleared land is empty, as the opening would leave it.

It does NOT compute what `parcels report` also does: building classes and counts, before/after land,
sites, freed land by parcel and land use, claims. It is therefore a lower bound on the work.

How it is written: layers read with pyogrio (only the columns needed), reprojected with to_crs to the
data's UTM zone (estimate_utm_crs: EPSG:32651 here), repaired with shapely.make_valid where invalid;
every pair search is one bulk STRtree query; every geometric operation is a vectorised shapely 2
call over whole arrays (difference, union_all along an axis for "the union of each building's
neighbours", buffer, intersection). The only Python loops are over the districts and, with
--area geod, over result rings (pyproj measures one ring per call). Each district's pieces are
unioned with shapely.disjoint_subset_union_all (what dissolve(method="disjoint_subset") does).
geopandas.overlay is not used: its "difference" runs a Python loop with an O(n) membership test per
row (quadratic at 1M rows).

Output (stdout): {"crs", "area_method", "zones": [{"zone", "zone_area_m2", "cleared_m2", "freed_m2"}],
"totals": {...}, "timings_s": {...}, "versions": {...}}.
"""
import argparse
import json
import sys
import time

import geopandas as gpd
import numpy as np
import pyogrio
import pyproj
import shapely

POLYGONAL = (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON)


def read(spec, columns):
    """`file.gpkg:layer` (or a plain path) read with pyogrio."""
    path, layer = spec, None
    if ":" in spec and not spec.startswith("PG:"):
        head, tail = spec.rsplit(":", 1)
        if head and "/" not in tail:
            path, layer = head, tail
    return gpd.read_file(path, layer=layer, columns=columns, engine="pyogrio")


def valid_polygons(geoms):
    """Repairs invalid geometries (make_valid) and keeps the polygons, exploded (a layer that is
    all valid Polygons is returned as it is)."""
    geoms = np.asarray(geoms)
    bad = ~shapely.is_valid(geoms)
    if bad.any():
        geoms = geoms.copy()
        geoms[bad] = shapely.make_valid(geoms[bad])
    if not bad.any() and (shapely.get_type_id(geoms) == shapely.GeometryType.POLYGON).all():
        return geoms, np.arange(len(geoms))
    return polygon_parts(geoms)


def polygon_parts(geoms):
    """Every non-empty Polygon inside `geoms` (multi-geometries and collections exploded), with the
    index of the geometry it came from."""
    parts, index = shapely.get_parts(geoms, return_index=True)
    for _ in range(2):  # a collection from an overlay may hold MultiPolygons
        multi = shapely.get_type_id(parts) != shapely.GeometryType.POLYGON
        if not multi.any():
            break
        sub, sub_index = shapely.get_parts(parts[multi], return_index=True)
        parts = np.concatenate([parts[~multi], sub])
        index = np.concatenate([index[~multi], index[multi][sub_index]])
    keep = (shapely.get_type_id(parts) == shapely.GeometryType.POLYGON) & ~shapely.is_empty(parts)
    return parts[keep], index[keep]


def grouped_union(geoms, group, n_groups):
    """The union of the geometries of each group (None for an empty group), vectorised: the groups
    are laid out as rows of a 2-D array padded with None and reduced with union_all(axis=1)."""
    out = np.full(n_groups, None, dtype=object)
    if len(geoms) == 0:
        return out
    order = np.argsort(group, kind="stable")
    group, geoms = group[order], geoms[order]
    counts = np.bincount(group, minlength=n_groups)
    single = counts[group] == 1
    out[group[single]] = geoms[single]
    multi = ~single
    if multi.any():
        g, x = group[multi], geoms[multi]
        rows, inverse = np.unique(g, return_inverse=True)
        starts = np.searchsorted(g, rows)
        col = np.arange(len(g)) - starts[inverse]
        table = np.full((len(rows), col.max() + 1), None, dtype=object)
        table[inverse, col] = x
        out[rows] = shapely.union_all(table, axis=1)
    return out


def subtract(targets, it, others, io):
    """targets[i] minus the union of others[io[k]] for every pair k with it[k] == i."""
    result = targets.copy()
    if len(it):
        cover = grouped_union(others[io], it, len(targets))
        hit = np.flatnonzero(cover != None)  # noqa: E711 (element-wise)
        result[hit] = shapely.difference(targets[hit], cover[hit])
    return result


class Area:
    """Ellipsoidal area (WGS84 m²) of polygons given in `crs`."""

    def __init__(self, method, crs, centre):
        self.method = method
        if method == "geod":
            self.to_lonlat = pyproj.Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
            self.geod = pyproj.Geod(ellps="WGS84")
        else:
            laea = pyproj.CRS.from_proj4(f"+proj=laea +lat_0={centre[1]} +lon_0={centre[0]} +ellps=WGS84 +units=m")
            self.to_laea = pyproj.Transformer.from_crs(crs, laea, always_xy=True)

    def __call__(self, polys):
        """Areas of an array of Polygons (holes subtracted)."""
        if len(polys) == 0:
            return np.zeros(0)
        if self.method == "equal-area":
            return shapely.area(shapely.transform(polys, lambda xy: np.column_stack(self.to_laea.transform(xy[:, 0], xy[:, 1]))))
        # Geodesic: all rings' vertices to lon/lat in one call, then one GeographicLib call per ring.
        rings, ring_owner = shapely.get_rings(polys, return_index=True)
        is_shell = np.r_[True, ring_owner[1:] != ring_owner[:-1]]
        xy, vertex_ring = shapely.get_coordinates(rings, return_index=True)
        lon, lat = self.to_lonlat.transform(xy[:, 0], xy[:, 1])
        bounds = np.r_[0, np.flatnonzero(np.diff(vertex_ring)) + 1, len(vertex_ring)]
        area = self.geod.polygon_area_perimeter
        ring_area = np.fromiter((abs(area(lon[s:e - 1], lat[s:e - 1])[0]) for s, e in zip(bounds[:-1], bounds[1:])),
                                dtype=float, count=len(rings))
        signed = np.where(is_shell, ring_area, -ring_area)
        return np.bincount(ring_owner, weights=signed, minlength=len(polys))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--zones", required=True)
    ap.add_argument("--before", required=True)
    ap.add_argument("--after", required=True)
    ap.add_argument("--exclude", action="append", default=[])
    ap.add_argument("--zone-field", default="district")
    ap.add_argument("--tolerance", type=float, default=0.1)
    ap.add_argument("--area", choices=["geod", "equal-area"], default="equal-area")
    ap.add_argument("--unchanged-shortcut", action="store_true",
                    help="skip the overlay of buildings re-surveyed vertex for vertex within the tolerance "
                         "(shapely.equals_exact on the candidate pairs): the careful variant")
    ap.add_argument("--timings", action="store_true", help="phase timings on stderr")
    a = ap.parse_args()

    timings = {}
    t0 = last = time.perf_counter()

    def phase(name):
        nonlocal last
        now = time.perf_counter()
        timings[name] = round(now - last, 3)
        if a.timings:
            print(f"timing {name}: {now - last:.3f} s", file=sys.stderr)
        last = now

    # Read and project (UTM zone of the districts), repair.
    districts = read(a.zones, [a.zone_field])
    crs = districts.estimate_utm_crs()
    centre = districts.to_crs(4326).union_all().centroid
    districts = districts.to_crs(crs)
    before = read(a.before, []).to_crs(crs)
    after = read(a.after, []).to_crs(crs)
    exclusions = [read(x, []).to_crs(crs) for x in a.exclude]
    phase("read+project")

    zone_names = districts[a.zone_field].astype(str).to_numpy()
    zone_geoms, zone_of_part = valid_polygons(districts.geometry.values)
    before_g, _ = valid_polygons(before.geometry.values)
    after_g, _ = valid_polygons(after.geometry.values)
    excl_g = (valid_polygons(np.concatenate([x.geometry.values for x in exclusions]))[0]
              if exclusions else np.empty(0, dtype=object))
    phase("make_valid")

    # Cleared part of each before-building: before − ∪(after-buildings meeting it), then the opening.
    ib, ia = shapely.STRtree(after_g).query(before_g, predicate="intersects")
    # A building re-surveyed vertex for vertex within the tolerance is unchanged: no overlay for it
    # (its slivers would all be removed by the opening anyway).
    unchanged = np.zeros(len(before_g), dtype=bool)
    if a.unchanged_shortcut:
        unchanged[ib[shapely.equals_exact(before_g[ib], after_g[ia], tolerance=a.tolerance)]] = True
    changed = np.flatnonzero(~unchanged)
    keep = ~unchanged[ib]
    renumber = np.full(len(before_g), -1)
    renumber[changed] = np.arange(len(changed))
    diff = subtract(before_g[changed], renumber[ib[keep]], after_g, ia[keep])
    phase("difference")
    half = a.tolerance / 2
    opened = shapely.buffer(shapely.buffer(diff, -half, join_style="mitre", mitre_limit=5.0),
                            half, join_style="mitre", mitre_limit=5.0)
    cleared = shapely.intersection(opened, diff)
    del opened
    pieces, _ = polygon_parts(cleared)
    del diff, cleared
    phase("opening")

    # Cut by the districts (only pieces across a boundary are intersected) and count once: the union
    # of each district's pieces (disjoint subsets unioned separately, as dissolve(method=
    # "disjoint_subset") does).
    zone_key = np.unique(zone_names[zone_of_part], return_inverse=True)
    names, zone_index_of_part = zone_key[0], zone_key[1]
    ip, iz = shapely.STRtree(zone_geoms).query(pieces, predicate="intersects")
    shapely.prepare(zone_geoms)
    inside = pieces[ip]
    across = ~shapely.contains_properly(zone_geoms[iz], inside)
    inside[across] = shapely.intersection(inside[across], zone_geoms[iz[across]])
    zone_of_pair = zone_index_of_part[iz]
    union = getattr(shapely, "disjoint_subset_union_all", shapely.union_all)
    per_zone = [union(inside[zone_of_pair == z]) for z in range(len(names))]
    land, land_zone = polygon_parts(np.array(per_zone, dtype=object))
    phase("split+union")

    # Freed: each (disjoint) piece of cleared land minus the exclusions meeting it.
    if len(excl_g):
        il, ix = shapely.STRtree(excl_g).query(land, predicate="intersects")
        freed = subtract(land, il, excl_g, ix)
    else:
        freed = land
    freed_parts, freed_owner = polygon_parts(freed)
    phase("exclusions")

    area = Area(a.area, crs, (round(centre.x, 4), round(centre.y, 4)))
    cleared_m2 = np.bincount(land_zone, weights=area(land), minlength=len(names))
    freed_m2 = np.bincount(land_zone[freed_owner], weights=area(freed_parts), minlength=len(names))
    zone_m2 = np.bincount(zone_index_of_part, weights=area(zone_geoms), minlength=len(names))
    phase("areas")

    # Districts in the order of the layer.
    order = sorted(range(len(names)), key=lambda z: list(zone_names).index(names[z]))
    zones = [{"zone": str(names[z]), "zone_area_m2": round(float(zone_m2[z]), 3),
              "cleared_m2": round(float(cleared_m2[z]), 3), "freed_m2": round(float(freed_m2[z]), 3)} for z in order]
    timings["total"] = round(time.perf_counter() - t0, 3)
    out = {
        "crs": crs.to_string(),
        "area_method": a.area,
        "tolerance_m": a.tolerance,
        "unchanged_shortcut": a.unchanged_shortcut,
        "counts": {"before": int(len(before_g)), "after": int(len(after_g)), "exclusions": int(len(excl_g)),
                   "unchanged_vertex_for_vertex": int(unchanged.sum()), "cleared_pieces": int(len(pieces))},
        "zones": zones,
        "totals": {"zone": "total", "zone_area_m2": round(float(zone_m2.sum()), 3),
                   "cleared_m2": round(float(cleared_m2.sum()), 3), "freed_m2": round(float(freed_m2.sum()), 3)},
        "timings_s": timings,
        "versions": {"geopandas": gpd.__version__, "shapely": shapely.__version__,
                     "geos": ".".join(map(str, shapely.geos_version)), "pyogrio": pyogrio.__version__,
                     "gdal": pyogrio.__gdal_version_string__, "pyproj": pyproj.__version__,
                     "proj": pyproj.proj_version_str, "numpy": np.__version__},
    }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    main()
