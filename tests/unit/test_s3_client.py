"""The boto3 clients a publisher talks to R2 through."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator

import pytest

from kontext_studio.publish.r2_config import R2Config
from kontext_studio.publish.s3_client import _data_loader, make_client

CONFIG = R2Config(
    "https://account.r2.cloudflarestorage.com", "bucket", "AKIAEXAMPLE", "secret-example"
)


def test_publishers_made_one_after_another_leave_botocore_s_search_paths_as_they_were():
    """The clients share botocore's reader of its models (b6708f2), and every boto3 session
    added boto3's data folder to that reader's search paths again: a window open for weeks
    grew the list by two folders every Settings check and change of the R2 settings, each
    searched on when a model is looked for."""
    make_client(CONFIG, 1.0, 1.0, 0)
    before = list(_data_loader().search_paths)

    for _ in range(3):
        make_client(CONFIG, 1.0, 1.0, 0)

    assert _data_loader().search_paths == before


@pytest.fixture
def bucket_on_this_computer() -> Iterator[str]:
    """An S3 store on loopback (as a local MinIO) that answers every HEAD with 200; its
    address."""

    class Answering(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            """Quiet: the test's output is its assertions."""

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answering)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_a_bucket_on_this_computer_is_reached_directly_past_the_environment_s_proxy(
    bucket_on_this_computer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A proxy set for the office cannot reach a local MinIO. Before, botocore sent the
    request through it all the same ("the proxy could not be reached"), where KIE's client
    reaches this computer directly."""
    with socket.socket() as probe:  # a proxy address nothing listens at
        probe.bind(("127.0.0.1", 0))
        dead_proxy = f"http://127.0.0.1:{probe.getsockname()[1]}"
    for name in ("no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", dead_proxy)
    monkeypatch.setenv("HTTPS_PROXY", dead_proxy)
    client = make_client(R2Config(bucket_on_this_computer, "bucket", "AKIAEXAMPLE", "s"), 2, 2, 0)

    answer = client.head_bucket(Bucket="bucket")

    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
