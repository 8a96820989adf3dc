"""Refresh i18n/flac_raster_qgis_<lang>.ts from the code (``make ts``).

    python3 -m scripts.ts_update fr de

pylupdate5 extracts the strings; their contexts are fixed to what the plugin uses at runtime
(scripts/ts_status.py); existing translations are kept by (context, source). A string whose
context changed (moved to another class) keeps its translation but is marked unfinished for
review. Strings gone from the code are dropped. Then ``python3 -m scripts.ts_status`` lists
what is left to translate.
"""

import copy
import os
import sys
import xml.etree.ElementTree as ET

from scripts import ts_status


def merge(extracted, existing, lang):
    """A new .ts tree: the extracted messages with the translations of ``existing``."""
    tree = copy.deepcopy(extracted)
    root = tree.getroot()
    root.set("version", "2.1")
    root.set("language", lang)
    root.set("sourcelanguage", "en")
    by_key = ts_status.messages(existing) if existing is not None else {}
    by_source = {}
    for (context, source), message in by_key.items():
        if ts_status.is_finished(message):
            by_source.setdefault(source, message)
    for context in root.findall("context"):
        name = context.findtext("name")
        for message in context.findall("message"):
            source = message.findtext("source")
            old = by_key.get((name, source))
            review = False
            if old is None or old.find("translation") is None:
                old, review = by_source.get(source), True
            if old is None:
                continue
            for tag in ("translatorcomment", "translation"):
                element = message.find(tag)
                if element is not None:
                    message.remove(element)
                element = old.find(tag)
                if element is not None:
                    element = copy.deepcopy(element)
                    if tag == "translation" and review:
                        element.set("type", "unfinished")
                    message.append(element)
    for context in root.findall("context"):
        context[:] = [context.find("name")] + sorted(
            context.findall("message"), key=lambda m: m.findtext("source"))
    root[:] = sorted(root.findall("context"), key=lambda c: c.findtext("name"))
    return tree


def write(tree, path):
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        fh.write(body)
        fh.write("\n")


def main(langs):
    langs = langs or ts_status.languages()
    if not langs:
        raise SystemExit("usage: python3 -m scripts.ts_update LANG...")
    extracted = ts_status.extract()
    os.makedirs(ts_status.TS_DIR, exist_ok=True)
    for lang in langs:
        path = ts_status.ts_path(lang)
        existing = ET.parse(path) if os.path.exists(path) else None
        write(merge(extracted, existing, lang), path)
        left = len(ts_status.problems(lang, ts_status.messages(extracted)))
        total = len(ts_status.messages(extracted))
        print(f"{os.path.relpath(path, ts_status.ROOT)}: {total} strings, "
              f"{left} to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
