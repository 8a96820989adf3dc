"""Targets of issue 7 checked against the measured results, and docs/benchmarks.md + chart."""

import os

from .common import ROOT

DOC = os.path.join(ROOT, "docs", "benchmarks.md")
CHART = os.path.join(ROOT, "docs", "images", "benchmark_ratios.png")
FLAC_KEYS = ("FLAC plain", "FLAC streaming")
GEOTIFF_KEYS = ("GeoTIFF DEFLATE", "GeoTIFF ZSTD", "GeoTIFF LERC_ZSTD")


def _target(text, measured, ok):
    return {"target": text, "measured": measured, "pass": ok}


def evaluate(r):
    """One row per target: what was asked, the measured number(s), pass/fail (None: n/a)."""
    out = []
    ratios = r.get("ratios") or {}
    real = [n for n, d in r.get("datasets", {}).items() if d.get("real")]
    if "SRTM" in ratios:
        v = min(ratios["SRTM"]["files"][k]["vs_best_geotiff"] for k in FLAC_KEYS)
        out.append(_target("SRTM ratio >= 1.30 x best GeoTIFF", f"{v:.2f}x", v >= 1.30))
    if ratios:
        rows = {n: min(ratios[n]["files"][k]["vs_best_geotiff"] for k in FLAC_KEYS)
                for n in ratios if n in real}
        if rows:
            worst = min(rows, key=rows.get)
            out.append(_target("every real dataset >= 1.00 x best GeoTIFF",
                               ", ".join(f"{n} {v:.2f}x" for n, v in rows.items()),
                               rows[worst] >= 1.0))
        lossless = all(f["lossless"] for d in ratios.values() for f in d["files"].values())
        out.append(_target("lossless in every case", "all bit-exact" if lossless else "NOT",
                           lossless))
        over = max(d["streaming_overhead"] for d in ratios.values())
        over_ovr = max(d["streaming_overhead_with_overviews"] for d in ratios.values())
        out.append(_target("streaming overhead <= 0.5 %",
                           f"max {100 * (over - 1):.3f} % (with overviews "
                           f"{100 * (over_ovr - 1):.3f} %)", max(over, over_ovr) <= 1.005))
    speed = r.get("throughput") or {}
    if speed:
        enc = {n: d["encode_vs_cli"] for n, d in speed.items()}
        dec = {n: d["decode_vs_cli"] for n, d in speed.items()}
        out.append(_target("encode >= 0.8 x flac CLI (same samples)",
                           ", ".join(f"{n} {v:.2f}x" for n, v in enc.items()),
                           min(enc.values()) >= 0.8))
        out.append(_target("decode >= 0.8 x flac CLI (same samples)",
                           ", ".join(f"{n} {v:.2f}x" for n, v in dec.items()),
                           min(dec.values()) >= 0.8))
        sleeps = sum(d["sleeps_during_decode"] for d in speed.values())
        out.append(_target("no polling sleeps on the decode path", f"{sleeps} sleep calls",
                           sleeps == 0))
    w = r.get("workers")
    if w:
        # The issue asks for both cores used and the speed-up reported. x1.2 is clearly more
        # than one core. plibflac releases the GIL around each libFLAC call (only its ~20
        # read callbacks per tile take it back); two processes scale about as far as two
        # threads on the 2-core VM this runs on (~x1.5), so the rest is the machine.
        out.append(_target("2 workers use both cores (speed-up > 1.2, reported)",
                           f"encode x{w['encode_speedup']:.2f}, decode x{w['decode_speedup']:.2f}",
                           min(w["encode_speedup"], w["decode_speedup"]) > 1.2))
    rg = r.get("ranges")
    if rg:
        worst_ideal = max(x["ours"]["bytes_over_ideal"] for x in rg["reads"])
        worst_single = max(x["ours"]["worst_bytes_over_ideal"] for x in rg["reads"])
        out.append(_target("range bytes / ideal <= 1.02",
                           f"worst view {worst_ideal:.3f} (worst single read {worst_single:.3f})",
                           worst_ideal <= 1.02))
        wins = sum(x["reads_where_ours_le_cog"] for x in rg["reads"])
        reads = sum(x["ours"]["reads"] for x in rg["reads"])
        worst_cog = max(x["ours_over_cog_bytes"] for x in rg["reads"])
        out.append(_target("our bytes <= COG bytes for every read",
                           f"{wins}/{reads} reads; worst view total ours/COG {worst_cog:.3f}",
                           wins == reads))
    rd = r.get("render")
    if rd:
        worst = rd["worst_renderer_vs_api"]
        out.append(_target("renderer-driven bytes within 2 % of the API (range-read views)",
                           f"worst view {100 * worst:.2f} %", worst <= 0.02))
        fr = rd["first_render"]
        out.append(_target(f"first {rd['canvas'][0]}x{rd['canvas'][1]} render, live layer vs "
                           "COG /vsicurl/ (reported)",
                           f"ours {fr['ours']['seconds']:.2f} s / {fr['ours']['bytes']:,} B, "
                           f"COG {fr['cog']['seconds']:.2f} s / {fr['cog']['bytes']:,} B", None))
    m = r.get("memory")
    if m:
        out.append(_target(f"peak RSS <= 200 MB ({m['size'][0]}x{m['size'][1]} uint16 both ways)",
                           f"{m['peak_rss_mb']:.0f} MB", m["peak_rss_mb"] <= 200))
    return out + evaluate_codecs(r)


def _chart(r):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    ratios = r["ratios"]
    names = list(ratios)
    keys = list(FLAC_KEYS) + list(GEOTIFF_KEYS)
    colors = ["#1f6fb4", "#5aa0dc", "#b0b0b0", "#808080", "#505050"]
    fig, ax = plt.subplots(figsize=(9, 4.2), dpi=110)
    width = 0.8 / len(keys)
    for i, (key, color) in enumerate(zip(keys, colors)):
        values = [ratios[n]["files"][key]["ratio"] for n in names]
        xs = [j + (i - (len(keys) - 1) / 2) * width for j in range(len(names))]
        ax.bar(xs, values, width, label=key.replace("GeoTIFF ", "GeoTIFF "), color=color)
        for x, v in zip(xs, values):
            ax.text(x, v + 0.03, f"{v:.2f}", ha="center", va="bottom", fontsize=6.5, rotation=90)
    ax.set_xticks(range(len(names)))
    ax.set_xticklabels(names, fontsize=9)
    ax.set_ylabel("compression ratio (raw / file)")
    ax.set_title("Lossless compression, 512x512 tiles (higher is better)", fontsize=10)
    ax.legend(fontsize=8, ncol=3, loc="upper right")
    ax.set_ylim(0, max(ratios[n]["files"][k]["ratio"] for n in names for k in keys) * 1.25)
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    os.makedirs(os.path.dirname(CHART), exist_ok=True)
    fig.savefig(CHART)
    plt.close(fig)
    return CHART


def _fmt(v, digits=2):
    return "-" if v is None else f"{v:.{digits}f}"


def _markdown(r):
    m = r["machine"]
    lines = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (`python -m bench.run`) on "
        f"{r['generated']}: {m['cpu']}, {m['cores']} cores, Python {m['python']}, GDAL "
        f"{m['gdal']}, {m['flac_cli']}, "
        f"{m.get('flac_binding') or 'pyflac ' + m.get('pyflac', '?')}. Every figure below comes from "
        f"this one run; timings are medians of {r['settings']['reps']} repetitions. Absolute "
        "MB/s depend on the machine; the ratios between columns are what carry over.",
        "Raw numbers: `bench/results.json` (not committed).",
        "",
    ]
    for note in r.get("notes", []):
        lines += [f"> {note}", ""]
    if r.get("errors"):
        lines += ["> Sections that failed in this run: " +
                  "; ".join(f"{k}: {v}" for k, v in r["errors"].items()), ""]
    lines += ["## Targets (issue 7)", "", "| target | measured | |", "|---|---|---|"]
    for t in r["targets"]:
        mark = {True: "pass", False: "**FAIL**", None: "n/a"}[t["pass"]]
        lines.append(f"| {t['target']} | {t['measured']} | {mark} |")
    lines.append("")
    ratios = r.get("ratios")
    if ratios:
        lines += [
            "## Compression ratio (raw bytes / file bytes)", "",
            "![compression ratios](images/benchmark_ratios.png)", "",
            "Our files at the default settings (compression level 5, predictor and band "
            "transform chosen per tile); streaming files here without overviews, like the "
            "GeoTIFFs. GeoTIFFs: 512x512 tiles, DEFLATE predictor 2 level 9, ZSTD predictor 2 "
            "level 22, LERC_ZSTD max_z_error 0, each with its better interleaving (pixel or "
            "band) for multi-band data. Every file was read back and compared bit for bit.", "",
            "| dataset | size | FLAC plain | FLAC streaming | streaming L8 | DEFLATE | ZSTD "
            "| LERC_ZSTD | streaming / best GeoTIFF |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
        for name, d in ratios.items():
            f = d["files"]
            shape = "x".join(str(s) for s in d["shape"]) + " " + d["dtype"]
            lines.append(
                f"| {name} | {shape} | {_fmt(f['FLAC plain']['ratio'])} | "
                f"{_fmt(f['FLAC streaming']['ratio'])} | {_fmt(f['FLAC streaming L8']['ratio'])} | "
                f"{_fmt(f['GeoTIFF DEFLATE']['ratio'])} | {_fmt(f['GeoTIFF ZSTD']['ratio'])} | "
                f"{_fmt(f['GeoTIFF LERC_ZSTD']['ratio'])} | "
                f"**{_fmt(f['FLAC streaming']['vs_best_geotiff'])}x** ({d['best_geotiff']}) |")
        lines += ["", "Container overhead (streaming file size / sum of tile payloads): " +
                  ", ".join(f"{n} {100 * (d['streaming_overhead'] - 1):.3f} % "
                            f"({100 * (d['streaming_overhead_with_overviews'] - 1):.3f} % with "
                            "overviews)" for n, d in ratios.items()) + ".", ""]
    study = r.get("study")
    if study:
        labels = []
        for rows in study.values():
            labels += [k for k in rows if k not in labels]
        names = list(study)
        lines += [
            "## What the format's transforms gain (tiles only, no container)", "",
            "Ratios of the 512x512 tiles encoded one by one. `vdiff`: each row minus the row "
            "above; `bdiff`: each band minus the previous band; both wrap in the sample width "
            "and are recorded per tile ([format.md §4.2](format.md#42-band-transform-and-predictor-band_transform-predictor)). MED (the JPEG-LS predictor) is "
            "measured but not in the format: its inverse is a per-pixel recurrence. `interp`: "
            "interpolation lifting (odd columns, then odd rows, predicted by the mean of their "
            "neighbours; sub-bands stored apart; format version 2). `auto without runs`: the "
            "per-tile trial with the run-length stage (version 2) switched off; the gap to "
            "`auto` is what runs gain. Unless "
            "stated, level 5 with Rice partition order up to 8 (libFLAC's level 5 stops at 5).",
            "",
            "| transform / setting | " + " | ".join(names) + " |",
            "|---|" + "---:|" * len(names)]
        for label in labels:
            lines.append(f"| {label} | " + " | ".join(_fmt(study[n].get(label), 3)
                                                      for n in names) + " |")
        lines.append("")
    speed = r.get("throughput")
    if speed:
        lines += [
            "## Throughput (MB/s of raw pixels, one thread)", "",
            "Same samples: every 512x512 tile's FLAC input (after our sample mapping and "
            "transforms) is given to `flac -5` as raw PCM, and `flac -d` decodes our own tile "
            "streams; one CLI process per dataset. \"encode\" forces each tile's chosen "
            "transforms (the CLI's work); \"auto\" includes the per-tile trial. \"decode\" is "
            "`decode_block` (FLAC + undoing transforms + value mapping, MD5 checked like the "
            "CLI). \"whole read\" decodes a whole streaming file into memory (2 threads) vs "
            "GDAL reading the DEFLATE GeoTIFF.", "",
            "| dataset | encode | auto | flac -5 | enc. vs CLI | decode | flac -d | dec. vs CLI "
            "| ms / tile | whole read | GeoTIFF DEFLATE read |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for n, d in speed.items():
            lines.append(
                f"| {n} | {_fmt(d['ours_encode_mbs'], 0)} | {_fmt(d['ours_encode_auto_mbs'], 0)} | "
                f"{_fmt(d['cli_encode_mbs'], 0)} | {_fmt(d['encode_vs_cli'])}x | "
                f"{_fmt(d['ours_decode_mbs'], 0)} | {_fmt(d['cli_decode_mbs'], 0)} | "
                f"{_fmt(d['decode_vs_cli'])}x | {_fmt(d['decode_ms_per_tile'])} | "
                f"{_fmt(d['whole_read_ours_mbs'], 0)} | "
                f"{_fmt(d['whole_read_geotiff_deflate_mbs'], 0)} |")
        lines.append("")
    w = r.get("workers")
    if w:
        lines += [
            f"Two worker threads on {w['dataset']} ({w['tiles']} tiles): encode "
            f"{_fmt(w['encode_1_mbs'], 0)} -> {_fmt(w['encode_2_mbs'], 0)} MB/s "
            f"(x{_fmt(w['encode_speedup'])}), decode {_fmt(w['decode_1_mbs'], 0)} -> "
            f"{_fmt(w['decode_2_mbs'], 0)} MB/s (x{_fmt(w['decode_speedup'])}). libFLAC runs "
            "outside the GIL (plibflac releases it around each libFLAC call; only its read "
            "callbacks, about 20 per tile, take it back), so threads scale without processes; "
            "on the 2-core VM of these runs two processes scale no further than two threads "
            "(about x1.5), and the figure varies by +-0.2 from run to run.", ""]
    rg = r.get("ranges")
    if rg:
        lines += [
            f"## HTTP range reads ({rg['dataset']}, nginx on 127.0.0.1)", "",
            "Each read is cold: a new open of a fresh URL; bytes and tiles are totals over the "
            "positions read. Ours: our HTTP source with default "
            "settings (first read 3 KiB: header and index). COG: GDAL "
            "/vsicurl/ (GDAL_DISABLE_READDIR_ON_OPEN=EMPTY_DIR), DEFLATE predictor 2 level 9, "
            "512 tiles, average overviews. Ideal = header (+ index) + exactly the tiles needed. "
            f"Files: ours {rg['ours_file_bytes']:,} B, COG {rg['cog_file_bytes']:,} B.", "",
            "| read | tiles | ours: requests / read | ours: bytes | / ideal | COG: requests / read "
            "| COG: bytes | / ideal | ours / COG | reads where ours <= COG |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for x in rg["reads"]:
            o, c = x["ours"], x["cog"]
            lines.append(f"| {x['read']} | {o['tiles']} | {_fmt(o['requests_per_read'], 1)} | "
                         f"{o['bytes']:,} | {_fmt(o['bytes_over_ideal'], 3)} | "
                         f"{_fmt(c['requests_per_read'], 1)} | {c['bytes']:,} | "
                         f"{_fmt(c['bytes_over_ideal'], 3)} | {_fmt(x['ours_over_cog_bytes'], 3)} | "
                         f"{x['reads_where_ours_le_cog']}/{o['reads']} |")
        lines.append("")
    lines.append(codecs_markdown(r))
    mem = r.get("memory")
    if mem:
        s, g = mem["to_streaming"], mem["to_geotiff"]
        lines += [
            "## Memory", "",
            f"{mem['size'][0]}x{mem['size'][1]} uint16 ({mem['raw_bytes'] / 1e6:.0f} MB raw, "
            "synthetic terrain-like surface), each direction in its own process: GeoTIFF -> "
            f"streaming file peak RSS {s['peak_rss_mb']:.0f} MB in {s['seconds']:.1f} s; "
            f"streaming file -> GeoTIFF peak {g['peak_rss_mb']:.0f} MB in {g['seconds']:.1f} s "
            f"(interpreter + numpy + rasterio + FLAC binding baseline {s['baseline_rss_mb']:.0f} MB). "
            f"Round trip lossless: {mem['lossless']}.", ""]
    return "\n".join(lines)


def render(r):
    written = []
    if r.get("ratios"):
        written.append(_chart(r))
    if r.get("codecs"):
        written.append(_codecs_chart(r))
    os.makedirs(os.path.dirname(DOC), exist_ok=True)
    with open(DOC + ".part", "w", encoding="utf-8") as fh:
        fh.write(_markdown(r))
    os.replace(DOC + ".part", DOC)
    written.append(DOC)
    return written


# -- issue 17: the strongest lossless codecs and GDAL's COGs --------------------------------

CODECS_CHART = os.path.join(ROOT, "docs", "images", "benchmark_codecs.png")


def evaluate_codecs(r):
    out = []
    cod = r.get("codecs") or {}
    real = {n for n, d in r.get("datasets", {}).items() if d.get("real")}
    rows = {n: d["codecs"]["ours L5"].get("vs_best_other") for n, d in cod.items()
            if n in real and d.get("best_other")}
    ints = {n: v for n, v in rows.items() if cod[n]["dtype"][0] in "ui"}
    floats = {n: v for n, v in rows.items() if cod[n]["dtype"][0] == "f"}
    if ints:
        out.append(_target("every integer raster >= 0.97 x best other codec (same tiles)",
                           ", ".join(f"{n} {v:.3f}x" for n, v in ints.items()),
                           min(ints.values()) >= 0.97))
    if floats:
        out.append(_target("non-integer floats >= 1.00 x best other codec",
                           ", ".join(f"{n} {v:.3f}x" for n, v in floats.items()),
                           min(floats.values()) >= 1.0))
    c = r.get("cogs")
    if c:
        out.append(_target(f"whole-raster decode >= 0.6 x GDAL ZSTD COG ({c['dataset']}, "
                           "2 threads)",
                           f"{c['whole_vs_zstd_cog']:.2f}x", c["whole_vs_zstd_cog"] >= 0.6))
        out.append(_target("one 512x512 tile <= 2 x the ZSTD COG's latency",
                           f"{c['tile_vs_zstd_cog']:.2f}x", c["tile_vs_zstd_cog"] <= 2.0))
        out.append(_target("encode >= GDAL ZSTD level 9 COG MB/s",
                           f"{c['encode_vs_zstd_cog']:.2f}x", c["encode_vs_zstd_cog"] >= 1.0))
    outputs = r.get("outputs")
    if outputs:
        worst = {f"{o['dataset']} {label} ({kind})":
                 row[f"ours ({kind})"] / row["gdal_translate"]
                 for o in outputs for label, row in o["runs"].items()
                 for kind in ("streaming", "plain") if f"ours ({kind})" in row}
        out.append(_target("GeoTIFF output not slower than gdal_translate (same options)",
                           ", ".join(f"{k} {v:.2f}x time" for k, v in worst.items()),
                           max(worst.values()) <= 1.0))
    return out


def _codec_names(cod):
    names = []
    for d in cod.values():
        names += [k for k in d["codecs"] if k not in names]
    return names


def _codecs_chart(r):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    cod = r["codecs"]
    datasets_ = list(cod)
    names = [k for k in _codec_names(cod) if not k.startswith("GeoTIFF")]
    fig, ax = plt.subplots(figsize=(10, 4.4), dpi=110)
    width = 0.85 / len(names)
    cmap = plt.get_cmap("tab10")
    for i, key in enumerate(names):
        values = [cod[n]["codecs"].get(key, {}).get("ratio", 0) if
                  cod[n]["codecs"].get(key, {}).get("exact") else 0 for n in datasets_]
        xs = [j + (i - (len(names) - 1) / 2) * width for j in range(len(datasets_))]
        ax.bar(xs, values, width, label=key, color=cmap(i % 10))
    ax.set_xticks(range(len(datasets_)))
    ax.set_xticklabels(datasets_, fontsize=8)
    ax.set_ylabel("compression ratio (raw / encoded)")
    ax.set_title("Lossless codecs on the same 512x512 tiles (higher is better)", fontsize=10)
    ax.legend(fontsize=7, ncol=5, loc="upper right")
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(CODECS_CHART)
    plt.close(fig)
    return CODECS_CHART


def codecs_markdown(r):
    lines = []
    cod = r.get("codecs")
    if cod:
        names = _codec_names(cod)
        lines += [
            "## Against the strongest lossless codecs (same 512x512 tiles)", "",
            "![codec ratios](images/benchmark_codecs.png)", "",
            "Each codec encodes every 512x512 tile on its own (no container); every output was "
            "decoded and compared bit for bit (`not exact`: it did not round-trip). JPEG-XL "
            "lossless (libjxl through imagecodecs), effort 7 and 9, multichannel for 3/4 bands; "
            "JPEG-XL/JPEG-LS/JPEG 2000 (reversible 5/3) get int16 as uint16 (+32768); LERC, "
            "blosc2 (zstd 9, byte shuffle) and pcodec band by band. GeoTIFFs: GDAL files, 512 "
            "tiles, predictor 2 (3 for floats), best interleaving. MB/s: one thread.", "",
            "| codec | " + " | ".join(cod) + " |", "|---|" + "---:|" * len(cod)]
        for key in names:
            cells = []
            for d in cod.values():
                c = d["codecs"].get(key)
                if not c or "error" in c:
                    cells.append("-")
                elif not c["exact"]:
                    cells.append("not exact")
                else:
                    speed = (f" ({c['encode_mbs']:.0f} / {c['decode_mbs']:.0f} MB/s)"
                             if "encode_mbs" in c else "")
                    cells.append(f"{c['ratio']:.3f}{speed}")
            lines.append(f"| {key} | " + " | ".join(cells) + " |")
        lines.append("| **ours L5 / best other** | " + " | ".join(
            f"**{d['codecs']['ours L5'].get('vs_best_other', 0):.3f}** ({d.get('best_other')})"
            for d in cod.values()) + " |")
        lines.append("")
    c = r.get("cogs")
    if c:
        lines += [
            f"## Decode speed against GDAL's COGs ({c['dataset']})", "",
            "Whole raster into memory and one 512x512 tile (tile-aligned, a different tile "
            "each time, GDAL's block cache at 1 MB so nothing is served cached), 2 threads "
            "(GDAL_NUM_THREADS=2; ours: its 2 decode workers). COGs written by "
            "`gdal_translate -of COG` (512 blocks, no overviews, NUM_THREADS=2); ours by "
            "`create_streaming` without overviews.", "",
            "| file | bytes | encode MB/s | whole decode MB/s | one tile ms |",
            "|---|---:|---:|---:|---:|"]
        for name in ("ours", "GDAL ZSTD COG", "GDAL LERC_ZSTD COG"):
            x = c[name]
            lines.append(f"| {name} | {x['bytes']:,} | {x['encode_mbs']:.0f} | "
                         f"{x['whole_decode_mbs']:.0f} | {x['tile_ms']:.2f} |")
        lines.append("")
    outputs = r.get("outputs")
    if outputs:
        lines += [
            "## Writing GeoTIFF outputs", "",
            "`flac_to_raster` (decode + write) against `gdal_translate` writing the same raster "
            "with the same creation options from an uncompressed GeoTIFF (its time includes "
            "process start-up). Milliseconds, medians.", "",
            "| dataset | options | gdal_translate | ours (streaming) | ours (plain) | bytes |",
            "|---|---|---:|---:|---:|---:|"]
        for o in outputs:
            for label, row in o["runs"].items():
                lines.append(f"| {o['dataset']} | {label} | {row['gdal_translate']:.0f} | "
                             f"{row['ours (streaming)']:.0f} | {row['ours (plain)']:.0f} | "
                             f"{row['bytes']:,} |")
        lines.append("")
    return "\n".join(lines)
