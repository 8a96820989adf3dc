"""Entry point of `make bench`: every figure measured side by side in one run.

    python -m bench.run [--quick] [--reps N] [--no-large] [--only SECTION ...]

Writes bench/results.json, docs/benchmarks.md and docs/images/benchmark_ratios.png.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
import traceback

from . import codecs, memory, ranges, ratios, render, report, throughput
from .common import ROOT, WORK, datasets, remove_temp_dirs

SECTIONS = ("ratios", "study", "codecs", "cogs", "outputs", "throughput", "workers", "ranges",
            "render", "memory")


def _machine():
    import numpy
    import rasterio
    flac = subprocess.run(["flac", "--version"], capture_output=True, text=True).stdout.strip()
    from flac_raster_qgis.core import dependencies
    from flac_raster_qgis.core.codec import flac_binding
    binding = flac_binding.name() or "missing"
    binding = f"{binding} {dependencies.version_of(binding)}".strip()
    with open("/proc/cpuinfo") as fh:
        models = [line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")]
    return {"cpu": models[0] if models else platform.processor(), "cores": os.cpu_count(),
            "python": platform.python_version(), "numpy": numpy.__version__,
            "rasterio": rasterio.__version__, "gdal": rasterio.__gdal_version__,
            "flac_cli": flac, "flac_binding": binding,
            "load_average_at_start": list(os.getloadavg())}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="one repetition, smaller synthetic and large rasters (development)")
    parser.add_argument("--reps", type=int, default=None, help="repetitions per timing (median)")
    parser.add_argument("--no-large", action="store_true", help="skip the large-raster memory test")
    parser.add_argument("--only", nargs="*", choices=SECTIONS, help="run only these sections")
    parser.add_argument("--no-render", action="store_true", help="write results.json only")
    args = parser.parse_args(argv)
    reps = args.reps or (1 if args.quick else 5)
    sections = set(args.only or SECTIONS)
    if args.no_large:
        sections.discard("memory")
    os.makedirs(WORK, exist_ok=True)
    started = time.time()

    def log(text):
        print(text, flush=True)

    results = {"generated": datetime.datetime.now().isoformat(timespec="seconds"),
               "settings": {"quick": args.quick, "reps": reps, "sections": sorted(sections)},
               "machine": _machine(), "datasets": {}, "notes": [], "errors": {}}
    data = datasets(args.quick)
    results["datasets"] = {d.name: {"path": os.path.relpath(d.path, os.path.dirname(ROOT)),
                                    "real": d.real, "note": d.note} for d in data}
    if not any(d.real for d in data):
        results["notes"].append("../shared/data is absent: only the synthetic DEM was measured.")

    def section(name, fn):
        if name not in sections:
            return None
        log(f"== {name}")
        t0 = time.time()
        try:
            value = fn()
        except Exception as exc:  # one broken section must not hide the others' figures
            traceback.print_exc()
            results["errors"][name] = f"{type(exc).__name__}: {exc}"
            value = None
        log(f"   ({time.time() - t0:.0f} s)")
        return value

    def per_dataset(measure):
        """Run ``measure(dataset)`` for every dataset, keyed by dataset name."""
        def run():
            out = {}
            for d in data:
                log(f"  {d.name}")
                out[d.name] = measure(d)
            return out
        return run

    results["ratios"] = section("ratios", per_dataset(lambda d: ratios.measure(d, log)))
    results["study"] = section("study", per_dataset(lambda d: ratios.study(d, log)))
    results["codecs"] = section("codecs", per_dataset(lambda d: codecs.tile_ratios(d, log)))
    results["throughput"] = section("throughput",
                                    per_dataset(lambda d: throughput.measure(d, reps, log)))
    big = next((d for d in data if d.name == "ETOPO5"), data[-1])
    results["workers"] = section("workers", lambda: throughput.workers(big, reps, log))
    results["cogs"] = section("cogs", lambda: codecs.decode_speed(big, reps, log))
    results["outputs"] = section("outputs", lambda: [codecs.geotiff_output(d, reps, log)
                                                     for d in data if d.name in ("SRTM", big.name)])
    results["ranges"] = section("ranges", lambda: ranges.measure(big, log))
    results["render"] = section("render", lambda: render.measure(big, log, reps))
    size = 4096 if args.quick else 10980
    results["memory"] = section("memory", lambda: memory.measure(size, log))

    results["targets"] = report.evaluate(results)
    results["seconds"] = time.time() - started
    path = os.path.join(ROOT, "bench", "results.json")
    with open(path + ".part", "w") as fh:
        json.dump(results, fh, indent=1, default=str)
    os.replace(path + ".part", path)
    log(f"wrote {os.path.relpath(path, ROOT)} ({results['seconds']:.0f} s)")
    if not args.no_render:
        for written in report.render(results):
            log(f"wrote {os.path.relpath(written, ROOT)}")
    for t in results["targets"]:
        log(f"  [{'PASS' if t['pass'] else 'FAIL' if t['pass'] is False else ' -- '}] "
            f"{t['target']}: {t['measured']}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        remove_temp_dirs()
