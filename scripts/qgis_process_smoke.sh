#!/usr/bin/env bash
# `make qgis-process-smoke`: what a user gets on a fresh machine. A throw-away HOME, the plugin
# deployed into its default profile exactly as `make deploy` does (plibflac in the profile's
# python/ folder, no PYTHONPATH), then qgis_process lists the five algorithms and runs a
# round trip that `flacraster:compare` must call IDENTICAL, with --json output parsed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
QP=/usr/bin/qgis_process.bin   # Debian's qgis_process wrapper is broken in 3.22
TMP=$(mktemp -d -t flac_raster_smoke.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
export HOME="$TMP/home" QT_QPA_PLATFORM=offscreen
unset PYTHONPATH
QGIS_PROFILE_DIR="$HOME/.local/share/QGIS/QGIS3/profiles/default" PY="$PY" \
  scripts/deploy_plugin.sh >/dev/null

"$QP" list 2>/dev/null | grep flacraster: | tee "$TMP/list.txt"
[ "$(wc -l < "$TMP/list.txt")" -eq 5 ] || { echo "expected 5 flacraster algorithms" >&2; exit 1; }

/usr/bin/python3 - "$TMP/in.tif" <<'PYCODE'
import sys
import numpy as np
import rasterio
from rasterio.transform import from_origin
y, x = np.mgrid[0:300, 0:200]
data = (1000 + 300 * np.sin(x / 17.0) * np.cos(y / 23.0)).astype("int16")
with rasterio.open(sys.argv[1], "w", driver="GTiff", width=200, height=300, count=1,
                   dtype="int16", crs="EPSG:32633", nodata=-32768,
                   transform=from_origin(500000, 5000000, 30, 30)) as ds:
    ds.write(data, 1)
PYCODE
cp "$TMP/in.tif" "$TMP/original.tif"   # QGIS may write in.tif.aux.xml (statistics) later

"$QP" --json run flacraster:rastertoflac -- INPUT="$TMP/in.tif" OUTPUT="$TMP/out.flac" \
  2>/dev/null > "$TMP/1.json"
"$QP" --json run flacraster:createstreaming -- INPUT="$TMP/in.tif" TILE_SIZE=64 \
  OUTPUT="$TMP/stream.flac" 2>/dev/null > "$TMP/2.json"
"$QP" --json run flacraster:flactoraster -- INPUT="$TMP/out.flac" OUTPUT="$TMP/back.tif" \
  2>/dev/null > "$TMP/3.json"
"$QP" --json run flacraster:flactoraster -- INPUT="$TMP/stream.flac" \
  EXTENT="503000,504500,4995000,4997000 [EPSG:32633]" OUTPUT="$TMP/extract.tif" \
  2>/dev/null > "$TMP/4.json"
"$QP" --json run flacraster:info -- INPUT="$TMP/stream.flac" 2>/dev/null > "$TMP/5.json"
"$QP" --json run flacraster:compare -- RASTER_A="$TMP/original.tif" RASTER_B="$TMP/back.tif" \
  2>/dev/null > "$TMP/6.json"
if "$QP" run flacraster:flactoraster -- INPUT="$TMP/missing.flac" OUTPUT="$TMP/x.tif" \
  >/dev/null 2>"$TMP/err.txt"; then
  echo "a missing input should fail" >&2; exit 1
fi

/usr/bin/python3 - "$TMP" <<'PYCODE'
import json, sys
tmp = sys.argv[1]
docs = [json.load(open(f"{tmp}/{i}.json")) for i in range(1, 7)]  # all valid JSON
info = json.loads(docs[4]["results"]["INFO_JSON"])
print(f"info: {info['format']}, {info['width']}x{info['height']} {info['dtype']}, "
      f"{len(info['levels'])} level(s), ratio {info['compression_ratio']}")
identical = docs[5]["results"]["IDENTICAL"]
print(f"compare original vs qgis_process round trip: IDENTICAL={identical}")
print("bad input:", open(f"{tmp}/err.txt").read().strip().splitlines()[-1])
sys.exit(0 if identical is True else 1)
PYCODE
echo "qgis_process smoke test passed"
