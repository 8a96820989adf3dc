"""The release zip through qgis-plugin-ci (``make package-ci``), as a publishing workflow would.

qgis-plugin-ci packages what git tracks under ``plugin_path`` (.qgis-plugin-ci), so the two
generated parts of the plugin are added as assets: ``flac_raster_qgis/metadata.txt`` (the copy
of the top-level source) and the compiled translations ``flac_raster_qgis/i18n/*.qm``. It runs
in a fresh clone of HEAD (it stashes and resets a working tree), so it packages the committed
state, and your working tree is never touched. Its changelog parser stops at Keep a Changelog's
``### Added`` headings and writes an empty entry into metadata.txt, so the zip gets the
project's own metadata.txt back (``make changelog`` generates its changelog= field).

    python3 -m scripts.package_ci [--dist DIR] [VERSION]
"""

import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

from scripts.build_package import PLUGIN, ROOT, version
from scripts.ts_status import languages, ts_path

LRELEASE = shutil.which("lrelease") or "/usr/lib/qt5/bin/lrelease"


def qgis_plugin_ci():
    found = os.path.join(os.path.dirname(sys.executable), "qgis-plugin-ci")
    return found if os.path.exists(found) else shutil.which("qgis-plugin-ci")


def package(dist, release=None):
    release = release or version()
    tool = qgis_plugin_ci()
    if tool is None:
        sys.exit("qgis-plugin-ci is missing: make venv (requirements-dev.txt) installs it")
    with tempfile.TemporaryDirectory(prefix="flacraster-package-") as tmp:
        clone = os.path.join(tmp, "src")
        subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", ROOT, clone], check=True)
        shutil.copy(os.path.join(clone, "metadata.txt"), os.path.join(clone, PLUGIN))
        assets = [f"{PLUGIN}/metadata.txt"]
        os.makedirs(os.path.join(clone, PLUGIN, "i18n"), exist_ok=True)
        for lang in languages():
            qm = f"{PLUGIN}/i18n/{PLUGIN}_{lang}.qm"
            source = os.path.join(clone, os.path.relpath(ts_path(lang), ROOT))
            subprocess.run([LRELEASE, "-silent", "-removeidentical", source, "-qm",
                            os.path.join(clone, qm)], check=True)
            assets.append(qm)
        command = [tool, "package", release]
        for asset in assets:
            command += ["-a", asset]
        subprocess.run(command, cwd=clone, check=True)
        built = glob.glob(os.path.join(clone, f"{PLUGIN}.{release}.zip"))
        if not built:
            sys.exit("qgis-plugin-ci made no zip")
        os.makedirs(dist, exist_ok=True)
        target = os.path.join(dist, os.path.basename(built[0]))
        with open(os.path.join(clone, "metadata.txt"), "rb") as fh:
            _replace_member(built[0], target, f"{PLUGIN}/metadata.txt", fh.read())
    return target


def _replace_member(src, dst, name, data):
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst + ".part", "w",
                                                      zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, data if info.filename == name else old.read(info))
    os.replace(dst + ".part", dst)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("version", nargs="?")
    parser.add_argument("--dist", default=os.path.join(ROOT, "dist"))
    args = parser.parse_args(argv)
    print(package(args.dist, args.version))
    return 0


if __name__ == "__main__":
    sys.exit(main())
