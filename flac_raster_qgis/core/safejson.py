"""JSON from untrusted files: bounded in size, nesting and object count; errors as
CorruptFileError.

Parsing JSON amplifies memory by the kind of text: ``[]`` is 2 bytes of text and a 56-byte
list (plus its 8-byte slot), so 64 MiB of nested empty lists cost gigabytes. Before
``json.loads`` runs, a scan in C (regular expressions and ``bytes.count``, no Python loop per
character) measures the nesting depth and counts the containers; genuine metadata and indexes
have few containers per byte (long lists of numbers, short objects), so a bound of one per
CONTAINER_BYTES bytes (plus a base for small texts) refuses the amplifying shapes at no cost
to real files.
"""

import json
import re

from .errors import CorruptFileError

MAX_JSON_BYTES = 64 << 20
MAX_DEPTH = 64
CONTAINER_BYTES = 64      # text bytes per list/object a genuine document has at least
BASE_CONTAINERS = 65536   # plus this many for any document (palettes of 65536 entries)
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")


def _brackets(raw):
    """The brackets of JSON bytes ``raw`` outside strings, in order."""
    return _STRING.sub(b"", raw).translate(None, _NOT_BRACKET)


def _max_depth(brackets, chunk=1 << 20):
    """Deepest nesting of a string of brackets (+1 per opening, -1 per closing): numpy over
    chunks, so neither a Python step per bracket nor memory proportional to the text."""
    import numpy as np
    depth = deepest = 0
    for start in range(0, len(brackets), chunk):
        steps = np.frombuffer(brackets, np.uint8, min(chunk, len(brackets) - start), start)
        levels = np.cumsum(np.where((steps == ord("[")) | (steps == ord("{")), 1, -1)) + depth
        deepest = max(deepest, int(levels.max()))
        depth = int(levels[-1])
    return deepest


def loads(text, what, max_bytes=MAX_JSON_BYTES, max_depth=MAX_DEPTH):
    """Parse ``text`` (str or bytes) describing ``what``; raise CorruptFileError plainly."""
    if isinstance(text, str):
        if len(text) > max_bytes:
            raise CorruptFileError(f"The {what} is implausibly large ({len(text)} characters)")
        raw = text.encode("utf-8", "surrogatepass")
    else:
        raw = bytes(text)
    if len(raw) > max_bytes:
        raise CorruptFileError(f"The {what} is implausibly large ({len(raw)} bytes)")
    brackets = _brackets(raw)
    if _max_depth(brackets) > max_depth:   # before json.loads recurses
        raise CorruptFileError(f"The {what} is nested too deeply to be genuine")
    containers = len(brackets) - brackets.count(b"]") - brackets.count(b"}")
    if containers > BASE_CONTAINERS + len(raw) // CONTAINER_BYTES:
        raise CorruptFileError(f"The {what} holds {containers} lists or objects in "
                               f"{len(raw)} bytes: padding, not genuine content")
    try:
        return json.loads(raw.decode("utf-8") if not isinstance(text, str) else text)
    except UnicodeDecodeError as exc:
        raise CorruptFileError(f"The {what} is not valid UTF-8 text") from exc
    except (ValueError, RecursionError) as exc:
        raise CorruptFileError(f"The {what} is not valid JSON: {exc}") from exc
