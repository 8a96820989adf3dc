"""The command line's grammar: flac-raster 0.1.2's commands, names and flags (its users'
scripts keep working), plus ours. argparse from the standard library: no new dependency.
"""

import argparse

from ..core import choices
from ..core.version import __version__

PROG = "flacraster"
BBOX_FLAGS = ("--bbox", "-b")
EXIT_ERROR = 2           # bad input or a failure; 1 is compare's "different"


class ArgumentError(Exception):
    """A usage error: shown as one line, exit status 2 (argparse's own convention)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise ArgumentError(f"{message} (see '{self.prog} --help')")


def _levels(parser):
    parser.add_argument("-c", "--compression", type=int,
                        default=choices.DEFAULT_COMPRESSION_LEVEL, metavar="LEVEL",
                        choices=choices.compression_levels(),
                        help=f"FLAC compression level {choices.MIN_COMPRESSION_LEVEL}-"
                             f"{choices.MAX_COMPRESSION_LEVEL} (default "
                             f"{choices.DEFAULT_COMPRESSION_LEVEL})")


def _common(parser):
    """-q/-v/-f accepted after the command, where flac-raster 0.1.2 put them."""
    parser.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                        help="no progress and no notes on stderr (errors still shown)")
    parser.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                        help="a traceback with errors, and the core's log messages")


def _force(parser, short=True):
    flags = ("-f", "--force") if short else ("--force",)
    parser.add_argument(*flags, action="store_true", help="replace an existing output file")


def _extent(parser, required=False, bbox_in=None):
    """--bbox, --bbox-crs and --level; ``bbox_in``: a mutually exclusive group --bbox joins
    (extract-streaming picks one of an extent or a tile)."""
    (bbox_in or parser).add_argument(
        *BBOX_FLAGS, dest="bbox", metavar="XMIN,YMIN,XMAX,YMAX",
        **({} if bbox_in else {"required": required}),
        help="the extent to read (a comma-separated list)")
    parser.add_argument("--bbox-crs", metavar="CRS",
                        help="CRS of --bbox, e.g. EPSG:4326 (default: the file's CRS)")
    parser.add_argument("--level", type=int, metavar="N",
                        help="read overview level N (0 = full resolution, the default)")


def build_parser():
    parser = _Parser(prog=PROG, description=(
        "Lossless rasters as FLAC, and reads of only the tiles an extent needs, from a file or "
        "an http(s) URL. Exit status: 0 success, 1 'compare' found differences, 2 error."))
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _common(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("convert", help="raster -> FLAC or FLAC -> GeoTIFF (by extension)",
                       description=(
                           "Convert by extension: a .flac input (or an http(s) URL) becomes a "
                           "GeoTIFF, any other raster becomes FLAC. Several inputs with "
                           "--output-dir convert in parallel processes (--jobs)."))
    p.add_argument("inputs", nargs="+", metavar="IN", help="input file(s); a URL for FLAC")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="output file (default: the input's name with the other extension)")
    p.add_argument("--output-dir", metavar="DIR", help="folder for the outputs (batch mode)")
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                   help="convert up to N files at once, in separate processes (default 1)")
    _levels(p)
    _force(p)
    p.add_argument("-s", "--spatial", action="store_true",
                   help="write a streaming FLAC (tiles + overviews) instead of a plain one")
    p.add_argument("--tile-size", type=int, default=choices.DEFAULT_TILE_SIZE, metavar="N",
                   help="tile size in pixels with --spatial "
                        f"(default {choices.DEFAULT_TILE_SIZE})")
    _common(p)

    p = sub.add_parser("create-streaming", help="raster -> streaming FLAC (tiles + overviews)",
                       description="Write a streaming FLAC: lossless tiles, reduced overviews, "
                                   "readable by extent over HTTP range requests.")
    p.add_argument("input", metavar="IN")
    p.add_argument("-o", "--output", required=True, metavar="OUT")
    p.add_argument("--tile-size", type=int, default=choices.DEFAULT_TILE_SIZE, metavar="N",
                   help=f"tile size in pixels (default {choices.DEFAULT_TILE_SIZE})")
    p.add_argument("--overviews", action=argparse.BooleanOptionalAction, default=True,
                   help="add reduced overview levels (default: yes)")
    p.add_argument("--resampling", choices=choices.RESAMPLINGS,
                   default=choices.DEFAULT_RESAMPLING,
                   help=f"how overviews are reduced (default {choices.DEFAULT_RESAMPLING}; "
                        "mode for categories)")
    _levels(p)
    _force(p)
    _common(p)

    p = sub.add_parser("extract-streaming", help="write one extent or tile of a FLAC raster",
                       description=(
                           "Read exactly one extent or one tile of a FLAC raster (a path or an "
                           "http(s) URL: only the needed tiles are fetched) into a GeoTIFF; "
                           "prints the tiles and bytes read against the file size."))
    p.add_argument("source", metavar="SRC")
    p.add_argument("-o", "--output", required=True, metavar="OUT.tif")
    selector = p.add_mutually_exclusive_group(required=True)
    _extent(p, bbox_in=selector)
    selector.add_argument("--tile-id", type=int, metavar="N", help="tile N (row-major from 0)")
    selector.add_argument("--center", action="store_true",
                          help="the tile holding the raster's centre")
    selector.add_argument("--last", action="store_true", help="the last tile")
    _force(p)
    _common(p)

    for name in ("info", "spatial-info"):
        p = sub.add_parser(name, help="describe a FLAC raster (or any raster) and its tiles"
                           if name == "info" else "the same as info",
                           description="Format, size, CRS, levels and the tile index of a "
                                       "FLAC raster (path or URL); basic facts of any other "
                                       "raster GDAL reads.")
        p.add_argument("source", metavar="SRC")
        p.add_argument("--json", action="store_true", help="print JSON (with every tile)")
        p.add_argument("--tiles", action="store_true", help="list every tile (text output)")
        _common(p)

    p = sub.add_parser("compare", help="are two rasters identical, bit for bit?",
                       description="Exit status 0: identical; 1: different; 2: error.")
    p.add_argument("raster_a", metavar="A")
    p.add_argument("raster_b", metavar="B")
    p.add_argument("-e", "--export", metavar="FILE.json", help="also write the report as JSON")
    p.add_argument("--show-bands", action=argparse.BooleanOptionalAction, default=True,
                   help="per-band lines (default: yes)")
    _common(p)

    p = sub.add_parser("query", help="the level, tiles and byte ranges an extent needs",
                       description=(
                           "Plan a read without reading pixels: the level, window, tiles and "
                           "coalesced byte ranges (JSON). --format data --output OUT.tif reads "
                           "them."))
    p.add_argument("source", metavar="SRC")
    _extent(p, required=True)
    p.add_argument("-f", "--format", choices=("ranges", "data"), default="ranges")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="JSON file (ranges) or GeoTIFF (data; required)")
    _force(p, short=False)
    _common(p)
    return parser


def normalise_argv(argv):
    """``--bbox -105.3,40.3,...`` -> ``--bbox=-105.3,40.3,...``: argparse would take a value
    starting with '-' for an option (flac-raster's own README writes western extents so)."""
    out = []
    i = 0
    while i < len(argv):
        token = argv[i]
        if token in BBOX_FLAGS and i + 1 < len(argv) and argv[i + 1].startswith("-") \
                and "," in argv[i + 1]:
            out.append(f"{token}={argv[i + 1]}" if token.startswith("--")
                       else f"{token}{argv[i + 1]}")
            i += 2
            continue
        out.append(token)
        i += 1
    return out


def parse_bbox(text):
    """"xmin,ymin,xmax,ymax" (quotes and spaces allowed) -> four floats."""
    parts = [p for p in str(text).replace(" ", ",").split(",") if p]
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        values = ()
    if len(values) != 4:
        raise ArgumentError(f"--bbox takes four numbers xmin,ymin,xmax,ymax, not {text!r}")
    return values
