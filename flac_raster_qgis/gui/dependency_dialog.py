"""Missing packages, in the desktop: a message-bar warning with an "Install…" button, a dialog
listing every package with its version, and a pip install into the profile's ``python/`` folder
after the user confirms. pip runs in a QProcess, so the UI never blocks.

Only pip-safe packages are offered (the FLAC binding plibflac, from its wheels only, and
mutagen); rasterio and numpy must come from QGIS's own installer, never from pip into QGIS's
process. pyflac, the alternative binding, is listed when present but never offered (it has no
wheels).
"""

import importlib
import os

from qgis.core import Qgis
from qgis.PyQt.QtCore import QObject, QProcess, pyqtSignal
from qgis.PyQt.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QMessageBox, QPlainTextEdit,
                                 QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from .. import dependencies
from ..core import dependencies as core_deps
from ..logging_utils import log, warning
from ..translation import tr


class PipInstaller(QObject):
    """``<QGIS's python> -m pip install --no-deps --target <profile>/python <pins>`` in a
    QProcess. Emits ``finished(ok, output)``."""

    finished = pyqtSignal(bool, str)

    def __init__(self, requirements, target=None, python=None, extra_args=(), parent=None):
        super().__init__(parent)
        self.python = python or dependencies.qgis_python()
        self.target = target or dependencies.profile_python_dir()
        self.arguments = [*core_deps.pip_install_args(requirements, self.target),
                          "--disable-pip-version-check", *extra_args]
        self.process = None
        self.output = ""

    def command(self):
        return " ".join([self.python or "python", *self.arguments])

    def start(self):
        if not self.python:
            self.finished.emit(False, tr("The Python interpreter that runs QGIS was not found; "
                                         "install the packages by hand."))
            return
        os.makedirs(self.target, exist_ok=True)
        self.process = QProcess(self)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        self.process.readyReadStandardOutput.connect(self._read)
        self.process.finished.connect(self._done)
        self.process.errorOccurred.connect(self._error)
        log(tr("Running: {command}").format(command=self.command()))
        self.process.start(self.python, self.arguments)

    def _read(self):
        self.output += bytes(self.process.readAllStandardOutput()).decode("utf-8", "replace")

    def _done(self, exit_code, exit_status):
        self._read()
        ok = exit_status == QProcess.ExitStatus.NormalExit and exit_code == 0
        importlib.invalidate_caches()  # the target is on sys.path already: import works now
        self.finished.emit(ok, self.output)

    def _error(self, error):
        if error == QProcess.ProcessError.FailedToStart:
            self.finished.emit(False, tr("Could not start {python}.").format(python=self.python))


def needed_for(requirement):
    """What a package is for, translated (core/dependencies.py's wording is English)."""
    return {
        "plibflac": tr("FLAC encoding and decoding"),
        "pyflac": tr("FLAC (alternative binding)"),
        "cffi": tr("pyflac"),
        "soundfile": tr("pyflac"),
        "mutagen": tr("FLAC metadata tags"),
        "rasterio": tr("reading and writing rasters"),
        "numpy": tr("arrays"),
        "requests": tr("HTTP range reads outside QGIS"),
    }.get(requirement.module, requirement.needed_for)


class DependencyDialog(QDialog):
    """Every package with its status and version, the install commands for this platform,
    and an Install button for the missing pip-safe ones."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("FLAC Raster dependencies"))
        self.installer = None
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([tr("Package"), tr("Needed for"), tr("Status")])
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        layout.addWidget(self.details)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.install_button = QPushButton(tr("Install missing packages…"), self)
        self.buttons.addButton(self.install_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.install_button.clicked.connect(self.confirm_and_install)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(720, 460)
        self.refresh()

    def refresh(self):
        rows = core_deps.report(import_it=True)
        self.table.setRowCount(len(rows))
        alternatives = {r.module for r in core_deps.ALTERNATIVE_CODEC}
        for i, (requirement, ok, version) in enumerate(rows):
            if ok:
                status = tr("installed ({version})").format(version=version or "?")
            elif requirement.module in alternatives:
                status = tr("not installed (optional)")
            elif core_deps.is_available(requirement.module, import_it=True):
                status = tr("not installed (pyflac is used instead)")
            else:
                status = tr("missing")
            for j, text in enumerate((requirement.module, needed_for(requirement), status)):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.missing = dependencies.missing(import_it=True)
        if self.missing:
            self.summary.setText(tr("Some packages are missing; the FLAC Raster algorithms "
                                    "cannot run until they are installed."))
            self.details.setPlainText(dependencies.missing_message(self.missing))
        else:
            self.summary.setText(tr("All required packages are installed."))
            self.details.setPlainText("")
        self.install_button.setEnabled(bool(dependencies.installable(self.missing)))

    def confirm_and_install(self):
        wanted = dependencies.installable(self.missing)
        installer = PipInstaller(wanted, parent=self)
        answer = QMessageBox.question(
            self, tr("Install Python packages"),
            tr("Install {packages} into your QGIS profile with pip?\n\n{command}").format(
                packages=", ".join(r.pip for r in wanted), command=installer.command()),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return None
        return self.install(installer)

    def install(self, installer):
        self.installer = installer
        self.install_button.setEnabled(False)
        self.summary.setText(tr("Installing with pip… (QGIS stays usable)"))
        installer.finished.connect(self._installed)
        installer.start()
        return installer

    def _installed(self, ok, output):
        self.refresh()
        self.details.setPlainText(output)
        if ok and not self.missing:
            self.summary.setText(tr("Installed. Restart QGIS if an algorithm still reports a "
                                    "missing package."))
        elif ok:
            self.summary.setText(tr("pip finished, but some packages are still missing: see "
                                    "the commands above."))
            self.details.setPlainText(dependencies.missing_message(self.missing) + "\n\n"
                                      + output)
        elif no_wheel(output):
            self.summary.setText(tr("pip found no ready-made package (wheel) for this computer; "
                                    "the commands above say how to build it instead."))
            self.details.setPlainText(dependencies.missing_message(self.missing) + "\n\n"
                                      + output)
            warning(output)
        else:
            self.summary.setText(tr("pip failed; its output is below."))
            warning(output)


def no_wheel(pip_output):
    """pip's words when ``--only-binary`` finds no wheel for this platform/Python."""
    return ("No matching distribution found" in pip_output
            or "Could not find a version that satisfies" in pip_output)


def show_missing_warning(iface, missing):
    """A warning in QGIS's message bar naming the missing packages, with "Install…"."""
    if not missing or iface is None:
        return None
    bar = iface.messageBar()
    names = ", ".join(r.module for r in missing)
    text = tr("Missing Python package(s): {names}.").format(names=names)
    if not hasattr(bar, "createMessage"):  # test stubs
        bar.pushMessage(tr("FLAC Raster"), text, Qgis.MessageLevel.Warning)
        return None
    widget = bar.createMessage(tr("FLAC Raster"), text)
    button = QPushButton(tr("Install…") if dependencies.installable(missing) else tr("Details…"),
                         widget)
    button.clicked.connect(lambda: open_dialog(iface.mainWindow()))
    widget.layout().addWidget(button)
    bar.pushWidget(widget, Qgis.MessageLevel.Warning)
    return widget


_dialog = None


def open_dialog(parent=None):
    """The dependency dialog (one at a time), non-modal so pip can run in the background."""
    global _dialog
    if _dialog is None:
        _dialog = DependencyDialog(parent)
    else:
        _dialog.refresh()
    _dialog.show()
    _dialog.raise_()
    return _dialog


def close_dialog():
    """At plugin unload: the dialog must not outlive the plugin's modules."""
    global _dialog
    if _dialog is not None:
        _dialog.close()
        _dialog.deleteLater()
        _dialog = None
