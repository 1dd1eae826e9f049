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

Without further flags that is all it computes (the benchmark's plain and careful peers), a lower bound
on the work of `parcels report`. With the flags below it computes the rest of the full report, with the
definitions of docs/methodology.md ("Land per zone", "Claims"):

- --full: before_m2 / after_m2 per district (each survey's footprints cut by the districts and unioned
  per district: counted once; the careful variant unions only the footprints whose interiors meet
  another's, group by group, and measures the rest as they are); the building classes (an after-building continues a before-building
  when IoU >= 1/2, or when one lies at least half on the other and they share more than half of the
  smaller outline within the tolerance, or the same building_id; none: demolished; a continuation and
  >= 1 m² cleared part: partly demolished; else unchanged; counted in the district holding most of
  the building); sites (freed pieces of a district within --site-gap of each other joined, by
  connected components of the STRtree dwithin pairs; a site counts from --min-site m²): sites,
  site_area_m2, largest_site_m2.
- --parcels: each parcel less the earlier parcels (layer order) whose interiors meet it, so that freed
  land is counted once; every freed piece shared out over those (whole where a parcel contains it,
  else intersected); freed land per parcel_id + district + land use (the "parcels" list, rows from
  0.0005 m²) and freed_by_land_use_m2 per district, "(no parcel)" for the rest of each piece.
- --claims: per claim footprint_m2, floors (the claim's, else the before-building with its
  building_id, the one under most of the claim when several share it, else the before-building under
  most of the claim), measured_m2, zone_measured (the district holding most), still_standing_m2 and
  the flags overstated / understated (--tolerance-pct), duplicate (overlaps an earlier claim by batch,
  date, row by more than half of the smaller footprint), not_demolished (more than half still under
  after-survey footprints), wrong_zone, invalid_geometry; per claimed district claims, claimed_m2,
  flagged ("claim_zones"). It does not compute verified_m2 (counted once), new_structures nor rebuilt.

How it is written: layers read with pyogrio (only the columns needed), reprojected with to_crs to the
data's UTM zone (estimate_utm_crs: EPSG:32651 here), repaired with shapely.make_valid where invalid;
every pair search is one bulk STRtree query; every geometric operation is a vectorised shapely 2
call over whole arrays (difference, union_all along an axis for "the union of each building's
neighbours", buffer, intersection); grouping is numpy (bincount, lexsort) and pandas groupby. The only
Python loops are over the districts, with --area geod over result rings (pyproj measures one ring per
call), and over the output rows when the JSON is written. Each district's pieces are
unioned with shapely.disjoint_subset_union_all (what dissolve(method="disjoint_subset") does).
geopandas.overlay is not used: its "difference" runs a Python loop with an O(n) membership test per
row (quadratic at 1M rows).

Output (stdout): {"crs", "area_method", "zones": [{"zone", "zone_area_m2", "cleared_m2", "freed_m2"}],
"totals": {...}, "timings_s": {...}, "versions": {...}}; with --full the zones and totals also have
before_m2, after_m2, unchanged, demolished, partly_demolished, sites, site_area_m2, largest_site_m2;
with --parcels freed_by_land_use_m2 and "parcels": [{"parcel_id", "zone", "land_use", "freed_m2"}];
with --claims "claims": [{"claim_id", "zone_claimed", "zone_measured", "claimed_m2", "area_kind",
"footprint_m2", "floors", "floors_source", "measured_m2", "still_standing_m2", "duplicate_of", "flags"}]
and "claim_zones": [{"zone", "claims", "claimed_m2", "flagged"}]. Every phase is timed (timings_s).
"""
import argparse
import json
import sys
import time

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyproj
import shapely

POLYGONAL = (shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON)


def read(spec, columns, **kw):
    """`file.gpkg:layer` (or a plain path) read with pyogrio."""
    path, layer = spec, None
    if ":" in spec and not spec.startswith("PG:"):
        head, tail = spec.rsplit(":", 1)
        if head and "/" not in tail:
            path, layer = head, tail
    return gpd.read_file(path, layer=layer, columns=columns, engine="pyogrio", **kw)


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


def measure(geoms, area):
    """Ellipsoidal area of each geometry of `geoms` (None, empty, multi-part and collections allowed:
    the sum of its polygons)."""
    parts, owner = polygon_parts(np.asarray(geoms, dtype=object))
    return np.bincount(owner, weights=area(parts), minlength=len(geoms))


def first_of_group(keys, values):
    """For each distinct key, the position of its largest value (ties: the first): (keys, positions)."""
    if len(keys) == 0:
        return np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    order = np.lexsort((-values, keys))
    first = np.r_[True, keys[order][1:] != keys[order][:-1]]
    return keys[order][first], order[first]


def components(n, i, j):
    """Connected components of the graph of n nodes and edges (i, j): a label per node (its
    component's smallest node), by hooking roots onto the smaller root and pointer jumping, vectorised
    (scipy.sparse.csgraph.connected_components does the same; scipy is not a dependency here)."""
    parent = np.arange(n)

    def compress(p):
        while True:
            q = p[p]
            if np.array_equal(q, p):
                return p
            p = q
    while True:
        parent = compress(parent)
        ri, rj = parent[i], parent[j]
        diff = ri != rj
        if not diff.any():
            return parent
        np.minimum.at(parent, np.maximum(ri[diff], rj[diff]), np.minimum(ri[diff], rj[diff]))


def trimmed(values, blank):
    """Text values trimmed of surrounding spaces; null or blank ones replaced by blank[k]."""
    s = pd.Series(values, dtype=object)
    s = s.where(s.isna(), s.astype(str)).str.strip()
    empty = (s.isna() | (s == "")).to_numpy()
    out = s.to_numpy(dtype=object, copy=True)
    out[empty] = np.asarray(blank, dtype=object)[empty]
    return out


def read_claims(path, crs):
    """The claims: a CSV with a WKT column `wkt` (pandas, every field as text), or any layer. Rows that
    docs/methodology.md rejects are dropped (missing or non-numeric claimed_area_m2, an unknown
    area_kind, a floors that is not a positive number up to 1,000, a date that is not an ISO date, an
    empty or unparseable WKT, a claim_id seen before). Returns (DataFrame, geometries in `crs`,
    rejected count)."""
    if path.lower().endswith(".csv"):
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        wkt = df["wkt"].str.strip()
        geom = shapely.from_wkt(wkt.where(wkt != "", None).to_numpy(), on_invalid="ignore")
    else:
        layer = read(path, None)
        geom = layer.geometry.to_crs(4326).values
        df = pd.DataFrame(layer.drop(columns=layer.geometry.name)).astype(str).replace({"None": "", "nan": ""})
    for col in ("building_id", "floors", "batch", "date"):
        if col not in df:
            df[col] = ""
    out = pd.DataFrame({"row": np.arange(1, len(df) + 1)})
    out["claim_id"] = trimmed(df["claim_id"], [""] * len(df))
    out["district"] = trimmed(df["district"], [""] * len(df))
    out["claimed"] = pd.to_numeric(df["claimed_area_m2"].str.strip(), errors="coerce")
    out["kind"] = df["area_kind"].str.strip().str.lower()
    floors_text = df["floors"].str.strip()
    out["floors"] = pd.to_numeric(floors_text, errors="coerce")
    bad_floors = (floors_text != "") & ~((out["floors"] > 0) & (out["floors"] <= 1000))
    date_text = df["date"].str.strip()
    out["date"] = pd.to_datetime(date_text.where(date_text != "", None), format="ISO8601", errors="coerce")
    bad_date = (date_text != "") & out["date"].isna()
    out["batch"] = pd.to_numeric(df["batch"].str.strip(), errors="coerce")
    out["building_id"] = trimmed(df["building_id"], [""] * len(df))
    geom = np.asarray(geom, dtype=object)
    no_geom = pd.isna(geom) | shapely.is_empty(geom)
    reject = (out["claimed"].isna() | ~out["kind"].isin(["footprint", "floor"]) | bad_floors | bad_date
              | (out["claim_id"] == "") | no_geom)
    reject |= out["claim_id"].where(~reject).duplicated() & ~reject
    keep = ~reject.to_numpy()
    geom = gpd.GeoSeries(geom[keep], crs=4326).to_crs(crs).values
    return out[keep].reset_index(drop=True), np.asarray(geom, dtype=object), int(reject.sum())


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
    ap.add_argument("--parcels", help="parcels layer (fields --id-field, land_use): freed land per parcel and land use")
    ap.add_argument("--id-field", default="parcel_id")
    ap.add_argument("--claims", help="claims (CSV with a WKT column `wkt`, or any layer): per-claim verdicts")
    ap.add_argument("--tolerance-pct", type=float, default=5.0)
    ap.add_argument("--full", action="store_true",
                    help="also before/after land (counted once), building classes and sites per district")
    ap.add_argument("--site-gap", type=float, default=2.0)
    ap.add_argument("--min-site", type=float, default=200.0)
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
    ids = ["building_id"] if (a.full or a.claims) else []
    before = read(a.before, ids + (["floors"] if a.claims else [])).to_crs(crs)
    after = read(a.after, ids if a.full else []).to_crs(crs)
    exclusions = [read(x, []).to_crs(crs) for x in a.exclude]
    parcels = read(a.parcels, [a.id_field, "land_use"], fid_as_index=True).to_crs(crs) if a.parcels else None
    claims = read_claims(a.claims, crs) if a.claims else None
    phase("read+project")

    zone_names = districts[a.zone_field].astype(str).to_numpy()
    zone_geoms, zone_of_part = valid_polygons(districts.geometry.values)
    before_g, before_row = valid_polygons(before.geometry.values)
    after_g, after_row = valid_polygons(after.geometry.values)
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
    pieces, piece_owner = polygon_parts(cleared)
    del diff, cleared
    phase("opening")

    # Cut by the districts (only pieces across a boundary are intersected) and count once: the union
    # of each district's pieces (disjoint subsets unioned separately, as dissolve(method=
    # "disjoint_subset") does).
    zone_key = np.unique(zone_names[zone_of_part], return_inverse=True)
    names, zone_index_of_part = zone_key[0], zone_key[1]
    zone_tree = shapely.STRtree(zone_geoms)
    shapely.prepare(zone_geoms)

    def cut_by_zones(geoms):
        """(geometry index, district index, the geometry's part in that district) for every pair of a
        geometry and a district part it meets; only geometries across a boundary are intersected."""
        ig, iz = zone_tree.query(geoms, predicate="intersects")
        part = geoms[ig]
        across = ~shapely.contains_properly(zone_geoms[iz], part)
        part[across] = shapely.intersection(part[across], zone_geoms[iz[across]])
        return ig, zone_index_of_part[iz], part

    def union_by_zone(parts, zone):
        """The union of each district's parts (disjoint subsets unioned apart), in district order."""
        union = getattr(shapely, "disjoint_subset_union_all", shapely.union_all)
        return np.array([union(parts[zone == z]) for z in range(len(names))], dtype=object)

    _, zone_of_pair, inside = cut_by_zones(pieces)
    land, land_zone = polygon_parts(union_by_zone(inside, zone_of_pair))
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
    freed_area = area(freed_parts)
    freed_zone = land_zone[freed_owner]
    freed_m2 = np.bincount(freed_zone, weights=freed_area, minlength=len(names))
    zone_m2 = np.bincount(zone_index_of_part, weights=area(zone_geoms), minlength=len(names))
    phase("areas")

    n_zones = len(names)
    extra = [{} for _ in range(n_zones)]       # more figures per district (--full, --parcels)
    counts_extra = {}
    if a.full:
        # Before and after land, counted once: each survey's footprints cut by the districts, unioned
        # per district (disjoint subsets separately), measured.
        # The careful variant unions only what needs it: footprints (parts) whose interiors meet
        # another's in the same district (one bulk `intersects` query, then relate_pattern
        # "T********" on those pairs: the `overlaps`/`contains` predicates in a query were 20-30x
        # slower) are unioned group by group (connected components); the rest, most of a city, are
        # measured as they are. The same land as the union per district.
        before_cut = None
        for key, geoms in (("before_m2", before_g), ("after_m2", after_g)):
            ig, zg, part = cut_by_zones(geoms)
            if key == "before_m2":
                before_cut = (ig, zg, shapely.area(part))
            if a.unchanged_shortcut:
                i, j = shapely.STRtree(part).query(part, predicate="intersects")
                keep = (i < j) & (zg[i] == zg[j])
                i, j = i[keep], j[keep]
                inner = shapely.relate_pattern(part[i], part[j], "T********")
                label = components(len(part), i[inner], j[inner])
                grouped = np.bincount(label, minlength=len(part))[label] > 1
                alone = np.flatnonzero(~grouped)
                m2 = np.bincount(zg[alone], weights=measure(part[alone], area), minlength=n_zones)
                many = np.flatnonzero(grouped)
                if len(many):
                    roots, group = np.unique(label[many], return_inverse=True)
                    unions = grouped_union(part[many], group, len(roots))
                    m2 += np.bincount(zg[roots], weights=measure(unions, area), minlength=n_zones)
                for z in range(n_zones):
                    extra[z][key] = m2[z]
                counts_extra[key.replace("_m2", "_unioned")] = int(len(many))
                del i, j, inner
            else:
                per_zone = union_by_zone(part, zg)
                for z, m2 in enumerate(measure(per_zone, area)):
                    extra[z][key] = m2
                del per_zone
            del part
        phase("before/after land")

        # Building classes: an after-building continues a before-building when IoU >= 1/2, or when one
        # lies at least half on the other and either they share more than half of the smaller outline
        # (within the tolerance) or the same building_id. No continuation: demolished; a continuation
        # and >= 1 m² cleared part: partly demolished; else unchanged. Counted in the district
        # holding the largest part of the building.
        cont = np.zeros(len(ib), dtype=bool)
        if a.unchanged_shortcut:
            cont[unchanged[ib]] = shapely.equals_exact(before_g[ib[unchanged[ib]]], after_g[ia[unchanged[ib]]],
                                                       tolerance=a.tolerance)
        todo = np.flatnonzero(~cont)
        gb, ga = before_g[ib[todo]], after_g[ia[todo]]
        inter = shapely.area(shapely.intersection(gb, ga))
        ab, aa = shapely.area(gb), shapely.area(ga)
        iou = inter >= 0.5 * (ab + aa - inter)
        half_on = ~iou & (inter >= 0.5 * np.minimum(ab, aa))
        bid = before["building_id"].astype(str).str.strip().to_numpy()[before_row[ib[todo]]]
        aid = after["building_id"].astype(str).str.strip().to_numpy()[after_row[ia[todo]]]
        same_id = half_on & (bid == aid) & ~pd.isna(before["building_id"].to_numpy()[before_row[ib[todo]]])
        check = np.flatnonzero(half_on & ~same_id)
        lb, la = shapely.length(gb[check]), shapely.length(ga[check])
        b_small = lb <= la
        small = np.where(b_small, gb[check], ga[check])
        other = np.where(b_small, ga[check], gb[check])
        along = shapely.length(shapely.intersection(shapely.boundary(small),
                                                     shapely.buffer(shapely.boundary(other), a.tolerance)))
        shared = np.zeros(len(todo), dtype=bool)
        shared[check] = along > 0.5 * np.minimum(lb, la)
        cont[todo] = iou | same_id | shared
        continued = np.zeros(len(before_g), dtype=bool)
        continued[ib[cont]] = True
        cleared_part = np.zeros(len(before_g))
        cleared_part[changed] = np.bincount(piece_owner, weights=area(pieces), minlength=len(changed))
        klass = np.where(~continued, 1, np.where(cleared_part >= 1.0, 2, 0))   # 0 unchanged, 1 demolished, 2 partly
        ig, zg, part_m2 = before_cut
        pairs = pd.DataFrame({"b": ig, "z": zg, "m2": part_m2}).groupby(["b", "z"], as_index=False)["m2"].sum()
        bk, pos = first_of_group(pairs["b"].to_numpy(), pairs["m2"].to_numpy())
        home = pairs["z"].to_numpy()[pos]
        for k, key in enumerate(("unchanged", "demolished", "partly_demolished")):
            for z, count in enumerate(np.bincount(home[klass[bk] == k], minlength=n_zones)):
                extra[z][key] = int(count)
        counts_extra.update(continuation_pairs=int(cont.sum()), outline_tests=int(len(check)))
        del before_cut, pairs, gb, ga
        phase("classes")

        # Sites: freed pieces of a district closer than --site-gap are one site (connected components
        # of the dwithin pairs); a site counts from --min-site m² of freed land.
        fi, fj = shapely.STRtree(freed_parts).query(freed_parts, predicate="dwithin", distance=a.site_gap)
        same = (fi < fj) & (freed_zone[fi] == freed_zone[fj])
        label = components(len(freed_parts), fi[same], fj[same])
        site_m2 = np.bincount(label, weights=freed_area, minlength=len(freed_parts))
        roots = np.flatnonzero((np.bincount(label, minlength=len(freed_parts)) > 0) & (site_m2 >= a.min_site))
        site_zone = freed_zone[roots]
        for z in range(n_zones):
            s_m2 = site_m2[roots[site_zone == z]]
            extra[z].update(sites=int(len(s_m2)), site_area_m2=float(s_m2.sum()),
                            largest_site_m2=float(s_m2.max()) if len(s_m2) else 0.0)
        phase("sites")

    parcel_rows = None
    if parcels is not None:
        # Freed land per parcel, counted once: each parcel less the earlier parcels whose interiors meet
        # it, then every freed piece shared out over those; what no parcel covers is "(no parcel)".
        parcel_g, parcel_row = valid_polygons(parcels.geometry.values)
        fid = parcels.index.to_numpy()
        pid = trimmed(parcels[a.id_field].to_numpy(), ("fid " + pd.Series(fid).astype(str)).to_numpy())[parcel_row]
        use = trimmed(parcels["land_use"].to_numpy(), ["(unknown)"] * len(fid))[parcel_row]
        pi, pj = shapely.STRtree(parcel_g).query(parcel_g, predicate="intersects")
        earlier = parcel_row[pj] < parcel_row[pi]
        pi, pj = pi[earlier], pj[earlier]
        meet = shapely.relate_pattern(parcel_g[pi], parcel_g[pj], "T********")
        own = subtract(parcel_g, pi[meet], parcel_g, pj[meet])
        fk, pk = shapely.STRtree(own).query(freed_parts, predicate="intersects")
        shapely.prepare(own)
        whole = shapely.contains_properly(own[pk], freed_parts[fk])
        share = freed_area[fk].copy()
        cut = np.flatnonzero(~whole)
        share[cut] = measure(shapely.intersection(freed_parts[fk[cut]], own[pk[cut]]), area)
        no_parcel = freed_area - np.bincount(fk, weights=share, minlength=len(freed_parts))
        no_parcel[no_parcel <= 1e-9 * freed_area + 1e-6] = 0.0
        shares = pd.DataFrame({"parcel_id": pid[pk], "zone": names[freed_zone[fk]], "land_use": use[pk], "m2": share})
        by_use = pd.concat([shares[["zone", "land_use", "m2"]],
                            pd.DataFrame({"zone": names[freed_zone], "land_use": "(no parcel)", "m2": no_parcel})])
        by_use = by_use.groupby(["zone", "land_use"])["m2"].sum()
        by_use = by_use[by_use >= 0.0005]
        zone_number = {n: z for z, n in enumerate(names)}
        for z in range(n_zones):
            extra[z]["freed_by_land_use_m2"] = {}
        for (zone, land_use), m2 in by_use.items():
            extra[zone_number[zone]]["freed_by_land_use_m2"][land_use] = m2
        rows = shares.groupby(["parcel_id", "zone", "land_use"], as_index=False, sort=False)["m2"].sum()
        parcel_rows = rows[rows["m2"] >= 0.0005]
        counts_extra["parcels"] = int(len(parcel_g))
        phase("parcels")

    claim_out = claim_zones = None
    if claims is not None:
        table_c, claim_g, rejected = claims
        n = len(claim_g)
        invalid = ~shapely.is_valid(claim_g)
        if invalid.any():
            fixed, owner = polygon_parts(shapely.make_valid(claim_g[invalid]))
            claim_g[invalid] = shapely.multipolygons(fixed, indices=owner)
        footprint = measure(claim_g, area)
        # The district holding most of each claim, and the share in the district it names.
        ic, zc, part = cut_by_zones(claim_g)
        held = pd.DataFrame({"c": ic, "z": zc, "m2": measure(part, area)}).groupby(["c", "z"], as_index=False)["m2"].sum()
        ck, pos = first_of_group(held["c"].to_numpy(), held["m2"].to_numpy())
        zone_measured = np.full(n, None, dtype=object)
        zone_measured[ck] = names[held["z"].to_numpy()[pos]]
        held["named"] = names[held["z"].to_numpy()] == table_c["district"].to_numpy()[held["c"].to_numpy()]
        in_named = np.bincount(held["c"][held["named"]], weights=held["m2"][held["named"]], minlength=n)
        wrong_zone = (zone_measured != table_c["district"].to_numpy()) & (in_named < 0.5 * footprint)
        # Floors: the claim's, else the before-building with its building_id (the one under most of
        # the claim when several share it), else the before-building under most of the claim.
        floors = table_c["floors"].to_numpy(dtype=float, copy=True)
        b_floors = pd.to_numeric(before["floors"], errors="coerce").to_numpy(dtype=float, copy=True)[before_row]
        b_floors[~((b_floors > 0) & (b_floors <= 1000))] = np.nan
        source = np.where(np.isnan(floors), None, "claim").astype(object)
        b_ids = pd.DataFrame({"building_id": before["building_id"].astype(str).str.strip().to_numpy()[before_row],
                              "b": np.arange(len(before_g))})
        need = pd.DataFrame({"building_id": table_c["building_id"].to_numpy(), "c": np.arange(n)})
        need = need[np.isnan(floors) & (need["building_id"] != "")]
        by_id = need.merge(b_ids, on="building_id")
        by_id["m2"] = shapely.area(shapely.intersection(claim_g[by_id["c"].to_numpy()], before_g[by_id["b"].to_numpy()]))
        kc, pos = first_of_group(by_id["c"].to_numpy(), by_id["m2"].to_numpy())
        kb = by_id["b"].to_numpy()[pos]
        ok = ~np.isnan(b_floors[kb])
        floors[kc[ok]] = b_floors[kb[ok]]
        source[kc[ok]] = "building_id"
        lacking = np.flatnonzero(np.isnan(floors))
        jc, jb = shapely.STRtree(before_g).query(claim_g[lacking], predicate="intersects")
        under = shapely.area(shapely.intersection(claim_g[lacking[jc]], before_g[jb]))
        kc, pos = first_of_group(jc, under)
        ok = ~np.isnan(b_floors[jb[pos]])
        floors[lacking[kc[ok]]] = b_floors[jb[pos][ok]]
        source[lacking[kc[ok]]] = "under"
        measured = np.where(table_c["kind"].to_numpy() == "floor", footprint * np.nan_to_num(floors, nan=1.0), footprint)
        claimed = table_c["claimed"].to_numpy(dtype=float)
        p = a.tolerance_pct / 100
        overstated = claimed > measured * (1 + p)
        understated = claimed < measured * (1 - p)
        # Still standing: the claim less the after-buildings meeting it.
        sc, sa = shapely.STRtree(after_g).query(claim_g, predicate="intersects")
        standing = footprint - measure(subtract(claim_g, sc, after_g, sa), area)
        standing[standing < 1e-9 * footprint + 1e-6] = 0.0
        not_demolished = standing > 0.5 * footprint
        # Duplicates: overlapping an earlier claim (batch, then date, then row) by more than half of
        # the smaller footprint.
        rank = np.empty(n, dtype=int)
        rank[table_c.sort_values(["batch", "date", "row"], na_position="last").index.to_numpy()] = np.arange(n)
        di, dj = shapely.STRtree(claim_g).query(claim_g, predicate="intersects")
        later = rank[di] > rank[dj]
        di, dj = di[later], dj[later]
        overlap = measure(shapely.intersection(claim_g[di], claim_g[dj]), area)
        dup = overlap > 0.5 * np.minimum(footprint[di], footprint[dj])
        di, dj = di[dup], dj[dup]
        kd, pos = first_of_group(di, -rank[dj].astype(float))
        duplicate_of = np.full(n, None, dtype=object)
        duplicate_of[kd] = table_c["claim_id"].to_numpy()[dj[pos]]
        flag_table = {"overstated": overstated, "understated": understated, "duplicate": duplicate_of != None,  # noqa: E711
                      "not_demolished": not_demolished, "wrong_zone": wrong_zone, "invalid_geometry": invalid}
        flags = pd.DataFrame(flag_table)
        claim_out = pd.DataFrame({
            "claim_id": table_c["claim_id"], "zone_claimed": table_c["district"], "zone_measured": zone_measured,
            "claimed_m2": claimed, "area_kind": table_c["kind"], "footprint_m2": footprint.round(3),
            "floors": floors, "floors_source": source, "measured_m2": measured.round(3),
            "still_standing_m2": standing.round(3), "duplicate_of": duplicate_of})
        flag_names = np.array(list(flag_table))
        claim_out["flags"] = [list(flag_names[row]) for row in flags.to_numpy()]
        per = pd.DataFrame({"zone": table_c["district"], "claimed_m2": claimed, "flagged": flags.any(axis=1)})
        claim_zones = per.groupby("zone", sort=False).agg(claims=("claimed_m2", "size"), claimed_m2=("claimed_m2", "sum"),
                                                          flagged=("flagged", "sum")).reset_index()
        counts_extra.update(claims=int(n), claims_rejected=rejected)
        phase("claims")

    # Districts in the order of the layer.
    order = sorted(range(len(names)), key=lambda z: list(zone_names).index(names[z]))
    zones = [{"zone": str(names[z]), "zone_area_m2": round(float(zone_m2[z]), 3),
              "cleared_m2": round(float(cleared_m2[z]), 3), "freed_m2": round(float(freed_m2[z]), 3)} for z in order]
    totals = {"zone": "total", "zone_area_m2": round(float(zone_m2.sum()), 3),
              "cleared_m2": round(float(cleared_m2.sum()), 3), "freed_m2": round(float(freed_m2.sum()), 3)}
    for z, row in zip(order, zones):
        for key, value in extra[z].items():
            if key == "freed_by_land_use_m2":
                row[key] = {k: round(float(v), 3) for k, v in sorted(value.items())}
                for k, v in value.items():
                    totals.setdefault(key, {})[k] = totals.get(key, {}).get(k, 0.0) + float(v)
            else:
                row[key] = round(float(value), 3) if isinstance(value, float) else value
                if key == "largest_site_m2":
                    totals[key] = max(totals.get(key, 0.0), row[key])
                else:
                    totals[key] = totals.get(key, 0) + value
    for key, value in totals.items():
        if key == "freed_by_land_use_m2":
            totals[key] = {k: round(v, 3) for k, v in sorted(value.items())}
        elif isinstance(value, float):
            totals[key] = round(value, 3)
    # The long lists as JSON-ready records (timed: at 1M they are 220k claims and 69k parcel rows).
    records = {}
    if parcel_rows is not None:
        records["parcels"] = [{"parcel_id": r.parcel_id, "zone": r.zone, "land_use": r.land_use, "freed_m2": round(r.m2, 3)}
                              for r in parcel_rows.itertuples()]
    if claim_out is not None:
        records["claims"] = json.loads(claim_out.to_json(orient="records", force_ascii=False, double_precision=15))
        records["claim_zones"] = json.loads(claim_zones.to_json(orient="records", force_ascii=False, double_precision=15))
    if records:
        phase("output records")
    # "total" is up to here: not the interpreter's start and imports (~0.5 s), json.dump to stdout
    # (~3.6 s for the 1M full output) nor the release of the geometries at exit.
    timings["total"] = round(time.perf_counter() - t0, 3)
    out = {
        "crs": crs.to_string(),
        "area_method": a.area,
        "tolerance_m": a.tolerance,
        "unchanged_shortcut": a.unchanged_shortcut,
        "counts": {"before": int(len(before_g)), "after": int(len(after_g)), "exclusions": int(len(excl_g)),
                   "unchanged_vertex_for_vertex": int(unchanged.sum()), "cleared_pieces": int(len(pieces)),
                   **counts_extra},
        "zones": zones,
        "totals": totals,
    }
    out.update(records)
    out["timings_s"] = timings
    out["versions"] = {"geopandas": gpd.__version__, "shapely": shapely.__version__,
                       "geos": ".".join(map(str, shapely.geos_version)), "pyogrio": pyogrio.__version__,
                       "gdal": pyogrio.__gdal_version_string__, "pyproj": pyproj.__version__,
                       "proj": pyproj.proj_version_str, "numpy": np.__version__, "pandas": pd.__version__}
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    main()
