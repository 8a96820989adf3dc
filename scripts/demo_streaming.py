"""Demo section: the streaming container (tiles + overviews) and exact-extent reads.

Called by scripts/demo.py as ``run(src, work, say)``; fails loudly if an extent read is not
bit-exact against GDAL's own read of the same window.
"""

import os
import time


def run(src, work, say):
    import numpy as np
    import rasterio
    from rasterio.windows import Window

    from flac_raster_qgis.core import create_streaming, open_flac

    flac = os.path.join(work, "dem_streaming.flac")
    t0 = time.perf_counter()
    create_streaming(src, flac, tile_size=512, overwrite=True)
    t1 = time.perf_counter()
    say("")
    say("Streaming container (512x512 tiles, average overviews):")
    with open_flac(flac) as reader:
        info = reader.info()
        opened = reader.source.stats.requests
        say(f"  file {info['file_size']:,d} bytes: full resolution ratio "
            f"{info['full_resolution_ratio']:.2f}, overviews {info['overview_bytes']:,d} bytes, "
            f"index {info['index_bytes']:,d} bytes; encode {t1 - t0:.2f} s")
        say("  levels: " + ", ".join(f"{lv['width']}x{lv['height']}" for lv in info["levels"]))
        say(f"  opening read header + index in {opened} request(s)")

        w, h = reader.meta["width"], reader.meta["height"]
        window = (w // 3 + 7, h // 3 + 5, max(1, w // 3), max(1, h // 4))
        c, a, b, f, d, e = reader.meta["transform"]
        x0, y0 = c + a * window[0], f + e * window[1]
        bounds = (x0, y0 + e * window[3], x0 + a * window[2], y0)
        before = reader.source.stats.requests
        t2 = time.perf_counter()
        result = reader.read(bounds=bounds)
        t3 = time.perf_counter()
        with rasterio.open(src) as ds:
            reference = ds.read(window=Window(*window))
        exact = (result.arrays.dtype == reference.dtype
                 and result.arrays.tobytes() == reference.tobytes())
        say(f"  extent read {window[2]}x{window[3]} px at ({window[0]}, {window[1]}): "
            f"{reader.source.stats.requests - before} tile range(s), {t3 - t2:.3f} s, "
            f"bit-exact vs GDAL: {'YES' if exact else 'NO'}")

        thumb = reader.read(resolution=max(reader.levels[0].resolution) * max(w, h) / 256)
        source = "overview only" if thumb.level.index else "full resolution (no overview)"
        say(f"  zoomed-out read: level {thumb.level.index} ({thumb.level.resampling}), "
            f"{thumb.arrays.shape[2]}x{thumb.arrays.shape[1]} px, {source}")
        if not exact or not np.isfinite(info["compression_ratio"]):
            raise RuntimeError("The streaming extent read is not bit-exact")
