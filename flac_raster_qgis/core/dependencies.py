"""Which third-party Python packages the plugin needs, which are missing, and the exact command
that installs them on each platform.

QGIS ships no FLAC binding (nor, on some platforms, rasterio or mutagen). The plugin must still
load, name what is missing and say exactly how to get it. The codec is plibflac, installed from
its wheels only (``--only-binary``: never a compiler); pyflac is the alternative binding, used
when it is already installed (it publishes no wheels, so it is never offered). No qgis imports
here: the QGIS side (flac_raster_qgis/dependencies.py) adds the profile path and translated
wording.
"""

import importlib
import importlib.util
import sys
from dataclasses import dataclass

from .errors import MissingDependencyError


@dataclass(frozen=True)
class Requirement:
    module: str          # import name
    pip: str             # pinned pip requirement
    debian: str          # Debian/Ubuntu package, '' if none
    pip_safe: bool       # installable with pip into QGIS's Python without clashing with it
    needed_for: str

    @property
    def project(self):
        return self.pip.split("==")[0]


# Order matters for the messages: what QGIS lacks most often first.
CODEC = Requirement("plibflac", "plibflac==1.0.1", "", True, "FLAC encoding and decoding")
# The alternative binding: enough on its own (with its own dependencies) instead of CODEC.
ALTERNATIVE_CODEC = (
    Requirement("pyflac", "pyflac==3.0.0", "", False, "FLAC (alternative binding)"),
    Requirement("cffi", "cffi==1.17.1", "python3-cffi", False, "pyflac"),
    Requirement("soundfile", "SoundFile==0.12.1", "python3-soundfile", False, "pyflac"),
)
REQUIREMENTS = (
    CODEC,
    Requirement("mutagen", "mutagen==1.47.0", "python3-mutagen", True, "FLAC metadata tags"),
    Requirement("rasterio", "rasterio", "python3-rasterio", False, "reading and writing rasters"),
    Requirement("numpy", "numpy", "python3-numpy", False, "arrays"),
    Requirement("requests", "requests", "python3-requests", False,
                "HTTP range reads outside QGIS"),
)
BY_MODULE = {r.module: r for r in REQUIREMENTS + ALTERNATIVE_CODEC}
# What the conversions need; requests is optional (QGIS's own network stack serves the GUI).
CORE_MODULES = ("numpy", "rasterio", "mutagen", CODEC.module)
# Wheels of CODEC: where pip finds none (e.g. Intel Macs: plibflac 1.x has no macOS x86_64
# wheel, and 0.1.0's lacks the strict error mode the plugin relies on), it must be built.
BUILD_TOOLS = {
    "windows": "the Microsoft C++ Build Tools",
    "macos": "Xcode's command line tools (xcode-select --install)",
    "linux": "gcc and your distribution's python3-dev package",
}


def is_available(module, import_it=False):
    """Whether ``module`` can be imported. ``import_it`` really imports it (catches broken
    installs, e.g. a missing shared library); otherwise only looks it up (cheap at load).
    The codec counts as available when the alternative binding is."""
    if module == CODEC.module:
        return codec_available(import_it)
    return _importable(module, import_it)


def codec_available(import_it=False):
    """plibflac, or pyflac with its own dependencies (core/codec/flac_binding.py uses either)."""
    if import_it:
        from .codec import flac_plibflac, flac_pyflac
        return flac_plibflac.available() or flac_pyflac.available()
    return (_importable(CODEC.module)
            or all(_importable(r.module) for r in ALTERNATIVE_CODEC))


def _importable(module, import_it=False):
    if module in sys.modules and sys.modules[module] is None:
        return False  # explicitly blocked
    if import_it:
        try:
            importlib.import_module(module)
        except Exception:  # noqa: BLE001 - ImportError, OSError (missing DLL), anything
            return False
        return True
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def version_of(module):
    """The installed version of ``module``'s distribution, or ''."""
    try:
        from importlib.metadata import PackageNotFoundError, version
        try:
            return version(BY_MODULE[module].project if module in BY_MODULE else module)
        except PackageNotFoundError:
            mod = sys.modules.get(module)
            return str(getattr(mod, "__version__", "")) if mod else ""
    except Exception:  # noqa: BLE001 - metadata of odd installs must never break the check
        return ""


def missing(modules=CORE_MODULES, import_it=False):
    """The Requirements among ``modules`` that cannot be imported."""
    return [BY_MODULE[m] for m in modules if not is_available(m, import_it)]


def report(modules=None, import_it=True):
    """[(Requirement, available, version)] for the dependency dialog: every package on its
    own (plibflac is "missing" even when pyflac serves instead; :func:`missing` knows)."""
    modules = modules or [r.module for r in REQUIREMENTS + ALTERNATIVE_CODEC]
    out = []
    for module in modules:
        if module == CODEC.module and import_it:
            from .codec import flac_plibflac
            ok = flac_plibflac.available()
        else:
            ok = _importable(module, import_it)
        out.append((BY_MODULE[module], ok, version_of(module) if ok else ""))
    return out


def platform_key(platform=None):
    platform = platform or sys.platform
    if platform.startswith("win"):
        return "windows"
    if platform == "darwin":
        return "macos"
    return "linux"


def pip_install_args(requirements, target):
    """pip arguments installing the pip-safe ``requirements`` into ``target``.

    ``--target`` puts them in a folder QGIS adds to sys.path (the profile's ``python/``);
    ``--no-deps`` because QGIS's numpy must stay the only numpy; ``--only-binary`` because a
    QGIS user rarely has a compiler: pip then says plainly that no wheel fits instead of
    failing halfway through a build. pip skips PEP 668's externally-managed check for
    ``--target`` installs, so this works with Debian's /usr/bin/python3 too.
    """
    specs = [r.pip for r in requirements if r.pip_safe]
    return ["-m", "pip", "install", "--no-deps", "--only-binary=:all:", "--upgrade",
            "--target", target, *specs]


def _quote(arg, platform):
    if platform == "windows":
        return f'"{arg}"' if any(c in arg for c in ' &()') else arg
    import shlex
    return shlex.quote(arg)


def _identity(text):
    return text


def install_instructions(requirements, target, platform=None, python=None, tr=_identity):
    """The steps that install ``requirements`` on ``platform``: a list of lines.

    ``target`` is the QGIS profile's python folder; ``python`` the interpreter QGIS runs (a
    per-platform default when not known). ``tr`` translates the wording: the QGIS side passes
    the plugin's ``tr`` (pylupdate5 extracts these literals), the core stays Qt-free.
    """
    platform = platform_key(platform)
    lines = []
    if platform == "linux":
        debian = [r.debian for r in requirements if r.debian]
        if debian:
            lines.append(tr("Debian/Ubuntu: {command}").format(
                command="sudo apt install " + " ".join(debian)))
    pip_reqs = [r for r in requirements if r.pip_safe]
    other = [r for r in requirements if not r.pip_safe]
    if platform == "windows":
        python = "python"
        where = tr("With pip, in the OSGeo4W Shell (Start menu, QGIS folder): {command}")
    elif platform == "macos":
        python = python or "/Applications/QGIS.app/Contents/MacOS/bin/python3"
        where = tr("With pip, in a Terminal: {command}")
    else:
        python = python or "/usr/bin/python3"
        where = tr("With pip (any distribution, no root needed), in a terminal: {command}")
    if pip_reqs:
        command = " ".join(_quote(a, platform)
                           for a in [python, *pip_install_args(pip_reqs, target)])
        lines.append(where.format(command=command))
    if any(r.module == CODEC.module for r in pip_reqs):
        build = [python, "-m", "pip", "install", "--no-deps", "--no-binary", CODEC.project,
                 "--upgrade", "--target", target, CODEC.pip]
        lines.append(tr("If pip finds no wheel for {package} on this computer (Intel Macs, "
                        "uncommon processors), install {tools}, then: {command}").format(
            package=CODEC.project, tools=BUILD_TOOLS[platform],
            command=" ".join(_quote(a, platform) for a in build)))
    for r in other:
        if r.module == "rasterio" and platform == "windows":
            lines.append(tr("rasterio: run the OSGeo4W Setup (Advanced Install) and add the "
                            "package python3-rasterio."))
        elif r.module == "rasterio" and platform == "macos":
            lines.append(tr("rasterio: {command} (its wheels bring their own GDAL).").format(
                command=f"{python} -m pip install rasterio"))
        elif r.module == "rasterio":
            lines.append(tr("rasterio: install your distribution's python3-rasterio package."))
        else:
            lines.append(tr("{package}: it normally ships with QGIS; reinstall QGIS or run "
                            "{command}").format(package=r.module,
                                                command=f"{python} -m pip install {r.pip}"))
    return lines


def missing_message(requirements, target, platform=None, python=None, tr=_identity):
    """One message naming the missing packages, then one line per installation step."""
    names = ", ".join(r.module for r in requirements)
    head = tr("FLAC Raster needs the Python package(s) {names}, missing from the Python that "
              "runs QGIS.").format(names=names)
    return "\n".join([head, *install_instructions(requirements, target, platform, python, tr)])


def codec_missing_message(target="<QGIS profile>/python", tr=_identity):
    """What core/codec/flac_binding.py raises when neither FLAC binding is installed."""
    return missing_message([CODEC], target, tr=tr)


def require(*modules, target="<QGIS profile>/python", tr=_identity):
    """Raise MissingDependencyError naming every missing module and how to install it."""
    absent = missing(modules or CORE_MODULES, import_it=True)
    if absent:
        raise MissingDependencyError(missing_message(absent, target, tr=tr))
