"""Translations: complete .ts files for every string in the code, and the compiled .qm actually
reaching the Processing algorithms and the data-source page under QGIS locales fr and de.

The generic check compares what the plugin shows in English and under a locale: every string
the .ts translates must come out translated. A context mismatch between pylupdate5 and the
runtime (the classic self.tr() trap) makes it fail."""

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from qgis.core import QgsApplication, QgsSettings

import flac_raster_qgis
from flac_raster_qgis import translation
from scripts import ts_status

LANGS = ("fr", "de")
# A few hand-checked strings, so the test never passes on an empty or garbled .qm.
KNOWN = {
    "fr": {"rastertoflac": "Raster vers FLAC (sans perte)", "group:conversion": "Conversion",
           "flactoraster": "FLAC vers raster (entier ou emprise)"},
    "de": {"rastertoflac": "Raster zu FLAC (verlustfrei)", "group:conversion": "Konvertierung",
           "flactoraster": "FLAC zu Raster (ganz oder Ausdehnung)"},
}


def lrelease():
    found = shutil.which("lrelease") or "/usr/lib/qt5/bin/lrelease"
    if not os.path.exists(found):
        pytest.fail("lrelease not found: install qttools5-dev-tools (make deps)")
    return found


@pytest.fixture(scope="module")
def qm_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("qm")
    for lang in LANGS:
        subprocess.run([lrelease(), "-silent", ts_status.ts_path(lang), "-qm",
                        str(out / f"flac_raster_qgis_{lang}.qm")], check=True)
    return str(out)


def ts_translations(lang):
    """{source: translation} of the finished entries of a .ts (any context)."""
    tree = ET.parse(ts_status.ts_path(lang))
    return {source: message.findtext("translation")
            for (_, source), message in ts_status.messages(tree).items()
            if ts_status.is_finished(message)}


@pytest.fixture
def ui_locale(qgis_app):
    """Sets QGIS's UI locale like the Options dialog does; restores it afterwards."""
    settings = QgsSettings()
    saved = {key: settings.value(key) for key in ("locale/userLocale", "locale/overrideFlag")}

    def apply(lang):
        settings.setValue("locale/userLocale", lang)
        settings.setValue("locale/overrideFlag", True)
    yield apply
    translation.remove_translators()
    for key, value in saved.items():
        if value is None:
            settings.remove(key)
        else:
            settings.setValue(key, value)


def visible_strings():
    """{key: text} of what the Toolbox shows for each flacraster algorithm, with the plugin
    loaded as qgis_process loads it."""
    plugin = flac_raster_qgis.classFactory(None)
    plugin.initProcessing()
    try:
        provider = QgsApplication.processingRegistry().providerById("flacraster")
        shown = {"provider:name": provider.name(), "provider:longName": provider.longName()}
        for alg in provider.algorithms():
            shown[alg.name()] = alg.displayName()
            shown[f"group:{alg.groupId()}"] = alg.group()
            shown[f"{alg.name()}:help"] = alg.shortHelpString()
            shown[f"{alg.name()}:tags"] = ",".join(alg.tags())
            for param in alg.parameterDefinitions():
                shown[f"{alg.name()}:{param.name()}"] = param.description()
                shown[f"{alg.name()}:{param.name()}:help"] = param.help()
        return shown
    finally:
        plugin.unload()


def test_ts_files_have_every_string_of_the_code():
    """Fails while a string in the code has no finished translation: run `make ts`,
    translate, `make qm` (scripts/ts_status.py lists them)."""
    code = ts_status.messages(ts_status.extract())
    assert len(code) > 50
    problems = [line for lang in LANGS for line in ts_status.problems(lang, code)]
    assert problems == [], "\n".join(problems)


def test_extraction_uses_runtime_contexts():
    contexts = {context for context, _ in ts_status.messages(ts_status.extract())}
    assert "@default" not in contexts
    assert "flac_raster_qgis" in contexts
    assert contexts - {"flac_raster_qgis"} <= ts_status.class_names()


def test_translations_keep_placeholders_and_markup():
    import re
    pattern = re.compile(r"\{[^}]*\}|</?b>|<br>|%\w")
    for lang in LANGS:
        for source, text in ts_translations(lang).items():
            assert sorted(pattern.findall(source)) == sorted(pattern.findall(text)), \
                f"{lang}: {source!r} -> {text!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_processing_strings_translated_under_locale(lang, qm_dir, ui_locale):
    ui_locale("en")
    english = visible_strings()
    ui_locale(lang)
    assert translation.user_locale() == lang
    assert translation.install_translator(directory=qm_dir) is not None
    localized = visible_strings()
    for key, expected in KNOWN[lang].items():
        assert localized[key] == expected
    table = ts_translations(lang)
    wrong = [(key, english[key], localized[key]) for key in english
             if english[key] in table and localized[key] != table[english[key]]]
    assert wrong == []
    translated = sum(1 for key in english if english[key] in table)
    assert translated >= 40  # names, groups, help texts, parameter labels and help


@pytest.mark.parametrize("lang", LANGS)
def test_data_source_page_translated_under_locale(lang, qm_dir, ui_locale, qgis_iface):
    source_select = pytest.importorskip("flac_raster_qgis.gui.source_select")
    ui_locale(lang)
    translation.install_translator(directory=qm_dir)
    table = ts_translations(lang)
    provider = source_select.FlacSourceSelectProvider()
    assert provider.toolTip() == table[
        "Stream lossless FLAC rasters from a URL or a file, tile by tile"]
    widget = source_select.FlacSourceWidget()
    try:
        for button, english in ((widget.connectButton, "Connect"),
                                (widget.loadButton, "Load canvas extent"),
                                (widget.followCheck, "Follow the map")):
            assert button.text() == table[english] != english
    finally:
        widget.deleteLater()


def test_english_needs_no_translator(ui_locale):
    ui_locale("en")
    assert translation.install_translator() is None
    assert visible_strings()["rastertoflac"] == "Raster to FLAC (lossless)"
