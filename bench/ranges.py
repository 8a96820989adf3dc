"""HTTP range reads: bytes and requests for typical views, our streaming file through our
HTTP source vs a COG through GDAL /vsicurl/, both served by the same nginx on 127.0.0.1.

Every read starts cold (a new open, a fresh URL so no client cache helps) and is counted
from nginx's access log (requests and body bytes on the wire). "Ideal" is the file's header
(ours: fixed header + index; COG: everything before the first tile) plus the compressed
bytes of exactly the tiles the read needs.
"""

import os
import shutil

from flac_raster_qgis.core import api
from flac_raster_qgis.core.sources.http import RequestsTransport

from .common import TILE, temp_dir


def _make_cog(src, dst):
    import rasterio
    from rasterio.shutil import copy as rio_copy
    with rasterio.Env():
        rio_copy(src, dst, driver="COG", BLOCKSIZE=TILE, COMPRESS="DEFLATE", PREDICTOR="YES",
                 LEVEL=9, OVERVIEW_RESAMPLING="AVERAGE")
    return dst


def _cog_layout(path):
    """Per level (0 = full resolution): size, and {(block_row, block_col): (offset, size)}."""
    import rasterio
    levels = []
    with rasterio.open(path) as ds:
        n_over = len(ds.overviews(1))
    for k in range(n_over + 1):
        opts = {} if k == 0 else {"overview_level": k - 1}
        with rasterio.open(path, **opts) as ds:
            blocks = {}
            for by in range(-(-ds.height // TILE)):
                for bx in range(-(-ds.width // TILE)):
                    off = ds.get_tag_item(f"BLOCK_OFFSET_{bx}_{by}", "TIFF", bidx=1)
                    size = ds.get_tag_item(f"BLOCK_SIZE_{bx}_{by}", "TIFF", bidx=1)
                    blocks[(by, bx)] = (int(off or 0), int(size or 0))
            levels.append({"width": ds.width, "height": ds.height, "blocks": blocks})
    header = min(o for lv in levels for o, s in lv["blocks"].values() if s)
    return header, levels


def _cog_ideal(header, level, col, row, width, height):
    bx0, by0 = col // TILE, row // TILE
    bx1, by1 = (col + width - 1) // TILE, (row + height - 1) // TILE
    tiles = [level["blocks"][(by, bx)] for by in range(by0, by1 + 1) for bx in range(bx0, bx1 + 1)]
    return header + sum(s for _, s in tiles), len(tiles)


def _views(width, height):
    """(label, level factor, [(col, row)...], width, height) at full resolution.

    The 512x512 reads are repeated over many positions (every full tile, or a grid of
    unaligned spots) so that no single lucky or unlucky tile decides the comparison.
    """
    aligned = [(x, y) for y in range(0, height - TILE + 1, TILE)
               for x in range(0, width - TILE + 1, TILE)]
    unaligned = [(x + TILE // 2, y + TILE // 2) for x, y in aligned
                 if x + TILE // 2 + TILE <= width and y + TILE // 2 + TILE <= height]
    big = min(2048, width, height)
    return [
        (f"512x512 window, tile-aligned (all {len(aligned)} full tiles)", 1, aligned, TILE, TILE),
        (f"512x512 window, unaligned ({len(unaligned)} positions)", 1, unaligned, TILE, TILE),
        (f"{big}x{big} window", 1, [(min(1000, width - big), min(100, height - big))], big, big),
        ("whole raster at 1/16 (zoomed-out view)", 16, [(0, 0)], width, height),
    ]


def _read_ours(server, url, factor, col, row, w, h):
    server.clear_log()
    with RequestsTransport() as transport:
        with api.open_flac(url, transport) as reader:
            level = max(k for k, lv in enumerate(reader.levels)
                        if lv.extra.get("factor", 2 ** k) <= factor)
            f = reader.levels[level].extra.get("factor", 2 ** level)
            lc, lr = col // f, row // f
            lw = min(-(-w // f), reader.levels[level].width - lc)
            lh = min(-(-h // f), reader.levels[level].height - lr)
            reader.read_window(level, lc, lr, lw, lh)
            pairs = reader.tiles_for_window(level, lc, lr, lw, lh)
            ideal = reader.header.data_offset + sum(e.length for _, e in pairs)
    entries = [e for e in server.log_entries() if "ours.flac" in e.path]
    return {"requests": len(entries), "bytes": sum(e.body_bytes for e in entries),
            "ideal": ideal, "tiles": len(pairs), "level": level}


def _read_cog(server, url, layout, width, factor, col, row, w, h):
    import rasterio
    from rasterio.windows import Window
    header, levels = layout
    server.clear_log()
    k = next(i for i, lv in enumerate(levels) if lv["width"] <= -(-width // factor))
    lv = levels[k]
    fx = width / lv["width"]
    lc, lr = int(col / fx), int(row / fx)
    lw = min(int(round(w / fx)), lv["width"] - lc)
    lh = min(int(round(h / fx)), lv["height"] - lr)
    with rasterio.Env(GDAL_DISABLE_READDIR_ON_OPEN="EMPTY_DIR"):
        with rasterio.open("/vsicurl/" + url) as src:
            if factor == 1:
                src.read(1, window=Window(col, row, w, h))
            else:
                src.read(1, out_shape=(lh, lw))
    entries = [e for e in server.log_entries() if "cog.tif" in e.path]
    ideal, tiles = _cog_ideal(header, lv, lc, lr, lw, lh)
    return {"requests": len(entries), "bytes": sum(e.body_bytes for e in entries),
            "ideal": ideal, "tiles": tiles, "level": k}


def _total(reads):
    out = {key: sum(r[key] for r in reads) for key in ("requests", "bytes", "ideal", "tiles")}
    out["reads"] = len(reads)
    out["requests_per_read"] = out["requests"] / len(reads)
    out["level"] = reads[0]["level"]
    out["bytes_over_ideal"] = out["bytes"] / out["ideal"]
    out["worst_bytes_over_ideal"] = max(r["bytes"] / r["ideal"] for r in reads)
    return out


def measure(ds, log=print):
    import rasterio
    from tests.servers import NginxServer

    tmp = temp_dir("ranges-")
    server = NginxServer(tmp).start()
    try:
        ours = os.path.join(server.root, "ours.flac")
        api.create_streaming(ds.path, ours)
        cog = _make_cog(ds.path, os.path.join(server.root, "cog.tif"))
        cog_header, cog_levels = _cog_layout(cog)
        with rasterio.open(ds.path) as src:
            width, height = src.width, src.height
        out = {"dataset": ds.name, "ours_file_bytes": os.path.getsize(ours),
               "cog_file_bytes": os.path.getsize(cog), "reads": []}
        layout = (cog_header, cog_levels)
        n = 0
        for label, factor, positions, w, h in _views(width, height):
            ours_reads, cog_reads, wins = [], [], 0
            for col, row in positions:
                n += 1   # a fresh URL per read: no client-side cache can help
                o = _read_ours(server, server.url("ours.flac") + f"?read={n}", factor,
                               col, row, w, h)
                c = _read_cog(server, server.url("cog.tif") + f"?read={n}", layout, width,
                              factor, col, row, w, h)
                wins += o["bytes"] <= c["bytes"]
                ours_reads.append(o)
                cog_reads.append(c)
            row_out = {"read": label, "ours": _total(ours_reads), "cog": _total(cog_reads),
                       "reads_where_ours_le_cog": wins}
            row_out["ours_over_cog_bytes"] = row_out["ours"]["bytes"] / row_out["cog"]["bytes"]
            o, c = row_out["ours"], row_out["cog"]
            log(f"    {label:44s} ours {o['requests_per_read']:.1f} req/read {o['bytes']:>10,} B "
                f"({o['bytes_over_ideal']:.3f} of ideal) | COG {c['requests_per_read']:.1f} "
                f"{c['bytes']:>10,} B ({c['bytes_over_ideal']:.3f}); ours <= COG in "
                f"{wins}/{len(positions)}")
            out["reads"].append(row_out)
        return out
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
