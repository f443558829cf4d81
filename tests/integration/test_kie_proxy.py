"""A proxy named in the environment (an office's) is not asked for this computer: demo mode's
server is reached directly, as a browser reaches localhost."""

from __future__ import annotations

import asyncio
import socket

import pytest

from kontext_studio.errors import UnreachableError
from kontext_studio.explain import explain
from kontext_studio.kie.client import KieClient
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.simulator import Simulator
from tests.fixtures import TEST_KEY

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy")


def free_address() -> str:
    """An http address on this computer that nothing listens at."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


@pytest.fixture
def office_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every proxy variable names a proxy that cannot be reached, and none exempts loopback."""
    proxy = free_address()
    for name in PROXY_VARIABLES:
        monkeypatch.setenv(name, proxy)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("office_proxy")
async def test_a_proxy_in_the_environment_does_not_stand_between_the_app_and_the_demo_server(
    simulator: Simulator,
) -> None:
    """Before, every request went to the proxy, and a demo job failed with "KIE cannot be
    reached" before it was sent."""
    async with KieClient(TEST_KEY, base_url=simulator.base_url) as kie:
        assert await kie.credits() > 0
        task = await kie.generate(GenerateRequest(prompt="a lighthouse"))
        for _ in range(200):
            record = await kie.record_info(task)
            if record.is_terminal:
                break
            await asyncio.sleep(0.05)
        assert record.result_url is not None
        body, media = await kie.fetch(record.result_url, max_bytes=50_000_000)
    assert media.startswith("image/") and len(body) > 1000


@pytest.mark.usefixtures("office_proxy")
async def test_a_demo_server_that_stopped_is_not_blamed_on_the_proxy() -> None:
    """Nothing listens where the demo server was: the words say the server refused, not that
    the proxy (which was never asked) could not be reached."""
    async with KieClient(TEST_KEY, base_url=free_address()) as kie:
        with pytest.raises(UnreachableError) as raised:
            await kie.credits()
    assert "the server refused the connection" in explain(raised.value).message
    assert "proxy" not in explain(raised.value).message
