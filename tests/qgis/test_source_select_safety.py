"""Data safety of the data-source page under stress (issue 8): a second fetch while one runs,
unloading the plugin while a task runs, and credentials in everything the page shows or logs.

(Cancel mid-fetch is tested in test_source_select.py::test_cancel_mid_fetch_leaves_nothing.)
Each case checks: no crash, no leaked temp files, no task left in flight, no orphan reader
threads, and records a row for docs/reliability.md.
"""

import os
import threading
import time

import pytest
from qgis.core import QgsApplication, QgsProject, QgsTask
from qgis.PyQt.QtCore import QCoreApplication

from flac_raster_qgis.gui.tasks import live_tasks
from tests.qgis.test_source_select import (NAME, connect, page, pixel_rect,  # noqa: F401
                                           raster_layers, set_extent, source, temp_files,
                                           temp_tifs, wait_for, wait_idle)
from tests.reliability_report import record
from tests.servers import FaultServer

pytestmark = pytest.mark.timeout(120)

READER_THREADS = ("flac-decode", "flacraster-http")


@pytest.fixture
def stalling(source):
    """A fault server with the streaming file; tests arm stalls after connecting."""
    with open(source[1], "rb") as fh:
        server = FaultServer(fh.read()).start()
    server.stall_seconds = 1.5
    yield server
    server.always = None
    server.stop()


def reader_threads():
    return [t.name for t in threading.enumerate()
            if t.is_alive() and t.name.startswith(READER_THREADS)]


def wait_threads_gone(timeout=15.0):
    deadline = time.monotonic() + timeout
    while reader_threads() and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.02)
    return reader_threads()


def test_second_fetch_while_one_runs(page, stalling, qgis_canvas):  # noqa: F811
    page.transport_options = {"timeout_ms": 10000, "retries": 0, "gap": 0}
    connect(page, stalling.url("/" + NAME))
    set_extent(qgis_canvas, pixel_rect(0, 0, 64, 64))
    page.fullResolutionCheck.setChecked(True)
    stalling.queue("stall", "stall")            # the first fetch hangs for a moment
    page.load_canvas_extent()
    assert page.busy()
    set_extent(qgis_canvas, pixel_rect(200, 128, 64, 64))
    page.load_canvas_extent()                   # while the first one runs: queued, not lost
    page.load_canvas_extent()                   # and a third: still only one more
    wait_for(lambda: page.done_events.count("fetch") >= 2 and not page.busy(), 60)
    assert page.done_events.count("fetch") == 2
    layers = raster_layers()
    # the second snapshot replaced the first one (same source): its file went with it
    assert len(layers) == 1 and all(lyr.isValid() for lyr in layers)
    assert sorted(temp_tifs(page.temp_files)) == sorted(lyr.source() for lyr in layers)
    assert live_tasks() == []
    record("data safety (QGIS page)", "second and third fetch while one runs", 2,
           "one fetch at a time, the newest request runs next; it replaces the first "
           "snapshot, no leaked files")


def test_unload_while_a_task_runs(qgis_iface, qgis_new_project, stalling, qgis_canvas):
    from flac_raster_qgis.gui import temp_files as tf
    from flac_raster_qgis.gui.page_actions import PageIntegration
    integration = PageIntegration(qgis_iface)
    integration.install()
    dialog = integration.open_dialog()
    dialog.transport_options = {"timeout_ms": 20000, "retries": 0, "gap": 0}
    dialog.done_events = []
    dialog.taskDone.connect(dialog.done_events.append)
    connect(dialog, stalling.url("/" + NAME))
    set_extent(qgis_canvas, pixel_rect(0, 0, 300, 200))
    dialog.fullResolutionCheck.setChecked(True)
    stalling.stall_seconds = 10
    stalling.always = "stall"
    dialog.load_canvas_extent()
    wait_for(lambda: dialog.task is not None and dialog.task.status() == QgsTask.Running, 10)
    time.sleep(0.3)
    folder = tf.shared_temp_files().folder
    started = time.monotonic()
    assert live_tasks()                         # a fetch is in flight...
    integration.remove()                        # ...when the plugin is unloaded
    QCoreApplication.processEvents()
    wait_for(lambda: not live_tasks() and
             not QgsApplication.taskManager().countActiveTasks(), 20)
    elapsed = time.monotonic() - started
    assert raster_layers() == []                # nothing added by the orphaned task
    assert folder is None or not os.path.exists(folder)
    assert wait_threads_gone() == []
    QgsProject.instance().removeAllMapLayers()
    record("data safety (QGIS page)", "plugin unloaded while a fetch runs (server stalls)", 1,
           f"task cancelled, no layer added, temp folder removed, no reader threads left "
           f"({'under' if elapsed < 20 else 'over'} 20 s)")


SECRETS = ("alice", "pa55word", "t0ken-value", "s1gnature")


def connect_with_secrets(page, server, fault):
    """Connect to a URL carrying user:password@ and a token; (texts shown, log entries)."""
    logs = []
    log = QgsApplication.messageLog()
    slot = (lambda message, tag, level: logs.append((tag, message)))
    log.messageReceived.connect(slot)
    try:
        page.transport_options = {"timeout_ms": 5000, "retries": 0}
        server.always = fault
        url = server.url("/" + NAME, userinfo="alice:pa55word",
                         query="token=t0ken-value&X-Amz-Signature=s1gnature")
        connect(page, url)
        QCoreApplication.processEvents()
        item = page.messageBar.currentItem()
        shown = [page.statusLabel.text(),
                 f"{item.title()} {item.text()}" if item is not None else ""]
    finally:
        log.messageReceived.disconnect(slot)
    assert page.reader is None and shown[1]
    return shown, logs


@pytest.mark.parametrize("fault", ["404", "403", "500", "ignore_range"])
def test_credentials_never_shown_or_logged_by_the_plugin(page, stalling, fault):  # noqa: F811
    shown, logs = connect_with_secrets(page, stalling, fault)
    ours = [message for tag, message in logs if tag != "Network"]
    for text in shown + ours:
        for secret in SECRETS:
            assert secret not in text, text
    record("credentials", f"QGIS page: user:password@ + token URL, server answers {fault}",
           len(shown) + len(ours), "message bar, status line and our QgsMessageLog entries "
           "without secrets")


@pytest.mark.xfail(strict=True, reason="Known issue: QGIS's own QgsBlockingNetworkRequest logs "
                   "'Error transferring <full URL>' under the 'Network' tag on HTTP errors; "
                   "user:password@ is moved to a header, but query-string tokens (signed URLs) "
                   "are part of the URL: use an authentication configuration instead")
def test_qgis_network_log_does_not_quote_secrets(page, stalling):  # noqa: F811
    _, logs = connect_with_secrets(page, stalling, "404")
    network = [message for tag, message in logs if tag == "Network"]
    assert network and not any(s in m for m in network for s in SECRETS)


def test_qgis_network_log_never_quotes_user_and_password(page, stalling):  # noqa: F811
    """user:password@ travels as an Authorization header, so even QGIS's own Network log
    (which prints failing URLs) never sees it; query-string tokens remain QGIS's issue."""
    _, logs = connect_with_secrets(page, stalling, "404")
    network = [message for tag, message in logs if tag == "Network"]
    assert network and not any(s in m for m in network for s in ("alice", "pa55word"))
    record("credentials", "QGIS page: user:password@ URL, server answers 404", len(network),
           "QGIS's own Network log entries without user or password")
