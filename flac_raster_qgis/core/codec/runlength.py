"""Run-length stage for tiles made of runs of repeated pixels (standard FLAC underneath).

FLAC codes every residual with at least one bit (Rice parameter 0), so a tile whose pixels
repeat in runs (ETOPO5's Antarctic rows: runs of 10-20 equal values, rows repeated) stays at
~1 bit per pixel even when nearly every residual is zero; DEFLATE's string matching gets such
tiles 4-6x smaller. This stage turns the interleaved samples (n, channels) into one sample per
run: the repeated pixel in the first channels, the run length minus one in an extra last
channel. The result is still an ordinary FLAC stream; FLAC's predictor then works on the
run values and lengths. Measured on those tiles: 10-14 KB -> 1.2-4 KB per tile.
"""

import numpy as np

from ..errors import CorruptFileError
from ..choices import RUN_LENGTH_MODES
from .predictors import check_choice

MODES = RUN_LENGTH_MODES
# "tail" (version 3, planar layout): only the last plane is coded as runs, as (value,
# length - 1) pairs after the other planes' samples in the one channel: a float32grid
# band's below-grid plane is mostly zeros while its grid plane has no repeats at all.
TAIL = "tail"
# Trying the run-length candidate costs one more trial encoding; it only pays off when the
# samples repeat a lot (fewer runs than this fraction of the samples).
WORTH_TRYING = 0.25
# Runs change character faster than pixels (a few thousand per tile): 512-sample frames let
# FLAC re-fit its predictor more often, 3-5 % smaller than its default 4096 on such tiles.
BLOCKSIZE = 512


def check_mode(name, allow_auto=True):
    """A caller picks from MODES (``tail`` is the writer's own choice); a file may hold TAIL."""
    return check_choice(name, MODES if allow_auto else MODES + (TAIL,), "run-length mode",
                        allow_auto)


def encode_tail(samples, plane_samples):
    """(n, 1) planar samples -> (m, 1): the last ``plane_samples`` as run pairs."""
    head, tail = samples[:-plane_samples], samples[-plane_samples:]
    return np.concatenate([head, encode(tail).reshape(-1, 1)])


def decode_tail(samples, plane_samples, planes):
    """Inverse of :func:`encode_tail`, with the count checks of :func:`decode`."""
    head = plane_samples * (planes - 1)
    if samples.shape[0] < head or (samples.shape[0] - head) % 2:
        raise CorruptFileError("A run-length tile holds a broken run pair")
    tail = decode(samples[head:].reshape(-1, 2), plane_samples)
    return np.concatenate([samples[:head], tail])


def run_starts(samples):
    """Indices where a new run of identical (channels-wide) samples begins."""
    if samples.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    change = np.any(samples[1:] != samples[:-1], axis=1)
    return np.flatnonzero(np.concatenate(([True], change)))


def worth_trying(samples):
    """Cheap test (no encoding) that the run-length candidate may win."""
    n = samples.shape[0]
    return n > 0 and run_starts(samples).size <= WORTH_TRYING * n


def encode(samples):
    """(n, channels) int16/int32 samples -> (runs, channels + 1): run pixel, length - 1.

    Runs longer than the sample type can count are split; nothing else limits them.
    """
    samples = np.asarray(samples)
    starts = run_starts(samples)
    lengths = np.diff(np.append(starts, samples.shape[0]))
    limit = int(np.iinfo(samples.dtype).max) + 1
    if lengths.size and int(lengths.max()) > limit:
        pieces = -(-lengths // limit)
        starts = np.repeat(starts, pieces)
        first = np.cumsum(pieces) - pieces        # index of each run's first piece
        offset = np.arange(starts.size) - np.repeat(first, pieces)
        starts = starts + offset * limit
        lengths = np.diff(np.append(starts, samples.shape[0]))
    out = np.empty((starts.size, samples.shape[1] + 1), dtype=samples.dtype)
    out[:, :-1] = samples[starts]
    out[:, -1] = lengths - 1
    return out


def decode(runs, total):
    """Inverse of :func:`encode`; ``total`` is the sample count the tile must hold."""
    runs = np.asarray(runs)
    if runs.ndim != 2 or runs.shape[1] < 2:
        raise CorruptFileError("A run-length tile needs a length channel")
    lengths = runs[:, -1].astype(np.int64) + 1
    if lengths.size and int(lengths.min()) < 1:
        raise CorruptFileError("A run-length tile holds a negative run length")
    if int(lengths.sum()) != total:
        raise CorruptFileError(
            f"The runs of a tile cover {int(lengths.sum())} pixels, the tile has {total}")
    return np.repeat(runs[:, :-1], lengths, axis=0)
