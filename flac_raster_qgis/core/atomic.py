"""Outputs appear complete or not at all: write to a temporary file beside the target, rename."""

import contextlib
import os
import tempfile

from .errors import OutputExistsError


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
    fd, tmp = tempfile.mkstemp(prefix=f".{base}.", suffix=f".part{suffix}", dir=folder)
    os.close(fd)
    try:
        yield tmp
        os.replace(tmp, path)
        _move_side_files(tmp, path)
    except BaseException:
        _remove_with_side_files(tmp)
        raise


def _side_files(path):
    return [path + ext for ext in (".aux.xml", ".msk", ".ovr")]


def _move_side_files(tmp, path):
    for side in _side_files(tmp):
        if os.path.exists(side):
            os.replace(side, path + side[len(tmp):])


def _remove_with_side_files(tmp):
    for name in [tmp] + _side_files(tmp):
        with contextlib.suppress(FileNotFoundError):
            os.remove(name)
