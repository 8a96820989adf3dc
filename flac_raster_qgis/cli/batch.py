"""``convert``: one file, or many in parallel processes.

Why processes: a conversion is not only libFLAC (which runs outside the GIL): reading the
source through GDAL, the per-tile predictor trial and the sample mapping are Python and NumPy
steps that hold it, and each conversion already uses its own two encode threads. Processes keep
jobs apart (a crash or a huge input stops one job, not the others). Each job is a small
picklable record and each worker calls the same per-file API function a Dask cluster would (no
shared state; outputs are atomic, so a failed or cancelled job leaves nothing behind). One
failing input does not stop the others: each failure is one line on stderr and the exit status
is 2.
"""

import os
import signal
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from urllib.parse import urlsplit

from .. import core
from ..core.sources.byte_source import is_url
from .console import one_line, shown
from .parser import ArgumentError

FLAC_SUFFIX = ".flac"
GEOTIFF_SUFFIXES = (".tif", ".tiff")


@dataclass(frozen=True)
class Job:
    source: str
    target: str
    compression: int = 5
    overwrite: bool = False
    spatial: bool = False
    tile_size: int = 512

    @property
    def to_raster(self):
        """The direction follows the input: FLAC (a .flac file or a URL) -> GeoTIFF."""
        return is_url(self.source) or self.source.lower().endswith(FLAC_SUFFIX)

    def check(self):
        suffix = os.path.splitext(self.target)[1].lower()
        if self.to_raster and suffix not in GEOTIFF_SUFFIXES:
            raise ArgumentError(f"a FLAC input becomes a GeoTIFF: name the output .tif, not "
                                f"{shown(self.target)!r}")
        if not self.to_raster and suffix != FLAC_SUFFIX:
            raise ArgumentError(f"a raster input becomes FLAC: name the output .flac, not "
                                f"{shown(self.target)!r}")
        if self.to_raster and self.spatial:
            raise ArgumentError("--spatial writes a streaming FLAC from a raster; the input "
                                f"{shown(self.source)!r} is already FLAC")


def output_for(source, output_dir=None):
    """The input's name with the other extension, in ``output_dir`` or beside the input (a
    URL's file name lands in the current folder)."""
    if is_url(source):
        folder, name = "", os.path.basename(urlsplit(source).path) or "download.flac"
    else:
        folder, name = os.path.split(source)
    stem = os.path.splitext(name)[0]
    to_raster = is_url(source) or name.lower().endswith(FLAC_SUFFIX)
    name = stem + (GEOTIFF_SUFFIXES[0] if to_raster else FLAC_SUFFIX)
    return os.path.join(output_dir if output_dir is not None else folder, name)


def convert_one(job, feedback=None):
    """Run one job through the core's API; returns the output path."""
    job.check()
    if job.to_raster:
        return core.flac_to_raster(job.source, job.target, overwrite=job.overwrite,
                                   feedback=feedback)
    if job.spatial:
        return core.create_streaming(job.source, job.target, tile_size=job.tile_size,
                                     compression_level=job.compression,
                                     overwrite=job.overwrite, feedback=feedback)
    return core.raster_to_flac(job.source, job.target, compression_level=job.compression,
                               overwrite=job.overwrite, feedback=feedback)


def _worker_job(job):
    """In a worker process: the outcome as plain values (an error is its one-line text)."""
    try:
        return job, convert_one(job), None
    except (core.FlacRasterError, ArgumentError, OSError) as exc:
        return job, None, one_line(exc)


def _worker_init():
    # The parent decides when to stop: a terminal's Ctrl+C reaches the whole process group,
    # and a worker dying mid-write would skip its temp-file clean-up. SIGTERM from the parent
    # unwinds like Ctrl+C (atomic outputs remove their temp file).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _raise_interrupt)


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def run_jobs(jobs, workers, console):
    for job in jobs:
        job.check()   # every usage error before any work
    if len(jobs) == 1 or workers == 1:
        failures = 0
        for job in jobs:
            label = f"convert {os.path.basename(shown(job.source))}"
            try:
                convert_one(job, console.feedback(label))
            except (core.FlacRasterError, OSError) as exc:
                if len(jobs) == 1:
                    raise
                console.error("flacraster convert", f"{shown(job.source)}: {exc}")
                failures += 1
                continue
            console.note(f"Wrote {job.target}")
        return 2 if failures else 0
    return _run_parallel(jobs, workers, console)


def _run_parallel(jobs, workers, console):
    failures = 0
    pool = ProcessPoolExecutor(max_workers=min(workers, len(jobs)), initializer=_worker_init)
    try:
        futures = [pool.submit(_worker_job, job) for job in jobs]
        for future in as_completed(futures):
            job, target, error = future.result()
            if error is not None:
                failures += 1
                console.error("flacraster convert", f"{shown(job.source)}: {error}")
            else:
                console.note(f"Wrote {target}")
    except BaseException:
        _stop_workers(pool)
        raise
    pool.shutdown(wait=True)
    return 2 if failures else 0


def _stop_workers(pool):
    """Cancel what has not started and ask running workers to unwind (SIGTERM), then wait:
    each removes its temporary output before it exits."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # shutdown drops it
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(10)
