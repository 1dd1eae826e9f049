#!/bin/bash
# QA pass 11: real polygon layers from PyPI wheels, and the constructed surveys with their truth.
#   bench/realdata/setup.sh WORKDIR     (then run the commands of README.md from WORKDIR)
# Needs python3 with venv, ogr2ogr (gdal-bin) and PyPI. Nothing here is committed data: Natural Earth
# (public domain) and NYC's borough boundaries (NYC open data) come inside geopandas 0.14's wheel.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1" && cd "$1"
[ -x venv/bin/python ] || { python3 -m venv venv && venv/bin/pip install -q "geopandas<1" pyogrio pyproj shapely geographiclib libpysal; }
sp=$(venv/bin/python -c "import site; print(site.getsitepackages()[0])")
mkdir -p data/conv rep out ref
cp "$here"/*.py ref/
(cd data && unzip -o -q "$sp/geopandas/datasets/nybb_16a.zip" && cp "$sp"/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.* .)
venv/bin/python ref/make_nyc.py > /dev/null
venv/bin/python ref/make_nyc_parcels.py > /dev/null
venv/bin/python ref/make_fiji.py > /dev/null
ogr2ogr -f GeoJSON rep/fiji_before_rfc.geojson rep/fiji_before_utm.gpkg -lco RFC7946=YES -lco COORDINATE_PRECISION=10 -t_srs EPSG:4326
ogr2ogr -f GeoJSON rep/fiji_after_rfc.geojson rep/fiji_after_3832.gpkg -lco RFC7946=YES -lco COORDINATE_PRECISION=10 -t_srs EPSG:4326
ogr2ogr -f GPKG rep/fiji_zone.gpkg data/naturalearth_lowres.shp -where "name='Fiji'" -nln zones -nlt PROMOTE_TO_MULTI
venv/bin/python ref/make_cn.py > /dev/null
venv/bin/python ref/make_no.py > /dev/null
ogr2ogr -f GPKG rep/no_zone.gpkg data/naturalearth_lowres.shp -where "name='Norway'" -nln zones -nlt PROMOTE_TO_MULTI
echo "ready: $1"
