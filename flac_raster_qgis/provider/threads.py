"""Keep network requests off QGIS's main thread.

The provider reads from render threads (QGIS's workers, QThreads with their own event loop,
which QgsBlockingNetworkRequest needs). A few calls come from the main thread (opening a layer,
identify, statistics): there the read runs in a short-lived QThread while the main thread
keeps processing events (user input excluded), so the UI never sits inside a socket read and
QGIS can still answer a proxy or SSL prompt the request raises.
"""

from qgis.PyQt.QtCore import QCoreApplication, QEventLoop, QThread


def on_main_thread():
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


class _Worker(QThread):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn
        self.value = None
        self.error = None

    def run(self):
        try:
            self.value = self.fn()
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller
            self.error = exc


def call_off_main_thread(fn):
    """``fn()`` in a worker QThread when called on the main thread; directly otherwise."""
    if not on_main_thread():
        return fn()
    worker = _Worker(fn)
    loop = QEventLoop()
    worker.finished.connect(loop.quit)
    worker.start()
    if not worker.isFinished():
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    worker.wait()
    if worker.error is not None:
        raise worker.error
    return worker.value
