"""Adding the ``flacraster`` provider to QGIS's provider registry (plugin.py: initGui and
initProcessing, so desktop QGIS and qgis_process both open projects holding live layers).

QGIS 3.22 cannot unregister a provider, so registration happens once per process and the
create function looks the provider class up at call time: a reloaded plugin's code is used,
not the code that was loaded first. The metadata object stays referenced here (a collected
wrapper would lose its Python create function).
"""

import importlib
import traceback

from qgis.core import QgsProviderMetadata, QgsProviderRegistry

from . import PROVIDER_DESCRIPTION, PROVIDER_KEY
from .uri import decode_uri, encode_uri

_state = {"metadata": None, "active": False}


def _create(uri, options=None, flags=None):
    """The registry's factory: a kept-alive provider (invalid with a message on failure)."""
    try:
        module = importlib.import_module(f"{__package__}.provider")
        provider = module.FlacRasterProvider(uri, options, flags)
        return module.keep_alive(provider)
    except BaseException:  # noqa: BLE001 - never into C++
        from ..logging_utils import warning
        warning(traceback.format_exc())
        return None


class FlacRasterProviderMetadata(QgsProviderMetadata):
    def __init__(self):
        super().__init__(PROVIDER_KEY, PROVIDER_DESCRIPTION, _create)

    def decodeUri(self, uri):  # noqa: N802 - QGIS API
        return decode_uri(uri)

    def encodeUri(self, parts):  # noqa: N802
        return encode_uri(parts.get("path", ""), parts.get("authcfg") or None)


def register():
    """Make ``flacraster`` available (idempotent); True when the provider is usable."""
    registry = QgsProviderRegistry.instance()
    if PROVIDER_KEY not in registry.providerList():
        metadata = FlacRasterProviderMetadata()
        if registry.registerProvider(metadata):
            _state["metadata"] = metadata
    _state["active"] = PROVIDER_KEY in registry.providerList()
    return _state["active"]


def unregister():
    """Plugin unload: close every open file and drop the memory cache. The registry entry
    stays on QGIS 3.22 (no unregister API); where the API exists it is removed."""
    from . import shared
    shared.close_all()
    _state["active"] = False
    registry = QgsProviderRegistry.instance()
    remove = getattr(registry, "unregisterProvider", None)
    if remove is not None and _state["metadata"] is not None:
        try:
            remove(PROVIDER_KEY)
            _state["metadata"] = None
        except Exception:  # noqa: BLE001
            pass
