#!/usr/bin/env bash
# Regenerates terraflow-fill-oleron.json: the SHA-256 of GRASS r.terraflow's filled elevation of the Oléron 20 m DEM
# raised by 20 m (r.terraflow sets negative cells on the border to 0, so the topo-bathymetric DEM is shifted to be
# positive everywhere; filling commutes with the shift). Needs grass-core and gdal-bin; takes 10 s to 3 min.
# Usage: bash packages/simulate/test/reference/terraflow-fill.sh  (from the repository root)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dem="${JUMEAU_SHARED_DIR:-$(cd "$here/../../../../.." && pwd)/shared}/data/oleron/dem_20m_ngf_l93.tif"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/script.sh" <<GRASS
set -e
r.in.gdal -o input=$dem output=dem --quiet
g.region raster=dem
r.mapcalc "shifted = float(dem + 20.0)" --quiet
r.terraflow elevation=shifted filled=filled direction=direction swatershed=sinks accumulation=accumulation tci=tci memory=1000 --quiet
r.out.gdal -c input=filled output=$work/filled.tif format=GTiff type=Float32 --quiet
GRASS
grass --tmp-location EPSG:2154 --exec bash "$work/script.sh" > /dev/null 2>&1
gdal_translate -q -of ENVI -ot Float32 "$work/filled.tif" "$work/filled.bil"
version="$(grass --version 2>&1 | grep -m1 "GRASS GIS")"
sha="$(sha256sum "$work/filled.bil" | cut -d' ' -f1)"
printf '{\n  "tool": "%s r.terraflow (filled=)",\n  "input": "oleron/dem_20m_ngf_l93.tif + 20 m (Float32)",\n  "width": 631,\n  "height": 906,\n  "sha256OfFloat32LittleEndian": "%s"\n}\n' "$version" "$sha" > "$here/terraflow-fill-oleron.json"
cat "$here/terraflow-fill-oleron.json"
