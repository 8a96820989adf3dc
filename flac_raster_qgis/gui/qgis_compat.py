"""Names that differ between the QGIS versions the plugin supports (3.22 to 4.x), in one place.

QGIS 3.40 renamed ``QgsProviderRegistry.WidgetMode.None_`` (a data-source widget in its own
dialog) to ``Standalone``; the value is the same. Using the old name anywhere fails at import
on 3.40+, so every caller takes it from here.
"""

from qgis.core import QgsProviderRegistry


def _standalone_mode():
    modes = QgsProviderRegistry.WidgetMode
    # Its value is 0 (falsy): test for the name, never for the value.
    return modes.Standalone if hasattr(modes, "Standalone") else modes.None_


WIDGET_MODE_STANDALONE = _standalone_mode()
