"""Outputs appear complete or not at all: write to a temporary file beside the target, rename.

What the final file looks like to everyone else is decided here, once, for every writer:

* its mode is what the process's umask gives a new file (0644 with umask 022), or the mode of
  the file it replaces: ``mkstemp`` makes 0600 files, and a web server then refuses to serve
  what the plugin just wrote;
* with ``overwrite=False`` the last step cannot replace a file that appeared meanwhile (a second
  writer): it is a hard link, which fails if the name exists;
* an output that is the input (same file through a symlink, a hard link or another spelling)
  is refused before anything is written;
* partial files of our own naming that a killed process left behind (SIGKILL, power loss) are
  removed by the next write to the same folder once they are old enough to be nobody's;
* a failure of the disk itself (full, read-only, permission denied) is an
  :class:`OutputWriteError` that says so, with nothing partial left.
"""

import contextlib
import errno
import os
import re
import stat
import tempfile
import threading
import time

from .errors import CancelledError, DiskFullError, OutputExistsError, OutputWriteError
from .signals import termination_requested

PART_MARK = ".part"          # every temporary output has it right after mkstemp's random part
STALE_SECONDS = 15 * 60      # a partial file this old belongs to a writer that is gone
_PARTIAL_NAME = re.compile(r"^\.(.+)\.[a-z0-9_]{8}" + re.escape(PART_MARK) + r"(.*)$")
_SIDE_EXTENSIONS = (".aux.xml", ".msk", ".ovr")
_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}
_umask_lock = threading.Lock()


def check_output(path, overwrite):
    path = os.fspath(path)
    if os.path.isdir(path):
        raise OutputExistsError(f"The output path is a folder: {path}")
    if os.path.exists(path) and not overwrite:
        raise OutputExistsError(
            f"The output file already exists: {path} (pass overwrite=True to replace it)")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise OutputExistsError(f"The output folder does not exist: {folder}")
    return path


def check_not_input(src, dst):
    """Refuse an output that is the input itself (Processing always passes overwrite=True,
    so without this the input would be replaced by its own conversion)."""
    src, dst = os.fspath(src), os.fspath(dst)
    same = os.path.realpath(src) == os.path.realpath(dst)
    if not same:
        with contextlib.suppress(OSError):
            same = os.path.samefile(src, dst)   # hard links, case-insensitive file systems
    if same:
        raise OutputExistsError(f"The output file is the input file: {dst} (choose another "
                                "output path; the input is never replaced by its conversion)")


@contextlib.contextmanager
def atomic_output(path, overwrite=False, suffix=None):
    """Yield a temporary path in the target's folder; rename it to ``path`` on success.

    On any exception (including cancellation) the temporary file and GDAL side files are
    removed and an existing ``path`` is left untouched.
    """
    path = check_output(path, overwrite)
    folder = os.path.dirname(os.path.abspath(path))
    base = os.path.basename(path)
    suffix = suffix if suffix is not None else os.path.splitext(base)[1]
    remove_stale_parts(folder)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{base}.", suffix=f"{PART_MARK}{suffix}",
                                   dir=folder)
        os.close(fd)
    except OSError as exc:
        raise write_error(exc, path) from exc
    try:
        yield tmp
        if termination_requested():   # SIGTERM swallowed by a C callback: still not published
            raise CancelledError("Stopped by a termination signal: no output was written")
        os.chmod(tmp, _final_mode(path))
        _publish(tmp, path, overwrite)
        _move_side_files(tmp, path)
    except BaseException as exc:
        _remove_with_side_files(tmp)
        if isinstance(exc, OSError) and _is_disk_failure(exc, tmp):
            raise write_error(exc, path) from exc
        raise


def write_error(exc, path):
    """The FlacRasterError for an OSError of the output's disk, in plain words."""
    if exc.errno in _FULL:
        return DiskFullError(f"Writing {path} failed: the disk is full (or the file is larger "
                             f"than the system allows): {exc.strerror}. Nothing was written.")
    if exc.errno in _DENIED:
        return OutputWriteError(f"Cannot write to the folder of {path}: {exc.strerror} "
                                "(choose a folder you may write to). Nothing was written.")
    return OutputWriteError(f"Writing {path} failed: {exc.strerror or exc}. Nothing was written.")


def _is_disk_failure(exc, tmp):
    """An error of the output's disk: a full one, or a denied write of our temporary file
    (an unreadable *input* names the input and stays what it is)."""
    if exc.errno in _FULL:
        return True
    names = {str(n) for n in (exc.filename, exc.filename2) if n is not None}
    return exc.errno in _DENIED and (not names or any(n.startswith(tmp) for n in names))


def _final_mode(path):
    """The mode the output gets: that of the file it replaces, else the umask's for a new file."""
    with contextlib.suppress(OSError):
        return stat.S_IMODE(os.stat(path).st_mode)
    return 0o666 & ~_umask()


def _umask():
    with contextlib.suppress(OSError, ValueError, StopIteration):
        with open("/proc/self/status") as fh:   # Linux: read without changing it
            return int(next(line for line in fh if line.startswith("Umask:")).split()[1], 8)
    with _umask_lock:   # elsewhere os.umask can only be read by setting it
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def _publish(tmp, path, overwrite):
    """Rename ``tmp`` to ``path``; without ``overwrite`` fail if ``path`` exists by now."""
    if overwrite:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)          # atomic "create if absent", unlike rename
    except FileExistsError as exc:
        raise OutputExistsError(
            f"The output file already exists: {path} (another process created it while this "
            "one was writing; pass overwrite=True to replace it)") from exc
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV,
                             errno.EMLINK, errno.ENOSYS):
            raise
        # no hard links here (FAT, some network shares): the best a rename can do
        if os.path.exists(path):
            raise OutputExistsError(f"The output file already exists: {path}") from exc
        os.replace(tmp, path)
        return
    os.remove(tmp)


def remove_stale_parts(folder, now=None, max_age=STALE_SECONDS):
    """Delete partial outputs of our own naming (``.<name>.<random>.part...``, GDAL side files
    included) older than ``max_age`` seconds in ``folder``: what SIGKILL left behind. Files of
    other names, other owners, or young ones (a writer still running) are never touched."""
    now = time.time() if now is None else now
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not is_our_partial(entry.name):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if (stat.S_ISREG(info.st_mode) and now - info.st_mtime > max_age
                        and getattr(info, "st_uid", 0) == getattr(os, "geteuid", lambda: 0)()):
                    os.remove(entry.path)


def is_our_partial(name):
    """True for the names atomic_output gives temporary files: ``.<name>.<8 random
    characters>.part<name's extension>``, or one of their GDAL side files."""
    match = _PARTIAL_NAME.match(name)
    if match is None:
        return False
    base, rest = match.groups()
    for side in _SIDE_EXTENSIONS:
        if rest.endswith(side):
            rest = rest[:-len(side)]
            break
    return rest == os.path.splitext(base)[1]


def _side_files(path):
    return [path + ext for ext in _SIDE_EXTENSIONS]


def _move_side_files(tmp, path):
    for side in _side_files(tmp):
        if os.path.exists(side):
            os.replace(side, path + side[len(tmp):])


def _remove_with_side_files(tmp):
    for name in [tmp] + _side_files(tmp):
        with contextlib.suppress(FileNotFoundError):
            os.remove(name)
