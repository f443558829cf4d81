"""Settings of the KIE simulator. Both classes are frozen: change a running simulator with
``Simulator.update(...)``, which swaps the whole config under a lock."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

# Endpoint names, as used by Faults.endpoints and in the request log.
GENERATE = "generate"
RECORD_INFO = "record-info"
CREDIT = "credit"
DOWNLOAD_URL = "download-url"
STREAM_UPLOAD = "file-stream-upload"
BASE64_UPLOAD = "file-base64-upload"
FILES = "files"
API_ENDPOINTS = frozenset(
    {GENERATE, RECORD_INFO, CREDIT, DOWNLOAD_URL, STREAM_UPLOAD, BASE64_UPLOAD}
)

# Order matters: Faults tries them in this order and applies the first that fires.
ERROR_FAULTS = ("http_error", "envelope_error", "rate_limited")
TRANSPORT_FAULTS = ("timeout", "drop", "truncate")
PROBABILITIES = (*ERROR_FAULTS, *TRANSPORT_FAULTS, "task_failure")

DEFAULT_COSTS: Mapping[str, float] = MappingProxyType(
    {"flux-kontext-pro": 5.0, "flux-kontext-max": 10.0}
)


MOST_TASKS = 5000
"""How many tasks a demo server's journal keeps, the newest: one left running for days
wrote a line for each of its tasks, and the file, read whole at each start, grew until then
(:class:`~kontext_studio.simulator.journal.TaskJournal`)."""


@dataclass(frozen=True)
class Faults:
    """Per-request fault probabilities (0..1), drawn from the simulator's seeded RNG.

    Error faults (``http_error``, ``envelope_error``, ``rate_limited``) replace the request's
    processing: nothing is created or charged. Transport faults (``timeout``, ``drop``,
    ``truncate``) hit the reply of a request that *was* processed, which is how a real client
    ends up not knowing whether its generate call created a task. At most one fault applies
    to a request; they are tried in the order of the fields below.
    """

    http_error: float = 0.0
    envelope_error: float = 0.0
    rate_limited: float = 0.0
    timeout: float = 0.0
    drop: float = 0.0
    truncate: float = 0.0
    task_failure: float = 0.0
    """Probability that a created task ends with successFlag 3, errorCode 501."""
    http_error_status: int = 502
    """The status of an ``http_error``'s page, with no envelope: a gateway's 5xx, or a 4xx
    (404, 422) that a gateway or a proxy sends in KIE's place."""
    timeout_s: float | None = 30.0
    """How long a ``timeout`` fault stalls before answering; None: until the client hangs up."""
    endpoints: frozenset[str] | None = None
    """Restrict faults to these endpoint names (see API_ENDPOINTS); None means all of them."""
    files: bool = False
    """Also apply ``drop`` and ``truncate`` to GETs of result files."""

    def __post_init__(self) -> None:
        for name in PROBABILITIES:
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be a probability between 0 and 1")
        if not 400 <= self.http_error_status <= 599:
            raise ValueError("http_error_status must be a 4xx or 5xx status")
        unknown = (self.endpoints or frozenset()) - API_ENDPOINTS
        if unknown:
            raise ValueError(f"unknown endpoints: {sorted(unknown)}")

    def applies_to(self, endpoint: str) -> bool:
        if endpoint == FILES:
            return self.files
        return self.endpoints is None or endpoint in self.endpoints


@dataclass(frozen=True)
class SimulatorConfig:
    """Behaviour of the simulated KIE service. Defaults imitate the live service."""

    latency_s: tuple[float, float] = (5.0, 20.0)
    api_key: str | None = None
    """None accepts any non-empty key except those in ``rejected_keys``; else only this key."""
    rejected_keys: frozenset[str] = frozenset({"invalid-key"})
    credits: float = 1000.0
    """Starting balance; ``update(credits=...)`` resets the balance."""
    costs: Mapping[str, float] = field(default_factory=lambda: DEFAULT_COSTS)
    rate_limit: int | None = 20
    """New generate requests allowed per ``rate_window_s``; None disables the limit."""
    rate_window_s: float = 10.0
    result_ttl_s: float = 14 * 86400
    result_deleted_s: float = 14 * 86400
    """How long after its completion a result is deleted, as on KIE after its 14 days:
    download-url has no fresh link to it then (:meth:`Simulator.expire_results` deletes
    every one at once)."""
    origin_ttl_s: float = 600.0
    fresh_url_ttl_s: float = 1200.0
    """Lifetime of links handed out by download-url."""
    upload_ttl_s: float = 3 * 86400
    generate_delay_s: float = 0.0
    """Stall before answering a generate POST; the task already exists during the stall."""
    file_delay_s: float = 0.0
    """Stall before answering a GET of a result image."""
    megapixels: float = 1.0
    content_policy_word: str = "forbidden"
    seed: int | None = None
    journal_dir: Path | None = None
    """Keep tasks here across restarts (demo mode, whose simulator restarts with the app),
    and the edits' input images and the uploads on disk rather than in memory."""
    journal_most: int = MOST_TASKS
    """How many tasks the journal keeps, the newest (:class:`TaskJournal`)."""
    log_requests: bool = True
    """Keep every request in ``Simulator.requests``, for tests and benchmarks to read. Demo
    mode's, inside the app all day, and the ``simulator`` command's keep only the
    ``counts``: nothing reads the log there, and it grew with every request."""
    faults: Faults = field(default_factory=Faults)
    maintenance: bool = False
    input_fetch_timeout_s: float = 5.0

    def __post_init__(self) -> None:
        low, high = self.latency_s
        if not 0 <= low <= high:
            raise ValueError("latency_s must be (low, high) with 0 <= low <= high")
        if self.rate_limit is not None and self.rate_limit < 1:
            raise ValueError("rate_limit must be positive or None")
        if self.megapixels <= 0:
            raise ValueError("megapixels must be positive")
        if self.journal_most < 1:
            raise ValueError("journal_most must be positive")
