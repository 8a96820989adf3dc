"""Untrusted files and locations: metadata is data (never code, never a path we write to),
only http(s) URLs and local paths are accepted, and nothing in the plugin evaluates or
unpickles anything.
"""

import ast
import json
import os
import re
from pathlib import Path

import pytest

from flac_raster_qgis.core import create_streaming, flac_to_raster, open_flac, raster_to_flac
from flac_raster_qgis.core.errors import CorruptFileError, TransportError
from flac_raster_qgis.core.formats.detect import open_source
from tests.core.test_streaming_format import rewrite_index
from tests.rasters import fractal_dem, write_raster
from tests.reliability_report import record

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "flac_raster_qgis"


@pytest.fixture
def streaming(tmp_path):
    src = write_raster(tmp_path / "src.tif", fractal_dem(40, 30, seed=2))
    path = tmp_path / "in" / "s.flac"
    path.parent.mkdir()
    create_streaming(str(src), str(path), tile_size=16)
    return path


def listing(folder):
    return sorted(str(p.relative_to(folder)) for p in Path(folder).rglob("*"))


# -- hostile metadata types (found by test_fuzz_streaming: crashed the GeoTIFF export) --------

HOSTILE_META = {
    "tags not text": lambda m: m["tags"].__setitem__("", {"a": {"b": 1}}),
    "tag domain not an object": lambda m: m.__setitem__("tags", {"": ["x"]}),
    "tags a string": lambda m: m.__setitem__("tags", {"": "str"}),
    "tag key with '='": lambda m: m["tags"].__setitem__("", {"A=B": "c"}),
    "unknown colour interpretation": lambda m: m["bands"][0].__setitem__("colorinterp", "bogus"),
    "colour table with text keys": lambda m: m["bands"][0].__setitem__("colormap", {"x": 5}),
    "colour entry out of range": lambda m: m["bands"][0].__setitem__(
        "colormap", {"1": [300, 0, 0, 255]}),
    "GCP too short": lambda m: m.__setitem__("gcps", [[1, 2]]),
    "band description a number": lambda m: m["bands"][0].__setitem__("description", 5),
    "band units a list": lambda m: m["bands"][0].__setitem__("units", ["x"]),
    "band tags a list": lambda m: m["bands"][0].__setitem__("tags", ["x"]),
    "mask flag a string": lambda m: m.__setitem__("mask", "yes"),
    "scale not a number": lambda m: m["bands"][0].__setitem__("scale", "x"),
    "width 2^31 (beyond GDAL)": lambda m: m.__setitem__("width", 2 ** 31),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_META))
def test_hostile_metadata_types(tmp_path, streaming, name):
    rewrite_index(streaming, lambda ix: HOSTILE_META[name](ix["raster"]))
    out = tmp_path / "out" / "o.tif"
    out.parent.mkdir()
    with pytest.raises(CorruptFileError) as info:
        flac_to_raster(str(streaming), str(out))
    assert listing(out.parent) == []
    record("hostile metadata", name, 1, f"CorruptFileError: {info.value}")


def test_non_finite_transform(tmp_path, streaming):
    """NaN in the JSON index (json accepts it) never reaches extent arithmetic."""
    import zlib
    from flac_raster_qgis.core.formats import container
    raw = streaming.read_bytes()
    h = container.unpack_header(raw, len(raw))
    index = json.loads(zlib.decompress(raw[h.index_offset:h.index_offset + h.index_length]))
    index["raster"]["transform"][0] = float("nan")
    text = json.dumps(index).encode()
    packed = zlib.compress(text)
    data = raw[h.data_offset:h.data_offset + h.data_length]
    new = container.Header(h.version, 64, len(packed), len(text), 64 + len(packed), len(data),
                           zlib.crc32(packed))
    streaming.write_bytes(container.pack_header(new) + packed + data)
    with pytest.raises(CorruptFileError, match="non-finite"):
        open_flac(str(streaming)).read(bounds=(10.0, 49.8, 10.1, 49.9))
    record("hostile metadata", "NaN in the geotransform", 1, "CorruptFileError: non-finite")


# -- metadata never redirects output or runs anything -----------------------------------------

PATHS_AND_CODE = {
    "TIFFTAG_DOCUMENTNAME": "../../outside/evil.tif",
    "OUTPUT": "/tmp/flacraster-evil-output.tif",
    "VSI": "/vsimem/evil.tif",
    "URL": "/vsicurl/http://127.0.0.1:9/evil.tif",
    "CODE": "__import__('os').system('touch /tmp/flacraster-evil-ran')",
    "PICKLE": "cos\nsystem\n(S'touch /tmp/flacraster-evil-ran'\ntR.",
    "XML": "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>",
}
HOSTILE_DOMAINS = {
    "GEOLOCATION": {"X_DATASET": "/tmp/flacraster-evil-x.tif", "Y_DATASET": "/etc/passwd",
                    "X_BAND": "1", "Y_BAND": "1"},
    "SUBDATASETS": {"SUBDATASET_1_NAME": "/vsicurl/http://127.0.0.1:9/x.tif"},
    "IMAGE_STRUCTURE": {"COMPRESSION": "JPEG", "INTERLEAVE": "BAND"},
    "xml:XMP": {"XMP": "<x:xmpmeta>../../evil</x:xmpmeta>"},
    "DERIVED_SUBDATASETS": {"DERIVED_SUBDATASET_1_NAME": "DERIVED_SUBDATASET:LOGAMPLITUDE:/x"},
    "../../outside": {"a": "b"},
    "SAFE_DOMAIN": dict(PATHS_AND_CODE),
}


def hostile_metadata(meta):
    meta["tags"] = {"": dict(PATHS_AND_CODE), **HOSTILE_DOMAINS}
    meta["bands"][0]["description"] = "../../outside/band.tif"
    meta["bands"][0]["units"] = "/vsimem/units"
    meta["bands"][0]["tags"] = {"": dict(PATHS_AND_CODE), "GEOLOCATION": {"X_DATASET": "/x"}}


@pytest.mark.parametrize("fmt", ["streaming", "plain"])
def test_metadata_cannot_redirect_output(tmp_path, streaming, fmt):
    import rasterio
    sentinels = [Path("/tmp/flacraster-evil-ran"), Path("/tmp/flacraster-evil-output.tif"),
                 Path("/tmp/flacraster-evil-x.tif"), tmp_path / "outside"]
    for s in sentinels[:3]:
        if s.exists():
            s.unlink()
    if fmt == "streaming":
        rewrite_index(streaming, lambda ix: hostile_metadata(ix["raster"]))
        source = streaming
    else:
        from tests.core.test_fuzz_plain import load_tag, set_tags
        src = write_raster(tmp_path / "p.tif", fractal_dem(30, 20))
        source = tmp_path / "in" / "p.flac"
        raster_to_flac(str(src), str(source))
        meta = load_tag(source, "FLACRASTER_RASTER")
        hostile_metadata(meta)
        set_tags(source, raster=json.dumps(meta))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    before = set(listing(tmp_path)) - {"out"}
    out = out_dir / "o.tif"
    flac_to_raster(str(source), str(out))
    assert listing(out_dir) in (["o.tif"], ["o.tif", "o.tif.aux.xml"])
    assert set(listing(tmp_path)) - {"out", "out/o.tif", "out/o.tif.aux.xml"} == before
    assert not any(s.exists() for s in sentinels)
    with rasterio.open(out) as ds:
        namespaces = set(ds.tag_namespaces())
        assert not namespaces & {"GEOLOCATION", "SUBDATASETS", "xml:XMP"}
        # GDAL reports its own IMAGE_STRUCTURE / DERIVED_SUBDATASETS: none of the file's
        assert "/x" not in json.dumps(ds.tags(ns="DERIVED_SUBDATASETS"))
        assert ds.tags(ns="IMAGE_STRUCTURE").get("COMPRESSION") == "DEFLATE"
        assert ds.tags()["CODE"] == PATHS_AND_CODE["CODE"]     # kept as text, nothing more
        assert ds.tags(ns="SAFE_DOMAIN")["URL"] == PATHS_AND_CODE["URL"]
        assert ds.compression.name.lower() == "deflate"         # not the file's "JPEG"
        assert ds.descriptions[0] == "../../outside/band.tif"
    record("untrusted metadata", f"{fmt}: path-like tags, code, pickle, XML entities, "
           "GEOLOCATION/SUBDATASETS/IMAGE_STRUCTURE/xml: domains", 1,
           "written only to the chosen output; file-naming and layout domains dropped; "
           "nothing executed")


# -- only http(s) URLs and local paths --------------------------------------------------------

REJECTED = ["file:///etc/passwd", "FILE:///etc/passwd", "ftp://user:secret@example.org/x.flac",
            "/vsicurl/http://127.0.0.1:9/x.flac", "/vsizip//tmp/x.zip/x.flac",
            "gopher://127.0.0.1:70/x", "gopher:x", "s3://bucket/x.flac",
            "data:application/octet-stream;base64,AAAA", "javascript:alert(1)"]


@pytest.mark.parametrize("location", REJECTED)
def test_only_http_urls_and_local_paths(tmp_path, location):
    for call in (lambda: open_flac(location), lambda: open_source(location),
                 lambda: flac_to_raster(location, str(tmp_path / "o.tif"))):
        with pytest.raises(TransportError, match="Only http\\(s\\) URLs and local files") as info:
            call()
        assert "secret" not in str(info.value)
    assert listing(tmp_path) == []
    record("locations", location, 3, f"TransportError: {info.value}")


def test_a_local_file_whose_name_looks_like_a_scheme_is_still_a_path(tmp_path, monkeypatch,
                                                                     streaming):
    monkeypatch.chdir(streaming.parent)
    os.rename(streaming, streaming.parent / "gopher:x.flac")
    with open_flac("gopher:x.flac") as reader:
        assert reader.kind == "streaming"


# -- no eval, exec or unpickling anywhere in the plugin ---------------------------------------

FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "execfile", "input"}
FORBIDDEN_MODULES = {"pickle", "cPickle", "marshal", "shelve", "dill", "cloudpickle", "joblib"}


def _python_files():
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_no_eval_exec_or_pickle_in_the_plugin():
    problems = []
    files = _python_files()
    assert len(files) > 20
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        where = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else (
                    func.attr if isinstance(func, ast.Attribute) else "")
                if isinstance(func, ast.Name) and name in FORBIDDEN_CALLS:
                    problems.append(f"{where}:{node.lineno} calls {name}()")
                if name in ("load", "loads", "Unpickler") and isinstance(func, ast.Attribute) \
                        and getattr(func.value, "id", "") in FORBIDDEN_MODULES | {"yaml"}:
                    problems.append(f"{where}:{node.lineno} {func.value.id}.{name}()")
                if name in ("system", "popen") and getattr(func.value, "id", "") == "os":
                    problems.append(f"{where}:{node.lineno} os.{name}()")
                for kw in node.keywords:
                    if kw.arg in ("shell", "allow_pickle") and \
                            getattr(kw.value, "value", False) is True:
                        problems.append(f"{where}:{node.lineno} {kw.arg}=True")
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) \
                    else [node.module or ""]
                for mod in names:
                    if mod.split(".")[0] in FORBIDDEN_MODULES:
                        problems.append(f"{where}:{node.lineno} imports {mod}")
    assert problems == []
    record("untrusted metadata", "source scan: eval/exec/compile/pickle/marshal/yaml.load/"
           "os.system/shell=True/allow_pickle=True", len(files), "none in the plugin")


def test_json_from_files_goes_through_bounded_parsers():
    """Every json.loads on file content in core/ (all its rooms) is safejson or bounded by a
    prior size check. Paths are relative to core/."""
    allowed = {"formats/safejson.py", "formats/legacy/streaming_files.py",
               "formats/legacy/spatial_files.py", "formats/legacy/header.py",
               "raster/compare.py", "dependencies.py"}
    offenders = []
    core = PACKAGE / "core"
    for path in core.rglob("*.py"):
        name = path.relative_to(core).as_posix()
        if name in allowed:
            continue
        if re.search(r"\bjson\.loads\(", path.read_text(encoding="utf-8")):
            offenders.append(name)
    assert offenders == []
