"""A library's Publish of several, its artworks sent 1, 2, 4 or 8 at a time.

``batch_publish_ratio_<k>``
    Throughput (artworks a second) of a Publish of ``FILES`` artworks sent ``k`` at a time
    over the same sent one at a time: what ``BATCH_PUBLISHES`` (``ui/publishing.py``: 4)
    buys, and whether another number would buy more. Each run publishes every artwork of a
    fresh library (``import_artworks`` of noise PNGs of ~2.8 MB, a 2 MP generated image's
    size) into a fresh bucket, as ``PublishController._publish_batch`` does: ``k`` workers on
    an asyncio loop, each taking the next artwork and awaiting its ``publish_artwork`` in a
    thread, one :class:`~kontext_studio.publish.Publisher` for all. The S3 server is moto
    (:mod:`benchmarks.tls_s3`) on 127.0.0.1 in its own process, over https as R2 is. Runs of
    1, 2, 4 and 8 alternate, each in a fresh process; only the batch is timed. Medians.

On loopback nothing waits on the network: the figure tells the client's and the server's
CPU cost of running publishes side by side (hashing, TLS, the manifest, the record), which on
a 2-core machine is shared with the server. A real uplink's round trips favour more at once;
its bandwidth, shared by them, does not. Nor does the window: its threads come from asyncio's
default pool, ``min(32, cores + 4)`` of them (6 on 2 cores), so more than that at once runs
no more side by side here, and leaves none for the library's reads, which queue behind them.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from pathlib import Path
from typing import Any

from benchmarks.common import (
    S3Process,
    app_env,
    log,
    median,
    rounded,
    run_worker,
    temp_home,
    worker_main,
)

MODULE = "benchmarks.bench_batch_publish"
ACCESS_KEY = "bench-access"
SECRET_KEY = "bench-secret-0123456789"
AT_ONCE = (1, 2, 4, 8)
FILE_BYTES = 2_800_000


def make_pngs(folder: Path, count: int) -> list[Path]:
    """``count`` PNGs of noise, each of about :data:`FILE_BYTES` (distinct bytes)."""
    from PIL import Image

    width = 1024
    height = FILE_BYTES // (width * 3)
    paths = []
    for n in range(count):
        path = folder / f"noise-{n}.png"
        Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(
            path, "PNG", compress_level=0
        )
        paths.append(path)
    return paths


def _batch(p: dict[str, Any]) -> dict[str, Any]:
    """One Publish of every file in ``p["paths"]``, ``p["at_once"]`` at a time."""
    import boto3

    from kontext_studio.publish import Publisher, R2Config, import_artworks, publish_artwork
    from kontext_studio.store.ledger import Ledger

    home = Path(p["home"]) / uuid.uuid4().hex[:8]
    (home / "library").mkdir(parents=True)
    ledger = Ledger.open(home / "library.sqlite3")
    imported = import_artworks(
        ledger, [Path(path) for path in p["paths"]], library_dir=home / "library"
    )
    ids = [artwork.id for artwork in imported if not isinstance(artwork, Exception)]
    bucket = f"bench-{uuid.uuid4().hex[:12]}"
    admin = boto3.session.Session().client(
        "s3",
        endpoint_url=p["endpoint"],
        region_name="auto",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    admin.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "auto"})
    publisher = Publisher(
        R2Config(
            endpoint_url=p["endpoint"],
            bucket=bucket,
            access_key_id=ACCESS_KEY,
            secret_access_key=SECRET_KEY,
        )
    )
    waiting = list(ids)

    async def worker() -> None:
        while waiting:
            job_id = waiting.pop(0)
            await asyncio.to_thread(publish_artwork, ledger, publisher, job_id)

    async def batch() -> None:
        await asyncio.gather(*(worker() for _ in range(min(p["at_once"], len(ids)))))

    started = time.perf_counter()
    asyncio.run(batch())
    elapsed = time.perf_counter() - started
    published = sum(1 for job_id in ids if (s := ledger.get(job_id)) and s.published_key)
    return {"elapsed_s": elapsed, "published": published}


def run(quick: bool = False, only: set[str] | None = None) -> dict[str, Any]:
    files = 12 if quick else 24
    reps = 3 if quick else 5
    seconds: dict[int, list[float]] = {k: [] for k in AT_ONCE}
    with temp_home("batch-publish") as home, S3Process(tls_folder=home / "tls") as s3:
        paths = make_pngs(home, files)
        env = app_env(home, extra={"AWS_CA_BUNDLE": str(s3.cert_path)})
        for rep in range(reps):
            for at_once in AT_ONCE:
                params = {
                    "endpoint": s3.url,
                    "paths": [str(path) for path in paths],
                    "home": str(home),
                    "at_once": at_once,
                }
                done = run_worker(MODULE, "batch", params, env)
                if done["published"] != files:
                    raise RuntimeError(f"{done['published']} of {files} published")
                seconds[at_once].append(done["elapsed_s"])
                took = done["elapsed_s"]
                log(f"batch publish run {rep + 1}/{reps}, {at_once} at once: {took:.2f} s")
    one = median(seconds[1])
    figures: dict[str, Any] = {
        f"batch_publish_ratio_{k}": rounded(one / median(seconds[k])) for k in AT_ONCE[1:]
    }
    figures["batch_publish"] = {
        "files": files,
        "file_mb": rounded(FILE_BYTES / 2**20, 1),
        "seconds": {str(k): [rounded(s) for s in v] for k, v in seconds.items()},
        "artworks_per_s": {str(k): rounded(files / median(v), 2) for k, v in seconds.items()},
    }
    return figures


if __name__ == "__main__":
    worker_main({"batch": _batch})
