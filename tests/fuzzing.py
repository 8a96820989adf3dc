"""Shared settings and checks for the fuzz tests (tests/core/test_fuzz_*.py).

The suite runs a small fixed budget (``FLACRASTER_FUZZ_EXAMPLES``, default 30 examples per
test, derandomised so that CI sees the same inputs every time); ``make fuzz`` sets a large
budget and random inputs. Every example is checked the same way: the reader either raises
one of the exception types it documents (``ALLOWED``) or returns exactly the right pixels,
with a bounded memory peak, and the outcome is tallied for docs/reliability.md.
"""

import contextlib
import os
import tracemalloc
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, settings

from flac_raster_qgis.core.errors import (ChecksumMismatchError, CorruptFileError,
                                          NoPixelsError, NotAFlacRasterError)
from tests.reliability_report import tally

EXAMPLES = max(1, int(os.environ.get("FLACRASTER_FUZZ_EXAMPLES", "30")))
LONG_RUN = "FLACRASTER_FUZZ_EXAMPLES" in os.environ

# What a reader may raise on a damaged or hostile file: nothing else (no IndexError,
# MemoryError, RecursionError, zlib.error, ValueError...). TransportError is *not* here:
# a local file never fails to deliver bytes the validated index points to.
ALLOWED = (NotAFlacRasterError, CorruptFileError, ChecksumMismatchError, NoPixelsError)
ALLOWED_NAMES = ", ".join(t.__name__ for t in ALLOWED)

MEMORY_LIMIT = 48 << 20   # traced peak per example; the test files decode in < 2 MiB


def fuzz_settings(scale=1.0, **overrides):
    """Hypothesis settings for one fuzz test (``scale`` for expensive examples)."""
    values = dict(
        max_examples=max(1, int(EXAMPLES * scale)),
        deadline=timedelta(seconds=30),    # one example; the machine is shared and slow
        derandomize=not LONG_RUN,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                               HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )
    values.update(overrides)
    return settings(**values)


def fuzz_timeout(scale=1.0, per_example=3.0):
    """A pytest-timeout mark that grows with the budget: a hang fails, a big budget does not."""
    return pytest.mark.timeout(int(120 + EXAMPLES * scale * per_example))


@contextlib.contextmanager
def bounded_memory(limit=MEMORY_LIMIT):
    """Fail if Python/numpy allocations inside the block peak above ``limit`` bytes.

    numpy reports its buffers to tracemalloc, so an array sized by an untrusted number shows
    up here (libFLAC's own buffers are bounded by the FLAC format itself).
    """
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        yield
    finally:
        _, peak = tracemalloc.get_traced_memory()
        if started:
            tracemalloc.stop()
    assert peak <= limit, f"memory peak {peak >> 20} MiB above {limit >> 20} MiB"


def _same(result, expected):
    return (result is not None and len(result) == len(expected)
            and all(g.dtype == w.dtype and g.shape == w.shape and g.tobytes() == w.tobytes()
                    for g, w in zip(result, expected)))


def classify(category, case, run, expected=None, exact=True, allowed=ALLOWED):
    """Run ``run()`` -> list of arrays (or None); tally and return the outcome.

    Outcomes: the name of an allowed exception, "exact pixels" (equal bit for bit to
    ``expected``), or - only with ``exact=False``, for hostile content whose checksums were
    recomputed as an attacker would - "well-formed read, other pixels". With ``exact=True``
    a read that differs from ``expected`` fails the test: wrong pixels, silently.
    """
    try:
        with bounded_memory():
            result = run()
    except allowed as exc:
        assert str(exc).strip(), f"{type(exc).__name__} without a message"
        outcome = type(exc).__name__
    else:
        if expected is None:
            outcome = "well-formed read"
        elif _same(result, expected):
            outcome = "exact pixels"
        else:
            assert not exact, "a damaged file decoded to wrong pixels without an error"
            outcome = "well-formed read, other pixels"
    tally(category, case, outcome)
    return outcome
