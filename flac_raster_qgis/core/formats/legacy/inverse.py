"""The exact inverse of flac-raster 0.1.x's min/max stretch (and, for comparison, the lossy
one its own decoder used).

The encoder stretched every value linearly from [DATA_MIN, DATA_MAX] to ±S (S = 32767 for
16-bit streams, 8388607 for 32-bit) and truncated; floats were only multiplied by S. The
inverse here is the exact one (float64 math, round half to even), which recovers more than
flac-raster's own decoder did (it divided by 32768 and dropped the low 16 bits).
"""

import functools

import numpy as np

from ...codec.samples import FLOAT_DTYPES

_CHUNK = 1 << 22                 # samples converted per step (bounds float64 temporaries)


def scale_for_bps(bps):
    return 32767 if bps == 16 else 8388607


def ideal_inverse(samples, dtype, bps, data_min, data_max):
    """Stored samples (any shape, int16/int32) -> values in ``dtype`` (same shape).

    floats: q/S. integers: the value flac-raster's own forward mapping (§1.3, which TRUNCATES)
    turns into q; where several values share q (spans wider than its steps) the one nearest to
    round((q/S + 1)/2 * (max - min) + min). A rounding inverse alone is off by one on ~45 % of
    a uint16 raster spanning 17..60017 although the file holds every value.
    """
    scale = float(scale_for_bps(bps))
    flat = samples.reshape(-1)
    out = np.empty(flat.shape, dtype=dtype)
    is_float = dtype in FLOAT_DTYPES
    if not is_float:
        info = np.iinfo(dtype)
        if data_max < data_min:     # damaged range: keep the arithmetic defined
            data_min, data_max = data_max, data_min
    for start in range(0, flat.size, _CHUNK):
        q = flat[start:start + _CHUNK].astype(np.float64)
        if is_float:
            out[start:start + _CHUNK] = q / scale
        else:
            x = replay_inverse(q, float(data_min), float(data_max), scale)
            # In range for every well-formed file; clipping only keeps damaged ones defined.
            out[start:start + _CHUNK] = np.clip(x, info.min, info.max)
    return out.reshape(samples.shape)


def forward_codes(x, data_min, span, scale):
    """flac-raster 0.1.2's mapping of integer values ``x`` (float64 array) to stored codes:
    trunc((2 (x - min) / span - 1) S), in float64 (§1.3)."""
    return np.trunc((2.0 * (x - data_min) / span - 1.0) * scale)


def code_preimages(q, data_min, data_max, scale, highest=True):
    """(lowest, highest) integer value in [min, max] that flac-raster stored as code ``q``
    (float64 arrays; lowest > highest where no value maps to q, i.e. a damaged sample)."""
    span = data_max - data_min
    if span <= 0:
        return np.full(q.shape, data_min), np.full(q.shape, data_min)
    to_value = lambda g: data_min + (g / scale + 1.0) * span / 2.0  # noqa: E731
    lowest = np.floor(to_value(np.where(q > 0, q, q - 1))) - 1
    for _ in range(3):   # float error moves the analytic bound by a step at most
        lowest = np.where(forward_codes(lowest, data_min, span, scale) < q, lowest + 1, lowest)
    lowest = np.maximum(lowest, data_min)
    if not highest:
        return lowest, None
    top = np.ceil(to_value(np.where(q < 0, q, q + 1))) + 1
    for _ in range(3):
        top = np.where(forward_codes(top, data_min, span, scale) > q, top - 1, top)
    return lowest, np.minimum(top, data_max)


def replay_inverse(q, data_min, data_max, scale):
    """Integer values for codes ``q`` (float64): see :func:`ideal_inverse`."""
    estimate = np.round(((q / scale) + 1.0) / 2.0 * (data_max - data_min) + data_min)
    lowest, highest = code_preimages(q, data_min, data_max, scale)
    held = lowest <= highest
    return np.where(held, np.clip(estimate, lowest, np.maximum(lowest, highest)), estimate)


@functools.lru_cache(maxsize=256)   # tiles of one file repeat their ranges; ~1 s for 32-bit
def shared_steps(data_min, data_max, scale):
    """(values that share their stored code with another value, the most values one code
    holds) for an integer range stored by flac-raster: what cannot be undone. Each code's
    lowest value is where the previous code's values end, so one pass over the codes."""
    span = data_max - data_min
    if span <= scale:          # every code holds one value at most (§1.7)
        return 0, 1
    shared, widest = 0, 1
    top = int(scale)
    for start in range(-top, top + 1, _CHUNK):
        q = np.arange(start, min(start + _CHUNK, top + 1) + 1, dtype=np.float64)  # + next
        lowest, _ = code_preimages(q, data_min, data_max, scale, highest=False)
        lowest[-1] = data_max + 1 if q[-1] > top else lowest[-1]
        counts = np.diff(np.maximum.accumulate(lowest))
        shared += int(counts[counts > 1].sum())
        widest = max(widest, int(counts.max()))
    return shared, widest


def flac_raster_012_inverse(samples, dtype, bps, data_min, data_max):
    """What flac-raster 0.1.2 itself showed (seed notes §1.6), for comparison only.

    Its decoder went through a 16-bit WAV: v = float32(q/32768), or float32((q>>16)/32768)
    for 32-bit samples; integers were then rebuilt in float32 arithmetic. Lossy by design.
    """
    flat = samples.reshape(-1)
    out = np.empty(flat.shape, dtype=dtype)
    is_float = dtype in FLOAT_DTYPES
    for start in range(0, flat.size, _CHUNK):
        q = flat[start:start + _CHUNK].astype(np.int64)
        if bps != 16:
            q = q >> 16
        v = (q / 32768.0).astype(np.float32)
        if is_float:
            out[start:start + _CHUNK] = v
        else:
            span = np.float32(float(data_max) - float(data_min))
            x = np.round((v + np.float32(1)) / np.float32(2) * span + np.float32(data_min))
            info = np.iinfo(dtype)
            out[start:start + _CHUNK] = np.clip(x, info.min, info.max)
    return out.reshape(samples.shape)


DECODE_MODES = {"ideal": ideal_inverse, "flac-raster-0.1.2": flac_raster_012_inverse}
