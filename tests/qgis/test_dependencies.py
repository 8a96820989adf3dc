"""A missing Python package: the plugin still loads, names the package and the exact install
command, the algorithms fail with that message (no traceback), and the Install action really
runs pip into the profile's python/ folder."""

import json
import os
import subprocess
import sys
import textwrap
import zipfile

import numpy as np
import pytest

from flac_raster_qgis.core import dependencies as core_deps
from tests.rasters import write_raster

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


# -- the QGIS-free part: what to say on each platform ---------------------------------------

def reqs(*modules):
    return [core_deps.BY_MODULE[m] for m in modules]


def test_windows_instructions_use_the_osgeo4w_shell():
    lines = core_deps.install_instructions(reqs("plibflac", "rasterio"),
                                           r"C:\Users\me\AppData\Roaming\QGIS\QGIS3\profiles"
                                           r"\default\python", platform="win32")
    text = "\n".join(lines)
    assert "OSGeo4W Shell" in text
    assert ('python -m pip install --no-deps --only-binary=:all: --upgrade --target '
            r'C:\Users\me\AppData\Roaming\QGIS\QGIS3\profiles\default\python plibflac==1.0.1'
            in text)
    assert "Microsoft C++ Build Tools" in text      # only when pip finds no wheel
    assert "python3-rasterio" in text and "pip install rasterio" not in text


def test_macos_instructions_use_the_python_inside_qgis_app():
    text = "\n".join(core_deps.install_instructions(reqs("plibflac", "mutagen"), "/p/python",
                                                    platform="darwin"))
    assert ("/Applications/QGIS.app/Contents/MacOS/bin/python3 -m pip install --no-deps "
            "--only-binary=:all: --upgrade --target /p/python plibflac==1.0.1 "
            "mutagen==1.47.0") in text
    # Intel Macs have no plibflac 1.x wheel: build it with Xcode's command line tools.
    assert "Intel Macs" in text and "xcode-select --install" in text
    assert "--no-binary plibflac" in text


def test_linux_instructions_offer_debian_packages_and_pip():
    lines = core_deps.install_instructions(reqs("plibflac", "mutagen", "rasterio"),
                                           "/home/me/profile/python", platform="linux")
    assert lines[0] == "Debian/Ubuntu: sudo apt install python3-mutagen python3-rasterio"
    assert lines[1].endswith("/usr/bin/python3 -m pip install --no-deps --only-binary=:all: "
                             "--upgrade --target /home/me/profile/python plibflac==1.0.1 "
                             "mutagen==1.47.0")
    assert "no wheel" in lines[2] and "python3-dev" in lines[2]
    assert "python3-rasterio" in lines[3] and "pip install rasterio" not in "\n".join(lines)


def test_paths_with_spaces_are_quoted_for_each_shell():
    win = "\n".join(core_deps.install_instructions(
        reqs("plibflac"), r"C:\Users\Jane Doe\QGIS3\python", platform="win32"))
    assert r'--target "C:\Users\Jane Doe\QGIS3\python" plibflac==1.0.1' in win
    mac = "\n".join(core_deps.install_instructions(
        reqs("plibflac"), "/Users/jane/Library/Application Support/QGIS/python",
        platform="darwin"))
    assert "--target '/Users/jane/Library/Application Support/QGIS/python' plibflac" in mac


def test_pip_never_installs_numpy_or_rasterio_into_qgis():
    args = core_deps.pip_install_args(core_deps.REQUIREMENTS, "/t")
    assert "--no-deps" in args and args[args.index("--target") + 1] == "/t"
    assert "--only-binary=:all:" in args            # never a compiler on the user's machine
    assert not any(a.startswith(("numpy", "rasterio", "requests", "pyflac")) for a in args)
    assert {"plibflac==1.0.1", "mutagen==1.47.0"} <= set(args)


def test_blocked_codec_is_missing_and_require_names_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "plibflac", None)
    monkeypatch.setitem(sys.modules, "pyflac", None)
    assert [r.module for r in core_deps.missing()] == ["plibflac"]
    with pytest.raises(core_deps.MissingDependencyError, match="plibflac==1.0.1"):
        core_deps.require()


@pytest.mark.parametrize("hidden", ["plibflac", "pyflac"])
def test_either_binding_alone_is_enough(monkeypatch, hidden):
    from flac_raster_qgis.core.codec import flac_binding
    other = {"plibflac": "pyflac", "pyflac": "plibflac"}[hidden]
    monkeypatch.delenv(flac_binding.BINDING_ENV, raising=False)
    monkeypatch.setitem(sys.modules, hidden, None)
    if not core_deps.is_available(other, import_it=True) and other == "pyflac":
        pytest.skip("pyflac is not installed")
    assert core_deps.missing(import_it=True) == []
    assert flac_binding.name() == other


# -- inside QGIS, with a package really absent (a fresh process) ----------------------------

PROBE = textwrap.dedent("""
    import json, sys
    for name in sys.argv[4].split(","):
        sys.modules[name] = None          # "not installed" for every import that follows
    from qgis.core import QgsApplication
    app = QgsApplication([], False)
    app.initQgis()
    sys.path.append("/usr/share/qgis/python/plugins")
    from processing.core.Processing import Processing
    Processing.initialize()
    import processing
    logs = []
    QgsApplication.messageLog().messageReceived.connect(lambda m, tag, lvl: logs.append(m))
    import flac_raster_qgis
    plugin = flac_raster_qgis.classFactory(None)
    plugin.initProcessing()
    provider = QgsApplication.processingRegistry().providerById("flacraster")
    error = None
    try:
        processing.run("flacraster:rastertoflac", {"INPUT": sys.argv[1], "OUTPUT": sys.argv[2]})
    except Exception as exc:
        error = "%s: %s" % (type(exc).__name__, exc)
    print(json.dumps({"algorithms": sorted(a.id() for a in provider.algorithms()),
                      "missing": [r.module for r in plugin.missing_dependencies],
                      "logs": logs, "error": error}))
    app.exitQgis()
""")


def run_probe(tmp_path, blocked):
    source = tmp_path / "in.tif"
    write_raster(str(source), np.ones((1, 4, 5), dtype=np.uint8))
    config = tmp_path / "config"
    config.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(config),
               PYTHONPATH=ROOT, XDG_RUNTIME_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", PROBE, str(source),
                             str(tmp_path / "out.flac"), str(config), ",".join(blocked)],
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), tmp_path / "out.flac"


@pytest.mark.parametrize("blocked,missing", [(("plibflac", "pyflac"), "plibflac"),
                                             (("mutagen",), "mutagen"),
                                             (("rasterio",), "rasterio")])
def test_plugin_loads_and_algorithms_fail_clearly_without_a_package(tmp_path, blocked, missing):
    report, output = run_probe(tmp_path, blocked)
    assert "flacraster:rastertoflac" in report["algorithms"]  # still listed
    assert report["missing"] == [missing]
    error = report["error"]
    assert error and error.startswith("QgsProcessingException")
    assert "Traceback" not in error
    assert f"Python package(s) {missing}" in error
    if missing != "rasterio":
        assert "-m pip install --no-deps --only-binary=:all: --upgrade --target" in error
        assert core_deps.BY_MODULE[missing].pip in error
    # The same message was logged at load, with the profile's python/ folder as the target.
    logged = [m for m in report["logs"] if f"Python package(s) {missing}" in m]
    profile_python = os.path.join(str(tmp_path / "config"), "profiles", "default", "python")
    assert logged and (profile_python in logged[0] or missing == "rasterio")
    assert not output.exists()


# -- the desktop part: warning, dialog, and a real pip run ----------------------------------

def test_dialog_and_message_bar_offer_to_install(qgis_app, qgis_iface, monkeypatch):
    from qgis.gui import QgsMessageBar

    from flac_raster_qgis.gui import dependency_dialog
    from flac_raster_qgis.gui.integration import GuiIntegration
    monkeypatch.setitem(sys.modules, "plibflac", None)
    monkeypatch.setitem(sys.modules, "pyflac", None)
    bar = QgsMessageBar()
    monkeypatch.setattr(qgis_iface, "messageBar", lambda: bar)
    integration = GuiIntegration(qgis_iface)
    integration.install()
    try:
        assert bar.currentItem() is not None
        assert "plibflac" in bar.currentItem().text()
        action = integration.actions[0]
        assert "dependencies" in action.text()
        action.trigger()
        dialog = dependency_dialog._dialog
        assert dialog is not None and dialog.isVisible()
        rows = {dialog.table.item(r, 0).text(): dialog.table.item(r, 2).text()
                for r in range(dialog.table.rowCount())}
        assert rows["plibflac"] == "missing" and rows["numpy"].startswith("installed")
        assert rows["pyflac"].startswith("not installed")      # the optional alternative
        assert dialog.install_button.isEnabled()
        assert "--target" in dialog.details.toPlainText()
        answers = []
        monkeypatch.setattr(dependency_dialog.QMessageBox, "question",
                            lambda *a, **k: answers.append(a[2]) or
                            dependency_dialog.QMessageBox.StandardButton.No)
        assert dialog.confirm_and_install() is None  # the user said No: nothing runs
        assert "plibflac==1.0.1" in answers[0] and "pyflac==" not in answers[0]
    finally:
        integration.remove()
    assert dependency_dialog._dialog is None


def make_wheel(folder, name="flacraster_probe", version="1.0"):
    """A minimal pure-Python wheel, so pip runs for real without any network."""
    path = os.path.join(folder, f"{name}-{version}-py3-none-any.whl")
    info = f"{name}-{version}.dist-info"
    files = {f"{name}/__init__.py": "VALUE = 42\n",
             f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
             f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
                              "Tag: py3-none-any\n"}
    files[f"{info}/RECORD"] = "".join(f"{n},,\n" for n in files) + f"{info}/RECORD,,\n"
    with zipfile.ZipFile(path, "w") as archive:
        for member, text in files.items():
            archive.writestr(member, text)
    return path


def test_pip_installer_runs_pip_into_the_target_without_blocking(qgis_app, tmp_path):
    from qgis.PyQt.QtCore import QCoreApplication, QElapsedTimer

    from flac_raster_qgis.gui.dependency_dialog import PipInstaller
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    make_wheel(str(wheels))
    target = tmp_path / "profile" / "python"
    probe = core_deps.Requirement("flacraster_probe", "flacraster_probe==1.0", "", True, "test")
    installer = PipInstaller([probe], target=str(target), python=sys.executable,
                             extra_args=("--no-index", "--find-links", str(wheels)))
    assert "--no-deps" in installer.command() and str(target) in installer.command()
    results = []
    installer.finished.connect(lambda ok, out: results.append((ok, out)))
    installer.start()
    assert installer.process is not None  # returned at once; pip runs in the background
    timer = QElapsedTimer()
    timer.start()
    while not results and timer.elapsed() < 120000:
        QCoreApplication.processEvents()
        installer.process.waitForFinished(50)
    assert results and results[0][0], results
    assert (target / "flacraster_probe" / "__init__.py").read_text() == "VALUE = 42\n"


def test_pip_installer_says_plainly_when_no_wheel_exists(qgis_app, tmp_path, monkeypatch):
    """--only-binary with only a source package on offer: pip refuses to build, and the
    dialog says there is no wheel for this computer and shows how to build instead."""
    from qgis.PyQt.QtCore import QCoreApplication, QElapsedTimer

    from flac_raster_qgis.gui import dependency_dialog
    from flac_raster_qgis.gui.dependency_dialog import PipInstaller
    index = tmp_path / "index"
    index.mkdir()
    (index / "flacraster_probe-1.0.tar.gz").write_bytes(b"not built: --only-binary")
    probe = core_deps.Requirement("flacraster_probe", "flacraster_probe==1.0", "", True, "test")
    installer = PipInstaller([probe], target=str(tmp_path / "target"), python=sys.executable,
                             extra_args=("--no-index", "--find-links", str(index)))
    assert "--only-binary=:all:" in installer.command()
    results = []
    installer.finished.connect(lambda ok, out: results.append((ok, out)))
    installer.start()
    timer = QElapsedTimer()
    timer.start()
    while not results and timer.elapsed() < 120000:
        QCoreApplication.processEvents()
        installer.process.waitForFinished(50)
    ok, output = results[0]
    assert not ok and dependency_dialog.no_wheel(output), output
    assert not (tmp_path / "target" / "flacraster_probe").exists()


@pytest.mark.parametrize("platform,executable,interpreter", [
    ("win32", "qgis-bin.exe", "python.exe"),          # OSGeo4W / standalone installer
    ("darwin", "QGIS", "bin/python3.{minor}"),         # QGIS.app
])
def test_qgis_python_is_found_on_windows_and_macos_layouts(tmp_path, monkeypatch, platform,
                                                          executable, interpreter):
    from flac_raster_qgis import dependencies
    interpreter = interpreter.format(minor=sys.version_info.minor).replace(
        "python3.", f"python{sys.version_info.major}.")
    python = tmp_path / interpreter
    python.parent.mkdir(parents=True, exist_ok=True)
    python.write_text("")
    python.chmod(0o755)
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(sys, "executable", str(tmp_path / executable))
    monkeypatch.setattr(sys, "exec_prefix", str(tmp_path))
    assert dependencies.qgis_python() == str(python)
