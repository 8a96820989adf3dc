"""The installable zip: contents, metadata as QGIS and the plugin repository read it, and a
real install into a throw-away profile where qgis_process enables the plugin and runs an
algorithm (in French, to prove the packaged .qm loads)."""

import configparser
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile

import numpy as np
import pytest

from scripts import build_package, changelog, ts_status
from tests.rasters import write_raster

ROOT = build_package.ROOT
PLUGIN = build_package.PLUGIN
QGIS_PROCESS = "/usr/bin/qgis_process.bin"  # the Debian wrapper is broken in 3.22
REQUIRED = ("name", "qgisMinimumVersion", "description", "about", "version", "author", "email",
            "homepage", "tracker", "repository", "tags", "category", "icon", "experimental",
            "hasProcessingProvider", "changelog")


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    """`make qm` + `make package` into a temporary dist/."""
    lrelease = shutil.which("lrelease") or "/usr/lib/qt5/bin/lrelease"
    os.makedirs(os.path.join(ROOT, PLUGIN, "i18n"), exist_ok=True)
    for lang in ts_status.languages():
        subprocess.run([lrelease, "-silent", ts_status.ts_path(lang), "-qm",
                        os.path.join(ROOT, PLUGIN, "i18n", f"{PLUGIN}_{lang}.qm")], check=True)
    return build_package.build(str(tmp_path_factory.mktemp("dist")))


def metadata(text):
    parser = configparser.ConfigParser()  # with interpolation, as QGIS's plugin manager
    parser.read_string(text)
    return {key: parser.get("general", key) for key in parser.options("general")}


def test_zip_holds_only_the_plugin(package):
    assert os.path.basename(package) == f"{PLUGIN}-{build_package.version()}.zip"
    names = zipfile.ZipFile(package).namelist()
    assert all(n.startswith(f"{PLUGIN}/") for n in names)
    for needed in ("__init__.py", "plugin.py", "metadata.txt", "icons/flac_raster.svg",
                   "ui/source_select.ui", "processing/provider.py", "core/api.py"):
        assert f"{PLUGIN}/{needed}" in names
    for lang in ts_status.languages():
        assert f"{PLUGIN}/i18n/{PLUGIN}_{lang}.qm" in names
    for name in names:
        assert "__pycache__" not in name and "/tests/" not in name
        assert not name.endswith((".pyc", ".ts", ".flac", ".tif", ".orig", ".bak"))


def test_packaged_metadata_is_complete(package):
    with zipfile.ZipFile(package) as archive:
        packaged = archive.read(f"{PLUGIN}/metadata.txt").decode("utf-8")
        names = archive.namelist()
    with open(os.path.join(ROOT, "metadata.txt"), encoding="utf-8") as fh:
        assert packaged == fh.read()  # the top-level file is the single source
    meta = {k.lower(): v for k, v in metadata(packaged).items()}
    for key in REQUIRED:
        assert meta.get(key.lower(), "").strip(), key
    assert meta["qgisminimumversion"] == "3.22"
    # QGIS 4 treats a missing maximum as 3.99; Qt 6 builds of QGIS need supportsQt6.
    assert meta["qgismaximumversion"] == "4.99"
    assert meta["supportsqt6"] == "True"
    assert meta["category"] == "Raster"
    assert meta["hasprocessingprovider"] == "yes"
    assert f"{PLUGIN}/{meta['icon']}" in names
    assert "plibflac" in meta["about"] and "pip install" in meta["about"]
    assert meta["changelog"].startswith(f"{meta['version']} (")


def test_changelog_field_matches_changelog_md():
    current, expected = changelog.expected_metadata()
    assert current == expected, "run 'make changelog'"
    with open(changelog.CHANGELOG, encoding="utf-8") as fh:
        text = fh.read()
    versions = [v for v, _, _ in changelog.releases(text)]
    assert build_package.version() == versions[0]


def test_build_refuses_a_stale_changelog(tmp_path, monkeypatch):
    stale = tmp_path / "metadata.txt"
    with open(changelog.METADATA, encoding="utf-8") as fh:
        stale.write_text(fh.read().replace("changelog=", "changelog=old entry\n    "))
    monkeypatch.setattr(changelog, "METADATA", str(stale))
    assert any("changelog" in p for p in build_package.check())


def venv_site():
    return sysconfig.get_paths()["purelib"]  # pyflac for the plugin inside qgis_process


def qgis_process(home, *args, check=True):
    env = dict(os.environ, HOME=str(home), QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=venv_site(), XDG_RUNTIME_DIR=str(home))
    for key in ("QGIS_CUSTOM_CONFIG_PATH", "QGIS_PREFIX_PATH"):
        env.pop(key, None)
    result = subprocess.run([QGIS_PROCESS, *args], env=env, capture_output=True, text=True,
                            timeout=300)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture
def installed(package, tmp_path):
    """The zip unpacked into a fresh profile and enabled with `qgis_process plugins enable`."""
    if not os.path.exists(QGIS_PROCESS):
        pytest.fail(f"{QGIS_PROCESS} is missing (apt install qgis)")
    home = tmp_path / "home"
    profile = home / ".local/share/QGIS/QGIS3/profiles/default"
    plugins = profile / "python/plugins"
    plugins.mkdir(parents=True)
    zipfile.ZipFile(package).extractall(plugins)
    qgis_process(home, "plugins", "enable", PLUGIN)
    ini = profile / "QGIS/QGIS3.ini"
    assert f"{PLUGIN}=true" in ini.read_text()
    return home, profile


def test_installed_zip_runs_an_algorithm_in_qgis_process(installed, tmp_path):
    home, profile = installed
    data = np.arange(60, dtype=np.int16).reshape(1, 6, 10) * 7 - 100
    source = tmp_path / "small.tif"
    write_raster(str(source), data, nodata=-100)
    output = tmp_path / "small.flac"
    result = qgis_process(home, "run", "flacraster:rastertoflac", "--",
                          f"INPUT={source}", f"OUTPUT={output}")
    assert output.exists() and output.stat().st_size > 0, result.stdout
    back = tmp_path / "back.tif"
    qgis_process(home, "run", "flacraster:flactoraster", "--", f"INPUT={output}",
                 f"OUTPUT={back}")
    import rasterio
    with rasterio.open(back) as ds:
        assert np.array_equal(ds.read(), data) and ds.nodata == -100


def test_installed_zip_speaks_the_profile_locale(installed):
    home, profile = installed
    with open(profile / "QGIS/QGIS3.ini", "a", encoding="utf-8") as fh:
        fh.write("\n[locale]\noverrideFlag=true\nuserLocale=de\n")
    listing = qgis_process(home, "list").stdout
    assert "flacraster:rastertoflac" in listing
    assert "Raster zu FLAC (verlustfrei)" in listing
    assert "Streaming-FLAC erstellen" in listing


DESKTOP_PROBE = """
import json, sys
import qgis.utils
from qgis.core import QgsApplication
from qgis.gui import QgsGui
from qgis.PyQt.QtCore import QTimer
provider = QgsApplication.processingRegistry().providerById("flacraster")
report = {
    "active": "flac_raster_qgis" in qgis.utils.active_plugins,
    "names": sorted(a.displayName() for a in provider.algorithms()) if provider else [],
    "pages": [p.text() for p in QgsGui.sourceSelectProviderRegistry().providers()],
    "profile_python_on_path": QgsApplication.qgisSettingsDirPath().rstrip("/") + "/python"
                              in [p.rstrip("/") for p in sys.path],
}
with open(OUT, "w") as fh:
    json.dump(report, fh)
QTimer.singleShot(300, qgis.utils.iface.actionExit().trigger)
"""


def test_make_qgis_starts_desktop_qgis_with_the_plugin(tmp_path):
    """scripts/run_qgis.sh (make qgis) under Xvfb: the real desktop QGIS, French locale, the
    plugin enabled in a throw-away profile, its page in the Data Source Manager."""
    if shutil.which("xvfb-run") is None:
        pytest.fail("xvfb-run is missing (apt install xvfb)")
    out = tmp_path / "report.json"
    probe = tmp_path / "probe.py"
    probe.write_text(f"OUT = {str(out)!r}\n" + DESKTOP_PROBE)
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "QGIS_CUSTOM_CONFIG_PATH", "DISPLAY")}
    env.update(QGIS_LOCALE="fr", PY=sys.executable, XDG_RUNTIME_DIR=str(tmp_path))
    result = subprocess.run(["xvfb-run", "-a", os.path.join(ROOT, "scripts", "run_qgis.sh"),
                             "--nologo", "--code", str(probe)], env=env, capture_output=True,
                            text=True, timeout=300)
    assert out.exists(), result.stdout + result.stderr
    import json
    report = json.loads(out.read_text())
    assert report["active"] and report["profile_python_on_path"]
    assert "Raster vers FLAC (sans perte)" in report["names"]
    assert "FLAC Raster" in report["pages"]


def test_each_algorithm_has_a_help_url_and_a_readme_example(qgis_app):
    """Publishing hygiene: every algorithm's Help button opens its README section (on the
    homepage named in metadata.txt), and that section shows a processing.run example."""
    import re

    from flac_raster_qgis.processing.provider import FlacRasterProvider
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    homepage = metadata(open(os.path.join(ROOT, "metadata.txt"), encoding="utf-8").read())[
        "homepage"]
    provider = FlacRasterProvider()
    provider.loadAlgorithms()
    algorithms = provider.algorithms()
    assert len(algorithms) == 5
    for alg in algorithms:
        algorithm_id = f"flacraster:{alg.name()}"
        heading = f"\n### {algorithm_id}\n"
        assert heading in readme, algorithm_id
        section = readme.split(heading, 1)[1].split("\n#", 1)[0]
        assert f'processing.run("{algorithm_id}"' in section
        # GitHub's anchor of "### flacraster:x": lower case, punctuation dropped.
        anchor = re.sub(r"[^a-z0-9 _-]", "", algorithm_id.lower()).replace(" ", "-")
        assert alg.helpUrl() == f"{homepage}#{anchor}"


def test_publishing_placeholders_are_named_in_one_place():
    """The maintainer fills in the contact and repository placeholders in metadata.txt only;
    every other file takes them from there (the help URLs above included)."""
    with open(os.path.join(ROOT, "metadata.txt"), encoding="utf-8") as fh:
        text = fh.read()
    assert "PLACEHOLDER" in text
    meta = metadata(text)
    assert meta["email"].endswith("@example.org")
    for name in ("flac_raster_qgis", "scripts"):
        for folder, _dirs, files in os.walk(os.path.join(ROOT, name)):
            for file in files:
                if file.endswith(".py"):
                    with open(os.path.join(folder, file), encoding="utf-8") as fh:
                        source = fh.read()
                    assert meta["repository"] not in source, file
                    assert meta["email"] not in source, file


def test_qgis_plugin_ci_packages_the_same_files(package, tmp_path):
    """qgis-plugin-ci (make package-ci) ships exactly what make package ships: the generated
    metadata.txt (with the project's changelog) and .qm files included."""
    from scripts import package_ci
    if not os.path.isdir(os.path.join(ROOT, ".git")) and not os.path.isfile(
            os.path.join(ROOT, ".git")):
        pytest.skip("not a git checkout (qgis-plugin-ci packages what git tracks)")
    built = package_ci.package(str(tmp_path / "dist"))
    with zipfile.ZipFile(built) as ours_ci, zipfile.ZipFile(package) as ours:
        assert sorted(ours_ci.namelist()) == sorted(ours.namelist())
        name = f"{PLUGIN}/metadata.txt"
        assert ours_ci.read(name) == ours.read(name)
