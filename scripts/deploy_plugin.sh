#!/usr/bin/env bash
# `make deploy`: install this checkout's plugin into a QGIS 3 profile and enable it, so the
# desktop and `qgis_process.bin run flacraster:...` see it.
#
#   QGIS_PROFILE_DIR  the profile (default: the user's real default profile)
#   DEPLOY_MODE       link (default: a symlink to the checkout) or copy (a standalone copy)
#   PY                the project's Python, used only to run pip (default .venv/bin/python)
#
# QGIS's embedded Python (Debian: the system python3) has numpy, rasterio and mutagen from
# Debian but no FLAC binding. QGIS puts <profile>/python on sys.path, so plibflac is
# pip-installed there with --target from its wheels only: nothing system-wide, no compiler.
# Quit QGIS first: it rewrites QGIS3.ini when it exits.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PY:-.venv/bin/python}
PROFILE=${QGIS_PROFILE_DIR:-$HOME/.local/share/QGIS/QGIS3/profiles/default}
MODE=${DEPLOY_MODE:-link}
PLUGIN=flac_raster_qgis
SYS_PY=/usr/bin/python3

mkdir -p "$PROFILE/python/plugins" "$PROFILE/QGIS"
target="$PROFILE/python/plugins/$PLUGIN"
if [ -L "$target" ]; then
  rm "$target"
elif [ -e "$target" ]; then
  backup="$target.bak.$(date +%Y%m%d%H%M%S)"
  echo "Moving the existing $target aside to $backup"
  mv "$target" "$backup"
fi
if [ "$MODE" = copy ]; then
  cp -r "$ROOT/$PLUGIN" "$target"
  find "$target" -name __pycache__ -prune -exec rm -rf {} +
else
  ln -s "$ROOT/$PLUGIN" "$target"
fi
echo "Plugin: $target ($MODE)"

# Pinned versions come from requirements-dev.txt (one source of truth).
pin() { grep -i "^$1==" requirements-dev.txt; }
need=("$(pin plibflac)")
echo "Installing into $PROFILE/python: ${need[*]}"
"$PY" -m pip install --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
  --upgrade --target "$PROFILE/python" "${need[@]}"
PYTHONPATH="$PROFILE/python" $SYS_PY -c "import plibflac" \
  || { echo "QGIS's Python still cannot import plibflac" >&2; exit 1; }

# Enable it: [PythonPlugins] flac_raster_qgis=true, written by Qt's own QSettings so the
# rest of QGIS3.ini is kept as QGIS wrote it.
$SYS_PY - "$PROFILE/QGIS/QGIS3.ini" <<'PYCODE'
import sys
from qgis.PyQt.QtCore import QSettings
settings = QSettings(sys.argv[1], QSettings.IniFormat)
settings.setValue("PythonPlugins/flac_raster_qgis", True)
settings.sync()
sys.exit(0 if settings.status() == QSettings.NoError else 1)
PYCODE
echo "Enabled in $PROFILE/QGIS/QGIS3.ini. Check: /usr/bin/qgis_process.bin list | grep flacraster"
