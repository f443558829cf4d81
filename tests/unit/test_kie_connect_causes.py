"""Why a connection to KIE could not be made, in words: real sockets and a real TLS server on
loopback, so the causes are the ones the operating system and OpenSSL give."""

from __future__ import annotations

import asyncio
import datetime
import errno
import ipaddress
import socket
import ssl
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kontext_studio.cli.job_output import job_json, print_waited
from kontext_studio.errors import (
    NetworkError,
    ResultDownloadError,
    ResultHostRefusedError,
    UnreachableError,
)
from kontext_studio.explain import explain, explain_kind
from kontext_studio.jobs.engine import EngineConfig, JobEngine
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.client import KieClient
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.store.ledger import Ledger, Snapshot

KEY = "sk-" + "k" * 29
LOOPBACK = "127.0.0.1"
DAY = datetime.timedelta(days=1)
QUICK = EngineConfig(retry_base_s=0.001, retry_max_s=0.002)


def self_signed(folder: Path) -> ssl.SSLContext:
    """A server context whose certificate names 127.0.0.1, in its dates, signed by itself
    (so no client trusts it)."""
    valid_from = datetime.datetime.now(datetime.UTC) - DAY
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, LOOPBACK)])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from)
        .not_valid_after(valid_from + 2 * DAY)
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(LOOPBACK))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context


@asynccontextmanager
async def tls_server(context: ssl.SSLContext) -> AsyncIterator[str]:
    """A TLS server on loopback that hangs up after the handshake; its https address."""

    async def hang_up(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.close()

    server = await asyncio.start_server(hang_up, LOOPBACK, 0, ssl=context)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"https://{LOOPBACK}:{port}"
    finally:
        server.close()
        await server.wait_closed()


class Failing(httpx.AsyncBaseTransport):
    """A network whose every connection fails with ``cause`` under httpx's ConnectError, as
    httpx raises it (a real lookup would need the network this machine may not have; a
    certificate out of date would need a trusted authority)."""

    def __init__(self, cause: OSError) -> None:
        self.cause = cause

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(str(self.cause), request=request) from self.cause


async def failed_credits(
    base_url: str, transport: httpx.AsyncBaseTransport | None = None
) -> NetworkError:
    """The error asking ``base_url`` for the balance raises: nothing was sent, so it is
    the unreachable kind, and its words say why."""
    async with KieClient(KEY, base_url=base_url, upload_url=base_url, transport=transport) as kie:
        with pytest.raises(UnreachableError) as raised:
            await kie.credits()
    return raised.value


def read(error: NetworkError) -> str:
    """What the artist reads: the kind's words, then the cause."""
    return explain(error).message


async def test_an_untrusted_certificate_is_named_not_the_network(tmp_path: Path) -> None:
    """Before, it read "no network, or the server refused the connection"."""
    async with tls_server(self_signed(tmp_path)) as address:
        error = await failed_credits(address)
    assert (
        "the server's certificate could not be verified (a network that inspects secure "
        "connections can cause this)" in read(error)
    )
    assert "no network" not in read(error)


def out_of_date() -> ssl.SSLCertVerificationError:
    """A certificate's check failed for its dates, as every server's does to a computer
    whose clock is wrong."""
    failed = ssl.SSLCertVerificationError(1, "certificate verify failed")
    failed.verify_code = 10  # X509_V_ERR_CERT_HAS_EXPIRED
    return failed


async def test_a_certificate_out_of_date_sends_the_artist_to_the_clock() -> None:
    """Before, the words of the cause said "check the clock" and what to do then said
    "Check your internet connection, then retry.", the kind's words."""
    error = await failed_credits("https://api.example", Failing(out_of_date()))
    words = explain(error)
    assert "the server's certificate is not valid at this computer's date and time" in words.message
    assert words.hint == (
        "Set the clock right (its date, time and time zone; automatic time is best), then retry."
    )


async def stopped_by_the_clock(folder: Path) -> Snapshot:
    """A job stopped by a wrong clock, as read back from the library after a restart."""
    ledger = Ledger.open(folder / "library.sqlite3")
    kie = KieClient(KEY, base_url="https://api.example", transport=Failing(out_of_date()))
    engine = JobEngine(ledger, kie, folder / "library", config=QUICK)
    job = await engine.submit(GenerateRequest("a fox at the wrong hour"))
    stopped = await engine.wait_for(job.id)
    await engine.aclose()
    await kie.aclose()
    ledger.close()
    assert stopped.state is JobState.FAILED
    reopened = Ledger.open(folder / "library.sqlite3")
    read_back = reopened.get(job.id)
    reopened.close()
    assert read_back is not None
    return read_back


async def test_a_job_a_wrong_clock_stopped_still_sends_the_artist_to_the_clock(
    tmp_path: Path,
) -> None:
    """A job keeps its kind and detail; before, its words then took the kind's hint, "Check
    your internet connection, then retry.", on the tile, the preview and the command line,
    also after a restart (read back from the library)."""
    read_back = await stopped_by_the_clock(tmp_path)
    words = explain_kind(read_back.error_kind, read_back.error_detail, read_back.facts)
    assert "not valid at this computer's date and time" in words.message
    assert words.hint.startswith("Set the clock right")
    assert "internet" not in words.hint


async def test_the_command_line_says_to_set_the_clock_for_a_job_a_wrong_clock_stopped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, the cause's own words said "check the clock"; once that moved to what to do,
    ``generate``, ``jobs`` and the JSON said only "`kontext-studio retry 1` sends it once KIE can be
    reached", which a retry with the clock still wrong never is."""
    read_back = await stopped_by_the_clock(tmp_path)
    set_clock = "Set the clock right (its date, time and time zone; automatic time is best)"
    assert job_json(read_back)["hint"].startswith(set_clock)
    assert "kontext-studio retry" in job_json(read_back)["hint"]
    print_waited(read_back)
    assert set_clock in capsys.readouterr().err


def free_port() -> int:
    """A loopback port nothing listens on (bound for a moment, then let go)."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


async def test_a_refused_connection_says_the_server_refused_it() -> None:
    error = await failed_credits(f"http://{LOOPBACK}:{free_port()}")
    assert "the server refused the connection" in read(error)
    assert "no network" not in read(error)


async def test_a_name_not_found_says_so() -> None:
    lookup = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    error = await failed_credits("https://api.example", Failing(lookup))
    said = "the server's name could not be looked up: no network, or a wrong address"
    assert said in read(error)


async def test_a_result_host_not_found_is_not_called_a_wrong_address() -> None:
    """A result's link is KIE's: the artist typed no address there to correct. Before, it
    said "no network, or a wrong address", as of KIE's own address in the settings."""
    lookup = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    async with KieClient(KEY, transport=Failing(lookup)) as kie:
        with pytest.raises(ResultDownloadError) as raised:
            await kie.fetch("https://files.kie.example/fox.png", max_bytes=1000)
    said = read(raised.value)
    assert "the name of the server holding the picture could not be looked up" in said
    assert "wrong address" not in said


async def test_a_result_host_that_refuses_the_connection_is_told_from_one_not_reached() -> None:
    """A link whose server refuses the connection leads nowhere now (a demo server's old
    port); one whose name this computer cannot look up (no network: the name server's
    silence, or its "no such name") may be fine on KIE. The engine ends a job on KIE's "no
    record of the task" only for the first: before, both were one error, and an artist
    offline for a minute lost the image KIE had made. A refusal by another computer is no
    such word either: a firewall, a proxy or a VPN on the way refuses so too, for a while."""
    async with KieClient(KEY) as kie:
        with pytest.raises(ResultHostRefusedError):
            await kie.fetch(f"http://{LOOPBACK}:{free_port()}/fox.png", max_bytes=1000)
    refused = ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")
    codes = (socket.EAI_AGAIN, socket.EAI_NONAME)
    lookups = [socket.gaierror(code, "Temporary failure in name resolution") for code in codes]
    for cause in [refused, *lookups]:
        async with KieClient(KEY, transport=Failing(cause)) as kie:
            with pytest.raises(ResultDownloadError) as raised:
                await kie.fetch("https://files.kie.example/fox.png", max_bytes=1000)
        assert not isinstance(raised.value, ResultHostRefusedError)


async def test_a_refusal_at_every_address_of_the_name_says_the_server_refused_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A name with an IPv6 and an IPv4 address (as KIE's has) is tried at both (happy
    eyeballs): each refusal lies in an exception group under "All connection attempts
    failed". Before, none was read, and it said "no network, or the server refused the
    connection", as if the network might be down."""
    port = free_port()
    looked_up = socket.getaddrinfo

    def both_addresses(host: str | bytes | None, *args: Any, **kwargs: Any) -> Any:
        if host in ("api.kie.test", b"api.kie.test"):
            return [
                (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("::1", port, 0, 0)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", (LOOPBACK, port)),
            ]
        return looked_up(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", both_addresses)
    error = await failed_credits(f"https://api.kie.test:{port}")
    assert "the server refused the connection" in read(error)
    assert "no network" not in read(error)


@pytest.fixture
def proxy_named(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Names a proxy for https in the environment, as a company network does, with no host
    left out of it (NO_PROXY)."""
    for name in ("https_proxy", "all_proxy", "no_proxy", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    return lambda address: monkeypatch.setenv("HTTPS_PROXY", address)


async def test_a_proxy_that_refuses_the_connection_is_named_not_the_server(
    proxy_named: Callable[[str], None],
) -> None:
    """Before, it said "the server refused the connection": KIE's, which was never asked."""
    proxy_named(f"http://{LOOPBACK}:{free_port()}")
    error = await failed_credits("https://api.kie.test")
    assert "the proxy could not be reached" in read(error)
    assert "server" not in read(error)


@asynccontextmanager
async def proxy_refusing(status: bytes) -> AsyncIterator[str]:
    """A proxy on loopback that answers every request to open a way with ``status``; its
    address."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 " + status + b"\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, LOOPBACK, 0)
    try:
        yield f"http://{LOOPBACK}:{server.sockets[0].getsockname()[1]}"
    finally:
        server.close()
        await server.wait_closed()


async def test_a_proxy_that_does_not_let_the_connection_through_says_so(
    proxy_named: Callable[[str], None],
) -> None:
    """Before, it said only "the connection failed"."""
    async with proxy_refusing(b"407 Proxy Authentication Required") as address:
        proxy_named(address)
        error = await failed_credits("https://api.kie.test")
    assert "the proxy did not let the connection through" in read(error)
