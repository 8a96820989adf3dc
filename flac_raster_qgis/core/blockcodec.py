"""A block of raster pixels (all bands, optional mask) <-> one standard FLAC stream.

A :class:`StreamSpec` records everything needed to undo the encoding: the per-band sample
encoding, the predictor, the channel layout and the sample width. The plain format stores it
in a tag, the streaming container per tile in its index.
"""

import io
from dataclasses import dataclass

import numpy as np

from . import layout as layout_mod
from . import predictors
from .errors import CorruptFileError
from .flac_codec import FlacStreamWriter, decode_bytes
from .samples import BandStats, Encoding, choose_encoding

MASK_DTYPE = "uint8"


@dataclass
class StreamSpec:
    encodings: list          # one Encoding per band
    mask: Encoding = None    # encoding of the per-dataset mask, if stored
    predictor: str = "none"
    layout: str = layout_mod.INTERLEAVED

    @property
    def all_encodings(self):
        return self.encodings + ([self.mask] if self.mask is not None else [])

    @property
    def plane_count(self):
        return sum(e.planes for e in self.all_encodings)

    @property
    def bits(self):
        return max(e.bits for e in self.all_encodings)

    @property
    def channels(self):
        return layout_mod.channels(self.layout, self.plane_count)

    @property
    def sample_dtype(self):
        return np.int16 if self.bits == 16 else np.int32

    def to_json(self):
        return {
            "layout": self.layout,
            "predictor": self.predictor,
            "bits": self.bits,
            "bands": [e.to_json() for e in self.encodings],
            "mask": self.mask.to_json() if self.mask is not None else None,
        }

    @classmethod
    def from_json(cls, obj, dtype, band_count):
        if not isinstance(obj, dict):
            raise CorruptFileError("Malformed stream description")
        bands = obj.get("bands")
        if not isinstance(bands, list) or len(bands) != band_count:
            raise CorruptFileError("The stream description does not match the band count")
        try:
            spec = cls(
                encodings=[Encoding.from_json(dtype, b) for b in bands],
                mask=Encoding.from_json(MASK_DTYPE, obj["mask"]) if obj.get("mask") else None,
                predictor=str(obj.get("predictor", "none")),
                layout=str(obj.get("layout", layout_mod.INTERLEAVED)),
            )
        except Exception as exc:  # any malformed field is a damaged file, said plainly
            raise CorruptFileError(f"Malformed stream description: {exc}") from exc
        if spec.predictor not in predictors.PREDICTORS:
            raise CorruptFileError(f"Unknown predictor {spec.predictor!r}")
        if spec.layout not in (layout_mod.INTERLEAVED, layout_mod.SEQUENTIAL):
            raise CorruptFileError(f"Unknown layout {spec.layout!r}")
        if spec.layout == layout_mod.INTERLEAVED and spec.plane_count > 8:
            raise CorruptFileError("More than 8 interleaved channels")
        if obj.get("bits") not in (None, spec.bits):
            raise CorruptFileError("Sample width does not match the band encodings")
        return spec


def stats_for(arrays, dtype):
    """BandStats for each band of ``arrays`` (count, rows, cols)."""
    out = []
    for band in arrays:
        stats = BandStats(dtype)
        stats.update(band)
        out.append(stats)
    return out


def _mask_encoding():
    return choose_encoding(BandStats(MASK_DTYPE))


def block_planes(spec, arrays, mask):
    """Sample planes (widened to the stream's sample type) for each band, then the mask."""
    per_band = []
    sample_type = spec.sample_dtype
    sources = list(arrays) + ([mask] if spec.mask is not None else [])
    for enc, values in zip(spec.all_encodings, sources):
        per_band.append([p.astype(sample_type, copy=False) for p in enc.to_planes(values)])
    return per_band


def make_spec(arrays, dtype, mask=None, predictor="auto", encodings=None):
    """Choose encodings (exactly, from the data) and the predictor for one block."""
    if encodings is None:
        encodings = [choose_encoding(s) for s in stats_for(arrays, dtype)]
    spec = StreamSpec(encodings=list(encodings),
                      mask=_mask_encoding() if mask is not None else None)
    spec.layout = layout_mod.choose(spec.plane_count)
    if predictor == "auto":
        flat = [p for band in block_planes(spec, arrays, mask) for p in band]
        spec.predictor = predictors.choose(flat)
    else:
        spec.predictor = predictor
    return spec


def encode_block(arrays, dtype, mask=None, compression_level=5, predictor="auto",
                 encodings=None):
    """Encode (count, rows, cols) ``arrays`` (+ optional mask) -> (FLAC bytes, StreamSpec)."""
    arrays = np.asarray(arrays)
    spec = make_spec(arrays, dtype, mask, predictor, encodings)
    per_band = block_planes(spec, arrays, mask)
    per_band = [[predictors.apply(spec.predictor, p) for p in band] for band in per_band]
    if spec.layout == layout_mod.INTERLEAVED:
        samples = layout_mod.interleave([p for band in per_band for p in band])
    else:
        samples = np.concatenate([layout_mod.rows_interleave(band) for band in per_band])
    buf = io.BytesIO()
    writer = FlacStreamWriter(buf, spec.channels, spec.bits, compression_level)
    writer.write(samples)
    writer.close()
    return buf.getvalue(), spec


def decode_block(data, spec, rows, cols):
    """Inverse of :func:`encode_block`: -> (arrays (count, rows, cols), mask or None)."""
    total = rows * cols * (1 if spec.layout == layout_mod.INTERLEAVED else spec.plane_count)
    samples = decode_bytes(data, expected_samples=total, channels=spec.channels)
    if samples.dtype != spec.sample_dtype:
        raise CorruptFileError("The FLAC sample width does not match the index")
    encodings = spec.all_encodings
    if spec.layout == layout_mod.INTERLEAVED:
        flat = layout_mod.deinterleave(samples, rows, cols)
        per_band, pos = [], 0
        for enc in encodings:
            per_band.append(flat[pos:pos + enc.planes])
            pos += enc.planes
    else:
        per_band, pos = [], 0
        for enc in encodings:
            n = rows * cols * enc.planes
            per_band.append(layout_mod.rows_deinterleave(samples[pos:pos + n], enc.planes,
                                                         rows, cols))
            pos += n
    values = []
    for enc, planes in zip(encodings, per_band):
        planes = [predictors.undo(spec.predictor, p) for p in planes]
        values.append(enc.from_planes(planes))
    mask = values.pop() if spec.mask is not None else None
    dtype = encodings[0].dtype if encodings else "uint8"
    arrays = np.stack(values).astype(dtype, copy=False) if values else np.empty((0, rows, cols))
    return arrays, mask
