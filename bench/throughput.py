"""Encode/decode throughput of our code against the reference ``flac`` CLI on the same
samples, against GeoTIFF DEFLATE decoding, and the speed-up with 2 worker threads.

"Same samples": each 512x512 tile's FLAC input (after our sample mapping and transforms)
is written as raw little-endian PCM; ``flac -5`` encodes those files and ``flac -d``
decodes our own tile streams (standard FLAC) back to raw. One CLI process handles all tiles
of a dataset, so process start-up is amortised. MB/s are of raw pixel bytes.
"""

import os
import resource
import statistics
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from unittest import mock

import numpy as np

from flac_raster_qgis.core import api
from flac_raster_qgis.core.codec import blockcodec
from flac_raster_qgis.core.codec.flac_codec import decode_bytes

from .common import GEOTIFF_CODECS, median_time, read_array, temp_dir, tiles_of, write_geotiff


def _cli_encode_args(channels, bits):
    return ["flac", "-5", "-s", "-f", "--force-raw-format", "--endian=little",
            "--sign=signed", f"--channels={channels}", f"--bps={bits}", "--sample-rate=48000"]


def measure(ds, reps, log=print):
    tmp = temp_dir("speed-")
    arrays = read_array(ds.path)
    dtype = str(arrays.dtype)
    tiles = tiles_of(arrays)
    raw = sum(t.nbytes for t in tiles)
    out = {"tiles": len(tiles), "raw_bytes": raw}

    encoded = [blockcodec.encode_block(t, dtype) for t in tiles]
    # runs="tail" (float32grid) is not a choice but a consequence of the layout: "auto" again
    forced = [(s.predictor, s.band_transform, s.runs if s.runs in ("none", "rle") else "auto")
              for _, s in encoded]
    # The same samples for the CLI: each tile's FLAC input, as raw little-endian PCM.
    raw_paths, flac_paths = [], []
    for i, (data, spec) in enumerate(encoded):
        samples = decode_bytes(data)
        path = os.path.join(tmp, f"t{i:04d}.raw")
        samples.astype(samples.dtype.newbyteorder("<"), copy=False).tofile(path)
        raw_paths.append(path)
        fpath = os.path.join(tmp, f"ours{i:04d}.flac")
        with open(fpath, "wb") as fh:
            fh.write(data)
        flac_paths.append(fpath)
    # One CLI process per stream shape (run-length tiles have one more channel).
    groups = {}
    for path, (_, spec) in zip(raw_paths, encoded):
        groups.setdefault((spec.channels, spec.bits), []).append(path)

    def cli_encode():
        for (channels, bits), paths in groups.items():
            subprocess.run(_cli_encode_args(channels, bits)
                           + ["--output-prefix=" + cli_out + "/"] + paths, check=True)

    cli_out = os.path.join(tmp, "cli")
    os.makedirs(cli_out, exist_ok=True)
    sleeps = []
    real_sleep = time.sleep

    def counting_sleep(seconds):
        sleeps.append(seconds)
        real_sleep(seconds)

    def decode_ours():
        with mock.patch("time.sleep", counting_sleep):
            return [blockcodec.decode_block(d, s, t.shape[1], t.shape[2])
                    for (d, s), t in zip(encoded, tiles)]

    runs = {
        # each tile's chosen transforms forced: exactly the CLI's work on the same samples
        "encode": lambda: [blockcodec.encode_block(t, dtype, predictor=p, band_transform=b,
                                                   runs=r)
                           for t, (p, b, r) in zip(tiles, forced)],
        "cli_encode": cli_encode,
        "encode_auto": lambda: [blockcodec.encode_block(t, dtype) for t in tiles],
        "decode": decode_ours,
        "cli_decode": lambda: subprocess.run(
            ["flac", "-d", "-s", "-f", "--force-raw-format", "--endian=little",
             "--sign=signed", "--output-prefix=" + cli_out + "/"] + flac_paths, check=True),
        "flac_only": lambda: [decode_bytes(d) for d, _ in encoded],
    }
    wall, cpu = alternating(runs, reps)
    cli_bytes = sum(os.path.getsize(os.path.join(cli_out, os.path.basename(p)[:-4] + ".flac"))
                    for p in raw_paths)
    t_forced, t_auto, t_dec = wall["encode"], wall["encode_auto"], wall["decode"]
    t_cli_enc, t_cli_dec, t_flac_only = wall["cli_encode"], wall["cli_decode"], wall["flac_only"]

    # Whole-raster decode: our streaming file vs GeoTIFF DEFLATE, both into memory.
    streaming = os.path.join(tmp, "s.flac")
    api.create_streaming(ds.path, streaming, overviews=False)
    deflate = write_geotiff(ds.path, os.path.join(tmp, "d.tif"), GEOTIFF_CODECS["DEFLATE"])
    h, w = arrays.shape[1:]

    def ours_whole():
        with api.open_flac(streaming) as reader:
            return reader.read_window(0, 0, 0, w, h)[0]

    def deflate_whole():
        import rasterio
        with rasterio.open(deflate) as src:
            return src.read()

    t_whole, back = median_time(ours_whole, reps)
    assert back.tobytes() == arrays.tobytes()
    t_deflate, _ = median_time(deflate_whole, reps)

    mbs = lambda t: raw / t / 1e6  # noqa: E731
    out.update({
        "ours_encode_mbs": mbs(t_forced), "ours_encode_auto_mbs": mbs(t_auto),
        "cli_encode_mbs": mbs(t_cli_enc), "encode_vs_cli": t_cli_enc / t_forced,
        "encode_auto_vs_cli": t_cli_enc / t_auto,
        "encode_vs_cli_cpu": cpu["cli_encode"] / cpu["encode"],
        "decode_vs_cli_cpu": cpu["cli_decode"] / cpu["decode"],
        "ours_decode_mbs": mbs(t_dec), "ours_flac_decode_only_mbs": mbs(t_flac_only),
        "cli_decode_mbs": mbs(t_cli_dec), "decode_vs_cli": t_cli_dec / t_dec,
        "decode_ms_per_tile": 1000 * t_dec / len(tiles),
        "ours_bytes": sum(len(d) for d, _ in encoded), "cli_bytes": cli_bytes,
        "sleeps_during_decode": len(sleeps),
        "whole_read_ours_mbs": raw / t_whole / 1e6,
        "whole_read_geotiff_deflate_mbs": raw / t_deflate / 1e6,
        "whole_read_vs_deflate": t_deflate / t_whole,
        "choices": sorted({f"{p}+{b}" + ("+runs" if r == "rle" else "") for p, b, r in forced}),
    })
    log(f"    encode {out['ours_encode_mbs']:6.1f} MB/s (auto {out['ours_encode_auto_mbs']:.1f}) "
        f"vs flac CLI {out['cli_encode_mbs']:.1f} -> {out['encode_vs_cli']:.2f}x; "
        f"decode {out['ours_decode_mbs']:.1f} vs CLI {out['cli_decode_mbs']:.1f} -> "
        f"{out['decode_vs_cli']:.2f}x (CPU time: enc {out['encode_vs_cli_cpu']:.2f}x, dec "
        f"{out['decode_vs_cli_cpu']:.2f}x); {out['decode_ms_per_tile']:.2f} ms/tile; "
        f"whole read {out['whole_read_ours_mbs']:.1f} vs DEFLATE "
        f"{out['whole_read_geotiff_deflate_mbs']:.1f} MB/s")
    return out


def _cpu_now():
    own = time.process_time()
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own + kids.ru_utime + kids.ru_stime


def alternating(runs, reps):
    """Median wall and CPU seconds per named run, the runs interleaved rep by rep so that a
    busy machine slows every contender alike."""
    wall = {k: [] for k in runs}
    cpu = {k: [] for k in runs}
    for _ in range(max(1, reps)):
        for name, fn in runs.items():
            c0, t0 = _cpu_now(), time.perf_counter()
            fn()
            wall[name].append(time.perf_counter() - t0)
            cpu[name].append(_cpu_now() - c0)
    return ({k: statistics.median(v) for k, v in wall.items()},
            {k: statistics.median(v) for k, v in cpu.items()})


def workers(ds, reps, log=print):
    """1 vs 2 threads encoding/decoding the tiles of one dataset (libFLAC releases the GIL)."""
    arrays = read_array(ds.path)
    dtype = str(arrays.dtype)
    tiles = tiles_of(arrays) * 2   # enough work per thread
    raw = sum(t.nbytes for t in tiles)
    encoded = [blockcodec.encode_block(t, dtype) for t in tiles]
    out = {"dataset": ds.name, "tiles": len(tiles)}
    pools = {n: ThreadPoolExecutor(n) for n in (1, 2)}

    def encode(n):
        return lambda: list(pools[n].map(lambda t: blockcodec.encode_block(t, dtype), tiles))

    def decode(n):
        return lambda: list(pools[n].map(
            lambda e: blockcodec.decode_block(e[0][0], e[0][1], e[1].shape[1], e[1].shape[2]),
            zip(encoded, tiles)))

    # 1 and 2 threads interleaved rep by rep (a VM's background load drifts), more reps than
    # elsewhere: on a 2-core VM the two-thread figure varies run to run.
    try:
        wall, _ = alternating({f"{kind}_{n}": make(n) for n in (1, 2)
                               for kind, make in (("encode", encode), ("decode", decode))},
                              max(reps, 7))
    finally:
        for pool in pools.values():
            pool.shutdown()
    for n in (1, 2):
        out[f"encode_{n}_mbs"] = raw / wall[f"encode_{n}"] / 1e6
        out[f"decode_{n}_mbs"] = raw / wall[f"decode_{n}"] / 1e6
    out["encode_speedup"] = out["encode_2_mbs"] / out["encode_1_mbs"]
    out["decode_speedup"] = out["decode_2_mbs"] / out["decode_1_mbs"]
    log(f"    2 threads: encode x{out['encode_speedup']:.2f}, decode x{out['decode_speedup']:.2f}"
        f" ({ds.name}, {len(tiles)} tiles)")
    return out


