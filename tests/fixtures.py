"""Fixtures shared by integration and UI tests: a fast simulator and a session bound to it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from kontext_studio.jobs.schedule import PollSchedule
from kontext_studio.simulator import Simulator, SimulatorConfig

TEST_KEY = "test-key-0123456789"
FAST_LATENCY = (0.05, 0.2)


def fast_schedule() -> PollSchedule:
    """Poll as if KIE took 0.05-0.2 s, like the test simulator."""
    return PollSchedule(prior=(0.05, 0.08, 0.1, 0.15, 0.2), min_interval_s=0.02)


@pytest.fixture
def simulator(monkeypatch: pytest.MonkeyPatch) -> Iterator[Simulator]:
    """A running simulator; the app's KIE URLs and key point at it."""
    sim = Simulator(SimulatorConfig(latency_s=FAST_LATENCY, seed=1)).start()
    monkeypatch.setenv("KONTEXT_STUDIO_KIE_URL", sim.base_url)
    monkeypatch.setenv("KONTEXT_STUDIO_KIE_UPLOAD_URL", sim.base_url)
    monkeypatch.setenv("KIE_API_KEY", TEST_KEY)
    yield sim
    sim.stop()


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(autouse=True)
def no_aws_profile(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The developer's ~/.aws must not change what these tests do."""
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))


@pytest.fixture(scope="session")
def admin(s3_endpoint: str) -> Any:
    """A plain client for setting up and inspecting the bucket behind the publisher's back."""
    return boto3.session.Session().client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="auto",
        aws_access_key_id="admin",
        aws_secret_access_key="admin-secret",
    )


@pytest.fixture
def bucket(admin: Any) -> str:
    name = f"art-{uuid.uuid4().hex[:12]}"
    admin.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "auto"})
    return name
