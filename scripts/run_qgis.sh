#!/usr/bin/env bash
# `make qgis`: a desktop QGIS with this checkout's plugin enabled, in a throw-away profile
# (your own QGIS profile is never touched). The FLAC binding comes from the project's .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PY:-.venv/bin/python}
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != "offscreen" ]; then
  echo "make qgis needs a display (or run it under xvfb-run)" >&2
  exit 1
fi
[ "${QT_QPA_PLATFORM:-}" = offscreen ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && unset QT_QPA_PLATFORM
TMP=$(mktemp -d -t flac_raster_qgis_profile.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
PROFILE="$TMP/profiles/default"
mkdir -p "$PROFILE/python/plugins" "$PROFILE/QGIS"
ln -s "$ROOT/flac_raster_qgis" "$PROFILE/python/plugins/flac_raster_qgis"
cat > "$PROFILE/QGIS/QGIS3.ini" <<INI
[PythonPlugins]
flac_raster_qgis=true

[locale]
overrideFlag=${QGIS_LOCALE:+true}
userLocale=${QGIS_LOCALE:-}
INI
SITE=$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "Throw-away profile: $PROFILE (removed when QGIS exits)"
PYTHONPATH="$SITE${PYTHONPATH:+:$PYTHONPATH}" /usr/bin/qgis --noversioncheck \
  --profiles-path "$TMP" "$@"
