"""One ``tr()`` for the whole plugin, and loading the translation for QGIS's locale.

Extraction and runtime must agree on the *context* of every string, or a translated ``.qm``
silently never matches:

* ``tr("...")`` (this module) is looked up in the context ``flac_raster_qgis``. pylupdate5
  files bare ``tr()`` calls under ``@default``; ``scripts/ts_update.py`` (``make ts``) renames
  that context to ``flac_raster_qgis``. Pass literals only: pylupdate5 extracts the literal
  first argument, so format afterwards (``tr("{n} tiles").format(n=n)``).
* ``self.tr("...")`` inside a class is filed by pylupdate5 under the *class that contains the
  call*. Processing algorithms therefore translate with their class names
  (:func:`translate_for_class`), walking the MRO so strings written in a base class work too.
  ``obj.tr("...")`` outside a class body is filed under the variable's name; ``make ts`` moves
  it to ``flac_raster_qgis``, where :func:`translate_for_class` looks last.
* In Qt widgets prefer ``tr()`` from this module over ``QObject.tr``: PyQt looks ``self.tr``
  up under ``type(self).__name__``, which differs from the extraction context when a subclass
  inherits the call.
* ``.ui`` files use their form's class name on both sides (uic and pylupdate5 agree).
"""

import os

from qgis.PyQt.QtCore import QCoreApplication, QTranslator

CONTEXT = "flac_raster_qgis"
I18N_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "i18n")
_translators = []


def tr(text, context=CONTEXT):
    """Translate ``text`` (a literal, see the module docstring)."""
    return QCoreApplication.translate(context, text)


def translate_for_class(cls, text):
    """``self.tr()`` for plain Python classes: the first class in the MRO with a translation.

    pylupdate5 files ``self.tr("x")`` under the class whose body holds the call, which for a
    string written in a base class is not ``type(self)``.
    """
    for klass in cls.__mro__:
        if klass is object:
            break
        translated = QCoreApplication.translate(klass.__name__, text)
        if translated != text:
            return translated
    # ``alg.tr("x")`` in a helper function: pylupdate5 names the context after the variable;
    # scripts/ts_status.py moves such strings to the plugin's context.
    return QCoreApplication.translate(CONTEXT, text)


def user_locale():
    """QGIS's UI language as two letters ('fr', 'de'...), '' if unknown.

    QGIS stores the chosen locale in ``locale/userLocale`` (e.g. ``fr_FR`` or ``de``) and
    ``locale/overrideFlag``; without the override it follows the system locale.
    """
    from qgis.core import QgsSettings
    from qgis.PyQt.QtCore import QLocale
    settings = QgsSettings()
    value = settings.value("locale/userLocale", "") or ""
    if not value:
        value = QLocale.system().name()
    return str(value)[0:2]


def qm_path(locale, directory=None):
    return os.path.join(directory or I18N_DIR, f"flac_raster_qgis_{locale}.qm")


def install_translator(locale=None, directory=None):
    """Load ``flac_raster_qgis/i18n/flac_raster_qgis_<lang>.qm`` (built by ``make qm``).

    Returns the installed QTranslator, or None when there is no translation for the locale
    (English needs none).
    """
    locale = locale or user_locale()
    if not locale:
        return None
    path = qm_path(locale, directory)
    if not os.path.exists(path):
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
