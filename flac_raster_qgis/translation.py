"""One ``tr()`` for the whole plugin, and loading the translation for QGIS's locale."""

import os

from qgis.PyQt.QtCore import QCoreApplication, QTranslator

CONTEXT = "flac_raster_qgis"
_translators = []


def tr(text, context=CONTEXT):
    """Translate ``text``; pylupdate5 extracts the literal first argument."""
    return QCoreApplication.translate(context, text)


def user_locale():
    from qgis.core import QgsSettings
    value = QgsSettings().value("locale/userLocale", "") or ""
    return str(value)[0:2]


def install_translator(locale=None):
    """Load ``i18n/flac_raster_qgis_<lang>.qm`` from inside the package, if present."""
    locale = locale or user_locale()
    path = os.path.join(os.path.dirname(__file__), "i18n", f"flac_raster_qgis_{locale}.qm")
    if not locale or not os.path.exists(path):
        return None
    translator = QTranslator()
    if translator.load(path):
        QCoreApplication.installTranslator(translator)
        _translators.append(translator)
        return translator
    return None


def remove_translators():
    while _translators:
        QCoreApplication.removeTranslator(_translators.pop())
