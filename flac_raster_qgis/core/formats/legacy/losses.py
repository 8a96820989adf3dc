"""Plain-language warnings for the cases where flac-raster 0.1.x's encoder itself lost
information (NaN, floats beyond ±256, wrapped integers, values sharing a step): judged from
the stored data type and range, so a user knows the loss is in the file, not in our reading.
"""

import math

import numpy as np

from .inverse import scale_for_bps, shared_steps
from ...codec.samples import FLOAT_DTYPES

INT32_MIN = -(1 << 31)

_NOT_A_DECODE_ERROR = ("This loss happened when flac-raster wrote the file; it is not a "
                       "decoding error and cannot be undone. Re-convert from the original "
                       "raster if you still have it.")


def lossy_warnings(dtype, data_min, data_max, where="The file", float_step=True):
    """Plain-language warnings for the cases where flac-raster's encoder lost information,
    judged from the stored data type and range (§1.7 and §11.3 of the seed notes)."""
    out = []
    if dtype in FLOAT_DTYPES:
        extremes = [v for v in (data_min, data_max) if v is not None]
        if any(math.isnan(v) for v in extremes):
            out.append(f"{where} contains NaN values, which flac-raster 0.1.x stored as an "
                       f"overflowed number: those pixels are destroyed. {_NOT_A_DECODE_ERROR}")
        elif any(abs(v) > 256 for v in extremes):
            out.append(f"{where} holds floating-point values beyond ±256, which overflowed in "
                       "flac-raster 0.1.x's encoder: those pixels are destroyed (they read as "
                       f"about -256). {_NOT_A_DECODE_ERROR}")
        if float_step:
            out.append(f"{where} stores floating-point values as fixed-point numbers with a step "
                       "of 2^-23 (about 1.2e-7): values are close to, but not bit-identical "
                       f"with, the original. {_NOT_A_DECODE_ERROR}")
        return out
    if data_min is None or data_max is None:
        return out
    span = data_max - data_min
    if dtype == "int16" and span >= 32768:
        out.append(f"{where} is int16 with a value range of {span:g} (32,768 or more): "
                   "flac-raster 0.1.x's integer arithmetic wrapped around, so the pixel values "
                   f"are garbage. {_NOT_A_DECODE_ERROR}")
    elif dtype == "int8" and span >= 128:
        out.append(f"{where} is int8 with a value range of {span:g} (128 or more): "
                   "flac-raster 0.1.x's integer arithmetic wrapped around, so the pixel values "
                   f"are garbage. {_NOT_A_DECODE_ERROR}")
    elif dtype in ("uint16", "uint8", "int32", "uint32", "int64", "uint64"):
        note = _shared_steps_warning(where, dtype, data_min, data_max)
        if note:
            out.append(note)
    return out


def _shared_steps_warning(where, dtype, data_min, data_max):
    scale = scale_for_bps(16 if dtype in ("uint8", "int16", "uint16") else 32)
    shared, widest = shared_steps(float(data_min), float(data_max), scale)
    if not shared:
        return None
    values = int(data_max - data_min) + 1
    error = "off by one at most" if widest == 2 else f"off by up to {widest - 1}"
    return (f"{where} is {dtype} with values from {data_min:,.0f} to {data_max:,.0f} "
            f"({values:,} possible values), more than the {2 * scale + 1:,} steps flac-raster "
            f"0.1.x could store: {shared:,} of those values ({100 * shared / values:.3g} %) "
            f"share a step "
            f"with a neighbour and read back as one of them ({error}); every "
            f"other value is exact. {_NOT_A_DECODE_ERROR}")


def overflow_in_samples(samples, dtype):
    """True when a float file's samples hold INT32_MIN, the mark of an encoder overflow."""
    return dtype in FLOAT_DTYPES and samples.dtype == np.int32 and bool(
        (samples == INT32_MIN).any())


OVERFLOW_WARNING = ("Some pixels of this floating-point file overflowed when flac-raster 0.1.x "
                    "wrote it (values beyond ±256 or NaN): they read as about -256. "
                    + _NOT_A_DECODE_ERROR)
