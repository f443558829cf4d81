"""The simulated KIE account: tasks, files, links, credits, rate window and request log.

Everything here is plain Python behind one lock, with no HTTP; ``server.py`` only moves bytes.
Task progress is computed lazily from a monotonic clock when someone asks, so a thousand
pending tasks cost no threads. Rendering runs on a small pool and is cached per task (bounded:
pictures are deterministic, so an evicted one is simply drawn again).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import logging
import mimetypes
import random
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter, OrderedDict, deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from kontext_studio.kie.models import FORMATS, MAX_SAFETY_EDIT, MAX_SAFETY_GENERATE, MODELS, RATIOS
from kontext_studio.loopback import is_loopback
from kontext_studio.simulator import render
from kontext_studio.simulator.config import (
    ERROR_FAULTS,
    GENERATE,
    TRANSPORT_FAULTS,
    SimulatorConfig,
)
from kontext_studio.simulator.journal import BalanceFile, TaskJournal, UploadFolder

logger = logging.getLogger(__name__)

SAFETY_MESSAGE = "The security tolerance level is out of range and should be 0-2 or 0-6"
CONTENT_POLICY_MESSAGE = "The prompt or image was flagged by the content policy."
MAX_INPUT_BYTES = 20 * 1024 * 1024
RENDER_CACHE_SIZE = 64
RESULT_PREFIX = "/files/r/"
UPLOAD_PREFIX = "/files/uploads/"
HTML = "text/html; charset=utf-8"
SUCCESS, CREATE_FAILED, GENERATE_FAILED = 1, 2, 3

Envelope = dict[str, Any]


def envelope(code: int, msg: str, data: Any = None) -> Envelope:
    return {"code": code, "msg": msg, "data": data}


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class RequestRecord:
    """One request as it arrived. ``body`` is the parsed JSON of generate calls only."""

    method: str
    path: str
    endpoint: str
    time: float
    body: dict[str, Any] | None = None
    fault: str | None = None


@dataclass(frozen=True)
class TaskInfo:
    """A snapshot of one task for tests and benchmarks."""

    task_id: str
    prompt: str
    model: str
    params: dict[str, Any]
    success_flag: int
    error_code: int | None
    cost: float
    result_url: str | None
    created_at: datetime


@dataclass(frozen=True)
class FileReply:
    status: int
    body: bytes
    content_type: str


@dataclass(frozen=True)
class _Params:
    prompt: str
    model: str
    ratio: str | None
    output_format: str
    input_image: str | None


@dataclass
class _Task:
    task_id: str
    body: dict[str, Any]
    params: _Params
    cost: float
    created_wall: datetime
    created_at: float
    duration_s: float
    final_flag: int
    error_code: int | None = None
    error_message: str = ""
    source: bytes | None = None
    """The input image of an edit, until the journal has it (:meth:`SimulatorState._draw`)."""
    result_token: str = ""
    origin_token: str = ""


@dataclass
class _Link:
    """A file URL we handed out: ``target`` is a task id or an upload key."""

    kind: str
    target: str
    expires_at: float
    name: str


@dataclass
class _Upload:
    data: bytes | None
    """The file's bytes, or None when they are kept in :attr:`path`."""
    mime_type: str
    expires_at: float
    path: Path | None = None


@dataclass
class _Log:
    requests: list[RequestRecord] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


class SimulatorState:
    """Thread-safe state of one simulated KIE service reachable at ``base_url``."""

    def __init__(self, config: SimulatorConfig, base_url: str) -> None:
        self._lock = threading.Lock()
        self._config = config
        self._base_url = base_url
        self._rng = random.Random(config.seed)
        self._kept_balance = BalanceFile(config.journal_dir) if config.journal_dir else None
        self._balance = (
            self._kept_balance.load(float(config.credits))
            if self._kept_balance is not None
            else float(config.credits)
        )
        self._window: deque[float] = deque()
        self._tasks: dict[str, _Task] = {}
        self._links: dict[str, _Link] = {}
        self._uploads: dict[str, _Upload] = {}
        self._deleted: set[str] = set()
        """Tasks whose results are gone (:meth:`expire_results`)."""
        self._log = _Log()
        self._renders: OrderedDict[str, Future[bytes]] = OrderedDict()
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kie-sim-render")
        self._journal = (
            TaskJournal(
                config.journal_dir,
                kept_s=config.result_deleted_s,
                most=config.journal_most,
                dropping=self._forget,
            )
            if config.journal_dir
            else None
        )
        self._upload_folder = UploadFolder(config.journal_dir) if config.journal_dir else None
        if self._journal is not None:
            self._restore(self._journal)
        if self._upload_folder is not None:
            self._upload_folder.forget_older(config.upload_ttl_s)

    # Configuration and observation -----------------------------------------------------

    @property
    def config(self) -> SimulatorConfig:
        with self._lock:
            return self._config

    def update(self, **changes: Any) -> SimulatorConfig:
        """Swap in a changed config; ``credits`` resets the balance, ``seed`` the RNG."""
        with self._lock:
            self._config = replace(self._config, **changes)
            if "credits" in changes:
                self._set_balance(float(self._config.credits))
            if "seed" in changes:
                self._rng.seed(self._config.seed)
            return self._config

    @property
    def balance(self) -> float:
        with self._lock, self._balance_held():
            self._refresh_balance()
            return self._balance

    @property
    def requests(self) -> list[RequestRecord]:
        with self._lock:
            return list(self._log.requests)

    @property
    def counts(self) -> dict[str, int]:
        with self._lock:
            return dict(self._log.counts)

    def tasks(self) -> list[TaskInfo]:
        with self._lock:
            now = time.monotonic()
            return [self._info(task, now) for task in self._tasks.values()]

    def expire_results(self, *, deleted: bool = False) -> None:
        """Make every result link handed out so far answer "expired"; ``deleted``: the
        results are gone too, as on KIE after its 14 days, and download-url has no fresh
        link to them (before, it always had one, and an expired link never made a download
        fail here)."""
        with self._lock:
            for link in self._links.values():
                if link.kind != "upload":
                    link.expires_at = 0.0
                    if deleted:
                        self._deleted.add(link.target)

    def log_request(self, record: RequestRecord) -> None:
        with self._lock:
            if self._config.log_requests:
                self._log.requests.append(record)
            self._log.counts[record.endpoint] += 1

    def draw_fault(self, endpoint: str, kinds: tuple[str, ...] = ()) -> str | None:
        """Pick at most one fault for a request to ``endpoint`` (see :class:`Faults`)."""
        with self._lock:
            faults = self._config.faults
            if not faults.applies_to(endpoint):
                return None
            for kind in kinds or (*ERROR_FAULTS, *TRANSPORT_FAULTS):
                probability = getattr(faults, kind)
                if probability > 0 and self._rng.random() < probability:
                    return kind
            return None

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            kept = [upload.path for upload in self._uploads.values() if upload.path is not None]
            self._uploads.clear()
        for path in kept:  # their links name this simulator's port: nothing reads them again
            UploadFolder.forget(path)

    # Access -----------------------------------------------------------------------------

    def check_access(self, authorization: str | None) -> Envelope | None:
        """455 in maintenance, 401 without an accepted Bearer key, else None."""
        config = self.config
        if config.maintenance:
            return envelope(455, "The service is under maintenance, please try again later")
        scheme, _, key = (authorization or "").strip().partition(" ")
        key = key.strip()
        accepted = (
            scheme.lower() == "bearer"
            and bool(key)
            and key not in config.rejected_keys
            and (config.api_key is None or key == config.api_key)
        )
        return None if accepted else envelope(401, "You do not have access permissions")

    # API endpoints ----------------------------------------------------------------------

    def credit(self) -> Envelope:
        return envelope(200, "success", round(self.balance, 2))

    def generate(self, body: Any) -> Envelope:
        if not self._admit():
            return envelope(429, "Too many requests, the request was rejected; retry later")
        checked = validate(body)
        if isinstance(checked, tuple):
            return envelope(*checked)
        config = self.config
        cost = float(config.costs.get(checked.model, 0.0))
        with self._lock, self._balance_held():
            self._refresh_balance()
            if self._balance < cost:
                return envelope(402, "Credits insufficient")
            self._set_balance(self._balance - cost)
        source = self._fetch_input(checked.input_image) if checked.input_image else None
        if checked.input_image and source is None:
            with self._lock, self._balance_held():
                self._refresh_balance()
                self._set_balance(self._balance + cost)
            cost = 0.0
        task = self._new_task(body, checked, cost, source, config)
        if self._journal is not None and self._journal.append(_task_record(task), source):
            task.source = None  # read back from the journal to draw it
        logger.debug("simulated task %s created", task.task_id)
        return envelope(200, "success", {"taskId": task.task_id})

    def record_info(self, task_id: str | None) -> Envelope:
        if not task_id:
            return envelope(422, "taskId is required")
        with self._lock:
            known = task_id in self._tasks
        if not known:
            self._adopt(task_id)
        with self._lock:
            task = self._tasks.get(task_id)
            if task is None:
                return envelope(422, "recordInfo is null")
            data, done = self._record(task, time.monotonic())
        if done and task.final_flag == SUCCESS:
            self._render_future(task)
        return envelope(200, "success", data)

    def download_url(self, body: Any) -> Envelope:
        url = body.get("url") if isinstance(body, dict) else None
        if not isinstance(url, str) or not url:
            return envelope(422, "url is required")
        path = unquote(urlsplit(url).path)
        with self._lock:
            own = self._is_own(url)
            target = (self._link_target(path) or self._result_before(path)) if own else None
            if own and target is None and path.startswith(RESULT_PREFIX):
                return envelope(404, "The file has expired and was deleted")
            if target is None:
                return envelope(422, "Only files generated by KIE are supported")
            kind, key, name = target
            if kind == "result" and self._result_deleted(key):
                return envelope(404, "The file has expired and was deleted")
            expires = time.monotonic() + self._config.fresh_url_ttl_s
            fresh = self._issue(kind, key, name, expires)
        return envelope(200, "success", fresh)

    def upload(self, data: bytes | None, upload_path: Any, file_name: Any) -> Envelope:
        if not data:
            return upload_envelope(400, "No file content was received")
        name = _clean_name(file_name) or f"{uuid.uuid4().hex}{_extension(data)}"
        folder = "/".join(_path_parts(upload_path))
        key = f"{folder}/{name}" if folder else name
        mime_type = _sniff(data) or mimetypes.guess_type(name)[0] or "application/octet-stream"
        path = self._upload_folder.keep(data) if self._upload_folder is not None else None
        with self._lock:
            now = time.monotonic()
            # Those expired, and one of the same name this replaces, go with their files.
            gone = [k for k, old in self._uploads.items() if old.expires_at <= now or k == key]
            dropped = [self._uploads.pop(k) for k in gone]
            kept = None if path is not None else data
            self._uploads[key] = _Upload(kept, mime_type, now + self._config.upload_ttl_s, path)
        for upload in dropped:
            if upload.path is not None:
                UploadFolder.forget(upload.path)
        info = {
            "fileName": name,
            "filePath": key,
            "downloadUrl": f"{self._base_url}{UPLOAD_PREFIX}{quote(key)}",
            "fileSize": len(data),
            "mimeType": mime_type,
            "uploadedAt": iso(datetime.now(UTC)),
        }
        return upload_envelope(200, "File uploaded successfully", info)

    def upload_base64(self, body: Any) -> Envelope:
        if not isinstance(body, dict) or not isinstance(body.get("base64Data"), str):
            return upload_envelope(400, "base64Data is required")
        text = body["base64Data"]
        if text.startswith("data:"):
            text = text.partition(",")[2]
        try:
            data = base64.b64decode("".join(text.split()), validate=True)
        except (binascii.Error, ValueError):
            return upload_envelope(400, "base64Data is not valid base64")
        return self.upload(data, body.get("uploadPath"), body.get("fileName"))

    # Files ------------------------------------------------------------------------------

    def read_file(self, path: str) -> FileReply:
        """The reply to ``GET path`` under /files/: the bytes, or an HTML error page."""
        path = unquote(path)
        now = time.monotonic()
        task: _Task | None = None
        upload: _Upload | None = None
        with self._lock:
            if path.startswith(UPLOAD_PREFIX):
                upload = self._uploads.get(path.removeprefix(UPLOAD_PREFIX))
            else:
                token = path.removeprefix(RESULT_PREFIX).partition("/")[0]
                link = self._links.get(token) if path.startswith(RESULT_PREFIX) else None
                if link is None:
                    return _page(404, "Not found", "There is no file at this address.")
                if link.expires_at <= now:
                    return _page(403, "Link expired", "This link has expired.")
                if link.kind == "upload":
                    upload = self._uploads.get(link.target)
                else:
                    task = self._tasks[link.target]
                    if now < task.created_at + task.duration_s:
                        return _page(404, "Not found", "There is no file at this address.")
        if task is None:  # read outside the lock: kept on disk, it may be a 20 MB photo
            return _upload_reply(upload, now)
        future = self._render_future(task)
        try:
            data = future.result()
        except Exception:
            logger.exception("simulated render of %s failed", task.task_id)
            return _page(500, "Render failed", "The simulator could not draw this image.")
        return FileReply(200, data, render.MIME_TYPES[task.params.output_format])

    def is_result_file(self, path: str) -> bool:
        return unquote(path).startswith(RESULT_PREFIX)

    # Internals (callers hold no lock unless the name says so) ---------------------------

    def _admit(self) -> bool:
        """Sliding window over admitted generate requests; refused ones are not counted."""
        with self._lock:
            limit = self._config.rate_limit
            if limit is None:
                return True
            now = time.monotonic()
            while self._window and self._window[0] <= now - self._config.rate_window_s:
                self._window.popleft()
            if len(self._window) >= limit:
                return False
            self._window.append(now)
            return True

    def _new_task(
        self,
        body: dict[str, Any],
        params: _Params,
        cost: float,
        source: bytes | None,
        config: SimulatorConfig,
    ) -> _Task:
        with self._lock:
            low, high = config.latency_s
            task = _Task(
                task_id=uuid.uuid4().hex,
                body=body,
                params=params,
                cost=cost,
                created_wall=datetime.now(UTC),
                created_at=time.monotonic(),
                duration_s=self._rng.uniform(low, high),
                final_flag=SUCCESS,
                source=source,
            )
            self._decide_outcome(task, config)
            self._tasks[task.task_id] = task
            return task

    def _decide_outcome(self, task: _Task, config: SimulatorConfig) -> None:
        """Called with the lock held; fixes now what record-info will reveal later."""
        word = config.content_policy_word.lower()
        faults = config.faults
        if task.params.input_image and task.source is None:
            task.final_flag, task.duration_s = CREATE_FAILED, 0.0
            task.error_code, task.error_message = 500, "The input image could not be fetched."
        elif word and word in task.params.prompt.lower():
            task.final_flag = GENERATE_FAILED
            task.error_code, task.error_message = 400, CONTENT_POLICY_MESSAGE
        elif (
            faults.task_failure > 0
            and faults.applies_to(GENERATE)
            and self._rng.random() < faults.task_failure
        ):
            task.final_flag = GENERATE_FAILED
            task.error_code, task.error_message = 501, "Generation failed."
        else:
            self._issue_results(task, config)

    def _issue_results(self, task: _Task, config: SimulatorConfig) -> None:
        """Called with the lock held: the links a successful task will show when done."""
        name = f"{task.task_id}.{'png' if task.params.output_format == 'png' else 'jpg'}"
        done = task.created_at + task.duration_s
        task.result_token = self._issue_token("result", task.task_id, name, done, config)
        task.origin_token = self._issue_token("origin", task.task_id, name, done, config)

    def _balance_held(self) -> contextlib.AbstractContextManager[bool]:
        """The kept balance's lock, so that a read of it and the write after are one step for
        every simulator of the folder; nothing to hold without a journal."""
        return self._kept_balance.held() if self._kept_balance else contextlib.nullcontext(False)

    def _refresh_balance(self) -> None:
        """Called with the lock and :meth:`_balance_held` held: a kept (demo) balance as the
        file has it now, where the other simulator of the folder (the window's, a command's)
        may have spent some since this one last read it; full again each new day, even in an
        app left open overnight, unless the other one has begun the day already."""
        if self._kept_balance is None:
            return
        new_day = self._kept_balance.new_day()
        kept = self._kept_balance.current()
        if kept is not None:
            self._balance = kept
        elif new_day:
            self._set_balance(float(self._config.credits))

    def _set_balance(self, credits: float) -> None:
        """Called with the lock held (so the file gets the balances in order): the new
        balance, kept across restarts when the simulator has a journal."""
        self._balance = credits
        if self._kept_balance is not None:
            self._kept_balance.save(credits)

    def _restore(self, journal: TaskJournal) -> None:
        """Tasks of an earlier run, on this run's monotonic clock; their links are new (the
        port is too), as a client of the real KIE would see after its links expired. Kept
        while their results are (:attr:`SimulatorConfig.result_deleted_s`), not while their
        links last: a simulator whose links expire at once (``result_ttl_s=0``, to try a
        job's refresh of its link) emptied the journal as it started, and forgot every task,
        those still generating too."""
        for record in journal.load(self._config.result_deleted_s):
            self._keep(record)

    def _forget(self, task_ids: list[str]) -> None:
        """Forget the tasks the journal dropped while this simulator runs (it keeps the
        newest :attr:`SimulatorConfig.journal_most`), as a restart would: their input images
        are removed with them. Before, such an edit was still known here, its input gone, and
        its Download again drew a picture of the prompt alone, not the edit it had made. Their
        links go too: download-url says the result is deleted, as KIE does after 14 days."""
        with self._lock:
            gone = {task_id for task_id in task_ids if task_id in self._tasks}
            if not gone:
                return
            for task_id in gone:
                del self._tasks[task_id]
                self._renders.pop(task_id, None)
            for token in [
                token
                for token, link in self._links.items()
                if link.kind != "upload" and link.target in gone
            ]:
                del self._links[token]

    def _adopt(self, task_id: str) -> None:
        """Take on ``task_id`` from the journal when another simulator of the same folder
        made it since this one started: in demo mode the window and a command each run one.
        Before, a command's job the open window carried on (the command was stopped) failed
        as "not found", its task unknown to the window's simulator. The file is read outside
        the lock, and not written anew (:meth:`TaskJournal.load`)."""
        if self._journal is None:
            return
        found = self._journal.load(self._config.result_deleted_s, compact=False)
        with self._lock:
            for record in found:
                if record.get("task_id") == task_id and task_id not in self._tasks:
                    self._keep(record)

    def _keep(self, record: dict[str, Any]) -> None:
        """Called with the lock held (or before the server starts): a task the journal
        recorded, on this simulator's monotonic clock, with links of its own."""
        wall, clock = time.time(), time.monotonic()
        try:
            task = _task_from_record(record, clock - (wall - record["created_epoch"]))
        except (KeyError, TypeError, ValueError):
            return
        if task.final_flag == SUCCESS:
            self._issue_results(task, self._config)
        self._tasks[task.task_id] = task

    def _issue_token(
        self, kind: str, task_id: str, name: str, done: float, config: SimulatorConfig
    ) -> str:
        """Called with the lock held. Result lifetimes count from completion, as on KIE."""
        ttl = config.result_ttl_s if kind == "result" else config.origin_ttl_s
        token = uuid.uuid4().hex
        self._links[token] = _Link(kind, task_id, done + ttl, name)
        return token

    def _issue(self, kind: str, target: str, name: str, expires_at: float) -> str:
        """Called with the lock held: a new link and its URL."""
        token = uuid.uuid4().hex
        self._links[token] = _Link(kind, target, expires_at, name)
        return self._link_url(token)

    def _link_url(self, token: str) -> str:
        link = self._links[token]
        return f"{self._base_url}{RESULT_PREFIX}{token}/{quote(link.name)}"

    def _link_target(self, path: str) -> tuple[str, str, str] | None:
        """Called with the lock held: what a URL we issued points at, expired or not."""
        if path.startswith(UPLOAD_PREFIX):
            key = path.removeprefix(UPLOAD_PREFIX)
            return ("upload", key, key.rpartition("/")[2]) if key in self._uploads else None
        if not path.startswith(RESULT_PREFIX):
            return None
        link = self._links.get(path.removeprefix(RESULT_PREFIX).partition("/")[0])
        if link is None:
            return None
        kind = "upload" if link.kind == "upload" else "result"
        return kind, link.target, link.name

    def _result_before(self, path: str) -> tuple[str, str, str] | None:
        """Called with the lock held: what a result URL this simulator handed out before a
        restart on the same port points at, its link unknown since (links are made anew
        at each start), when it still has its task (kept by the journal); None otherwise.
        KIE's file URLs outlive any restart of its own: asked for a fresh link to one, it
        gives one while it has the file, else it answers 404, never 422 (its answer for
        an address that is not its file). Before, the simulator answered 422 to every
        link of its own from before a restart, and a result it had deleted was never
        said to be."""
        if not path.startswith(RESULT_PREFIX):
            return None
        name = path.removeprefix(RESULT_PREFIX).partition("/")[2]
        task = self._tasks.get(name.rpartition(".")[0])
        if task is None or task.final_flag != SUCCESS:
            return None
        return "result", task.task_id, name

    def _result_deleted(self, task_id: str) -> bool:
        """Called with the lock held: whether the result of ``task_id`` is deleted, by
        :meth:`expire_results` or :attr:`SimulatorConfig.result_deleted_s` after its task
        completed."""
        if task_id in self._deleted:
            return True
        task = self._tasks.get(task_id)
        if task is None:
            return False
        done = task.created_at + task.duration_s
        return time.monotonic() >= done + self._config.result_deleted_s

    def _record(self, task: _Task, now: float) -> tuple[dict[str, Any], bool]:
        """Called with the lock held: record-info data and whether the task has finished."""
        done = now >= task.created_at + task.duration_s
        completed = task.created_wall + timedelta(seconds=task.duration_s)
        success = done and task.final_flag == SUCCESS
        data = {
            "taskId": task.task_id,
            "paramJson": json.dumps(task.body, ensure_ascii=False),
            "createTime": iso(task.created_wall),
            "completeTime": iso(completed) if done else None,
            "response": (
                {
                    "originImageUrl": self._link_url(task.origin_token),
                    "resultImageUrl": self._link_url(task.result_token),
                }
                if success
                else None
            ),
            "successFlag": task.final_flag if done else 0,
            "errorCode": task.error_code if done else None,
            "errorMessage": task.error_message if done else "",
        }
        return data, done

    def _info(self, task: _Task, now: float) -> TaskInfo:
        data, _ = self._record(task, now)
        response = data["response"]
        return TaskInfo(
            task_id=task.task_id,
            prompt=task.params.prompt,
            model=task.params.model,
            params=dict(task.body),
            success_flag=data["successFlag"],
            error_code=data["errorCode"],
            cost=task.cost,
            result_url=response["resultImageUrl"] if response else None,
            created_at=task.created_wall,
        )

    def _render_future(self, task: _Task) -> Future[bytes]:
        with self._lock:
            future = self._renders.get(task.task_id)
            if future is not None:
                self._renders.move_to_end(task.task_id)
                return future
            future = self._pool.submit(self._draw, task, self._config.megapixels)
            self._renders[task.task_id] = future
            while len(self._renders) > RENDER_CACHE_SIZE:
                self._renders.popitem(last=False)
            return future

    def _draw(self, task: _Task, megapixels: float) -> bytes:
        """Worker thread: the picture of ``task``; an edit's input is read back from the
        journal when it is not in memory."""
        params = task.params
        source = task.source
        if source is None and params.input_image and self._journal is not None:
            source = self._journal.source(task.task_id)
        if source is None:
            ratio = params.ratio or "16:9"
            return render.render_text_to_image(
                params.prompt,
                ratio,
                params.model,
                params.output_format,
                megapixels,
                variation=task.task_id,
            )
        return render.render_edit(
            source,
            params.prompt,
            params.ratio,
            params.model,
            params.output_format,
            megapixels,
            variation=task.task_id,
        )

    def _is_own(self, url: str) -> bool:
        """Whether ``url`` points at this simulator (127.0.0.1 and localhost alike)."""
        ours, theirs = urlsplit(self._base_url), urlsplit(url)
        try:
            same_port = theirs.port == ours.port
        except ValueError:
            return False
        same_host = theirs.hostname == ours.hostname or (
            is_loopback(theirs.hostname or "") and is_loopback(ours.hostname or "")
        )
        return theirs.scheme == "http" and same_port and same_host

    def _fetch_input(self, url: str) -> bytes | None:
        """The bytes of ``inputImage`` if it is a decodable image we can reach: our own files
        directly, other loopback servers over HTTP, never the real network."""
        parts = urlsplit(url)
        if self._is_own(url):
            reply = self.read_file(parts.path)
            data = reply.body if reply.status == 200 else None
        elif is_loopback(parts.hostname or ""):
            data = _fetch_loopback(url, self.config.input_fetch_timeout_s)
        else:
            logger.debug("simulator refuses to fetch non-loopback input %s", parts.hostname)
            data = None
        return data if data is not None and render.probe(data) else None


def _upload_reply(upload: _Upload | None, now: float) -> FileReply:
    """The reply to a GET of ``upload``: its bytes, read from its file when kept on disk."""
    if upload is None or upload.expires_at <= now:
        return _page(404, "Not found", "This file does not exist or was deleted.")
    data = upload.data
    if data is None and upload.path is not None:
        with contextlib.suppress(OSError):  # gone since: expired, or its simulator stopped
            data = upload.path.read_bytes()
    if data is None:
        return _page(404, "Not found", "This file does not exist or was deleted.")
    return FileReply(200, data, upload.mime_type)


def _task_record(task: _Task) -> dict[str, Any]:
    return {
        "task_id": task.task_id,
        "body": task.body,
        "params": asdict(task.params),
        "cost": task.cost,
        "created_epoch": task.created_wall.timestamp(),
        "duration_s": task.duration_s,
        "final_flag": task.final_flag,
        "error_code": task.error_code,
        "error_message": task.error_message,
    }


def _task_from_record(record: dict[str, Any], created_at: float) -> _Task:
    return _Task(
        task_id=str(record["task_id"]),
        body=dict(record["body"]),
        params=_Params(**record["params"]),
        cost=float(record["cost"]),
        created_wall=datetime.fromtimestamp(float(record["created_epoch"]), UTC),
        created_at=created_at,
        duration_s=float(record["duration_s"]),
        final_flag=int(record["final_flag"]),
        error_code=record["error_code"],
        error_message=str(record["error_message"]),
    )


def validate(body: Any) -> _Params | tuple[int, str]:
    """Check a generate body the way KIE does: the parameters, or (code, msg)."""
    if not isinstance(body, dict):
        return 422, "The request body must be a JSON object"
    prompt = body.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        return 422, "prompt is required"
    ratio = body.get("aspectRatio")
    model = body.get("model", MODELS[0])
    output_format = body.get("outputFormat", "jpeg")
    image = body.get("inputImage")
    safety = body.get("safetyTolerance", 2)
    problem = _field_problem(ratio, model, output_format, image, safety, body)
    if problem:
        return 422, problem
    limit = MAX_SAFETY_EDIT if image is not None else MAX_SAFETY_GENERATE
    if not 0 <= safety <= limit:
        return 500, SAFETY_MESSAGE
    if ratio is None and image is None:
        ratio = "16:9"
    return _Params(prompt, model, ratio, output_format, image)


def _field_problem(
    ratio: Any, model: Any, output_format: Any, image: Any, safety: Any, body: dict[str, Any]
) -> str | None:
    if ratio is not None and ratio not in RATIOS:
        return f"aspectRatio must be one of {', '.join(RATIOS)}"
    if model not in MODELS:
        return f"model must be one of {', '.join(MODELS)}"
    if output_format not in FORMATS:
        return f"outputFormat must be one of {', '.join(FORMATS)}"
    if image is not None and not (
        isinstance(image, str) and image.startswith(("http://", "https://"))
    ):
        return "inputImage must be an http(s) URL"
    if isinstance(safety, bool) or not isinstance(safety, int):
        return "safetyTolerance must be an integer"
    for flag in ("enableTranslation", "promptUpsampling", "uploadCn"):
        if flag in body and not isinstance(body[flag], bool):
            return f"{flag} must be a boolean"
    return None


def upload_envelope(code: int, msg: str, data: Any = None) -> Envelope:
    return {"success": code == 200, **envelope(code, msg, data)}


def _page(status: int, title: str, text: str) -> FileReply:
    html = f"<!DOCTYPE html><html><head><title>{title}</title></head><body><h1>{title}</h1>"
    return FileReply(status, f"{html}<p>{text}</p></body></html>".encode(), HTML)


def _fetch_loopback(url: str, timeout_s: float) -> bytes | None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=timeout_s) as reply:
            data: bytes = reply.read(MAX_INPUT_BYTES + 1)
    except (OSError, urllib.error.URLError, ValueError):
        logger.debug("simulator could not fetch input %s", url, exc_info=True)
        return None
    return data if len(data) <= MAX_INPUT_BYTES else None


def _path_parts(value: Any) -> list[str]:
    if not isinstance(value, str):
        return []
    return [part for part in value.replace("\\", "/").split("/") if part not in ("", ".", "..")]


def _clean_name(value: Any) -> str:
    parts = _path_parts(value)
    return parts[-1] if parts else ""


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
)


def _sniff(data: bytes) -> str | None:
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return next((mime for magic, mime in _MAGIC if data.startswith(magic)), None)


def _extension(data: bytes) -> str:
    mime = _sniff(data)
    return (mimetypes.guess_extension(mime) or "") if mime else ".bin"
