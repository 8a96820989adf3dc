"""Exact, reversible mapping between raster values and FLAC integer samples.

FLAC stores signed integers of 16 or 32 bits. Every raster value must come back bit for bit,
so no value is ever stretched or rounded:

* integers are stored as ``sample = value - offset`` in the narrowest width their range
  allows (the offset is recorded);
* floats whose values are all exact integers (a common case for DEMs stored as float) are
  stored as those integers — checked exactly, bit for bit, never guessed;
* other floats are stored as their IEEE-754 bit patterns, mapped to integers that keep the
  float ordering (so that neighbouring values stay numerically close for FLAC's predictor);
  float64 and 64-bit integers that need it are split into two 32-bit planes;
* float32 tiles whose values lie largely on a power-of-two grid (2^-q: bathymetry in 1/256 m,
  DEMs in half metres) may instead be stored as two planes, the grid part and what lies
  below it (``float32grid``, streaming tiles only, chosen by trial: see :func:`grid_encoding`).

An :class:`Encoding` is chosen from :class:`BandStats` collected window by window, so large
rasters never need to be in memory at once.
"""

from dataclasses import dataclass, field

import numpy as np

from ..errors import UnsupportedRasterError

INTEGER_DTYPES = ("uint8", "int8", "uint16", "int16", "uint32", "int32", "uint64", "int64")
FLOAT_DTYPES = ("float32", "float64")
SUPPORTED_DTYPES = INTEGER_DTYPES + FLOAT_DTYPES
REFUSED_DTYPES = ("complex64", "complex128", "complex_int16", "complex_int32", "cint16", "cint32")

GRID_MAX = 20            # finest grid tried: 2^-20
GRID_SHARE = 0.25        # a grid where the share of values on it jumps most, when >= this
GRID_PLATEAU = (0.05, 1.25)   # or the first grid holding >= 5 % that 2^-(q+1) adds < 25 % to
_F32_MANTISSA = 23
_I16_SPAN = 1 << 16
_I32_SPAN = 1 << 32
_SIGN32 = 0x7FFFFFFF
_SIGN64 = 0x7FFFFFFFFFFFFFFF


def check_dtype(dtype):
    """Return the dtype name, or raise a clear error for types FLAC cannot hold exactly."""
    name = np.dtype(dtype).name if not isinstance(dtype, str) else dtype
    if name in SUPPORTED_DTYPES:
        return name
    if "complex" in name or name.startswith("c"):
        raise UnsupportedRasterError(
            f"Complex rasters ({name}) are not supported: FLAC stores real integer samples only. "
            "Split the raster into real and imaginary bands first.")
    raise UnsupportedRasterError(f"Unsupported raster data type: {name}")


@dataclass
class BandStats:
    """Facts about one band gathered window by window, enough to choose its encoding."""

    dtype: str
    minimum: int = None
    maximum: int = None
    integral: bool = True      # floats only: every value is an exact integer (no -0.0, NaN, inf)
    float32_exact: bool = True  # float64 only: every value survives a round trip through float32

    def update(self, values):
        values = np.asarray(values)
        if values.size == 0:
            return
        if self.dtype in FLOAT_DTYPES:
            self._update_float(values)
        else:
            self._merge_range(int(values.min()), int(values.max()))

    def _merge_range(self, lo, hi):
        self.minimum = lo if self.minimum is None else min(self.minimum, lo)
        self.maximum = hi if self.maximum is None else max(self.maximum, hi)

    def _update_float(self, values):
        if self.dtype == "float64" and self.float32_exact:
            with np.errstate(invalid="ignore", over="ignore"):
                narrowed = values.astype(np.float32).astype(np.float64)
            self.float32_exact = bool(np.array_equal(narrowed.view(np.uint64),
                                                     values.view(np.uint64)))
        if not self.integral:
            return
        with np.errstate(invalid="ignore", over="ignore"):
            finite = np.isfinite(values).all()
            if not finite or np.abs(values).max() >= 2.0 ** 62:
                self.integral = False
                return
            as_int = values.astype(np.int64)
            back = as_int.astype(values.dtype)
        # Compare bit patterns: this also rejects -0.0, which equals 0 numerically.
        bits = np.uint32 if values.dtype == np.float32 else np.uint64
        if not np.array_equal(back.view(bits), values.view(bits)):
            self.integral = False
            return
        self._merge_range(int(as_int.min()), int(as_int.max()))


@dataclass
class Encoding:
    """How one band is stored: ``repr`` is one of ``int``, ``float32bits``, ``float64bits``,
    ``int64split``; ``int`` uses ``bits`` (16/32) and ``offset`` (value = sample + offset)."""

    dtype: str
    repr: str
    bits: int = 32
    offset: int = 0
    extra: dict = field(default_factory=dict)
    # planes already computed for one values array (its buffer, shape and strides), so a
    # trial that made them does not make them again; never part of the description
    prepared: tuple = field(default=None, compare=False, repr=False)

    @property
    def planes(self):
        return 2 if self.repr in ("float64bits", "int64split", "float32grid") else 1

    def to_json(self):
        out = {"repr": self.repr, "bits": self.bits}
        if self.repr == "int":
            out["offset"] = self.offset
        if self.repr == "float32grid":
            out["grid"] = self.grid
        return out

    @property
    def grid(self):
        """q of the float32grid encoding (the grid step is 2^-q)."""
        return self.extra.get("grid", 0)

    @classmethod
    def from_json(cls, dtype, obj):
        try:
            enc = cls(dtype=check_dtype(dtype), repr=str(obj["repr"]), bits=int(obj["bits"]),
                      offset=int(obj.get("offset", 0)))
            if enc.repr == "float32grid":
                enc.extra["grid"] = int(obj["grid"])
        except (KeyError, TypeError, ValueError) as exc:
            raise UnsupportedRasterError(f"Malformed band encoding {obj!r}") from exc
        enc.validate()
        return enc

    def validate(self):
        if self.repr not in ("int", "float32bits", "float64bits", "int64split", "float32grid"):
            raise UnsupportedRasterError(f"Unknown band encoding {self.repr!r}")
        if self.repr == "float32grid" and (self.dtype != "float32" or self.bits != 32
                                           or not 0 <= self.grid <= GRID_MAX):
            raise UnsupportedRasterError("Malformed float32 grid encoding")
        if self.bits not in (16, 32):
            raise UnsupportedRasterError(f"Unsupported sample width {self.bits}")
        if self.repr == "float32bits" and self.dtype not in FLOAT_DTYPES:
            raise UnsupportedRasterError("float32 bit patterns for a non-float band")
        if self.repr == "float64bits" and self.dtype != "float64":
            raise UnsupportedRasterError("float64 bit patterns for a non-float64 band")
        if self.repr == "int64split" and self.dtype not in ("int64", "uint64"):
            raise UnsupportedRasterError("64-bit split for a band that is not 64-bit")
        if abs(self.offset) > 2 ** 65:
            raise UnsupportedRasterError("Sample offset out of range")

    # -- values -> samples ---------------------------------------------------------------------

    def to_planes(self, values):
        """Map band values (any shape) to ``planes`` int16/int32 arrays of the same shape."""
        values = np.asarray(values)
        if self.repr == "int":
            sample_type = np.int16 if self.bits == 16 else np.int32
            narrow = _narrow_unsigned(values.dtype, self.bits)
            if narrow is not None:
                # Fast path, same result: the low ``bits`` of value - offset, computed in an
                # unsigned type of the sample width (wrapping subtraction).
                low = values.astype(narrow, copy=False) - narrow.type(self.offset % (1 << self.bits))
                return [low.view(sample_type)]
            # Modular 64-bit arithmetic: exact for every offset, even beyond int64.
            wide = _as_uint64(values) - np.uint64(self.offset % (1 << 64))
            return [wide.view(np.int64).astype(sample_type)]
        if self.repr == "float32bits":
            return [_ordered32(values.astype(np.float32, copy=False))]
        if self.repr == "float32grid":
            key = _array_key(values)
            if self.prepared is not None and self.prepared[0] == key:
                return list(self.prepared[1])
            return _grid_planes(values, self.grid)
        if self.repr == "float64bits":
            bits = values.view(np.int64)
            return _split64(bits ^ ((bits >> 63) & np.int64(_SIGN64)))
        # int64split
        if self.dtype == "uint64":
            return _split64((values ^ np.uint64(1 << 63)).view(np.int64))
        return _split64(values.astype(np.int64, copy=False))

    # -- samples -> values ---------------------------------------------------------------------

    def from_planes(self, planes):
        """Inverse of :meth:`to_planes`."""
        dtype = np.dtype(self.dtype)
        if self.repr == "int":
            narrow = _narrow_unsigned(dtype, self.bits)
            if narrow is not None:
                # Fast path, same result: only the low ``itemsize`` bytes of sample + offset
                # reach the value, and they need no more than the sample width.
                plane, shift = planes[0], self.offset % (1 << self.bits)
                # A same-width plane is reinterpreted, not converted (one copy less per tile:
                # int16 samples with offset 0 are the int16 values themselves).
                if plane.dtype.itemsize == narrow.itemsize:
                    low = plane.view(narrow)
                else:
                    low = plane.astype(narrow)
                if shift:
                    low = low + narrow.type(shift)
                if dtype.itemsize < narrow.itemsize:
                    low = low.astype(np.dtype(f"u{dtype.itemsize}"))
                return low.view(dtype)
            wide = planes[0].astype(np.int64).view(np.uint64) + np.uint64(self.offset % (1 << 64))
            if self.dtype == "uint64":
                return wide
            return wide.view(np.int64).astype(dtype)
        if self.repr == "float32bits":
            return _from_ordered32(planes[0]).astype(dtype)
        if self.repr == "float32grid":
            return _grid_values(planes[0], planes[1], self.grid)
        joined = _join64(planes[0], planes[1])
        if self.repr == "float64bits":
            return (joined ^ ((joined >> 63) & np.int64(_SIGN64))).view(np.float64)
        if self.dtype == "uint64":
            return joined.view(np.uint64) ^ np.uint64(1 << 63)
        return joined


def _array_key(values):
    face = values.__array_interface__
    return face["data"][0], face["shape"], face["strides"], face["typestr"]


def _ordered32(f32):
    """float32 -> int32 bit patterns that keep the numeric order (see format.md §4.1)."""
    bits = f32.view(np.int32)
    return bits ^ ((bits >> 31) & np.int32(_SIGN32))


def _from_ordered32(plane):
    bits = plane.astype(np.int32, copy=False)
    return (bits ^ ((bits >> 31) & np.int32(_SIGN32))).view(np.float32)


def _binade(abs_grid):
    """floor(log2(n)) of positive int64 grid counts (exact below 2^53)."""
    return np.frexp(abs_grid.astype(np.float64))[1].astype(np.int64) - 1


def _grid_planes(values, q):
    """float32 values -> [grid, below] int32 planes (format.md §4.1, ``float32grid``).

    grid = trunc(x * 2^q); where it is non-zero, |x| = |grid| 2^-q + below * ulp(x), and
    ulp(x) follows from |grid| alone (x's binade is floor(log2 |grid|) - q), so ``below``
    counts x's own ulps under the grid point: 0 on the grid. Elsewhere (|x| < 2^-q or
    |x| >= 2^(31-q) such as a -3.4e38 nodata, NaN, infinities, -0.0) grid is 0 and ``below``
    holds x's ordered bit pattern.

    Computed on the bit fields (integer shifts, no float rounding anywhere): with x's
    significand m (24 bits) and exponent E, |x| 2^q = m 2^s for s = E - 23 + q, so |grid| is
    m shifted by s and ``below`` is the m bits shifted out.
    """
    x = np.asarray(values, dtype=np.float32)
    bits = x.view(np.int32)                       # int32 throughout: |grid| < 2^31
    field = (bits >> 23) & 0xFF
    shift = field - (150 - q)                     # s = E - 23 + q, E = field - 127
    # on the grid: a normal value with 1 <= |x| 2^q < 2^31, i.e. -23 <= s <= 7
    on_grid = (field > 0) & (field < 0xFF) & (shift >= -23) & (shift <= 7)
    # (in-place clamps and masks: np.clip and three-array np.where cost several times more)
    right = np.negative(shift)
    np.maximum(right, 0, out=right)
    np.minimum(right, 23, out=right)
    np.maximum(shift, 0, out=shift)
    np.minimum(shift, 7, out=shift)
    significand = (bits & 0x7FFFFF) | 0x800000
    below = (1 << right) - 1
    below &= significand
    grid = significand >> right
    grid <<= shift
    sign = bits >> 31                             # 0 or -1: conditional negation
    grid ^= sign
    grid -= sign
    grid *= on_grid
    plane = _ordered32(x).astype(np.int32)
    np.copyto(plane, below, where=on_grid)
    return [grid.astype(np.int32, copy=False), plane]


def _grid_values(grid_plane, below_plane, q):
    """Inverse of :func:`_grid_planes`. The grid point |grid| 2^-q has at most 24
    significant bits, so one integer -> float32 conversion makes its bit pattern exactly
    (the exponent included, no bit-length search); ``below`` then fills the significand bits
    under |grid|'s own (as many as 23 - floor(log2 |grid|)), added to the pattern. About
    half the array passes of a field-by-field assembly: decode speed of float32grid tiles.
    Any planes give float32 values (``below`` out of its range, i.e. a damaged tile, gives
    some wrong value)."""
    grid = grid_plane.astype(np.int32, copy=False)
    below = below_plane.astype(np.int32, copy=False)
    point = np.abs(grid).view(np.uint32).astype(np.float32)   # |-2^31| is 2^31 as uint32
    point *= np.float32(2.0 ** -q)                             # exact: a power of two
    bits = point.view(np.int32)
    right = np.int32(150 - q) - (bits >> 23)          # 23 - floor(log2 |grid|), clamped
    np.maximum(right, 0, out=right)
    np.minimum(right, 23, out=right)
    mask = np.left_shift(1, right, dtype=np.int32)
    mask -= 1
    mask &= below
    bits += mask
    bits |= grid & np.int32(-2 ** 31)                 # the sign
    out = below ^ ((below >> 31) & np.int32(_SIGN32))   # off the grid: ordered bit patterns
    np.copyto(out, bits, where=grid != 0)
    return out.view(np.float32)


def grid_encodings(values):
    """``float32grid`` Encodings for float32 ``values`` worth a trial (0 or 1 of them), each
    with the share of zeros in its ``below`` plane (the values on the grid).

    q (0..GRID_MAX) is read from each value's lowest set mantissa bit (one pass). Two
    signatures of a grid: the share of values on 2^-q stops growing after q (values on the
    grid, alone or mixed with continuous ones, which double their share with each finer q),
    else it jumps most there. No round-trip check is needed: the encoding is a bijection on
    every float32 bit pattern (tests/core/test_float_grid.py goes through all kinds).
    """
    x = np.asarray(values, dtype=np.float32).reshape(-1)
    bits = x.view(np.int32)
    exponent = (bits >> 23) & 0xFF
    normal = (exponent > 0) & (exponent < 0xFF)
    if not normal.any():
        return []
    significand = (bits[normal] & 0x7FFFFF) | 0x800000
    lowest_bit = (significand & -significand).astype(np.float32)   # a power of two, exact
    lowest = (lowest_bit.view(np.int32) >> 23) - 127
    needed = 150 - exponent[normal] - lowest        # x is a multiple of 2^-needed
    counts = np.bincount(np.minimum(np.maximum(needed, -1), GRID_MAX + 1) + 1,
                         minlength=GRID_MAX + 3)
    on_or_coarser = np.cumsum(counts)[1:GRID_MAX + 2]   # needed <= q, for q = 0..GRID_MAX
    share = on_or_coarser / needed.size
    grids = []
    least, growth = GRID_PLATEAU
    plateau = np.flatnonzero((share[:-1] >= least) & (share[1:] <= growth * share[:-1]))
    if plateau.size:
        grids.append(int(plateau[0]))
    elif share[-1] >= GRID_SHARE:
        jumps = np.diff(share, prepend=0.0)
        jumps[share < GRID_SHARE] = -1.0
        grids.append(int(np.argmax(jumps)))       # the coarsest such grid on ties
    out = []
    values = np.asarray(values)
    for q in grids:
        enc = Encoding("float32", "float32grid", bits=32, extra={"grid": q})
        planes = enc.to_planes(values)
        if values.dtype == np.float32:
            enc.prepared = (_array_key(values), planes)   # the trial reuses them
        out.append((enc, float(np.count_nonzero(planes[1] == 0)) / planes[1].size))
    return out


def _narrow_unsigned(dtype, bits):
    """The unsigned type of the sample width when a value type fits in it, else None."""
    dtype = np.dtype(dtype)
    if dtype.kind not in "iu":
        return None
    if bits == 16 and dtype.itemsize <= 2:
        return np.dtype(np.uint16)
    if bits == 32 and dtype.itemsize <= 4:
        return np.dtype(np.uint32)
    return None


def _as_uint64(values):
    if values.dtype == np.uint64:
        return values
    return values.astype(np.int64).view(np.uint64)


def _split64(wide):
    hi = (wide >> 32).astype(np.int32)
    lo = ((wide & np.int64(0xFFFFFFFF)) - np.int64(1 << 31)).astype(np.int32)
    return [hi, lo]


def _join64(hi, lo):
    return (hi.astype(np.int64) << 32) | (lo.astype(np.int64) + np.int64(1 << 31))


_NATURAL_INT = {  # offsets that keep the familiar meaning of common types
    "uint8": (16, 0), "int8": (16, 0), "uint16": (16, 32768), "int16": (16, 0),
}


def choose_encoding(stats):
    """The narrowest exact encoding for a band, from its :class:`BandStats`."""
    dtype = stats.dtype
    if dtype in _NATURAL_INT:
        bits, offset = _NATURAL_INT[dtype]
        return Encoding(dtype, "int", bits=bits, offset=offset)
    if dtype in FLOAT_DTYPES and not stats.integral:
        if dtype == "float32" or stats.float32_exact:
            return Encoding(dtype, "float32bits", bits=32)
        return Encoding(dtype, "float64bits", bits=32)
    lo, hi = stats.minimum, stats.maximum
    if lo is None:  # empty band
        lo = hi = 0
    span = hi - lo
    if span < _I16_SPAN:
        return Encoding(dtype, "int", bits=16, offset=lo + 32768)
    if span < _I32_SPAN:
        if dtype == "int32" or (lo >= -(1 << 31) and hi < (1 << 31)):
            return Encoding(dtype, "int", bits=32, offset=0)
        return Encoding(dtype, "int", bits=32, offset=lo + (1 << 31))
    if dtype in ("int64", "uint64"):
        return Encoding(dtype, "int64split", bits=32)
    # integral float64 spanning more than 32 bits
    if stats.float32_exact:
        return Encoding(dtype, "float32bits", bits=32)
    return Encoding(dtype, "float64bits", bits=32)
