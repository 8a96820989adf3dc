"""``flacraster``: the core's door outside QGIS (console script and ``python -m
flac_raster_qgis``). Commands and flags follow flac-raster 0.1.2's (see parser.py).

Exit status: 0 success, 1 ``compare`` found differences, 2 an error or bad usage (one plain
line on stderr; ``-v`` adds the traceback), 130/143 interrupted by SIGINT/SIGTERM (nothing
partial is left: the core writes every output to a temporary file and renames it).
"""

import logging
import sys
import traceback
import warnings

from ..core.signals import install_sigterm_handler, termination_requested
from .console import Console
from .parser import EXIT_ERROR, PROG, ArgumentError, build_parser, normalise_argv

EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143


def main(argv=None):
    argv = normalise_argv(list(sys.argv[1:] if argv is None else argv))
    console = Console(quiet="-q" in argv or "--quiet" in argv,
                      verbose="-v" in argv or "--verbose" in argv)
    install_sigterm_handler()   # SIGTERM unwinds like Ctrl+C: no partial output
    try:
        args = build_parser().parse_args(argv)
    except ArgumentError as exc:
        console.error(PROG, exc)
        return EXIT_ERROR
    console = Console(quiet=getattr(args, "quiet", False), verbose=getattr(args, "verbose", False))
    if console.verbose:
        logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    else:
        # Library deprecation notices are for developers (-v shows them); what a user must
        # know about a file reaches them as a note from the core.
        warnings.simplefilter("ignore")
    return run(args, console)


def run(args, console):
    from ..core import FlacRasterError
    from .commands import COMMANDS
    prog = f"{PROG} {args.command}"
    try:
        return COMMANDS[args.command](args, console)
    except ArgumentError as exc:
        console.error(prog, exc)
    except KeyboardInterrupt:
        if termination_requested():
            console.error(prog, "terminated; no partial output was left")
            return EXIT_TERMINATED
        console.error(prog, "interrupted; no partial output was left")
        return EXIT_INTERRUPTED
    except (FlacRasterError, OSError) as exc:
        if console.verbose:
            traceback.print_exc()
        console.error(prog, _for_the_command_line(exc))
    except Exception as exc:  # noqa: BLE001 - a bug: still one line (and -v for the rest)
        if console.verbose:
            traceback.print_exc()
        console.error(prog, f"unexpected {type(exc).__name__}: {exc} (run with -v for "
                            "the traceback)")
    finally:
        console.done()
    return EXIT_ERROR


def _for_the_command_line(exc):
    """The core speaks to Python callers in one place: name the flag instead."""
    from ..core.errors import OutputExistsError
    text = str(exc)
    if isinstance(exc, OutputExistsError):
        text = text.replace("(pass overwrite=True to replace it)", "(-f/--force replaces it)")
    return text
