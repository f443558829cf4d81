"""Publishing a 50 MB image to an S3 server, against a raw boto3 upload of the same file.

``publish_ratio``
    Speed of ``Publisher.publish`` of an artwork whose SHA-256 is on record, as every
    library artwork's is (look for an identical object, multipart upload with progress while
    the file is hashed again, verify with ``head_object``, write the manifest) over a
    raw ``boto3`` ``upload_file`` of the same file with boto3's defaults (the floor): floor
    time / app time. The S3 server is moto (:mod:`benchmarks.tls_s3`) on 127.0.0.1 in its own
    process. Runs alternate floor, app, floor, app... each in a fresh process, into a fresh
    bucket (a publish of bytes already there is a no-op by design); only the transfer call is
    timed (client creation and imports are not). Medians. The server speaks https (a
    self-signed certificate, trusted through ``AWS_CA_BUNDLE``), as R2 does: over plain http
    botocore hashes every part into its signature, a cost no R2 upload has.

The file is a real PNG (the publisher refuses anything that is not PNG, JPEG or WebP by its
magic bytes): random RGB noise stored uncompressed (``compress_level=0``), ~50 MB.
"""

from __future__ import annotations

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
from kontext_studio.images.validate import sha256_file

MODULE = "benchmarks.bench_publish"
TARGET_BYTES = 50 * 1024 * 1024
ACCESS_KEY = "bench-access"
SECRET_KEY = "bench-secret-0123456789"


def make_png(path: Path, target_bytes: int = TARGET_BYTES) -> int:
    """A PNG of noise of about ``target_bytes``; returns its size."""
    from PIL import Image

    width = 4096
    height = max(1, target_bytes // (width * 3))
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    image.save(path, "PNG", compress_level=0)
    return path.stat().st_size


def _client(endpoint: str) -> Any:
    import boto3

    return boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint,
        region_name="auto",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


def _new_bucket(client: Any) -> str:
    bucket = f"bench-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "auto"})
    return bucket


def _empty(client: Any, bucket: str) -> None:
    listing = client.list_objects_v2(Bucket=bucket)
    for item in listing.get("Contents", []):
        client.delete_object(Bucket=bucket, Key=item["Key"])
    client.delete_bucket(Bucket=bucket)


def _floor(p: dict[str, Any]) -> dict[str, Any]:
    client = _client(p["endpoint"])
    bucket = _new_bucket(client)
    started = time.perf_counter()
    client.upload_file(p["path"], bucket, "floor/" + Path(p["path"]).name)
    elapsed = time.perf_counter() - started
    _empty(client, bucket)
    return {"elapsed_s": elapsed}


def _app(p: dict[str, Any]) -> dict[str, Any]:
    from kontext_studio.publish import ArtworkMeta, Publisher, R2Config

    admin = _client(p["endpoint"])
    bucket = _new_bucket(admin)
    publisher = Publisher(
        R2Config(
            endpoint_url=p["endpoint"],
            bucket=bucket,
            access_key_id=ACCESS_KEY,
            secret_access_key=SECRET_KEY,
        )
    )
    progress: list[int] = []
    # As ``publish_artwork`` does: every artwork in the library has its SHA-256 on record.
    artwork = ArtworkMeta(
        id=1, title="Benchmark noise 雪", prompt="noise", source="uploaded", sha256=p["sha256"]
    )
    started = time.perf_counter()
    result = publisher.publish(
        Path(p["path"]),
        artwork=artwork,
        progress=lambda done, *_: progress.append(done),
    )
    elapsed = time.perf_counter() - started
    _empty(admin, bucket)
    return {
        "elapsed_s": elapsed,
        "uploaded": result.uploaded,
        "size": result.size,
        "progress_calls": len(progress),
    }


def run(quick: bool = False, only: set[str] | None = None) -> dict[str, Any]:
    reps = 9 if quick else 15  # one upload moves by ±30 % between runs of the same code
    floor_s: list[float] = []
    app_s: list[float] = []
    with temp_home("publish") as home, S3Process(tls_folder=home / "tls") as s3:
        path = home / "noise.png"
        size = make_png(path)
        env = app_env(home, extra={"AWS_CA_BUNDLE": str(s3.cert_path)})
        params = {"endpoint": s3.url, "path": str(path), "sha256": sha256_file(path)}
        for rep in range(reps):
            floor = run_worker(MODULE, "floor", params, env)
            app = run_worker(MODULE, "app", params, env)
            if not app["uploaded"]:
                raise RuntimeError("the publisher skipped the upload; the bucket was not fresh")
            floor_s.append(floor["elapsed_s"])
            app_s.append(app["elapsed_s"])
            log(
                f"publish run {rep + 1}/{reps}: floor {floor['elapsed_s']:.2f} s, "
                f"app {app['elapsed_s']:.2f} s"
            )
    ratio = median(floor_s) / median(app_s)
    return {
        "publish_ratio": rounded(ratio),
        "publish": {
            "file_mb": rounded(size / 2**20, 1),
            "floor_s": [rounded(x) for x in floor_s],
            "app_s": [rounded(x) for x in app_s],
            "floor_median_s": rounded(median(floor_s)),
            "app_median_s": rounded(median(app_s)),
            "floor_mb_per_s": rounded(size / 2**20 / median(floor_s), 1),
            "app_mb_per_s": rounded(size / 2**20 / median(app_s), 1),
        },
    }


if __name__ == "__main__":
    worker_main({"floor": _floor, "app": _app})
