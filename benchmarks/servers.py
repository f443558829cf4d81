"""Servers the benchmarks talk to, each in its own process so it never competes with the code
being measured for the GIL (the machine's cores are shared as they would be anyway).

``python -m benchmarks.servers kie '{"latency_s": [5, 20], "rate_limit": 20, ...}'``
    the app's own KIE simulator (:class:`kontext_studio.simulator.Simulator`) on 127.0.0.1.
``python -m benchmarks.servers s3 [TLS_FOLDER]``
    moto's ``ThreadedMotoServer`` on 127.0.0.1; with a folder, moto behind TLS instead
    (:mod:`benchmarks.tls_s3`, certificate ``TLS_FOLDER/s3-cert.pem``), as R2 is reached.

Both print ``READY <base url>`` on stdout once they listen. The KIE one then answers one JSON
command per stdin line with one JSON line on stdout:

* ``{"cmd": "counts"}`` → requests received per endpoint;
* ``{"cmd": "tasks"}`` → every task with its creation and completion time (epoch seconds,
  read back through the public record-info endpoint *after* the counts are taken, so the
  benchmark's own reads are not counted), plus the counts as they were before;
* ``{"cmd": "update", "changes": {...}}`` → ``Simulator.update(**changes)``;
* ``{"cmd": "stop"}`` (or end of input) → stop and exit.
"""

from __future__ import annotations

import json
import struct
import sys
import urllib.request
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any

READY = "READY"


def simulator_config(raw: dict[str, Any]) -> Any:
    from kontext_studio.simulator import SimulatorConfig

    values = dict(raw)
    if "latency_s" in values:
        values["latency_s"] = tuple(values["latency_s"])
    return SimulatorConfig(**values)


def _epoch(text: Any) -> float | None:
    if not text:
        return None
    return datetime.fromisoformat(str(text).replace("Z", "+00:00")).timestamp()


def _task_times(base_url: str, task_ids: list[str]) -> list[dict[str, Any]]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    rows = []
    for task_id in task_ids:
        request = urllib.request.Request(
            f"{base_url}/api/v1/flux/kontext/record-info?taskId={task_id}",
            headers={"Authorization": "Bearer benchmark-reader"},
        )
        with opener.open(request, timeout=30) as reply:
            data = json.loads(reply.read())["data"]
        rows.append(
            {
                "task_id": task_id,
                "created": _epoch(data.get("createTime")),
                "completed": _epoch(data.get("completeTime")),
                "success_flag": data.get("successFlag"),
            }
        )
    return rows


# socketserver's default listen backlog is 5: a burst of more connections than that gets
# SYNs dropped (1 s retransmit) or resets (httpx.ReadError, which on a generate POST makes a
# job "unknown"). KIE has no such limit, so the benchmarks' simulator listens with a real
# backlog. The app's simulator should do the same (see README.md, "Findings").
LISTEN_BACKLOG = 1024


def _unique(data: bytes, tag: str) -> bytes:
    """The same picture as a distinct file: a PNG tEXt chunk / JPEG COM segment naming it."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        payload = b"Comment\x00" + tag.encode()
        chunk = (
            struct.pack(">I", len(payload))
            + b"tEXt"
            + payload
            + struct.pack(">I", zlib.crc32(b"tEXt" + payload))
        )
        at = 8 + 25  # signature + IHDR chunk
        return data[:at] + chunk + data[at:]
    payload = tag.encode()
    return data[:2] + b"\xff\xfe" + struct.pack(">H", len(payload) + 2) + payload + data[2:]


def _fast_renders(noise: float, warm: list[tuple[str, str, float]]) -> None:
    """Draw each (ratio, model, format, size) once; every task still gets its own file.

    KIE draws on its own GPUs. The simulator draws with this machine's CPU (0.8 s for a 2 MP
    PNG), which on a 2-core box would take a core away from the process being measured. With
    ``noise`` the picture gets grain so its PNG is as large as a real one (~1.4 MB per MP)."""
    import io
    import itertools
    import threading

    from PIL import Image

    from kontext_studio.simulator import render

    original = render.render_text_to_image
    cache: dict[tuple[str, str, str, float], bytes] = {}
    lock = threading.Lock()
    serial = itertools.count()

    def draw(ratio: str, model: str, output_format: str, megapixels: float) -> bytes:
        data = original("simulated result", ratio, model, output_format, megapixels)
        if noise > 0:
            picture = Image.open(io.BytesIO(data)).convert("RGB")
            grain = Image.effect_noise(picture.size, noise).convert("RGB")
            data = render.encode(Image.blend(picture, grain, 0.15), output_format)
        return data

    def cached(
        prompt: str,
        ratio: str,
        model: str,
        output_format: str,
        megapixels: float = 1.0,
        *,
        variation: str = "",
    ) -> bytes:
        key = (ratio, model, output_format, megapixels)
        with lock:
            data = cache.get(key)
            if data is None:
                data = cache[key] = draw(*key)
        return _unique(data, f"{next(serial)}:{prompt[:80]}")

    render.render_text_to_image = cached  # type: ignore[assignment]
    for ratio, output_format, megapixels in warm:
        cached("warm-up", ratio, "flux-kontext-pro", output_format, megapixels)


def serve_kie(raw_config: str) -> int:
    from kontext_studio.simulator import Simulator, server

    server._Server.request_queue_size = LISTEN_BACKLOG
    config = json.loads(raw_config or "{}")
    fast = config.pop("fast_render", True)
    noise = float(config.pop("noise", 0.0))
    if fast:
        megapixels = float(config.get("megapixels", 1.0))
        _fast_renders(noise, [("1:1", fmt, megapixels) for fmt in ("jpeg", "png")])
    sim = Simulator(simulator_config(config)).start()
    print(f"{READY} {sim.base_url}", flush=True)
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            command = json.loads(line)
            name = command.get("cmd")
            if name == "stop":
                break
            if name == "counts":
                reply: Any = sim.counts
            elif name == "tasks":
                counts = sim.counts
                ids = [task.task_id for task in sim.tasks]
                reply = {"counts": counts, "tasks": _task_times(sim.base_url, ids)}
            elif name == "update":
                sim.update(**command.get("changes", {}))
                reply = {"ok": True}
            else:
                reply = {"error": f"unknown command {name!r}"}
            print(json.dumps(reply), flush=True)
    finally:
        sim.stop()
    return 0


def serve_s3(tls_folder: str | None = None) -> int:
    from moto.server import ThreadedMotoServer

    from benchmarks.tls_s3 import TlsS3Server

    server: ThreadedMotoServer | TlsS3Server
    if tls_folder:
        server = TlsS3Server(Path(tls_folder)).start()
        url = server.url
    else:
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        url = f"http://{host}:{port}"
    print(f"{READY} {url}", flush=True)
    try:
        for _line in sys.stdin:
            pass
    finally:
        server.stop()
    return 0


def main(argv: list[str]) -> int:
    if argv and argv[0] == "kie":
        return serve_kie(argv[1] if len(argv) > 1 else "{}")
    if argv and argv[0] == "s3":
        return serve_s3(argv[1] if len(argv) > 1 else None)
    usage = "usage: python -m benchmarks.servers kie '{config json}' | s3 [tls folder]"
    print(usage, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
