"""The HTTP face of the simulator: one stdlib threading server that plays both KIE hosts.

It runs in its own thread (or in the foreground with ``serve_forever``), so it never touches
the caller's event loop. Each connection gets a daemon thread; slow paths (stalls, faults,
rendering) block only that connection. ``stop()`` also cuts open keep-alive connections, so
nothing lingers after a test.
"""

from __future__ import annotations

import contextlib
import json
import logging
import select
import socket
import socketserver
import threading
import time
from email.message import Message
from email.utils import collapse_rfc2231_value
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kontext_studio.simulator.config import (
    BASE64_UPLOAD,
    CREDIT,
    DOWNLOAD_URL,
    ERROR_FAULTS,
    FILES,
    GENERATE,
    RECORD_INFO,
    STREAM_UPLOAD,
    SimulatorConfig,
)
from kontext_studio.simulator.state import (
    Envelope,
    FileReply,
    RequestRecord,
    SimulatorState,
    TaskInfo,
    envelope,
    upload_envelope,
)

logger = logging.getLogger(__name__)

ROUTES = {
    ("POST", "/api/v1/flux/kontext/generate"): GENERATE,
    ("GET", "/api/v1/flux/kontext/record-info"): RECORD_INFO,
    ("GET", "/api/v1/chat/credit"): CREDIT,
    ("POST", "/api/v1/common/download-url"): DOWNLOAD_URL,
    ("POST", "/api/file-stream-upload"): STREAM_UPLOAD,
    ("POST", "/api/file-base64-upload"): BASE64_UPLOAD,
}
UPLOADS = (STREAM_UPLOAD, BASE64_UPLOAD)
JSON = "application/json"
MAX_BODY_BYTES = 64 * 1024 * 1024
POLL_S = 0.05
GATEWAY_PAGE = (
    "<html><head><title>{status} {reason}</title></head><body><center><h1>{status} {reason}"
    "</h1></center><hr><center>cloudflare</center></body></html>"
)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128
    """socketserver's default backlog of 5 resets connections when a burst of jobs starts at
    once; a reset submit has an unknown outcome, so the demo would show jobs as ``unknown``."""

    state: SimulatorState

    def __init__(self, address: tuple[str, int]) -> None:
        self.stopping = threading.Event()
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        """Skip HTTPServer's reverse DNS lookup of the host (slow without a resolver)."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.debug("simulator connection from %s failed", client_address, exc_info=True)

    def cut_connections(self) -> None:
        with self._open_lock:
            connections = list(self._open)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "KieSimulator/1.0"
    # Headers and body go out in two writes; with Nagle the body waits ~40 ms for an ACK.
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("simulator %s " + format, self.client_address[0], *args)

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        try:
            body = self._read_body()
            if body is None:
                return
            path = urlsplit(self.path).path
            if method == "GET" and path.startswith("/files/"):
                self._serve_file(path)
                return
            endpoint = ROUTES.get((method, path))
            if endpoint is None:
                self._send(404, b'{"code":404,"msg":"Not Found","data":null}', JSON)
                return
            self._serve_api(method, endpoint, body)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            logger.debug("simulator client went away")
            self.close_connection = True
        except Exception:
            logger.exception("simulator failed on %s %s", method, self.path)
            self.close_connection = True

    def _read_body(self) -> bytes | None:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return self._read_chunked()
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY_BYTES:
            self.close_connection = True
            self._send(413 if length > 0 else 400, b"bad request body", "text/plain")
            return None
        return self.rfile.read(length) if length else b""

    def _read_chunked(self) -> bytes | None:
        parts: list[bytes] = []
        total = 0
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(parts)
            total += size
            if total > MAX_BODY_BYTES:
                self.close_connection = True
                self._send(413, b"request body too large", "text/plain")
                return None
            parts.append(self.rfile.read(size))
            self.rfile.readline()

    def _serve_api(self, method: str, endpoint: str, raw: bytes) -> None:
        state = self.server.state
        parsed = _json(raw) if endpoint != STREAM_UPLOAD else None
        fault = state.draw_fault(endpoint)
        generate_body = parsed if endpoint == GENERATE and isinstance(parsed, dict) else None
        state.log_request(
            RequestRecord(method, self.path, endpoint, time.time(), generate_body, fault)
        )
        if fault in ERROR_FAULTS:
            self._send_error_fault(fault, endpoint)
            return
        reply = self._process(endpoint, raw, parsed)
        if endpoint == GENERATE and not self._pause(state.config.generate_delay_s):
            return
        if fault == "timeout" and not self._pause(state.config.faults.timeout_s):
            return
        self._send_transport(fault, json.dumps(reply, ensure_ascii=False).encode(), JSON)

    def _process(self, endpoint: str, raw: bytes, parsed: Any) -> Envelope:
        state = self.server.state
        refusal = state.check_access(self.headers.get("Authorization"))
        if refusal is not None:
            if endpoint in UPLOADS:
                return upload_envelope(refusal["code"], refusal["msg"])
            return refusal
        if endpoint == GENERATE:
            return state.generate(parsed)
        if endpoint == RECORD_INFO:
            query = parse_qs(urlsplit(self.path).query)
            return state.record_info(next(iter(query.get("taskId", [])), None))
        if endpoint == CREDIT:
            return state.credit()
        if endpoint == DOWNLOAD_URL:
            return state.download_url(parsed)
        if endpoint == BASE64_UPLOAD:
            return state.upload_base64(parsed)
        fields = _multipart(self.headers.get("Content-Type", ""), raw)
        file_part = fields.get("file")
        return state.upload(
            file_part[0] if file_part else None,
            _text(fields.get("uploadPath")),
            _text(fields.get("fileName")) or (file_part[1] if file_part else None),
        )

    def _serve_file(self, path: str) -> None:
        state = self.server.state
        reply: FileReply = state.read_file(path)
        fault = None
        if reply.status == 200 and state.is_result_file(path):
            fault = state.draw_fault(FILES, ("drop", "truncate"))
            if not self._pause(state.config.file_delay_s):
                return
        self._send_transport(fault, reply.body, reply.content_type, reply.status)

    def _send_error_fault(self, fault: str | None, endpoint: str) -> None:
        if fault == "envelope_error":
            reply = envelope(500, "Internal server error, please try again later")
        elif fault == "rate_limited":
            reply = envelope(429, "Too many requests, the request was rejected; retry later")
        else:
            self._send_gateway_error()
            return
        if endpoint in UPLOADS:
            reply = upload_envelope(reply["code"], reply["msg"])
        self._send(200, json.dumps(reply).encode(), JSON)

    def _send_gateway_error(self) -> None:
        status = self.server.state.config.faults.http_error_status
        reason = self.responses.get(status, ("Server Error",))[0]
        if status in (502, 503, 504):
            page = GATEWAY_PAGE.format(status=status, reason=reason)
            self._send(status, page.encode(), "text/html; charset=utf-8")
        else:
            self._send(status, f"error code: {status}".encode(), "text/plain; charset=utf-8")

    def _send_transport(
        self, fault: str | None, body: bytes, content_type: str, status: int = 200
    ) -> None:
        """Send a reply, or lose it the way a broken network would."""
        if fault == "drop":
            self.close_connection = True
            return
        self._send(status, body, content_type, truncate=fault == "truncate")

    def _send(self, status: int, body: bytes, content_type: str, *, truncate: bool = False) -> None:
        """Send with an exact Content-Length; ``truncate`` sends half and closes."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if truncate:
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
        else:
            self.wfile.write(body)

    def _pause(self, seconds: float | None) -> bool:
        """Wait ``seconds`` (None: forever). False if the client hung up or the server is
        stopping meanwhile: then there is nobody left to answer."""
        if seconds is not None and seconds <= 0:
            return True
        deadline = None if seconds is None else time.monotonic() + seconds
        while not self.server.stopping.is_set():
            step = POLL_S if deadline is None else min(POLL_S, deadline - time.monotonic())
            if step <= 0:
                return True
            if self._client_gone(step):
                self.close_connection = True
                return False
        self.close_connection = True
        return False

    def _client_gone(self, wait_s: float) -> bool:
        try:
            readable, _, _ = select.select([self.connection], [], [], wait_s)
            if not readable:
                return False
            if self.connection.recv(1, socket.MSG_PEEK) == b"":
                return True
        except OSError:
            return True
        self.server.stopping.wait(wait_s)
        return False


class Simulator:
    """A KIE-compatible service on ``base_url`` (API and upload host in one).

    Binds at construction (port 0 picks a free port), serves after ``start()`` in a daemon
    thread or in the foreground with ``serve_forever()``. Change behaviour at run time with
    ``update(...)``; observe it through ``requests``, ``generate_requests``, ``counts``,
    ``tasks`` and ``credits``.
    """

    def __init__(
        self,
        config: SimulatorConfig | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        stop_poll_s: float = POLL_S,
    ) -> None:
        """``stop_poll_s``: how often the serving loop looks whether ``stop()`` was called,
        so the longest ``stop()`` waits for it (tests that start hundreds pass less)."""
        self._server = _Server((host, port))
        self._stop_poll_s = stop_poll_s
        self._port = int(self._server.server_address[1])
        self._base_url = f"http://{self._server.server_name}:{self._port}"
        self._state = SimulatorState(config or SimulatorConfig(), self._base_url)
        self._server.state = self._state
        self._thread: threading.Thread | None = None
        self._serving = False
        self._closed = False
        self._close_lock = threading.Lock()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``, for both the API and the upload base URL."""
        return self._base_url

    @property
    def port(self) -> int:
        return self._port

    @property
    def config(self) -> SimulatorConfig:
        return self._state.config

    def update(self, **changes: Any) -> SimulatorConfig:
        """Change the running simulator, e.g. ``update(maintenance=True)`` or
        ``update(faults=Faults(drop=1.0))``. ``credits`` resets the balance."""
        return self._state.update(**changes)

    @property
    def credits(self) -> float:
        return self._state.balance

    @property
    def requests(self) -> list[RequestRecord]:
        """Every API request received (not file GETs), in arrival order."""
        return self._state.requests

    @property
    def generate_requests(self) -> list[dict[str, Any]]:
        """The parsed body of every generate POST received, whatever its outcome."""
        return [r.body or {} for r in self._state.requests if r.endpoint == GENERATE]

    def generate_count(self, prompt: str) -> int:
        """How many generate POSTs carried exactly this prompt."""
        return sum(1 for body in self.generate_requests if body.get("prompt") == prompt)

    @property
    def counts(self) -> dict[str, int]:
        """Requests received per endpoint name (see ``config.API_ENDPOINTS``)."""
        return self._state.counts

    @property
    def tasks(self) -> list[TaskInfo]:
        return self._state.tasks()

    def tasks_for_prompt(self, prompt: str) -> list[TaskInfo]:
        return [task for task in self._state.tasks() if task.prompt == prompt]

    def task(self, task_id: str) -> TaskInfo | None:
        return next((task for task in self._state.tasks() if task.task_id == task_id), None)

    def expire_results(self, *, deleted: bool = False) -> None:
        """Make every result URL issued so far answer with the "expired" page; ``deleted``:
        download-url has no fresh link to them either, as on KIE once a result is gone."""
        self._state.expire_results(deleted=deleted)

    def start(self) -> Simulator:
        if self._thread is None:
            self._serving = True
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": self._stop_poll_s},
                name=f"kie-simulator-{self._port}",
                daemon=True,
            )
            self._thread.start()
            logger.info("KIE simulator listening on %s", self._base_url)
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until ``stop()`` from another thread or Ctrl+C."""
        self._serving = True
        logger.info("KIE simulator listening on %s", self._base_url)
        try:
            self._server.serve_forever(poll_interval=self._stop_poll_s)
        finally:
            self._close()

    def stop(self) -> None:
        if self._serving:
            self._server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._close()

    def _close(self) -> None:
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
        self._server.stopping.set()
        self._server.server_close()
        self._server.cut_connections()
        self._state.close()

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def _multipart(content_type: str, body: bytes) -> dict[str, tuple[bytes, str | None]]:
    """Fields of a multipart/form-data body: name -> (content, filename)."""
    header = Message()
    header["Content-Type"] = content_type
    boundary = header.get_boundary()
    if header.get_content_type() != "multipart/form-data" or not boundary:
        return {}
    fields: dict[str, tuple[bytes, str | None]] = {}
    for section in (b"\r\n" + body).split(b"\r\n--" + boundary.encode("latin-1"))[1:]:
        if section.startswith(b"--"):
            break
        head, _, content = section.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        part = Message()
        for line in head.decode("utf-8", "replace").split("\r\n"):
            name, _, value = line.partition(":")
            part[name.strip()] = value.strip()
        field_name = part.get_param("name", header="content-disposition")
        if field_name:
            filename = part.get_filename()
            fields[collapse_rfc2231_value(field_name)] = (content, filename)
    return fields


def _text(part: tuple[bytes, str | None] | None) -> str | None:
    return part[0].decode("utf-8", "replace") if part else None
