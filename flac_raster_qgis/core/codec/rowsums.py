"""Running sums down the rows of an integer array, in place: the inverse of a row difference
(``vdiff``, and the coarse sub-band of ``interp``)."""

import numpy as np


def prefix_sum_rows(out, block=16):
    """In place: row i += row i-1, down the whole array (wrapping in its integer type).

    cumsum(axis=0) walks columns with a large stride, and a plain row loop makes one small
    NumPy call per row (each holding the GIL). Instead: prefix sums inside blocks of
    ``block`` rows, all blocks at once (block-1 large calls), then each block's carry from
    the blocks above: ~2x faster than the row loop on 512x512 tiles.
    """
    rows = out.shape[0]
    blocks = rows // block
    start = 1
    if blocks > 1:
        v = out[:blocks * block].reshape(blocks, block, *out.shape[1:])
        for i in range(1, block):
            np.add(v[:, i - 1], v[:, i], out=v[:, i])
        carry = np.cumsum(v[:, -1], axis=0, dtype=out.dtype)
        np.add(v[1:], carry[:-1, None], out=v[1:])
        start = blocks * block
    for i in range(start, rows):
        np.add(out[i - 1], out[i], out=out[i])
