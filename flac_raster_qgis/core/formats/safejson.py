"""JSON from untrusted files: bounded in size, nesting and object count; errors as
CorruptFileError.

Parsing JSON amplifies memory by the kind of text: ``[]`` is 2 bytes of text and a 56-byte
list (plus its 8-byte slot), so 64 MiB of nested empty lists cost gigabytes. Before
``json.loads`` runs, scans in C and numpy (``bytes.count``, a cumulative sum; no Python
loop per character, no copy of the text) measure the nesting depth and count the
containers; genuine metadata and indexes have few containers per byte (long lists of
numbers, short objects), so a bound of one per CONTAINER_BYTES bytes (plus a base for small
texts) refuses the amplifying shapes at no cost to real files.
"""

import json
import re

from ..errors import CorruptFileError

MAX_JSON_BYTES = 64 << 20
MAX_DEPTH = 64
CONTAINER_BYTES = 16      # text bytes per list/object a genuine document has at least
                          # (a band entry: ~40; a palette entry "7":[1,2,3,255]: 16)
BASE_CONTAINERS = 65536   # plus this many for any document (palettes of 65536 entries)
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = None   # byte -> +1 for [ and {, -1 for ] and }, 0 otherwise (built on first use)


def _max_depth(text, chunk=1 << 20):
    """Deepest bracket nesting of ``text`` (bytes), in numpy over chunks: no Python step per
    byte and no copy of the text. Brackets inside strings count too, so this is an upper
    bound; :func:`loads` asks for the exact figure only when the bound is exceeded."""
    import numpy as np
    global _STEP
    if _STEP is None:
        step = np.zeros(256, np.int8)
        step[list(b"[{")] = 1
        step[list(b"]}")] = -1
        _STEP = step
    depth = deepest = 0
    for start in range(0, len(text), chunk):
        codes = np.frombuffer(text, np.uint8, min(chunk, len(text) - start), start)
        levels = np.cumsum(_STEP[codes], dtype=np.int64) + depth
        deepest = max(deepest, int(levels.max()))
        depth = int(levels[-1])
    return deepest


def _outside_strings(raw):
    """The brackets of ``raw`` outside JSON strings (a copy: only for suspicious texts)."""
    return _STRING.sub(b"", raw).translate(None, _NOT_BRACKET)


def _openings_in_strings(raw):
    return sum(m.group().count(b"[") + m.group().count(b"{") for m in _STRING.finditer(raw))


def loads(text, what, max_bytes=MAX_JSON_BYTES, max_depth=MAX_DEPTH):
    """Parse ``text`` (str or bytes) describing ``what``; raise CorruptFileError plainly."""
    if isinstance(text, str):
        if len(text) > max_bytes:
            raise CorruptFileError(f"The {what} is implausibly large ({len(text)} characters)")
        raw = text.encode("utf-8", "surrogatepass")
    else:
        raw = text if isinstance(text, bytes) else bytes(text)
    if len(raw) > max_bytes:
        raise CorruptFileError(f"The {what} is implausibly large ({len(raw)} bytes)")
    if _max_depth(raw) > max_depth and _max_depth(_outside_strings(raw)) > max_depth:
        raise CorruptFileError(f"The {what} is nested too deeply to be genuine")
    bound = BASE_CONTAINERS + len(raw) // CONTAINER_BYTES
    containers = raw.count(b"[") + raw.count(b"{")
    if containers > bound:                 # brackets inside strings do not count
        containers -= _openings_in_strings(raw)
        if containers > bound:
            raise CorruptFileError(f"The {what} holds {containers} lists or objects in "
                                   f"{len(raw)} bytes: padding, not genuine content")
    try:
        return json.loads(raw.decode("utf-8") if not isinstance(text, str) else text)
    except UnicodeDecodeError as exc:
        raise CorruptFileError(f"The {what} is not valid UTF-8 text") from exc
    except (ValueError, RecursionError) as exc:
        raise CorruptFileError(f"The {what} is not valid JSON: {exc}") from exc
