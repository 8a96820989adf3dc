"""Which strings of the code lack a finished translation in i18n/*.ts.

    python3 -m scripts.ts_status            # every i18n/flac_raster_qgis_<lang>.ts
    python3 -m scripts.ts_status fr         # one language

Prints one line per missing or unfinished string and exits 1 if there is any. The strings "in
the code" are what pylupdate5 extracts from the plugin's .py and .ui files, with the contexts
the plugin uses at runtime (see flac_raster_qgis/translation.py): bare ``tr()`` calls, which
pylupdate5 files under ``@default``, belong to the ``flac_raster_qgis`` context.
"""

import ast
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = os.path.join(ROOT, "flac_raster_qgis")
TS_DIR = os.path.join(ROOT, "i18n")
TS_PATTERN = "flac_raster_qgis_{}.ts"
RUNTIME_CONTEXT = "flac_raster_qgis"
PYLUPDATE = os.environ.get("PYLUPDATE5", "pylupdate5")


def source_files():
    """The plugin's .py and .ui files, relative to ROOT, sorted (stable .ts output)."""
    found = []
    for pattern in ("**/*.py", "**/*.ui"):
        found += glob.glob(os.path.join(PACKAGE, pattern), recursive=True)
    return sorted(os.path.relpath(p, ROOT) for p in found if "__pycache__" not in p)


def languages():
    prefix, suffix = TS_PATTERN.split("{}")
    names = sorted(os.listdir(TS_DIR)) if os.path.isdir(TS_DIR) else []
    return [n[len(prefix):-len(suffix)] for n in names
            if n.startswith(prefix) and n.endswith(suffix)]


def ts_path(lang):
    return os.path.join(TS_DIR, TS_PATTERN.format(lang))


def run_pylupdate(out_ts):
    """Run pylupdate5 over the sources into ``out_ts`` (paths relative to ROOT)."""
    if shutil.which(PYLUPDATE) is None:
        raise SystemExit(f"{PYLUPDATE} not found: install pyqt5-dev-tools (make deps)")
    subprocess.run([PYLUPDATE, "-noobsolete", *source_files(), "-ts", out_ts], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def class_names():
    """Python classes and .ui forms of the package: the contexts pylupdate5 gets right."""
    names = set()
    for rel in source_files():
        path = os.path.join(ROOT, rel)
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        if rel.endswith(".ui"):
            names.update(re.findall(r"<class>(\w+)</class>", text))
        else:
            names.update(node.name for node in ast.walk(ast.parse(text))
                         if isinstance(node, ast.ClassDef))
    return names


def fix_contexts(tree):
    """Move messages whose context is not a class into the context ``tr()`` uses at runtime.

    pylupdate5 files bare ``tr()`` under ``@default`` and ``obj.tr()`` under the variable's
    name (``alg``); at runtime both resolve to ``flac_raster_qgis`` (translation.py)."""
    root = tree.getroot()
    classes = class_names()
    target = None
    for context in root.findall("context"):
        if context.findtext("name") == RUNTIME_CONTEXT:
            target = context
    for context in list(root.findall("context")):
        name = context.findtext("name")
        if name in classes or name == RUNTIME_CONTEXT:
            continue
        if target is None:
            context.find("name").text = RUNTIME_CONTEXT
            target = context
            continue
        for message in context.findall("message"):
            target.append(message)
        root.remove(context)
    first = {}
    for message in list(target.findall("message")) if target is not None else []:
        source = message.findtext("source")
        if source in first:  # same string from two call sites: one entry, both locations
            kept = first[source]
            for location in message.findall("location"):
                kept.insert(len(kept.findall("location")), location)
            target.remove(message)
        else:
            first[source] = message
    return tree


def extract():
    """The messages in the code as an ElementTree in runtime contexts (no translations)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "extract.ts")
        run_pylupdate(out)
        tree = fix_contexts(ET.parse(out))
        for location in tree.getroot().iter("location"):
            where = os.path.normpath(os.path.join(tmp, location.get("filename")))
            location.set("filename", os.path.relpath(where, TS_DIR).replace(os.sep, "/"))
        return tree


def messages(tree):
    """{(context, source): message element} of a .ts tree."""
    found = {}
    for context in tree.getroot().findall("context"):
        name = context.findtext("name")
        for message in context.findall("message"):
            found[(name, message.findtext("source"))] = message
    return found


def is_finished(message):
    translation = message.find("translation")
    if translation is None:
        return False
    kind = translation.get("type")
    if kind in ("unfinished", "obsolete", "vanished"):
        return False
    if message.get("numerus") == "yes":
        forms = translation.findall("numerusform")
        return bool(forms) and all((f.text or "").strip() for f in forms)
    return bool((translation.text or "").strip())


def problems(lang, code=None):
    """Lines describing strings of the code that ``lang`` lacks or leaves unfinished."""
    code = code if code is not None else messages(extract())
    path = ts_path(lang)
    if not os.path.exists(path):
        return [f"{lang}: {os.path.relpath(path, ROOT)} does not exist"]
    have = messages(ET.parse(path))
    out = []
    for key in sorted(code):
        message = have.get(key)
        if message is None:
            out.append(f"{lang}: missing      [{key[0]}] {key[1]!r}")
        elif not is_finished(message):
            out.append(f"{lang}: unfinished   [{key[0]}] {key[1]!r}")
    return out


def main(argv):
    langs = argv or languages()
    if not langs:
        print("no i18n/*.ts files")
        return 1
    code = messages(extract())
    lines = [line for lang in langs for line in problems(lang, code)]
    for line in lines:
        print(line)
    print(f"{len(code)} strings in the code; {len(lines)} missing or unfinished "
          f"over {', '.join(langs)}")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
