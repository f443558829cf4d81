"""Garbage from KIE at the engine level: the real JobEngine, a real SQLite ledger and a real
KieClient, on an httpx.MockTransport whose generate, record-info, download-url and result
replies (and transport failures) come from hypothesis.

``tests/unit/test_kie_fuzz.py`` proves the client turns any reply into a typed error. This
proves the engine does the right thing with those errors: every job ends ``completed``,
``failed``, ``unknown`` or ``timeout``; nothing crashes or logs an ERROR; a job is
``completed`` only with a real, hashed file from a success record; a generate is sent again
only after a reply that proves nothing was created; a task id is only ever one KIE gave.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import io
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from kontext_studio.errors import KontextError, MaintenanceError, RateLimitedError
from kontext_studio.jobs.engine import EngineConfig, JobEngine
from kontext_studio.jobs.schedule import PollSchedule
from kontext_studio.jobs.states import JobState
from kontext_studio.kie import envelope
from kontext_studio.kie.client import KieClient
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.store.ledger import Ledger
from tests.reliability.soak_harness import capture_errors

BASE = "https://api.kie.test"
RESULT = "https://cdn.kie.test/result.png"
TASK = "task-fuzz-1"
# 30 keeps CI fast; set KONTEXT_FUZZ_EXAMPLES=1000 for a deeper local run.
EXAMPLES = int(os.environ.get("KONTEXT_FUZZ_EXAMPLES", "30"))


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (9, 99, 199)).save(out, "PNG")
    return out.getvalue()


PNG = png()
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(["", "0", "1", "3", TASK, RESULT, "http://evil.example/x.png", 10**400]),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)
STATUS = st.sampled_from([200, 200, 200, 201, 400, 401, 403, 404, 422, 429, 455, 500, 502, 503])
CODE = st.one_of(
    st.sampled_from([200, 200, 200, 400, 401, 402, 404, 422, 429, 455, 500, 501]), JSON
)


def envelope_of(data: st.SearchStrategy[Any]) -> st.SearchStrategy[bytes]:
    return st.builds(
        lambda code, msg, payload: json.dumps({"code": code, "msg": msg, "data": payload}).encode(),
        CODE,
        st.one_of(st.just("success"), st.text(max_size=30)),
        data,
    )


def ok(data: Any) -> tuple[int, bytes]:
    return 200, json.dumps({"code": 200, "msg": "success", "data": data}).encode()


GOOD = {
    "generate": [ok({"taskId": TASK})],
    "record": [
        ok({"taskId": TASK, "successFlag": 0, "response": None}),
        ok(
            {
                "taskId": TASK,
                "successFlag": 1,
                "response": {"resultImageUrl": RESULT},
                "createTime": "2024-03-20T10:25:00Z",
                "completeTime": "2024-03-20T10:25:09Z",
            }
        ),
    ],
}


def reply(data: st.SearchStrategy[Any], good: list[Any] | None = None) -> st.SearchStrategy[Any]:
    """The contract's own answer half of the time (so jobs get deep), else (status, body)
    mostly shaped like KIE's, or a transport failure by name."""
    body = st.one_of(
        envelope_of(data),
        envelope_of(data),
        st.builds(lambda v: json.dumps(v).encode(), JSON),
        st.binary(max_size=64),
        st.just(b"<html>502 Bad Gateway</html>"),
    )
    failure = st.sampled_from(["connect", "read_timeout", "protocol"])
    bad = st.one_of(st.tuples(STATUS, body), st.tuples(STATUS, body), failure)
    return st.one_of(st.sampled_from(good), bad) if good else bad


GENERATE_DATA = st.one_of(
    st.just({"taskId": TASK}),
    st.just({"taskId": TASK}),
    st.fixed_dictionaries({"taskId": st.one_of(SCALARS, JSON)}),
    JSON,
)
RECORD_DATA = st.one_of(
    st.fixed_dictionaries(
        {
            "taskId": st.one_of(st.just(TASK), st.just(TASK), SCALARS),
            "successFlag": st.one_of(st.sampled_from([0, 1, 1, 2, 3, "1"]), SCALARS),
            "response": st.one_of(
                st.just({"resultImageUrl": RESULT}),
                st.fixed_dictionaries({"resultImageUrl": st.one_of(SCALARS, JSON)}),
                st.none(),
                JSON,
            ),
            "errorCode": st.one_of(st.sampled_from([None, 400, 500, 501]), SCALARS),
            "errorMessage": st.one_of(st.text(max_size=30), JSON),
            "createTime": st.one_of(st.just("2024-03-20T10:25:00Z"), SCALARS),
            "completeTime": st.one_of(st.just("2024-03-20T10:25:09Z"), SCALARS),
        }
    ),
    JSON,
)
FETCH = st.one_of(
    st.just((200, PNG)),
    st.just((200, PNG)),
    st.tuples(st.sampled_from([200, 403, 404, 410, 429, 500]), st.binary(max_size=64)),
    st.just((200, b"<html><body>This link has expired</body></html>")),
    st.just((200, PNG[: len(PNG) // 2])),
    st.sampled_from(["connect", "read_timeout", "protocol"]),
)


@dataclass
class Script:
    generate: list[Any]
    records: list[Any]
    fetches: list[Any]
    download_url: Any
    sent: list[tuple[str, str]] = field(default_factory=list)
    """(endpoint, how the client must read the reply) per request, in order."""
    task_ids: set[str] = field(default_factory=set)

    def next(self, queue: list[Any]) -> Any:
        return queue.pop(0) if len(queue) > 1 else queue[0]


def failure(name: str, request: httpx.Request) -> Exception:
    if name == "connect":
        return httpx.ConnectError("refused", request=request)
    if name == "read_timeout":
        return httpx.ReadTimeout("timed out", request=request)
    return httpx.RemoteProtocolError("peer closed connection", request=request)


def generate_outcome(item: Any) -> tuple[str, str | None]:
    """How the never-pay-twice rule must read a generate reply: "retry" (nothing was
    created: connection refused, 429, 455), "task" (with its id) or "stop"."""
    if isinstance(item, str):
        return ("retry", None) if item == "connect" else ("stop", None)
    status, body = item
    try:
        data = envelope.unwrap(status, body, charged=True)
        return "task", envelope.parse_task_id(data)
    except (RateLimitedError, MaintenanceError):
        return "retry", None
    except KontextError:
        return "stop", None


def transport(script: Script) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/generate"):
            item = script.next(script.generate)
            kind, task_id = generate_outcome(item)
            script.sent.append(("generate", kind))
            if task_id:
                script.task_ids.add(task_id)
        elif path.endswith("/record-info"):
            item = script.next(script.records)
        elif path.endswith("/download-url"):
            item = script.download_url
        else:
            item = script.next(script.fetches)
        if isinstance(item, str):
            raise failure(item, request)
        status, body = item
        return httpx.Response(status, content=body)

    return httpx.MockTransport(handle)


async def run_script(script: Script, folder: Path) -> tuple[list[Any], Script, list[str]]:
    ledger = Ledger.open(folder / "library.sqlite3")
    client = KieClient(
        "fuzz-key-0123456789", base_url=BASE, upload_url=BASE, transport=transport(script)
    )
    engine = JobEngine(
        ledger,
        client,
        folder / "artworks",
        config=EngineConfig(
            poll_timeout_s=0.12,
            submit_attempts=3,
            retry_base_s=0.001,
            retry_max_s=0.002,
            download_attempts=2,
            shutdown_grace_s=0.1,
        ),
        schedule=PollSchedule(prior=(0.01, 0.02, 0.03, 0.04, 0.05), min_interval_s=0.01),
    )
    loop = asyncio.get_running_loop()
    try:
        with capture_errors(loop) as (handler, loop_errors):
            snap = await engine.submit(GenerateRequest("fuzzed job", aspect_ratio="1:1"))
            await asyncio.wait_for(engine.wait_idle(), 15)
            final = ledger.get(snap.id)
            errors = [f"{r.name}: {r.getMessage()}" for r in handler.records] + loop_errors
    finally:
        await engine.aclose()
        await client.aclose()
        ledger.close()
    return [final], script, errors


@pytest.fixture(scope="module", autouse=True)
def heap_frozen() -> Iterator[None]:
    """What lives before the examples (modules, hypothesis) is frozen out of the garbage
    collector's sight while they run: :func:`capture_errors` collects after each example, to
    hear of a task whose exception nobody read, and went through the whole heap each time
    (0.35 s an example, over half of this test's time). Each collection goes through what
    the examples made, every task among it, as before."""
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    generate=st.lists(reply(GENERATE_DATA, GOOD["generate"]), min_size=1, max_size=3),
    records=st.lists(reply(RECORD_DATA, GOOD["record"]), min_size=1, max_size=4),
    fetches=st.lists(FETCH, min_size=1, max_size=3),
    download_url=reply(st.one_of(st.just(RESULT + "?fresh"), SCALARS)),
)
def test_engine_survives_any_kie_reply(generate, records, fetches, download_url):
    script = Script(list(generate), list(records), list(fetches), download_url)
    with tempfile.TemporaryDirectory() as folder:
        finals, script, errors = asyncio.run(run_script(script, Path(folder)))
        (job,) = finals
        assert errors == []
        assert job.state in {
            JobState.COMPLETED,
            JobState.FAILED,
            JobState.UNKNOWN,
            JobState.TIMEOUT,
        }, job.state

        # Never pay twice: another generate only after a reply that created nothing.
        kinds = [kind for endpoint, kind in script.sent if endpoint == "generate"]
        assert kinds, "no generate was sent"
        assert all(kind == "retry" for kind in kinds[:-1]), kinds
        assert job.submit_count >= len(kinds)
        if kinds[-1] == "stop":
            assert job.state in (JobState.UNKNOWN, JobState.FAILED)
            assert job.task_id is None
        if job.task_id is not None:
            assert job.task_id in script.task_ids  # never an id KIE did not give
        if job.state is JobState.UNKNOWN:
            assert job.task_id is None and job.error_kind == "outcome_unknown"

        if job.state is JobState.COMPLETED:
            data = Path(job.file_path).read_bytes()
            assert hashlib.sha256(data).hexdigest() == job.sha256
            with Image.open(io.BytesIO(data)) as image:
                assert image.size == (job.width, job.height) == (40, 30)
        else:
            assert job.file_path == ""
        leftovers = [p for p in (Path(folder) / "artworks").rglob("*") if p.is_file()]
        assert leftovers == ([Path(job.file_path)] if job.file_path else [])


def test_capture_sees_a_crash():
    """The ERROR capture used above really catches a job_crashed record."""

    async def main() -> list[logging.LogRecord]:
        with capture_errors(asyncio.get_running_loop()) as (handler, _):
            logging.getLogger("kontext_studio.jobs.engine").error(
                "job crashed", extra={"event": "job_crashed"}
            )
        return handler.records

    assert [getattr(r, "event", None) for r in asyncio.run(main())] == ["job_crashed"]
