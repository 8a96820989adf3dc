"""dist/flac_raster_qgis-<version>.zip for "Plugins → Install from ZIP" (``make package``).

The zip holds only the plugin package: Python modules, metadata.txt (the copy of the top-level
source), icons, .ui forms and the compiled translations (.qm, built by ``make qm``). No tests,
caches, .ts sources or development files. It refuses to build when metadata.txt's changelog is
stale or a translation was not compiled, so a release never ships either.

    python3 -m scripts.build_package [--dist DIR]
"""

import configparser
import os
import sys
import zipfile

from scripts import changelog

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN = "flac_raster_qgis"
PACKAGE = os.path.join(ROOT, PLUGIN)
# What belongs in an installed plugin, by extension; anything else stays out.
SHIPPED = (".py", ".ui", ".svg", ".png", ".qm")
NEVER = ("__pycache__", ".pytest_cache", ".hypothesis")


def version():
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(os.path.join(ROOT, "metadata.txt"), encoding="utf-8")
    return parser["general"]["version"]


def package_files():
    """(absolute path, name in the zip) of every shipped file, sorted."""
    found = [(os.path.join(ROOT, "metadata.txt"), f"{PLUGIN}/metadata.txt")]
    for folder, dirs, files in os.walk(PACKAGE):
        dirs[:] = sorted(d for d in dirs if d not in NEVER and not d.startswith("."))
        for name in sorted(files):
            if name.endswith(SHIPPED):
                path = os.path.join(folder, name)
                found.append((path, os.path.relpath(path, ROOT).replace(os.sep, "/")))
    license_file = os.path.join(ROOT, "LICENSE")
    if os.path.exists(license_file):
        found.append((license_file, f"{PLUGIN}/LICENSE"))
    return found


def check():
    """Reasons not to build, as a list of lines."""
    problems = []
    current, expected = changelog.expected_metadata()
    if current != expected:
        problems.append("metadata.txt's changelog differs from CHANGELOG.md: run "
                        "'make changelog'")
    for name in sorted(os.listdir(os.path.join(ROOT, "i18n"))):
        if name.endswith(".ts"):
            qm = os.path.join(PACKAGE, "i18n", name[:-3] + ".qm")
            if not os.path.exists(qm) or (os.path.getmtime(qm) <
                                          os.path.getmtime(os.path.join(ROOT, "i18n", name))):
                problems.append(f"{os.path.relpath(qm, ROOT)} is missing or older than its "
                                ".ts: run 'make qm'")
    return problems


def build(dist):
    problems = check()
    if problems:
        raise SystemExit("\n".join(problems))
    os.makedirs(dist, exist_ok=True)
    path = os.path.join(dist, f"{PLUGIN}-{version()}.zip")
    tmp = path + ".part"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for source, name in package_files():
            archive.write(source, name)
    os.replace(tmp, path)
    return path


def main(argv):
    dist = os.path.join(ROOT, "dist")
    if "--dist" in argv:
        dist = argv[argv.index("--dist") + 1]
    path = build(dist)
    with zipfile.ZipFile(path) as archive:
        count = len(archive.namelist())
    print(f"{os.path.relpath(path)}: {count} files, {os.path.getsize(path)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
