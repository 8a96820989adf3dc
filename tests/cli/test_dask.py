"""The per-file API on a real ``dask.distributed`` cluster of worker processes (not threads),
exactly as the README shows: ``client.map(raster_to_flac, sources, targets)``. Arguments and
results cross process boundaries by pickling; outputs are checked bit for bit."""

import pickle

import numpy as np
from dask.distributed import Client, LocalCluster

from flac_raster_qgis.core import (create_streaming, extract, flac_to_raster, query,
                                   raster_to_flac)
from tests.cli.checks import assert_same_raster
from tests.rasters import fractal_dem, write_raster


def test_client_map_raster_to_flac_on_a_local_process_cluster(tmp_path):
    rng = np.random.default_rng(21)
    sources = [
        write_raster(tmp_path / "dem.tif", fractal_dem(120, 150), nodata=-9999),
        write_raster(tmp_path / "rgb.tif", rng.integers(0, 256, (3, 50, 70)).astype("uint8")),
        write_raster(tmp_path / "f32.tif", rng.normal(0, 9, (60, 40)).astype("float32")),
        write_raster(tmp_path / "u16.tif", rng.integers(0, 65535, (45, 55)).astype("uint16")),
    ]
    targets = [str(p).replace(".tif", ".flac") for p in sources]
    sources = [str(p) for p in sources]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        workers = client.scheduler_info()["workers"]
        assert len({w["id"] for w in workers.values()}) == 2
        pids = set(client.run(lambda: __import__("os").getpid()).values())
        assert len(pids) == 2 and __import__("os").getpid() not in pids   # real processes
        futures = client.map(raster_to_flac, sources, targets, compression_level=5)
        written = client.gather(futures)
        streaming = client.gather(client.map(create_streaming, sources,
                                             [t.replace(".flac", ".s.flac") for t in targets],
                                             tile_size=32))
    assert written == targets
    for src, flac, tiles in zip(sources, written, streaming):
        back = flac_to_raster(flac, flac + ".tif")
        assert_same_raster(src, back)
        assert_same_raster(src, flac_to_raster(tiles, tiles + ".tif"))


def test_api_arguments_and_results_pickle(tmp_path):
    src = write_raster(tmp_path / "a.tif", fractal_dem(64, 64))
    flac = create_streaming(src, tmp_path / "a.flac", tile_size=32)
    plan = query(flac, tile="last")
    done = extract(flac, tmp_path / "last.tif", tile="last")
    for value in (raster_to_flac, flac_to_raster, create_streaming, extract, query, plan, done):
        assert pickle.loads(pickle.dumps(value)) == value
    assert done.plan == plan and done.path == str(tmp_path / "last.tif")
