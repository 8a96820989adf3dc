"""How sample planes are laid out in one FLAC stream.

Up to 8 planes become 8 interleaved channels (the natural FLAC form: band *i* is channel
*i*). FLAC cannot hold more channels, so with more planes the stream has one channel and the
planes follow each other band by band; within a band its planes alternate row by row (so a
float64 band's two planes can be rebuilt a few rows at a time).

Tiles (format version 3) may also be ``planar``: one channel, each plane whole after the
other. A plane that is mostly zero (the ``below`` plane of a float32grid band) then forms
whole FLAC blocks of zeros, which FLAC stores in a few bytes each, where interleaved with a
busy channel it would cost about a bit per sample.
"""

import numpy as np

from .flac_codec import MAX_CHANNELS

INTERLEAVED = "interleaved"
SEQUENTIAL = "sequential"
PLANAR = "planar"        # tiles only (version 3)


def choose(plane_count):
    return INTERLEAVED if plane_count <= MAX_CHANNELS else SEQUENTIAL


def channels(layout, plane_count):
    return plane_count if layout == INTERLEAVED else 1


def interleave(planes):
    """(rows, cols) planes -> (rows*cols, len(planes)) samples."""
    return np.stack([p.reshape(-1) for p in planes], axis=1)


def deinterleave(samples, rows, cols):
    return [samples[:, i].reshape(rows, cols) for i in range(samples.shape[1])]


def rows_interleave(planes):
    """One band's (rows, cols) planes -> samples ordered (row, plane, col), one channel."""
    return np.stack(planes, axis=1).reshape(-1, 1)


def planar(planes):
    """(rows, cols) planes -> one channel: each plane whole, in turn."""
    return np.concatenate([p.reshape(-1) for p in planes]).reshape(-1, 1)


def deplanar(samples, plane_count, rows, cols):
    return [samples[i * rows * cols:(i + 1) * rows * cols, 0].reshape(rows, cols)
            for i in range(plane_count)]


def rows_deinterleave(samples, plane_count, rows, cols):
    block = samples.reshape(rows, plane_count, cols)
    return [block[:, i, :] for i in range(plane_count)]
