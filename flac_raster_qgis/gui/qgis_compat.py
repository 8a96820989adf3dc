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


def _int_field_type():
    """QgsField's integer type: QMetaType from QGIS 3.38 on (QVariant.Type is deprecated
    there and gone with Qt 6), QVariant.Int before."""
    from qgis.core import Qgis
    if Qgis.versionInt() >= 33800:
        from qgis.PyQt.QtCore import QMetaType
        return QMetaType.Type.Int
    from qgis.PyQt.QtCore import QVariant
    return QVariant.Int


INT_FIELD_TYPE = _int_field_type()
