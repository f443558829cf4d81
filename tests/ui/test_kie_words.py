"""What the artist reads when KIE or the way to it fails: words in the window's language,
never an endpoint, a field name or an HTTP status (those are for the log). Each case is
driven through the simulator, the way the tile, the preview, the banner and the CLI meet it."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from PIL import Image
from PySide6.QtWidgets import QApplication

from kontext_studio import i18n
from kontext_studio.errors import (
    SERVER_TROUBLE,
    KieError,
    KontextError,
    OutcomeUnknownError,
    ServerError,
)
from kontext_studio.explain import (
    Explanation,
    Facts,
    explain,
    explain_kind,
    stored_detail,
    stored_words,
)
from kontext_studio.jobs.notes import SENDING_BROKEN_NOTE, SENDING_STOPPED_NOTE, shown_note
from kontext_studio.jobs.states import JobState
from kontext_studio.jobs.stopped import never_sent, upload_refused
from kontext_studio.kie.client import MAX_REPLY_BYTES, KieClient
from kontext_studio.kie.envelope import TURNED_AWAY, parse_task_id, unwrap
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.session import Session
from kontext_studio.simulator import Simulator
from kontext_studio.simulator.config import (
    CREDIT,
    DOWNLOAD_URL,
    GENERATE,
    RECORD_INFO,
    STREAM_UPLOAD,
    Faults,
)
from kontext_studio.simulator.state import CONTENT_POLICY_MESSAGE, SAFETY_MESSAGE
from kontext_studio.store.ledger import Ledger
from kontext_studio.ui import translations
from tests.fixtures import TEST_KEY

pytestmark = pytest.mark.skipif(i18n.find_tool("lrelease") is None, reason="no lrelease")

JARGON = re.compile(r"HTTP|\b[45]\d\d\b|[A-Za-z]+(?:Info|Id|Url)\b|record-info|download-url")


@pytest.fixture
def chinese(compiled_catalogues: Path) -> Iterator[None]:
    assert translations.install_for_cli("zh_CN", compiled_catalogues)
    yield
    i18n.install(None)


def assert_artist_words(words: Explanation) -> None:
    """In Chinese throughout: no English left but the name KIE, nothing technical."""
    text = words.message
    assert not JARGON.search(text), text
    assert not re.search(r"[A-Za-z]", text.replace("KIE", "")), text
    assert text.count("无法连接 KIE") <= 1, text  # said once, not again in the detail


async def refused(call: Awaitable[object]) -> Explanation:
    try:
        await call
    except KontextError as error:
        return explain(error)
    raise AssertionError("the call succeeded")


def client_for(simulator: Simulator, timeout: float = 30.0) -> KieClient:
    return KieClient(
        TEST_KEY, base_url=simulator.base_url, upload_url=simulator.base_url, timeout=timeout
    )


async def finished_result(client: KieClient) -> str:
    task_id = await client.generate(GenerateRequest("a fox"))
    while True:
        record = await client.record_info(task_id)
        if record.result_url:
            return record.result_url
        await asyncio.sleep(0.05)


Case = Callable[[KieClient, Simulator], Awaitable[Explanation]]


async def generate_gets_a_gateway_page(client: KieClient, simulator: Simulator) -> Explanation:
    simulator.update(faults=Faults(http_error=1.0, endpoints=frozenset({GENERATE})))
    return await refused(client.generate(GenerateRequest("a fox")))


async def generate_gets_no_answer(client: KieClient, simulator: Simulator) -> Explanation:
    simulator.update(faults=Faults(timeout=1.0, timeout_s=None, endpoints=frozenset({GENERATE})))
    return await refused(client.generate(GenerateRequest("a fox")))


async def generate_gets_half_an_answer(client: KieClient, simulator: Simulator) -> Explanation:
    simulator.update(faults=Faults(truncate=1.0, endpoints=frozenset({GENERATE})))
    return await refused(client.generate(GenerateRequest("a fox")))


async def kie_is_gone(client: KieClient, simulator: Simulator) -> Explanation:
    simulator.stop()
    return await refused(client.generate(GenerateRequest("a fox")))


async def task_unknown(client: KieClient, simulator: Simulator) -> Explanation:
    return await refused(client.record_info("no-such-task"))  # "recordInfo is null"


async def poll_gets_a_gateway_page(client: KieClient, simulator: Simulator) -> Explanation:
    simulator.update(faults=Faults(http_error=1.0, endpoints=frozenset({RECORD_INFO})))
    return await refused(client.record_info("no-such-task"))


async def balance_gets_a_gateway_page(client: KieClient, simulator: Simulator) -> Explanation:
    simulator.update(faults=Faults(http_error=1.0, http_error_status=503))
    return await refused(client.credits())


async def balance_reply_cut(client: KieClient, simulator: Simulator) -> Explanation:
    simulator.update(faults=Faults(truncate=1.0, endpoints=frozenset({CREDIT})))
    return await refused(client.credits())


async def balance_connection_dropped(client: KieClient, simulator: Simulator) -> Explanation:
    simulator.update(faults=Faults(drop=1.0, endpoints=frozenset({CREDIT})))
    return await refused(client.credits())


async def result_expired(client: KieClient, simulator: Simulator) -> Explanation:
    url = await finished_result(client)
    simulator.expire_results()
    return await refused(client.fetch(url, max_bytes=10**8))  # "answered HTTP 403"


async def result_download_dropped(client: KieClient, simulator: Simulator) -> Explanation:
    url = await finished_result(client)
    simulator.update(faults=Faults(drop=1.0, files=True, endpoints=frozenset({DOWNLOAD_URL})))
    return await refused(client.fetch(url, max_bytes=10**8))


async def result_too_large(client: KieClient, simulator: Simulator) -> Explanation:
    url = await finished_result(client)
    return await refused(client.fetch(url, max_bytes=10))


async def fresh_link_gets_a_gateway_page(client: KieClient, simulator: Simulator) -> Explanation:
    url = await finished_result(client)
    simulator.update(faults=Faults(http_error=1.0, endpoints=frozenset({DOWNLOAD_URL})))
    return await refused(client.download_url(url))


@pytest.mark.parametrize(
    "case",
    [
        generate_gets_a_gateway_page,
        generate_gets_no_answer,
        generate_gets_half_an_answer,
        kie_is_gone,
        task_unknown,
        poll_gets_a_gateway_page,
        balance_gets_a_gateway_page,
        balance_connection_dropped,
        balance_reply_cut,
        result_expired,
        result_download_dropped,
        result_too_large,
        fresh_link_gets_a_gateway_page,
    ],
)
async def test_what_kie_did_is_said_in_the_artists_language(
    chinese: None, simulator: Simulator, case: Case
) -> None:
    simulator.update(latency_s=(0.0, 0.0))
    async with client_for(simulator, timeout=0.5) as client:
        words = await case(client, simulator)
    assert_artist_words(words)


async def test_a_server_error_to_generate_says_an_answer_came_back(simulator: Simulator) -> None:
    """KIE's server answers the job with a 5xx: whether the task was made cannot be told.
    Before: "The request was sent but no answer came back, so it may or may not have been
    charged. (KIE's server had a problem answering)", which said both."""
    simulator.update(latency_s=(0.0, 0.0), faults=Faults(http_error=1.0))
    async with client_for(simulator) as client:
        with pytest.raises(KieError) as raised:
            await client.generate(GenerateRequest("a fox"))
    error = raised.value
    words = explain(error)
    stored = explain_kind(error.kind, stored_detail(error.message, stored_words(error), error.kind))
    assert stored == words  # the tile's words, from the job's row
    assert words.message == (
        "KIE's server answered with an error, so it cannot be told whether the task was made; "
        "it may or may not have been charged."
    )
    assert words.hint == (
        "Look for it in the logs of your account on kie.ai: if its task is there, give the job "
        "its task ID; resubmit only if no task was created."
    )


def unreadable_reply() -> None:
    unwrap(200, b'{"code": 200, "msg": "success", "data": {"taskId', charged=True)


def reply_without_a_task_id() -> None:
    parse_task_id(unwrap(200, b'{"code": 200, "msg": "success", "data": {}}', charged=True))


@pytest.mark.parametrize(
    ("reply", "said"),
    [
        (
            unreadable_reply,
            "An answer came back from KIE but could not be read, so it cannot be told whether "
            "the task was made; it may or may not have been charged.",
        ),
        (
            reply_without_a_task_id,
            "KIE answered without a task id, so the job cannot be followed and it cannot be "
            "told whether the task was made; it may or may not have been charged.",
        ),
    ],
    ids=["unreadable", "no-task-id"],
)
def test_a_generate_answered_unreadably_or_without_a_task_id_says_an_answer_came_back(
    reply: Callable[[], None], said: str
) -> None:
    """Before: "The request was sent but no answer came back, so it may or may not have been
    charged. (KIE's answer could not be read)", which said both; and the same for a reply
    with no task id. In demo mode it said the demo server gave no answer. The hint, that it
    is resubmitted only on the artist's word, stays."""
    with pytest.raises(KieError) as raised:
        reply()
    error = raised.value
    words = explain(error)
    stored = explain_kind(error.kind, stored_detail(error.message, stored_words(error), error.kind))
    assert stored == words  # the tile's words, from the job's row
    assert words.message == said
    assert words.hint == (
        "Look for it in the logs of your account on kie.ai: if its task is there, give the job "
        "its task ID; resubmit only if no task was created."
    )
    demo = explain(error, Facts(demo=True))
    assert "no answer" not in demo.message and "answered" in demo.message
    assert "resubmitting it is safe" in demo.hint


async def test_a_generate_answered_too_large_to_read_says_an_answer_came_back() -> None:
    """KIE answers the job with a reply too large to read (over 4 MB): before, it read "The
    request was sent but no answer came back, so it may or may not have been charged. (what
    came back was too large)", which said both, as an unreadable reply did."""

    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b" " * (MAX_REPLY_BYTES + 1))

    client = KieClient(TEST_KEY, base_url="https://kie.test", transport=httpx.MockTransport(handle))
    async with client:
        with pytest.raises(KieError) as raised:
            await client.generate(GenerateRequest("a fox"))
    error = raised.value
    words = explain(error)
    stored = explain_kind(error.kind, stored_detail(error.message, stored_words(error), error.kind))
    assert stored == words  # the tile's words, from the job's row
    assert words.message == (
        "An answer came back from KIE but could not be read, so it cannot be told whether the "
        "task was made; it may or may not have been charged."
    )
    assert words.hint == (
        "Look for it in the logs of your account on kie.ai: if its task is there, give the job "
        "its task ID; resubmit only if no task was created."
    )


def reference(tmp_path: Path) -> Path:
    path = tmp_path / "fox.png"
    Image.new("RGB", (64, 48), "orange").save(path)
    return path


async def stopped(session: Session, request: GenerateRequest) -> Explanation:
    """The job's end as its tile and the preview explain it (from its stored row)."""
    job = await session.engine.submit(request)
    snap = await session.engine.wait_for(job.id)
    assert snap.state in {JobState.FAILED, JobState.TIMEOUT}
    return explain_kind(snap.error_kind, snap.error_detail)


async def test_a_reference_kie_would_not_take_is_said_in_the_artists_language(
    chinese: None, session: Session, simulator: Simulator, tmp_path: Path
) -> None:
    """Before: "upload failed, will retry (HTTP 502)"."""
    session.engine.config = replace(session.engine.config, submit_attempts=1)
    simulator.update(faults=Faults(http_error=1.0, endpoints=frozenset({STREAM_UPLOAD})))
    request = GenerateRequest(
        "make it night", aspect_ratio=None, image_path=str(reference(tmp_path))
    )
    words = await stopped(session, request)
    assert_artist_words(words)
    assert "参考图" in words.message


async def test_a_balance_check_whose_answer_was_cut_does_not_say_kie_cannot_be_reached(
    simulator: Simulator,
) -> None:
    """The demo server (as KIE) began its answer, then cut it: before, "KIE cannot be
    reached", which it had been."""
    simulator.update(latency_s=(0.0, 0.0))
    async with client_for(simulator) as client:
        words = await balance_reply_cut(client, simulator)
    assert "cannot be reached" not in words.message
    assert words.message == (
        "KIE’s answer stopped before it was complete. Cause: checking the balance: the server "
        "cut the connection."
    )
    demo = explain_kind(
        "reply_cut", "checking the balance: the server cut the connection", Facts(demo=True)
    )
    assert demo.message == (
        "The answer of the demo server on this computer stopped before it was complete."
    )
    assert "stopped" not in demo.hint


async def test_a_reference_whose_upload_answer_was_cut_is_sent_again_free(
    session: Session, simulator: Simulator, tmp_path: Path
) -> None:
    """The upload service began its answer, then cut it: no link to the reference came, and
    uploads are free. The job tries again by itself and, failed, is among those a Retry of
    the jobs not sent sends, as when KIE could not be reached; but its words are the upload
    service's, which answered, not "KIE cannot be reached"."""
    session.engine.config = replace(
        session.engine.config, submit_attempts=2, retry_base_s=0.01, retry_max_s=0.02
    )
    simulator.update(latency_s=(0.0, 0.0))
    simulator.update(faults=Faults(truncate=1.0, endpoints=frozenset({STREAM_UPLOAD})))
    request = GenerateRequest(
        "make it night", aspect_ratio=None, image_path=str(reference(tmp_path))
    )
    job = await session.engine.submit(request)
    failed = await session.engine.wait_for(job.id)
    assert failed.state is JobState.FAILED
    uploads = [r for r in simulator.requests if r.endpoint == STREAM_UPLOAD]
    assert len(uploads) == 2  # tried again by itself
    words = explain_kind(failed.error_kind, failed.error_detail)
    assert "cannot be reached" not in words.message
    # What the service did: it began to answer; before, "it did not take the reference",
    # after "KIE reported a server error", which it had not.
    assert words.message == (
        "The reference image could not be uploaded to KIE. Cause: KIE’s upload service began "
        "to answer, but its answer stopped before it was complete."
    )
    assert never_sent(failed) and upload_refused(failed)
    assert await session.engine.unsent_jobs() == [job.id]
    simulator.update(faults=Faults())
    await session.engine.retry_unsent()
    assert (await session.engine.wait_for(job.id)).state is JobState.COMPLETED


async def test_a_job_that_could_not_reach_kie_is_said_in_the_artists_language(
    chinese: None, session: Session, simulator: Simulator
) -> None:
    """Before: "无法连接 KIE。（sending the job时：no network, or the server refused the
    connection）": the words a detail is made of came back from the library in English."""
    session.engine.config = replace(session.engine.config, retry_base_s=0.01, retry_max_s=0.02)
    simulator.stop()
    words = await stopped(session, GenerateRequest("an offline fox"))
    assert_artist_words(words)
    assert "发送任务" in words.message


async def test_a_job_kie_did_not_finish_in_time_is_said_in_the_artists_language(
    chinese: None, session: Session, simulator: Simulator
) -> None:
    """Before: "no result after 1 s"."""
    session.engine.config = replace(session.engine.config, poll_timeout_s=1.0)
    simulator.update(latency_s=(60.0, 60.0))
    words = await stopped(session, GenerateRequest("a slow fox"))
    assert_artist_words(words)
    assert "1 秒" in words.message


# KIE's own words (an envelope's msg, a task's errorMessage): left out where they only repeat
# the sentence for their kind, else shown as KIE's, in English, marked as such.

MODERATION_REASON = "Prompt contains sensitive content: weapons"
REPEATS = [
    (401, "You do not have access permissions"),
    (402, "Credits insufficient"),
    (404, "Not Found"),
    (429, "Too many requests, the request was rejected; retry later"),
    (455, "The service is under maintenance, please try again later"),
    (500, "Internal server error, please try again later"),
    (501, "Generation failed."),
    (400, CONTENT_POLICY_MESSAGE),
]
NEWS = [
    (422, "prompt is required"),
    (422, "aspectRatio must be one of 21:9, 16:9, 4:3, 1:1, 3:4, 9:16"),
    (500, SAFETY_MESSAGE),
    (500, "The input image could not be fetched."),
    (400, MODERATION_REASON),
]
SAID = {"en": "{sentence} KIE says: “{said}”", "zh_CN": "{sentence}KIE 的原话：“{said}”"}


def as_cause(sentence: str, detail: str) -> str:
    """How English reads ``sentence`` with a detail unmarked as KIE's: a sentence after it
    as it is, anything else as its cause."""
    return f"{sentence} {detail}" if detail.endswith(".") else f"{sentence} Cause: {detail}."


@pytest.fixture(params=["en", "zh_CN"])
def language(request: pytest.FixtureRequest, compiled_catalogues: Path) -> Iterator[str]:
    if request.param != "en":
        assert translations.install_for_cli(request.param, compiled_catalogues)
    yield request.param
    i18n.install(None)


def kie_refusal(code: int, msg: str) -> KieError:
    body = json.dumps({"code": code, "msg": msg, "data": None}).encode()
    with pytest.raises(KieError) as refused:
        unwrap(200, body)
    return refused.value


def shown_for_a_row(error: KieError, words: str) -> str:
    """What a tile, the preview and the CLI show for a stored job that stopped with it."""
    return explain_kind(error.kind, stored_detail(error.message, words, error.kind)).message


@pytest.mark.parametrize(("code", "msg"), REPEATS)
def test_kies_words_that_repeat_the_sentence_are_left_out(
    language: str, code: int, msg: str
) -> None:
    error = kie_refusal(code, msg)
    sentence = explain_kind(error.kind).message
    assert explain(error).message == sentence
    assert shown_for_a_row(error, stored_words(error)) == sentence
    assert shown_for_a_row(error, "") == sentence, "a row of an earlier version"
    assert error.message == msg, "kept as KIE sent it, for the log and --json"


@pytest.mark.parametrize(("code", "msg"), NEWS)
def test_kies_words_that_say_more_are_shown_as_kies(language: str, code: int, msg: str) -> None:
    error = kie_refusal(code, msg)
    expected = SAID[language].format(sentence=explain_kind(error.kind).message, said=msg)
    assert explain(error).message == expected
    assert shown_for_a_row(error, stored_words(error)) == expected


KIE_REPORTED = {"en": "KIE reported an error.", "zh_CN": "KIE 报告了一个错误。"}


def test_an_error_code_kie_does_not_document_has_words_of_its_own(language: str) -> None:
    """Before: "Something went wrong. (KIE says: “…”)", the words of a bug of the app's."""
    error = kie_refusal(777, "The model queue is closed")
    expected = SAID[language].format(sentence=KIE_REPORTED[language], said=error.message)
    assert explain(error).message == expected
    assert shown_for_a_row(error, stored_words(error)) == expected


@pytest.mark.parametrize(("code", "msg"), NEWS)
def test_a_row_of_an_earlier_version_shows_kies_words_as_kies_in_chinese(
    language: str, code: int, msg: str
) -> None:
    """Rows written before the mark keep KIE's words without it: in Chinese, a detail the
    catalogue cannot translate is KIE's; in English ours and KIE's read alike (as before)."""
    error = kie_refusal(code, msg)
    sentence = explain_kind(error.kind).message
    shown = shown_for_a_row(error, "")
    if language == "en":
        assert shown == as_cause(sentence, msg)
    else:
        assert shown == SAID[language].format(sentence=sentence, said=msg)


def test_a_row_of_an_earlier_version_expired_by_kies_word_shows_it_as_kies(
    language: str,
) -> None:
    """A result KIE no longer had (download-url refused it) kept KIE's words unmarked."""
    said = "The file has been deleted"
    sentence = explain_kind("expired_result").message
    shown = explain_kind("expired_result", stored_detail(said, "", "expired_result")).message
    if language == "en":
        assert shown == as_cause(sentence, said)
    else:
        assert shown == SAID[language].format(sentence=sentence, said=said)


DEMO_SAID = {
    "en": "{sentence} The demo server says: “{said}”",
    "zh_CN": "{sentence}演示服务器的原话：“{said}”",
}


def test_a_demo_job_the_demo_server_found_invalid_shows_its_words_as_its(
    language: str, tmp_path: Path
) -> None:
    """Before: "The demo server did not accept the request." alone: its words, which say
    what it refused (and what Reuse settings is to change), were left out as KIE's."""
    error = kie_refusal(422, "aspectRatio must be one of 21:9, 16:9, 4:3, 1:1, 3:4, 9:16")
    ledger = Ledger.open(tmp_path / "library.sqlite3")
    try:
        job = ledger.create_job(GenerateRequest("a fox"), simulated=True)
        failed = ledger.transition(
            job.id,
            JobState.FAILED,
            error_kind=error.kind,
            error_message=error.message,
            error_words=stored_words(error),
        )
    finally:
        ledger.close()
    shown = explain_kind(failed.error_kind, failed.error_detail, failed.facts).message
    sentence = explain_kind(error.kind, facts=failed.facts).message
    assert shown == DEMO_SAID[language].format(sentence=sentence, said=error.message)


def test_our_own_note_on_a_kie_kind_is_not_called_kies(chinese: None) -> None:
    shown = shown_for_a_row(KieError(TURNED_AWAY), "")
    assert shown == "KIE 报告了一个错误。原因：KIE 拒绝了该请求。"


@pytest.mark.parametrize(
    "error",
    [KieError(TURNED_AWAY, code=413), ServerError(SERVER_TROUBLE, code=404)],
    ids=["turned-away", "server-trouble"],
)
def test_our_own_note_on_a_kie_kind_is_not_called_kies_in_an_english_window(
    qapp: QApplication, tmp_path: Path, error: KieError
) -> None:
    """A reference image a gateway refused with a bare 413 read, in the English window, "KIE
    reported an error. KIE says: “KIE turned the request away”": the window's English, with
    no catalogue, took every detail as one a catalogue could not translate, so KIE's."""
    installed = translations.install(qapp, i18n.ENGLISH, tmp_path)
    try:
        shown = shown_for_a_row(error, "")
    finally:
        installed.remove()
    assert "KIE says" not in shown
    assert shown == f"{explain_kind(error.kind).message} Cause: {error.message}."


async def test_a_job_kie_refused_shows_its_reason_not_a_repeat(
    chinese: None, session: Session, simulator: Simulator
) -> None:
    """Before: "KIE 依据其内容政策拒绝了该提示词或图片。（The prompt or image was flagged by the
    content policy.）"."""
    words = await stopped(session, GenerateRequest("a forbidden fox"))
    assert words.message == "KIE 依据其内容政策拒绝了该提示词或图片。"
    assert_artist_words(words)


DEMO_WORDS = {
    "en": {
        "outcome_unknown": (
            "The job was sent to the demo server on this computer, but no answer came back.",
            "A demo job uses no real credits, so resubmitting it is safe. If the status bar "
            "says the demo server stopped, close Kontext Studio and open it again first (that "
            "starts it again).",
        ),
        "damaged_result": (
            "The finished image did not arrive whole from the demo server on this computer.",
            "Retry: fetching it again is free. If the status bar says the demo server "
            "stopped, close Kontext Studio and open it again first (that starts it again).",
        ),
        "not_found": (
            "The demo server on this computer has no record of this task.",
            "Retry sends it to the demo server again as a new job. A demo job uses no real "
            "credits: only the demo balance goes down.",
        ),
    },
    "zh_CN": {
        "outcome_unknown": (
            "任务已发送到本机上的演示服务器，但没有收到应答。",
            "演示任务不消耗真实积分，可以放心重新提交。如果状态栏显示演示服务器已停止，请先关闭 "
            "Kontext Studio 再重新打开（演示服务器会随之重新启动）。",
        ),
        "damaged_result": (
            "完成的图片没有从本机上的演示服务器完整传来。",
            "请重试：重新获取它不收费。如果状态栏显示演示服务器已停止，请先关闭 "
            "Kontext Studio 再重新打开（演示服务器会随之重新启动）。",
        ),
        "not_found": (
            "本机上的演示服务器没有此任务的记录。",
            "重试会将其作为新任务再次发送到演示服务器。演示任务不消耗真实积分：只会减少演示余额。",
        ),
    },
}


@pytest.mark.parametrize("kind", ["outcome_unknown", "damaged_result"])
def test_in_demo_mode_a_lost_answer_or_a_cut_image_speaks_of_the_demo_server(
    language: str, kind: str
) -> None:
    """Before: a demo job whose answer or image the simulator lost (as when it dies
    mid-request) said "Check your KIE logs" (and that it may have been charged), or "Check
    your internet connection": the demo server is on this computer, and uses no real credits.
    The details (the connection's words, a note of a possible charge) are of KIE, and left
    out as for a demo job the stopped server failed."""
    detail = "sending the job: the connection broke"
    words = explain_kind(kind, detail, Facts(demo=True))
    assert (words.message, words.hint) == DEMO_WORDS[language][kind]


def test_in_demo_mode_a_task_the_demo_server_forgot_speaks_of_it_and_of_retry(
    language: str,
) -> None:
    """Before: "KIE does not know this task." and "Generate it again if you still need it.",
    beside the Retry button a forgotten demo job is offered (which sends it to the demo
    server anew, for no real credits). KIE's own "not found" words are left out as well."""
    words = explain_kind("not_found", "recordInfo is null", Facts(demo=True, charged=True))
    assert (words.message, words.hint) == DEMO_WORDS[language]["not_found"]


# The kinds a demo job can stop with whose live words speak of KIE, its charges or its site.
DEMO_KIE_KINDS = [
    "credits",
    "content_policy",
    "validation",
    "rate_limited",
    "maintenance",
    "server",
    "kie_error",
    "generation_failed",
    "feature_disabled",
    "upstream_timeout",
    "malformed_reply",
    "expired_result",
    "internal",
]
KIE_CHARGES = {
    "en": re.compile(r"KIE(?! API key)|kie\.ai|charg|paid|pay"),
    "zh_CN": re.compile(r"KIE(?! API 密钥)|kie\.ai|扣费|付费|收费|充值"),
}


@pytest.mark.parametrize("kind", DEMO_KIE_KINDS)
def test_in_demo_mode_no_failure_speaks_of_kie_or_its_charges(language: str, kind: str) -> None:
    """Before: a demo job refused for its balance read "Your KIE account does not have enough
    credits for this job." and "Top up at kie.ai"; one stopped by a bug "a job KIE has started
    is checked again, not paid twice"; an expired one "charged again"; a failed one "KIE could
    not generate this image." or "KIE reported a server error.": a demo job never goes to
    KIE and uses no real credits. KIE's own words, shown after the sentence, are left out."""
    words = explain_kind(kind, "KIE says: “no zebras”", Facts(demo=True, charged=True))
    assert (words.message, words.hint) != (explain_kind(kind).message, explain_kind(kind).hint)
    text = f"{words.message} {words.hint}"
    assert not KIE_CHARGES[language].search(text), text
    assert "zebras" not in words.message


DEMO_FAILURES = {
    "en": {
        "credits": (
            "The demo balance does not have enough left for this job.",
            "It is full again tomorrow: retry then, or add your KIE API key in Settings to "
            "generate for real.",
        ),
        "internal": (
            "Kontext Studio stopped this job after an internal error.",
            "Retry it: a job the demo server has started is checked again, not made twice. "
            "The log folder has the details.",
        ),
        "generation_failed": (
            "The demo server could not generate this image.",
            "Retry, or change the prompt.",
        ),
    },
    "zh_CN": {
        "credits": (
            "演示余额不足，不够完成这项任务。",
            "演示余额明天会恢复为满额：届时再重试；或在设置中添加你的 KIE API 密钥，即可真实生成。",
        ),
        "internal": (
            "Kontext Studio 因内部错误停止了此任务。",
            "请重试：演示服务器已开始的任务会重新查询，不会重复生成。详情见日志文件夹。",
        ),
        "generation_failed": ("演示服务器无法生成这张图片。", "请重试，或修改提示词。"),
    },
}


@pytest.mark.parametrize("kind", ["credits", "internal", "generation_failed"])
def test_a_demo_job_out_of_demo_balance_or_stopped_says_what_helps_in_demo_mode(
    language: str, kind: str
) -> None:
    """The demo balance comes back the next day (simulator.journal.BalanceFile) or is left
    behind by a key; a job the demo server has started is checked again, not made twice."""
    words = explain_kind(kind, "", Facts(demo=True, charged=True))
    assert (words.message, words.hint) == DEMO_FAILURES[language][kind]


NOT_CHARGED = {
    "en": re.compile(r"not charged|did not lower"),
    "zh_CN": re.compile(r"未扣费|没有减少"),
}


@pytest.mark.parametrize("demo", [False, True])
@pytest.mark.parametrize("kind", ["rate_limited", "maintenance"])
def test_a_429_or_455_met_after_the_image_was_made_does_not_say_nothing_was_charged(
    language: str, kind: str, demo: bool
) -> None:
    """KIE's 429 and 455 drop the request that met them; met while a made (and charged)
    image was fetched, the job was charged all the same, and Retry fetches the image."""
    before = explain_kind(kind, "", Facts(demo=demo)).hint
    assert NOT_CHARGED[language].search(before), "a job turned away before KIE made it"
    hint = explain_kind(kind, "", Facts(demo=demo, charged=True)).hint
    assert not NOT_CHARGED[language].search(hint), hint
    assert ("重试会取回图片" if language == "zh_CN" else "Retry fetches it") in hint


@pytest.mark.parametrize(
    "note", [SENDING_STOPPED_NOTE, SENDING_BROKEN_NOTE], ids=["stopped", "broken"]
)
@pytest.mark.parametrize("demo", [False, True], ids=["live", "demo"])
def test_a_job_caught_sending_says_once_that_it_may_have_been_charged(
    note: str, demo: bool
) -> None:
    """A job the app stopped while sending it (a kill -9 right after Generate): before, its
    preview and `jobs` line read "The request was sent but no answer came back, so it may or
    may not have been charged. (The app stopped while sending; it may or may not have been
    charged.)": the same doubt twice, and "no answer came back" of a send the app itself cut
    off. Its note says it all, once: what stopped it and that it may have been charged."""
    shown = shown_note(note, demo)
    words = explain_kind(
        OutcomeUnknownError.kind,
        stored_detail(shown, "", OutcomeUnknownError.kind, demo=demo),
        Facts(demo=demo),
    )
    assert words.message == shown
    assert words.message.count("may or may not") == 1
    tile = explain_kind(OutcomeUnknownError.kind, shown, Facts(demo=demo), brief=True)
    assert tile.message == shown


@pytest.mark.parametrize("demo", [False, True])
def test_a_result_deleted_early_gives_no_advice_of_its_own(demo: bool) -> None:
    """The kind's advice ("Retry asks KIE for it again") is not true of a result its server
    said is deleted, and every place that shows one says what to do itself, of a job no
    retry can fetch (``jobs.stopped.result_gone_hint``): the advice once kept for it was
    never shown."""
    words = explain_kind("expired_result", "", Facts(demo=demo, charged=True, deleted_early=True))
    server = "The demo server" if demo else "KIE"
    assert (words.message, words.hint) == (f"{server} no longer has this image.", "")
