"""One function per command. Each only parses what argparse gave it and calls the core's
public API (flac_raster_qgis.core): every decision about formats, extents, tiles and bytes
is made there, so the command line, Processing and Python scripts agree.
"""

import json
import os

from .. import core
from .batch import Job, output_for, run_jobs
from .console import shown
from .parser import ArgumentError, parse_bbox

EXIT_OK, EXIT_DIFFERENT = 0, 1


def convert(args, console):
    if len(args.inputs) > 1 and args.output:
        raise ArgumentError("-o/--output names one output; use --output-dir for several inputs")
    if args.jobs < 1:
        raise ArgumentError("--jobs must be 1 or more")
    jobs = []
    for source in args.inputs:
        target = args.output or output_for(source, args.output_dir)
        jobs.append(Job(source, target, args.compression, args.force, args.spatial,
                        args.tile_size))
    targets = [os.path.abspath(j.target) for j in jobs]
    if len(set(targets)) != len(targets):
        raise ArgumentError("two inputs would write the same output file (same name in "
                            "different folders?): convert them in separate runs")
    if args.output_dir and not os.path.isdir(args.output_dir):
        raise core.FlacRasterError(f"The output folder does not exist: {args.output_dir}")
    return run_jobs(jobs, args.jobs, console)


def create_streaming(args, console):
    feedback = console.feedback("create-streaming")
    core.create_streaming(args.input, args.output, tile_size=args.tile_size,
                          compression_level=args.compression, overviews=args.overviews,
                          resampling=args.resampling, overwrite=args.force, feedback=feedback)
    console.note(f"Wrote {args.output}")
    return EXIT_OK


def extract_streaming(args, console):
    tile = _tile_selector(args)
    bounds = parse_bbox(args.bbox) if args.bbox is not None else None
    feedback = console.feedback("extract")
    done = core.extract(args.source, args.output, bounds=bounds, bounds_crs=args.bbox_crs,
                        level=args.level, tile=tile, overwrite=args.force, feedback=feedback)
    plan = done.plan
    share = f" ({100 * done.bytes_read / done.file_size:.2f} % of the file)" \
        if done.file_size else ""
    col, row, width, height = plan.window
    console.result(f"Wrote {args.output}: level {plan.level}, {width}x{height} px at "
                 f"({col}, {row}) from {len(plan.tiles)} tile(s) "
                 f"[{', '.join(str(t.id) for t in plan.tiles)}]; read {done.bytes_read} of "
                 f"{done.file_size} bytes{share} in {done.requests} request(s) "
                 f"from {shown(plan.location)}")
    return EXIT_OK


def info(args, console):
    facts = core.info(args.source, tiles=True)
    if args.json:
        console.result(json.dumps(facts, indent=2, sort_keys=True))
        return EXIT_OK
    for line in _info_lines(facts, args.tiles):
        console.result(line)
    return EXIT_OK


def compare(args, console):
    report = core.compare_rasters(args.raster_a, args.raster_b,
                          feedback=console.feedback("compare"))
    lines = report["summary"]
    for line in lines if args.show_bands else lines[:1]:
        console.result(line)
    if args.export:
        _write_json(args.export, report, overwrite=True)
        console.note(f"Wrote the report to {args.export}")
    return EXIT_OK if report["identical"] else EXIT_DIFFERENT


def query(args, console):
    bounds = parse_bbox(args.bbox)
    if args.format == "data":
        if not args.output:
            raise ArgumentError("--format data needs --output OUT.tif")
        done = core.extract(args.source, args.output, bounds=bounds, bounds_crs=args.bbox_crs,
                            level=args.level, overwrite=args.force,
                            feedback=console.feedback("query"))
        console.note(f"Wrote {args.output}: {len(done.plan.tiles)} tile(s), read "
                     f"{done.bytes_read} of {done.file_size} bytes")
        return EXIT_OK
    plan = core.query(args.source, bounds=bounds, bounds_crs=args.bbox_crs, level=args.level)
    if args.output:
        _write_json(args.output, plan.to_json(), overwrite=args.force)
        console.note(f"Wrote the plan to {args.output}")
    else:
        console.result(json.dumps(plan.to_json(), indent=2))
    return EXIT_OK


COMMANDS = {"convert": convert, "create-streaming": create_streaming,
            "extract-streaming": extract_streaming, "info": info, "spatial-info": info,
            "compare": compare, "query": query}


def _tile_selector(args):
    if args.tile_id is not None:
        return args.tile_id
    if args.center:
        return "center"
    if args.last:
        return "last"
    return None


def _write_json(path, obj, overwrite):
    from ..core.atomic import atomic_output
    with atomic_output(path, overwrite) as tmp:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(obj, fh, indent=2)
            fh.write("\n")


def _info_lines(facts, all_tiles):
    lines = [f"Location: {shown(facts.get('location', ''))}",
             f"Format: {facts.get('format')}"]
    if facts.get("format_version") is not None:
        lines.append(f"Format version: {facts['format_version']}")
    lines.append(f"Size: {facts['width']} x {facts['height']} px, {facts['bands']} band(s), "
                 f"{facts['dtype']}")
    crs = facts.get("crs")
    lines.append("CRS: " + ("none" if not crs else
                            f"EPSG:{crs['epsg']}" if crs.get("epsg") else "custom (WKT)"))
    lines.append("Extent: " + ", ".join(f"{v:.10g}" for v in facts["extent"]))
    lines.append(f"Nodata: {facts.get('nodata')}")
    if facts.get("file_size"):
        lines.append(f"File size: {facts['file_size']} bytes")
    if facts.get("compression_ratio"):
        lines.append(f"Compression ratio: {facts['compression_ratio']}")
    for lv in facts.get("levels", []):
        lines.append(f"Level {lv['level']}: {lv['width']} x {lv['height']} px, "
                     f"{lv['tiles']} tile(s), "
                     f"{'lossless' if lv['lossless'] else lv['resampling']}")
    tiles = facts.get("tile_index") or []
    if tiles:
        lines.append(f"Tile index (level 0): {len(tiles)} tile(s)")
        for t in tiles if all_tiles else tiles[:3] + tiles[-1:] if len(tiles) > 4 else tiles:
            lines.append(f"  tile {t['id']}: window {t['window']}, bbox "
                         f"[{', '.join(f'{v:.10g}' for v in t['bbox'])}], bytes "
                         f"{t['byte_range'][0]}-{t['byte_range'][1]}")
        if not all_tiles and len(tiles) > 4:
            lines.append("  ... (--tiles lists every tile)")
    for warning in facts.get("warnings", []):
        lines.append(f"Warning: {warning}")
    return lines

