"""Our leaner frame callback serves our synchronous decoder only: pyflac's own decoders in
the same process (another plugin, say) keep working exactly as before."""

import io

import numpy as np
import pytest

from flac_raster_qgis.core.flac_codec import decode_bytes, encode_samples


@pytest.mark.parametrize("dtype,channels", [(np.int16, 1), (np.int16, 3), (np.int32, 2)])
def test_pyflac_stream_decoder_unaffected(dtype, channels):
    import pyflac
    rng = np.random.default_rng(5)
    info = np.iinfo(dtype)
    samples = rng.integers(info.min, info.max, size=(10000, channels), endpoint=True).astype(dtype)
    buf = io.BytesIO()
    encode_samples(samples, buf)
    data = buf.getvalue()
    assert np.array_equal(decode_bytes(data), samples)   # installs our callback

    frames = []
    decoder = pyflac.StreamDecoder(write_callback=lambda s, *_: frames.append(s.copy()))
    decoder.process(data)
    decoder.finish()
    got = np.concatenate(frames)
    assert got.dtype == samples.dtype and np.array_equal(got, samples)
