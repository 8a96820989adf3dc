"""Coverage-guided fuzzing of every reader with atheris (``make fuzz``; not part of pytest).

Seeds: a streaming container, one of our plain files and flac-raster 0.1.x streaming and
plain files, all generated here. Each input is written to a temporary file and opened with
open_flac; level 0 (and the first overview) are read whole. Allowed: a FlacRasterError, or a
successful read. Anything else (IndexError, MemoryError, RecursionError, a crash) is a bug:
atheris stops and prints the input.

    python -m tests.fuzz_atheris -runs=20000 [-max_len=200000]
"""

import atexit
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def seeds(folder):
    import numpy as np

    from flac_raster_qgis.core import create_streaming, raster_to_flac
    from tests.core.test_legacy_generated import TRANSFORM, dem, plain_file, streaming_file
    from tests.rasters import fractal_dem, write_raster
    src = write_raster(folder / "src.tif", np.stack([fractal_dem(40, 36, seed=s)
                                                     for s in (1, 2)]))
    create_streaming(str(src), str(folder / "seed_streaming.flac"), tile_size=16)
    raster_to_flac(str(src), str(folder / "seed_plain.flac"))
    (folder / "seed_legacy_streaming.flac").write_bytes(
        streaming_file(dem(30, 34), TRANSFORM, 16))
    (folder / "seed_legacy_plain.flac").write_bytes(plain_file(dem(12, 10)[None], TRANSFORM))
    return sorted(folder.glob("seed_*.flac"))


def main():
    import atheris

    with atheris.instrument_imports():
        from flac_raster_qgis.core import open_flac
        from flac_raster_qgis.core.errors import FlacRasterError

    work = Path(tempfile.mkdtemp(prefix="flacraster-atheris-"))
    corpus = work / "corpus"
    corpus.mkdir()
    for seed in seeds(work):
        (corpus / seed.name).write_bytes(seed.read_bytes())
    case = work / "case.flac"

    def one_input(data):
        case.write_bytes(data)
        try:
            with open_flac(str(case)) as reader:
                reader.info()
                for lv in reader.levels[:2]:
                    if lv.width * lv.height <= 1 << 22:
                        reader.read_window(lv.index, 0, 0, lv.width, lv.height)
        except FlacRasterError:
            pass

    args = [sys.argv[0]] + [a for a in sys.argv[1:]] + [str(corpus)]
    if not any(a.startswith("-max_len") for a in args):
        args.insert(1, "-max_len=200000")
    if not any(a.startswith("-rss_limit_mb") for a in args):
        args.insert(1, "-rss_limit_mb=2048")
    atexit.register(shutil.rmtree, work, True)   # atheris.Fuzz() ends with sys.exit
    atheris.Setup(args, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
