"""Moved to :mod:`flac_raster_qgis.qgis_network` (the live-layer provider and Processing use it
too, and processing/ must not import gui/); this name stays for existing imports."""

from ..qgis_network import *  # noqa: F401,F403
from ..qgis_network import (_Headers, _Response, _network_failure,  # noqa: F401
                            _tag_user_agent, USER_AGENT_SUFFIX, install_user_agent,
                            remove_user_agent)
