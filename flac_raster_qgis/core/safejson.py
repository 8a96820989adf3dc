"""JSON from untrusted files: bounded in size and nesting, errors as CorruptFileError."""

import json

from .errors import CorruptFileError

MAX_JSON_BYTES = 64 << 20
MAX_DEPTH = 64


def _depth_ok(text, limit):
    """Cheap pre-scan: reject nesting deeper than ``limit`` before json recurses."""
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return False
        elif ch in "]}":
            depth -= 1
    return True


def loads(text, what, max_bytes=MAX_JSON_BYTES, max_depth=MAX_DEPTH):
    """Parse ``text`` (str or bytes) describing ``what``; raise CorruptFileError plainly."""
    if isinstance(text, (bytes, bytearray, memoryview)):
        if len(text) > max_bytes:
            raise CorruptFileError(f"The {what} is implausibly large ({len(text)} bytes)")
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CorruptFileError(f"The {what} is not valid UTF-8 text") from exc
    if len(text) > max_bytes:
        raise CorruptFileError(f"The {what} is implausibly large ({len(text)} characters)")
    if ("[" * (max_depth + 1)) in text or ("{" * (max_depth + 1)) in text or not _depth_ok(text, max_depth):
        raise CorruptFileError(f"The {what} is nested too deeply to be genuine")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise CorruptFileError(f"The {what} is not valid JSON: {exc}") from exc
