"""Issue 13, items 7, 9, 10, 11 and 13: what the final output step (core/atomic.py) promises.

Modes a web server can serve, no silent replacement by a second writer, never the input as
output, no partial files left forever, and disk failures as plain FlacRasterErrors.
"""

import contextlib
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time

import pytest

from flac_raster_qgis.core import create_streaming, flac_to_raster, raster_to_flac
from flac_raster_qgis.core.atomic import STALE_SECONDS
from flac_raster_qgis.core.errors import (DiskFullError, FlacRasterError, OutputExistsError,
                                          OutputWriteError)
from flac_raster_qgis.core.feedback import Feedback
from tests.rasters import fractal_dem, write_raster
from tests.reliability_report import record

pytestmark = pytest.mark.timeout(300)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def listing(folder):
    return sorted(os.listdir(folder))


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def dem(tmp_path):
    return write_raster(tmp_path / "dem.tif", fractal_dem(96, 80))


@pytest.fixture
def flac(tmp_path, dem):
    return raster_to_flac(str(dem), str(tmp_path / "dem.flac"))


@contextlib.contextmanager
def umask(value):
    old = os.umask(value)
    try:
        yield
    finally:
        os.umask(old)


CONVERSIONS = {
    "raster_to_flac": lambda src, flac, dst, **kw: raster_to_flac(str(src), str(dst), **kw),
    "create_streaming": lambda src, flac, dst, **kw: create_streaming(
        str(src), str(dst), tile_size=32, **kw),
    "flac_to_raster": lambda src, flac, dst, **kw: flac_to_raster(str(flac), str(dst), **kw),
}


# -- item 7: modes ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(CONVERSIONS))
def test_new_outputs_get_the_umask_mode_and_replaced_ones_keep_theirs(tmp_path, dem, flac,
                                                                      name):
    convert = CONVERSIONS[name]
    new, old = tmp_path / "new.out", tmp_path / "old.out"
    with umask(0o022):
        convert(dem, flac, new)
        assert mode(new) == 0o644          # what a web server can serve (was 0600)
        old.write_bytes(b"x")
        os.chmod(old, 0o640)
        convert(dem, flac, old, overwrite=True)
        assert mode(old) == 0o640          # an overwritten file keeps its mode
    with umask(0o077):
        convert(dem, flac, tmp_path / "private.out")
        assert mode(tmp_path / "private.out") == 0o600
    record("outputs", f"{name}: mode of a new / replaced output (umask 022)", 2,
           "0644 / the replaced file's 0640 (umask 077: 0600)")


# -- item 9: a second writer -----------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(CONVERSIONS))
def test_target_appearing_during_the_write_is_not_replaced(tmp_path, dem, flac, name):
    target = tmp_path / "race.out"
    seen = []

    def progress(fraction):   # another writer finishes first, while this one runs
        if not seen:
            seen.append(fraction)
            target.write_bytes(b"the other writer's output")
    before = listing(tmp_path)
    with pytest.raises(OutputExistsError, match="while this one was writing"):
        CONVERSIONS[name](dem, flac, target, feedback=Feedback(progress=progress))
    assert target.read_bytes() == b"the other writer's output"
    assert listing(tmp_path) == sorted(before + ["race.out"])   # no .part left
    record("outputs", f"{name}: target created by another writer during the write "
           "(overwrite=False)", 1, "OutputExistsError; the other output intact")


# -- item 10: the input as output ------------------------------------------------------------

def spellings(path):
    """The same file by other names: itself, a symlink, a detour, a hard link."""
    folder = path.parent
    os.symlink(path, folder / "link")
    os.mkdir(folder / "sub")
    os.link(path, folder / "hard")
    return {"same path": path, "symlink": folder / "link",
            "other spelling": folder / "sub" / ".." / path.name, "hard link": folder / "hard"}


@pytest.mark.parametrize("name", sorted(CONVERSIONS))
def test_output_that_is_the_input_is_refused(tmp_path, dem, flac, name):
    source = flac if name == "flac_to_raster" else dem
    content = open(source, "rb").read()
    for how, dst in spellings(type(tmp_path)(source)).items():
        with pytest.raises(OutputExistsError, match="is the input file"):
            CONVERSIONS[name](dem, flac, dst, overwrite=True)
        assert open(source, "rb").read() == content, how
    record("outputs", f"{name}: output = input (same path, symlink, ../ spelling, hard link; "
           "overwrite=True)", 4, "OutputExistsError; input intact")


# -- item 11: partial files of killed writers ---------------------------------------------------

def test_stale_partial_files_of_ours_are_removed_on_the_next_write(tmp_path, dem):
    old = time.time() - STALE_SECONDS - 60
    stale = [".dem.flac.abcd_123.part.flac", ".x.tif.zz9yy8xx.part.tif",
             ".x.tif.zz9yy8xx.part.tif.aux.xml"]
    young = ".other.flac.qwertyui.part.flac"
    foreign = ["notours.part", ".plain-hidden", "report.part.flac", ".a.flac.SHOUTING.part",
               ".a.flac.abcdefgh.part", ".a.flac.abcdefgh.part.tif", ".download.abcdefgh.part.tmp"]
    for name in stale + [young] + foreign:
        (tmp_path / name).write_bytes(b"partial")
        if name != young:
            os.utime(tmp_path / name, (old, old))
    raster_to_flac(str(dem), str(tmp_path / "new.flac"))
    assert listing(tmp_path) == sorted(["dem.tif", "new.flac", young] + foreign)
    record("outputs", "stale .part files of killed writers (older than 15 min) beside a new "
           "output", len(stale), "removed; young and foreign files kept")


SIGTERM_CHILD = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from flac_raster_qgis.core import {function}
    from flac_raster_qgis.core.signals import install_sigterm_handler
    assert install_sigterm_handler() is not None
    {function}({src!r}, {dst!r})
""")


@pytest.mark.parametrize("function", ["raster_to_flac", "create_streaming"])
def test_sigterm_during_a_write_leaves_nothing(tmp_path, function):
    import numpy as np
    src = write_raster(tmp_path / "big.tif", np.random.default_rng(0).integers(
        -3000, 3000, (2500, 2500)).astype(np.int16))
    out = tmp_path / "out.flac"
    child = subprocess.Popen(
        [sys.executable, "-c", SIGTERM_CHILD.format(root=ROOT, function=function, src=str(src),
                                                    dst=str(out))],
        stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline and child.poll() is None and not any(
            ".part" in n for n in os.listdir(tmp_path)):
        time.sleep(0.005)
    assert child.poll() is None, "the conversion ended before it could be interrupted"
    child.send_signal(signal.SIGTERM)
    child.communicate(timeout=120)
    assert child.returncode != 0
    assert listing(tmp_path) == ["big.tif"]       # no output, no .part
    record("outputs", f"SIGTERM during {function} (a process of ours: the helper installed)",
           1, "stopped; no output and no .part left")


def test_sigterm_helper_only_in_the_main_thread_and_never_over_a_foreign_handler():
    import threading
    from flac_raster_qgis.core.signals import install_sigterm_handler, sigterm_as_interrupt
    result = []
    thread = threading.Thread(target=lambda: result.append(install_sigterm_handler()))
    thread.start()
    thread.join()
    assert result == [None]
    previous = signal.signal(signal.SIGTERM, lambda *a: None)
    try:
        with sigterm_as_interrupt() as installed:
            assert not installed
    finally:
        signal.signal(signal.SIGTERM, previous)
    with sigterm_as_interrupt() as installed:
        assert installed and signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, None)
    assert signal.getsignal(signal.SIGTERM) == previous


# -- item 13: the disk itself fails ------------------------------------------------------------

@contextlib.contextmanager
def tmpfs(folder, options):
    """A tiny tmpfs at ``folder`` (root in CI); skip where mounting is not allowed."""
    os.makedirs(folder, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.parametrize("name", sorted(CONVERSIONS))
def test_unwritable_output_folder(tmp_path, dem, flac, name):
    folder = tmp_path / "ro"
    with tmpfs(folder, "ro,size=64k"):
        with pytest.raises(OutputWriteError, match="Cannot write to the folder") as info:
            CONVERSIONS[name](dem, flac, folder / "out.tif")
        assert os.listdir(folder) == []
    record("data safety", f"{name}: read-only output folder", 1,
           f"{type(info.value).__name__}; nothing written")


@pytest.mark.parametrize("name", sorted(CONVERSIONS))
def test_full_disk_is_a_plain_error(tmp_path, name):
    import numpy as np
    src = write_raster(tmp_path / "noise.tif", np.random.default_rng(1).integers(
        -30000, 30000, (400, 400)).astype(np.int16))
    flac = raster_to_flac(str(src), str(tmp_path / "noise.flac"))
    folder = tmp_path / "small"
    with tmpfs(folder, "size=96k"):
        with pytest.raises(FlacRasterError) as info:
            CONVERSIONS[name](src, flac, folder / "out.flac")
        assert os.listdir(folder) == []
    if name != "raster_to_flac":   # libFLAC's write error: the binding layer's (issue 12)
        assert isinstance(info.value, DiskFullError) or "disk is full" in str(info.value) \
            or "No space left" in str(info.value), info.value
    record("data safety", f"{name}: full disk (96 KiB tmpfs)", 1,
           f"{type(info.value).__name__}; nothing left")


def test_file_size_limit_is_a_plain_error(tmp_path, dem):
    """RLIMIT_FSIZE (EFBIG) as a full disk without root: create_streaming's own writes."""
    script = textwrap.dedent(f"""
        import resource, signal, sys
        sys.path.insert(0, {ROOT!r})
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        from flac_raster_qgis.core import create_streaming
        from flac_raster_qgis.core.errors import DiskFullError
        resource.setrlimit(resource.RLIMIT_FSIZE, (3000, 3000))
        try:
            create_streaming({str(dem)!r}, {str(tmp_path / "o.flac")!r}, tile_size=32)
        except DiskFullError as exc:
            print("DiskFullError:", exc)
    """)
    before = listing(tmp_path)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.startswith("DiskFullError: Writing"), result.stderr[-2000:]
    assert listing(tmp_path) == before
