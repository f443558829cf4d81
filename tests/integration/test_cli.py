"""The headless CLI as a person (or a script) runs it: real processes, real HTTP, real SQLite.

The crash tests SIGKILL ``generate`` while it is submitting, generating and downloading, then
show ``resume`` finishing the job (or marking it ``unknown``) with the generate request sent
exactly once.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import errno
import gc
import hashlib
import io
import itertools
import json
import os
import re
import select
import shutil
import signal
import socket
import sqlite3
import stat
import struct
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import unicodedata
import warnings
import zlib
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import keyring
import keyring.errors
import pytest
from keyring import backend as keyring_backend
from keyring.backends import fail
from PIL import Image

from kontext_studio.cli.output import terminal_columns
from kontext_studio.cli.parser import build_parser
from kontext_studio.config import Paths, R2Settings, Settings, kie_key_recorded, save_settings
from kontext_studio.entry import EXIT_INTERRUPTED, SUBCOMMANDS
from kontext_studio.images.export import NEW_FILE_MODE
from kontext_studio.jobs.notes import UPLOAD_CUT, UPLOAD_REFUSED
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.session import RETRY_SCALE_ENV
from kontext_studio.simulator import Faults, Simulator, SimulatorConfig
from kontext_studio.simulator.config import CREDIT, DOWNLOAD_URL
from kontext_studio.store.ledger import Ledger, Snapshot
from tests.fixtures import (
    TEST_KEY,
    answers_generate,
    ctrl_c_heard,
    ctrl_c_to_main_thread,
    fast_schedule,
    folders_past_the_limits,
    lantern_gone,
    lantern_never_fetched,
    library_image,
    old_library,
    refuses_as_invalid,
    upgrade_held,
)
from tests.unit.test_location import phone_photo

ROOT = Path(__file__).resolve().parents[2]


def cli_env(home: Path, sim: Simulator | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIE_", "KONTEXT_"))}
    env.update(KONTEXT_STUDIO_HOME=str(home), KONTEXT_STUDIO_POLL_SCALE="0.01")
    if sim is not None:
        env.update(
            KONTEXT_STUDIO_KIE_URL=sim.base_url,
            KONTEXT_STUDIO_KIE_UPLOAD_URL=sim.base_url,
            KIE_API_KEY=TEST_KEY,
        )
    return env


def run_process(
    home: Path,
    sim: Simulator | None,
    *args: str,
    timeout: float = 60,
    cwd: Path = ROOT,
    stdout: Any = subprocess.PIPE,
    extra_env: dict[str, str] | None = None,
    stdin: Any = None,
) -> subprocess.CompletedProcess[str]:
    """Run the command line; ``stdout`` where its output goes (captured unless given: a
    pipe's end, a file); ``extra_env`` added to its environment; ``stdin`` what it reads
    (a file), none unless given."""
    return subprocess.run(
        [sys.executable, "-m", "kontext_studio", *args],
        env={**cli_env(home, sim), **(extra_env or {})},
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=timeout,
        cwd=cwd,
    )


def run_cli(
    home: Path, sim: Simulator | None, *args: str, timeout: float = 60, cwd: Path = ROOT
) -> tuple:
    proc = run_process(home, sim, *args, timeout=timeout, cwd=cwd)
    last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else "null"
    return proc.returncode, json.loads(last), proc.stderr


def job_states(home: Path) -> list[str]:
    db = home / "data" / "library.sqlite3"
    if not db.exists():
        return []
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return [row[0] for row in conn.execute("SELECT state FROM artwork")]
    except sqlite3.Error:
        return []


def job_ids(home: Path) -> list[int]:
    db = home / "data" / "library.sqlite3"
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
        return [row[0] for row in conn.execute("SELECT id FROM artwork")]


def wait_for(condition: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


def test_generate_ends_completed_with_a_real_image(tmp_path, simulator):
    code, result, _ = run_cli(tmp_path, simulator, "generate", "a red fox at dawn", "--json")
    assert code == 0, result
    assert result["status"] == "completed"
    assert result["task_id"] and result["error_code"] is None
    with Image.open(result["path"]) as image:
        assert image.size == (1024, 1024)  # 1:1 at about one megapixel
    assert simulator.generate_count("a red fox at dawn") == 1

    code, listing, _ = run_cli(tmp_path, simulator, "jobs", "--json")
    assert code == 0
    assert [row["prompt"] for row in listing] == ["a red fox at dawn"]


def test_demo_flag_runs_on_the_bundled_simulator(tmp_path):
    env_home = tmp_path / "demo"
    proc = subprocess.run(
        [sys.executable, "-m", "kontext_studio", "generate", "a lighthouse", "--demo", "--json"],
        env={**cli_env(env_home, None), "KONTEXT_STUDIO_DEMO_LATENCY": "0.1"},
        capture_output=True,
        text=True,
        timeout=90,
        cwd=ROOT,
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert proc.returncode == 0, proc.stderr
    assert result["status"] == "completed"
    assert Path(result["path"]).is_file()
    assert "Demo mode" in proc.stderr


def test_a_hand_edited_settings_file_with_wrong_values_still_generates(tmp_path, simulator):
    (tmp_path / "config").mkdir()
    settings = {"poll_timeout_s": "abc", "submit_limit": 0, "library_dir": 5, "language": 5}
    (tmp_path / "config" / "settings.json").write_text(json.dumps(settings))
    code, result, err = run_cli(tmp_path, simulator, "generate", "a cat", "--json")
    assert code == 0, err
    assert result["status"] == "completed"
    assert Path(result["path"]).is_relative_to(tmp_path / "data" / "artworks")
    assert "Traceback" not in err


def test_a_home_folder_that_cannot_be_found_is_one_line(tmp_path, simulator):
    env = {**cli_env(tmp_path, simulator), "KONTEXT_STUDIO_HOME": "~kontext-no-such-user/x"}
    proc = subprocess.run(
        [sys.executable, "-m", "kontext_studio", "generate", "a cat"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 1
    assert "~kontext-no-such-user/x" in proc.stderr and "Traceback" not in proc.stderr
    assert simulator.generate_requests == []


def test_edit_with_reference_image(tmp_path, simulator):
    reference = tmp_path / "portrait.png"
    Image.new("RGB", (600, 900), (30, 90, 160)).save(reference)
    code, result, _ = run_cli(
        tmp_path, simulator, "generate", "make it night", "--image", str(reference), "--json"
    )
    assert code == 0, result
    with Image.open(result["path"]) as image:
        width, height = image.size
    assert abs(width / height - 600 / 900) < 0.05  # "match" keeps the reference's ratio
    assert "aspectRatio" not in simulator.generate_requests[0]


@pytest.mark.parametrize("fmt", ["GIF", "WEBP", "PNG"])
def test_an_animated_reference_is_said_to_be_used_by_its_first_frame(tmp_path, simulator, fmt):
    """The window's reference caption says "Animated: only its first frame is used"; the
    command said nothing, and the artist found a still edit of a moving picture."""
    frames = [Image.new("RGB", (64, 48), colour) for colour in ("red", "green", "blue")]
    moving = tmp_path / f"moving.{fmt.lower()}"
    frames[0].save(moving, fmt, save_all=True, append_images=frames[1:], duration=100)
    still = tmp_path / f"still.{fmt.lower()}"
    frames[0].save(still, fmt)

    code, result, err = run_cli(
        tmp_path, simulator, "generate", "make it night", "--image", str(moving), "--json"
    )
    assert code == 0, err
    assert f"moving.{fmt.lower()} is animated: only its first frame is used." in err
    assert "first frame" not in json.dumps(result)  # stdout: the result alone
    proc = run_process(tmp_path, simulator, "generate", "make it day", "--image", str(still))
    assert proc.returncode == 0, proc.stderr
    assert "first frame" not in proc.stderr


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names are Unicode there")
def test_a_reference_whose_file_name_is_not_utf8_is_edited(tmp_path, simulator):
    """Before: a reference named in bytes that are not UTF-8 (a Latin-1 "café.png" from an
    old archive) ended the command in "Something went wrong" (exit 1): its name, kept with
    the job, could not be stored. Now it is edited, its name kept with U+FFFD for the byte,
    as `import` titles such a file."""
    reference = tmp_path / os.fsdecode(b"caf\xe9.png")
    Image.new("RGB", (64, 48), (30, 90, 160)).save(reference)

    code, result, err = run_cli(
        tmp_path, simulator, "generate", "make it night", "--image", str(reference), "--json"
    )

    assert code == 0, err
    assert result["status"] == "completed"
    detail = run_process(tmp_path, simulator, "jobs", str(result["id"]))
    assert "reference image: caf\ufffd.png" in detail.stdout


def test_a_24_mp_photo_is_edited_from_a_copy_within_kies_limits(tmp_path, simulator):
    """Before: refused, "camera.jpg is 6000×4000 (24 MP); the limit is 20 MP", and the artist
    had to scale it down elsewhere. Now KIE gets a JPEG scaled down to fit its 20 MP, the
    command says so, and the artist's file is unchanged."""
    reference = tmp_path / "camera.jpg"
    Image.linear_gradient("L").resize((6000, 4000)).convert("RGB").save(reference, quality=90)
    before = hashlib.sha256(reference.read_bytes()).hexdigest()

    code, result, err = run_cli(
        tmp_path, simulator, "generate", "make it night", "--image", str(reference), "--json"
    )

    assert code == 0, err
    assert result["status"] == "completed"
    assert "camera.jpg is sent scaled down to at most 5477×3651, from 6000×4000, to fit" in err
    uploaded = httpx.get(simulator.generate_requests[0]["inputImage"]).content
    with Image.open(io.BytesIO(uploaded)) as sent:
        assert sent.format == "JPEG"
        assert sent.size == (5477, 3651)  # 20 MP at most, the ratio kept
    assert hashlib.sha256(reference.read_bytes()).hexdigest() == before


def test_the_safety_tolerance_is_sent_as_given(tmp_path, simulator):
    code, _result, err = run_cli(
        tmp_path, simulator, "generate", "a fox", "--safety", "6", "--json"
    )
    assert code == 0, err
    assert simulator.generate_requests[0]["safetyTolerance"] == 6


def test_options_are_taken_only_as_typed_in_full(tmp_path, simulator):
    """``--js`` was read as ``--json`` when the command ran, but not when it was refused,
    and a script's shortened flag would change meaning with a new option."""
    code, _out, err = run_cli(tmp_path, simulator, "generate", "a fox", "--js")
    assert code == 2 and "--js" in err
    assert simulator.generate_requests == [], "nothing was sent"


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["   "], "prompt is empty"),
        (["x" * 5001], "limit is 5000"),
        (["a fox", "--ratio", "16:21"], "invalid choice"),
        (["a fox", "--image", "/nonexistent/cat.png"], "Cause: cat.png does not exist. Check the"),
    ],
)
def test_bad_input_is_one_line_without_traceback(tmp_path, simulator, args, reason):
    proc = run_process(tmp_path, simulator, "generate", *args)
    assert proc.returncode != 0
    assert reason in proc.stderr
    assert "Traceback" not in proc.stderr
    assert simulator.generate_requests == []


def test_not_an_image_is_refused_before_any_upload(tmp_path, simulator):
    fake = tmp_path / "notes.png"
    fake.write_text("this is not a picture")
    code, _result, err = run_cli(tmp_path, simulator, "generate", "x", "--image", str(fake))
    assert code == 2
    assert "notes.png" in err and "Traceback" not in err
    assert simulator.counts.get("file-stream-upload", 0) == 0


def a_queued_job(home: Path, prompt: str) -> None:
    """An unfinished job in the library, which a command that opens it carries on."""
    ledger = Ledger.open(home / "data" / "library.sqlite3")
    try:
        ledger.create_job(GenerateRequest(prompt).validated())
    finally:
        ledger.close()


@pytest.mark.parametrize(
    ("name", "words"),
    [("gone.png", "gone.png does not exist"), ("pictures", "pictures is a folder, not an image")],
)
def test_a_reference_that_is_not_there_is_refused_before_other_jobs_are_resumed(
    tmp_path, simulator, name, words
):
    """Before: the library was opened, KIE reached and the other unfinished jobs sent before
    ``--image`` was found missing; in demo mode the demo server was started first."""
    a_queued_job(tmp_path, "an earlier job")
    (tmp_path / "pictures").mkdir()
    code, result, err = run_cli(
        tmp_path, simulator, "generate", "make it night", "--image", str(tmp_path / name), "--json"
    )
    assert code == 2, err
    assert words in result["message"] and words in err
    assert simulator.generate_requests == [] and job_states(tmp_path) == ["queued"]


def _header_only_png(width: int, height: int) -> bytes:
    """A PNG of ``width`` x ``height`` whose pixels are not there: its header says its size."""

    def chunk(ctype: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + ctype
            + body
            + struct.pack(">I", zlib.crc32(ctype + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def _truncated(path: Path) -> None:
    Image.new("RGB", (256, 256), (200, 80, 40)).save(path)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("cut.png", _truncated, "cut.png is truncated or damaged"),
        ("empty.png", lambda path: path.write_bytes(b""), "empty.png is 0 bytes"),
        ("photo.heic", lambda path: path.write_text("notes"), "photo.heic is not an image"),
        (
            "huge.png",
            lambda path: path.write_bytes(_header_only_png(12000, 9000)),
            "huge.png is 12000×9000",
        ),
    ],
    ids=["truncated", "empty", "text-named-heic", "too-many-pixels"],
)
def test_a_refused_reference_is_said_before_the_demo_notice_in_every_case(
    tmp_path, name, make, words
):
    """``generate --demo --image``: a truncated PNG was refused after "Demo mode: results
    come from the bundled simulator, not KIE.", the library opened and its unfinished jobs
    carried on; an empty file, a text file named .heic or an image of too many pixels were
    refused before, without it. Each is now refused by the same whole check, before the
    library is opened: the refusal alone, and the other jobs left as they were."""
    home = tmp_path / "home"
    ledger = Ledger.open(home / "data" / "library.sqlite3")
    try:
        ledger.create_job(GenerateRequest("an earlier demo job").validated(), simulated=True)
    finally:
        ledger.close()
    reference = tmp_path / name
    make(reference)
    proc = run_process(home, None, "generate", "make it blue", "--demo", "--image", str(reference))
    assert proc.returncode == 2, proc.stderr
    assert "Demo mode" not in proc.stderr
    assert len(proc.stderr.splitlines()) == 1 and words in proc.stderr, proc.stderr
    assert job_states(home) == ["queued"]


def test_a_reference_is_decoded_once_for_its_check_and_the_jobs_copy(
    app_home, tmp_path, monkeypatch, capsys
):
    """``generate --image`` decoded every pixel of the reference twice: the whole check
    before the library opens (so that each refusal comes first), then the same check again
    as the job kept its copy, some 0.7 s more for a 48 MP photo. The copy now takes the
    check just made."""
    from PIL import ImageFile

    from kontext_studio import cli

    reference = tmp_path / "portrait.png"
    Image.new("RGB", (600, 900), (30, 90, 160)).save(reference)
    decoded: list[str] = []
    load = ImageFile.ImageFile.load

    def counted(image: ImageFile.ImageFile) -> Any:
        if image.tile and getattr(image.fp, "name", None) == str(reference):
            decoded.append(str(image.format))
        return load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counted)
    monkeypatch.setenv("KONTEXT_STUDIO_DEMO_LATENCY", "0.1")
    command = ["generate", "make it night", "--demo", "--image", str(reference), "--json"]
    assert cli.main(command) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["status"] == "completed"
    assert decoded == ["PNG"]


def test_a_folder_given_as_the_reference_is_said_in_whole_sentences(app_home, tmp_path, capsys):
    """Before: "This image cannot be used. (pictures is a folder, not an image file) Choose
    another image, one that opens in other apps.": a sentence in brackets left open, and
    words of an image for what is no image at all."""
    from kontext_studio import cli

    (tmp_path / "pictures").mkdir()
    assert cli.main(["generate", "x", "--image", str(tmp_path / "pictures"), "--json"]) == 2
    out, err = capsys.readouterr()
    said = "pictures is a folder, not an image file."
    assert json.loads(out) == {"status": "error", "kind": "bad_image", "message": said}
    assert err.splitlines() == [f"{said} Choose an image file instead, such as one inside it."]


def test_a_folder_given_as_the_reference_by_dot_is_named(app_home, tmp_path, monkeypatch, capsys):
    """Before: `--image .`, the folder one is in, said " is a folder, not an image file.":
    the sentence began with nothing, its name being that of a path with no last part."""
    from kontext_studio import cli

    (tmp_path / "pictures").mkdir()
    monkeypatch.chdir(tmp_path / "pictures")
    assert cli.main(["generate", "x", "--image", ".", "--json"]) == 2
    out, _ = capsys.readouterr()
    assert json.loads(out)["message"] == "pictures is a folder, not an image file."


def test_a_reference_that_cannot_be_opened_is_refused_before_the_library_is(
    app_home, tmp_path, monkeypatch, capsys
):
    """Permission denied (a test run as root reads every file: the refusal is made here)."""
    from kontext_studio import cli
    from kontext_studio.cli import generate
    from kontext_studio.images import validate

    reference = tmp_path / "private.png"
    Image.new("RGB", (64, 64)).save(reference)

    def refused(path, *args, **kwargs):
        if Path(path) == reference:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return open(path, *args, **kwargs)

    def no_session(*_args, **_kwargs):
        raise AssertionError("the session was opened")

    monkeypatch.setattr(validate, "open", refused, raising=False)
    monkeypatch.setattr(generate, "open_command_session", no_session)
    assert cli.main(["generate", "x", "--image", str(reference), "--json"]) == 2
    out, err = capsys.readouterr()
    said = "private.png cannot be read: permission denied"
    assert said in json.loads(out)["message"] and said in err
    # Before: "This image cannot be used. ... Choose another image, one that opens in other
    # apps.", of a file that opens nowhere until its permissions are set right.
    assert json.loads(out)["kind"] == "image_unreadable"
    assert err.startswith("The image file cannot be read.")
    assert "Check that you are allowed to read it" in err and "Choose another" not in err


def test_a_too_large_reference_is_said_in_json_with_plain_spaces(app_home, tmp_path, capsys):
    """The window keeps "900" and "MP" on one line with a no-break space; --json and the log
    are read by scripts (``(\\d+) MP``), which kept plain spaces before that."""
    from kontext_studio import cli
    from tests.unit.test_images import header_only_png

    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(header_only_png(30000, 30000))
    assert cli.main(["generate", "x", "--image", str(bomb), "--json"]) == 2
    message = json.loads(capsys.readouterr().out)["message"]
    assert "bomb.png is 30000×30000 (900 MP); the limit is" in message
    assert "\u00a0" not in message


def test_content_policy_refusal_is_explained(tmp_path, simulator):
    code, result, err = run_cli(tmp_path, simulator, "generate", "a forbidden thing", "--json")
    assert code == 1
    assert result["status"] == "failed"
    assert result["error_code"] == 400
    assert "content policy" in result["message"]
    # Before: "`kontext-studio retry 1` carries it on", which sends the same prompt again,
    # to be refused again.
    assert result["hint"] == "Rephrase the prompt or use another image."
    assert "retry" not in err


def test_retry_of_a_job_refused_under_the_content_policy_sends_nothing(tmp_path, simulator):
    """Before: `retry 1` of a job KIE refused under its content policy sent the same prompt
    again (a new task KIE may charge for, the simulator does), to be refused again."""
    code, result, _ = run_cli(tmp_path, simulator, "generate", "a forbidden fox", "--json")
    assert code == 1 and result["status"] == "failed"
    credits, asked = simulator.credits, len(simulator.requests)

    code, refused, err = run_cli(tmp_path, simulator, "retry", "1", "--json")

    assert code == 2, err
    assert refused["status"] == "error" and refused["kind"] == "invalid_input"
    assert refused["message"] == (
        "KIE refused this job's prompt or image under its content policy: a retry would send "
        "them unchanged, to be refused again, and may be charged. Change the prompt or the "
        "image and generate it again as a new job."
    )
    assert err.strip() == refused["message"]
    assert len(simulator.requests) == asked and simulator.credits == credits, "nothing sent"
    assert simulator.generate_count("a forbidden fox") == 1
    assert job_states(tmp_path) == ["failed"]
    code, again, _ = run_cli(tmp_path, simulator, "resubmit", "1", "--yes", "--json")
    assert code == 2 and "Retry carries this one on" not in again["message"]


def test_retry_of_a_job_kie_refused_as_invalid_sends_nothing(tmp_path, simulator, monkeypatch):
    """Before: `retry 1` of a job whose generate KIE answered with a validation error (422)
    sent the same request again, to be refused again; the window offered Retry too."""
    refuses_as_invalid(monkeypatch, "an odd fox", "prompt is too long for this model")
    code, result, err = run_cli(tmp_path, simulator, "generate", "an odd fox", "--json")
    assert code == 1, err
    assert (result["status"], result["error_code"]) == ("failed", 422)
    assert "prompt is too long for this model" in result["message"]
    assert "retry" not in result["hint"] and "retry" not in err
    asked = len(simulator.requests)

    code, refused, err = run_cli(tmp_path, simulator, "retry", "1", "--json")

    assert code == 2, err
    assert refused["status"] == "error" and refused["kind"] == "invalid_input"
    assert refused["message"] == (
        "KIE did not accept this job's request: a retry would send it unchanged, to be "
        "refused again. Change the prompt, image or options as KIE's message says, and "
        "generate it again as a new job."
    )
    assert err.strip() == refused["message"]
    assert len(simulator.requests) == asked, "nothing sent"
    assert simulator.generate_count("an odd fox") == 1
    assert job_states(tmp_path) == ["failed"]


def test_a_job_that_cannot_be_sent_as_saved_is_not_retried(tmp_path, simulator):
    """A job saved with a ratio no longer accepted stops before anything is sent. Before,
    its next step said "Correct it and try again", and `retry 1` queued it to stop the same
    way again."""
    (tmp_path / "data").mkdir(parents=True, exist_ok=True)
    ledger = Ledger.open(tmp_path / "data" / "library.sqlite3")
    try:
        ledger.create_job(GenerateRequest("a tall fox", aspect_ratio="16:21"))
    finally:
        ledger.close()
    code, results, err = run_cli(tmp_path, simulator, "resume", "--json")
    assert code == 1, err
    assert [r["status"] for r in results] == ["failed"]
    assert "16:21" in results[0]["message"]
    assert results[0]["hint"] == (
        "Its saved request cannot be sent as it is: change the prompt, image or options as "
        "the message says, and generate it again as a new job; a retry would stop the same "
        "way."
    )

    code, refused, err = run_cli(tmp_path, simulator, "retry", "1", "--json")

    assert code == 2, err
    assert refused["kind"] == "invalid_input"
    assert refused["message"].startswith("This job's saved request cannot be sent as it is")
    assert simulator.generate_count("a tall fox") == 0
    assert job_states(tmp_path) == ["failed"]


def test_a_job_kie_turned_away_as_a_feature_switched_off_says_when_retry_helps(
    tmp_path, simulator, monkeypatch
):
    """KIE answered the generate with 505, feature disabled. Before, the next step was a
    bare "`kontext-studio retry 1` carries it on", as if it would simply work now."""
    answers_generate(monkeypatch, "a max fox", 505, "feature disabled")
    code, result, err = run_cli(tmp_path, simulator, "generate", "a max fox", "--json")
    assert code == 1, err
    assert (result["status"], result["error_code"]) == ("failed", 505)
    assert result["hint"] == (
        "KIE may switch this feature back on: `kontext-studio retry 1` then sends the job as "
        "it was. Until then, generate it again with another model or option."
    )


def test_a_failed_job_names_the_command_that_carries_it_on(tmp_path, simulator):
    """Before: the line said why it failed, and nothing of what to type next; then that the
    retry "carries it on without paying twice", of a retry that sends it to KIE, charged."""
    simulator.update(api_key="the-right-key")
    proc = run_process(tmp_path, simulator, "generate", "a fox")
    assert proc.returncode == 1
    assert "`kontext-studio retry 1` sends it to KIE, charged as any new job." in proc.stderr


@pytest.mark.parametrize(
    ("setting", "first"),
    [
        ({"api_key": "the-right-key"}, "Set a valid KIE API key first"),
        ({"credits": 0}, "Top up your KIE credits at kie.ai first"),
    ],
    ids=["wrong key", "no credits"],
)
def test_a_job_refused_for_the_key_or_credits_says_what_to_fix_before_the_retry(
    tmp_path, simulator, setting, first
):
    """Before: only "`kontext-studio retry 1` carries it on", which fails again as long as
    the key is wrong or the balance empty."""
    simulator.update(**setting)
    proc = run_process(tmp_path, simulator, "generate", "a fox")
    assert proc.returncode == 1
    step = proc.stderr.strip().splitlines()[-1]
    assert step.startswith(first), step
    assert step.endswith("`kontext-studio retry 1` sends it to KIE, charged as any new job."), step
    code, result, _ = run_cli(tmp_path, simulator, "generate", "a fox", "--json")
    assert code == 1 and result["hint"].startswith(first)


def test_wrong_key_is_explained(tmp_path, simulator):
    simulator.update(api_key="the-right-key")
    code, result, _ = run_cli(tmp_path, simulator, "generate", "a fox", "--json")
    assert code == 1
    assert result["error_code"] == 401
    assert "API key" in result["message"]
    assert TEST_KEY not in json.dumps(result)


def start_generate(home: Path, sim: Simulator, prompt: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kontext_studio", "generate", prompt, "--json"],
        env=cli_env(home, sim),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL


@pytest.fixture
def slow_simulator(monkeypatch):
    sim = Simulator(SimulatorConfig(latency_s=(0.05, 0.2), seed=2)).start()
    yield sim
    sim.stop()


def test_killed_while_submitting_resumes_as_unknown_never_resent(tmp_path, slow_simulator):
    sim = slow_simulator
    sim.update(generate_delay_s=30.0)
    proc = start_generate(tmp_path, sim, "killed while submitting")
    wait_for(lambda: sim.generate_count("killed while submitting") == 1)
    assert job_states(tmp_path) == ["submitting"]
    kill(proc)

    sim.update(generate_delay_s=0.0)
    code, results, _ = run_cli(tmp_path, sim, "resume", "--json")
    assert [r["status"] for r in results] == ["unknown"]
    assert "may or may not" in results[0]["message"]
    assert code == 1
    assert sim.generate_count("killed while submitting") == 1


def test_killed_while_generating_resumes_to_completed(tmp_path, slow_simulator):
    sim = slow_simulator
    sim.update(latency_s=(3.0, 3.0))
    proc = start_generate(tmp_path, sim, "killed while generating")
    wait_for(lambda: job_states(tmp_path) == ["generating"])
    kill(proc)

    code, results, _ = run_cli(tmp_path, sim, "resume", "--json")
    assert code == 0, results
    assert [r["status"] for r in results] == ["completed"]
    assert Path(results[0]["path"]).is_file()
    assert sim.generate_count("killed while generating") == 1


def test_killed_while_downloading_resumes_to_completed(tmp_path, slow_simulator):
    sim = slow_simulator
    sim.update(file_delay_s=30.0)
    proc = start_generate(tmp_path, sim, "killed while downloading")
    wait_for(lambda: job_states(tmp_path) == ["downloading"])
    time.sleep(0.2)  # let the download request reach the stalled file server
    kill(proc)
    library = tmp_path / "data" / "artworks"
    assert not [p for p in library.rglob("*") if p.is_file()]

    sim.update(file_delay_s=0.0)
    code, results, _ = run_cli(tmp_path, sim, "resume", "--json")
    assert code == 0, results
    assert [r["status"] for r in results] == ["completed"]
    assert sim.generate_count("killed while downloading") == 1
    assert not list(library.rglob("*.part"))


def dead_port() -> int:
    """A loopback port nothing listens on (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_key_test_that_cannot_reach_kie_joins_its_chinese_sentences_without_a_space(tmp_path):
    """Before: "…。 请检查网络连接后再测试一次。", a space after "。", as an f-string
    joined the two sentences the English way."""
    from kontext_studio import i18n

    if i18n.find_tool("lrelease") is None:
        pytest.skip("no lrelease")
    env = {**cli_env(tmp_path, None), "KIE_API_KEY": TEST_KEY, "KONTEXT_STUDIO_LANG": "zh_CN"}
    env["KONTEXT_STUDIO_KIE_URL"] = f"http://127.0.0.1:{dead_port()}"
    proc = subprocess.run(
        [sys.executable, "-m", "kontext_studio", "key", "test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,  # a guard: what is checked is what the person reads
        cwd=ROOT,
    )
    said = proc.stderr.strip().splitlines()[-1]
    assert said.endswith("。请检查网络连接后再测试一次。"), said


def test_key_test_whose_answer_was_cut_says_so_and_to_test_again(tmp_path, simulator):
    """KIE (the simulator here) began its answer to the balance, then cut it. Before,
    `key test` said to check the internet connection, which had just reached KIE."""
    simulator.update(faults=Faults(truncate=1.0, endpoints=frozenset({CREDIT})))
    proc = run_process(tmp_path, simulator, "key", "test")
    said = proc.stderr.strip().splitlines()[-1]
    assert said.startswith("KIE’s answer stopped before it was complete."), said
    assert said.endswith(" Test again in a moment."), said
    assert "internet connection" not in said
    assert proc.returncode == 1


@pytest.mark.parametrize("url", ["http://127.0.0.1:{port}", "https://kie.invalid"])
def test_generate_when_kie_cannot_be_reached_says_so_and_that_nothing_was_charged(
    tmp_path, simulator, url
):
    """Before: "job 1: queued - KIE cannot be reached", then nothing for half an hour while
    the job was tried again, whether the connection was refused or the name did not resolve.
    The job is kept, and ``retry`` sends it once KIE can be reached.

    The back-off between tries is a tenth of the app's (0.1 s, 0.2 s, 0.4 s instead of
    1 s, 2 s, 4 s): the same tries. Tried 64 times, as before, it would still take ~3
    minutes, beyond the guard."""
    env = {**cli_env(tmp_path, None), "KIE_API_KEY": TEST_KEY, RETRY_SCALE_ENV: "0.1"}
    env["KONTEXT_STUDIO_KIE_URL"] = env["KONTEXT_STUDIO_KIE_UPLOAD_URL"] = url.format(
        port=dead_port()
    )
    proc = subprocess.run(
        [sys.executable, "-m", "kontext_studio", "generate", "an offline fox"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,  # a guard: what is checked is what the person reads
        cwd=ROOT,
    )
    assert proc.returncode == 1
    assert proc.stdout.startswith("job 1: failed - KIE cannot be reached.")
    assert "This send did not reach KIE, so it was not charged." in proc.stderr
    assert "`kontext-studio retry 1` sends it once KIE can be reached." in proc.stderr
    assert job_states(tmp_path) == ["failed"]

    code, result, err = run_cli(tmp_path, simulator, "retry", "1", "--json")
    assert (code, result["status"]) == (0, "completed"), err
    assert simulator.generate_count("an offline fox") == 1


def test_a_download_whose_fresh_links_are_refused_reads_as_a_refused_link(tmp_path, simulator):
    """The host of the image refuses its link (403) and every fresh one KIE gives until
    the job gives up. Before, its line and --json read "KIE reported a server error."
    with code 403 (then, on this branch, "The result link has expired", seconds after it
    was made); they read as a refused link now, and ``retry`` fetches it, free."""
    simulator.update(result_ttl_s=0.0, fresh_url_ttl_s=0.0)
    env = {**cli_env(tmp_path, simulator), RETRY_SCALE_ENV: "0.01"}
    proc = subprocess.run(
        [sys.executable, "-m", "kontext_studio", "generate", "a fox behind a refusing host"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert proc.returncode == 1, proc.stderr
    refused = (
        "The server holding the image refused its download link, even the new one KIE had "
        "just given."
    )
    assert proc.stdout.startswith(f"job 1: failed - {refused}")
    assert "expired" not in proc.stdout + proc.stderr
    code, listed, err = run_cli(tmp_path, simulator, "jobs", "1", "--json")
    assert code == 0, err
    assert (listed["error_code"], listed["message"]) == (403, refused)

    simulator.update(fresh_url_ttl_s=1200.0)
    code, result, err = run_cli(tmp_path, simulator, "retry", "1", "--json")
    assert (code, result["status"]) == (0, "completed"), err
    assert simulator.generate_count("a fox behind a refusing host") == 1


def test_resume_says_a_refused_link_tried_again_in_vain_plainly_and_exits_0(tmp_path, simulator):
    """A job gave up on a link its image's host kept refusing; ``resume`` tries it again by
    itself, free, and the host still refuses it. Before, ``resume`` listed the old job as
    failed and exited 1, where it said "No unfinished jobs." and exited 0 before these
    tries: a script retrying a failed resume ran it again for nothing. It says so on
    stderr, lists nothing and exits 0; nothing is generated twice."""
    simulator.update(result_ttl_s=0.0, fresh_url_ttl_s=0.0)
    for command in (["generate", "a fox behind a refusing host"], ["resume", "--json"]):
        proc = run_process(
            tmp_path, simulator, *command, timeout=120, extra_env={RETRY_SCALE_ENV: "0.01"}
        )
    assert (proc.returncode, json.loads(proc.stdout)) == (0, []), proc.stderr
    assert (
        "Job 1: its image was tried again, free, and could not be fetched yet. The server "
        "holding the image refused its download link, even the new one KIE had just given. It "
        "is tried again at the next resume"
    ) in " ".join(proc.stderr.split())
    assert job_states(tmp_path) == ["failed"]
    assert simulator.generate_count("a fox behind a refusing host") == 1


def test_resume_says_the_rate_limit_stopped_a_refused_links_try_and_waits_it_out(
    tmp_path, simulator
):
    """A job gave up on a link its image's host kept refusing; ``resume`` tries it again,
    free, and meets KIE's rate limit. Before, it said "its link still refused, or the
    network or a server down", whatever the cause, and the next ``resume`` tried it again at
    once, the limit or not. Now it says the rate limit, and from when the next ``resume``
    tries it; a ``resume`` before then sends nothing for it and says so."""
    simulator.update(result_ttl_s=0.0, fresh_url_ttl_s=0.0)

    def run(*command: str) -> subprocess.CompletedProcess[str]:
        return run_process(
            tmp_path, simulator, *command, timeout=120, extra_env={RETRY_SCALE_ENV: "0.01"}
        )

    assert run("generate", "a fox behind a rate limit").returncode == 1
    simulator.update(
        fresh_url_ttl_s=1200.0,
        faults=Faults(rate_limited=1.0, endpoints=frozenset({DOWNLOAD_URL})),
    )
    proc = run("resume", "--json")
    assert (proc.returncode, json.loads(proc.stdout)) == (0, []), proc.stderr
    said = " ".join(proc.stderr.split())
    assert (
        "Job 1: its image was tried again, free, and could not be fetched yet. KIE is limiting "
        "how fast requests can be sent. It is tried again at the first resume from "
    ) in said
    assert "its link still refused" not in said

    asked = simulator.counts.get(DOWNLOAD_URL, 0)
    proc = run("resume", "--json")
    assert (proc.returncode, json.loads(proc.stdout)) == (0, []), proc.stderr
    assert simulator.counts.get(DOWNLOAD_URL, 0) == asked  # nothing sent for it
    assert (
        "Job 1: its image was not tried again this time: its last try met a limit. KIE is "
        "limiting how fast requests can be sent. It is tried again, free, at the first resume "
        "from "
    ) in " ".join(proc.stderr.split())
    # In words, no "No unfinished jobs." beside the job it names: it comes after, "other".
    proc = run("resume")
    assert proc.returncode == 0, proc.stderr
    assert "No unfinished jobs." not in proc.stderr
    said = " ".join(proc.stderr.split())
    assert said.index("its image was not tried again this time") < said.index(
        "No other unfinished jobs."
    )
    assert job_states(tmp_path) == ["failed"]
    assert simulator.generate_count("a fox behind a rate limit") == 1


def test_a_result_whose_host_moved_is_found_again_on_resume(tmp_path, slow_simulator):
    """Killed while downloading, and by the next start the stored link's host is gone (the
    demo simulator listens on a new port after every start): resume asks KIE where the
    result is now, instead of failing the paid job as a network error."""
    sim = slow_simulator
    sim.update(file_delay_s=30.0)
    proc = start_generate(tmp_path, sim, "the host moved")
    wait_for(lambda: job_states(tmp_path) == ["downloading"])
    kill(proc)
    db = tmp_path / "data" / "library.sqlite3"
    port = sim.base_url.rsplit(":", 1)[1]
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE artwork SET result_url = replace(result_url, ?, ?)",
            (f"127.0.0.1:{port}", f"127.0.0.1:{dead_port()}"),
        )

    sim.update(file_delay_s=0.0)
    code, results, _ = run_cli(tmp_path, sim, "resume", "--json")
    assert code == 0, results
    assert [r["status"] for r in results] == ["completed"]
    assert Path(results[0]["path"]).is_file()
    assert sim.generate_count("the host moved") == 1
    with sqlite3.connect(db) as conn:
        (stored,) = conn.execute("SELECT result_url FROM artwork").fetchone()
    assert stored.startswith(sim.base_url)  # the next start uses the new link


def test_demo_job_left_generating_finishes_after_a_restart(tmp_path):
    """Demo mode's simulator lives inside the app; its journal keeps the task across the
    restart, as the real KIE would, so the job is not lost as "not found"."""
    env = {**cli_env(tmp_path, None), "KONTEXT_STUDIO_DEMO_LATENCY": "3"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kontext_studio", "generate", "a demo lighthouse", "--demo"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    wait_for(lambda: job_states(tmp_path) == ["generating"])
    kill(proc)

    resumed = subprocess.run(
        [sys.executable, "-m", "kontext_studio", "resume", "--demo", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        cwd=ROOT,
    )
    results = json.loads(resumed.stdout.strip().splitlines()[-1])
    assert resumed.returncode == 0, resumed.stderr
    assert [r["status"] for r in results] == ["completed"]
    assert Path(results[0]["path"]).is_file()


def test_ctrl_c_on_a_demo_command_names_the_resume_that_finishes_its_job(tmp_path):
    """With a key set, a plain `resume` runs live and leaves demo jobs waiting. Before:
    Ctrl+C on `generate --demo` said "continue with `kontext-studio resume`", which then
    said only `resume --demo` could finish it."""
    env = {**cli_env(tmp_path, None), "KONTEXT_STUDIO_DEMO_LATENCY": "3", "KIE_API_KEY": TEST_KEY}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kontext_studio", "generate", "a demo kite", "--demo", "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    wait_for(lambda: job_states(tmp_path) == ["generating"])
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    said = (
        "Interrupted; demo job 1 was left unfinished: `kontext-studio resume --demo` carries it on."
    )
    assert json.loads(out.strip().splitlines()[-1])["message"] == said
    assert err.splitlines()[-1] == said

    resumed = subprocess.run(
        [sys.executable, "-m", "kontext_studio", "resume", "--demo", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        cwd=ROOT,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert [r["status"] for r in json.loads(resumed.stdout)] == ["completed"]


LEFT_ONE = "Interrupted; job 1 was left unfinished: `kontext-studio resume` carries it on."
LEFT_NONE = "Interrupted; this command left no job unfinished."


def ctrl_c_once_generating(monkeypatch: pytest.MonkeyPatch, prompt: str | None = None) -> None:
    """`generate` Ctrl+C'd as it says its job (of ``prompt``, if given) is generating."""
    from kontext_studio.cli.job_output import Progress

    shown = Progress.__call__

    def said(progress: Progress, snap: Snapshot) -> None:
        shown(progress, snap)
        if snap.state is JobState.GENERATING and prompt in (None, snap.prompt):
            signal.raise_signal(signal.SIGINT)

    monkeypatch.setattr(Progress, "__call__", said)


@pytest.mark.parametrize(
    ("earlier", "said"),
    [
        (0, LEFT_ONE),
        (
            1,
            "Interrupted; jobs 1, 2 were left unfinished: `kontext-studio resume` carries them on.",
        ),
    ],
)
def test_ctrl_c_on_generate_names_the_jobs_it_left_and_the_resume_that_carries_them_on(
    app_home, capsys, monkeypatch, simulator, earlier, said
):
    """Before: "Interrupted; unfinished jobs continue with `kontext-studio resume`.", the
    same words whatever the command had left: here, its own job, sent and paid for, and the
    one an earlier command left, which it carried on first."""
    from kontext_studio import cli

    for _ in range(earlier):
        a_queued_job(app_home, "an earlier fox")
    simulator.update(latency_s=(60.0, 60.0))
    ctrl_c_once_generating(monkeypatch, "a fox")
    assert cli.main(["generate", "a fox", "--json"]) == 130
    out, err = capsys.readouterr()
    assert json.loads(out) == {
        "status": "error",
        "kind": "interrupted",
        "message": said,
        "id": earlier + 1,
    }
    assert err.splitlines()[-1] == said
    assert job_states(app_home) == ["generating"] * (earlier + 1)
    assert simulator.generate_count("a fox") == 1


LEFT_TO_WINDOW = (
    "Interrupted; job 1 was left unfinished: the window open on this library carries it on "
    "within a few seconds if it is in live mode (once no window or other command has the "
    "library open, `kontext-studio resume` does)."
)


def test_ctrl_c_in_chinese_lists_the_jobs_left_with_the_enumeration_comma(
    app_home, capsys, monkeypatch, simulator
):
    """Before: Ctrl+C on a command that left two jobs said "任务 1, 2 未完成" in Chinese, an
    English comma in a Chinese list. The --json line stays English, "jobs 1, 2"."""
    from kontext_studio import cli, i18n

    if i18n.find_tool("lrelease") is None:
        pytest.skip("no lrelease")
    a_queued_job(app_home, "an earlier fox")
    simulator.update(latency_s=(60.0, 60.0))
    ctrl_c_once_generating(monkeypatch, "a fox")
    monkeypatch.setenv("KONTEXT_STUDIO_LANG", "zh_CN")
    try:
        assert cli.main(["generate", "a fox", "--json"]) == 130
    finally:
        i18n.install(None)
    out, err = capsys.readouterr()
    assert json.loads(out)["message"] == (
        "Interrupted; jobs 1, 2 were left unfinished: `kontext-studio resume` carries them on."
    )
    said = "已中断；任务 1、2 未完成：可用 `kontext-studio resume` 继续它们。"
    assert err.splitlines()[-1] == said


def test_ctrl_c_on_generate_beside_the_window_says_the_window_carries_its_job_on(
    app_home, capsys, monkeypatch, simulator
):
    """A command Ctrl+C'd while the window is open (which holds the library's claim: the
    command ran as a guest) said "`kontext-studio resume` carries it on"; the window took
    the job on within a few seconds, and a `resume` then said Kontext Studio was open on
    the library elsewhere. It says the open window carries it on if it is in live mode, as
    the demo words say "if it is in demo mode": a window in demo mode (no key there, the
    command's from KIE_API_KEY) leaves a live job alone."""
    from kontext_studio import cli
    from kontext_studio.jobs.claim import JobsClaim, claim_path

    simulator.update(latency_s=(60.0, 60.0))
    ctrl_c_once_generating(monkeypatch)
    window = JobsClaim(claim_path(Paths.from_env().ensure().database))
    assert window.take()
    try:
        assert cli.main(["generate", "a fox", "--json"]) == 130
    finally:
        window.release()
    out, err = capsys.readouterr()
    assert json.loads(out) == {
        "status": "error",
        "kind": "interrupted",
        "message": LEFT_TO_WINDOW,
        "id": 1,
    }
    assert err.splitlines()[-1] == LEFT_TO_WINDOW
    assert job_states(app_home) == ["generating"]


@pytest.mark.parametrize(
    ("window_demo", "said"),
    [
        (
            False,
            "Interrupted; job 1 was left unfinished: the window open on this library (live "
            "mode) carries it on within a few seconds.",
        ),
        (
            True,
            "Interrupted; job 1 was left unfinished: the window (demo mode) has this library "
            "open and does not run live jobs: switch it to live mode, or quit it and run "
            "`kontext-studio resume`.",
        ),
    ],
)
def test_ctrl_c_beside_the_window_says_whether_its_mode_carries_the_job_on(
    app_home, capsys, monkeypatch, simulator, window_demo, said
):
    """The window writes who it is and its mode into the library's claim: a command
    Ctrl+C'd beside it no longer says "carries it on … if it is in live mode (once no
    window or other command has the library open, …)", but whether it does; a window in
    demo mode leaves a live job alone until it goes live or quits."""
    from kontext_studio import cli
    from kontext_studio.jobs.claim import WINDOW, Holder, JobsClaim, claim_path

    simulator.update(latency_s=(60.0, 60.0))
    ctrl_c_once_generating(monkeypatch)
    path = claim_path(Paths.from_env().ensure().database)
    window = JobsClaim(path, Holder.here(WINDOW, demo=window_demo))
    assert window.take()
    try:
        assert cli.main(["generate", "a fox", "--json"]) == 130
    finally:
        window.release()
    out, err = capsys.readouterr()
    assert json.loads(out)["message"] == said
    assert err.splitlines()[-1] == said


def test_ctrl_c_beside_another_command_names_it_and_the_resume_after_it(
    app_home, capsys, monkeypatch, simulator
):
    """A command Ctrl+C'd beside another one holding the library's jobs (a `generate` in
    another terminal) said "the window open on this library carries it on within a few
    seconds": no window was open, and the other command does not carry it on."""
    from kontext_studio import cli

    simulator.update(latency_s=(60.0, 60.0))
    holder = start_generate(app_home, simulator, "the first fox")
    try:
        wait_for(lambda: job_states(app_home) == ["generating"])
        ctrl_c_once_generating(monkeypatch)
        assert cli.main(["generate", "a fox", "--json"]) == 130
    finally:
        kill(holder)
    said = (
        f"Interrupted; job 2 was left unfinished: `kontext-studio generate` (pid {holder.pid}) "
        "has this library open; once it has ended, `kontext-studio resume` carries it on."
    )
    out, err = capsys.readouterr()
    assert json.loads(out)["message"] == said
    assert err.splitlines()[-1] == said


def test_ctrl_c_beside_the_window_and_a_running_command_says_the_window_waits_for_it(
    app_home, capsys, monkeypatch, simulator
):
    """The window carries on a job a command left only once no command runs jobs beside it
    (the library does not say which job is whose): Ctrl+C'd beside it while a `generate` in
    another terminal still ran its own, a command said the window carried it on "within a
    few seconds", which it did not until that one had ended."""
    from kontext_studio import cli
    from kontext_studio.jobs.claim import claim_path
    from tests.unit.test_claim_record import hold

    simulator.update(latency_s=(60.0, 60.0))
    window = hold(claim_path(Paths.from_env().ensure().database), "window", "live")
    running = start_generate(app_home, simulator, "the first fox")
    try:
        wait_for(lambda: job_states(app_home) == ["generating"])
        ctrl_c_once_generating(monkeypatch)
        assert cli.main(["generate", "a fox", "--json"]) == 130
    finally:
        kill(running)
        window.communicate("")
    said = (
        "Interrupted; job 2 was left unfinished: the window open on this library (live mode) "
        "carries it on once no other command is running jobs on this library."
    )
    out, err = capsys.readouterr()
    assert json.loads(out)["message"] == said
    assert err.splitlines()[-1] == said


def test_ctrl_c_on_generate_after_the_window_closed_names_the_resume_that_carries_it_on(
    app_home, capsys, monkeypatch, simulator
):
    """A command started while the window was open runs as a guest; the window closed
    meanwhile, a Ctrl+C said "the window open on this library carries it on within a few
    seconds": no window was open, nothing carried the job on, and the artist waited. Once
    nothing holds the library's claim, it names the `resume` that carries it on."""
    from kontext_studio import cli
    from kontext_studio.cli.job_output import Progress
    from kontext_studio.jobs.claim import JobsClaim, claim_path

    simulator.update(latency_s=(60.0, 60.0))
    shown = Progress.__call__
    window = JobsClaim(claim_path(Paths.from_env().ensure().database))

    def window_closes_then_ctrl_c(progress: Progress, snap: Snapshot) -> None:
        shown(progress, snap)
        if snap.state is JobState.GENERATING:
            window.release()
            signal.raise_signal(signal.SIGINT)

    monkeypatch.setattr(Progress, "__call__", window_closes_then_ctrl_c)
    assert window.take()
    try:
        assert cli.main(["generate", "a fox", "--json"]) == 130
    finally:
        window.release()
    out, err = capsys.readouterr()
    assert json.loads(out)["message"] == LEFT_ONE
    assert err.splitlines()[-1] == LEFT_ONE
    assert job_states(app_home) == ["generating"]


def test_ctrl_c_on_generate_before_its_job_was_made_does_not_speak_of_resume(
    app_home, capsys, monkeypatch, simulator
):
    """Before: "unfinished jobs continue with `kontext-studio resume`" of a command stopped
    before it made its job: there was nothing to resume."""
    from kontext_studio import cli
    from kontext_studio.cli import generate

    opened = generate.open_command_session

    def ctrl_c_as_it_opens(demo: bool, command: str) -> Any:
        signal.raise_signal(signal.SIGINT)
        return opened(demo, command)

    monkeypatch.setattr(generate, "open_command_session", ctrl_c_as_it_opens)
    assert cli.main(["generate", "a fox", "--json"]) == 130
    out, err = capsys.readouterr()
    assert json.loads(out)["message"] == LEFT_NONE
    assert err.splitlines() == [LEFT_NONE]
    assert job_states(app_home) == []


@pytest.mark.parametrize("command", [["resume", "--demo"], ["generate", "a fox", "--demo"]])
def test_ctrl_c_as_a_command_s_loop_is_made_says_only_it_stopped(
    app_home, capsys, monkeypatch, command
):
    """A Ctrl+C heard before the command's task started (its loop being made) ends it
    before it opens the library. Before: "Interrupted; this command left no job
    unfinished.", which it cannot know: a `resume` left every job it was to carry on."""
    from kontext_studio import cli
    from kontext_studio.cli.signals import StopSignals

    run = StopSignals.run

    async def ctrl_c_first(self: StopSignals, command: Coroutine[Any, Any, int]) -> int:
        signal.raise_signal(signal.SIGINT)
        return await run(self, command)

    monkeypatch.setattr(StopSignals, "run", ctrl_c_first)
    assert cli.main([*command, "--json"]) == 130
    out, err = capsys.readouterr()
    assert json.loads(out)["message"] == "Interrupted."
    assert err.splitlines() == ["Interrupted."]


# Odd arguments: one line each, never a traceback, nothing sent.

LATIN_1 = os.fsdecode(b"caf\xe9")  # bytes that are not UTF-8, as the shell hands them over


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["generate", f"a {LATIN_1} on a table"], "not valid UTF-8 text"),
        (["jobs", "--search", LATIN_1], "not valid UTF-8 text"),
        (["import", "x.png", "--title", LATIN_1], "not valid UTF-8 text"),
        (["retry", "99999999999999999999999"], "there is no such job"),
        (["publish", "-99999999999999999999999"], "there is no such job"),
        (["generate", "a fox", "--image", "~no-such-user-here/cat.png"], "not a usable path"),
        (["generate", "a fox", "--out", "~no-such-user-here/out"], "not a usable path"),
        (["import", "~no-such-user-here/cat.png"], "not a usable path"),
        (["generate", "a fox", "--safety", "9"], "a whole number from 0 to 6"),
        (["generate", "a fox", "--safety", "-1"], "a whole number from 0 to 6"),
        (["generate", "a fox", "--safety", "2.5"], "a whole number from 0 to 6"),
        (["generate", "a fox", "--image", "cat.png", "--safety", "3"], "0 to 2 when editing"),
        (["simulator", "--port", "99999"], "0 to 65535"),
        (["simulator", "--min-latency", "nan"], "seconds from 0 to 3600"),
        (["simulator", "--min-latency", "10", "--max-latency", "1"], "must not be above"),
    ],
)
def test_odd_arguments_are_one_line_without_traceback(tmp_path, simulator, args, reason):
    proc = run_process(tmp_path, simulator, *args)
    assert proc.returncode == 2
    assert reason in proc.stderr
    assert "Traceback" not in proc.stderr
    assert simulator.generate_requests == []


@pytest.mark.parametrize(
    ("option", "words"),
    [("--image", "an empty path names no file"), ("--out", "an empty path names no folder")],
)
def test_an_empty_image_or_out_folder_is_refused_not_taken_for_not_given(
    tmp_path, simulator, option, words
):
    """Before: `generate "make it blue" --image ""` (a script's `--image "$REF"` with REF
    unset) sent a new image from the prompt alone, a different job and a paid one, exit 0;
    `--out ""` copied the result nowhere, exit 0. "" was taken for the option not given.
    Now an empty path is refused as `import ""` is, exit 2, nothing sent."""
    proc = run_process(tmp_path / "home", simulator, "generate", "make it blue", option, "")
    assert proc.returncode == 2, proc.stderr
    assert f"argument {option}: {words}" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert simulator.generate_requests == []
    assert not (tmp_path / "home" / "data" / "library.sqlite3").exists()
    proc = run_process(tmp_path / "home", None, "generate", "make it blue", "--demo", option, "")
    assert proc.returncode == 2, proc.stderr
    assert f"argument {option}: {words}" in proc.stderr
    proc = run_process(
        tmp_path / "home", simulator, "generate", "make it blue", option, "", "--json"
    )
    assert proc.returncode == 2
    assert json.loads(proc.stdout) == {
        "status": "error",
        "kind": "invalid_input",
        "message": f"argument {option}: {words}",
    }
    assert simulator.generate_requests == []


def test_import_names_files_as_typed(tmp_path):
    image = tmp_path / "sketch.png"
    Image.new("RGB", (32, 32), (10, 120, 200)).save(image)
    code, imported, err = run_cli(tmp_path, None, "import", "./sketch.png", "--json", cwd=tmp_path)
    assert code == 0, err
    assert imported["file"] == "./sketch.png"


def test_an_empty_path_to_import_is_refused_not_taken_for_the_current_folder(tmp_path):
    """Before: `import ""` (a script's `import "$FILE"` with FILE unset) imported every
    image of the folder it was run from, and of its subfolders: "" was read as ".". Now an
    empty path is refused, nothing added."""
    (tmp_path / "sub").mkdir()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(tmp_path / "a.png")
    Image.new("RGB", (8, 8), (4, 5, 6)).save(tmp_path / "sub" / "b.png")
    proc = run_process(tmp_path / "home", None, "import", "", "--json", cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert "argument PATH: an empty path names no file" in proc.stderr
    assert json.loads(proc.stdout)["kind"] == "invalid_input"
    assert not (tmp_path / "home" / "data" / "library.sqlite3").exists()


def test_every_command_is_run_as_one_whatever_is_on_disk_under_its_name(tmp_path):
    """Before: `details` and `attach`, added after the list of commands the launch knows,
    were taken for a file to open the window with when something of their name was in the
    folder the command ran from: `details 1 --title Sea` beside a folder "details" said
    "details is a folder, not an image file", `attach 1 TASK` beside a file "attach" opened
    the window. (A stop before they listened ended them as the window's launch: exit 0.)"""
    (tmp_path / "details").mkdir()
    (tmp_path / "attach").mkdir()
    for args, words in (
        (["details", "1", "--title", "Sea"], "There is no artwork 1."),
        (["attach", "1", "t-1", "--demo"], "There is no job 1."),
    ):
        proc = run_process(tmp_path / "home", None, *args, "--json", cwd=tmp_path)
        assert proc.returncode == 2, proc.stderr
        assert words in proc.stderr
        assert json.loads(proc.stdout)["kind"] == "invalid_input"
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(SUBCOMMANDS) == set(commands.choices)


def test_a_first_argument_too_long_for_a_file_name_is_no_traceback(tmp_path):
    proc = run_process(tmp_path, None, "a" * 300)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "invalid choice" in proc.stderr


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ("missing.png", "missing.png does not exist"),
        ("./gone/photo", "./gone/photo does not exist"),
        ("~/no-such-sketch.webp", "~/no-such-sketch.webp does not exist"),
        ("pictures", "pictures is a folder, not an image file"),
        ("pictures/", "pictures/ is a folder, not an image file"),
        ("genrate", None),
    ],
)
def test_a_first_argument_naming_no_image_says_so_not_invalid_choice(
    app_home, tmp_path, monkeypatch, capsys, given, words
):
    """ "Open With" or a person typing a file name that is not there: before, argparse's
    "invalid choice: 'missing.png' (choose from 'generate', ...)". A word with no dot, slash
    or ~ in it that is nothing on disk is taken for a mistyped command, and keeps that
    answer."""
    from kontext_studio import cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / "pictures").mkdir()
    if words is None:
        with pytest.raises(SystemExit) as refused:
            cli.main([given])
        assert refused.value.code == 2 and "invalid choice: 'genrate'" in capsys.readouterr().err
        return
    assert cli.main([given, "other.png"]) == 2
    err = capsys.readouterr().err
    assert words in err and "`kontext-studio --help` lists the commands" in err
    assert "invalid choice" not in err


@contextlib.contextmanager
def beside_an_upgrade(
    tmp_path: Path, prompts: list[str], *args: str
) -> Iterator[tuple[subprocess.Popen[str], Callable[[], None]]]:
    """``kontext-studio ARGS`` started while another process upgrades an old library of
    ``prompts``, held until the test lets it go; the command is killed afterwards should it
    still run."""
    database = tmp_path / "data" / "library.sqlite3"
    database.parent.mkdir()
    old_library(database, *prompts)
    with upgrade_held(database) as let_go:
        command = subprocess.Popen(
            [sys.executable, "-m", "kontext_studio", *args],
            env=cli_env(tmp_path, None),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        try:
            assert command.stderr is not None
            yield command, let_go
        finally:
            if command.poll() is None:
                command.kill()
                command.communicate()


def test_a_command_run_while_the_window_upgrades_the_library_says_so_and_waits(tmp_path):
    """`kontext-studio jobs` run as a window started after an update upgrades a large
    library: it ended after SQLite's 5 s with "Another program is using the library. Close
    it (a database browser…)". It says the library is being upgraded, waits, and lists it."""
    with beside_an_upgrade(tmp_path, ["a fox", "a heron"], "jobs", "--json") as (command, let_go):
        assert command.stderr is not None
        said = command.stderr.readline()
        assert said == (
            "The library is being upgraded by another Kontext Studio; waiting for it to finish…\n"
        )
        let_go()
        listed, err = command.communicate(timeout=60)
    assert command.returncode == 0, err
    assert [row["prompt"] for row in json.loads(listed)] == ["a heron", "a fox"]


def test_ctrl_c_while_a_command_waits_for_another_upgrade_ends_it_at_once(tmp_path):
    """Ctrl+C was heard only once the wait for the other's upgrade (up to 10 minutes) was
    over, and the command then ran on as if it had not come. It ends the command at once,
    as interrupted, the other's upgrade going on untouched."""
    with beside_an_upgrade(tmp_path, ["a fox"], "jobs") as (command, let_go):
        assert command.stderr is not None
        assert command.stderr.readline().startswith("The library is being upgraded")
        command.send_signal(signal.SIGINT)
        listed, err = command.communicate(timeout=30)
        let_go()
    assert command.returncode == EXIT_INTERRUPTED, err
    assert listed == ""
    assert "Traceback" not in err


def test_settings_warnings_go_to_the_log_not_to_the_terminal(tmp_path):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.json").write_text('{"poll_timeout_s": "abc", "language": 5}')
    proc = run_process(tmp_path, None, "jobs")
    assert proc.returncode == 0
    assert "ignored" not in proc.stderr


def log_records(home: Path) -> list[dict[str, Any]]:
    """The records in the log file of the command line run with ``home``, oldest first."""
    log = home / "logs" / "kontext-studio.jsonl"
    if not log.is_file():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def events(home: Path, name: str) -> list[dict[str, Any]]:
    return [record for record in log_records(home) if record.get("event") == name]


@pytest.mark.parametrize(
    "command",
    [["jobs", "--json"], ["jobs", "1"], ["import", "{image}", "--json"], ["cancel", "1"]],
    ids=["jobs", "jobs ID", "import", "cancel"],
)
def test_a_command_writes_the_settings_it_could_not_use_in_the_log_file_once(tmp_path, command):
    """A command that says some settings could not be used sends the artist to the log file
    for what was wrong with them. Before, `jobs` and `import` opened no log file: what they
    logged was written nowhere. Each warning is written once, however many times the
    command read the settings (its language first, before the log was opened)."""
    home = tmp_path / "home"
    settings_file = home / "config" / "settings.json"
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(json.dumps({"submit_limit": 0, "r2": {"bucket": 5}}))
    a_queued_job_in(home)
    image = tmp_path / "dawn.png"
    Image.new("RGB", (32, 32), (200, 120, 10)).save(image)

    arguments = [part.replace("{image}", str(image)) for part in command]
    proc = run_process(home, None, *arguments)

    assert "Traceback" not in proc.stderr
    ignored = [record["setting"] for record in events(home, "setting_ignored")]
    assert sorted(ignored) == ["r2.bucket", "submit_limit"], proc.stderr
    [ended] = events(home, "command_ended")
    assert (ended["command"], ended["exit_code"]) == (command[0], proc.returncode)


def test_a_library_warning_while_importing_is_in_the_log_file_once(tmp_path):
    """Pillow's "Corrupt EXIF data" warning about a damaged photo is kept off the terminal
    for the log file. Before, `import` opened none, and it was written nowhere."""
    photo = tmp_path / "damaged.jpg"
    cut_short = (
        b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x05\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06"
    )
    Image.new("RGB", (64, 48), "teal").save(photo, exif=cut_short)
    home = tmp_path / "home"

    code, _, err = run_cli(home, None, "import", str(photo), "--json")

    assert code == 0, err
    warned = [r for r in log_records(home) if r["logger"] == "py.warnings"]
    assert len(warned) == 1 and "Corrupt EXIF data" in warned[0]["msg"], warned
    assert [r["event"] for r in events(home, "import_done")] == ["import_done"]


def test_details_on_a_damaged_library_writes_its_move_aside_in_the_log_file(tmp_path):
    """The library file was damaged and ``details`` moved it aside, saying so on the
    terminal. Before, the log file the artist is asked for had no record of it, nor of the
    command at all."""
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    (home / "data" / "library.sqlite3").write_bytes(b"not a database" * 1000)

    proc = run_process(home, None, "details", "1", "--title", "Dawn")

    assert proc.returncode == 2 and "moved aside" in proc.stderr, proc.stderr
    assert len(events(home, "db_recovered")) == 1
    [ended] = events(home, "command_ended")
    assert (ended["command"], ended["exit_code"]) == ("details", 2)


def settings_said(stderr: str) -> list[str]:
    """The lines of ``stderr`` that say settings could not be used."""
    return [line for line in stderr.splitlines() if "settings.json" in line]


def demo_generate(home: Path) -> tuple[int, Any, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "kontext_studio", "generate", "a lighthouse", "--demo", "--json"],
        env={**cli_env(home, None), "KONTEXT_STUDIO_DEMO_LATENCY": "0.1"},
        capture_output=True,
        text=True,
        timeout=90,
        cwd=ROOT,
    )
    return proc.returncode, json.loads(proc.stdout.strip().splitlines()[-1]), proc.stderr


def test_commands_say_once_that_a_damaged_settings_file_could_not_be_read(tmp_path):
    """Before: with a folder of its own chosen for new images and the settings file damaged
    since (a hand edit cut short), `generate` saved into the default folder, and `jobs`
    listed it there, neither saying a word of the settings."""
    home, chosen = tmp_path / "home", tmp_path / "my pictures"
    settings_file = home / "config" / "settings.json"
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(json.dumps({"library_dir": str(chosen)})[:-1])  # the "}" cut off

    code, result, err = demo_generate(home)
    assert code == 0, err
    assert Path(result["path"]).is_relative_to(home / "data" / "artworks")
    said = settings_said(err)
    assert said == [
        f"The settings file {settings_file} could not be read, so the defaults of all "
        "settings apply. Correct it, or choose them again in the window's Settings."
    ], err

    for arguments in (["jobs"], ["jobs", "1"], ["jobs", "--json"]):
        proc = run_process(home, None, *arguments)
        assert proc.returncode == 0, proc.stderr
        assert len(settings_said(proc.stderr)) == 1, (arguments, proc.stderr)
        assert "settings" not in proc.stdout
    assert json.loads(proc.stdout)[0]["id"] == 1  # --json's stdout: the list alone


def test_commands_name_the_settings_they_could_not_use(tmp_path):
    """A relative folder for new images (which would depend on where the command runs) and
    values of the wrong kind are named, with the file to correct."""
    home = tmp_path / "home"
    settings_file = home / "config" / "settings.json"
    settings_file.parent.mkdir(parents=True)
    settings = {"library_dir": "pictures", "submit_limit": 0, "r2": "my bucket"}
    settings_file.write_text(json.dumps(settings))

    code, result, err = demo_generate(home)
    assert code == 0, err
    assert Path(result["path"]).is_relative_to(home / "data" / "artworks")
    said = settings_said(err)
    assert len(said) == 1, err
    assert said[0].startswith(f"Some settings in {settings_file} could not be used")
    assert all(name in said[0] for name in ("library_dir", "submit_limit")), said
    assert "r2" not in said[0], "generate publishes nothing"

    a_queued_job_in(home)
    proc = run_process(home, None, "publish", "2")
    assert proc.returncode == 2
    assert len(settings_said(proc.stderr)) == 1, proc.stderr
    assert "not set up" in proc.stderr


def test_commands_name_only_the_settings_they_use(tmp_path):
    """Before, each command named every setting it could not use: `cancel`, which saves no
    image and publishes nothing, named the folder for new images and the R2 settings, and
    `publish` how long a job is waited for. The language is named by each command that
    names settings: its words are in it."""
    home = tmp_path / "home"
    settings_file = home / "config" / "settings.json"
    settings_file.parent.mkdir(parents=True)
    settings = {"library_dir": "pictures", "poll_timeout_s": -1, "r2": "my bucket"}
    settings_file.write_text(json.dumps({**settings, "language": "chinese"}))
    a_queued_job_in(home)

    proc = run_process(home, None, "cancel", "1")
    assert proc.returncode == 0, proc.stderr
    assert settings_said(proc.stderr) == []

    for arguments in (["publish", "1"], ["jobs"]):
        proc = run_process(home, None, *arguments)
        (said,) = settings_said(proc.stderr)
        assert said.startswith(
            f"Some settings in {settings_file} could not be used, so their "
            "defaults apply: language, r2."
        ), said


def test_a_good_settings_file_is_not_spoken_of(tmp_path):
    home, chosen = tmp_path / "home", tmp_path / "my pictures"
    settings_file = home / "config" / "settings.json"
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(json.dumps({"library_dir": str(chosen), "default_ratio": "16:9"}))

    code, result, err = demo_generate(home)
    assert code == 0, err
    assert Path(result["path"]).is_relative_to(chosen)
    assert settings_said(err) == []
    proc = run_process(home, None, "jobs")
    assert proc.returncode == 0
    assert settings_said(proc.stderr) == []


def test_commands_that_use_no_settings_say_nothing_of_them(app_home, capsys):
    from kontext_studio import cli

    a_queued_job_in(app_home)
    Paths.from_env().ensure().settings_file.write_text("{not json", encoding="utf-8")
    assert cli.main(["key", "status", "--json"]) == 0
    assert cli.main(["details", "1", "--title", "Sea"]) == 0
    captured = capsys.readouterr()
    assert "settings.json" not in captured.err + captured.out


def test_a_simulator_on_a_port_in_use_says_so(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = run_process(tmp_path, None, "simulator", "--port", str(port))
    assert proc.returncode == 2
    assert f"Port {port} cannot be used" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_ctrl_c_stops_the_simulator_as_it_says_with_no_word_of_jobs(tmp_path, stop):
    """ "Ctrl+C stops it", the simulator says. Before: that Ctrl+C ended it as interrupted
    (exit code 130), saying that unfinished jobs continue with `kontext-studio resume`.
    A ``kill`` is its normal end too, and so is its terminal closing (SIGHUP): the README's
    exit codes and ``--help`` say so."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "kontext_studio", "simulator", "--port", "0"],
        env=cli_env(tmp_path, None),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stderr is not None
    assert "(Ctrl+C stops it)" in proc.stderr.readline()
    proc.send_signal(stop)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert (out, err) == ("", "")


FAST_SIM = ("--min-latency", "0", "--max-latency", "0.1")


@pytest.mark.parametrize("deleted", [True, False], ids=["deleted after 0 s", "kept"])
def test_the_simulator_command_deletes_results_when_asked_to(tmp_path, deleted):
    """`kontext-studio simulator` kept every result 14 days: what the app does with a result
    KIE says is deleted could not be tried with it. ``--delete-results-after SECONDS``
    deletes each that long after it is made: download-url has no fresh link to it."""
    options = ["--delete-results-after", "0"] if deleted else []
    proc = subprocess.Popen(
        [sys.executable, "-m", "kontext_studio", "simulator", "--port", "0", *FAST_SIM, *options],
        env=cli_env(tmp_path, None),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert proc.stderr is not None
        base = re.search(r"http://\S+", proc.stderr.readline())
        assert base is not None
        api = f"{base.group(0)}/api/v1"
        with httpx.Client(headers={"Authorization": f"Bearer {TEST_KEY}"}) as client:
            generated = client.post(f"{api}/flux/kontext/generate", json={"prompt": "a lamp"})
            task = {"taskId": generated.json()["data"]["taskId"]}

            def record() -> dict[str, Any]:
                reply = client.get(f"{api}/flux/kontext/record-info", params=task)
                data: dict[str, Any] = reply.json()["data"]
                return data

            wait_for(lambda: record()["successFlag"] != 0)
            url = record()["response"]["resultImageUrl"]
            fresh = client.post(f"{api}/common/download-url", json={"url": url}).json()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
    assert fresh["code"] == (404 if deleted else 200), fresh


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_simulator_whose_address_cannot_be_written_stops_saying_why_in_the_log(tmp_path):
    """Before: `kontext-studio simulator --port 0 2> /dev/full` served on, its address
    written nowhere, so that nobody could reach it. It stops at once (exit 1), the reason
    in the log file, as stderr refused it."""
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "kontext_studio", "simulator", "--port", "0"],
            env=cli_env(tmp_path, None),
            stdout=subprocess.PIPE,
            stderr=full,
            text=True,
            timeout=30,
            cwd=ROOT,
        )
    assert proc.returncode == 1
    assert proc.stdout == ""
    logged = (tmp_path / "logs" / "kontext-studio.jsonl").read_text(encoding="utf-8")
    assert "its address could not be written to stderr (No space left on device)" in logged


def test_an_image_whose_name_is_not_utf8_is_imported_with_a_readable_title(tmp_path):
    folder = tmp_path / "pictures"
    folder.mkdir()
    image = folder / f"{LATIN_1}.png"
    Image.new("RGB", (32, 32), (200, 10, 10)).save(image)
    code, imported, err = run_cli(tmp_path / "home", None, "import", str(image), "--json")
    assert code == 0, err
    assert imported["file"] == str(image)  # the name as it was given, in JSON's \u escapes
    code, listed, err = run_cli(tmp_path / "home", None, "jobs", "--json")
    assert [row["title"] for row in listed] == ["caf\ufffd"]


def test_a_stdout_whose_encoding_has_no_chinese_still_lists_the_library(tmp_path):
    """Before: on Windows, whose pipes and files speak the ANSI code page (cp1252 here),
    `kontext-studio jobs > list.txt` (and `jobs --json`) said "Something went wrong" for a
    library holding a Chinese prompt, as they are normal here. Now a human line shows "?"
    for a character the encoding has none for, and the JSON line escapes it (\\uXXXX);
    a file name's bytes that are not UTF-8 still go out as they are."""
    (tmp_path / "data").mkdir()
    ledger = Ledger.open(tmp_path / "data" / "library.sqlite3")
    try:
        ledger.create_job(GenerateRequest("红狐 at dawn"))
    finally:
        ledger.close()
    image = tmp_path / f"{LATIN_1}.png"
    Image.new("RGB", (8, 8)).save(image)
    env = {**cli_env(tmp_path, None), "PYTHONIOENCODING": "cp1252"}

    def command(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "kontext_studio", *args],
            env=env,
            capture_output=True,
            timeout=60,
            cwd=ROOT,
        )

    imported = command("import", str(image))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout == os.fsencode(image) + b": imported as artwork 2\n"
    human = command("jobs")
    assert human.returncode == 0, human.stderr
    left = b" - Nothing carries it on now: `kontext-studio resume` does."  # nothing runs it
    assert human.stdout.splitlines()[1] == b'job 1: queued "?? at dawn"' + left
    as_json = command("jobs", "--json")
    assert as_json.returncode == 0, as_json.stderr
    assert [row["prompt"] for row in json.loads(as_json.stdout)] == ["", "红狐 at dawn"]


@pytest.mark.parametrize(
    ("env", "encoding"),
    [({"LC_ALL": "C", "PYTHONUTF8": "0"}, "ascii"), ({"PYTHONIOENCODING": "cp1252"}, "cp1252")],
)
def test_a_list_whose_lines_show_question_marks_says_how_many_and_where_they_are_whole(
    tmp_path, env, encoding
):
    """Before: under the C locale (or into a Windows pipe), `jobs` showed "??? at dawn" for
    a Chinese title and said nothing: a title of question marks, for all a person could
    tell. How many lines show "?" so is said after the list, on stderr, with the command
    that gives them whole; nothing is said of a list every line of which it could write."""
    (tmp_path / "data").mkdir()
    ledger = Ledger.open(tmp_path / "data" / "library.sqlite3")
    try:
        for prompt in ("一只狐狸 at dawn", "a cat", "红狐 at dusk"):
            ledger.create_job(GenerateRequest(prompt))
    finally:
        ledger.close()

    def listed(*args: str) -> subprocess.CompletedProcess[bytes]:
        command = args if args[:1] == ("details",) else ("jobs", *args)
        return subprocess.run(
            [sys.executable, "-m", "kontext_studio", *command],
            env={**cli_env(tmp_path, None), **env},
            capture_output=True,
            timeout=60,
            cwd=ROOT,
        )

    every = listed()
    assert every.returncode == 0, every.stderr
    assert every.stdout.count(b"?") >= 2
    assert every.stderr.decode("ascii").splitlines()[-1] == (
        f'2 lines of the list show "?" for characters that stdout\'s encoding ({encoding}) '
        "cannot write: `kontext-studio jobs --json` gives them whole."
    )
    cat = listed("--search", "cat")
    assert cat.returncode == 0 and cat.stderr == b""
    # One job in full: its title and its prompt show "?".
    fox = listed("1")
    assert fox.returncode == 0, fox.stderr
    assert fox.stderr.decode("ascii").splitlines()[-1] == (
        f'2 lines of job 1 show "?" for characters that stdout\'s encoding ({encoding}) '
        "cannot write: `kontext-studio jobs 1 --json` gives them whole."
    )
    assert listed("2").stderr == b""
    # The line `details` prints: before, "?? at dawn", and nothing said.
    details = listed("details", "1", "--add-tags", "dawn")
    assert details.returncode == 0, details.stderr
    assert details.stderr.decode("ascii").splitlines() == [
        f'1 line of job 1 shows "?" for characters that stdout\'s encoding ({encoding}) '
        "cannot write: `kontext-studio jobs 1 --json` gives them whole."
    ]
    assert listed("details", "2", "--add-tags", "cat").stderr == b""


def test_an_import_whose_lines_show_question_marks_says_how_many_and_where_they_are_whole(
    tmp_path,
):
    """Before: into a Windows pipe (cp1252), `import 红狐.png` printed "??.png: imported as
    artwork 1" and said nothing, where `jobs` says how many of its lines show "?". The
    import says it too, after its lines, with the command that gives them whole; nothing
    of a file whose name it could write."""
    foxes = tmp_path / "红狐.png", tmp_path / "狐狸.png"
    for shade, fox in enumerate(foxes):
        Image.new("RGB", (8, 8), (shade, 0, 0)).save(fox)
    plain = tmp_path / "cat.png"
    Image.new("RGB", (8, 8), (0, 0, 9)).save(plain)
    env = {**cli_env(tmp_path / "home", None), "PYTHONIOENCODING": "cp1252"}

    def imported(*paths: Path) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [sys.executable, "-m", "kontext_studio", "import", *map(str, paths)],
            env=env,
            capture_output=True,
            timeout=60,
            cwd=ROOT,
        )

    both = imported(*foxes)
    assert both.returncode == 0, both.stderr
    assert both.stdout.count(b"??") == 2
    assert both.stderr.decode("ascii").splitlines()[-1] == (
        '2 lines of the import show "?" for characters that stdout\'s encoding (cp1252) '
        "cannot write: the same `kontext-studio import` with --json gives them whole, "
        "adding no file twice."
    )
    cat = imported(plain)
    assert cat.returncode == 0 and cat.stderr == b""


def test_a_chinese_prompt_typed_under_the_c_locale_is_taken_as_typed(tmp_path):
    """Before: under the C locale with Python's UTF-8 mode off (``LC_ALL=C PYTHONUTF8=0``;
    so a build that leaves it off), the shell's UTF-8 bytes of "一只狐狸" came in as ASCII's
    lone surrogates, and the command refused them as "not valid UTF-8 text", UTF-8 as they
    were. Now bytes that are UTF-8 are read as UTF-8 whatever the locale says."""
    (tmp_path / "data").mkdir()
    ledger = Ledger.open(tmp_path / "data" / "library.sqlite3")
    try:
        ledger.create_job(GenerateRequest("一只狐狸 at dawn"))
        ledger.create_job(GenerateRequest("a cat"))
    finally:
        ledger.close()
    listed = subprocess.run(
        [sys.executable, "-m", "kontext_studio", "jobs", "--search", "一只狐狸", "--json"],
        env={**cli_env(tmp_path, None), "LC_ALL": "C", "PYTHONUTF8": "0"},
        capture_output=True,
        timeout=60,
        cwd=ROOT,
    )
    assert listed.returncode == 0, listed.stderr
    assert [row["prompt"] for row in json.loads(listed.stdout)] == ["一只狐狸 at dawn"]


def test_file_names_under_the_c_locale_are_named_as_typed(tmp_path, simulator):
    """Before: under the C locale with Python's UTF-8 mode off, the shell's UTF-8 bytes of
    "山水.png" came in as ASCII's lone surrogates, and the --json line named the file
    "\\udce5\\udcb1\\udcb1...", stderr "/…/\\udce5\\udcb1…": neither the name typed. Now
    bytes that are UTF-8 are named as the UTF-8 they are, in --json and on stderr."""
    image = tmp_path / "山水.png"
    Image.new("RGB", (32, 32), (20, 120, 40)).save(image)
    missing = tmp_path / "无.png"
    out = tmp_path / "出口"
    out.mkdir()
    env = {**cli_env(tmp_path / "home", simulator), "LC_ALL": "C", "PYTHONUTF8": "0"}

    def command(*args: str) -> tuple[Any, bytes]:
        proc = subprocess.run(
            [sys.executable, "-m", "kontext_studio", *args, "--json"],
            env=env,
            capture_output=True,
            timeout=60,
            cwd=ROOT,
        )
        assert b"\\udc" not in proc.stdout + proc.stderr, proc
        return json.loads(proc.stdout.decode("utf-8").splitlines()[-1]), proc.stderr

    rows, err = command("import", str(image), str(missing))
    assert [row["file"] for row in rows] == [str(image), str(missing)]
    assert rows[1]["message"] == "The image file is missing. Cause: 无.png does not exist."
    assert os.fsencode(f"{image}: imported as artwork 1") in err
    assert os.fsencode(f"{missing}: The image file is missing.") in err
    made, _ = command("generate", "a fox", "--out", str(out))
    assert Path(made["path"]).parent == out


def test_a_file_s_override_under_the_c_locale_is_spelled_out_too(tmp_path):
    """Under the C locale with Python's UTF-8 mode off a file's name comes in as the lone
    surrogates of its bytes, and is written as those bytes, as typed: a right-to-left
    override (U+202E) in it went out so, as the override itself, and turned the line around
    in the terminal, where the same name under a UTF-8 locale is spelled "\\u202e". Spelled
    so under any locale, in the lines that name the file and in those that give its words."""
    art = tmp_path / "art"
    art.mkdir()
    Image.new("RGB", (32, 32), (20, 120, 40)).save(art / "invoice\u202egnp.exe.png")
    (art / "notes\u202etxt.md").write_text("prices")
    (art / "bad\u202efdp.exe.png").write_text("not an image")
    env = {**cli_env(tmp_path / "home", None), "LC_ALL": "C", "PYTHONUTF8": "0"}
    proc = subprocess.run(
        [sys.executable, "-m", "kontext_studio", "import", str(art)],
        env=env,
        capture_output=True,
        timeout=60,
        cwd=ROOT,
    )
    said = proc.stdout + proc.stderr
    assert "\u202e".encode() not in said, said
    assert os.fsencode(f"{art}/invoice\\u202egnp.exe.png: imported as artwork 1") in said
    assert os.fsencode(f"{art}/notes\\u202etxt.md") in said
    assert b"Cause: bad\\u202efdp.exe.png is not an image" in said


def test_a_json_line_into_a_stdout_that_is_not_utf8_is_still_utf8(tmp_path):
    """Before: into a Windows pipe (cp1252 here) a --json line went out in cp1252 whenever
    it could: "Café" became the byte E9, which a JSON reader (UTF-8, as JSON is) refused.
    Now any character outside ASCII is escaped there (\\uXXXX): the line reads the same
    in UTF-8 and in the pipe's own encoding."""
    (tmp_path / "data").mkdir()
    ledger = Ledger.open(tmp_path / "data" / "library.sqlite3")
    try:
        ledger.create_job(GenerateRequest("Café at dawn"))
    finally:
        ledger.close()
    listed = subprocess.run(
        [sys.executable, "-m", "kontext_studio", "jobs", "--json"],
        env={**cli_env(tmp_path, None), "PYTHONIOENCODING": "cp1252"},
        capture_output=True,
        timeout=60,
        cwd=ROOT,
    )
    assert listed.returncode == 0, listed.stderr
    assert [row["prompt"] for row in json.loads(listed.stdout.decode("utf-8"))] == ["Café at dawn"]


# A bug or a crashed job: said in one line, the details in the log.


def test_an_unexpected_error_is_one_line_and_its_traceback_goes_to_the_log(
    app_home, monkeypatch, capsys
):
    from kontext_studio import cli
    from kontext_studio.cli import jobs
    from kontext_studio.config import Paths
    from kontext_studio.logs import stop_logging

    async def broken(_args):
        raise RuntimeError("an internal detail")

    monkeypatch.setattr(jobs, "jobs", broken)
    assert cli.main(["jobs", "--json"]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out) == {
        "status": "error",
        "kind": "error",
        "message": "Something went wrong.",
    }
    assert "Something went wrong." in err and "see the log folder" in err
    assert "Traceback" not in err and "internal detail" not in err
    stop_logging()
    log_text = (Paths.from_env().logs / "kontext-studio.jsonl").read_text()
    crash = [json.loads(line) for line in log_text.splitlines() if "cli_crash" in line]
    assert len(crash) == 1 and "internal detail" in crash[0]["exc"]


def _listing_beside(monkeypatch, side: Callable[[], Awaitable[None]]) -> None:
    """``kontext-studio jobs`` of a library of one artwork, made to await ``side`` (work
    beside the listing that goes wrong) before it lists as ever."""
    from kontext_studio.cli import jobs

    listed = jobs.jobs

    async def listing(args):
        await side()
        return await listed(args)

    a_library_with("a red fox at dawn")
    monkeypatch.setattr(jobs, "jobs", listing)


async def _in_a_worker(target: Callable[[], None]) -> None:
    """``target`` run to its end in a thread of its own, named ``a-worker``."""
    thread = threading.Thread(target=target, name="a-worker")
    thread.start()
    await asyncio.to_thread(thread.join)


def _logged(event: str) -> list[dict]:
    """The log file's lines of ``event``, once the log is closed."""
    from kontext_studio.config import Paths
    from kontext_studio.logs import stop_logging

    stop_logging()
    log_text = (Paths.from_env().logs / "kontext-studio.jsonl").read_text()
    return [json.loads(line) for line in log_text.splitlines() if event in line]


ONE_LINE_OF_A_BUG = ["Something went wrong. Retry; if it keeps happening, see the log folder."]


def test_an_error_in_a_worker_thread_is_one_line_its_traceback_in_the_log_and_fails(
    app_home, monkeypatch, capfd
):
    """A worker thread of a command (one nobody joins for its result) ends in a bug: the
    person reads one line, the log file has its traceback, and the command fails. Before,
    Python printed the traceback to the terminal, and the command ended 0, as if all went
    well."""
    from kontext_studio import cli

    def fall_over() -> None:
        raise RuntimeError("an internal detail")

    _listing_beside(monkeypatch, lambda: _in_a_worker(fall_over))
    assert cli.main(["jobs"]) == 1
    out, err = capfd.readouterr()
    assert "a red fox at dawn" in out
    assert err.splitlines() == ONE_LINE_OF_A_BUG
    crash = _logged("cli_thread_crash")
    assert len(crash) == 1 and "internal detail" in crash[0]["exc"]
    assert crash[0]["worker"] == "a-worker"


def test_a_worker_thread_s_error_is_a_json_run_s_one_line(app_home, monkeypatch, capfd):
    """A worker thread of a command run with --json ends in a bug: the command fails, and
    its stdout is the error line any failure gives, in English, alone. Before, stdout said
    the command's success, and only the exit code said otherwise; then the success stayed
    above the error's line: two values, the first a script's JSON reader took said
    success."""
    from kontext_studio import cli

    def fall_over() -> None:
        raise RuntimeError("an internal detail")

    _listing_beside(monkeypatch, lambda: _in_a_worker(fall_over))
    assert cli.main(["jobs", "--json"]) == 1
    out, err = capfd.readouterr()
    assert json.loads(out) == {
        "status": "error",
        "kind": "error",
        "message": "Something went wrong.",
    }
    assert err.splitlines() == ONE_LINE_OF_A_BUG


RESULT_WAIT_S = 30.0
"""How long a worker beside a command waits for the command's result to reach stdout."""


def _beside_a_late_worker(monkeypatch, work: Callable[[threading.Event], None]) -> None:
    """``kontext-studio jobs`` of a library of one artwork, run beside ``work``, a worker
    thread asyncio's close waits for, given an event set once a line is on stdout."""
    from kontext_studio.cli import output

    printed = threading.Event()
    write = output._write

    def writing(text: str) -> None:
        write(text)
        printed.set()

    real_run = asyncio.run

    def run_beside(main: Coroutine[Any, Any, int]) -> int:
        async def command_beside_a_worker() -> int:
            asyncio.get_running_loop().run_in_executor(None, work, printed)
            return await main

        return real_run(command_beside_a_worker())

    a_library_with("a red fox at dawn")
    monkeypatch.setattr(output, "_write", writing)
    monkeypatch.setattr(asyncio, "run", run_beside)


def test_a_json_result_is_printed_while_a_worker_thread_still_runs(app_home, monkeypatch, capfd):
    """A command run with --json returns while a worker thread it started still runs (one
    that hangs): its result is on stdout at once, not once asyncio's close has waited for
    the thread. Before, a script waited for the result as long as the thread ran."""
    from kontext_studio import cli

    seen: list[bool] = []
    _beside_a_late_worker(monkeypatch, lambda printed: seen.append(printed.wait(RESULT_WAIT_S)))
    assert cli.main(["jobs", "--json"]) == 0
    assert seen == [True], "the result was on stdout while the worker ran"
    out, err = capfd.readouterr()
    (line,) = out.splitlines()
    assert [job["prompt"] for job in json.loads(line)] == ["a red fox at dawn"]
    assert err == ""


def test_a_worker_thread_failing_after_the_result_is_said_and_fails_the_command(
    app_home, monkeypatch, capfd
):
    """A worker thread of a command run with --json ends in a bug once the command's result
    is on stdout: stdout keeps that one value, stderr says the bug in one line, and the
    command fails. Before, it was not counted: the command ended 0, as if all went well."""
    from kontext_studio import cli

    def fall_over() -> None:
        raise RuntimeError("an internal detail")

    def late_failure(printed: threading.Event) -> None:
        printed.wait(RESULT_WAIT_S)
        worker = threading.Thread(target=fall_over, name="a-worker")
        worker.start()
        worker.join()

    _beside_a_late_worker(monkeypatch, late_failure)
    assert cli.main(["jobs", "--json"]) == 1
    out, err = capfd.readouterr()
    (line,) = out.splitlines()
    assert [job["prompt"] for job in json.loads(line)] == ["a red fox at dawn"]
    assert err.splitlines() == ONE_LINE_OF_A_BUG
    assert [line["worker"] for line in _logged("cli_thread_crash")] == ["a-worker"]


def test_a_thread_failing_once_asyncio_has_closed_fails_the_command(app_home, monkeypatch, capfd):
    """A thread the command started, one Python waits for as the process ends, fails once
    asyncio has closed: the command waits for it, says the bug in one line and fails, its
    result alone on stdout. Before, the command's code was given first (0), and Python
    printed the traceback as the process ended."""
    from kontext_studio import cli

    real_run = asyncio.run

    def run_then_a_thread_fails(main: Coroutine[Any, Any, int]) -> int:
        closed = threading.Event()

        def fall_over_once_closed() -> None:
            closed.wait()
            time.sleep(0.2)  # slower than the command's end: a thread still at work
            raise RuntimeError("an internal detail")

        threading.Thread(target=fall_over_once_closed, name="a-worker").start()
        try:
            return real_run(main)
        finally:
            closed.set()

    a_library_with("a red fox at dawn")
    monkeypatch.setattr(asyncio, "run", run_then_a_thread_fails)
    assert cli.main(["jobs", "--json"]) == 1
    out, err = capfd.readouterr()
    (line,) = out.splitlines()
    assert [job["prompt"] for job in json.loads(line)] == ["a red fox at dawn"]
    assert err.splitlines() == ONE_LINE_OF_A_BUG


TRANSPORT_FAILING = """
import asyncio

from kontext_studio.cli import jobs

_jobs = jobs.jobs


async def listing(args):
    try:
        raise OSError("an internal detail")
    except OSError as error:
        failed = error
    asyncio.get_running_loop().call_exception_handler(
        {
            "message": "Fatal error on transport",
            "exception": failed,
            "transport": object(),
            "protocol": object(),
        }
    )
    return await _jobs(args)


jobs.jobs = listing
"""


def _run_injected(tmp_path: Path, injected: str, *arguments: str) -> subprocess.CompletedProcess:
    """``kontext-studio ARGUMENTS`` run in a process of its own, this code's, with
    ``injected`` run as it starts (``sitecustomize``); its home in ``tmp_path / "home"``."""
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(injected)
    env = cli_env(tmp_path / "home", None)
    env.update(PYTHONPATH=os.pathsep.join((str(inject), str(ROOT))))  # this code, not installed
    return subprocess.run(
        [sys.executable, "-m", "kontext_studio", *arguments],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def _logged_in(home: Path, event: str) -> list[dict]:
    """The lines of ``event`` in the log file of the command run in ``home``."""
    log_text = (home / "logs" / "kontext-studio.jsonl").read_text()
    return [json.loads(line) for line in log_text.splitlines() if event in line]


LATE_THREAD = """
import threading

from kontext_studio import entry

_launched = entry.launched


def launched():
    _launched()

    def fall_over():
        raise RuntimeError("an internal detail")

    threading.Thread(target=fall_over, name="a-late-worker").start()


entry.launched = launched
"""


def test_a_pool_left_running_by_the_command_does_not_keep_it_from_ending(
    app_home, monkeypatch, capfd
):
    """A command leaves a thread pool nobody shut down: its idle worker only ends as Python
    exits. The command still ends, with its result, after its bounded wait for the threads
    it started. Before, it waited for that worker for ever: the command never ended."""
    from kontext_studio import cli
    from kontext_studio.cli import run

    real_run = asyncio.run
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)

    def run_beside_a_pool(main: Coroutine[Any, Any, int]) -> int:
        pool.submit(lambda: None).result()
        return real_run(main)

    a_library_with("a red fox at dawn")
    monkeypatch.setattr(asyncio, "run", run_beside_a_pool)
    monkeypatch.setattr(run, "THREADS_WAITED_S", 0.2)
    codes: list[int] = []
    command = threading.Thread(target=lambda: codes.append(cli.main(["jobs", "--json"])))
    command.start()
    try:
        command.join(RESULT_WAIT_S)
        assert codes == [0], "the command ended"
    finally:
        pool.shutdown()
        command.join()
    (line,) = capfd.readouterr().out.splitlines()
    assert [job["prompt"] for job in json.loads(line)] == ["a red fox at dawn"]


def _said_in_one_line_and_logged(
    tmp_path: Path, done: subprocess.CompletedProcess[str], worker: str
) -> None:
    """``jobs --json`` printed its result whole, then one line of the failure of the thread
    ``worker`` after it, whose traceback is in the log file."""
    assert json.loads(done.stdout) == []
    assert done.stderr.splitlines() == ONE_LINE_OF_A_BUG
    (crash,) = _logged_in(tmp_path / "home", "thread_crash_after")
    assert crash["worker"] == worker and "internal detail" in crash["exc"]


def test_a_thread_failing_once_the_command_has_ended_is_one_line_not_a_traceback(tmp_path):
    """A thread fails once the command has ended and its hooks are gone (a daemon thread
    still running, a thread Python waits for as the process ends): the person reads one
    line, the log file has the traceback, and the command's result and code stand. Before,
    Python printed the traceback."""
    done = _run_injected(tmp_path, LATE_THREAD, "jobs", "--json")
    assert done.returncode == 0, done.stderr
    _said_in_one_line_and_logged(tmp_path, done, "a-late-worker")


SLOW_THREAD = """
import asyncio
import threading

from kontext_studio.cli import run

_run = asyncio.run


def run_beside_a_slow_thread(main, **options):
    def fall_over_late():
        threading.main_thread().join()  # the command has ended: Python waits for this thread
        raise RuntimeError("an internal detail")

    threading.Thread(target=fall_over_late, name="a-slow-worker").start()
    return _run(main, **options)


asyncio.run = run_beside_a_slow_thread
run.THREADS_WAITED_S = 0.2
"""


def test_a_thread_of_the_command_failing_after_its_wait_fails_the_command(tmp_path):
    """A thread the command started outlives the command's bounded wait for it, then
    fails: said in one line, its traceback in the log file, and the command ends as a
    failure (exit 1), its result on stdout as it was printed. Before, it ended 0, as if
    all went well."""
    done = _run_injected(tmp_path, SLOW_THREAD, "jobs", "--json")
    assert done.returncode == 1, done.stderr
    _said_in_one_line_and_logged(tmp_path, done, "a-slow-worker")


def test_a_transport_failing_is_logged_not_printed(tmp_path):
    """asyncio reports a transport that failed (a server closing a connection as the app
    closes it): it is each request's to say, and the log file keeps its traceback; the
    person reads nothing more. Before, Python printed "Fatal error on transport" and its
    traceback on stderr, under the command's own lines."""
    done = _run_injected(tmp_path, TRANSPORT_FAILING, "jobs", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
    assert done.stderr == ""
    (left,) = _logged_in(tmp_path / "home", "loop_error_left")
    assert left["said"] == "Fatal error on transport" and "internal detail" in left["exc"]


def test_a_thread_interrupted_is_no_bug_said(app_home, monkeypatch, capfd):
    """A worker thread of a command ends in KeyboardInterrupt: no bug, so the person reads
    no "Something went wrong." and the command's own result stands; the log file says it.
    Before, it was said as a bug, and the command failed."""
    from kontext_studio import cli

    def interrupted() -> None:
        raise KeyboardInterrupt

    _listing_beside(monkeypatch, lambda: _in_a_worker(interrupted))
    assert cli.main(["jobs"]) == 0
    out, err = capfd.readouterr()
    assert "a red fox at dawn" in out
    assert err == ""
    assert [line["worker"] for line in _logged("cli_thread_interrupted")] == ["a-worker"]


def test_an_error_of_work_nobody_awaited_is_one_line_its_traceback_in_the_log_and_fails(
    app_home, monkeypatch, capfd
):
    """Work a command started and never awaited ends in a bug: the person reads one line,
    the log file has its traceback, and the command fails. Before, asyncio printed "Task
    exception was never retrieved" and the traceback to the terminal, and the command ended
    0, as if all went well."""
    from kontext_studio import cli

    async def failed_work_let_go() -> None:
        async def fall_over() -> None:
            raise RuntimeError("an internal detail")

        work = asyncio.ensure_future(fall_over())
        await asyncio.wait({work})
        del work  # nobody takes its error
        gc.collect()

    _listing_beside(monkeypatch, failed_work_let_go)
    assert cli.main(["jobs"]) == 1
    out, err = capfd.readouterr()
    assert "a red fox at dawn" in out
    assert err.splitlines() == ONE_LINE_OF_A_BUG
    crash = _logged("cli_task_crash")
    assert len(crash) == 1 and "internal detail" in crash[0]["exc"]


def test_a_job_that_stopped_before_the_end_says_resume_carries_it_on(app_home, capsys):
    from kontext_studio.cli import job_output
    from kontext_studio.config import Paths
    from kontext_studio.jobs.states import JobState
    from kontext_studio.kie.models import GenerateRequest
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a fox"))
        ledger.transition(job.id, JobState.SUBMITTING)
        snap = ledger.transition(job.id, JobState.GENERATING, task_id="t1")
    finally:
        ledger.close()
    assert job_output.report_waited(snap, True) == 1
    reported = json.loads(capsys.readouterr().out)
    assert reported["status"] == "generating"
    assert "resume" in reported["message"]
    assert job_output.report_waited(snap, False) == 1
    line = capsys.readouterr().out
    assert line.startswith("job 1: generating - It stopped before it finished")
    assert line.endswith("`kontext-studio resume` carries it on.\n")

    # A demo job: only a resume in demo mode carries it on (with a key, a plain one is live).
    demo = replace(snap, simulated=True)
    assert job_output.report_waited(demo, True) == 1
    assert json.loads(capsys.readouterr().out)["message"].endswith(
        "`kontext-studio resume --demo` carries it on."
    )


def left_generating(*, simulated: bool = False) -> Snapshot:
    """A job left generating by a command that ended (Ctrl+C, a kill): nothing runs it."""
    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a fox left generating"), simulated=simulated)
        ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
        return ledger.transition(job.id, JobState.GENERATING, task_id="t1", submitted_at=1.0)
    finally:
        ledger.close()


def listed(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[Any, str]:
    from kontext_studio import cli

    assert cli.main([*arguments, "--json"]) == 0
    value = json.loads(capsys.readouterr().out)
    assert cli.main(list(arguments)) == 0
    return value, capsys.readouterr().out


@pytest.mark.parametrize(("simulated", "command"), [(False, "resume"), (True, "resume --demo")])
def test_a_job_nothing_carries_on_is_listed_with_the_resume_that_does(
    app_home, capsys, simulated, command
):
    """Before, `jobs` listed a job a Ctrl+C left as "generating", its hint empty: a script
    polling it waited for good, as nothing carries it on until `resume` runs."""
    job = left_generating(simulated=simulated)
    said = f"Nothing carries it on now: `kontext-studio {command}` does."
    rows, text = listed(capsys, "jobs")
    assert [(row["status"], row["hint"]) for row in rows] == [("generating", said)]
    assert text.rstrip("\n").endswith(f'generating "a fox left generating" - {said}')
    row, text = listed(capsys, "jobs", str(job.id))
    assert row["hint"] == said
    assert f"  next: {said}" in text.splitlines()


@pytest.mark.parametrize(
    ("kind", "demo_job", "said"),
    [
        (
            "window",
            False,
            "The window (demo mode) has this library open: it does not run live jobs; switch "
            "it to live mode, or quit it and run `kontext-studio resume`.",
        ),
        (
            "window",
            True,
            "The window (live mode) has this library open: it does not run demo jobs; quit it "
            "and run `kontext-studio resume --demo`.",
        ),
        (
            "generate",
            False,
            "`kontext-studio generate` (pid {pid}) has this library open in demo mode: it does "
            "not run live jobs; once it has ended, `kontext-studio resume` carries it on.",
        ),
        (
            "resume",
            True,
            "`kontext-studio resume` (pid {pid}) has this library open in live mode: it does "
            "not run demo jobs; once it has ended, `kontext-studio resume --demo` carries it on.",
        ),
    ],
)
def test_a_job_the_holder_s_mode_leaves_alone_is_listed_with_what_carries_it_on(
    app_home, capsys, kind, demo_job, said
):
    """Before, `jobs` gave no hint for a live job while a window in demo mode held the
    library's jobs: nothing ran it until the window went live, or quit and a `resume` ran,
    and the list said nothing of it. The holder's record says its mode."""
    from kontext_studio.jobs.claim import Holder, JobsClaim, claim_path

    job = left_generating(simulated=demo_job)
    holder = JobsClaim(claim_path(Paths.from_env().database), Holder.here(kind, demo=not demo_job))
    assert holder.take()
    said = said.format(pid=os.getpid())
    try:
        rows, text = listed(capsys, "jobs")
        assert [row["hint"] for row in rows] == [said]
        assert text.rstrip("\n").endswith(f'generating "a fox left generating" - {said}')
        row, text = listed(capsys, "jobs", str(job.id))
        assert row["hint"] == said
        assert f"  next: {said}" in text.splitlines()
    finally:
        holder.release()


@pytest.mark.parametrize("demo", [False, True])
def test_a_job_of_the_window_s_mode_is_not_said_to_be_left(app_home, capsys, demo):
    from kontext_studio.jobs.claim import WINDOW, Holder, JobsClaim, claim_path

    left_generating(simulated=demo)
    window = JobsClaim(claim_path(Paths.from_env().database), Holder.here(WINDOW, demo=demo))
    assert window.take()
    try:
        rows, _ = listed(capsys, "jobs")
        assert [row["hint"] for row in rows] == [""]
    finally:
        window.release()


@pytest.mark.parametrize("holds", ["claim", "guest"])
def test_a_job_a_window_or_command_may_run_is_not_said_to_be_left(app_home, capsys, holds):
    """The window, or a command, holding the library's jobs (its claim), or a command
    running its own jobs beside it (a guest lock): the job is theirs, not to be resumed."""
    from kontext_studio.jobs.claim import JobsClaim, claim_path

    left_generating()
    claim = JobsClaim(claim_path(Paths.from_env().database))
    other = JobsClaim(claim_path(Paths.from_env().database))
    try:
        if holds == "claim":
            assert claim.take()
        else:  # a command beside a window that has closed since
            assert other.take()
            claim.enter_as_guest()
            other.release()
            assert claim.guest
        rows, text = listed(capsys, "jobs")
        assert [(row["status"], row["hint"]) for row in rows] == [("generating", "")]
        assert "resume" not in text
    finally:
        claim.release()
        other.release()


def test_a_job_whose_reference_was_uploaded_before_kie_failed_does_not_say_nothing_was_sent(
    app_home, capsys
):
    """Before: "Nothing was sent to KIE" for an edit whose reference image had gone to KIE's
    upload service before its generate call could not connect: false. Nothing was charged
    stays true, and the retry is offered as before."""
    from kontext_studio.cli import job_output
    from kontext_studio.config import Paths
    from kontext_studio.jobs.states import JobState
    from kontext_studio.kie.models import GenerateRequest
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a fox in a hat", image_path="/tmp/fox.png"))
        ledger.update(
            job.id, input_image_url="https://files.example/fox.png", input_uploaded_at=1.0
        )
        snap = ledger.transition(
            job.id, JobState.FAILED, error_kind="network", error_message="refused"
        )
    finally:
        ledger.close()
    assert job_output.report_waited(snap, False) == 1
    said = capsys.readouterr().err
    assert "Nothing was sent" not in said
    assert "Only the reference image was uploaded to KIE (uploads are free)" in said
    assert "this send was not charged" in said
    assert "`kontext-studio retry 1` sends it once KIE can be reached." in said


def test_a_demo_job_the_stopped_simulator_failed_says_so_not_the_internet(app_home, capsys):
    """Before: "KIE cannot be reached" (and `retry` "once KIE can be reached") for a job made
    in demo mode, whose only server is the simulator on this computer."""
    from kontext_studio.cli import job_output
    from kontext_studio.config import Paths
    from kontext_studio.jobs.states import JobState
    from kontext_studio.kie.models import GenerateRequest
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a fox"), simulated=True)
        snap = ledger.transition(
            job.id, JobState.FAILED, error_kind="network", error_message="refused"
        )
    finally:
        ledger.close()
    assert job_output.report_waited(snap, True) == 1
    reported = json.loads(capsys.readouterr().out)
    assert reported["message"] == "The demo server stopped answering."
    assert reported["hint"] == (
        "The job is kept: `kontext-studio retry 1 --demo` sends it again, to a new demo server."
    )
    assert job_output.report_waited(snap, False) == 1
    out, err = capsys.readouterr()
    assert out == "job 1: failed - The demo server stopped answering.\n"
    assert "KIE" not in err and "internet" not in out + err


def test_a_demo_job_with_no_answer_is_said_to_use_no_real_credits_not_kie_s_logs(app_home, capsys):
    """Before: a demo job whose send got no answer from the simulator read "it may or may not
    have been charged" and `resubmit` "may be charged twice"; a demo job uses no real
    credits."""
    from kontext_studio.cli import job_output
    from kontext_studio.config import Paths
    from kontext_studio.jobs.states import JobState
    from kontext_studio.kie.models import GenerateRequest
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a fox"), simulated=True)
        ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
        snap = ledger.transition(job.id, JobState.UNKNOWN, error_kind="outcome_unknown")
    finally:
        ledger.close()
    assert job_output.report_waited(snap, True) == 1
    reported = json.loads(capsys.readouterr().out)
    assert reported["message"] == (
        "The job was sent to the demo server on this computer, but no answer came back."
    )
    assert reported["hint"] == (
        "`kontext-studio resubmit 1 --demo --yes` sends it again; a demo job uses no real credits."
    )


DEMO_RESUBMIT_ASKS = (
    "Job 1 was sent to the demo server, which may have made it already. A demo job uses no real "
    "credits: sending it again only lowers the demo balance, and at worst makes the image "
    "twice. To send it again, add --yes."
)
DEMO_RESUBMIT_ONLY = (
    "This demo job may have reached the demo server while it was being sent; only Resubmit "
    "sends it again. A demo job uses no real credits: that only lowers the demo balance."
)
DEMO_RETRY_ASKS = (
    "The demo server has no record of job 1, so a retry sends it again as a new job. A demo "
    "job uses no real credits: only the demo balance goes down. To send it anyway, add --yes."
)


def unanswered_demo_job(ledger: Ledger) -> Snapshot:
    """A demo job whose send got no answer: only Resubmit sends it again."""
    job = ledger.create_job(GenerateRequest("a fox with no answer"), simulated=True)
    ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
    return ledger.transition(job.id, JobState.UNKNOWN, error_kind="outcome_unknown")


def kept_completed(ledger: Ledger, job: Snapshot, task_id: str) -> Snapshot:
    """An artwork kept for ``task_id``, a late task of an earlier send of ``job``, which
    completed (its image fetched)."""
    own, _ = ledger.create_following(job, task_id)
    ledger.transition(own.id, JobState.DOWNLOADING)
    return ledger.transition(own.id, JobState.COMPLETED, file_path=library_image(f"{task_id}.png"))


def forgotten_demo_job(ledger: Ledger) -> Snapshot:
    """A demo job whose task the demo server had no record of: a retry sends it anew."""
    job = ledger.create_job(GenerateRequest("a fox the demo server forgot"), simulated=True)
    ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
    ledger.transition(job.id, JobState.GENERATING, task_id="forgotten-1", submitted_at=1.0)
    return ledger.transition(job.id, JobState.FAILED, error_kind="not_found")


@pytest.mark.parametrize(
    ("language", "asked"),
    [
        ("en", DEMO_RESUBMIT_ASKS),
        (
            "zh_CN",
            "任务 1 已发送到演示服务器，它可能已经生成了这张图片。演示任务不消耗真实积分：再次"
            "发送只会减少演示余额，最多只是把图片生成两次。如要再次发送，请加上 --yes。",
        ),
    ],
)
def test_resubmit_of_a_demo_job_asks_for_yes_in_the_demo_s_words_not_of_a_charge(
    app_home, capsys, monkeypatch, language, asked
):
    """Before: ``resubmit`` of a demo job without --yes said it "may have reached KIE
    already and been charged" and "may be charged twice": a demo job uses no real credits,
    only the demo balance goes down. It still asks for --yes: the image may be made twice."""
    message, err = refused_demo_send_again(
        capsys, monkeypatch, language, "resubmit", unanswered_demo_job
    )
    assert asked in err
    assert "KIE" not in err and "charged" not in err and "扣费" not in err
    assert message == DEMO_RESUBMIT_ASKS  # --json: English


def test_resubmit_and_retry_anew_name_the_artworks_an_earlier_send_already_made(
    app_home, capsys, monkeypatch
):
    """A job earlier sends of which, cancelled while out, were answered late with tasks
    kept as artworks of their own: `resubmit` (and `retry` where it sends anew), asking for
    --yes, says on stderr that their images are in the library already, by number. Before,
    nothing said so, and --yes paid again for an image already there."""

    def with_two_kept(ledger: Ledger) -> Snapshot:
        job = unanswered_demo_job(ledger)
        for task in ("late-1", "late-2"):
            kept_completed(ledger, job, task)
        failed, _ = ledger.create_following(job, "late-failed")  # no image: not named
        ledger.transition(failed.id, JobState.FAILED, error_kind="not_found")
        return job

    def with_one_kept(ledger: Ledger) -> Snapshot:
        job = forgotten_demo_job(ledger)
        kept_completed(ledger, job, "late-3")
        return job

    message, err = refused_demo_send_again(capsys, monkeypatch, "en", "resubmit", with_two_kept)
    assert message == DEMO_RESUBMIT_ASKS
    assert (
        "2 earlier sends of job 1 to the demo server, each cancelled while it was out, were "
        "answered late: their images are already in the library as artworks 2, 3"
    ) in err
    message, err = refused_demo_send_again(capsys, monkeypatch, "en", "retry", with_one_kept)
    assert message.startswith("The demo server has no record of job 5")
    assert "its image is already in the library as artwork 6 (no real credits)" in err


@pytest.mark.parametrize(
    ("language", "refused"),
    [
        ("en", DEMO_RESUBMIT_ONLY),
        (
            "zh_CN",
            "这个演示任务可能在发送过程中已到达演示服务器；只有“重新提交”会再次发送它。演示任务"
            "不消耗真实积分：那只会减少演示余额。",
        ),
    ],
)
def test_retry_of_a_demo_job_only_resubmit_sends_is_refused_without_a_word_of_charges(
    app_home, capsys, monkeypatch, language, refused
):
    """Before: ``retry`` of a demo job whose send got no answer (Retry of a job only
    Resubmit sends) was refused with "only Resubmit sends it again, and that may charge
    twice": a demo job uses no real credits, only the demo balance goes down."""
    message, err = refused_demo_send_again(
        capsys, monkeypatch, language, "retry", unanswered_demo_job
    )
    assert refused in err
    assert "KIE" not in err and "charge" not in err and "扣费" not in err
    assert message == DEMO_RESUBMIT_ONLY  # --json: English


@pytest.mark.parametrize(
    ("language", "asked"),
    [
        ("en", DEMO_RETRY_ASKS),
        (
            "zh_CN",
            "演示服务器没有任务 1 的记录，重试会将其作为新任务再次发送。演示任务不消耗真实积分："
            "只会减少演示余额。如仍要发送，请加上 --yes。",
        ),
    ],
)
def test_retry_of_a_demo_job_the_demo_server_forgot_asks_for_yes_without_a_charge(
    app_home, capsys, monkeypatch, language, asked
):
    """Before: ``retry`` of a demo job whose task the demo server had no record of said
    "KIE has no record of job 1, so a retry sends it again as a new job, which is
    charged": a demo job uses no real credits, only the demo balance goes down."""
    message, err = refused_demo_send_again(
        capsys, monkeypatch, language, "retry", forgotten_demo_job
    )
    assert asked in err
    assert "KIE" not in err and "charged" not in err and "扣费" not in err
    assert message == DEMO_RETRY_ASKS  # --json: English


@pytest.mark.parametrize("command", ["resubmit", "retry"])
@pytest.mark.parametrize(
    ("demo_job", "refused"),
    [
        (True, "Job 1 was made in demo mode, by the simulator: it carries on only in demo mode."),
        (
            False,
            "Job 1 was sent to KIE in live mode: it carries on only in live mode, with your API "
            "key.",
        ),
    ],
)
def test_a_job_of_the_other_mode_is_refused_as_such_not_asked_for_a_yes_that_cannot_send_it(
    app_home, capsys, monkeypatch, simulator, command, demo_job, refused
):
    """Before: ``resubmit 1`` of a demo job with a key (live mode) said "To send it again,
    add --yes", and with --yes was refused as made in demo mode; ``resubmit 1 --demo`` of a
    live job said to check KIE's logs and add --yes, which then could not send it either.
    Retry of a job its task server forgot asked the same way. Now the mode is told first."""
    from kontext_studio import cli

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        made = unanswered_demo_job if command == "resubmit" else forgotten_demo_job
        job = made(ledger)
        if not demo_job:
            job = ledger.update(job.id, simulated=False)
    finally:
        ledger.close()
    mode = [] if demo_job else ["--demo"]  # the other mode: a key is set (the simulator's)
    assert cli.main([command, str(job.id), *mode, "--json"]) == 2
    out, err = capsys.readouterr()
    assert json.loads(out.strip().splitlines()[-1])["message"] == refused
    assert "--yes" not in err
    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        assert ledger.get(job.id) == job  # nothing was sent
    finally:
        ledger.close()


def expired_demo_job(ledger: Ledger) -> Snapshot:
    """A demo job whose image is gone for good: no mode can fetch it or send it again."""
    job = ledger.create_job(GenerateRequest("a fox gone for good"), simulated=True)
    ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
    return ledger.transition(job.id, JobState.FAILED, error_kind="expired_result")


def completed_demo_job(ledger: Ledger) -> Snapshot:
    job = ledger.create_job(GenerateRequest("a finished demo fox"), simulated=True)
    ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
    ledger.transition(job.id, JobState.GENERATING, task_id="done-1", submitted_at=1.0)
    ledger.transition(job.id, JobState.DOWNLOADING, result_url="http://127.0.0.1:9/r.png")
    return ledger.transition(job.id, JobState.COMPLETED)


@pytest.mark.parametrize(
    ("command", "made", "refused"),
    [
        ("retry", completed_demo_job, "Job 1 has completed: there is nothing to retry."),
        (
            "retry",
            expired_demo_job,
            "The demo server no longer has this image, so a retry cannot fetch it; generate it "
            "again as a new job.",
        ),
        (
            "resubmit",
            forgotten_demo_job,
            "Only jobs with an unknown outcome can be resubmitted; Retry carries this one on.",
        ),
    ],
)
def test_a_job_of_the_other_mode_that_its_own_mode_would_not_send_is_not_said_to_carry_on_there(
    app_home, capsys, monkeypatch, simulator, command, made, refused
):
    """Before: in live mode ``retry 1`` of a completed demo job, or of one whose image is
    gone for good, and ``resubmit 1`` of one whose outcome is known, each said "Job 1 was
    made in demo mode, by the simulator: it carries on only in demo mode.", though demo
    mode refuses them too. As the window's held Retry says only what is true of the job,
    the command now says why it is refused in either mode."""
    from kontext_studio import cli

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = made(ledger)
    finally:
        ledger.close()
    assert cli.main([command, str(job.id), "--json"]) == 2
    out, _err = capsys.readouterr()
    assert json.loads(out.strip().splitlines()[-1])["message"] == refused


@pytest.mark.parametrize(
    ("language", "refused"),
    [
        (
            "en",
            "The demo server no longer has this image, so a retry cannot fetch it; generate it "
            "again as a new job.",
        ),
        ("zh_CN", "演示服务器已不再保存这张图片"),
    ],
)
def test_retry_of_a_demo_job_whose_image_is_gone_speaks_of_the_demo_server(
    app_home, capsys, monkeypatch, language, refused
):
    """Before: ``retry 1 --demo`` of a demo job whose image the demo server no longer keeps
    said "KIE no longer has this image", though the job never went to KIE."""
    message, err = refused_demo_send_again(capsys, monkeypatch, language, "retry", expired_demo_job)
    assert refused in err
    assert "KIE" not in err
    assert message == (
        "The demo server no longer has this image, so a retry cannot fetch it; generate it "
        "again as a new job."
    )  # --json: English


def test_retry_of_a_live_job_whose_image_is_gone_says_kie_no_longer_has_it(
    app_home, capsys, simulator
):
    from kontext_studio import cli

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.update(expired_demo_job(ledger).id, simulated=False)
    finally:
        ledger.close()
    assert cli.main(["retry", str(job.id), "--json"]) == 2
    out, _err = capsys.readouterr()
    assert json.loads(out.strip().splitlines()[-1])["message"] == (
        "KIE no longer has this image, so a retry cannot fetch it; generate it again as a new job."
    )


@pytest.mark.parametrize(
    "case", ["deleted before its download", "deleted at download again", "only expired"]
)
async def test_retry_of_a_result_kie_said_is_deleted_is_refused_after_a_restart(
    app_home, simulator, case
):
    """A lantern less than 14 days old whose result KIE said is deleted before it was ever
    downloaded: ``jobs`` said "`kontext-studio retry 1` fetches it", and ``retry`` asked KIE
    again, free, to fail the same way every time. In a command started after the window
    closed, ``jobs`` says only a new job brings it back, and ``retry`` is refused in those
    words, asking KIE nothing. A finished artwork whose Download again KIE answered so stays
    completed, so a copy put back from a backup is its image again (before, it failed, and
    its retry, which took such a copy back, was refused for good). One failed as expired
    with no word from KIE (as older versions failed one for any failure to get a fresh
    link) keeps its free retry, which fetches the image."""
    from kontext_studio.session import open_session

    window = open_session(schedule=fast_schedule())
    try:
        if case == "deleted before its download":
            gone = await lantern_never_fetched(window, simulator)
        else:
            gone = await lantern_gone(window, simulator, deleted=case != "only expired")
    finally:
        await window.aclose()
    asked = simulator.counts.get(DOWNLOAD_URL, 0)
    listed = run_process(app_home, simulator, "jobs", str(gone.id), "--json")
    shown = json.loads(listed.stdout)
    code, result, err = run_cli(app_home, simulator, "retry", str(gone.id), "--json")
    assert simulator.generate_count(gone.prompt) == 1
    if case == "only expired":
        assert "`kontext-studio retry 1`" in shown["hint"]
        assert (code, result["status"]) == (0, "completed"), err
        assert Path(result["path"]).is_file()
        return
    assert simulator.counts.get(DOWNLOAD_URL, 0) == asked
    if case == "deleted at download again":
        assert shown["status"] == "completed"
        assert (code, result["message"]) == (2, "Job 1 has completed: there is nothing to retry.")
        return
    words = (
        "KIE no longer has this image, so a retry cannot fetch it; generate it again as a new job."
    )
    # the hint adds to the message: before, it said "KIE no longer has this image" again
    assert (shown["status"], shown["message"], shown["hint"]) == (
        "failed",
        "KIE no longer has this image. KIE says: “The file has expired and was deleted”",
        "A retry cannot fetch it; generate it again as a new job.",
    )
    assert (code, result["message"]) == (2, words)


def command_help(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *arguments: str
) -> str:
    """What ``kontext-studio ARGUMENTS --help`` prints (argparse ends it with exit 0), its
    lines wide enough for no sentence to wrap, its spaces made single."""
    from kontext_studio import cli

    monkeypatch.setenv("COLUMNS", "400")
    with pytest.raises(SystemExit) as ended:
        cli.main([*arguments, "--help"])
    assert ended.value.code == 0
    return " ".join(capsys.readouterr().out.split())


def test_the_help_of_generate_says_it_runs_in_demo_mode_without_a_key(capsys, monkeypatch):
    """Before, ``generate --help`` did not say that with no key it makes a simulated picture."""
    said = command_help(capsys, monkeypatch, "generate")
    assert "With no API key (none in the system keyring, KIE_API_KEY not set) it runs" in said
    assert "A locked keyring that holds the key stops it instead" in said


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "en",
            [
                "Send a job whose outcome is unknown again (a demo job uses no real credits; at "
                "worst the image is made twice).",
                "--yes send it again, though the demo server may have made it already",
                "--yes the demo server has no record of the job, or an earlier send made its "
                "image or is still making it: send it again as a new job (a demo job uses no "
                "real credits)",
            ],
        ),
        (
            "zh_CN",
            [
                "再次发送结果未知的任务（演示任务不消耗真实积分；最多只是把图片生成两次）。",
                "--yes 再次发送，尽管演示服务器可能已经生成了它",
                "--yes 演示服务器没有该任务的记录，或较早的一次发送已生成或仍在生成它的图片："
                "作为新任务再次发送（演示任务不消耗真实积分）",
            ],
        ),
    ],
)
def test_the_help_of_resubmit_and_yes_with_demo_speaks_of_the_demo_server(
    app_home, capsys, monkeypatch, language, words
):
    """Before: ``resubmit --demo --help`` said ``--yes`` means "you have checked KIE's logs",
    and ``retry --demo --help`` that it sends "a new, paid job": in demo mode nothing goes
    to KIE and a demo job uses no real credits."""
    from kontext_studio import i18n

    if language != "en" and i18n.find_tool("lrelease") is None:
        pytest.skip("no lrelease")
    monkeypatch.setenv("KONTEXT_STUDIO_LANG", language)
    try:
        resubmit = command_help(capsys, monkeypatch, "resubmit", "--demo")
        retry = command_help(capsys, monkeypatch, "retry", "--demo")
    finally:
        i18n.install(None)
    assert words[0] in resubmit and words[1] in resubmit
    assert words[2] in retry
    assert "KIE" not in resubmit + retry and "charged" not in resubmit
    assert "paid" not in retry and "扣费" not in resubmit and "付费" not in retry


def test_the_help_of_resubmit_and_yes_in_live_mode_speaks_of_kie_s_charges(
    app_home, capsys, monkeypatch
):
    """Before, retry's help said it carries a job on "without paying twice", of a retry that
    sends the job again (one KIE never took, or ended without an image), charged, too."""
    resubmit = command_help(capsys, monkeypatch, "resubmit")
    assert "Send a job whose outcome is unknown again (it may be charged twice)." in resubmit
    assert "--yes you have checked KIE's logs: send it again" in resubmit
    retry = command_help(capsys, monkeypatch, "retry")
    assert (
        "Carry a failed, cancelled or timed-out job on: free where it checks on the task KIE "
        "took or fetches its image; otherwise it sends the job again, charged as any new job."
    ) in retry
    assert "without paying twice" not in retry
    assert (
        "--yes KIE has no record of the job, or an earlier send made its image or is still "
        "making it: send it again as a new, paid job"
    ) in retry


@pytest.mark.parametrize(
    ("language", "words", "sentence"),
    [
        (
            "en",
            "carry a failed, cancelled or timed-out job on without making it twice (a demo job "
            "uses no real credits)",
            "Carry a failed, cancelled or timed-out job on without making it twice (a demo job "
            "uses no real credits).",
        ),
        (
            "zh_CN",
            "继续失败、已取消或超时的任务，不会重复生成（演示任务不消耗真实积分）",
            "继续失败、已取消或超时的任务，不会重复生成（演示任务不消耗真实积分）。",
        ),
    ],
)
def test_the_help_of_retry_with_demo_says_it_uses_no_real_credits(
    app_home, capsys, monkeypatch, language, words, sentence
):
    """Before: ``retry --demo --help`` did not say what retry does, and the list of commands
    with --demo (``kontext-studio --help --demo``) said it carries a job on "without paying
    twice": a demo job uses no real credits."""
    from kontext_studio import i18n

    if language != "en" and i18n.find_tool("lrelease") is None:
        pytest.skip("no lrelease")
    monkeypatch.setenv("KONTEXT_STUDIO_LANG", language)
    try:
        retry = command_help(capsys, monkeypatch, "retry", "--demo")
        commands = command_help(capsys, monkeypatch, "--demo")
    finally:
        i18n.install(None)
    assert sentence in retry and words in commands
    assert "paying" not in retry + commands and "付费" not in retry + commands


def test_a_demo_job_the_demo_server_forgot_is_said_to_be_sent_anew_without_a_charge(
    app_home, capsys
):
    """Before: the next step of a demo job whose task the demo server had no record of was
    "`kontext-studio retry 1 --yes` sends it again, charged as a new job.", without the
    --demo it needs, and with a charge a demo job never makes."""
    from kontext_studio.cli import job_output

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        snap = forgotten_demo_job(ledger)
    finally:
        ledger.close()
    assert job_output.report_waited(snap, True) == 1
    assert json.loads(capsys.readouterr().out)["hint"] == (
        "`kontext-studio retry 1 --demo --yes` sends it again as a new job; a demo job uses no "
        "real credits."
    )


def refused_demo_send_again(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    command: str,
    made: Callable[[Ledger], Snapshot],
) -> tuple[str, str]:
    """The --json message and stderr of ``command`` (retry, resubmit) of the demo job
    ``made`` writes, refused (exit 2) in ``language``: the job is left as it was."""
    from kontext_studio import cli, i18n

    if language != "en" and i18n.find_tool("lrelease") is None:
        pytest.skip("no lrelease")
    database = Paths.from_env().ensure().database
    ledger = Ledger.open(database)
    try:
        job = made(ledger)
    finally:
        ledger.close()
    monkeypatch.setenv("KONTEXT_STUDIO_LANG", language)
    try:
        assert cli.main([command, str(job.id), "--demo", "--json"]) == 2
    finally:
        i18n.install(None)
    ledger = Ledger.open(database)
    try:
        assert ledger.get(job.id) == job  # nothing was sent
    finally:
        ledger.close()
    out, err = capsys.readouterr()
    return json.loads(out.strip().splitlines()[-1])["message"], err


@pytest.mark.parametrize(
    ("kind", "hint"),
    [
        (
            "network",
            "This send did not reach KIE, so it was not charged. The job is kept: "
            "`kontext-studio retry 1` sends it once KIE can be reached.",
        ),
        ("server", "`kontext-studio retry 1` sends it to KIE, charged as any new job."),
    ],
)
def test_a_failed_job_s_json_carries_the_retry_hint_the_human_output_prints(
    app_home, capsys, kind: str, hint: str
):
    """Before: ``--json`` gave the failure's message only; the next step (which command
    carries the job on, and what it costs) was on stderr for people alone."""
    from kontext_studio.cli import job_output
    from kontext_studio.config import Paths
    from kontext_studio.jobs.states import JobState
    from kontext_studio.kie.models import GenerateRequest
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a fox"))
        snap = ledger.transition(job.id, JobState.FAILED, error_kind=kind, error_message="no")
    finally:
        ledger.close()
    assert job_output.report_waited(snap, True) == 1
    assert json.loads(capsys.readouterr().out)["hint"] == hint
    assert job_output.report_waited(snap, False) == 1
    assert hint in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["server", "generation_failed"])  # its balance: see below
def test_a_failed_demo_job_is_said_to_be_retried_with_demo_and_no_real_credits(
    app_home, capsys, kind: str
):
    """Before: a demo job that failed (the demo server's error, its balance) was followed by
    "`kontext-studio retry 1` carries it on without paying twice.": without the --demo it
    needs when a key is set, and of a payment a demo job never makes. Its retry sends it to
    the demo server again, and says so (not "without making it twice")."""
    from kontext_studio.cli import job_output

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a demo fox"), simulated=True)
        snap = ledger.transition(job.id, JobState.FAILED, error_kind=kind)
    finally:
        ledger.close()
    hint = (
        "`kontext-studio retry 1 --demo` sends it to the demo server; a demo job uses no real "
        "credits."
    )
    assert job_output.report_waited(snap, True) == 1
    assert json.loads(capsys.readouterr().out)["hint"] == hint
    assert job_output.report_waited(snap, False) == 1
    assert hint in capsys.readouterr().err


def test_a_demo_job_refused_for_the_demo_balance_is_retried_tomorrow(app_home, capsys):
    from kontext_studio.cli import job_output
    from kontext_studio.errors import CreditsError

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a demo fox"), simulated=True)
        ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
        snap = ledger.transition(job.id, JobState.FAILED, error_kind=CreditsError.kind)
    finally:
        ledger.close()
    assert job_output.next_step(snap) == (
        "The demo balance is full again tomorrow: then `kontext-studio retry 1 --demo` "
        "carries it on; a demo job uses no real credits."
    )


# --out: checked before anything is paid for; the library keeps its own copy.


@pytest.mark.parametrize(
    ("out", "reason"),
    [
        ("/etc/passwd", "it is a file, not a folder"),
        ("/etc/passwd/results", "part of its path is a file, not a folder"),
        ("$TMP/drive", "a link on its way leads to nothing"),
    ],
)
def test_an_out_folder_that_cannot_be_used_is_refused_before_anything_is_sent(
    tmp_path, simulator, out, reason
):
    (tmp_path / "drive").symlink_to(tmp_path / "unplugged")  # a drive's folder, not there
    out = out.replace("$TMP", str(tmp_path))
    code, result, err = run_cli(tmp_path, simulator, "generate", "a fox", "--out", out, "--json")
    assert code == 2, err
    assert result["status"] == "error" and result["kind"] == "invalid_input"
    assert out in err and reason in err and "Traceback" not in err
    assert "Not a directory" not in err
    assert simulator.generate_requests == []
    assert job_states(tmp_path) == []


@pytest.mark.parametrize(
    ("refusal", "words"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "you do not have permission"),
        (OSError(errno.EROFS, "Read-only file system"), "the disk it is on is read-only"),
    ],
)
def test_an_out_folder_that_cannot_be_written_is_refused_in_words(
    tmp_path, simulator, monkeypatch, refusal, words
):
    """Root ignores rights, so the refusal is simulated; the system's words are not shown."""
    from kontext_studio.cli import generate
    from kontext_studio.errors import InputError

    def refused(*_args, **_kwargs):
        raise refusal

    monkeypatch.setattr(generate.tempfile, "NamedTemporaryFile", refused)
    with pytest.raises(InputError, match=words) as raised:
        generate.check_out_folder(tmp_path / "out")
    assert refusal.strerror not in str(raised.value)


def test_the_out_folder_gets_a_copy_and_the_library_keeps_the_image(tmp_path, simulator):
    out = tmp_path / "results" / "today"
    code, result, err = run_cli(
        tmp_path, simulator, "generate", "a fox", "--out", str(out), "--json"
    )
    assert code == 0, err
    copy = Path(result["path"])
    assert copy.parent == out and copy.is_file()
    assert copy.stat().st_mode & 0o777 == NEW_FILE_MODE, "readable by others, as Save as makes"
    code, listing, _ = run_cli(tmp_path, simulator, "jobs", "--json")
    kept = Path(listing[0]["path"])
    assert kept.is_relative_to(tmp_path / "data" / "artworks")
    assert kept.read_bytes() == copy.read_bytes()


def test_an_out_folder_gone_by_the_end_says_the_image_is_safe_in_the_library(
    tmp_path, slow_simulator
):
    """Before: "job 1: completed -> ... - cannot copy ... into ...: No such file or
    directory; it is in the library", exit 1, as for a job that failed."""
    slow_simulator.update(latency_s=(2.0, 2.0))
    out = tmp_path / "stick"
    proc = subprocess.Popen(
        [sys.executable, "-m", "kontext_studio", "generate", "a fox", "--out", str(out)],
        env=cli_env(tmp_path, slow_simulator),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    wait_for(lambda: job_states(tmp_path) == ["generating"])
    out.rmdir()  # the USB stick was pulled out while KIE worked
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 3, stderr
    kept = Path(stdout.split(" -> ")[1].split(" - ")[0])
    assert kept.is_file() and kept.is_relative_to(tmp_path / "data" / "artworks")
    assert stdout == (
        f"job 1: completed -> {kept} - The image was generated and is safe in the library; "
        f"copying it into {out} failed: the folder is no longer there.\n"
    )
    assert slow_simulator.generate_count("a fox") == 1


@pytest.mark.parametrize(
    ("refusal", "words"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EDQUOT, "your share of the disk (its quota) is used up"),
        (errno.EROFS, "the disk it is on is read-only"),
        (errno.EACCES, "you do not have permission to write there"),
    ],
)
def test_a_copy_to_out_that_fails_after_the_job_says_why_in_words_and_exits_3(
    tmp_path, simulator, monkeypatch, capsys, refusal, words
):
    """The folder took the test file before the job was sent, and not the image after it
    (the disk filled up, was remounted read-only, its rights changed): root ignores rights,
    so the refusal is simulated."""
    from types import SimpleNamespace

    from kontext_studio import cli
    from kontext_studio.cli import output
    from kontext_studio.images import export

    def refused(*_args, **_kwargs):
        raise OSError(refusal, os.strerror(refusal))

    monkeypatch.setattr(export, "tempfile", SimpleNamespace(mkstemp=refused))
    sent_to(simulator, monkeypatch)
    out = tmp_path / "out"
    assert cli.main(["generate", "a fox", "--out", str(out), "--json"]) == output.EXIT_NOT_COPIED
    result = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert result["status"] == "completed"
    assert result["message"] == (
        "The image was generated and is safe in the library; "
        f"copying it into {out} failed: {words}."
    )
    kept = Path(result["path"])
    assert kept.is_file() and "artworks" in kept.parts and not kept.is_relative_to(out)
    assert os.strerror(refusal) not in result["message"]


def test_a_library_image_gone_before_its_copy_is_not_said_to_be_safe(
    tmp_path, simulator, monkeypatch, capsys
):
    """Before: the error of the unreadable file reached the command's edge and said the
    request was refused before anything was sent (exit 2), after a paid job."""
    from kontext_studio import cli
    from kontext_studio.cli import generate, output
    from kontext_studio.images.validate import unreadable_error

    def gone(source: Path, _target: Path) -> None:
        raise unreadable_error(source, FileNotFoundError(errno.ENOENT, "gone"))

    monkeypatch.setattr(generate, "export_copy", gone)
    sent_to(simulator, monkeypatch)
    out = tmp_path / "out"
    assert cli.main(["generate", "a fox", "--out", str(out)]) == output.EXIT_NOT_COPIED
    line = capsys.readouterr().out
    assert f"The image was generated, but it could not be copied into {out}: " in line
    assert "safe" not in line


def test_why_a_copy_to_out_failed_is_said_first_when_stdout_refuses_it(
    tmp_path, simulator, monkeypatch, capsys, caplog
):
    """Before: `generate --out DIR --json > /dev/full` whose copy into DIR failed exited 3
    saying only that the output could not be written: why the copy failed (the disk full,
    the folder gone), which only its result gave, was lost with it, as a failed job's
    reason was. It is said first, in the result's line, and logged."""
    from kontext_studio import cli
    from kontext_studio.cli import generate, output
    from kontext_studio.images.validate import unreadable_error

    def gone(source: Path, _target: Path) -> None:
        raise unreadable_error(source, FileNotFoundError(errno.ENOENT, "gone"))

    def full(_text: str) -> None:
        raise output.StdoutFailed(os.strerror(errno.ENOSPC))

    monkeypatch.setattr(generate, "export_copy", gone)
    monkeypatch.setattr(output, "_write", full)
    sent_to(simulator, monkeypatch)
    out = tmp_path / "out"
    assert cli.main(["generate", "a fox", "--out", str(out), "--json"]) == output.EXIT_NOT_COPIED
    lines = capsys.readouterr().err.splitlines()
    not_written = "The output could not be written to stdout: No space left on device."
    assert lines.count(not_written) == 1
    said = lines[lines.index(not_written) - 1]
    assert said.startswith("job 1: completed -> ")
    assert f"The image was generated, but it could not be copied into {out}: " in said
    [unwritten] = [r for r in caplog.records if getattr(r, "event", "") == "result_unwritten"]
    assert getattr(unwritten, "job_id", None) == 1
    assert f"could not be copied into {out}" in getattr(unwritten, "reason", "")


# A reader that stops early (`kontext-studio jobs | head -1`): quiet, as Unix tools are.


def a_queued_job_in(home: Path) -> None:
    """A job in the library of the command line run with ``home``."""
    ledger = Ledger.open(home / "data" / "library.sqlite3")
    try:
        ledger.create_job(GenerateRequest("a red fox at dawn"))
    finally:
        ledger.close()


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["jobs"], 128 + signal.SIGPIPE),
        (["jobs", "--json"], 128 + signal.SIGPIPE),
        # A command that changes the library keeps its own failure's code, not 141.
        (["import", "cat.png", "--json"], 1),  # a failed file's JSON line
        (["retry", "999", "--json"], 2),  # an error's JSON line
        (["generate", "a fox", "--ratio", "3:2", "--json"], 2),  # a refusal's JSON line
        (["--help"], 0),  # argparse's own: help is not the command's result
    ],
)
def test_a_reader_that_closed_the_pipe_early_is_no_error(tmp_path, args, code):
    a_queued_job_in(tmp_path)  # `jobs` has a line for stdout: an empty library has none
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before a line is written, as `head` after its line
    try:
        proc = run_process(tmp_path, None, *args, stdout=write_end)
    finally:
        os.close(write_end)
    assert "wrong" not in proc.stderr and "Exception" not in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.returncode == code


def test_a_stdout_one_command_found_gone_does_not_silence_the_next_run_in_the_process(
    app_home, capsys, monkeypatch
):
    """What a command knows of its stdout is its own: before, it was the module's, and a
    refusal of the command line whose --json line found its reader gone left stdout
    "gone" for the next command run in the same process (a caller embedding ``cli.main``,
    a test), whose `--help` then printed nothing, exit 0."""
    from kontext_studio import cli
    from kontext_studio.cli import output

    write = output._write

    def gone(_text: str) -> None:
        raise output.StdoutClosed

    monkeypatch.setattr(output, "_write", gone)
    with pytest.raises(SystemExit) as refused:
        cli.main(["generate", "a fox", "--ratio", "3:2", "--json"])
    assert refused.value.code == 2
    monkeypatch.setattr(output, "_write", write)
    with pytest.raises(SystemExit) as helped:
        cli.main(["--help"])
    assert helped.value.code == 0
    assert capsys.readouterr().out.startswith("usage: kontext-studio ")


def a_folder_of_six_images(tmp_path: Path) -> Path:
    """A folder whose ``import`` has a line for stdout per file."""
    art = tmp_path / "art"
    art.mkdir()
    for shade in range(6):
        Image.new("RGB", (32, 32), (shade * 40, 120, 200)).save(art / f"sea{shade}.png")
    return art


def test_import_into_head_adds_every_file_then_ends_as_a_closed_pipe(tmp_path):
    """Before: `kontext-studio import FOLDER | head -1` stopped at the first line it could
    not write, and the other files of the folder were never added. A command that changes
    the library finishes its work unprinted, then exits as a closed pipe does."""
    art = a_folder_of_six_images(tmp_path)
    home = tmp_path / "home"
    read_end, write_end = os.pipe()
    os.close(read_end)  # `head` has its line and has gone
    try:
        proc = run_process(home, None, "import", str(art), stdout=write_end)
    finally:
        os.close(write_end)
    assert proc.stderr == ""
    assert proc.returncode == 128 + signal.SIGPIPE
    assert len(job_ids(home)) == 6


def test_a_failed_import_into_head_exits_as_failed_not_as_a_closed_pipe(tmp_path):
    """Before: `kontext-studio import FOLDER | head -1` with a file it could not add exited
    141, as a closed pipe, and a script's `|| [ $? -eq 141 ]` read it as done. A failure
    keeps its own code (141 only when the command otherwise succeeded); the others are
    added all the same."""
    art = a_folder_of_six_images(tmp_path)
    (art / "torn.png").write_bytes(b"not a png")
    home = tmp_path / "home"
    read_end, write_end = os.pipe()
    os.close(read_end)  # `head` has its line and has gone
    try:
        proc = run_process(home, None, "import", str(art), stdout=write_end)
    finally:
        os.close(write_end)
    assert proc.returncode == 1
    assert "torn.png: This image cannot be used." in proc.stderr
    assert len(job_ids(home)) == 6


def stdout_refused(how: str) -> dict[str, Any]:
    """Where a command's stdout goes to be refused: a full disk (`> /dev/full`, ENOSPC), or
    none at all (`>&-`, EBADF)."""
    if how == "full":
        return {"stdout": open("/dev/full", "w")}  # closed by the caller
    return {"preexec_fn": lambda: os.close(1)}


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize(
    ("how", "reason"), [("full", "No space left on device"), ("closed", "Bad file descriptor")]
)
def test_import_into_a_refused_stdout_adds_every_file_says_so_once_and_fails(tmp_path, how, reason):
    """Before: `kontext-studio import FOLDER > /dev/full` (or `>&-`) stopped at its first
    line, the other files never added. It finishes its work as with a closed pipe, says
    once that its output could not be written, and fails (exit 1): its result is lost."""
    art = a_folder_of_six_images(tmp_path)
    home = tmp_path / "home"
    where = stdout_refused(how)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "kontext_studio", "import", str(art)],
            env=cli_env(home, None),
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            cwd=ROOT,
            **where,
        )
    finally:
        if "stdout" in where:
            where["stdout"].close()
    assert proc.stderr == f"The output could not be written to stdout: {reason}.\n"
    assert proc.returncode == 1
    assert len(job_ids(home)) == 6


def test_a_command_run_with_stderr_closed_keeps_its_words_off_stdout(tmp_path):
    """`kontext-studio jobs 999 --json 2>&-`: with no stderr, Python's ``sys.stderr`` is
    None, and a print to it went to stdout: "There is no job 999. …" came before the JSON
    line a script reads. Said nowhere now, as a closed stderr asks."""
    proc = subprocess.run(
        [sys.executable, "-m", "kontext_studio", "jobs", "999", "--json"],
        env=cli_env(tmp_path, None),
        stdout=subprocess.PIPE,
        text=True,
        timeout=60,
        cwd=ROOT,
        preexec_fn=lambda: os.close(2),
    )
    assert proc.returncode == 2
    [line] = proc.stdout.splitlines()
    assert json.loads(line)["status"] == "error"


STRAY_ON_STDERR = textwrap.dedent(
    """
    import os, sys
    from kontext_studio import entry, logs

    opened = logs.setup_logging

    def opened_then_warned(*args, **kwargs):
        path = opened(*args, **kwargs)
        os.write(2, b"qt.qpa.fonts: a warning Qt writes to stderr\\n")
        return path

    logs.setup_logging = opened_then_warned
    sys.argv = ["kontext-studio", "jobs"]
    raise SystemExit(entry.main())
    """
)
"""A launch of `jobs` that writes a line to stderr (file descriptor 2) once the log file is
open, as Qt writes its warnings there whatever Python's ``sys.stderr`` is."""


@pytest.mark.parametrize("closed", [(2,), (1, 2)])
def test_a_launch_with_stderr_closed_keeps_the_log_file_json(tmp_path, closed):
    """`kontext-studio jobs 2>&-` (or `>&- 2>&-`): the log file opened took the closed
    number, 2, and what was written to stderr (Qt's warnings) landed among its JSON lines,
    which a reader of the log (or a bug report) could no longer parse. The null device is
    opened in its place first."""

    def close_them() -> None:
        for fd in closed:
            os.close(fd)

    proc = subprocess.run(
        [sys.executable, "-c", STRAY_ON_STDERR],
        env=cli_env(tmp_path, None),
        stdin=subprocess.DEVNULL,
        timeout=60,
        cwd=ROOT,
        preexec_fn=close_them,
    )
    assert proc.returncode == 0
    [log] = tmp_path.rglob("kontext-studio.jsonl")
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines, "the command logs its end"
    assert all(line.startswith("{") and json.loads(line) for line in lines), lines


def test_jobs_into_head_stops_quietly(app_home):
    """The pipe fills (more than its 64 KiB) after `head` has gone: the same, for real."""
    from kontext_studio.config import Paths
    from kontext_studio.kie.models import GenerateRequest
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        for number in range(1500):
            ledger.create_job(GenerateRequest(f"a red fox at dawn, number {number}"))
    finally:
        ledger.close()
    proc = subprocess.run(
        ["bash", "-o", "pipefail", "-c", f"{sys.executable} -m kontext_studio jobs | head -1"],
        env=cli_env(app_home, None),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.stdout.startswith("job 1500: queued")
    assert proc.stderr == ""
    assert proc.returncode == 128 + signal.SIGPIPE


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["jobs"], 1),
        (["jobs", "--json"], 1),
        (["key", "status", "--json"], 1),
        (["retry", "999", "--json"], 2),  # an error's JSON line: the refusal's code
        (["generate", "a fox", "--ratio", "3:2", "--json"], 2),  # a refusal's JSON line
    ],
)
def test_an_output_that_cannot_be_written_is_one_line_not_a_traceback(tmp_path, args, code):
    """Before: stdout on a full disk (`kontext-studio jobs --json > list.json`, /dev/full
    here) said "Something went wrong", and with --json two tracebacks: the error's JSON line
    failed as the result's had. Now one line says why, exit 1 (a refusal keeps its 2)."""
    a_queued_job_in(tmp_path)  # `jobs` has a line for stdout: an empty library has none
    with open("/dev/full", "w") as full:
        proc = run_process(tmp_path, None, *args, stdout=full)
    lines = proc.stderr.splitlines()
    assert lines.count("The output could not be written to stdout: No space left on device.") == 1
    assert "Traceback" not in proc.stderr and "wrong" not in proc.stderr
    assert "Exception" not in proc.stderr
    assert proc.returncode == code


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["jobs"], 1),
        (["jobs", "--json"], 1),
        (["key", "status", "--json"], 1),
        (["retry", "999", "--json"], 2),  # an error's JSON line: the refusal's code
        (["generate", "a fox", "--ratio", "3:2", "--json"], 2),  # a refusal's JSON line
    ],
)
def test_a_closed_stdout_is_said_as_an_output_not_written(tmp_path, args, code):
    """Before: a command started with stdout closed (`kontext-studio jobs --json >&-`, a
    daemon's launcher) printed into nothing (Python's ``sys.stdout`` is None then) and
    exited 0: a script read success, its result lost. Now it is an output that could not be
    written, as on a full disk: one line on stderr, exit 1 (a refusal keeps its 2)."""
    a_queued_job_in(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "kontext_studio", *args],
        env=cli_env(tmp_path, None),
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        cwd=ROOT,
        preexec_fn=lambda: os.close(1),
    )
    lines = proc.stderr.splitlines()
    assert lines.count("The output could not be written to stdout: Bad file descriptor.") == 1
    assert "Traceback" not in proc.stderr
    assert proc.returncode == code


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["jobs", "999", "--json"], "There is no job 999."),  # a command that only reads
        (["retry", "999", "--json"], "There is no job 999."),  # one that changes the library
        (["generate", "a fox", "--ratio", "3:2", "--json"], "invalid choice: '3:2'"),
    ],
)
def test_a_refusal_into_a_full_stdout_keeps_its_code_and_is_said_first(tmp_path, args, reason):
    """Before: `kontext-studio jobs 999 --json > /dev/full` exited 1 and never said there is
    no job 999, where `retry 999 --json > /dev/full` exited 2; and where the refusal was
    said, "The output could not be written" came before it. Every command's refusal keeps
    its 2, its reason said first, then that its JSON line could not be written."""
    with open("/dev/full", "w") as full:
        proc = run_process(tmp_path, None, *args, stdout=full)
    lines = proc.stderr.splitlines()
    not_written = "The output could not be written to stdout: No space left on device."
    assert lines.count(not_written) == 1
    said = next(number for number, line in enumerate(lines) if reason in line)
    assert said < lines.index(not_written)
    assert proc.returncode == 2


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", [["--help"], ["generate", "--help"], ["--version"]])
def test_a_help_that_cannot_be_written_is_said_as_a_command_s_output(tmp_path, args):
    """Before: `kontext-studio --help > help.txt` on a full disk exited 0, the file empty,
    and nothing said so (argparse passed the failed write over). It is said as a command's
    output is, exit 1."""
    with open("/dev/full", "w") as full:
        proc = run_process(tmp_path, None, *args, stdout=full)
    assert proc.stderr == "The output could not be written to stdout: No space left on device.\n"
    assert proc.returncode == 1


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_key_test_that_fails_into_a_full_stdout_says_why_first(tmp_path, simulator):
    """Before: `kontext-studio key test --json > /dev/full` with a key KIE refuses said only
    that the output could not be written, never that the key was refused. Its reason is said
    first, then the output not written; exit 1, the test's failure."""
    simulator.update(api_key="the-right-key")
    with open("/dev/full", "w") as full:
        proc = run_process(tmp_path, simulator, "key", "test", "--json", stdout=full)
    lines = proc.stderr.splitlines()
    not_written = "The output could not be written to stdout: No space left on device."
    assert lines.count(not_written) == 1
    said = next(number for number, line in enumerate(lines) if "API key" in line)
    assert said < lines.index(not_written)
    assert proc.returncode == 1


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("as_json", [True, False], ids=["json", "lines"])
def test_a_failed_job_s_reason_is_not_lost_with_a_full_stdout(tmp_path, simulator, as_json):
    """Before: `kontext-studio generate PROMPT --json > /dev/full` for a job KIE refused
    said "job 1: failed", then that the output could not be written, and exited 1: why it
    failed was only in its result, lost with it, and not in the log file either. It is said
    first, in the job's result line, as a refusal's reason is, then the one line saying the
    output was not written; the log file keeps it, and the library still gives it."""
    json_flag = ["--json"] if as_json else []
    with open("/dev/full", "w") as full:
        proc = run_process(
            tmp_path, simulator, "generate", "a forbidden fox", *json_flag, stdout=full
        )
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    not_written = "The output could not be written to stdout: No space left on device."
    assert lines.count(not_written) == 1
    reason = "KIE refused the prompt or image under its content policy."
    # Its line, then (the plain output) its next step, as on a working stdout.
    said = lines[lines.index(not_written) - (1 if as_json else 2)]
    assert said == f"job 1: failed - {reason}"
    # One line for the job, its reason in it: it was said "job 1: failed", then again.
    assert [line for line in lines if line.startswith("job 1: failed")] == [
        f"job 1: failed - {reason}"
    ]
    assert "Traceback" not in proc.stderr
    logged = [
        json.loads(line)
        for line in (tmp_path / "logs" / "kontext-studio.jsonl").read_text().splitlines()
    ]
    [unwritten] = [entry for entry in logged if entry.get("event") == "result_unwritten"]
    assert (unwritten["job_id"], unwritten["code"], unwritten["reason"]) == (1, 400, reason)
    code, result, _ = run_cli(tmp_path, simulator, "jobs", "1", "--json")
    assert (code, result["status"], result["message"]) == (0, "failed", reason)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_resume_into_a_full_stdout_says_each_job_s_next_step_after_its_line(tmp_path, simulator):
    """Before: `kontext-studio resume > /dev/full` said the jobs' lines, then that the
    output could not be written, then the next steps of its jobs one after the other, none
    saying which job it was of. Each step is said after its job's line, as on a working
    stdout, before the refusal; nothing after it."""
    a_job_left_sending(tmp_path, "a fox")
    a_job_left_sending(tmp_path, "a hare")
    with open("/dev/full", "w") as full:
        proc = run_process(tmp_path, simulator, "resume", stdout=full)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    not_written = "The output could not be written to stdout: No space left on device."
    assert lines[-1] == not_written
    for job_id in (1, 2):
        [said] = [i for i, line in enumerate(lines) if line.startswith(f"job {job_id}: unknown")]
        assert f"`kontext-studio attach {job_id} TASK_ID`" in lines[said + 1]
    assert sum("`kontext-studio attach" in line for line in lines) == 2


def test_a_job_held_up_by_the_network_is_no_lost_result_under_a_full_stdout(
    app_home, capsys, monkeypatch, caplog
):
    """A job still running at a command's end (KIE cannot be reached; the window carries
    it on), its result refused by a full stdout, was said again on stderr with its
    network trouble and logged as a "job result not written": noise, as if it had stopped.
    Its result loses nothing its progress did not say: only the refusal is said."""
    from kontext_studio.cli import job_output, output
    from kontext_studio.jobs.states import JobState
    from kontext_studio.kie.models import GenerateRequest
    from kontext_studio.store.ledger import Ledger

    def full(_text: str) -> None:
        raise output.StdoutFailed(os.strerror(errno.ENOSPC))

    monkeypatch.setattr(output, "_write", full)
    ledger = Ledger.open(app_home / "held.sqlite3")
    try:
        job = ledger.create_job(GenerateRequest("a fox in the rain").validated())
        held = ledger.transition(
            job.id, JobState.QUEUED, error_kind="network", error_message="refused"
        )
    finally:
        ledger.close()
    with output.finishing(True), job_output.results_of([held]):
        job_output.print_job(held)
    assert capsys.readouterr().err.splitlines() == [
        "The output could not be written to stdout: No space left on device."
    ]
    assert [r for r in caplog.records if getattr(r, "event", "") == "result_unwritten"] == []


# A job or artwork that is not in the library: the same refusal and exit code everywhere.


@pytest.mark.parametrize("command", ["retry", "publish", "unpublish", "cancel", "jobs"])
def test_a_number_not_in_the_library_is_refused_alike_by_every_command(tmp_path, command):
    code, result, err = run_cli(tmp_path, None, command, "999", "--json")
    assert code == 2, err
    assert result["status"] == "error" and result["kind"] == "invalid_input"
    assert "999" in result["message"] and "999" in err
    assert "R2" not in err  # the number is checked first: no R2 is configured here


NO_JOB_99 = "There is no job 99. `kontext-studio jobs` lists the library."
NO_ARTWORK_99 = "There is no artwork 99. `kontext-studio jobs` lists the library."


@pytest.mark.parametrize(
    ("args", "refused"),
    [
        (["jobs", "99"], NO_JOB_99),
        (["cancel", "99"], NO_JOB_99),
        (
            ["cancel", "1"],
            "Job 1 is not running, so there is nothing to cancel. `kontext-studio jobs 1` shows "
            "how it ended.",
        ),
        (["retry", "99", "--demo"], NO_JOB_99),
        (["retry", "1", "--demo"], "Job 1 has completed: there is nothing to retry."),
        (["resubmit", "99", "--yes", "--demo"], NO_JOB_99),
        (
            ["resubmit", "1", "--yes", "--demo"],
            "Only jobs with an unknown outcome can be resubmitted.",
        ),
        (["publish", "99"], NO_ARTWORK_99),
        (["unpublish", "99"], NO_ARTWORK_99),
        (
            ["key", "test"],
            "No KIE API key is set, so there is nothing to test. `kontext-studio key set` stores "
            "one in the system keyring (or set KIE_API_KEY).",
        ),
    ],
)
def test_a_refusal_says_what_is_the_case_not_that_the_request_needs_correcting(
    tmp_path, args, refused
):
    """Before: every refusal was put inside the words for a request to correct: "The request
    is not valid. (job 1 is not running, so there is nothing to cancel; ...) Correct it and
    try again.", where nothing in the request was wrong. Now it is said in its own words,
    whole sentences (--json keeps its fields and kind)."""
    ledger = Ledger.open(tmp_path / "data" / "library.sqlite3")
    try:
        completed_demo_job(ledger)
    finally:
        ledger.close()
    env = {**cli_env(tmp_path, None), "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    proc = subprocess.run(
        [sys.executable, "-m", "kontext_studio", *args, "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == refused
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == {
        "status": "error",
        "kind": "invalid_input",
        "message": refused,
    }


LEFT_UNFINISHED_1 = (
    "Job 1 was left unfinished by a window or command that ended before it did, so there is "
    "nothing to send again: `kontext-studio resume --demo` carries it on."
)


@pytest.mark.parametrize(
    ("args", "refused"),
    [
        (["retry", "1", "--demo"], LEFT_UNFINISHED_1),
        (["resubmit", "1", "--yes", "--demo"], LEFT_UNFINISHED_1),
        (["retry", "2", "--demo"], "Job 2 has completed: there is nothing to retry."),
        (
            ["resubmit", "2", "--yes", "--demo"],
            "Only jobs with an unknown outcome can be resubmitted.",
        ),
    ],
)
def test_retry_and_resubmit_refuse_before_the_other_unfinished_jobs_are_sent(
    tmp_path, args, refused
):
    """Before: `retry` and `resubmit` resumed the library's unfinished jobs first (sent a
    queued one, and charged it) and refused only then, though exit code 2 means "refused
    before anything was sent"; a queued job was refused as "retried, resubmitted or resumed
    meanwhile, perhaps by the window or another command": by that very command."""
    ledger = Ledger.open(tmp_path / "data" / "library.sqlite3")
    try:
        ledger.create_job(GenerateRequest("a queued fox"), simulated=True)
        completed_demo_job(ledger)
    finally:
        ledger.close()
    code, result, err = run_cli(tmp_path, None, *args, "--json")
    assert code == 2, err
    assert result["message"] == refused
    assert sorted(job_states(tmp_path)) == ["completed", "queued"]  # nothing was sent


def test_a_refusal_in_chinese_is_its_own_sentences_too(app_home, capsys, monkeypatch):
    from kontext_studio import cli, i18n

    if i18n.find_tool("lrelease") is None:
        pytest.skip("no lrelease")
    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        completed_demo_job(ledger)
    finally:
        ledger.close()
    monkeypatch.setenv("KONTEXT_STUDIO_LANG", "zh_CN")
    try:
        assert cli.main(["cancel", "1"]) == 2
    finally:
        i18n.install(None)
    assert capsys.readouterr().err.strip() == (
        "任务 1 没有在运行，没有可取消的内容。`kontext-studio jobs 1` 可查看它是如何结束的。"
    )


def test_the_help_lists_the_exit_codes():
    from kontext_studio.cli.parser import build_parser

    text = build_parser().format_help()
    for code in ("0", "1", "2", "3", "130", "143", "141"):
        assert f"\n  {code} " in text, code


def test_every_argument_of_every_command_says_in_its_help_what_it_does():
    """Before: `--json`, `--search`, `--ratio`, most `--demo` and the simulator's latencies
    (in what unit?) were listed bare in `kontext-studio COMMAND --help`."""
    from kontext_studio.cli.parser import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    bare = [
        f"{name} {action.dest}"
        for name, command in commands.choices.items()
        for action in command._actions
        if not isinstance(action, argparse._HelpAction) and not action.help
    ]
    assert bare == []


def test_every_command_s_help_says_what_it_does(capsys, monkeypatch):
    """Before: `kontext-studio generate --help` (and jobs, resume, import, publish,
    unpublish, simulator, key and key remove, status, test) went from its usage straight to
    its arguments: what the command does was said only in `kontext-studio --help`."""
    from kontext_studio.cli.parser import build_parser

    def commands(parser: argparse.ArgumentParser, name: str) -> list[tuple[str, str, str]]:
        found = []
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                about = {choice.dest: choice.help for choice in action._choices_actions}
                for word, command in action.choices.items():
                    found.append((f"{name} {word}".strip(), about[word], command.description))
                    found += commands(command, f"{name} {word}")
        return found

    listed = commands(build_parser(), "")
    assert len(listed) == 17
    assert [name for name, _about, description in listed if not description] == []
    generate = command_help(capsys, monkeypatch, "generate")
    assert "Generate one image and wait for it." in generate
    status = command_help(capsys, monkeypatch, "key", "status")
    assert "Which keyring is used, whether it holds a key" in status


@pytest.mark.parametrize(
    ("language", "sentences"),
    [
        (
            "en",
            {
                "resume": "Carry every unfinished job to the end.",
                "jobs": "List the library, or show one job in full (jobs ID).",
                "retry": (
                    "Carry a failed, cancelled or timed-out job on: free where it checks on the "
                    "task KIE took or fetches its image; otherwise it sends the job again, "
                    "charged as any new job."
                ),
            },
        ),
        (
            "zh_CN",
            {
                "resume": "继续完成所有未完成的任务。",
                "jobs": "列出图库，或显示一个任务的全部信息（jobs ID）。",
                "retry": (
                    "继续失败、已取消或超时的任务：若是查询 KIE 已接收的任务或取回其图片，"
                    "则免费；否则会再次发送该任务，与任何新任务一样扣费。"
                ),
            },
        ),
    ],
)
def test_every_command_s_help_opens_with_a_sentence(
    app_home, capsys, monkeypatch, language, sentences
):
    """Before: `generate --help` and `cancel --help` opened with a sentence ("Generate one
    image and wait for it. With no API key…"), as `kontext-studio --help` does, where
    `resume --help`, `retry --help`, `jobs --help` and the others opened with the list's
    fragment ("carry every unfinished job to the end"), no capital, no full stop."""
    from kontext_studio import i18n
    from kontext_studio.cli.parser import build_parser

    if language != "en" and i18n.find_tool("lrelease") is None:
        pytest.skip("no lrelease")
    monkeypatch.setenv("KONTEXT_STUDIO_LANG", language)
    try:
        for command, sentence in sentences.items():
            said = command_help(capsys, monkeypatch, command)
            assert f" {sentence} " in said, said
    finally:
        i18n.install(None)

    def descriptions(parser: argparse.ArgumentParser) -> list[str]:
        found = []
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for command in action.choices.values():
                    found += [command.description or "", *descriptions(command)]
        return found

    opened = descriptions(build_parser())
    assert len(opened) == 17
    assert [d for d in opened if not (d[:1].isupper() and d.endswith("."))] == []


def readme_synopsis() -> dict[str, str]:
    """The README's list of commands (the first block of its Command line section): each
    command's lines, its continuation lines included, by the command's name."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Command line", 1)[1]
    block = section.split("```", 2)[1]
    lines: dict[str, str] = {}
    command = ""
    for line in block.splitlines():
        if line.startswith("kontext-studio "):
            command = line.split()[1]
            lines[command] = lines.get(command, "") + line
        elif line.startswith(" ") and command:
            lines[command] += line
    return lines


def test_the_readme_lists_every_option_of_every_command():
    """Before: the README's list of commands left out `generate --safety`, the simulator's
    latencies and `--version`, and named `--image REF` and `--title T`, where `--help` says
    IMAGE and TITLE."""
    from kontext_studio.cli.parser import build_parser

    synopsis = readme_synopsis()
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing = [
        f"{name} {option}"
        for name, command in commands.choices.items()
        for action in command._actions
        for option in action.option_strings[:1]
        if option != "-h" and option not in synopsis.get(name, "")
    ]
    assert missing == []
    assert "--version" in synopsis
    for name, metavar in (("generate", "--image IMAGE"), ("import", "--title TITLE")):
        assert metavar in synopsis[name]


def test_the_help_names_values_as_the_readme_does(capsys, monkeypatch):
    """Before: `--out OUT`, `--search SEARCH`, `--min-latency MIN_LATENCY` and a lowercase
    `id` in the usage lines, where the README (and the other commands' words) say DIR,
    TEXT, seconds and ID; `--safety` gave no default and `--tags` said "comma-separated"
    of nothing named."""
    generate = command_help(capsys, monkeypatch, "generate")
    assert "--out DIR also copy the result into this folder" in generate
    assert "--safety 0-6 safety tolerance 0-6, 0 the strictest (0-2 with --image; " in generate
    assert "[--safety 0-6]" in generate
    assert "default 2)" in generate
    jobs = command_help(capsys, monkeypatch, "jobs")
    assert "[--search TEXT]" in jobs and "[--limit N] [--json] [ID]" in jobs
    assert "usage: kontext-studio cancel [-h] [--json] ID" in command_help(
        capsys, monkeypatch, "cancel"
    )
    assert "--min-latency SECONDS" in command_help(capsys, monkeypatch, "simulator")
    imported = command_help(capsys, monkeypatch, "import")
    assert "--tags TAGS the tags of each image added, separated by commas (a,b)" in imported


def test_the_help_of_generate_shows_the_safety_range_in_chinese_too(app_home, capsys, monkeypatch):
    """Before: `--safety SAFETY` in `generate --help`, in its usage line and its options,
    where the README shows `--safety 0-6`; so in Chinese too."""
    from kontext_studio import i18n

    if i18n.find_tool("lrelease") is None:
        pytest.skip("no lrelease")
    monkeypatch.setenv("KONTEXT_STUDIO_LANG", "zh_CN")
    try:
        generate = command_help(capsys, monkeypatch, "generate")
    finally:
        i18n.install(None)
    assert "用法" in generate  # the help is the Chinese one
    assert "[--safety 0-6]" in generate and "--safety 0-6 " in generate
    assert "SAFETY" not in generate


def help_exit_codes() -> dict[int, str]:
    """The exit codes --help lists, each with its line (its continuation lines included)."""
    from kontext_studio.cli.parser import build_parser

    epilog = build_parser().epilog or ""
    codes: dict[int, str] = {}
    code = None
    for line in epilog.split("exit codes:\n", 1)[1].splitlines():
        first = line.split()[0]
        if first.isdigit():
            code = int(first)
            codes[code] = line
        elif code is not None:
            codes[code] += line
    return codes


def readme_exit_codes() -> dict[int, str]:
    """The exit codes the README's table lists, each with its row ("143, 129": both)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("| code | meaning |", 1)[1].split("\n\n", 1)[0]
    return {
        int(code): row for row in table.splitlines()[2:] for code in row.split("|")[1].split(",")
    }


EXIT_CODE_TERMS = (*SUBCOMMANDS, "--out", "--demo", "Ctrl+C", "SIGTERM", "SIGHUP", "R2")
"""What an exit code's line names that says when it happens: the commands, their options,
the stop signals, R2."""


def exit_code_terms(text: str) -> set[str]:
    return {
        term
        for term in EXIT_CODE_TERMS
        if re.search(rf"(?<![\w-]){re.escape(term)}(?!\w)", text) is not None
    }


def test_each_exit_code_s_help_line_names_only_what_its_readme_row_names():
    """The help's exit codes were compared with the README's as a set of numbers only: a
    help line saying of one code what the README says of another (3's words at 4, SIGTERM
    at 129) passed. Each line names no command, option, stop signal nor R2 that the
    README's row of its code does not."""
    rows = readme_exit_codes()
    for code, line in help_exit_codes().items():
        assert exit_code_terms(line) <= exit_code_terms(rows[code]), (code, line)


def test_the_help_s_exit_codes_are_the_readme_s_and_say_when_each_happens():
    """Before: --help said of 130 "`kontext-studio resume` carries the job on (the window
    does, when it is open on the library)" of every Ctrl+C: of a command that starts no job
    or had made none, of a demo job (`resume --demo`), of one the window, in the other
    mode, leaves alone; 129 shared the line of 143; 0 said nothing of an unpublish or of the
    simulator's stop, 1 nothing of a stdout that cannot be written, as the README does."""
    codes = help_exit_codes()
    assert set(codes) == set(readme_exit_codes())
    assert "unpublished" in codes[0] and "simulator" in codes[0] and "SIGHUP" in codes[0]
    assert "stdout" in codes[1]
    assert "R2 not set up" in codes[2]
    interrupted = " ".join(codes[130].split())
    assert "carries the job on" not in interrupted
    assert "what it left" in interrupted and "resume --demo" in interrupted
    assert "SIGTERM" in codes[143] and "SIGHUP" in codes[129]


def test_the_help_and_readme_say_a_failed_job_s_reason_is_in_its_result(tmp_path, simulator):
    """Before: --help and the README said of exit code 1 "the reason is on stderr (and in
    the JSON line)", where a job that failed has it in its result on stdout alone, and under
    a stdout that refuses it, nowhere ("its reason said first on stderr"). They say so, and
    that under such a stdout it is said first, in its result's line, and logged."""
    code, result, err = run_cli(tmp_path, simulator, "generate", "a forbidden thing", "--json")
    assert code == 1
    assert "content policy" in result["message"] and "content policy" not in err
    failed = " ".join(help_exit_codes()[1].split())
    assert "but that of a job that failed, in its result on stdout" in failed
    assert "(a failed job's too, in its result's line, and in the log file)" in failed
    row = readme_exit_codes()[1]
    assert "but that of a job that failed, which is in its result on stdout" in row
    assert "in its result's line, and kept in the log file; `jobs ID` says it" in row


def test_the_help_and_readme_say_where_a_failed_copy_s_cause_goes_under_a_full_stdout():
    """Exit code 3's help line and README row said the reason a copy to --out failed is on
    stdout, and in the JSON line; under a stdout that cannot be written (a full disk) it is
    neither, but said first on stderr: they say so now."""
    copy = " ".join(help_exit_codes()[3].split())
    assert "when stdout cannot be written, a full disk, it is said first on stderr" in copy
    row = readme_exit_codes()[3]
    assert "under a stdout that cannot be written (`> /dev/full`), the why is said first" in row
    assert "on stderr, in the job's result line" in row


def test_every_command_s_own_functions_are_there_to_load():
    """The parser names each command's functions, loaded only once that command runs (a
    window's launch loads none): a name that is not there would fail that command alone."""
    from kontext_studio.cli.parser import Deferred, build_parser

    def commands(parser: argparse.ArgumentParser, above: dict[str, Any]) -> list[dict[str, Any]]:
        """The defaults of each command (`key set` with those of `key`)."""
        defaults = {**above, **parser._defaults}
        actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not actions:
            return [defaults]
        return [
            found
            for action in actions
            for command in action.choices.values()
            for found in commands(command, defaults)
        ]

    for defaults in commands(build_parser(), {}):
        assert isinstance(defaults["run"], Deferred)
        for value in defaults.values():
            if isinstance(value, Deferred):
                assert callable(value.load()), value


def a_library_with(*prompts: str) -> None:
    """Jobs in the test's library, queued, as the engine writes them."""
    from kontext_studio.config import Paths
    from kontext_studio.kie.models import GenerateRequest
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        for prompt in prompts:
            ledger.create_job(GenerateRequest(prompt))
    finally:
        ledger.close()


def test_a_search_that_matches_nothing_says_so_not_that_the_library_is_empty(app_home, capsys):
    from kontext_studio import cli

    assert cli.main(["jobs"]) == 0
    assert capsys.readouterr().err == "The library is empty.\n"
    a_library_with("a red fox at dawn")
    assert cli.main(["jobs", "--search", "zzz"]) == 0
    assert capsys.readouterr().err == 'Nothing in the library matches "zzz".\n'
    assert cli.main(["jobs", "--search", "fox"]) == 0
    assert capsys.readouterr().out.startswith("job 1: queued")


def a_library_of_states() -> None:
    """Six jobs, the newest last: a fox queued (running), a failed heron, a timed-out owl,
    an unknown crane (sent, outcome not known), a cancelled wolf, a starred queued fox."""
    a_library_with("a red fox at dawn", "a heron", "an owl", "a crane", "a wolf", "a fox in snow")
    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        ledger.transition(2, JobState.FAILED, error_code="x")
        ledger.transition(3, JobState.TIMEOUT)
        ledger.transition(4, JobState.SUBMITTING)
        ledger.transition(4, JobState.UNKNOWN)
        ledger.transition(5, JobState.CANCELLED)
        ledger.update(6, starred=True)
    finally:
        ledger.close()


def listed_ids(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[list[int], str]:
    """The ids `jobs --json ARGS` lists, and its stderr."""
    from kontext_studio import cli

    assert cli.main(["jobs", *args, "--json"]) == 0
    out, err = capsys.readouterr()
    return [job["id"] for job in json.loads(out)], err


def test_jobs_search_finds_words_in_quotes_across_a_line_break_or_a_wide_space(app_home, capsys):
    """`jobs --search '"red fox"'` searches as the window does: it listed no prompt written
    with "fox" on the next line, nor 水墨 and 山水 spaced with an ideographic space."""
    a_library_with("a red\nfox at dawn", "水墨\u3000山水", "a fox under a red sky", "a red fox")
    assert listed_ids(capsys, "--search", '"red fox"') == ([4, 1], "")
    assert listed_ids(capsys, "--search", "「水墨 山水」") == ([2], "")
    assert listed_ids(capsys, "--search", '"red fox"', "--limit", "1") == (
        [4],
        "1 more job is not listed (--limit 1).\n",
    )


def test_jobs_search_finds_a_word_only_in_a_description(app_home, capsys):
    """`jobs --search sunset` listed nothing when only an artwork's description, given in
    the Upload tab, Edit details or `details --description`, said it; its help says so."""
    from kontext_studio import cli

    a_library_with("a red fox", "an owl")
    assert cli.main(["details", "2", "--description", "An owl at Sunset"]) == 0
    capsys.readouterr()
    assert listed_ids(capsys, "--search", "sunset") == ([2], "")
    assert listed_ids(capsys, "--search", '"owl at sunset"') == ([2], "")
    with pytest.raises(SystemExit):
        cli.main(["jobs", "--help"])
    assert "prompt, title, tags or description" in " ".join(capsys.readouterr().out.split())


def test_jobs_says_how_many_more_with_the_thousands_grouped(app_home, capsys, monkeypatch):
    """Before: "2997 more jobs are not listed", where the window writes "2,997"."""
    from kontext_studio import cli

    a_library_of_states()
    monkeypatch.setattr(Ledger, "count_matching", lambda *_args, **_kwargs: 3000)
    assert listed_ids(capsys, "--limit", "3") == (
        [6, 5, 4],
        "2,997 more jobs are not listed (--limit 3).\n",
    )
    assert cli.main(["jobs", "--limit", "3"]) == 0
    assert capsys.readouterr().err == "2,997 more jobs are not listed (--limit 3).\n"


def test_listing_the_library_loads_neither_the_keyring_nor_the_network(app_home):
    """`jobs` and `jobs ID` only read the library. Before, they loaded the keyring, the
    engine and its HTTP client as well, 0.2 s of a listing's 0.5 s here, paid again by a
    script that asks every few seconds."""
    a_library_of_states()
    probe = (
        "import sys\n"
        "from kontext_studio import cli\n"
        "assert cli.main(['jobs', '--json']) == 0 and cli.main(['jobs', '6']) == 0\n"
        "loaded = {'keyring', 'httpx', 'kontext_studio.jobs.engine'} & set(sys.modules)\n"
        "print(sorted(loaded), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == "[]"


def test_jobs_of_a_job_given_its_task_says_when_and_times_it_by_kie(app_home, capsys):
    """A job given its task id three hours after KIE made it: "sent" is when KIE made the
    task, and "completed" hours later read as a generate of hours. The detail says when
    the task id was given; its Duration (``--json``) is KIE's time on the task."""
    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a fox found later"))
        ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
        ledger.transition(job.id, JobState.UNKNOWN, error_kind="outcome_unknown")
        given = 1_700_010_800.0
        ledger.transition(
            job.id,
            JobState.GENERATING,
            task_id="t9",
            submitted_at=given - 10_800,
            task_given_at=given,
        )
        ledger.transition(job.id, JobState.DOWNLOADING, task_seconds=14.5)
        ledger.transition(job.id, JobState.COMPLETED, completed_at=given + 20.0)
    finally:
        ledger.close()
    row, text = listed(capsys, "jobs", str(job.id))
    assert (row["task_given_at"], row["duration_s"]) == (given, 14.5)
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(given))
    assert f"  task ID given: {when}" in text.splitlines()


def test_jobs_json_says_which_are_starred(app_home, capsys):
    """Before: `jobs --starred --json` listed the starred ones, but a job's object did not
    say whether it was: a script listing the whole library could not tell them apart."""
    from kontext_studio import cli

    a_library_of_states()
    assert cli.main(["jobs", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {job["id"]: job["starred"] for job in listed} == {
        6: True,
        5: False,
        4: False,
        3: False,
        2: False,
        1: False,
    }
    assert cli.main(["jobs", "6", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["starred"] is True


def test_jobs_with_a_number_shows_its_description_tags_and_star(app_home, capsys):
    """What the window's preview shows of an artwork the artist organised: before, `jobs ID`
    said nothing of its description, tags or star, and its JSON had neither description nor
    tags, so a script could not tell what an artwork was tagged with."""
    from kontext_studio import cli
    from kontext_studio.config import Paths
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        sketch = ledger.create_upload(
            file_path=library_image("fox.png"),
            sha256="s",
            title="狐狸素描",
            description="for the winter show\nsecond draft",
            tags="Fox, 草图",
        )
        ledger.update(sketch.id, starred=True)
        plain = ledger.create_job(GenerateRequest("a heron in reeds"))
    finally:
        ledger.close()
    assert cli.main(["jobs", str(sketch.id)]) == 0
    details = capsys.readouterr().out.splitlines()[1:]
    assert details[:4] == [
        "  source: imported",
        "  description: for the winter show second draft",
        "  tags: Fox, 草图",
        "  starred: yes",
    ]
    assert cli.main(["jobs", str(sketch.id), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["description"], shown["tags"]) == (
        "for the winter show\nsecond draft",
        ["Fox", "草图"],
    )

    assert cli.main(["jobs", str(plain.id)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert not [line for line in lines if line.startswith(("  description", "  tags", "  starred"))]
    assert cli.main(["jobs", str(plain.id), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["description"], shown["tags"]) == ("", [])


def test_jobs_lists_by_the_window_s_state_filter_starred_and_a_limit(app_home, capsys):
    """Before: `jobs` had only --search: a library of 3000 artworks printed 3000 lines, and
    its failed or starred ones could be found only in the window. Now --state takes the
    window's filter names (failed: failed, timed out or unknown, as the window's), more than
    once; --starred and --search narrow it further; --limit N lists the N newest and says
    on stderr how many more there are, the --json list on stdout staying the list alone."""
    from kontext_studio import cli

    a_library_of_states()
    assert listed_ids(capsys, "--state", "failed") == ([4, 3, 2], "")
    assert listed_ids(capsys, "--state", "failed", "--state", "cancelled") == ([5, 4, 3, 2], "")
    assert listed_ids(capsys, "--state", "active") == ([6, 1], "")
    assert listed_ids(capsys, "--state", "active", "--search", "snow") == ([6], "")
    assert listed_ids(capsys, "--starred") == ([6], "")
    assert listed_ids(capsys, "--limit", "2") == (
        [6, 5],
        "4 more jobs are not listed (--limit 2).\n",
    )
    assert listed_ids(capsys, "--state", "failed", "--limit", "2") == (
        [4, 3],
        "1 more job is not listed (--limit 2).\n",
    )
    assert listed_ids(capsys, "--limit", "6") == ([6, 5, 4, 3, 2, 1], "")
    assert listed_ids(capsys, "--state", "completed") == ([], "")
    assert cli.main(["jobs", "--limit", "1"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("job 6: queued") and len(out.splitlines()) == 1
    assert err == "5 more jobs are not listed (--limit 1).\n"
    assert cli.main(["jobs", "--state", "completed"]) == 0
    assert capsys.readouterr() == (
        "",
        "No job in the library matches --state completed.\n",
    )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--starred"], "No job in the library matches --starred.\n"),
        (
            ["--state", "completed", "--state", "cancelled", "--starred"],
            "No job in the library matches --state completed --state cancelled --starred.\n",
        ),
        (
            ["--search", "wolf", "--state", "failed"],
            'Nothing in the library matches "wolf" with --state failed.\n',
        ),
    ],
)
def test_jobs_that_lists_nothing_names_the_options_that_narrowed_it(app_home, capsys, args, words):
    """Before: `jobs --starred` in a library with nothing starred said "No job in the library
    is of the --state or --starred asked.", naming a --state never typed, and `--search wolf
    --state failed` the same of a --starred never typed. Now it names those given."""
    from kontext_studio import cli

    a_library_with("a red fox at dawn", "a wolf")
    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        ledger.transition(2, JobState.CANCELLED)
    finally:
        ledger.close()
    assert cli.main(["jobs", *args]) == 0
    assert capsys.readouterr() == ("", words)


def test_the_jobs_a_limit_leaves_out_are_counted_in_the_library_the_list_was_read_from(
    app_home, capsys, monkeypatch
):
    """Before: `jobs --limit N` read its list, then counted what it left out in a second
    read, so a job the window deleted (or finished, or added) in between was counted as the
    library was after: the list said jobs 6 and 5, and "3 more jobs are not listed" where 4
    (jobs 4 to 1) were. Now both are read from one view of the library."""
    from kontext_studio.store.ledger import Ledger

    a_library_of_states()
    search = Ledger.search

    def search_then_the_window_deletes(self: Ledger, *args: Any, **kwargs: Any) -> Any:
        rows = search(self, *args, **kwargs)
        window = Ledger.open(Paths.from_env().database)
        try:
            window.delete(rows[0].id)
        finally:
            window.close()
        return rows

    monkeypatch.setattr(Ledger, "search", search_then_the_window_deletes)
    assert listed_ids(capsys, "--limit", "2") == (
        [6, 5],
        "4 more jobs are not listed (--limit 2).\n",
    )


def test_the_chinese_help_of_jobs_names_the_window_s_filter_and_star_as_the_window_does(
    app_home, capsys, monkeypatch
):
    """Before: the Chinese `jobs --help` said --state shows what the window's filter "of the
    same name" (同名) shows, but the Chinese window names its filters 进行中, 已完成, 失败 /
    超时 / 未知 and 已取消, none of them "active" or "failed"; and --starred spoke of 星标,
    where the window stars with 收藏 and filters with ★ 已收藏."""
    from kontext_studio import i18n

    if i18n.find_tool("lrelease") is None:
        pytest.skip("no lrelease")
    monkeypatch.setenv("KONTEXT_STUDIO_LANG", "zh_CN")
    try:
        said = command_help(capsys, monkeypatch, "jobs")
        labels = {
            name: i18n.translate("LibraryPanel", label)
            for name, label in (
                ("active", "Active"),
                ("completed", "Completed"),
                ("failed", "Failed / timed out / unknown"),
                ("cancelled", "Cancelled"),
            )
        }
        starred = i18n.translate("LibraryPanel", "★ Starred")
    finally:
        i18n.install(None)
    assert labels["active"] != "Active" and starred != "★ Starred"  # the window's Chinese
    for name, label in labels.items():
        assert f"{name}：“{label}”" in said
    assert f"“{starred}”" in said and "星标" not in said


EVERY_HELP = [
    [],
    *([name] for name in SUBCOMMANDS),
    *(["key", action] for action in ("set", "remove", "status", "test")),
]
"""The command line of every help there is: the program's, each command's, each key action's."""


def help_at(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    arguments: list[str],
    narrow: int = 80,
) -> dict[int, str]:
    """The help of ``arguments`` at ``narrow`` columns and at 400, in the language set."""
    from kontext_studio import cli

    said = {}
    for columns in (narrow, 400):
        monkeypatch.setenv("COLUMNS", str(columns))
        with pytest.raises(SystemExit):
            cli.main([*arguments, "--help"])
        said[columns] = capsys.readouterr().out
    return said


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("arguments", EVERY_HELP, ids=lambda words: " ".join(words) or "program")
def test_every_help_fits_80_columns_and_cuts_no_word_nor_command(
    app_home, capsys, monkeypatch, language, arguments
):
    """Before, at 80 columns: `generate --help`'s usage ran to 85 columns with --model's
    long names; in English, `generate --help` and `cancel --help` cut "`kontext-" /
    "studio key status`" at its hyphen, and the exit codes cut "`resume" / "--demo`": a
    command to copy, in two pieces. Every help, in English and in Chinese, fits 80 columns
    (its usage lines too), breaks no word, and keeps each `command` on one line."""
    from kontext_studio import i18n

    if language != "en" and i18n.find_tool("lrelease") is None:
        pytest.skip("no lrelease")
    monkeypatch.setenv("KONTEXT_STUDIO_LANG", language)
    try:
        said = help_at(capsys, monkeypatch, arguments)
    finally:
        i18n.install(None)
    lines = said[80].splitlines()
    wide = [
        line
        for line in lines
        if sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line) > 80
    ]
    assert wide == []
    words = re.compile(r"[A-Za-z][\w-]*")
    assert set(words.findall(said[80])) <= set(words.findall(said[400]))
    assert [line for line in lines if line.count("`") % 2] == []


@pytest.mark.parametrize("arguments", EVERY_HELP, ids=lambda words: " ".join(words) or "program")
def test_a_help_in_a_narrow_terminal_keeps_each_command_whole(
    app_home, capsys, monkeypatch, arguments
):
    """Before, at 40 columns (a terminal split in two), `details --help` cut a command
    wider than its help's column: "`kontext-studio jobs" / "` shows it". A command wider
    than the line stands whole on a line of its own, as a Chinese help keeps it, and no
    word is cut."""
    said = help_at(capsys, monkeypatch, arguments, narrow=40)
    words = re.compile(r"[A-Za-z][\w-]*")
    assert set(words.findall(said[40])) <= set(words.findall(said[400]))
    assert [line for line in said[40].splitlines() if line.count("`") % 2] == []


@pytest.mark.parametrize("command", ["generate", "jobs", "cancel", "attach"])
def test_the_chinese_help_fits_the_terminal_and_breaks_no_english_word(
    app_home, capsys, monkeypatch, command
):
    """Before: argparse wraps help by characters, and a Chinese character takes two columns:
    at 80 columns `generate --help` in Chinese ran to 131, and the lines of `jobs --help`
    and the list of commands broke "failed" and "kontext-studio" in the middle ("fai" /
    "led"). Now the help wraps at the terminal's columns, between Chinese characters or at
    spaces, never inside a word."""
    from kontext_studio import cli, i18n

    if i18n.find_tool("lrelease") is None:
        pytest.skip("no lrelease")
    monkeypatch.setenv("KONTEXT_STUDIO_LANG", "zh_CN")
    arguments = [command, "--help"] if command != "attach" else ["--help"]  # the list
    said = {}
    try:
        for columns in (80, 400):
            monkeypatch.setenv("COLUMNS", str(columns))
            with pytest.raises(SystemExit):
                cli.main(arguments)
            said[columns] = capsys.readouterr().out
    finally:
        i18n.install(None)
    lines = [line for line in said[80].splitlines() if "{" not in line]  # argparse's choices
    assert not all(line.isascii() for line in lines)  # in Chinese
    wide = [
        line
        for line in lines
        if sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line) > 80
    ]
    assert wide == []
    words = re.compile(r"[A-Za-z][\w-]*")
    assert set(words.findall(said[80])) <= set(words.findall(said[400]))


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("command", ["generate", "jobs"])
def test_the_usage_lines_line_up_under_the_first_in_chinese_too(
    app_home, capsys, monkeypatch, language, command
):
    """Before: in Chinese the usage's wrapped lines stood 3 columns left of the first's
    options: argparse indents them by the characters of "用法：", 3, where the terminal
    gives them 6 columns. In the help and in a refusal, they start under the first option."""
    from kontext_studio import cli, i18n

    if language != "en" and i18n.find_tool("lrelease") is None:
        pytest.skip("no lrelease")
    monkeypatch.setenv("KONTEXT_STUDIO_LANG", language)
    monkeypatch.setenv("COLUMNS", "80")
    try:
        with pytest.raises(SystemExit):
            cli.main([command, "--help"])
        helped = capsys.readouterr().out
        with pytest.raises(SystemExit):
            cli.main([command, "--no-such-option"])
        refused = capsys.readouterr().err
    finally:
        i18n.install(None)
    for said in (helped, refused):
        first, *after = said.splitlines()
        wrapped = list(itertools.takewhile(lambda line: line.startswith(" "), after))
        assert wrapped, said
        before_options = first[: first.index("[-h]")]
        columns = sum(
            2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in before_options
        )
        assert [len(line) - len(line.lstrip(" ")) for line in wrapped] == [columns] * len(
            wrapped
        ), said


def test_the_chinese_settings_not_used_are_listed_with_the_enumeration_comma(tmp_path):
    """Before: the Chinese words of settings that could not be used listed them as
    "language, r2", an English comma in a Chinese sentence; Chinese lists names with "、"."""
    home = tmp_path / "home"
    settings_file = home / "config" / "settings.json"
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(json.dumps({"r2": "my bucket", "language": "chinese"}))
    proc = subprocess.run(
        [sys.executable, "-m", "kontext_studio", "jobs"],
        env={**cli_env(home, None), "KONTEXT_STUDIO_LANG": "zh_CN"},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    (said,) = settings_said(proc.stderr)
    assert "：language、r2。" in said, said


def test_the_chinese_jobs_speaks_of_stderr_and_a_bad_limit_as_the_other_commands_do(
    app_home, capsys, monkeypatch
):
    """Before: the Chinese help of `jobs --limit` said "stderr" where the help of --json
    beside it says 标准错误, and `--limit 0` was refused with "从 1 起的整数" (a whole number
    from 1 up) where every other number refused says 须为 … 的整数 (must be …)."""
    from kontext_studio import cli, i18n

    if i18n.find_tool("lrelease") is None:
        pytest.skip("no lrelease")
    monkeypatch.setenv("KONTEXT_STUDIO_LANG", "zh_CN")
    try:
        said = command_help(capsys, monkeypatch, "jobs")
        with pytest.raises(SystemExit):
            cli.main(["jobs", "--limit", "0"])
    finally:
        i18n.install(None)
    assert "stderr" not in said and "只列出最新的 N 个；标准错误会说明还有多少个未列出" in said
    assert "参数 --limit：须为从 1 起的整数" in capsys.readouterr().err


def test_the_chinese_import_names_a_file_it_refused_as_it_names_one_it_added(
    app_home, capsys, monkeypatch, tmp_path
):
    """Before: a file `import` refused was said "/…/无.png: 图片文件不见了。", its colon the
    English one, where a file added is said "/…/山水.png：已导入为作品 1": the line was put
    together outside the catalogue."""
    from kontext_studio import cli, i18n

    if i18n.find_tool("lrelease") is None:
        pytest.skip("no lrelease")
    image = tmp_path / "山水.png"
    Image.new("RGB", (32, 32)).save(image)
    missing = tmp_path / "无.png"
    monkeypatch.setenv("KONTEXT_STUDIO_LANG", "zh_CN")
    try:
        assert cli.main(["import", str(image), str(missing)]) == 1
    finally:
        i18n.install(None)
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"{image}：已导入为作品 1"]
    assert err.splitlines() == [f"{missing}：图片文件不见了。原因：无.png 不存在。"]


def test_the_chinese_jobs_quotes_a_title_as_chinese_does(app_home, capsys, monkeypatch, tmp_path):
    """Before: `jobs` in Chinese listed '任务 1：已完成 "山水" -> …', in English quotes, where
    `details` and `import` quote a title “山水”."""
    from kontext_studio import cli, i18n

    if i18n.find_tool("lrelease") is None:
        pytest.skip("no lrelease")
    image = tmp_path / "山水.png"
    Image.new("RGB", (32, 32)).save(image)
    assert cli.main(["import", str(image)]) == 0
    capsys.readouterr()
    monkeypatch.setenv("KONTEXT_STUDIO_LANG", "zh_CN")
    try:
        assert cli.main(["jobs"]) == 0
    finally:
        i18n.install(None)
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("任务 1：已完成 “山水” -> ")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--state", "done"], "argument --state: invalid choice: 'done'"),
        (["--limit", "0"], "argument --limit: a whole number from 1 up"),
        (["--limit", "ten"], "argument --limit: a whole number from 1 up"),
        (["1", "--limit", "3"], "a job's number and --limit do not go together"),
        (["1", "--state", "failed"], "a job's number and --state do not go together"),
    ],
)
def test_jobs_refuses_a_bad_state_or_limit_as_bad_input(app_home, capsys, args, words):
    from kontext_studio import cli

    a_library_with("a red fox at dawn")
    with pytest.raises(SystemExit) as refused:
        cli.main(["jobs", *args, "--json"])
    assert refused.value.code == 2
    out, err = capsys.readouterr()
    answer = json.loads(out)
    assert (answer["status"], answer["kind"]) == ("error", "invalid_input")
    assert words in answer["message"] and words in err


def test_nothing_to_list_is_said_on_stderr_and_stdout_holds_only_jobs(tmp_path):
    """Before: "The library is empty.", "Nothing in the library matches …" and "No unfinished
    jobs." came on stdout, so `kontext-studio jobs | wc -l` counted 1 job in an empty
    library. With --json stdout is the empty list."""
    for args in (["jobs"], ["jobs", "--search", "zzz"], ["resume", "--demo"]):
        proc = run_process(tmp_path, None, *args)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == "", args
        assert proc.stderr.strip() in (
            "The library is empty.",
            'Nothing in the library matches "zzz".',
            "No unfinished jobs.",
        )
        listed = run_process(tmp_path, None, *args, "--json")
        assert listed.returncode == 0, listed.stderr
        assert json.loads(listed.stdout) == []


def test_jobs_json_says_which_jobs_are_demo_jobs(app_home, capsys):
    """Before: nothing in ``jobs --json`` told a demo job (resumed only by ``resume --demo``,
    never charged) from a live one."""
    from kontext_studio import cli

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        ledger.create_job(GenerateRequest("a live fox"))
        ledger.create_job(GenerateRequest("a demo fox"), simulated=True)
    finally:
        ledger.close()
    assert cli.main(["jobs", "--json"]) == 0
    listed = {row["prompt"]: row["demo"] for row in json.loads(capsys.readouterr().out)}
    assert listed == {"a live fox": False, "a demo fox": True}


def test_jobs_says_an_image_whose_file_was_deleted_is_missing(app_home, tmp_path, capsys):
    """Before: ``job 1: completed "a fox" -> /path/fox.png``, a path to nothing."""
    from kontext_studio import cli

    kept, gone = tmp_path / "kept.png", tmp_path / "gone.png"
    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        for path in (kept, gone):
            Image.new("RGB", (8, 8)).save(path)
            job = ledger.create_job(GenerateRequest(f"a fox {path.stem}"))
            ledger.transition(job.id, JobState.SUBMITTING)
            ledger.transition(job.id, JobState.GENERATING, task_id=f"t{job.id}")
            ledger.transition(job.id, JobState.DOWNLOADING)
            ledger.transition(job.id, JobState.COMPLETED, file_path=str(path))
    finally:
        ledger.close()
    gone.unlink()
    assert cli.main(["jobs"]) == 0
    gone_line, kept_line = capsys.readouterr().out.splitlines()  # the newest first
    assert kept_line.endswith(f'"a fox kept" -> {kept}')
    assert gone_line.endswith(f'"a fox gone" - its image file is missing (it was {gone})')


# --json: the last stdout line is a JSON object, also for a refusal by argparse or Ctrl+C.


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["generate", "a fox", "--ratio", "16:21", "--json"], "invalid choice"),
        (["generate", "a fox", "--safety", "9", "--json"], "a whole number from 0 to 6"),
        (["generate", "a fox", "--image", "c.png", "--safety", "4", "--json"], "0 to 2"),
        (["jobs", "--json", "--no-such-option"], "unrecognized arguments"),
        (["retry", "--json"], "required"),
    ],
)
def test_a_refusal_by_argparse_is_still_a_json_line(tmp_path, args, reason):
    proc = run_process(tmp_path, None, *args, timeout=60)
    assert proc.returncode == 2
    assert reason in proc.stderr and "usage:" in proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["status"] == "error" and result["kind"] == "invalid_input"
    assert reason in result["message"]


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["generate", "a fox", "--ration", "16:9"], "generate"),
        (["jobs", "--js"], "jobs"),
        (["import", "cat.png", "--tag", "a"], "import"),
        (["simulator", "--latency", "1"], "simulator"),
    ],
)
def test_an_unknown_option_is_refused_with_the_usage_of_its_command(tmp_path, args, command):
    """Before: `generate "a fox" --ration 16:9` was refused with the usage of
    `kontext-studio` itself (its list of commands) and "kontext-studio: error:", where every
    other refusal of generate's options shows generate's own usage, its options to choose
    from."""
    proc = run_process(tmp_path, None, *args, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"usage: kontext-studio {command} [-h]")
    unknown = args[-2] if args[-1] in ("16:9", "a", "1") else args[-1]
    assert f"kontext-studio {command}: error: unrecognized arguments: {unknown}" in proc.stderr


@pytest.mark.parametrize(
    ("args", "command", "refusal"),
    [
        (["jobs", "--serach", "fox"], "jobs", "--serach (did you mean --search?)"),
        (["jobs", "--stat", "active"], "jobs", "--stat (did you mean --state?)"),
        (["generate", "--modle", "max", "a fox"], "generate", "--modle (did you mean --model?)"),
        (["retry", "3", "--ys"], "retry", "--ys (did you mean --yes?)"),
        (["jobs", "--no-such-option"], "jobs", "--no-such-option"),
    ],
)
def test_a_mistyped_option_is_named_with_the_option_meant(tmp_path, args, command, refusal):
    """Before: the word after a mistyped option was taken for the command's argument, so
    `jobs --serach fox` was refused as "argument ID: not a job number" and `generate --modle
    max "a fox"` took "max" for the prompt and named "a fox" as not recognized. Now the
    mistyped option is named, with the option it is close to."""
    proc = run_process(tmp_path, None, *args, "--json", timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1] == (
        f"kontext-studio {command}: error: unrecognized arguments: {refusal}"
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["message"] == f"unrecognized arguments: {refusal}"


def test_a_refusal_by_argparse_is_english_in_json_and_translated_on_stderr(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "kontext_studio", "generate", "x", "--safety", "9", "--json"],
        env={**cli_env(tmp_path, None), "KONTEXT_STUDIO_LANG": "zh_CN"},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 2
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["message"] == "argument --safety: a whole number from 0 to 6"
    assert "整数" in proc.stderr


def test_ctrl_c_with_json_still_ends_with_a_json_line(tmp_path, slow_simulator):
    sim = slow_simulator
    sim.update(latency_s=(30.0, 30.0))
    proc = start_generate(tmp_path, sim, "interrupted while generating")
    wait_for(lambda: job_states(tmp_path) == ["generating"])
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    result = json.loads(out.strip().splitlines()[-1])
    assert result["status"] == "error" and result["kind"] == "interrupted"
    assert "kontext-studio resume" in result["message"]
    assert result["id"] == job_ids(tmp_path)[0], "names the job it stopped waiting for"
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["generate", "resume"])
def test_ctrl_c_while_sending_waits_for_kie_s_answer_so_the_job_is_not_left_unknown(
    tmp_path, slow_simulator, command
):
    """Before: Ctrl+C cut the generate request off mid-way; the job was left "submitting",
    and the next command called it unknown: "it may have been charged", resubmit to pay
    twice. KIE had made the task, and its answer came a moment later."""
    sim = slow_simulator
    sim.update(generate_delay_s=2.0)
    prompt = f"interrupted while {command} sends it"
    if command == "generate":
        proc = start_generate(tmp_path, sim, prompt)
    else:
        ledger = Ledger.open(tmp_path / "data" / "library.sqlite3")
        ledger.create_job(GenerateRequest(prompt).validated())
        ledger.close()
        proc = subprocess.Popen(
            [sys.executable, "-m", "kontext_studio", "resume", "--json"],
            env=cli_env(tmp_path, sim),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
    wait_for(lambda: sim.generate_count(prompt) == 1)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert json.loads(out.strip().splitlines()[-1])["kind"] == "interrupted"
    assert "waits a moment for its answer" in err
    assert job_states(tmp_path) == ["generating"]

    sim.update(generate_delay_s=0.0)
    code, results, _ = run_cli(tmp_path, sim, "resume", "--json")
    assert code == 0, results
    assert [r["status"] for r in results] == ["completed"]
    assert sim.generate_count(prompt) == 1


@pytest.mark.parametrize(
    ("stop", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["INT", "TERM"]
)
def test_timeout_s_stop_sent_twice_at_once_is_one_stop_that_waits_for_kie_s_answer(
    tmp_path, slow_simulator, stop, code
):
    """`timeout -s INT 60 kontext-studio generate ...` (and plain `timeout 60`) sends its
    signal to the command and then, at once, to its process group: the command again.
    Before: about one run in ten heard the copy as a second Ctrl+C, which stops at once: the
    request being sent was cut off, the job left "submitting" (unknown to the next
    command), and the words were those of a close cut short, naming no job."""
    sim = slow_simulator
    sim.update(generate_delay_s=2.0)
    prompt = f"stopped by timeout's {stop.name}"
    proc = start_generate(tmp_path, sim, prompt)
    wait_for(lambda: sim.generate_count(prompt) == 1)
    proc.send_signal(stop)
    time.sleep(0.02)  # the first heard, as when the command runs between timeout's two kills
    proc.send_signal(stop)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == code, err
    job = job_ids(tmp_path)[0]
    assert json.loads(out.strip().splitlines()[-1])["message"] == (
        f"Interrupted; job {job} was left unfinished: `kontext-studio resume` carries it on."
    )
    assert job_states(tmp_path) == ["generating"]


@pytest.mark.parametrize(
    ("stop", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)], ids=["SIGTERM", "SIGHUP"]
)
def test_sigterm_or_a_closed_terminal_while_sending_waits_for_kie_s_answer_as_ctrl_c_does(
    tmp_path, slow_simulator, stop, code
):
    """Before: SIGTERM (``timeout 60 kontext-studio generate ...``, ``kill``) and SIGHUP (the
    terminal closed) ended the command outright, the generate request cut off: the job was
    left "submitting", and the next command called it unknown, "it may have been charged".
    Now they are Ctrl+C's: KIE's answer is waited for, and the exit code is 128 + the signal.
    For SIGHUP the command's terminal has gone: stdout and stderr write into one whose other
    end was closed (EIO)."""
    sim = slow_simulator
    sim.update(generate_delay_s=2.0)
    prompt = f"stopped by {stop.name} while it is sent"
    controller, terminal = os.openpty()
    hangs_up = stop is signal.SIGHUP
    proc = subprocess.Popen(
        [sys.executable, "-m", "kontext_studio", "generate", prompt, "--json"],
        env=cli_env(tmp_path, sim),
        stdout=terminal if hangs_up else subprocess.PIPE,
        stderr=terminal,
        text=True,
        cwd=ROOT,
    )
    os.close(terminal)
    try:
        wait_for(lambda: sim.generate_count(prompt) == 1)
        if hangs_up:
            os.close(controller)  # the terminal window closed
        proc.send_signal(stop)
        out, _ = proc.communicate(timeout=30)
    finally:
        if not hangs_up:
            os.close(controller)
    assert proc.returncode == code
    if not hangs_up:
        result = json.loads(out.strip().splitlines()[-1])
        assert result["kind"] == "interrupted" and result["id"] == job_ids(tmp_path)[0]
    assert job_states(tmp_path) == ["generating"]

    sim.update(generate_delay_s=0.0)
    resumed, results, _ = run_cli(tmp_path, sim, "resume", "--json")
    assert resumed == 0, results
    assert [r["status"] for r in results] == ["completed"]
    assert sim.generate_count(prompt) == 1


def test_a_stop_signal_as_the_command_starts_ends_it_without_a_word_of_python_s(
    app_home, monkeypatch, capsys
):
    """SIGTERM (or Ctrl+C) while asyncio.run makes its loop, the command's task not yet
    started. Before: the KeyboardInterrupt left the command's coroutines never awaited,
    and Python said so on the terminal ("RuntimeWarning: coroutine '_generate' was never
    awaited", "Enable tracemalloc to get the object allocation traceback")."""
    from kontext_studio import cli

    real_run = asyncio.run

    def run_stopped_at_start(main: Coroutine[Any, Any, int]) -> int:
        signal.raise_signal(signal.SIGTERM)
        return real_run(main)

    monkeypatch.setattr(asyncio, "run", run_stopped_at_start)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code = cli.main(["jobs", "--json"])
        gc.collect()  # where a coroutine never awaited says so
    assert code == 143
    out, err = capsys.readouterr()
    assert json.loads(out.splitlines()[-1])["kind"] == "interrupted"
    assert err == "Interrupted; nothing was changed.\n"  # `jobs` starts no job
    assert [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)] == []


@pytest.mark.parametrize("arguments", [["jobs"], ["jobs", "--json"], ["jobs", "1"]])
def test_ctrl_c_while_jobs_prints_its_listing_is_no_traceback(
    app_home, monkeypatch, capsys, arguments
):
    """`jobs` reads and prints at once, awaiting nothing. Before: a Ctrl+C while it printed
    (a long library) let it print all and then ended in Python's traceback of a
    CancelledError, exit code 1. The listing is whole and said: it ends as listed."""
    from kontext_studio import cli
    from kontext_studio.cli import job_output, jobs

    a_library_with("a red fox at dawn", "a lighthouse")
    said: list[int] = []

    def ctrl_c_as_it_says_the_first(words_of: Callable[..., Any]) -> Callable[..., Any]:
        def saying(snap: Snapshot, **options: Any) -> Any:
            said.append(snap.id)
            if len(said) == 1:  # once: a second Ctrl+C stops at once
                signal.raise_signal(signal.SIGINT)
            return words_of(snap, **options)

        return saying

    monkeypatch.setattr(job_output, "job_line", ctrl_c_as_it_says_the_first(job_output.job_line))
    monkeypatch.setattr(jobs, "job_json", ctrl_c_as_it_says_the_first(jobs.job_json))
    assert cli.main(arguments) == 0
    assert said  # the Ctrl+C came as it said the first
    out, err = capsys.readouterr()
    assert err == ""
    if "--json" in arguments:
        assert [row["prompt"] for row in json.loads(out)] == ["a lighthouse", "a red fox at dawn"]
    else:
        assert "a red fox at dawn" in out


@pytest.mark.parametrize("signals", [1, 2], ids=["one signal", "two signals"])
def test_a_stop_signal_after_the_command_s_result_adds_no_interrupted_line(
    app_home, monkeypatch, capsys, signals
):
    """SIGTERM (or Ctrl+C) once the command has returned, while asyncio closes and waits for
    its worker threads. Before: the command, done, still reported "interrupted": a second
    --json line after its result, which a script reading the last line took for the
    outcome, and exit 143. Now the first signal lets the close finish, a second cuts it
    short; either way the result stands alone, with its own exit code."""
    from kontext_studio import cli

    real_run = asyncio.run

    def run_signalled_as_it_closes(main: Coroutine[Any, Any, int]) -> int:
        async def command_then_late_signals() -> int:
            task = asyncio.current_task()
            assert task is not None

            def late() -> None:  # a worker thread asyncio's close waits for
                while not task.done():
                    time.sleep(0.005)
                for _ in range(signals):
                    os.kill(os.getpid(), signal.SIGTERM)
                    time.sleep(0.2)

            asyncio.get_running_loop().run_in_executor(None, late)
            return await main

        return real_run(command_then_late_signals())

    a_library_with("a red fox at dawn")
    monkeypatch.setattr(asyncio, "run", run_signalled_as_it_closes)
    assert cli.main(["jobs", "--json"]) == 0
    out, err = capsys.readouterr()
    (line,) = out.splitlines()
    assert [job["prompt"] for job in json.loads(line)] == ["a red fox at dawn"]
    assert err == ""


def test_a_close_cut_short_keeps_the_failure_a_worker_thread_s_bug_made(
    app_home, monkeypatch, capfd
):
    """A worker thread of a command run with --json ends in a bug, so its line says the
    command failed; then two stop signals cut short asyncio's close (a worker thread still
    running). The exit code says the failure its line said. Before, it was 0, under an
    error line: a script reading the code took the command for a success."""
    from kontext_studio import cli

    def fall_over() -> None:
        raise RuntimeError("an internal detail")

    real_run = asyncio.run

    def run_signalled_as_it_closes(main: Coroutine[Any, Any, int]) -> int:
        async def command_then_late_signals() -> int:
            task = asyncio.current_task()
            assert task is not None

            def late() -> None:  # a worker thread asyncio's close waits for
                while not task.done():
                    time.sleep(0.005)
                for _ in range(2):
                    os.kill(os.getpid(), signal.SIGTERM)
                    time.sleep(0.2)

            asyncio.get_running_loop().run_in_executor(None, late)
            return await main

        return real_run(command_then_late_signals())

    _listing_beside(monkeypatch, lambda: _in_a_worker(fall_over))
    monkeypatch.setattr(asyncio, "run", run_signalled_as_it_closes)
    assert cli.main(["jobs", "--json"]) == 1
    out, err = capfd.readouterr()
    assert json.loads(out)["message"] == "Something went wrong."
    assert err.splitlines() == ONE_LINE_OF_A_BUG


# jobs: a cancelled job reads as cancelled; each line names its job in a few words.


def test_a_cancelled_job_shows_its_note_plainly(app_home, capsys):
    from kontext_studio import cli
    from kontext_studio.config import Paths
    from kontext_studio.jobs.notes import CANCEL_NOTE
    from kontext_studio.jobs.states import JobState
    from kontext_studio.store.ledger import Ledger

    a_library_with("a red fox at dawn")
    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        ledger.transition(1, JobState.SUBMITTING)
        ledger.transition(1, JobState.CANCELLED, error_kind="", error_message=CANCEL_NOTE)
    finally:
        ledger.close()
    assert cli.main(["jobs"]) == 0
    assert capsys.readouterr().out == f'job 1: cancelled "a red fox at dawn" - {CANCEL_NOTE}\n'
    assert cli.main(["jobs", "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["message"] == CANCEL_NOTE


DEMO_NOTES = {
    "CANCEL_NOTE": "Stopped tracking. The demo server, like KIE, has no cancel call, so it may "
    "still finish the job. A demo job uses no real credits: only the demo balance goes down.",
    "LATE_TASK_NOTE": "Stopped tracking, but the demo server had already taken the job, so the "
    "demo balance went down for it (no real credits). Retry fetches the image without lowering "
    "it again.",
    "NOT_SENT_NOTE": "Stopped before it reached the demo server: nothing was sent, and the demo "
    "balance did not go down.",
    "NOT_SENT_UPLOADED_NOTE": "Stopped before it reached the demo server: only the reference "
    "image was uploaded to it, and the demo balance did not go down.",
    "NOT_TAKEN_NOTE": "Stopped tracking. The demo server did not take the job, so the demo "
    "balance did not go down.",
    "REFUSED_NOTE": "Stopped tracking. The demo server turned the job away and made no image; "
    "the demo balance may or may not have gone down for it.",
    "NOT_SENT_AGAIN_NOTE": "Stopped before this send reached the demo server, so it did not "
    "lower the demo balance; an earlier send of the job may have.",
    "NOT_SENT_AGAIN_UPLOADED_NOTE": "Stopped before this send reached the demo server: only the "
    "reference image was uploaded to it, so it did not lower the demo balance; an earlier send "
    "of the job may have.",
    "NOT_TAKEN_AGAIN_NOTE": "Stopped tracking. The demo server did not take this send, so it "
    "did not lower the demo balance; an earlier send of the job may have.",
}


@pytest.mark.parametrize(("note", "shown"), DEMO_NOTES.items())
def test_a_cancelled_demo_job_s_note_speaks_of_the_demo_server_not_of_kie_s_credits(
    app_home, capsys, note, shown
):
    """Before: a demo job cancelled in demo mode listed "KIE has no cancel call, so credits
    may still be spent" (or that KIE took it and its credits are spent, or that nothing was
    charged by KIE): a demo job never goes to KIE and uses no real credits."""
    from kontext_studio import cli
    from kontext_studio.jobs import notes

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a demo fox"), simulated=True)
        ledger.transition(job.id, JobState.CANCELLED, error_message=getattr(notes, note))
    finally:
        ledger.close()
    assert cli.main(["jobs"]) == 0
    assert capsys.readouterr().out == f'job 1: cancelled "a demo fox" - {shown}\n'
    assert cli.main(["jobs", "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["message"] == shown


_DECOMPOSED_KOREAN = unicodedata.normalize("NFD", "한국 ")  # "Korea", as a Mac names a file


@pytest.mark.parametrize(
    ("prompt", "shown"),
    [
        ("a red fox at dawn", '"a red fox at dawn"'),
        ("a red\tfox  at dawn\nby the sea", '"a red fox at dawn"'),  # its first line, as a title
        ("a fox " * 20, '"a fox a fox a fox a fox a fox a fox a f…"'),  # 40 columns
        ("一只" * 40, '"' + "一只" * 9 + '一…"'),  # wide characters take two columns
        # Direction marks take none: each cut a character more off the title.
        ("a fox\u200f " * 20, '"\u2068' + "a fox\u200f " * 6 + 'a f…\u2069"'),
        # A soft hyphen is drawn a column wide: taken for none, the line ran past 40.
        ("a\xadfox " * 20, '"' + "a\xadfox " * 6 + 'a\xadf…"'),
        # A decomposed Korean syllable (a Mac's file name) takes two: before, four, cut at half.
        (_DECOMPOSED_KOREAN * 20, '"' + (_DECOMPOSED_KOREAN * 8).rstrip() + '…"'),
        # Before: the escape sequences reached the terminal, which cleared and recoloured.
        ("a fox\x1b[2J\x1b[31m in red", '"a fox?[2J?[31m in red"'),
        # A red heart (U+FE0F: emoji style) takes two: before, one, and the title ran to 78.
        ("\u2764\ufe0f" * 30, '"' + "\u2764\ufe0f" * 19 + '…"'),
        # A right-to-left override is written as it is, in the title's isolation, and takes
        # none: counted as a file name's escape ("\u202e", six), each cut six more off.
        ("a fox\u202e " * 20, '"\u2068' + "a fox\u202e " * 6 + "a f…" + "\u202c" * 6 + '\u2069"'),
    ],
)
def test_jobs_names_each_job_in_a_short_title(app_home, capsys, prompt, shown):
    from kontext_studio import cli

    a_library_with(prompt)
    assert cli.main(["jobs"]) == 0
    left = " - Nothing carries it on now: `kontext-studio resume` does."  # nothing runs it
    assert capsys.readouterr().out == f"job 1: queued {shown}{left}\n"


def test_jobs_tells_the_images_of_one_generate_apart_by_their_place(app_home, capsys):
    """Before: the images of one generate of three read alike in `jobs`, "a red fox at
    dawn in a misty forest, wa…" each, where the window's tiles say "· 1 of 3" and
    "· 3 of 3". The list says their place in the window's words, and so does --json; one
    the artist titled is named by its title alone, as its tile is."""
    from kontext_studio import cli
    from kontext_studio.config import Paths
    from kontext_studio.kie.models import GenerateRequest
    from kontext_studio.store.ledger import Ledger

    prompt = "a red fox at dawn in a misty forest, watercolor, soft light"
    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        for place in (1, 2, 3):
            ledger.create_job(GenerateRequest(prompt), batch=(place, 3))
        ledger.create_job(GenerateRequest("a heron alone"))
        ledger.create_job(GenerateRequest(prompt), title="The keeper", batch=(1, 2))
    finally:
        ledger.close()
    assert cli.main(["jobs"]) == 0
    left = " - Nothing carries it on now: `kontext-studio resume` does."  # nothing runs them
    shown = '"a red fox at dawn in a misty forest, wa…"'
    assert capsys.readouterr().out.splitlines() == [
        f'job 5: queued "The keeper"{left}',
        f'job 4: queued "a heron alone"{left}',
        f"job 3: queued {shown} · 3 of 3{left}",
        f"job 2: queued {shown} · 2 of 3{left}",
        f"job 1: queued {shown} · 1 of 3{left}",
    ]
    assert cli.main(["jobs", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    places = [(row["batch_place"], row["batch_size"]) for row in listed]
    assert places == [(1, 2), (None, None), (3, 3), (2, 3), (1, 3)]


def test_a_right_to_left_override_in_a_title_leaves_the_rest_of_the_line_as_it_reads(
    app_home, capsys
):
    """In a terminal that sets right-to-left text right to left, a title holding a
    right-to-left override (U+202E, pasted from a web page) turned the rest of its line
    around: its place, its state's words. Its title is isolated there (U+2068 … U+2069,
    invisible), a lone isolate closer in it left out; --json keeps the title as typed."""
    from kontext_studio import cli
    from kontext_studio.config import Paths
    from kontext_studio.kie.models import GenerateRequest
    from kontext_studio.store.ledger import Ledger

    prompt = "a fox \u2069\u202ekrad eht ni"
    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        ledger.create_job(GenerateRequest(prompt), batch=(1, 2))
    finally:
        ledger.close()
    assert cli.main(["jobs"]) == 0
    left = " - Nothing carries it on now: `kontext-studio resume` does."
    isolated = "\u2068a fox \u202ekrad eht ni\u202c\u2069"
    assert capsys.readouterr().out == f'job 1: queued "{isolated}" · 1 of 2{left}\n'
    assert cli.main(["jobs", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["prompt"] == prompt

    assert cli.main(["details", "1", "--title", "\u202esnur", "--tags", "fox"]) == 0
    assert capsys.readouterr().out == 'artwork 1 "\u2068\u202esnur\u202c\u2069": fox\n'
    assert cli.main(["details", "1", "--tags", "fox", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "\u202esnur"


def test_the_chinese_jobs_says_an_image_s_place_as_the_chinese_window_does(
    app_home, capsys, monkeypatch
):
    from kontext_studio import cli, i18n
    from kontext_studio.config import Paths
    from kontext_studio.kie.models import GenerateRequest
    from kontext_studio.store.ledger import Ledger

    if i18n.find_tool("lrelease") is None:
        pytest.skip("no lrelease")
    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        ledger.create_job(GenerateRequest("山水"), batch=(2, 3))
    finally:
        ledger.close()
    monkeypatch.setenv("KONTEXT_STUDIO_LANG", "zh_CN")
    try:
        assert cli.main(["jobs"]) == 0
    finally:
        i18n.install(None)
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("任务 1：排队中 “山水” · 2/3 - ")


# import: a file the library holds already adds nothing, and says so.


def test_importing_a_file_again_says_it_was_there_and_keeps_its_title(tmp_path):
    image = tmp_path / "sketch.png"
    Image.new("RGB", (32, 32), (10, 120, 200)).save(image)
    copy = tmp_path / "copy.png"
    copy.write_bytes(image.read_bytes())
    home = tmp_path / "home"
    code, first, err = run_cli(home, None, "import", str(image), "--json")
    assert code == 0 and first["added"] is True
    assert f"{image}: imported as artwork 1" in err

    code, again, err = run_cli(home, None, "import", str(copy), "--title", "Blue", "--json")
    assert code == 0, err
    assert again["id"] == 1 and again["added"] is False and again["title"] == "sketch"
    assert f'{copy}: already in the library as artwork 1; its title stays "sketch"' in err

    other = tmp_path / "other.png"
    Image.new("RGB", (32, 32), (200, 120, 10)).save(other)
    code, both, err = run_cli(home, None, "import", str(other), str(image), "--json")
    assert [row["added"] for row in both] == [True, False]
    assert f"{image}: already in the library as artwork 1; nothing was added" in err


def test_a_photo_with_damaged_exif_is_imported_without_a_librarys_warning_on_stderr(tmp_path):
    """Pillow warns "Corrupt EXIF data. Expecting to read 12 bytes but only got 10." as it
    reads a damaged photo's Exif, and the warning, with the path of Pillow's own source file,
    was printed among the command's words. It goes to the log file (where a command keeps
    one: tests/unit/test_secrets_logs.py)."""
    photo = tmp_path / "damaged.jpg"
    cut_short = (
        b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x05\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06"
    )
    Image.new("RGB", (64, 48), "teal").save(photo, exif=cut_short)
    home = tmp_path / "home"

    code, _, err = run_cli(home, None, "import", str(photo), "--json")

    assert code == 0, err
    assert err.strip() == f"{photo}: imported as artwork 1"


def test_import_without_json_prints_what_it_added_on_stdout(tmp_path):
    """Before: `kontext-studio import a.png b.png` printed nothing on stdout, its results
    ("imported as artwork 1") on stderr as progress, where every other command prints its
    result on stdout (generate its job's line, publish the link): `import art.png > log`
    kept nothing. With --json they stay on stderr, beside the JSON line."""
    sea, sky = tmp_path / "sea.png", tmp_path / "sky.png"
    Image.new("RGB", (32, 32), (10, 120, 200)).save(sea)
    Image.new("RGB", (32, 32), (200, 120, 10)).save(sky)
    home = tmp_path / "home"

    proc = run_process(home, None, "import", str(sea), str(sky), str(tmp_path / "gone.png"))

    assert proc.returncode == 1  # gone.png
    assert proc.stdout.splitlines() == [
        f"{sea}: imported as artwork 1",
        f"{sky}: imported as artwork 2",
    ]
    gone = tmp_path / "gone.png"
    missing = f"{gone}: The image file is missing. Cause: gone.png does not exist."
    assert proc.stderr.splitlines() == [missing]
    again = run_process(home, None, "import", str(sea))
    assert again.stdout == f"{sea}: already in the library as artwork 1; nothing was added\n"
    assert again.stderr == ""


def test_importing_the_original_again_brings_a_deleted_library_file_back(tmp_path):
    """The library's copy was deleted (in a file manager, say). Before, importing the
    original again said "already in the library; nothing was added", and the artwork stayed
    without its image: `jobs` said its file was missing, and it could not be published."""
    sea = tmp_path / "sea.png"
    Image.new("RGB", (32, 32), (10, 120, 200)).save(sea)
    home = tmp_path / "home"
    first = run_process(home, None, "import", str(sea), "--json")
    kept = Path(json.loads(first.stdout)["path"])
    kept.unlink()

    again = run_process(home, None, "import", str(sea), "--json")
    assert again.returncode == 0, again.stderr
    row = json.loads(again.stdout)
    assert (row["id"], row["added"], row["file_put_back"]) == (1, False, True)
    assert Path(row["path"]).read_bytes() == sea.read_bytes()
    assert "whose image file was missing: this copy is its file now" in again.stderr
    shown = run_process(home, None, "jobs", "1", "--json")
    assert json.loads(shown.stdout)["path"] == row["path"]
    third = run_process(home, None, "import", str(sea), "--json")
    assert json.loads(third.stdout)["file_put_back"] is False
    assert len(list(Path(row["path"]).parent.glob("*.png"))) == 1


def test_import_says_a_photos_gps_location_was_left_out(tmp_path):
    """The library's copy of a phone photo has no GPS position, so a publish does not show
    where it was taken: each file's line says so, and so does its --json row."""
    photo, plain = tmp_path / "beach.jpg", tmp_path / "sea.png"
    photo.write_bytes(phone_photo("JPEG"))
    Image.new("RGB", (32, 32), (10, 120, 200)).save(plain)
    home = tmp_path / "home"

    proc = run_process(home, None, "import", str(photo), str(plain))

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        f"{photo}: imported as artwork 1, without its GPS location (where it was taken); "
        "the file keeps it",
        f"{plain}: imported as artwork 2",
    ]
    again = run_process(home, None, "import", str(photo), str(plain), "--json")
    rows = json.loads(again.stdout)
    assert [(row["added"], row["location_removed"]) for row in rows] == [(False, False)] * 2
    Path(rows[0]["path"]).unlink()
    back = run_process(home, None, "import", str(photo), "--json")
    assert json.loads(back.stdout)["location_removed"] is True
    assert back.stderr == (
        f"{photo}: already in the library as artwork 1, whose image file was missing: this "
        "copy, without its GPS location, is its file now\n"
    )


def test_a_second_copy_of_a_photo_does_not_say_it_put_the_library_file_back(tmp_path):
    """Two copies of a photo whose library file was deleted: the first puts a copy back,
    without the photo's GPS location; the second finds the artwork whole, and says only
    that, not that it too put back a copy it did not make."""
    photo, same = tmp_path / "beach.jpg", tmp_path / "beach copy.jpg"
    photo.write_bytes(phone_photo("JPEG"))
    same.write_bytes(photo.read_bytes())
    home = tmp_path / "home"
    first = run_process(home, None, "import", str(photo), "--json")
    Path(json.loads(first.stdout)["path"]).unlink()

    proc = run_process(home, None, "import", str(photo), str(same), "--json")

    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [(row["file_put_back"], row["location_removed"]) for row in rows] == [
        (True, True),
        (False, False),
    ]
    assert proc.stderr.splitlines() == [
        f"{photo}: already in the library as artwork 1, whose image file was missing: this "
        "copy, without its GPS location, is its file now",
        f"{same}: already in the library as artwork 1; nothing was added",
    ]


def test_a_file_name_with_escape_sequences_reaches_the_terminal_harmless(tmp_path):
    """A file name is anyone's to choose: its escape sequences are shown as "?" on the
    terminal (the title keeps them, as the --json line does)."""
    name = "evil\x1b[2J\x1b]0;pwned\x07.png"
    Image.new("RGB", (8, 8)).save(tmp_path / name)
    proc = run_process(tmp_path, None, "import", str(tmp_path / name), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["title"] == "evil\x1b[2J\x1b]0;pwned\x07"
    assert "evil?[2J?]0;pwned?.png: imported as artwork 1" in proc.stderr
    listed = run_process(tmp_path, None, "jobs")
    assert listed.stdout.startswith('job 1: completed "evil?[2J?]0;pwned?" -> ')
    assert "\x1b" not in proc.stderr + listed.stdout and "\x07" not in listed.stdout


def test_import_takes_the_images_inside_a_folder_and_names_one_with_none(tmp_path):
    art = tmp_path / "art"
    (art / "old").mkdir(parents=True)
    Image.new("RGB", (32, 32), (10, 120, 200)).save(art / "sea.png")
    Image.new("RGB", (32, 32), (200, 120, 10)).save(art / "old" / "sand.jpg")
    (art / "notes.txt").write_text("prices")
    empty = tmp_path / "empty"
    empty.mkdir()
    code, rows, err = run_cli(tmp_path / "home", None, "import", str(art), str(empty), "--json")
    assert code == 1, err
    assert [(row["file"], row["added"]) for row in rows] == [
        (str(art / "sea.png"), True),
        (str(art / "old" / "sand.jpg"), True),
        (str(empty), False),
        (str(art / "notes.txt"), False),
    ]
    assert rows[2]["message"] == (
        "There are no images to add in this folder. Cause: “empty” holds no JPEG, PNG or WebP file."
    )
    notes = art / "notes.txt"
    assert f"“{notes}” in the folder was left out: not a JPEG, PNG or WebP file\n" in err
    assert "is a folder" not in err


def test_import_json_names_each_file_a_folder_left_out_and_why(tmp_path):
    """Before, the files a folder passed over were only counted, on stderr. Hidden files and
    the system's litter are passed over unsaid (before, ``.sea.png`` had a row of its own)."""
    art = tmp_path / "art"
    art.mkdir()
    Image.new("RGB", (32, 32), (10, 120, 200)).save(art / "sea.png")
    (art / ".sea.png").write_bytes((art / "sea.png").read_bytes())
    (art / "Thumbs.db").write_bytes(b"\0")
    (art / "notes.txt").write_text("prices")
    code, rows, err = run_cli(tmp_path / "home", None, "import", str(art), "--json")
    assert code == 0, "a file left out is no failure"
    assert [row["status"] for row in rows] == ["completed", "skipped"]
    assert {key: rows[1][key] for key in ("id", "file", "added", "reason", "message")} == {
        "id": None,
        "file": str(art / "notes.txt"),
        "added": False,
        "reason": "not_an_image",
        "message": "not a JPEG, PNG or WebP file: left out",
    }
    assert f"“{art / 'notes.txt'}” in the folder was left out" in err


def test_import_names_the_files_a_folder_left_out_the_first_few_of_many(tmp_path):
    """Before, without --json, the files a folder passed over were only counted ("7 files
    in the folders were left out"): the artist looked through the folder for which."""
    art = tmp_path / "art"
    art.mkdir()
    Image.new("RGB", (32, 32), (10, 120, 200)).save(art / "sea.png")
    for number in range(7):
        (art / f"note{number}.txt").write_text("prices")
    proc = run_process(tmp_path / "home", None, "import", str(art))
    assert proc.returncode == 0, proc.stderr
    named = ", ".join(f"“{art / f'note{number}.txt'}”" for number in range(5))
    assert proc.stderr == (
        f"7 files in the folder were left out, not JPEG, PNG or WebP: {named} and 2 more\n"
    )


def test_import_cuts_only_the_left_out_names_it_shows(app_home, tmp_path, monkeypatch):
    """Cutting a name to the terminal takes a while (its letters weighed one by one): of a
    folder's thousands of RAW files, each was cut, seconds of waiting, where the line
    shows five and counts the rest."""
    from kontext_studio import cli
    from kontext_studio.cli import artworks

    art = tmp_path / "art"
    art.mkdir()
    Image.new("RGB", (32, 32), (10, 120, 200)).save(art / "sea.png")
    for number in range(40):
        (art / f"IMG_{number:04d}.CR2").write_text("raw")
    cut: list[str] = []
    monkeypatch.setattr(artworks, "cut_path", lambda path: cut.append(path) or path)

    assert cli.main(["import", str(art)]) == 0

    assert len(cut) == 5


def test_import_names_a_file_whose_name_turns_its_line_around_as_it_is(app_home, tmp_path, capsys):
    """A right-to-left override (U+202E) in a file's name turned the rest of the line
    around, in a terminal that sets right-to-left text right to left, and "invoice", U+202E,
    "fdp.exe" read as "invoiceexe.pdf". Its override is shown as its escape where the
    line names the file bare, and an Arabic name is set in its own direction (U+2068 …
    U+2069), as the Upload tab sets it; --json keeps each name, its overrides in \\u
    escapes, so that the line itself turns nothing."""
    from kontext_studio import cli

    art = tmp_path / "art"
    art.mkdir()
    Image.new("RGB", (32, 32), (10, 120, 200)).save(art / "sea.png")
    spoof = art / "invoice\u202efdp.exe"
    spoof.write_text("prices")
    (art / "قطة.txt").write_text("cat")

    assert cli.main(["import", str(art)]) == 0
    said = capsys.readouterr().err
    assert "\u202e" not in said
    assert f"“{art}/invoice\\u202efdp.exe”" in said
    assert f"“\u2068{art / 'قطة.txt'}\u2069”" in said

    assert cli.main(["import", str(art), "--json"]) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert "\u202e" not in line
    assert str(spoof) in [row["file"] for row in json.loads(line)]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_json_line_stays_one_line_whatever_a_file_s_name_holds(
    app_home, tmp_path, capsys, separator
):
    """A line or paragraph separator (U+2028, U+2029) or a next-line (U+0085) in a file's
    name went into the --json line as it is: valid JSON, but a reader that splits lines as
    Python does (``splitlines``) found the line cut in two there, and its last line no JSON.
    In their \\u escapes, the line is one and the name the same."""
    from kontext_studio import cli

    image = tmp_path / f"sea{separator}at dusk.png"
    Image.new("RGB", (32, 32), (10, 120, 200)).save(image)

    assert cli.main(["import", str(image), "--json"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line)["file"] == str(image)


@pytest.mark.parametrize(
    ("start", "middle"),
    [("harbour_series_", "commission_sketch_" * 12), ("山水长卷_", "水墨山水画" * 14)],
)
def test_import_cuts_a_long_left_out_name_in_its_middle_to_the_terminal(tmp_path, start, middle):
    """Before: a file a folder left out was named whole on stderr, a name of 200 characters
    over three lines of 80. Now it is cut in its middle as the Upload tab cuts it, its start
    and extension kept, its folder whole, the name in its quotes within the terminal's 80
    columns (a Chinese character takes two). In a folder of a short path: a name is cut to
    no fewer than 40 columns, however long its folder."""
    art = Path(tempfile.mkdtemp(prefix="ks-"))
    try:
        Image.new("RGB", (32, 32), (10, 120, 200)).save(art / "sea.png")
        (art / f"{start}{middle}042.txt").write_text("prices")
        proc = subprocess.run(
            [sys.executable, "-m", "kontext_studio", "import", str(art)],
            env={**cli_env(tmp_path / "home", None), "COLUMNS": "80"},
            capture_output=True,
            text=True,
            timeout=60,
            cwd=ROOT,
        )
    finally:
        shutil.rmtree(art)
    assert proc.returncode == 0, proc.stderr
    [line] = proc.stderr.splitlines()
    name = line[line.index("“") : line.index("”") + 1]
    assert name.startswith(f"“{art / start}") and name.endswith("042.txt”"), name
    assert "…" in name
    assert terminal_columns(name) <= 80
    assert line.endswith(" in the folder was left out: not a JPEG, PNG or WebP file")


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX's")
def test_import_into_a_file_cuts_left_out_names_to_the_terminal_it_says_them_on(tmp_path):
    """Before: `kontext-studio import FOLDER --json > list.json` in a terminal of 120
    columns cut a left-out name to 80, the width of no terminal, as stdout is none. The
    names are said on stderr, and cut to its terminal's width."""
    import fcntl
    import termios

    art = tmp_path / "art"
    art.mkdir()
    Image.new("RGB", (32, 32), (10, 120, 200)).save(art / "sea.png")
    name = "harbour_series_" + "commission_sketch_" * 4 + "042.txt"
    (art / name).write_text("prices")
    controller, terminal = os.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120 + len(str(art)), 0, 0))
    env = {k: v for k, v in cli_env(tmp_path / "home", None).items() if k != "COLUMNS"}
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "kontext_studio", "import", str(art), "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=terminal,
            timeout=60,
            cwd=ROOT,
        )
        os.close(terminal)
        said = read_terminal(controller)
    finally:
        os.close(controller)
    assert proc.returncode == 0
    assert f"“{art / name}” in the folder was left out" in said


def read_terminal(controller: int) -> str:
    """What was written on the pseudo-terminal ``controller`` leads, its writer gone."""
    said = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # EIO: its other end is closed
            break
        if not chunk:
            break
        said += chunk
    return said.decode("utf-8")


def test_import_says_in_the_folders_only_when_more_than_one_left_files_out(tmp_path):
    """One folder's left-out files are "in the folder"; they are "in the folders" once two
    of the folders given left files out (before, always "in the folders")."""
    sea, sand = tmp_path / "sea", tmp_path / "sand"
    for folder in (sea, sand):
        folder.mkdir()
        Image.new("RGB", (32, 32), (10, 120, 200)).save(folder / "art.png")
        (folder / "notes.txt").write_text("prices")
    proc = run_process(tmp_path / "home", None, "import", str(sea), str(sand))
    assert proc.returncode == 0, proc.stderr
    named = f"“{sea / 'notes.txt'}”, “{sand / 'notes.txt'}”"
    assert proc.stderr == (
        f"2 files in the folders were left out, not JPEG, PNG or WebP: {named}\n"
    )


@pytest.mark.parametrize("count", [1, 3])
def test_import_says_every_reason_the_collector_leaves_a_file_out_for(
    app_home, capsys, monkeypatch, tmp_path, count
):
    """Before, stderr named the files left out only for the reasons it had words for, one
    then: a reason added to the collector would have left its files out in silence. Each
    reason the collector gives is said on stderr, naming its files, and has its --json
    message; none is a failure."""
    from kontext_studio import cli
    from kontext_studio.images import collect

    art = tmp_path / "art"
    art.mkdir()
    files = [art / f"left{number}.xyz" for number in range(count)]
    for reason in collect.LeftOut:
        collected = collect.Collected(left_out=tuple((file, reason) for file in files))
        monkeypatch.setattr(
            "kontext_studio.cli.artworks.collect_images", lambda _, found=collected: found
        )
        assert cli.main(["import", str(art), "--json"]) == 0, reason
        out, err = capsys.readouterr()
        rows = json.loads(out)
        rows = rows if isinstance(rows, list) else [rows]
        assert [(row["file"], row["reason"]) for row in rows] == [(str(f), reason) for f in files]
        assert all(row["status"] == "skipped" and row["message"] for row in rows), reason
        [said] = err.splitlines()
        assert all(f"“{file}”" in said for file in files) and "left out" in said, reason


def test_import_says_each_folder_limit_in_its_own_words(app_home, capsys, tmp_path, monkeypatch):
    """Before, a folder of many names but few images, and a folder past what the folders
    before it had left, both read "holds too many files: at most 500 images are added"."""
    from kontext_studio import cli

    first, second, papers = folders_past_the_limits(tmp_path, monkeypatch)
    assert cli.main(["import", str(first), str(second), str(papers), "--json"]) == 1
    out, err = capsys.readouterr()
    refused = {row["file"]: row["message"] for row in json.loads(out) if row["id"] is None}
    assert refused == {
        str(second): "This folder would bring too many images at once. Cause: “second” was left "
        "out: with the folders before it, this drop would bring more than 2 images.",
        str(papers): "This folder has too many files to look through. Cause: “papers” holds "
        "over 3 files and folders.",
    }
    assert f"{papers}: This folder has too many files to look through." in err


def test_import_of_a_path_that_cannot_be_looked_at_still_takes_the_others(tmp_path):
    """Review finding: a name too long for the system raised out of the folder walk, every
    other path was dropped and the artist read "Something went wrong"."""
    sea = tmp_path / "sea.png"
    Image.new("RGB", (32, 32), (10, 120, 200)).save(sea)
    too_long = tmp_path / ("a" * 300)
    code, rows, err = run_cli(tmp_path / "home", None, "import", str(too_long), str(sea), "--json")
    assert code == 1, err
    assert [(row["file"], row["added"]) for row in rows] == [
        (str(too_long), False),
        (str(sea), True),
    ]
    assert "Something went wrong" not in err


def test_ctrl_c_during_import_stops_between_files_and_says_which_were_added(
    app_home, capsys, monkeypatch, tmp_path
):
    """Before: Ctrl+C while a folder was imported said only "Interrupted; unfinished jobs
    continue with `kontext-studio resume`." (import starts no job), while the import went on
    in its thread against a library closed under it: some files were added, none said."""
    from kontext_studio import cli
    from kontext_studio.publish import service

    folder = tmp_path / "finished"
    folder.mkdir()
    for shade in range(5):
        Image.new("RGB", (32, 32), (shade * 40, 90, 200)).save(folder / f"art{shade}.png")
    heard = ctrl_c_heard(monkeypatch)
    import_one = service._import_one
    calls: list[Path] = []

    def ctrl_c_during_the_second(ledger: Ledger, path: Path, *args: Any) -> Snapshot:
        calls.append(path)
        if len(calls) == 2:
            ctrl_c_to_main_thread()
            assert heard.wait(30), "the command heard no Ctrl+C"
        return import_one(ledger, path, *args)

    monkeypatch.setattr(service, "_import_one", ctrl_c_during_the_second)
    assert cli.main(["import", str(folder), "--json"]) == 130
    out, err = capsys.readouterr()
    said = err.strip().splitlines()
    assert said == [
        f"{folder / 'art0.png'}: imported as artwork 1",
        f"{folder / 'art1.png'}: imported as artwork 2",
        "Interrupted after 2 of 5 files, each said above; the other 3 were not added. "
        "Importing all of them again adds only those: a file the library holds already is "
        "not added twice.",
    ]
    stopped = json.loads(out)
    assert stopped["kind"] == "interrupted" and stopped["message"] == said[-1]
    # Before, the --json line did not say which files were added: only stderr did.
    assert [(row["file"], row["id"], row["added"]) for row in stopped["files"]] == [
        (str(folder / "art0.png"), 1, True),
        (str(folder / "art1.png"), 2, True),
    ]
    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        assert [Path(row.file_path).exists() for row in ledger.search("")] == [True, True]
    finally:
        ledger.close()
    artworks = app_home / "data" / "artworks"
    assert len([path for path in artworks.iterdir() if path.is_file()]) == 2
    assert list((artworks / service.IMPORTING).iterdir()) == [], "no copy left half-way"


# In the command's own process (a sitecustomize on PYTHONPATH): the copy of the second file
# into the library holds until the test says "go", and a stop signal the command hears is
# said in a file, so that the test knows the stop came while that file was under way.
HELD_IMPORT = """
import os, signal, time

_held, _go, _heard = (os.environ[name] for name in ("KS_HELD", "KS_GO", "KS_HEARD"))
_fsync, _signal, _copies = os.fsync, signal.signal, []


def fsync(fd):
    if "import-" in os.readlink(f"/proc/self/fd/{fd}"):
        _copies.append(fd)
        if len(_copies) == 2:
            open(_held, "w").close()
            while not os.path.exists(_go):
                time.sleep(0.01)
    return _fsync(fd)


def hearing(number, handler):
    if not callable(handler):
        return _signal(number, handler)

    def heard(*args):
        try:
            handler(*args)
        finally:
            open(_heard, "w").close()

    return _signal(number, heard)


os.fsync, signal.signal = fsync, hearing
"""


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_an_import_stopped_by_sigterm_lists_the_files_it_added_in_its_json(tmp_path):
    """Before: `import DIR --json` stopped by SIGTERM (or Ctrl+C) printed only
    {"status": "error", "kind": "interrupted", "message"}; which files had made it into the
    library was said on stderr alone, where a script does not look."""
    folder = tmp_path / "finished"
    folder.mkdir()
    for shade in range(5):
        Image.new("RGB", (32, 32), (shade * 40, 90, 200)).save(folder / f"art{shade}.png")
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(HELD_IMPORT)
    held, go, heard = tmp_path / "held", tmp_path / "go", tmp_path / "heard"
    home = tmp_path / "home"
    env = cli_env(home, None)
    env.update(PYTHONPATH=str(inject), KS_HELD=str(held), KS_GO=str(go), KS_HEARD=str(heard))
    proc = subprocess.Popen(
        [sys.executable, "-m", "kontext_studio", "import", str(folder), "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        wait_for(lambda: held.exists() or proc.poll() is not None)
        proc.send_signal(signal.SIGTERM)
        wait_for(lambda: heard.exists() or proc.poll() is not None)
        go.touch()
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            kill(proc)
    assert proc.returncode == 128 + signal.SIGTERM, err
    stopped = json.loads(out)
    assert stopped["status"] == "error" and stopped["kind"] == "interrupted"
    assert stopped["message"].startswith("Interrupted after 2 of 5 files")
    assert [(row["file"], row["added"], row["status"]) for row in stopped["files"]] == [
        (str(folder / "art0.png"), True, "completed"),
        (str(folder / "art1.png"), True, "completed"),
    ]
    assert sorted(row["id"] for row in stopped["files"]) == sorted(job_ids(home))


def test_resubmit_sends_an_unknown_job_again_only_with_yes(tmp_path, simulator):
    from kontext_studio.jobs.states import JobState
    from kontext_studio.kie.models import GenerateRequest
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(tmp_path / "data" / "library.sqlite3")
    try:
        job = ledger.create_job(GenerateRequest("a fox with no answer", aspect_ratio="1:1"))
        ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
        ledger.transition(job.id, JobState.UNKNOWN, error_kind="outcome_unknown")
    finally:
        ledger.close()

    code, result, err = run_cli(tmp_path, simulator, "retry", str(job.id), "--json")
    assert code == 2 and "Resubmit" in result["message"], err
    code, result, err = run_cli(tmp_path, simulator, "resubmit", str(job.id), "--json")
    assert code == 2 and "--yes" in result["message"] and "charged twice" in err, err
    assert simulator.generate_count("a fox with no answer") == 0

    code, result, err = run_cli(tmp_path, simulator, "resubmit", str(job.id), "--yes", "--json")
    assert code == 0, err
    assert result["status"] == "completed" and Path(result["path"]).is_file()
    assert simulator.generate_count("a fox with no answer") == 1
    code, result, _ = run_cli(tmp_path, simulator, "resubmit", str(job.id), "--yes", "--json")
    assert code == 2 and "unknown outcome" in result["message"]


def made_at_kie(sim: Simulator, request: GenerateRequest) -> str:
    """A task ``request`` made at the simulator, as a send whose answer was lost did."""
    reply = httpx.post(
        f"{sim.base_url}/api/v1/flux/kontext/generate",
        json=request.body(),
        headers={"Authorization": f"Bearer {TEST_KEY}"},
    )
    return str(reply.json()["data"]["taskId"])


def test_attach_gives_an_unknown_job_the_task_found_in_the_logs(tmp_path, simulator):
    """`attach ID TASK_ID`: KIE's record of the task is read, never a generate sent; a task
    of another prompt or text that is no task id are refused (exit 2), the job left; the
    job's own task brings its image (exit 0)."""
    request = GenerateRequest("a fox with a lost answer", aspect_ratio="1:1")
    ledger = Ledger.open(tmp_path / "data" / "library.sqlite3")
    try:
        job = ledger.create_job(request)
        ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
        ledger.transition(job.id, JobState.UNKNOWN, error_kind="outcome_unknown")
    finally:
        ledger.close()
    own = made_at_kie(simulator, request)
    other = made_at_kie(simulator, replace(request, prompt="a hen"))
    sent = len(simulator.generate_requests)

    code, result, err = run_cli(tmp_path, simulator, "attach", str(job.id), "a b", "--json")
    assert code == 2 and result["message"].startswith("That is not a task ID"), err
    code, result, err = run_cli(tmp_path, simulator, "attach", str(job.id), other, "--json")
    assert code == 2 and result["kind"] == "invalid_input", err
    assert result["message"] == (
        f"Task “{other}” was made for another prompt, “a hen”, not this job's: it was not "
        "taken, and the job was left as it was."
    )
    assert job_states(tmp_path) == ["unknown"]

    code, result, err = run_cli(tmp_path, simulator, "attach", str(job.id), own, "--json")
    assert code == 0, err
    assert result["status"] == "completed" and Path(result["path"]).is_file()
    assert len(simulator.generate_requests) == sent  # never sent again
    code, result, _ = run_cli(tmp_path, simulator, "attach", str(job.id), own, "--json")
    assert code == 2 and result["message"].startswith("Only a job whose outcome is unknown")


def test_attach_refuses_the_task_of_an_artwork_deleted_from_the_library(tmp_path, simulator):
    """`attach` of the task of an artwork deleted since to a new job of its prompt: the
    library forgot it, and brought its image again. Refused (exit 2), saying which artwork
    had it and when it was deleted; KIE not asked, the job left."""
    request = GenerateRequest("a fox deleted", aspect_ratio="1:1")
    task_id = made_at_kie(simulator, request)
    ledger = Ledger.open(tmp_path / "data" / "library.sqlite3")
    try:
        gone = ledger.create_job(request, title="Fox at dawn")
        ledger.transition(gone.id, JobState.SUBMITTING, submit_count=1)
        ledger.transition(gone.id, JobState.GENERATING, task_id=task_id, submitted_at=1.0)
        ledger.transition(gone.id, JobState.DOWNLOADING)
        ledger.transition(
            gone.id, JobState.COMPLETED, completed_at=2.0, file_path=library_image("fox.png")
        )
        ledger.delete(gone.id)
        deleted = ledger.deleted_task(task_id, simulated=False)
        job = ledger.create_job(request)
        ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
        ledger.transition(job.id, JobState.UNKNOWN, error_kind="outcome_unknown")
    finally:
        ledger.close()
    assert deleted is not None
    asked = len(simulator.requests)

    code, result, err = run_cli(tmp_path, simulator, "attach", str(job.id), task_id, "--json")

    assert code == 2 and result["kind"] == "invalid_input", err
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(deleted.deleted_at))
    assert result["message"] == (
        f"Task “{task_id}” was the task of “Fox at dawn”, which was deleted from the library "
        f"on {when}: one task makes one artwork, so it was not taken again."
    )
    assert job_states(tmp_path) == ["unknown"]
    assert len(simulator.requests) == asked


def test_retry_sends_a_job_kie_has_no_record_of_again_only_with_yes(tmp_path, simulator):
    """Before, ``retry`` of a job whose task KIE did not know sent a new, charged generate."""
    from kontext_studio.jobs.states import JobState
    from kontext_studio.kie.models import GenerateRequest
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(tmp_path / "data" / "library.sqlite3")
    try:
        job = ledger.create_job(GenerateRequest("a fox KIE forgot", aspect_ratio="1:1"))
        ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
        ledger.transition(job.id, JobState.GENERATING, task_id="gone-1", submitted_at=1.0)
        ledger.transition(job.id, JobState.FAILED, error_kind="not_found")
    finally:
        ledger.close()

    code, result, err = run_cli(tmp_path, simulator, "retry", str(job.id), "--json")
    assert code == 2 and "--yes" in result["message"] and "charged" in err, err
    assert simulator.generate_count("a fox KIE forgot") == 0

    code, result, err = run_cli(tmp_path, simulator, "retry", str(job.id), "--yes", "--json")
    assert code == 0, err
    assert result["status"] == "completed" and Path(result["path"]).is_file()
    assert simulator.generate_count("a fox KIE forgot") == 1


def test_a_second_retry_of_a_job_being_retried_says_it_runs_already(tmp_path, slow_simulator):
    """Two `retry 1` at once: before, the one that lost said "Only failed, cancelled or
    timed-out jobs can be retried" of a job that had failed a moment before. The first one's
    job is held downloading (its image's GET stalls) until the second has answered, however
    slowly a loaded machine starts it; then it is stopped, and a resume finishes the job."""
    sim = slow_simulator
    prompt = "a fox retried twice"
    ledger = Ledger.open(tmp_path / "data" / "library.sqlite3")
    try:
        job = ledger.create_job(GenerateRequest(prompt).validated())
        ledger.transition(job.id, JobState.FAILED, error_kind="network")
    finally:
        ledger.close()
    sim.update(file_delay_s=600.0)
    first = subprocess.Popen(
        [sys.executable, "-m", "kontext_studio", "retry", str(job.id), "--json"],
        env=cli_env(tmp_path, sim),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        wait_for(lambda: sim.generate_count(prompt) == 1)
        code, result, err = run_cli(tmp_path, sim, "retry", str(job.id), "--json")
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=60)
    assert code == 2, err
    assert (result["kind"], result["message"]) == (
        "job_running",
        "Job 1 is running already, in the window or another command open on this library, so "
        "there is nothing to send again. Wait for it to end; `kontext-studio jobs 1` shows how "
        "it goes.",
    )
    assert "Only failed" not in err
    assert first.returncode == 128 + signal.SIGTERM

    sim.update(file_delay_s=0.0)
    resumed, results, _ = run_cli(tmp_path, sim, "resume", "--json")
    assert resumed == 0, results
    assert [r["status"] for r in results] == ["completed"]
    assert sim.generate_count(prompt) == 1


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="X11 and Wayland only")
@pytest.mark.parametrize("with_reference", [False, True])
def test_no_display_is_said_in_one_line_not_a_qt_abort(
    tmp_path: Path, with_reference: bool
) -> None:
    reference = tmp_path / "cat.png"
    reference.write_bytes(b"a picture")  # `kontext-studio cat.png` opens the window with it
    args = [str(reference)] if with_reference else []
    env = cli_env(tmp_path, None)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    proc = subprocess.run(
        [sys.executable, "-m", "kontext_studio", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 2
    assert "There is no display to show the window on" in proc.stderr
    assert "qt.qpa" not in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="X11 and Wayland only")
def test_open_with_and_no_display_is_said_in_the_artists_language(tmp_path: Path) -> None:
    """Before, an "Open With" launch (``kontext-studio cat.png``) said it in English: it had
    not loaded the artist's language, as a launch without a file does."""
    reference = tmp_path / "cat.png"
    reference.write_bytes(b"a picture")
    env = cli_env(tmp_path, None)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    env["KONTEXT_STUDIO_LANG"] = "zh_CN"
    proc = subprocess.run(
        [sys.executable, "-m", "kontext_studio", str(reference)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("没有可显示窗口的显示器（DISPLAY 和 WAYLAND_DISPLAY 都未设置）。")


def test_help_says_how_to_open_the_window_with_a_reference(tmp_path: Path) -> None:
    proc = run_process(tmp_path, None, "--help")
    assert proc.returncode == 0
    assert "`kontext-studio IMAGE` opens it with IMAGE" in proc.stdout


HOLDER_MEETS_A_SECOND_RESUME = textwrap.dedent(
    """
    import pathlib, subprocess, sys, time
    from kontext_studio import cli
    from kontext_studio.jobs import claim

    ready, second = pathlib.Path(sys.argv[1]), sys.argv[2:]
    real = claim.JobsClaim.ended_guests

    def ended_guests(self):
        if not ready.with_suffix(".pid").exists():  # the second starts now, and is let reach
            pid = subprocess.Popen(second, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).pid
            ready.with_suffix(".pid").write_text(str(pid))
            while not ready.exists():
                time.sleep(0.02)
        return real(self)

    claim.JobsClaim.ended_guests = ended_guests
    sys.exit(cli.main(["resume", "--json"]))
    """
)
SECOND_RESUME_WAITING = textwrap.dedent(
    """
    import pathlib, sys, time
    from kontext_studio import cli
    from kontext_studio.cli import carry_on

    ready, go = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])

    def waiting(*args, **kwargs):
        ready.touch()
        while not go.exists():
            time.sleep(0.02)

    carry_on.tell_other_mode = waiting
    sys.exit(cli.main(["resume", "--json"]))
    """
)


def test_a_resume_beside_another_resume_does_not_stop_it_carrying_the_jobs_on(tmp_path, simulator):
    """Before: two `kontext-studio resume` started together (two terminals, two cron lines)
    could each leave the library's unfinished jobs to the other, both exiting 0 with "[]":
    the second, finding the first holding the jobs, took the lock of a command that runs
    jobs of its own beside it, though a resume runs none, and the first, seeing that lock,
    waited for it to end ("Kontext Studio is running jobs on this library elsewhere …
    nothing was resumed here"). The job stayed unfinished, carried on by nobody."""
    ledger = Ledger.open(tmp_path / "data" / "library.sqlite3")
    try:
        ledger.create_job(GenerateRequest("left by a killed command").validated())
    finally:
        ledger.close()
    ready, go = tmp_path / "second.ready", tmp_path / "second.go"
    for name, text in (
        ("first.py", HOLDER_MEETS_A_SECOND_RESUME),
        ("second.py", SECOND_RESUME_WAITING),
    ):
        (tmp_path / name).write_text(text)
    second = [sys.executable, str(tmp_path / "second.py"), str(ready), str(go)]
    env = {**cli_env(tmp_path, simulator), "PYTHONPATH": str(ROOT)}
    try:
        first = subprocess.run(
            [sys.executable, str(tmp_path / "first.py"), str(ready), *second],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            cwd=ROOT,
        )
    finally:
        go.touch()
    pid = int(ready.with_suffix(".pid").read_text())
    wait_for(
        lambda: (
            not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
        )
    )
    assert first.returncode == 0, first.stderr
    assert [job["status"] for job in json.loads(first.stdout.splitlines()[-1])] == ["completed"]
    assert job_states(tmp_path) == ["completed"]


def test_the_program_s_help_fits_an_80_column_terminal(tmp_path: Path) -> None:
    """Before: `kontext-studio --help` named the commands as argparse's set of them,
    "{generate,jobs,cancel,…,simulator}", twice: in the usage and above the list of commands,
    lines of 116 and 100 columns that a terminal of 80 wrapped mid-word. Now it says
    COMMAND, as `key --help` says ACTION; the list below names each command."""
    proc = subprocess.run(
        [sys.executable, "-m", "kontext_studio", "--help"],
        env={**cli_env(tmp_path, None), "COLUMNS": "80"},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 0
    assert [line for line in proc.stdout.splitlines() if len(line) > 80] == []
    assert proc.stdout.startswith("usage: kontext-studio [-h] [--version] [--self-test] COMMAND")
    assert "    generate   generate one image and wait for it" in proc.stdout


@pytest.mark.parametrize("trying", ["submitting", "uploading"])
def test_a_job_waiting_for_kie_says_why_once_not_on_every_try(app_home, capsys, trying):
    """Before: KIE could not be reached and ``generate`` printed "job 1: queued" and "job 1:
    submitting" seventeen times over two minutes without saying why; an edit (its reference
    is uploaded on each try) printed "uploading" and the reason again on every try."""
    from kontext_studio.cli import job_output
    from kontext_studio.jobs.states import JobState
    from kontext_studio.kie.models import GenerateRequest
    from kontext_studio.store.ledger import Ledger

    progress = job_output.Progress()
    ledger = Ledger.open(app_home / "progress.sqlite3")
    try:
        job = ledger.create_job(GenerateRequest("a fox in the rain").validated())
        rows = [job, ledger.transition(job.id, JobState(trying))]
        for _ in range(3):
            rows.append(
                ledger.transition(
                    job.id, JobState.QUEUED, error_kind="network", error_message="refused"
                )
            )
            rows.append(ledger.transition(job.id, JobState(trying)))
        for row in rows:
            progress(row)
    finally:
        ledger.close()
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        f"job {job.id}: queued",
        f"job {job.id}: {trying}",
        f"job {job.id}: queued - KIE cannot be reached.",
    ]


def a_job_left_sending(home: Path, prompt: str) -> None:
    """A job a killed command left sending: the next command that opens its library makes it
    ``unknown`` as it carries the unfinished jobs on, inside the engine's resume."""
    ledger = Ledger.open(home / "data" / "library.sqlite3")
    try:
        job = ledger.create_job(GenerateRequest(prompt).validated())
        ledger.transition(job.id, JobState.SUBMITTING)
    finally:
        ledger.close()


def lines_of_job(said: str, job_id: int) -> list[str]:
    return [line for line in said.splitlines() if line.startswith(f"job {job_id}: ")]


@pytest.mark.parametrize("left", ["sending", "refused"])
def test_a_job_that_stops_while_resume_carries_it_on_is_said_once(
    app_home, capsys, monkeypatch, simulator, left
):
    """Before: a job that stopped before the engine's resume had returned the list of the
    jobs it carried on (one left sending, made unknown at once; one refused as soon as it
    was sent) was said as progress on stderr ("job 1: failed"), then in its result on
    stdout: two lines, or one, as the timing went. Here the resume returns only once each
    of its jobs has ended, the worst timing, forced."""
    from kontext_studio import cli
    from kontext_studio.jobs.engine import JobEngine

    if left == "sending":
        a_job_left_sending(app_home, "a fox")
    else:
        a_queued_job(app_home, "a forbidden fox")
    resume = JobEngine.resume

    async def returns_once_they_ended(engine: JobEngine, **kwargs: Any) -> list[int]:
        ids = await resume(engine, **kwargs)
        for job_id in ids:
            await engine.wait_for(job_id)
        return ids

    monkeypatch.setattr(JobEngine, "resume", returns_once_they_ended)
    monkeypatch.setenv("KONTEXT_STUDIO_POLL_SCALE", "0.01")
    assert cli.main(["resume"]) == 1
    out, err = capsys.readouterr()
    state = "unknown" if left == "sending" else "failed"
    [end] = [line for line in lines_of_job(out, 1) if line.startswith(f"job 1: {state}")]
    assert end.startswith(f"job 1: {state} - ")
    # On stderr, no progress line of its end; of one unknown, its step, stdout's line
    # being one a reader may drop unread.
    step = next_step_of(app_home, end)
    reminded = [f"job 1: unknown - {step}"] if left == "sending" else []
    assert [line for line in lines_of_job(err, 1) if line.startswith(f"job 1: {state}")] == (
        reminded
    )


def test_a_generate_s_own_job_is_said_once_when_it_completes(app_home, capsys, simulator):
    """Before: "job 1: completed" on stderr, then "job 1: completed -> PATH" on stdout, where
    a job that failed was said once, in its result: the end of the job the command waits for
    is said by its result alone, whichever way it ended."""
    from kontext_studio import cli

    assert cli.main(["generate", "a fox"]) == 0
    out, err = capsys.readouterr()
    ends = [line for line in (err + out).splitlines() if line.startswith("job 1: completed")]
    assert len(ends) == 1 and ends == lines_of_job(out, 1)[-1:]
    assert ends[0].startswith("job 1: completed -> ")


def test_a_command_run_after_another_in_one_process_says_the_stops_of_others_jobs(
    app_home, capsys, monkeypatch, simulator, tmp_path
):
    """Before: the jobs whose results a command prints were kept in the module: a generate
    stopped by Ctrl+C left its job 1 there, and the next command run in the same process (a
    caller embedding ``cli.main``) on another library never said that its job 1, left
    sending there and carried on as unknown, had stopped."""
    from kontext_studio import cli
    from kontext_studio.cli.job_output import Progress

    shown = Progress.__call__
    simulator.update(latency_s=(60.0, 60.0))
    ctrl_c_once_generating(monkeypatch, "a fox")
    assert cli.main(["generate", "a fox", "--json"]) == 130
    monkeypatch.setattr(Progress, "__call__", shown)
    capsys.readouterr()
    other = tmp_path / "other"
    a_job_left_sending(other, "an earlier fox")
    monkeypatch.setenv("KONTEXT_STUDIO_HOME", str(other))
    simulator.update(latency_s=(0.0, 0.0))
    assert cli.main(["generate", "a calm fox", "--json"]) == 0
    assert lines_of_job(capsys.readouterr().err, 1) == ["job 1: unknown"]


def test_a_stdout_that_fills_up_part_way_through_resume_says_each_step_once(
    app_home, capsys, monkeypatch, simulator
):
    """Before: `resume > FILE` on a disk that filled up after job 1's line said job 1's
    next step after its line, then, as job 2's line was refused, job 1's line and step
    again on stderr with job 2's. What stdout took is not said again: only the lines it
    refused are said before the refusal, each with its step."""
    from kontext_studio import cli
    from kontext_studio.cli import output

    a_job_left_sending(app_home, "a fox")
    a_job_left_sending(app_home, "a hare")
    written: list[str] = []

    def fills_up(text: str) -> None:
        if written:
            raise output.StdoutFailed(os.strerror(errno.ENOSPC))
        written.append(text)

    monkeypatch.setattr(output, "_write", fills_up)
    assert cli.main(["resume"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert [line for line in written if line.startswith("job ")] == written
    [first] = written
    assert first.startswith("job 1: unknown")
    assert sum("`kontext-studio attach 1 TASK_ID`" in line for line in lines) == 1
    assert sum("`kontext-studio attach 2 TASK_ID`" in line for line in lines) == 1
    # its line is in the file; its step, in one line naming it, before job 2's
    assert lines_of_job("\n".join(lines), 1) == [
        f"job 1: unknown - {next_step_of(app_home, first)}"
    ]
    not_written = "The output could not be written to stdout: No space left on device."
    assert lines[-1] == not_written
    assert lines[-3].startswith("job 2: unknown") and "attach 2" in lines[-2]
    assert lines[-4].startswith("job 1: unknown")


def reader_taking(lines: int, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Stdout's lines as a reader takes them that goes once it has ``lines`` of them
    (``| head -1``): those it took, the next write finding it gone."""
    from kontext_studio.cli import output

    written: list[str] = []

    def read(text: str) -> None:
        if len(written) >= lines:
            raise output.StdoutClosed
        written.append(text)

    monkeypatch.setattr(output, "_write", read)
    return written


def test_resume_into_a_reader_gone_early_says_no_step_of_a_failed_job_whose_line_it_dropped(
    app_home, capsys, monkeypatch, simulator
):
    """`resume | head -1`: the reader took job 1's line and went; the lines of jobs 2 and
    3, which failed, are dropped, and so are their next steps, which said on stderr named
    no job, of lines the person never saw: `jobs` shows them. Job 1's step, whose line was
    read, is said; the command fails as its jobs did (1), not as a closed pipe."""
    from kontext_studio import cli

    for prompt in ("a forbidden fox", "a forbidden hare", "a forbidden owl"):
        a_queued_job(app_home, prompt)
    written = reader_taking(1, monkeypatch)
    monkeypatch.setenv("KONTEXT_STUDIO_POLL_SCALE", "0.01")
    assert cli.main(["resume"]) == 1
    said = capsys.readouterr().err.splitlines()
    assert [line.split(" - ")[0] for line in written] == ["job 1: failed"]
    assert not any(line.startswith(("job 2: failed", "job 3: failed")) for line in said)
    step = next_step_of(app_home, written[0])
    assert said.count(step) == 1  # job 1's step alone


def next_step_of(home: Path, line: str) -> str:
    """The next step the plain output says after a job's ``line``, in the library of the
    command line run with ``home``."""
    from kontext_studio.cli.job_output import next_step

    job_id = int(line.split(":")[0].removeprefix("job "))
    ledger = Ledger.open(home / "data" / "library.sqlite3")
    try:
        snap = ledger.get(job_id)
    finally:
        ledger.close()
    assert snap is not None
    return next_step(snap)


@pytest.mark.parametrize(("flags", "read"), [((), 1), (("--json",), 0)])
def test_resume_into_a_reader_gone_early_still_says_which_jobs_may_have_been_charged(
    app_home, capsys, monkeypatch, simulator, flags, read
):
    """`resume | head -1`: before, every word of the jobs whose lines were dropped was lost,
    "it may be charged twice" with them: a job left sending, its outcome unknown, was not
    sent again, and nothing said so. Its line and step are said on stderr, once each,
    naming the job; a job whose line the reader took, which `head` may have dropped all
    the same, in one line with its step. With --json, whose one line the reader never
    took, each job is said so."""
    from kontext_studio import cli

    for prompt in ("a fox", "a hare", "an owl"):
        a_job_left_sending(app_home, prompt)
    written = reader_taking(read, monkeypatch)
    assert cli.main(["resume", *flags]) == 1
    said = capsys.readouterr().err.splitlines()
    assert len(written) == read
    for job_id in range(1, 4):
        step = f"`kontext-studio attach {job_id} TASK_ID`"
        if job_id <= read:
            [line] = lines_of_job("\n".join(said), job_id)
            assert line.startswith(f"job {job_id}: unknown - ") and step in line
            assert sum(step in line for line in said) == 1
            continue
        [line] = lines_of_job("\n".join(said), job_id)
        assert line.startswith(f"job {job_id}: unknown - ")
        assert sum(step in line for line in said) == 1
        assert step in said[said.index(line) + 1]


@pytest.mark.parametrize(
    ("stdout", "flags"), [("pipe", ()), ("pipe", ("--json",)), ("terminal", ())]
)
def test_resume_into_a_pipe_says_each_job_that_may_have_been_charged_on_stderr_too(
    tmp_path, simulator, stdout, flags
):
    """`resume | head -1`: the lines of all three jobs fit in the pipe's buffer, so no write
    failed, and `head` printed one of them and dropped the others. Before, stderr said their
    steps alone, never which job was left unknown, which `head` had dropped. Each is said
    there, once, with its step, in one line naming it (with --json too, whose one line
    holds them all); on a terminal, which shows every line, as before: the line, then its
    step."""
    for prompt in ("a fox", "a hare", "an owl"):
        a_job_left_sending(tmp_path, prompt)
    if stdout == "pipe":
        reader, into = os.pipe()
        with open(reader) as piped, open(into, "w") as pipe_end:
            said = run_process(tmp_path, simulator, "resume", *flags, stdout=pipe_end).stderr
            pipe_end.close()
            written = piped.read()
    else:
        written, _ = said_on_a_terminal(tmp_path, simulator, "resume")
        said = written
    if flags:
        assert [job["status"] for job in json.loads(written)] == ["unknown"] * 3
    else:
        assert len([line for line in written.splitlines() if line.startswith("job ")]) == 3
    for job_id in range(1, 4):
        step = next_step_of(tmp_path, f"job {job_id}:")
        assert sum(step in line for line in said.splitlines()) == 1
        reminded = f"job {job_id}: unknown - {step}"
        assert (reminded in said.splitlines()) is (stdout == "pipe")


@pytest.mark.parametrize("into", ["file", "pipe"])
def test_resume_with_stderr_where_stdout_goes_says_each_job_once_its_step_after_it(
    tmp_path, simulator, into
):
    """`resume > log 2>&1` (a job run at night), `resume 2>&1 | less`: what stderr says goes
    where stdout's lines go, read or dropped with them. Before, each job left unknown was
    said twice there, its step apart from its line, after all the jobs."""
    for prompt in ("a fox", "a hare", "an owl"):
        a_job_left_sending(tmp_path, prompt)
    log = tmp_path / "log"
    with open(log, "w") as file:
        done = subprocess.run(
            [sys.executable, "-m", "kontext_studio", "resume"],
            env=cli_env(tmp_path, simulator),
            stdout=file if into == "file" else subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=60,
            cwd=ROOT,
        )
    said = log.read_text() if into == "file" else done.stdout
    lines = said.splitlines()
    for job_id in range(1, 4):
        [line] = lines_of_job(said, job_id)
        assert line.startswith(f"job {job_id}: unknown - ")
        assert lines[lines.index(line) + 1] == next_step_of(tmp_path, line)


def test_two_pipes_windows_numbers_alike_are_not_taken_for_one(monkeypatch):
    """Windows gives a pipe no file number (its stat's st_ino and st_dev are 0): stdout and
    stderr, two pipes of a script, look like one. Taken so, a job left unknown would not be
    said again on stderr, its line into a pipe its reader may drop."""
    from kontext_studio.cli import output

    class Piped(io.StringIO):
        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

        def fileno(self) -> int:
            return self.number

    pipe = os.stat_result((stat.S_IFIFO, 0, 0, 1, 0, 0, 0, 0, 0, 0))
    monkeypatch.setattr(output.sys, "stdout", Piped(1))
    monkeypatch.setattr(output.sys, "stderr", Piped(2))
    monkeypatch.setattr(output.os, "fstat", lambda number: pipe)
    assert not output.stderr_with_stdout()


def said_on_a_terminal(
    home: Path, sim: Simulator, *args: str, stdout: Any = None
) -> tuple[str, int]:
    """What the command line says on a terminal its stderr is (a pseudo-terminal), with its
    exit code; stdout goes there too unless given (a file)."""
    main, terminal = os.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kontext_studio", *args],
            env=cli_env(home, sim),
            stdout=terminal if stdout is None else stdout,
            stderr=terminal,
            cwd=ROOT,
        )
    finally:
        os.close(terminal)
    said = b""
    with contextlib.suppress(OSError):  # EIO once no one holds the terminal open
        while chunk := os.read(main, 4096):
            said += chunk
    os.close(main)
    return said.decode().replace("\r\n", "\n"), proc.wait(timeout=60)


@pytest.mark.parametrize(
    ("prompt", "end", "flags"),
    [
        ("a fox", "job 1: completed -> ", ()),
        ("a forbidden fox", "job 1: failed - KIE refused", ()),
        ("a forbidden fox", "job 1: failed - KIE refused", ("--json",)),
    ],
)
def test_how_a_job_ended_is_said_on_the_terminal_when_stdout_goes_elsewhere(
    tmp_path, simulator, prompt, end, flags
):
    """Before: `generate "a fox" > out.txt` ended with its last progress line on the
    terminal, "job 1: downloading", and nothing said the job had ended; one that failed said
    its next step ("`kontext-studio retry 1` ...") without a word of its failure; with
    --json, the same. Its result line is said on the terminal too, once, when stdout goes
    into a file; not when the terminal takes stdout too, or a pipe does (`| tee`)."""
    args = ("generate", prompt, *flags)
    with open(tmp_path / "out.txt", "w") as result:
        said, code = said_on_a_terminal(tmp_path, simulator, *args, stdout=result)
    written = (tmp_path / "out.txt").read_text().splitlines()
    assert code == (0 if prompt == "a fox" else 1)
    [line] = [line for line in said.splitlines() if line.startswith(end)]
    if flags:
        [value] = [json.loads(line) for line in written]
        assert line == f"job 1: {value['status']} - {value['message']}"
    else:
        assert written == [line]
    both, _ = said_on_a_terminal(tmp_path / "again", simulator, *args)
    assert sum(line.startswith(end) for line in both.splitlines()) == (0 if flags else 1)
    reader, pipe = os.pipe()
    with open(reader) as teed, open(pipe, "w") as into:
        piped, _ = said_on_a_terminal(tmp_path / "teed", simulator, *args, stdout=into)
        into.close()
        assert len(teed.read().splitlines()) == 1
    assert not any(line.startswith(end) for line in piped.splitlines())


@pytest.mark.parametrize(
    ("kind", "holder_demo", "said"),
    [
        (
            "window",
            False,
            "The window (live mode) has this library open and carries on its unfinished live "
            "jobs; nothing was resumed here.",
        ),
        (
            "window",
            True,
            "The window (demo mode) has this library open, so nothing was resumed here: it "
            "does not run live jobs; switch it to live mode, or quit it and run "
            "`kontext-studio resume` again.",
        ),
        (
            "generate",
            True,
            "`kontext-studio generate` (pid {pid}) has this library open, so nothing was "
            "resumed here: run `kontext-studio resume` again once it has ended.",
        ),
    ],
)
def test_resume_beside_a_holder_says_who_it_is_and_whether_it_runs_the_jobs(
    app_home, capsys, simulator, kind, holder_demo, said
):
    """Before: "Kontext Studio is open on this library elsewhere (the window or another
    command) and carries on its unfinished jobs", also of a window in demo mode, which
    leaves the live jobs alone, and of a command, which carries on none left after it
    started."""
    from kontext_studio import cli
    from kontext_studio.jobs.claim import Holder, JobsClaim, claim_path

    a_queued_job(app_home, "a fox")
    holder = JobsClaim(
        claim_path(Paths.from_env().ensure().database), Holder.here(kind, demo=holder_demo)
    )
    assert holder.take()
    try:
        assert cli.main(["resume", "--json"]) == 0
    finally:
        holder.release()
    out, err = capsys.readouterr()
    assert out == "[]\n"
    assert err.splitlines()[-1] == said.format(pid=os.getpid())
    assert simulator.generate_requests == []


def test_resume_leaves_the_jobs_to_the_window_that_has_the_library_open(tmp_path, simulator):
    """Before: `resume` carried on every unfinished job while the window carried them on
    too, so a queued job was sent by both and charged twice."""
    from kontext_studio.jobs.claim import JobsClaim
    from kontext_studio.kie.models import GenerateRequest
    from kontext_studio.store.ledger import Ledger

    database = tmp_path / "data" / "library.sqlite3"
    ledger = Ledger.open(database)
    try:
        ledger.create_job(GenerateRequest("a fox the window will send", aspect_ratio="1:1"))
    finally:
        ledger.close()
    window = JobsClaim(database.with_name(database.name + ".jobs.lock"))
    assert window.take()  # the window's claim, as open_session takes it
    try:
        proc = run_process(tmp_path, simulator, "resume")
        # Before: with --json only "[]", as if nothing were unfinished, and no word of why.
        scripted = run_process(tmp_path, simulator, "resume", "--json")
    finally:
        window.release()
    assert proc.returncode == 0
    assert "open on this library elsewhere" in proc.stderr
    assert (scripted.returncode, scripted.stdout) == (0, "[]\n")
    assert "open on this library elsewhere" in scripted.stderr
    assert simulator.generate_requests == []

    code, result, _err = run_cli(tmp_path, simulator, "resume", "--json")
    assert code == 0 and [row["status"] for row in result] == ["completed"]
    assert len(simulator.generate_requests) == 1


async def test_a_command_killed_while_sending_beside_the_window_is_left_unknown_by_it(
    app_home, simulator
):
    """The window holds the claim; `generate` in a terminal is killed while its request is
    on its way to KIE. Before: the job stayed "submitting" until the window was started
    again. Now the window's engine makes it unknown (it may have been charged), never
    sending it again, once the command is gone, and not while it runs."""
    from kontext_studio.jobs.states import JobState
    from kontext_studio.session import open_session

    simulator.update(generate_delay_s=30.0)
    window = open_session(schedule=fast_schedule())
    try:
        assert await window.engine.resume() == []
        proc = start_generate(app_home, simulator, "a fox killed while sending")
        wait_for(lambda: simulator.generate_count("a fox killed while sending") == 1)
        assert await window.engine.carry_on_left_jobs() == []  # the command still runs
        assert job_states(app_home) == ["submitting"]
        kill(proc)
        (job_id,) = job_ids(app_home)
        assert await window.engine.carry_on_left_jobs() == [job_id]
        left = window.ledger.get(job_id)
        assert left is not None and left.state is JobState.UNKNOWN
        assert "may or may not" in left.error_message
    finally:
        await window.aclose()
    assert simulator.generate_count("a fox killed while sending") == 1


def test_resume_leaves_the_jobs_while_a_command_runs_its_own(tmp_path, slow_simulator):
    """The window that held the claim has closed while `generate` runs: before, `resume`
    took the claim and ran the command's job too, both following it and saving its image
    (a queued one would have been sent, and charged, twice)."""
    from kontext_studio.jobs.claim import JobsClaim

    sim = slow_simulator
    sim.update(latency_s=(30.0, 30.0))
    database = tmp_path / "data" / "library.sqlite3"
    database.parent.mkdir(parents=True)
    window = JobsClaim(database.with_name(database.name + ".jobs.lock"))
    assert window.take()
    proc = start_generate(tmp_path, sim, "a fox the command runs")
    try:
        wait_for(lambda: job_states(tmp_path) == ["generating"])
        window.release()  # the window closes
        resumed = run_process(tmp_path, sim, "resume")
    finally:
        kill(proc)
    assert resumed.returncode == 0, resumed.stderr
    assert "running jobs on this library elsewhere" in resumed.stderr
    assert "No unfinished jobs" not in resumed.stdout
    assert job_states(tmp_path) == ["generating"]


def test_resume_in_demo_mode_with_only_live_jobs_does_not_say_there_are_none(tmp_path):
    """Before: stdout said "No unfinished jobs." while stderr said one was left waiting."""
    from kontext_studio.jobs.states import JobState
    from kontext_studio.kie.models import GenerateRequest
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(tmp_path / "data" / "library.sqlite3")
    try:
        job = ledger.create_job(GenerateRequest("a paid fox", aspect_ratio="1:1"))
        ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
        ledger.transition(job.id, JobState.GENERATING, task_id="live-task")
    finally:
        ledger.close()
    proc = run_process(tmp_path, None, "resume", "--demo")
    assert proc.returncode == 0, proc.stderr
    assert "No unfinished jobs." not in proc.stdout
    assert (
        "1 job sent to KIE in live mode was left waiting: demo mode cannot follow it. Run "
        "`kontext-studio resume` without --demo to carry it on."
    ) in proc.stderr.splitlines()


def live_jobs_left_generating(count: int) -> list[Snapshot]:
    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        made = []
        for n in range(count):
            job = ledger.create_job(GenerateRequest(f"a paid fox {n}"))
            ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
            made.append(ledger.transition(job.id, JobState.GENERATING, task_id=f"live-{n}"))
        return made
    finally:
        ledger.close()


KEY_MISSING_ONE = (
    "1 job sent to KIE in live mode was left waiting: no KIE API key is set, so this command "
    "ran in demo mode, which cannot follow it. Set your key with `kontext-studio key set` (or "
    "in KIE_API_KEY), then `kontext-studio resume` carries it on."
)
KEY_MISSING_TWO = (
    "2 jobs sent to KIE in live mode were left waiting: no KIE API key is set, so this "
    "command ran in demo mode, which cannot follow them. Set your key with `kontext-studio "
    "key set` (or in KIE_API_KEY), then `kontext-studio resume` carries them on."
)


@pytest.mark.parametrize(("count", "said"), [(1, KEY_MISSING_ONE), (2, KEY_MISSING_TWO)])
def test_resume_without_a_key_says_the_key_is_missing_and_does_not_exit_0(
    app_home, capsys, count, said
):
    """Before: "1 job(s) sent to KIE in live mode were left waiting … Run `kontext-studio
    resume` without --demo to carry them on.", exit 0, to a `resume` run without --demo:
    what was missing is the key, and nothing was carried on."""
    from kontext_studio import cli

    jobs = live_jobs_left_generating(count)
    assert cli.main(["resume", "--json"]) == 2
    out, err = capsys.readouterr()
    assert json.loads(out) == []
    assert said in err.splitlines()
    ledger = Ledger.open(Paths.from_env().database)
    try:
        assert [ledger.get(job.id) for job in jobs] == jobs  # left as they were
    finally:
        ledger.close()


def test_resume_in_live_mode_says_how_many_demo_jobs_it_left_without_job_s(
    app_home, capsys, simulator
):
    from kontext_studio import cli

    for _ in range(2):
        left_generating(simulated=True)
    assert cli.main(["resume", "--json"]) == 0  # live mode, as asked: nothing is missing
    out, err = capsys.readouterr()
    assert json.loads(out) == []
    assert (
        "2 jobs made in demo mode were left waiting: only `kontext-studio resume --demo` can "
        "finish them."
    ) in err.splitlines()


@pytest.mark.parametrize(
    ("failed", "then"),
    [
        (True, "then run `kontext-studio retry 1` again."),
        # Still running, left by a command that ended: `retry` would refuse it then.
        (False, "then `kontext-studio resume` carries it on."),
    ],
)
def test_retry_of_a_live_job_without_a_key_says_how_to_set_one(app_home, capsys, failed, then):
    """Before: "it carries on only in live mode, with your API key", not saying how to set
    one; the command was run in live mode, as far as the artist could tell."""
    from kontext_studio import cli

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a paid fox"))
        ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
        job = ledger.transition(job.id, JobState.GENERATING, task_id="live-1", submitted_at=1.0)
        if failed:
            job = ledger.transition(job.id, JobState.FAILED, error_kind="network")
    finally:
        ledger.close()
    assert cli.main(["retry", str(job.id), "--json"]) == 2
    out, _ = capsys.readouterr()
    assert json.loads(out)["message"] == (
        "Job 1 was sent to KIE in live mode: it carries on only in live mode, and no KIE API "
        "key is set, so this command ran in demo mode. Set your key with `kontext-studio key "
        f"set` (or in KIE_API_KEY), {then}"
    )


def test_retry_without_a_key_of_a_live_job_left_beside_a_window_says_both_ways_on(app_home, capsys):
    """A live job still running while the window has the library open; `retry` of it from a
    terminal without a key. The window runs it only if it has the key: one in demo mode (no
    key there either, the usual case: the key is kept for both) leaves a live job alone.
    Before, the job was said to be "running already, in the window …: wait for it to end",
    which in that case never came. The words say the window carries it on if it runs in live
    mode, and how to carry it on if not."""
    from kontext_studio import cli
    from kontext_studio.jobs.claim import JobsClaim, claim_path

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a paid fox"))
        ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
        ledger.transition(job.id, JobState.GENERATING, task_id="live-1", submitted_at=1.0)
    finally:
        ledger.close()
    window = JobsClaim(claim_path(Paths.from_env().database))  # in demo mode, or live
    assert window.take()
    try:
        assert cli.main(["retry", str(job.id), "--json"]) == 2
    finally:
        window.release()
    out, _ = capsys.readouterr()
    assert json.loads(out) == {
        "status": "error",
        "kind": "job_running",
        "message": "Job 1 was sent to KIE in live mode and has not ended; the window or another "
        "command has this library open, and carries it on if it runs in live mode, so there is "
        "nothing to send again (`kontext-studio jobs 1` shows how it goes). No KIE API key is "
        "set here, so this command ran in demo mode: if the window is in demo mode too, set "
        "your key with `kontext-studio key set` (or in KIE_API_KEY), then close the window and "
        "run `kontext-studio resume`.",
    }


@pytest.mark.parametrize(
    ("window_demo", "kind", "said"),
    [
        (
            False,
            "job_running",
            "Job 1 was sent to KIE in live mode and has not ended; the window (live mode) has "
            "this library open and carries it on, so there is nothing to send again "
            "(`kontext-studio jobs 1` shows how it goes).",
        ),
        (
            True,
            "invalid_input",
            "Job 1 was sent to KIE in live mode and has not ended, and the window (demo mode) "
            "has this library open: it does not run live jobs. No KIE API key is set here "
            "either, so this command ran in demo mode: set your key with `kontext-studio key "
            "set` (or in KIE_API_KEY), then switch the window to live mode, or quit it and run "
            "`kontext-studio resume`.",
        ),
    ],
)
def test_retry_without_a_key_of_a_live_job_beside_the_window_says_what_its_mode_does(
    app_home, capsys, window_demo, kind, said
):
    """The window writes its mode into the library's claim: `retry` of a running live job
    without a key no longer says "if the window is in demo mode too …", but whether it is."""
    from kontext_studio import cli
    from kontext_studio.jobs.claim import WINDOW, Holder, JobsClaim, claim_path

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a paid fox"))
        ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
        ledger.transition(job.id, JobState.GENERATING, task_id="live-1", submitted_at=1.0)
    finally:
        ledger.close()
    path = claim_path(Paths.from_env().database)
    window = JobsClaim(path, Holder.here(WINDOW, demo=window_demo))
    assert window.take()
    try:
        assert cli.main(["retry", str(job.id), "--json"]) == 2
    finally:
        window.release()
    out, err = capsys.readouterr()
    assert json.loads(out) == {"status": "error", "kind": kind, "message": said}
    assert err.splitlines()[-1] == said


def test_attach_of_a_live_job_without_a_key_says_the_whole_command_to_run_again(app_home, capsys):
    """The words after a key is set name the command to run again: for attach, with the
    task ID. Before, `kontext-studio attach 1` was said, which argparse refuses for want of
    its TASK_ID."""
    from kontext_studio import cli

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a paid fox"))
        ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
        ledger.transition(job.id, JobState.UNKNOWN, error_kind="outcome_unknown")
    finally:
        ledger.close()
    assert cli.main(["attach", str(job.id), "task-in-the-logs", "--json"]) == 2
    out, _ = capsys.readouterr()
    assert json.loads(out)["message"].endswith(
        "then run `kontext-studio attach 1 task-in-the-logs` again."
    )


# One job in full: `jobs ID`.


def test_jobs_with_a_number_shows_that_job_in_full(app_home, capsys):
    """Before: `jobs 1` was refused; only the whole library could be listed, a line each."""
    from kontext_studio import cli
    from kontext_studio.config import Paths
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        ledger.create_job(GenerateRequest("a heron in reeds"))
        job = ledger.create_job(
            GenerateRequest(
                "make it\nnight",
                aspect_ratio=None,
                image_path="/tmp/portrait.png",
                model="flux-kontext-max",
            ).validated()
        )
        ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
        ledger.transition(job.id, JobState.GENERATING, task_id="task-7", submitted_at=1.0)
        ledger.transition(
            job.id, JobState.FAILED, error_kind="credits", error_message="Credits insufficient"
        )
    finally:
        ledger.close()
    assert cli.main(["jobs", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert cli.main(["jobs", str(job.id), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown == next(row for row in listed if row["id"] == job.id)
    assert shown["prompt"] == "make it\nnight" and shown["task_id"] == "task-7"
    assert shown["hint"].startswith("Top up your KIE credits")

    assert cli.main(["jobs", str(job.id)]) == 0
    out = capsys.readouterr().out
    first, *details = out.splitlines()
    assert first.startswith(f'job {job.id}: failed "make it" - ')
    assert "  prompt: make it night" in details
    assert "  model: flux-kontext-max, ratio: match, source: generated" in details
    assert "  reference image: portrait.png" in details
    assert "  task: task-7" in details
    assert any(line.startswith("  created: ") for line in details)
    assert f"  next: {shown['hint']}" in details
    assert (shown["reference"], shown["reference_job"]) == ("portrait.png", None)
    assert next(row for row in listed if row["id"] != job.id)["reference"] is None


def test_an_edit_of_a_library_image_names_that_job(app_home, capsys):
    """An edit of one of a batch's results (the window's Use as reference): `jobs ID` says
    which job's image it changed, and its JSON has the reference's name and that job. Before,
    the JSON had no reference at all, and the line only a title the batch shared."""
    from kontext_studio import cli
    from kontext_studio.config import Paths
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(
            GenerateRequest(
                "add a red moon",
                aspect_ratio=None,
                image_path="/tmp/references/abc.sent4.png",
                image_name="make it night.png",
                image_job=3,
            ).validated()
        )
    finally:
        ledger.close()
    assert cli.main(["jobs", str(job.id), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["reference"], shown["reference_job"]) == ("make it night.png", 3)
    assert cli.main(["jobs", str(job.id)]) == 0
    details = capsys.readouterr().out.splitlines()
    assert "  reference image: make it night.png (the image of job 3)" in details


def test_an_artwork_made_for_another_job_s_late_task_names_that_job(app_home, capsys):
    """A task KIE made for a send of job 1, cancelled while it was out, that the job could
    not keep (sent again meanwhile) is an artwork of its own: `jobs ID` says which job's
    send made it, and that it was charged, and its JSON names that job. Before, only its
    description said so, which `jobs` does not show (and which went out when published)."""
    from kontext_studio import cli
    from kontext_studio.config import Paths
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a fox sent twice"))
        own, _ = ledger.create_following(job, "task-late")
    finally:
        ledger.close()
    assert cli.main(["jobs", str(own.id), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["made_for_job"], shown["task_id"]) == (job.id, "task-late")
    assert cli.main(["jobs", str(own.id)]) == 0
    details = capsys.readouterr().out
    assert f"  made by: an earlier send of job {job.id}, cancelled while it was out" in details
    assert cli.main(["jobs", str(job.id), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["made_for_job"] is None
    assert cli.main(["jobs", str(job.id)]) == 0
    assert "made by" not in capsys.readouterr().out


def test_a_job_whose_late_task_was_kept_apart_names_that_artwork(app_home, capsys):
    """The other way: `jobs ID` of the job whose earlier send made the artwork kept apart.
    Before, nothing on the job said so: an unknown job's `resubmit` paid again for an
    image already in the library, with nothing to tell the artist."""
    from kontext_studio import cli
    from kontext_studio.config import Paths
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a fox sent twice"))
        other = ledger.create_job(GenerateRequest("a fox sent once"))
        own, _ = ledger.create_following(job, "task-late")
    finally:
        ledger.close()
    assert cli.main(["jobs", str(job.id)]) == 0
    details = capsys.readouterr().out
    assert "  also made: KIE's late answer to an earlier send of this job" in details
    assert f"is kept as artwork {own.id}" in details
    for unlinked in (other, own):
        assert cli.main(["jobs", str(unlinked.id)]) == 0
        assert "also made" not in capsys.readouterr().out


def test_a_job_s_json_lists_the_artworks_kept_for_its_late_tasks(app_home, capsys):
    """`jobs ID --json` (and each row of `jobs --json`) lists the artworks kept for tasks
    of the job's earlier sends, as its text output names them: before, a script saw
    ``made_for_job`` on the artwork only, and nothing on the job it was about to resubmit."""
    from kontext_studio import cli
    from kontext_studio.config import Paths
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a fox sent thrice"))
        first, _ = ledger.create_following(job, "task-late-1")
        second, _ = ledger.create_following(job, "task-late-2")
    finally:
        ledger.close()
    assert cli.main(["jobs", str(job.id), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["kept_artworks"] == [first.id, second.id]
    assert cli.main(["jobs", str(first.id), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["kept_artworks"] == []
    assert cli.main(["jobs", "--json"]) == 0
    listed = {row["id"]: row["kept_artworks"] for row in json.loads(capsys.readouterr().out)}
    assert listed == {job.id: [first.id, second.id], first.id: [], second.id: []}


def test_a_job_with_several_artworks_kept_for_its_late_tasks_says_artworks(app_home, capsys):
    """Two sends of a job, each cancelled while out, each answered late: `jobs ID` says
    both artworks in the plural, and how many sends made them. Before, "KIE's late answer to
    an earlier send of this job ... is kept as artwork 2, 3", as if one send made both."""
    from kontext_studio import cli
    from kontext_studio.config import Paths
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a fox sent thrice"))
        first, _ = ledger.create_following(job, "task-late-1")
        second, _ = ledger.create_following(job, "task-late-2")
    finally:
        ledger.close()
    assert cli.main(["jobs", str(job.id)]) == 0
    details = capsys.readouterr().out
    assert "KIE's late answers to 2 earlier sends of this job" in details
    assert f"are kept as artworks {first.id}, {second.id}" in details
    assert "is kept as artwork" not in details


def test_an_artwork_kept_for_a_deleted_job_s_late_task_says_that_job_is_gone(app_home, capsys):
    """The job an artwork was kept for, deleted since: `jobs ID` of the artwork still names
    its number, and says it is gone, where before `jobs N` of it then answered that there
    is no job N, as if the artwork named the wrong one."""
    from kontext_studio import cli
    from kontext_studio.config import Paths
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a fox sent twice"))
        own, _ = ledger.create_following(job, "task-late")
        assert cli.main(["jobs", str(own.id)]) == 0
        assert "deleted since" not in capsys.readouterr().out
        ledger.delete(job.id)
    finally:
        ledger.close()
    assert cli.main(["jobs", str(own.id)]) == 0
    details = capsys.readouterr().out
    assert f"an earlier send of job {job.id}" in details
    assert f"  (job {job.id} has been deleted since)" in details


def sent_to(simulator: Simulator, monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands run in this process send live (a key) to ``simulator``, polling it as
    the processes of :func:`cli_env` do: at KIE's pace a retry polled for ~7 s an image the
    simulator makes in 0.2."""
    monkeypatch.setenv("KONTEXT_STUDIO_POLL_SCALE", "0.01")
    monkeypatch.setenv("KONTEXT_STUDIO_KIE_URL", simulator.base_url)
    monkeypatch.setenv("KONTEXT_STUDIO_KIE_UPLOAD_URL", simulator.base_url)
    monkeypatch.setenv("KIE_API_KEY", TEST_KEY)


def taken_by_the_window(database: Path, snap: Snapshot) -> None:
    """The window, through a connection of its own, takes ``snap`` over as the command sends
    it: it follows a task of its own (``task-window``)."""
    window = Ledger.open(database)
    try:
        window.transition(snap.id, JobState.GENERATING, expect={snap.state}, task_id="task-window")
    finally:
        window.close()


def beside_a_window_taking_the_task(monkeypatch, simulator, argv: list[str]) -> int:
    """Run the command ``argv`` in this process while the window holds the library's jobs,
    and takes the command's job over as the command is about to send it: it writes the job
    generating, following a task of its own (the window's ``_keep_task_of_resent`` as it
    lands), and the command's send is never made. Returns the command's exit code."""
    from kontext_studio import cli
    from kontext_studio.config import Paths
    from kontext_studio.jobs.claim import JobsClaim
    from kontext_studio.jobs.engine import JobEngine

    database = Paths.from_env().ensure().database

    async def window_takes_the_task(_engine, snap, _request):
        taken_by_the_window(database, snap)
        return None

    monkeypatch.setattr(JobEngine, "_input_url", window_takes_the_task)
    sent_to(simulator, monkeypatch)
    claim = JobsClaim(database.with_name(database.name + ".jobs.lock"))
    assert claim.take()  # the window's
    try:
        return cli.main(argv)
    finally:
        claim.release()


@pytest.mark.parametrize("as_json", [False, True])
def test_resubmit_whose_job_the_window_takes_over_says_the_window_carries_it_on(
    app_home, simulator, monkeypatch, capsys, as_json
):
    """The window cancelled job 1 while its send was out; `resubmit` sends it again, and
    while it uploads the reference, KIE answers the window's send with its task: the window
    takes it and follows it (the job is not sent again), and the command's send is never
    made. Before, the command said the job "stopped before it finished (the log folder says
    why)" and that `resume` carries it on, which refuses while the window runs it."""
    from kontext_studio.cli import output
    from kontext_studio.config import Paths
    from kontext_studio.jobs.states import JobState
    from kontext_studio.store.ledger import Ledger

    database = Paths.from_env().ensure().database
    ledger = Ledger.open(database)
    try:
        job = ledger.create_job(GenerateRequest("a fox the window took back"))
        ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
        ledger.transition(job.id, JobState.UNKNOWN, error_kind="outcome_unknown")
    finally:
        ledger.close()

    json_flag = ["--json"] if as_json else []
    code = beside_a_window_taking_the_task(
        monkeypatch, simulator, ["resubmit", str(job.id), "--yes", *json_flag]
    )
    assert code == output.EXIT_CARRIED_ON  # it did not fail: the job goes on, in the window
    said = capsys.readouterr().out
    if as_json:
        said = json.loads(said.splitlines()[-1])["message"]
    assert "stopped before it finished" not in said and "`kontext-studio resume`" not in said
    assert "carried on in the window or another command open on this library" in said
    assert f"`kontext-studio jobs {job.id}`" in said
    assert simulator.generate_requests == []


def test_generate_whose_job_the_window_takes_over_says_the_window_carries_it_on(
    app_home, simulator, monkeypatch, capsys
):
    """As for `resubmit` above, a `generate`'s job the window took over (it cancelled the
    job and follows a task KIE made for it) while the command waited to send it: the
    command's send is never made. Before, it said the job "stopped before it finished" and
    that `resume` carries it on, which refuses while the window runs it."""
    from kontext_studio.cli import output

    code = beside_a_window_taking_the_task(
        monkeypatch, simulator, ["generate", "a fox the window took over", "--json"]
    )
    assert code == output.EXIT_CARRIED_ON
    shown = json.loads(capsys.readouterr().out.splitlines()[-1])
    said = shown["message"]
    assert "stopped before it finished" not in said and "`kontext-studio resume`" not in said
    assert "carried on in the window or another command open on this library" in said
    assert shown["status"] == "generating" and shown["path"] is None
    assert simulator.generate_requests == []


def test_retry_whose_job_the_window_takes_over_ends_with_the_carried_on_code(
    app_home, simulator, monkeypatch, capsys
):
    """`retry` of a job cancelled before it was sent, taken over by the window as the
    command is about to send it: as for `resubmit` and `generate` above, the window carries
    it on. Before, all three said so and exited 1, which says the command failed: a script
    retrying on failure would send the job once more. They exit 4, which the README names."""
    from kontext_studio.cli import output
    from kontext_studio.jobs.states import JobState
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a fox the window took over from retry"))
        ledger.transition(job.id, JobState.CANCELLED, error_kind="", error_message="")
    finally:
        ledger.close()
    code = beside_a_window_taking_the_task(monkeypatch, simulator, ["retry", str(job.id)])
    said = capsys.readouterr().out
    assert "carried on in the window or another command open on this library" in said
    assert code == output.EXIT_CARRIED_ON == 4
    assert simulator.generate_requests == []


def test_resubmit_whose_own_send_was_made_before_the_window_sent_the_job_again_names_its_artwork(
    app_home, simulator, monkeypatch, capsys
):
    """`resubmit` sends job 1; while its send is out the window cancels the job and sends it
    again itself. KIE made (and charged) the command's task too, which the job cannot keep:
    it becomes an artwork of its own. The command exits 4 (the window carries the job on),
    and says, on stderr, that its own send was made and where its image is: before, only the
    README's words for exit 4, "the command's own send was never made", and the artwork's
    run was cut short as the command closed, its image left for a later `resume`."""
    from kontext_studio import cli
    from kontext_studio.cli import output
    from kontext_studio.jobs.claim import JobsClaim
    from kontext_studio.kie.client import KieClient

    database = Paths.from_env().ensure().database
    ledger = Ledger.open(database)
    try:
        job = ledger.create_job(GenerateRequest("a fox sent from two places"))
        ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
        ledger.transition(job.id, JobState.UNKNOWN, error_kind="outcome_unknown")
    finally:
        ledger.close()
    sent = KieClient.generate

    async def answered_as_the_window_sends_again(client, request, *args, **kwargs):
        task_id = await sent(client, request, *args, **kwargs)
        window = Ledger.open(database)
        try:
            row = window.get(job.id)
            window.transition(job.id, JobState.CANCELLED, expect={row.state})
            window.transition(job.id, JobState.QUEUED)
            window.transition(job.id, JobState.SUBMITTING, submit_count=row.submit_count + 1)
            window.transition(job.id, JobState.GENERATING, task_id="task-window")
        finally:
            window.close()
        return task_id

    monkeypatch.setattr(KieClient, "generate", answered_as_the_window_sends_again)
    sent_to(simulator, monkeypatch)
    claim = JobsClaim(database.with_name(database.name + ".jobs.lock"))
    assert claim.take()  # the window's
    try:
        code = cli.main(["resubmit", str(job.id), "--yes"])
    finally:
        claim.release()
    assert code == output.EXIT_CARRIED_ON
    _, err = capsys.readouterr()
    ledger = Ledger.open(database)
    try:
        (own,) = ledger.kept_for(job.id)
    finally:
        ledger.close()
    assert own.state is JobState.COMPLETED and Path(own.file_path).is_file()
    assert (
        f"This command's send of job {job.id} was made, and charged, before the job was sent "
        f"again elsewhere: its image is kept as artwork {own.id} -> {own.file_path}"
    ) in err


def test_retry_of_a_job_cancelled_before_its_send_names_the_artwork_an_earlier_send_made(
    app_home, simulator, monkeypatch, capsys
):
    """`retry --yes` of a job cancelled before its send went out sends it to KIE, charged:
    it says first, on stderr, that an earlier send's image is in the library already (that
    send, cancelled while out, was answered late). Before, nothing said so. (Without --yes
    it is refused: test_retry_of_a_job_whose_earlier_send_s_image_is_kept_asks_for_yes.)"""
    from kontext_studio import cli

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a fox cancelled twice"))
        own = kept_completed(ledger, job, "late-earlier")
        ledger.transition(job.id, JobState.CANCELLED, error_kind="", error_message="")
    finally:
        ledger.close()
    sent_to(simulator, monkeypatch)
    assert cli.main(["retry", str(job.id), "--yes"]) == 0
    err = capsys.readouterr().err
    assert (
        f"An earlier send of job {job.id}, cancelled while it was out, was answered late and "
        f"charged too: its image is already in the library as artwork {own.id}."
    ) in err
    assert simulator.generate_count("a fox cancelled twice") == 1


def test_a_demo_artwork_made_for_another_job_s_late_task_says_no_real_credits_went(
    app_home, capsys
):
    """The same artwork made by the demo server: `jobs ID` says the demo balance was
    lowered for it, no real credits. Before, it said the send was "charged too", and the
    next line that a demo job uses no real credits."""
    from kontext_studio import cli
    from kontext_studio.config import Paths
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a fox sent twice"), simulated=True)
        own, _ = ledger.create_following(job, "task-late")
    finally:
        ledger.close()
    assert cli.main(["jobs", str(own.id)]) == 0
    details = capsys.readouterr().out
    made = next(line for line in details.splitlines() if line.startswith("  made by:"))
    assert f"job {job.id}" in made and "demo balance" in made and "charged" not in made


def test_jobs_lists_a_job_whose_stored_request_is_damaged(app_home, capsys):
    """A row whose request another program left as JSON that is no object ("null"): `jobs
    --json` lists it, with no reference, as `jobs ID` shows it. Before, the listing, which
    reads every job's reference since it names it, stopped on it with a traceback."""
    import sqlite3

    from kontext_studio import cli
    from kontext_studio.config import Paths
    from kontext_studio.store.ledger import Ledger

    database = Paths.from_env().ensure().database
    ledger = Ledger.open(database)
    try:
        job = ledger.create_job(GenerateRequest("a heron in reeds"))
    finally:
        ledger.close()
    with contextlib.closing(sqlite3.connect(database)) as other_program, other_program:
        other_program.execute("UPDATE artwork SET request_json = 'null' WHERE id = ?", [job.id])

    assert cli.main(["jobs", "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert (listed["id"], listed["reference"], listed["reference_job"]) == (job.id, None, None)
    assert cli.main(["jobs", str(job.id)]) == 0
    assert "a heron in reeds" in capsys.readouterr().out


def test_jobs_with_a_number_not_in_the_library_or_with_search_is_refused(app_home, capsys):
    from kontext_studio import cli

    a_library_with("a red fox at dawn")
    assert cli.main(["jobs", "7", "--json"]) == 2
    refused = json.loads(capsys.readouterr().out)
    assert (refused["status"], refused["kind"]) == ("error", "invalid_input")
    assert "There is no job 7." in refused["message"]
    with pytest.raises(SystemExit) as refused_search:
        cli.main(["jobs", "1", "--search", "fox", "--json"])
    assert refused_search.value.code == 2
    out, err = capsys.readouterr()
    assert "do not go together" in json.loads(out)["message"] and "do not go together" in err


# Cancel: `cancel ID`, as the window's Cancel.


def test_cancel_stops_tracking_a_job_a_generate_command_runs(tmp_path, slow_simulator):
    """Before: no `cancel` command: a job could be stopped only from the window. The job
    runs in another process (a `generate` in another terminal): the cancel is written on
    its row, and that process finds it at its run's next step and leaves the job,
    downloading nothing."""
    sim = slow_simulator
    sim.update(latency_s=(30.0, 30.0))  # a cancel started late under load still comes first
    proc = start_generate(tmp_path, sim, "a heron cancelled")
    try:
        wait_for(lambda: job_states(tmp_path) == ["generating"])
        code, result, err = run_cli(tmp_path, sim, "cancel", "1", "--json")
        out, generate_err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            kill(proc)
    assert code == 0, err
    assert result["status"] == "cancelled" and result["id"] == 1
    assert result["message"] == (
        "Stopped tracking. KIE has no cancel call, so credits may still be spent."
    )
    assert proc.returncode == 1, generate_err
    assert json.loads(out.strip().splitlines()[-1])["status"] == "cancelled"
    assert job_states(tmp_path) == ["cancelled"]
    assert not list((tmp_path / "data" / "artworks").rglob("*.png"))
    assert sim.generate_count("a heron cancelled") == 1

    proc2 = run_process(tmp_path, sim, "cancel", "1")
    assert proc2.returncode == 2
    assert "Job 1 is not running, so there is nothing to cancel." in proc2.stderr


def test_a_generate_waiting_for_a_job_cancelled_elsewhere_ends_while_kie_still_makes_it(
    tmp_path, slow_simulator
):
    """Before: the `generate` that ran the job went on asking KIE about the task until it
    ended (here ten minutes; at worst the poll time-out) before it said the job was
    cancelled; the window, running a job cancelled from a terminal, counted it running as
    long."""
    sim = slow_simulator
    sim.update(latency_s=(600.0, 600.0))
    proc = start_generate(tmp_path, sim, "a heron KIE takes long over")
    try:
        wait_for(lambda: job_states(tmp_path) == ["generating"])
        code, _result, err = run_cli(tmp_path, sim, "cancel", "1", "--json")
        assert code == 0, err
        out, generate_err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            kill(proc)
    assert proc.returncode == 1, generate_err
    assert json.loads(out.strip().splitlines()[-1])["status"] == "cancelled"


def test_a_generate_hears_a_cancel_before_the_first_poll_of_its_task(tmp_path, slow_simulator):
    """Before: a `generate` whose job was cancelled from another terminal heard of it only at
    its next question to KIE about the task, and the first one comes when the task may be
    done (here about 30 s after the send; live, the schedule learns from past jobs): it
    went on waiting, and then asked KIE once more about a job nobody followed. Now it reads
    the job's row while it waits and ends, asking KIE nothing about the task."""
    sim = slow_simulator
    sim.update(latency_s=(600.0, 600.0))
    env = {**cli_env(tmp_path, sim), "KONTEXT_STUDIO_POLL_SCALE": "5"}  # first poll at ~30 s
    proc = subprocess.Popen(
        [sys.executable, "-m", "kontext_studio", "generate", "a heron cancelled", "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        wait_for(lambda: job_states(tmp_path) == ["generating"])
        code, _result, err = run_cli(tmp_path, sim, "cancel", "1", "--json")
        assert code == 0, err
        out, generate_err = proc.communicate(timeout=90)
    finally:
        if proc.poll() is None:
            kill(proc)
    assert proc.returncode == 1, generate_err
    assert json.loads(out.strip().splitlines()[-1])["status"] == "cancelled"
    assert sim.counts.get("record-info", 0) == 0, "KIE was asked about a cancelled job"


def test_cancel_of_a_demo_job_speaks_of_the_demo_server(app_home, capsys):
    """A demo job's cancel says the demo server's words, as the window's Cancel does; a job
    cancelled while it was being sent says only Resubmit sends it again."""
    from kontext_studio import cli
    from kontext_studio.config import Paths
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        demo = ledger.create_job(GenerateRequest("a demo fox"), simulated=True)
        ledger.transition(demo.id, JobState.SUBMITTING, submit_count=1)
        ledger.transition(demo.id, JobState.GENERATING, task_id="task-d", submitted_at=1.0)
        live = ledger.create_job(GenerateRequest("a live fox"))
        ledger.transition(live.id, JobState.SUBMITTING, submit_count=1)
    finally:
        ledger.close()
    assert cli.main(["cancel", str(demo.id)]) == 0
    out, _err = capsys.readouterr()
    assert out == f"job {demo.id}: cancelled - {DEMO_NOTES['CANCEL_NOTE']}\n"
    assert "KIE" not in out.replace("like KIE", "")

    assert cli.main(["cancel", str(live.id), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "cancelled"
    assert "credits may still be spent" in result["message"]
    assert result["hint"] == (
        f"If its task is in the logs of your account on kie.ai, `kontext-studio attach {live.id} "
        f"TASK_ID` brings its image without paying again; else `kontext-studio resubmit {live.id}` "
        "sends it again, and it may be charged twice."
    )


@pytest.mark.parametrize(
    ("simulated", "hint"),
    [
        (False, "`kontext-studio retry 1` fetches its image without paying again."),
        (
            True,
            "`kontext-studio retry 1 --demo` fetches its image without lowering the demo "
            "balance again; a demo job uses no real credits.",
        ),
    ],
)
def test_a_job_cancelled_while_generating_is_told_that_retry_fetches_its_image(
    app_home, capsys, simulated: bool, hint: str
):
    """Before: cancelling a job KIE had made a task for said only that credits may still be
    spent, with an empty hint: nothing told that `retry` follows the task again and fetches
    its image without paying again. `jobs` gives the same next step."""
    from kontext_studio import cli

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a cancelled fox"), simulated=simulated)
        ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
        ledger.transition(job.id, JobState.GENERATING, task_id="task-c", submitted_at=1.0)
    finally:
        ledger.close()
    assert cli.main(["cancel", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["hint"] == hint
    assert cli.main(["jobs", "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["hint"] == hint
    assert cli.main(["jobs", "1"]) == 0
    assert f"  next: {hint}" in capsys.readouterr().out
    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a second fox"), simulated=simulated)
        ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
        ledger.transition(job.id, JobState.GENERATING, task_id="task-d", submitted_at=1.0)
    finally:
        ledger.close()
    assert cli.main(["cancel", "2"]) == 0
    assert hint.replace("retry 1", "retry 2") in capsys.readouterr().err


@pytest.mark.parametrize(
    ("simulated", "note", "hint"),
    [
        (
            False,
            "Stopped before it reached KIE: nothing was sent or charged.",
            "`kontext-studio retry 1` sends it to KIE, charged as any new job.",
        ),
        (
            True,
            "Stopped before it reached the demo server: nothing was sent, and the demo balance "
            "did not go down.",
            "`kontext-studio retry 1 --demo` sends it to the demo server; a demo job uses no "
            "real credits.",
        ),
    ],
)
def test_a_job_cancelled_before_it_was_sent_says_nothing_was_charged_and_retry_sends_it(
    app_home, capsys, simulated: bool, note: str, hint: str
):
    """Before: cancelling a queued job (one a killed command left, or one waiting its turn)
    said only "job 1: cancelled": no word that nothing was sent or charged, and `jobs 1` had
    no next step, while `retry 1` sends it (and KIE charges that, as any job)."""
    from kontext_studio import cli

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        ledger.create_job(GenerateRequest("a queued fox"), simulated=simulated)
    finally:
        ledger.close()
    assert cli.main(["cancel", "1", "--json"]) == 0
    cancelled = json.loads(capsys.readouterr().out)
    assert (cancelled["status"], cancelled["message"], cancelled["hint"]) == (
        "cancelled",
        note,
        hint,
    )
    assert cli.main(["jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f'job 1: cancelled "a queued fox" - {note}\n')
    assert f"  next: {hint}" in out


def test_a_job_cancelled_while_queued_by_an_earlier_version_is_told_that_retry_sends_it(
    app_home, capsys
):
    """A queued job cancelled before the cancel wrote a note has none: its next step is
    still the retry that sends it."""
    from kontext_studio import cli

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("an old queued fox"))
        ledger.transition(job.id, JobState.CANCELLED)
    finally:
        ledger.close()
    assert cli.main(["jobs", "1", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["hint"] == "`kontext-studio retry 1` sends it to KIE, charged as any new job."


@pytest.mark.parametrize(
    ("state", "kind", "refused"),
    [
        (
            JobState.FAILED,
            "network",
            "Only jobs with an unknown outcome can be resubmitted; Retry carries this one on.",
        ),
        (
            JobState.CANCELLED,
            "",
            "Only jobs with an unknown outcome can be resubmitted; Retry carries this one on.",
        ),
        (JobState.COMPLETED, "", "Only jobs with an unknown outcome can be resubmitted."),
    ],
)
def test_resubmit_of_a_job_retry_carries_on_names_retry(
    app_home, capsys, state: JobState, kind: str, refused: str
):
    """Before: `resubmit` of a failed or cancelled job said only that it could not be
    resubmitted (and "Correct it and try again"), not that `retry` is what carries it on."""
    from kontext_studio import cli

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a fox to carry on"))
        if state is JobState.COMPLETED:
            ledger.transition(job.id, JobState.SUBMITTING, submit_count=1)
            ledger.transition(job.id, JobState.GENERATING, task_id="t-1", submitted_at=1.0)
            ledger.transition(job.id, JobState.DOWNLOADING, result_url="https://r.example/1")
        ledger.transition(job.id, state, error_kind=kind)
    finally:
        ledger.close()
    assert cli.main(["resubmit", "1", "--yes", "--json"]) == 2
    out, err = capsys.readouterr()
    assert json.loads(out)["message"] == refused
    assert refused in err


# The KIE API key without the window: `key set|remove|status|test`.

SENTINEL_KEY = "sk-cli-SENTINEL-0123456789abcdef"


def key_commands(monkeypatch, capsys, *args: str, stdin: str = "") -> tuple[int, str, str]:
    """``kontext-studio key ARGS`` in process, stdin a pipe holding ``stdin``."""
    import io

    from kontext_studio import cli

    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli.main(["key", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_key_set_reads_the_key_from_a_pipe_and_stores_it_in_the_keyring_only(
    app_home, memory_keyring, monkeypatch, capsys
):
    """Before: the key could be set only in the window's Settings (or KIE_API_KEY)."""
    from kontext_studio import secrets

    code, out, err = key_commands(
        monkeypatch, capsys, "set", "--json", stdin=SENTINEL_KEY + "\nnext line\n"
    )
    assert code == 0, err
    result = json.loads(out)
    assert result["status"] == "stored" and result["backend"].endswith("MemoryKeyring")
    assert memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] == SENTINEL_KEY
    assert SENTINEL_KEY not in out + err and SENTINEL_KEY[:12] not in out + err
    for path in app_home.rglob("*"):
        if path.is_file():
            assert SENTINEL_KEY not in path.read_text(errors="ignore"), path


def test_key_set_reads_a_key_file_saved_with_a_byte_order_mark_and_crlf(
    app_home, memory_keyring, monkeypatch, capsys
):
    """Before: `key set < key.txt` of a file saved as "UTF-8 with BOM" (Notepad, PowerShell's
    Set-Content) refused the key: "contains characters that cannot be sent", of a key that
    showed none. The mark names the file's encoding; it is no part of the key."""
    from kontext_studio import secrets

    code, out, err = key_commands(
        monkeypatch, capsys, "set", "--json", stdin="\ufeff" + SENTINEL_KEY + "\r\n"
    )
    assert code == 0, err
    assert json.loads(out)["status"] == "stored"
    assert memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] == SENTINEL_KEY


def test_key_set_prompts_without_echo_at_a_terminal(app_home, memory_keyring, monkeypatch, capsys):
    import getpass
    import io

    from kontext_studio import cli, secrets

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    asked: list[str] = []

    def hidden(prompt: str = "") -> str:
        asked.append(prompt)
        return SENTINEL_KEY

    monkeypatch.setattr(sys, "stdin", Terminal("typed, as it would be echoed\n"))
    monkeypatch.setattr(getpass, "getpass", hidden)
    assert cli.main(["key", "set"]) == 0
    out, _err = capsys.readouterr()
    assert asked == ["KIE API key (not shown as you type): "]
    assert memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] == SENTINEL_KEY
    assert out.startswith("The KIE API key is stored in the system keyring (")


def test_key_set_never_takes_the_key_from_the_command_line(
    app_home, memory_keyring, monkeypatch, capsys
):
    code, out, err = key_commands(monkeypatch, capsys, "set", SENTINEL_KEY, "--json")
    assert code == 2
    assert json.loads(out)["kind"] == "invalid_input"
    assert "never taken from the command line" in err
    assert SENTINEL_KEY not in out + err
    assert memory_keyring.store == {}


@pytest.mark.parametrize(
    "words",
    [[SENTINEL_KEY], ["remove", SENTINEL_KEY], ["status", SENTINEL_KEY], ["test", SENTINEL_KEY]],
    ids=["as the action", "after remove", "after status", "after test"],
)
def test_a_key_given_where_no_key_goes_is_not_repeated(
    app_home, memory_keyring, monkeypatch, capsys, words
):
    """Before: ``kontext-studio key SK-...`` (``set`` forgotten) was refused by argparse
    with "invalid choice: 'SK-...'", and ``key remove SK-...`` with "unrecognized arguments:
    SK-...": the key on the terminal, in a CI log, in the --json line."""
    with pytest.raises(SystemExit) as refused:  # argparse's refusal: usage, reason, exit 2
        key_commands(monkeypatch, capsys, *words, "--json")
    out, err = capsys.readouterr()
    assert refused.value.code == 2
    assert json.loads(out)["kind"] == "invalid_input"
    assert "set, remove, status or test" in err
    assert SENTINEL_KEY not in out + err
    assert memory_keyring.store == {}


@pytest.mark.parametrize(
    "words",
    [
        ["set", "--json", f"--{SENTINEL_KEY}", "--", "--help"],
        ["status", "--json", f"--{SENTINEL_KEY}", "--", "-h"],
        ["remove", "--json", SENTINEL_KEY, "--", "--help"],
    ],
    ids=["as an option, --help after --", "-h after --", "after remove"],
)
def test_a_refused_key_command_with_help_on_its_line_does_not_repeat_the_key(
    app_home, memory_keyring, monkeypatch, capsys, words
):
    """Before: a key command refused with --help (or -h) anywhere on its line was refused in
    argparse's words, which quote the key: after "--" --help is an argument, not a request
    for help (``key set --sk-... -- --help``), and a key typed as the action is refused
    before argparse reads --help. The key went to the terminal and the --json line."""
    with pytest.raises(SystemExit) as refused:
        key_commands(monkeypatch, capsys, *words)
    out, err = capsys.readouterr()
    assert refused.value.code == 2
    assert json.loads(out)["kind"] == "invalid_input"
    assert "set, remove, status or test" in err
    assert SENTINEL_KEY not in out + err
    assert memory_keyring.store == {}


@pytest.mark.parametrize("help_option", ["--help", "-h"])
def test_help_after_a_key_typed_as_an_option_shows_the_help_and_not_the_key(
    app_home, memory_keyring, monkeypatch, capsys, help_option
):
    """Before: ``key set --sk-... --help`` was refused, before argparse read --help, with
    "unrecognized arguments: --sk-...": the key on the terminal, and no help, exit 2. Help
    asked for is shown, as argparse shows it, whatever else the line holds."""
    with pytest.raises(SystemExit) as helped:
        key_commands(monkeypatch, capsys, "set", f"--{SENTINEL_KEY}", help_option)
    out, err = capsys.readouterr()
    assert helped.value.code == 0
    assert "usage: kontext-studio key set" in out
    assert SENTINEL_KEY not in out + err


@pytest.mark.parametrize("help_option", ["--help", "-h"])
@pytest.mark.parametrize(
    ("words", "usage"),
    [
        (["jobs", "--serach", "fox"], "usage: kontext-studio jobs "),
        (["key", "set", f"--{SENTINEL_KEY}", SENTINEL_KEY], "usage: kontext-studio key set "),
    ],
    ids=["mistyped", "key"],
)
def test_help_after_a_mistyped_option_and_its_value_shows_the_help(
    app_home, memory_keyring, monkeypatch, capsys, help_option, words, usage
):
    """Before: ``jobs --serach fox --help`` was refused, exit 2, with "argument ID: not a
    job number": the check for a mistyped option stood aside for --help, and argparse gave
    "fox" to ID and refused it before it read --help. Help asked for is shown, the mistyped
    words (which may be a key) nowhere."""
    from kontext_studio import cli

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(SystemExit) as helped:
        cli.main([*words, help_option])
    out, err = capsys.readouterr()
    assert helped.value.code == 0
    assert out.startswith(usage) and err == ""
    assert all(word not in out for word in words[-2:])
    assert memory_keyring.store == {}


@pytest.mark.parametrize("help_option", ["--help", "-h"])
@pytest.mark.parametrize(
    ("words", "usage"),
    [
        (["jobs", "fox"], "usage: kontext-studio jobs "),
        (["generate", "a fox", "--safety", "9"], "usage: kontext-studio generate "),
        (["key", "--json", SENTINEL_KEY], "usage: kontext-studio key "),
        (["jbos"], "usage: kontext-studio "),
        ([SENTINEL_KEY, "key", "set"], "usage: kontext-studio "),
    ],
    ids=["not a job number", "a bad value", "a key as the action", "no command", "a key"],
)
def test_help_anywhere_on_the_line_shows_that_command_s_help(
    app_home, memory_keyring, monkeypatch, capsys, help_option, words, usage
):
    """Before: ``jobs fox --help`` was refused, exit 2, with "argument ID: not a job
    number" (``generate --safety 9 --help`` for its safety, ``key SK-... --help`` and
    ``kontext-studio jbos --help`` for their words): argparse refuses a word as it comes
    to it, before it reads a --help after it. Help asked for is shown, of the command the
    line names (of the program where it names none), and the words it refused nowhere."""
    from kontext_studio import cli

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(SystemExit) as helped:
        cli.main([*words, help_option])
    out, err = capsys.readouterr()
    assert helped.value.code == 0
    assert out.startswith(usage) and err == ""
    assert "fox" not in out and SENTINEL_KEY not in out
    assert memory_keyring.store == {}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize(
    "words",
    [
        [f"--{SENTINEL_KEY}", "key", "status"],
        [SENTINEL_KEY, "key", "set"],
        [SENTINEL_KEY, "key", "status", "--json"],
        [f"--{SENTINEL_KEY}"],
        [f"--self-test={SENTINEL_KEY}"],
        [f"-h{SENTINEL_KEY}"],
        [f"-hh{SENTINEL_KEY}", "--json"],
        ["jobs", f"--{SENTINEL_KEY}", "--json"],
    ],
    ids=[
        "as an option",
        "as the command",
        "json",
        "alone",
        "as a value",
        "after -h",
        "after -hh",
        "after a command",
    ],
)
def test_a_key_typed_before_the_command_is_not_repeated(
    app_home, memory_keyring, monkeypatch, capsys, language, words
):
    """Before: a key typed before the command's name (``kontext-studio --sk-... key
    status``, ``kontext-studio sk-... key set``) was refused in argparse's words, which quote
    it: "unrecognized arguments: --sk-...", "invalid choice: 'sk-...'" (``jobs --sk-...``
    too). The key went to the terminal, a CI log, the --json line. The refusal says a word
    is not repeated instead."""
    from kontext_studio import cli, i18n

    if language != "en" and i18n.find_tool("lrelease") is None:
        pytest.skip("no lrelease")
    monkeypatch.setenv("KONTEXT_STUDIO_LANG", language)
    monkeypatch.setattr(sys, "stdin", io.StringIO(SENTINEL_KEY + "\n"))
    try:
        with pytest.raises(SystemExit) as refused:
            cli.main(words)
    finally:
        i18n.install(None)
    out, err = capsys.readouterr()
    assert refused.value.code == 2
    assert SENTINEL_KEY not in out + err and SENTINEL_KEY[3:20] not in out + err
    said = "may be a key" if language == "en" else "可能是密钥"
    assert said in err.splitlines()[-1], err
    if "--json" in words:
        assert "may be a key" in json.loads(out)["message"]
    assert memory_keyring.store == {}
    for path in app_home.rglob("*"):
        if path.is_file():
            assert SENTINEL_KEY not in path.read_text(errors="ignore"), path


def test_a_key_with_a_slash_typed_before_the_command_is_not_taken_for_a_file(
    app_home, memory_keyring, monkeypatch, capsys
):
    """Before: a key with a "/" in it (base64's alphabet has one) typed first,
    ``kontext-studio sk-.../...== key status``, was taken for an image file to open the
    window with, and said whole: "sk-.../...== does not exist"."""
    from kontext_studio import cli

    key = "sk-cli/SENTINEL+0123456789abcdef=="
    with pytest.raises(SystemExit) as refused:
        cli.main([key, "key", "status", "--json"])
    out, err = capsys.readouterr()
    assert refused.value.code == 2
    assert "SENTINEL" not in out + err
    assert "may be a key" in err.splitlines()[-1] and "may be a key" in json.loads(out)["message"]


@pytest.mark.parametrize(
    "given",
    ["pictures/Fox_2024.png", "pictures/Sketches", "~/Pictures/IMG_0001.JPG", "./gone/Fox2"],
    ids=["a file", "a folder", "a missing image", "a missing path"],
)
def test_a_path_in_a_refused_line_is_named(app_home, tmp_path, monkeypatch, capsys, given):
    """Before: ``generate "a fox" pictures/Fox_2024.png`` (--image forgotten) was refused
    with "unrecognized arguments: a word not shown here, as it may be a key", the word
    refused not named: a path, with a capital or a digit in it, was hidden as a key would
    be. A path is named: one that is there, or written as a path is (an extension, "~"
    or "." first), which a key is not."""
    from kontext_studio import cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / "pictures" / "Sketches").mkdir(parents=True)
    (tmp_path / "pictures" / "Fox_2024.png").write_bytes(b"")
    with pytest.raises(SystemExit) as refused:
        cli.main(["generate", "a fox", given])
    assert refused.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1].endswith(f"unrecognized arguments: {given}")


@pytest.mark.parametrize(
    ("language", "said"),
    [
        (
            "en",
            "kontext-studio: error: argument COMMAND: invalid choice: 'jbos' (did you mean "
            "'jobs'?)",
        ),
        ("zh_CN", "kontext-studio：错误：参数 COMMAND：无效的选择：'jbos'（是否想输入 'jobs'？）"),
    ],
)
def test_a_mistyped_command_is_told_the_command_it_is_close_to(
    app_home, monkeypatch, capsys, language, said
):
    """Before: ``kontext-studio jbos`` was refused with the list of every command and no
    word of the one it is close to, where a mistyped option is told it ("did you mean
    --search?"). A word close to none is refused with the list, as before."""
    from kontext_studio import cli, i18n

    if language != "en" and i18n.find_tool("lrelease") is None:
        pytest.skip("no lrelease")
    monkeypatch.setenv("KONTEXT_STUDIO_LANG", language)
    try:
        with pytest.raises(SystemExit) as refused:
            cli.main(["jbos"])
        _out, err = capsys.readouterr()
        with pytest.raises(SystemExit):
            cli.main(["xyzzy"])
        _out, far = capsys.readouterr()
    finally:
        i18n.install(None)
    assert refused.value.code == 2
    assert err.splitlines()[-1] == said
    assert "'xyzzy'" in far and "'simulator'" in far and "jobs'?" not in far


@pytest.mark.parametrize(
    ("given", "close"),
    [
        ("remove", None),
        ("export", None),
        ("submit", None),
        ("reset", None),
        ("kye", "key"),
        ("job", "jobs"),
        ("publsh", "publish"),
        ("Retry", "retry"),
    ],
)
def test_a_command_is_suggested_only_for_a_slip_in_typing_it(app_home, capsys, given, close):
    """Before: ``kontext-studio remove`` (for ``key remove``) was asked "did you mean
    'resume'?", ``export`` "'import'?", ``submit`` "'resubmit'?" (which may pay twice):
    commands that do other things, some that spend credits, offered for a word that shares
    letters with them. A command is suggested for a slip in typing it (a letter left out,
    added or changed, two swapped); any other word is refused with the list of commands."""
    from kontext_studio import cli

    with pytest.raises(SystemExit) as refused:
        cli.main([given])
    err = capsys.readouterr().err.splitlines()[-1]
    assert refused.value.code == 2
    if close is None:
        assert "did you mean" not in err and "(choose from 'generate'," in err
    else:
        assert err.endswith(f"invalid choice: '{given}' (did you mean '{close}'?)")


@pytest.mark.parametrize("words", [[], ["--json"]], ids=["bare", "json"])
def test_key_without_an_action_names_the_actions_and_hides_no_words(
    app_home, memory_keyring, monkeypatch, capsys, words
):
    """Before: a bare `kontext-studio key` was told that "the words given are not repeated
    here, as one may be a key": none were given."""
    with pytest.raises(SystemExit) as refused:
        key_commands(monkeypatch, capsys, *words)
    out, err = capsys.readouterr()
    assert refused.value.code == 2
    assert err.splitlines()[-1] == (
        "kontext-studio key: error: the key command takes one action: set, remove, status or test"
    )
    if words:
        assert json.loads(out)["message"] == (
            "the key command takes one action: set, remove, status or test"
        )


@pytest.mark.parametrize(("typed", "words"), [("", "is empty"), ("short", "too short")])
def test_key_set_refuses_a_key_that_cannot_work(
    app_home, memory_keyring, monkeypatch, capsys, typed, words
):
    """Before, the key was answered as a request: "The request is not valid. (The KIE API
    key is too short…) Correct it and try again." """
    code, out, err = key_commands(monkeypatch, capsys, "set", "--json", stdin=typed + "\n")
    assert code == 2 and words in json.loads(out)["message"] and words in err
    assert err.startswith("This key is refused, so nothing was stored. The KIE API key ")
    assert "request" not in out + err
    assert memory_keyring.store == {}


def assert_key_refused(out: str, err: str, why: str, *, not_repeated: str) -> None:
    """``key set --json`` refused the key for ``why``: said so on stdout's line and on
    stderr, nothing stored, and the key (``not_repeated``, a part of it) not repeated."""
    said = f"This key is refused, so nothing was stored. {why}"
    assert json.loads(out)["message"] == said
    assert err.startswith(said)
    assert not_repeated not in out + err


@pytest.mark.parametrize(
    "line",
    [
        "KIE_API_KEY=sk-abcdefghijk",
        "export KIE_API_KEY=sk-abcdefghijk",
        'KIE_API_KEY="sk-abcdefghijk"',
        "KIE_API_KEY = sk-abcdefghijk",
    ],
)
def test_key_set_refuses_a_key_written_as_a_variable_s_assignment(
    app_home, memory_keyring, monkeypatch, capsys, line
):
    """Before: `printf 'KIE_API_KEY=sk-...' | kontext-studio key set` (the line copied from
    a .env file or a shell's profile) stored "KIE_API_KEY=sk-..." as the key, and every job
    sent with it was refused by KIE (401). Now it is refused, nothing stored, with what to
    give instead; the key is not repeated."""
    code, out, err = key_commands(monkeypatch, capsys, "set", "--json", stdin=line + "\n")
    assert code == 2, err
    assert_key_refused(
        out,
        err,
        "The KIE API key starts with the name of a variable (NAME= or export NAME=): give the "
        "key alone, without it.",
        not_repeated="sk-abcdefghijk",
    )
    assert memory_keyring.store == {}


def test_key_set_stores_a_key_ending_in_base64_padding(
    app_home, memory_keyring, monkeypatch, capsys
):
    """A key in base64 may end in "=" or "==": no variable's assignment, stored as it is."""
    from kontext_studio import secrets

    for key in ("QUJDREVGR0hJSktMTU5PUA==", "QUJDREVGR0hJSktMTU5PUFE="):
        code, out, err = key_commands(monkeypatch, capsys, "set", "--json", stdin=key + "\n")
        assert code == 0, err
        assert json.loads(out)["status"] == "stored"
        assert memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] == key


@pytest.mark.parametrize("length", [4097, 1_000_000])
def test_key_set_refuses_a_line_longer_than_any_key(
    app_home, memory_keyring, monkeypatch, capsys, length
):
    """Before: a one-line file of any length (66 MB tried) piped to `key set` was read and
    stored whole as the key. Now a line longer than 4096 characters is refused, nothing
    stored, and only its first 4096 characters and a few more are read; the key is not
    repeated."""
    import io

    from kontext_studio import cli

    stdin = io.StringIO("k" * length + "\n")
    monkeypatch.setattr(sys, "stdin", stdin)
    code = cli.main(["key", "set", "--json"])
    out, err = capsys.readouterr()
    assert code == 2, err
    assert_key_refused(
        out,
        err,
        "The KIE API key is longer than 4096 characters, far longer than any key: give the "
        "key alone.",
        not_repeated="kkkkkkkk",
    )
    assert stdin.tell() < 5000
    assert memory_keyring.store == {}


def test_key_set_of_an_endless_stream_stops_reading_and_refuses_it(
    app_home, memory_keyring, monkeypatch, capsys
):
    """Before: `kontext-studio key set < /dev/zero` read on forever, its memory growing,
    waiting for the end of a line that never came. Now it reads a few thousand characters
    at most and refuses them as longer than any key."""
    import io

    from kontext_studio import cli

    class Zeros(io.RawIOBase):
        """/dev/zero, failing the test once far more was read than any key holds."""

        read_bytes = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            if self.read_bytes > 1_000_000:
                raise OSError(errno.EIO, "read on and on")
            buffer[:] = bytes(len(buffer))
            self.read_bytes += len(buffer)
            return len(buffer)

    zeros = Zeros()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(zeros), "utf-8"))
    code = cli.main(["key", "set", "--json"])
    out, err = capsys.readouterr()
    assert code == 2, err
    assert "longer than 4096 characters" in json.loads(out)["message"]
    assert zeros.read_bytes < 100_000
    assert memory_keyring.store == {}


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_key_set_from_dev_zero_ends_in_a_real_process(tmp_path):
    """Before: `kontext-studio key set < /dev/zero` never ended, its memory growing as it
    waited for the end of a line. Now it is refused at once as longer than any key, exit 2."""
    with open("/dev/zero", "rb") as zeros:
        proc = run_process(
            tmp_path,
            None,
            "key",
            "set",
            "--json",
            extra_env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
            stdin=zeros,
        )
    assert proc.returncode == 2, proc.stderr
    assert "longer than 4096 characters" in json.loads(proc.stdout)["message"]
    assert proc.stderr.startswith("This key is refused, so nothing was stored.")
    assert "Traceback" not in proc.stderr


def test_key_set_refuses_bytes_that_are_no_text_in_words(
    app_home, memory_keyring, monkeypatch, capsys
):
    """Before: a key file in another encoding, read where the locale decodes stdin strictly,
    ended in "Something went wrong" and a traceback in the log."""
    import io

    from kontext_studio import cli

    raw = io.TextIOWrapper(io.BytesIO(b"\xff\xfe-key-0123456789\n"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", raw)
    assert cli.main(["key", "set", "--json"]) == 2
    out, err = capsys.readouterr()
    assert "contains characters that cannot be sent" in json.loads(out)["message"]
    assert "Something went wrong" not in err
    assert memory_keyring.store == {}


def test_key_status_without_a_keyring_says_there_is_none(app_home, monkeypatch, capsys):
    """Before: "Key in the keyring: cannot be read.", as if a keyring were there, locked."""
    keyring.set_keyring(fail.Keyring())
    code, out, _ = key_commands(monkeypatch, capsys, "status")
    assert code == 0
    assert out.splitlines()[1] == "Key in the keyring: none, there is no keyring."


KEY_STATUS_FIELDS = {
    "status",
    "backend",
    "keyring_usable",
    "keyring_problem",
    "stored",
    "environment",
    "source",
    "message",
}
"""``key status --json`` as the README documents it: scripts read these, whatever the keyring."""


@pytest.mark.parametrize("keyring_is", ["usable", "missing", "locked_held_key", "locked_held_none"])
def test_key_status_json_keeps_its_documented_shape(
    app_home, memory_keyring, monkeypatch, capsys, keyring_is
):
    if keyring_is == "missing":
        keyring.set_keyring(fail.Keyring())
    elif keyring_is == "locked_held_key":
        key_stored_then_locked(monkeypatch, capsys, memory_keyring)
    elif keyring_is == "locked_held_none":
        keyring.set_keyring(LockedKeyring())
    code, out, _ = key_commands(monkeypatch, capsys, "status", "--json")
    status = json.loads(out)
    assert code == 0 and set(status) == KEY_STATUS_FIELDS
    assert status["status"] == "ok" and status["source"] is None
    assert status["keyring_usable"] is (keyring_is == "usable")
    assert status["stored"] is (False if keyring_is == "usable" else None)


def test_key_status_says_where_the_key_comes_from_never_the_key(
    app_home, memory_keyring, monkeypatch, capsys
):
    code, out, _ = key_commands(monkeypatch, capsys, "status", "--json")
    status = json.loads(out)
    assert code == 0
    assert (status["stored"], status["environment"], status["source"]) == (False, False, None)
    assert status["keyring_usable"] is True and "demo mode" in status["message"]

    monkeypatch.setenv("KIE_API_KEY", "env-key-0123456789")
    _code, out, _ = key_commands(monkeypatch, capsys, "status", "--json")
    assert json.loads(out)["source"] == "environment"

    key_commands(monkeypatch, capsys, "set", stdin=SENTINEL_KEY)
    code, out, _ = key_commands(monkeypatch, capsys, "status")
    assert code == 0
    assert out.splitlines()[1:] == [
        "Key in the keyring: stored.",
        "KIE_API_KEY: set.",
        "In use: the key in the keyring (it wins over KIE_API_KEY).",
    ]
    assert SENTINEL_KEY not in out and "env-key" not in out

    code, out, _ = key_commands(monkeypatch, capsys, "remove", "--json")
    assert (code, json.loads(out)["status"]) == (0, "removed")
    assert "KIE_API_KEY is still set" in json.loads(out)["message"]
    assert memory_keyring.store == {}
    code, out, _ = key_commands(monkeypatch, capsys, "remove", "--json")
    assert (code, json.loads(out)["status"]) == (0, "not_stored")


def test_key_status_says_the_stored_key_wins_over_the_variable_only_when_it_is_set(
    app_home, memory_keyring, monkeypatch, capsys
):
    """Before, with KIE_API_KEY not set, the last line said "In use: the key in the keyring
    (it wins over KIE_API_KEY).", under "KIE_API_KEY: not set.": the artist looked for a
    variable that was not there."""
    monkeypatch.delenv("KIE_API_KEY", raising=False)
    key_commands(monkeypatch, capsys, "set", stdin=SENTINEL_KEY)
    code, out, _ = key_commands(monkeypatch, capsys, "status")
    assert code == 0
    assert out.splitlines()[1:] == [
        "Key in the keyring: stored.",
        "KIE_API_KEY: not set.",
        "In use: the key in the keyring.",
    ]
    _code, out, _ = key_commands(monkeypatch, capsys, "status", "--json")
    status = json.loads(out)
    assert (status["source"], status["message"]) == ("keyring", "In use: the key in the keyring.")


def test_a_damaged_key_in_the_keyring_is_said_damaged_refused_and_mended_by_key_set(
    app_home, simulator, memory_keyring, monkeypatch, capsys
):
    """The keyring answers, but its entry for the key is not text (bytes that are no UTF-8:
    another program or a sync damaged it). Before: ``key status`` said the keyring "cannot
    be used" and that no key was in use ("`key set` stores one"), ``generate`` that the
    keyring "does not answer" (restart its service: nothing mends that way), and ``key
    remove`` refused, the keyring "could not be read". Never the entry's bytes."""
    from kontext_studio import cli, secrets

    monkeypatch.delenv("KIE_API_KEY")
    damaged = b"\xff\xfe\x80" + SENTINEL_KEY.encode()
    memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] = damaged  # type: ignore[assignment]
    code, out, _ = key_commands(monkeypatch, capsys, "status")
    assert code == 0
    assert out.splitlines() == [
        "Keyring: benchmarks.memory_keyring.MemoryKeyring, works.",
        "Key in the keyring: damaged, it cannot be read.",
        "KIE_API_KEY: not set.",
        "In use: none; commands that send jobs refuse to run (or run with --demo, on the demo "
        "server), and the window opens in demo mode. `kontext-studio key set` stores the key "
        "again in place of the damaged entry; `kontext-studio key remove` removes it.",
    ]
    _code, out, _ = key_commands(monkeypatch, capsys, "status", "--json")
    status = json.loads(out)
    assert set(status) == KEY_STATUS_FIELDS
    assert (status["keyring_usable"], status["stored"], status["source"]) == (True, None, None)
    assert status["keyring_problem"] == (
        "The system keyring holds a damaged entry. The KIE API key stored there cannot be read."
    )

    assert cli.main(["generate", "a fox", "--json"]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out.splitlines()[-1])["kind"] == "keyring_damaged"
    assert err.strip() == (
        "The system keyring holds a damaged entry. The KIE API key stored there cannot be "
        "read. Nothing was sent. Store the key again with `kontext-studio key set` (it "
        "replaces the damaged entry) and run the command again; or add --demo to run it on "
        "the demo server (no key, no real credits)."
    )
    assert simulator.generate_count("a fox") == 0

    code, out, _ = key_commands(monkeypatch, capsys, "remove", "--json")
    assert (code, json.loads(out)["status"]) == (0, "removed")
    assert memory_keyring.store == {}
    memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] = damaged  # type: ignore[assignment]
    assert key_commands(monkeypatch, capsys, "set", stdin=TEST_KEY)[0] == 0
    _code, out, _ = key_commands(monkeypatch, capsys, "status", "--json")
    assert (json.loads(out)["stored"], json.loads(out)["source"]) == (True, "keyring")
    log = (app_home / "logs" / "kontext-studio.jsonl").read_bytes()
    assert SENTINEL_KEY.encode() not in log and damaged not in log


def test_a_damaged_key_the_keyring_will_not_remove_is_said_refused_with_where_to_remove_it(
    app_home, memory_keyring, monkeypatch, capsys
):
    """The keyring answers with a damaged entry for the key and refuses to delete it.
    Before: ``key remove`` said it refused "(locked, or its unlock prompt was dismissed)"
    and to unlock it, of a keyring that had just answered: no unlock mends that."""
    from kontext_studio import secrets

    memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] = b"\xff\xfe"  # type: ignore[assignment]

    def refuse(_service, _name):
        raise keyring.errors.PasswordDeleteError("Cannot delete the item")

    monkeypatch.setattr(memory_keyring, "delete_password", refuse)
    code, _out, err = key_commands(monkeypatch, capsys, "remove")
    assert code == 1
    assert err.strip() == (
        "The system keyring holds a damaged entry. The keyring refused to remove it: the KIE "
        "API key's damaged entry is still there. Remove the entry “kie-api-key” of "
        "“kontext-studio” in the keyring's own program (such as Passwords and Keys, KWallet "
        "Manager, Keychain Access or Credential Manager)."
    )
    code, out, _ = key_commands(monkeypatch, capsys, "remove", "--json")
    assert (code, json.loads(out)["kind"]) == (1, "keyring_damaged")


class LockedKeyring(keyring_backend.KeyringBackend):
    """A Secret Service whose collection is locked, as after a login without the password."""

    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")


@pytest.mark.parametrize("action", ["set", "remove"])
def test_a_locked_keyring_is_said_in_words_not_a_traceback(app_home, monkeypatch, capsys, action):
    keyring.set_keyring(LockedKeyring())  # the memory keyring's fixture puts its own back
    code, out, err = key_commands(monkeypatch, capsys, action, "--json", stdin=SENTINEL_KEY)
    assert code == 1
    assert json.loads(out) == {
        "status": "error",
        "kind": "keyring",
        "message": "The system keyring cannot be used. The system keyring is locked.",
    }
    assert "Unlock the keyring" in err
    # Setting KIE_API_KEY instead keeps a key; it is no way to remove one.
    assert ("KIE_API_KEY" in err) is (action == "set")
    assert "Traceback" not in err and SENTINEL_KEY not in out + err

    code, out, _ = key_commands(monkeypatch, capsys, "status")
    assert code == 0
    assert out.splitlines()[:2] == [
        "Keyring: tests.integration.test_cli.LockedKeyring, cannot be used. "
        "The system keyring is locked.",
        "Key in the keyring: cannot be read.",
    ]


@pytest.mark.parametrize("command", ["publish", "unpublish"])
def test_an_r2_secret_in_a_locked_keyring_fails_the_command_as_a_locked_key_does(
    app_home, memory_keyring, monkeypatch, capsys, command
):
    """The R2 secret stored in the keyring, locked since. `publish` said so, but ended 2, as
    for input refused or R2 not set up: a script took it for settings to correct, where
    `generate` with its key in the locked keyring ends 1, for a keyring to unlock."""
    from kontext_studio import cli, secrets

    r2 = R2Settings(endpoint="http://127.0.0.1:9", bucket="art", access_key_id="AK1")
    save_settings(Paths.from_env().ensure(), Settings(r2=r2))
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, SENTINEL_KEY)
    a_queued_job_in(app_home)
    if command == "unpublish":  # recorded as published: unpublishing needs R2
        ledger = Ledger.open(app_home / "data" / "library.sqlite3")
        try:
            ledger.update(1, published_key="artworks/a.png")
        finally:
            ledger.close()
    keyring.set_keyring(LockedKeyring())
    code = cli.main([command, "1", "--json"])
    out, err = capsys.readouterr()
    assert code == 1
    # Led by the keyring's words, as the window's are: before, "The R2 settings cannot be
    # used." came first, where the settings are fine and only the keyring is locked.
    unread = (
        "The system keyring is locked, or its unlock prompt was dismissed: the R2 secret it "
        "may hold cannot be read."
    )
    assert json.loads(out)["message"] == unread
    assert "Unlock the keyring" in err and "not set up" not in err
    assert SENTINEL_KEY not in out + err
    assert cli.main([command, "1"]) == 1
    out, err = capsys.readouterr()
    assert err.startswith(
        f"{unread} Unlock the keyring, then try again; or set R2_SECRET_ACCESS_KEY in the "
        "environment."
    )
    assert "R2 settings cannot be used" not in out + err


class NotAnsweringKeyring(LockedKeyring):
    """A Secret Service that does not answer (it hangs, or is not running): its library's
    D-Bus error on every call, not a lock."""

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply")

    def delete_password(self, service: str, username: str) -> None:
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply")


AGAIN_IF_SILENT = (
    "if the keyring still does not answer, restart its service (or log out and back in)."
)


@pytest.mark.parametrize(
    ("failure", "said", "todo"),
    [
        (
            keyring.errors.KeyringLocked("Failed to unlock the collection!"),
            "The system keyring cannot be used. The system keyring refused it (locked, or its "
            "unlock prompt was dismissed).",
            "Unlock the keyring (or start the one that holds the key) and run `kontext-studio "
            "key remove` again.",
        ),
        (
            RuntimeError("org.freedesktop.DBus.Error.NoReply"),
            "The system keyring cannot be used. The system keyring does not answer.",
            f"Run `kontext-studio key remove` again; {AGAIN_IF_SILENT}",
        ),
    ],
)
def test_key_remove_failing_at_the_removal_says_why_and_keeps_the_key(
    app_home, memory_keyring, monkeypatch, capsys, failure: Exception, said: str, todo: str
):
    """The keyring read the key, then failed to remove it: locked meanwhile, or its service
    stopped answering. One that did not answer was said to have refused as a locked one
    does, and the artist was told to unlock it, which no unlock mends."""
    from kontext_studio import secrets

    assert key_commands(monkeypatch, capsys, "set", stdin=SENTINEL_KEY)[0] == 0

    def failing(service: str, username: str) -> None:
        raise failure

    monkeypatch.setattr(memory_keyring, "delete_password", failing)
    code, out, err = key_commands(monkeypatch, capsys, "remove", "--json")
    assert code == 1
    assert json.loads(out) == {"status": "error", "kind": "keyring", "message": said}
    assert err == f"{said} {todo}\n"
    assert memory_keyring.store[(secrets.SERVICE, secrets.KIE_KEY)] == SENTINEL_KEY
    assert kie_key_recorded(Paths.from_env()) is True


def test_a_keyring_that_does_not_answer_is_never_said_to_be_unlocked(
    app_home, simulator, memory_keyring, monkeypatch, capsys
):
    """Both secrets stored, then the keyring's service stops answering. Every command said
    what to do as for a locked keyring, "Unlock the keyring …", which no unlock mends:
    each says to try again, or restart the keyring's service, and its other way on."""
    from kontext_studio import cli, secrets

    monkeypatch.delenv("KIE_API_KEY")  # the key is only in the keyring
    r2 = R2Settings(endpoint="http://127.0.0.1:9", bucket="art", access_key_id="AK1")
    save_settings(Paths.from_env().ensure(), Settings(r2=r2))
    assert key_commands(monkeypatch, capsys, "set", stdin=TEST_KEY)[0] == 0
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, SENTINEL_KEY)
    a_queued_job_in(app_home)
    keyring.set_keyring(NotAnsweringKeyring())

    said: dict[str, str] = {}
    for command in (["generate", "a fox"], ["publish", "1"], ["key", "test"]):
        assert cli.main(command) == 1, command
        said[command[0] if command[0] != "key" else "test"] = capsys.readouterr().err
    for action in ("set", "remove"):
        code, _, said[action] = key_commands(monkeypatch, capsys, action, stdin=TEST_KEY)
        assert code == 1, action
    for words in said.values():
        assert "does not answer" in words and "nlock" not in words, words
    assert said["generate"].endswith(
        "Nothing was sent. Run the command again; if the keyring still does not answer, "
        "restart its service (or log out and back in). Or set the key in KIE_API_KEY, or add "
        "--demo to run it on the demo server (no key, no real credits).\n"
    )
    assert said["publish"].endswith(
        f"Try again; {AGAIN_IF_SILENT} Or set R2_SECRET_ACCESS_KEY in the environment.\n"
    )
    for action in ("test", "set"):
        assert said[action].endswith(
            f"Try again; {AGAIN_IF_SILENT} Or set the key in the KIE_API_KEY environment "
            "variable instead.\n"
        ), said[action]
    assert said["remove"].endswith(f"Run `kontext-studio key remove` again; {AGAIN_IF_SILENT}\n")
    assert simulator.generate_requests == []

    code, out, _ = key_commands(monkeypatch, capsys, "status")
    assert code == 0
    assert out.splitlines()[-1] == (
        "In use: none, as the keyring does not answer now. Commands that send jobs refuse to "
        "run until it answers (or with --demo, on the demo server); the window opens in demo "
        "mode."
    )


def test_r2_fields_left_empty_beside_a_locked_keyring_are_named_without_the_secret(
    app_home, memory_keyring, capsys
):
    """The R2 secret stored in the keyring, locked since, and the bucket left empty. Before:
    "… or set KONTEXT_STUDIO_R2_BUCKET and R2_SECRET_ACCESS_KEY … Still empty: Bucket and
    Secret access key.", and the artist typed again a secret that is stored."""
    from kontext_studio import cli, secrets

    r2 = R2Settings(endpoint="http://127.0.0.1:9", bucket="", access_key_id="AK1")
    save_settings(Paths.from_env().ensure(), Settings(r2=r2))
    memory_keyring.set_password(secrets.SERVICE, secrets.R2_SECRET, SENTINEL_KEY)
    a_queued_job_in(app_home)
    keyring.set_keyring(LockedKeyring())
    code = cli.main(["publish", "1", "--json"])
    out, err = capsys.readouterr()
    assert code == 2  # fields to fill in first
    assert json.loads(out)["message"] == (
        "Publishing is not set up: fill in the empty fields in Settings → Publishing (R2), or "
        "set KONTEXT_STUDIO_R2_BUCKET, then try again. Still empty: Bucket. The system keyring "
        "is locked, or its unlock prompt was dismissed: the R2 secret it may hold cannot be "
        "read."
    )
    assert SENTINEL_KEY not in out + err


def key_stored_then_locked(monkeypatch, capsys, memory_keyring) -> None:
    """The key stored by ``key set``, the keyring locked since (a login without its password)."""
    assert key_commands(monkeypatch, capsys, "set", stdin=TEST_KEY)[0] == 0
    keyring.set_keyring(LockedKeyring())


def older_settings_then_locked(app_home: Path) -> None:
    """A library and settings an older version left, which did not record whether it stored
    a key in the keyring, now locked: it may hold one."""
    paths = Paths.from_env().ensure()
    paths.settings_file.write_text('{"default_ratio": "16:9"}', encoding="utf-8")
    keyring.set_keyring(LockedKeyring())


@pytest.mark.parametrize("how", ["stored", "older_version"])
@pytest.mark.parametrize(
    "command", [["generate", "a fox"], ["resume"], ["retry", "1"], ["resubmit", "1", "--yes"]]
)
def test_a_key_in_a_locked_keyring_is_never_taken_for_demo_mode(
    app_home, simulator, memory_keyring, monkeypatch, capsys, command, how
):
    """Before: with the key in a keyring locked since the login (no KIE_API_KEY), the command
    ran in demo mode: ``generate`` made a simulated picture and ended 0, as if KIE had."""
    from kontext_studio import cli

    monkeypatch.delenv("KIE_API_KEY")  # the key is only in the keyring
    if how == "stored":
        key_stored_then_locked(monkeypatch, capsys, memory_keyring)
    else:
        older_settings_then_locked(app_home)
    assert cli.main([*command, "--json"]) == 1
    out, err = capsys.readouterr()
    result = json.loads(out.splitlines()[-1])
    assert (result["status"], result["kind"]) == ("error", "keyring")
    assert "locked" in result["message"]
    assert "Nothing was sent" in err and "--demo" in err and "Unlock the keyring" in err
    assert "Demo mode" not in err and "Traceback" not in err
    assert simulator.generate_requests == []
    assert job_states(app_home) == []


def test_a_command_run_with_kie_api_key_does_not_forget_the_key_in_a_locked_keyring(
    app_home, simulator, memory_keyring, monkeypatch, capsys
):
    """The key stored in the keyring, locked since (an SSH session cannot unlock it), and a
    command run there with KIE_API_KEY set, as one does over SSH. Before: that command
    recorded that the keyring held no key, and the next one run without KIE_API_KEY made a
    simulated picture, exit 0, as if KIE had (the window opened in demo mode unsaid)."""
    from kontext_studio import cli, secrets
    from kontext_studio.cli.library import open_command_session

    monkeypatch.delenv("KIE_API_KEY", raising=False)
    key_stored_then_locked(monkeypatch, capsys, memory_keyring)
    monkeypatch.setenv("KIE_API_KEY", TEST_KEY)
    session = open_command_session(demo=False, command="generate")  # as every command does
    assert not session.demo
    session.ledger.close()
    assert secrets.readable_secret(secrets.KIE_KEY) == TEST_KEY

    monkeypatch.delenv("KIE_API_KEY")
    assert cli.main(["generate", "a fox", "--json"]) == 1
    out, _ = capsys.readouterr()
    result = json.loads(out.splitlines()[-1])
    assert (result["status"], result["kind"]) == ("error", "keyring")
    assert simulator.generate_requests == []


def test_a_key_in_a_locked_keyring_is_said_by_key_test_and_key_status(
    app_home, memory_keyring, monkeypatch, capsys
):
    """Before: ``key test`` said no key was set, and ``key status`` that commands ran in demo
    mode and ``key set`` stored one (it cannot: the keyring is locked)."""
    key_stored_then_locked(monkeypatch, capsys, memory_keyring)
    code, out, err = key_commands(monkeypatch, capsys, "test", "--json")
    assert code == 1
    result = json.loads(out)
    assert (result["status"], result["kind"]) == ("error", "keyring")
    assert "No KIE API key is set" not in out + err and "Unlock the keyring" in err

    code, out, _ = key_commands(monkeypatch, capsys, "status")
    assert code == 0
    assert out.splitlines()[-1] == (
        "In use: none, as the keyring cannot be read now. Commands that send jobs refuse to "
        "run until it is unlocked (or with --demo, on the demo server); the window opens in "
        "demo mode."
    )

    monkeypatch.setenv("KIE_API_KEY", TEST_KEY)  # the environment's key stands in
    code, out, _ = key_commands(monkeypatch, capsys, "status")
    assert out.splitlines()[-1] == "In use: the key in KIE_API_KEY."


def test_a_new_home_beside_a_locked_keyring_holding_a_key_does_not_run_demo_mode(
    app_home, memory_keyring, monkeypatch, capsys
):
    """The keyring is the user's, shared by every home: a script's fresh
    KONTEXT_STUDIO_HOME, or a home wiped and begun again, may meet a locked keyring that
    holds the key stored from another. Before, a new home counted as one whose keyring held
    none: ``generate`` made a simulated picture, exit 0, and recorded "none", so every
    later command did too. Refused until the keyring has been read unlocked once."""
    from kontext_studio import cli, secrets

    secrets.store_in_keyring(secrets.KIE_KEY, TEST_KEY)
    Paths.from_env().settings_file.unlink(missing_ok=True)  # as a new home has none
    monkeypatch.delenv("KIE_API_KEY", raising=False)
    keyring.set_keyring(LockedKeyring())
    for _ in range(2):
        assert cli.main(["generate", "a fox", "--json"]) == 1
        out, _ = capsys.readouterr()
        result = json.loads(out.splitlines()[-1])
        assert (result["status"], result["kind"]) == ("error", "keyring")
    assert not Paths.from_env().settings_file.exists(), "nothing recorded of a locked keyring"


@pytest.mark.parametrize(
    ("fault", "state"),
    [
        (LockedKeyring, "The keyring, locked now,"),
        (NotAnsweringKeyring, "The keyring, which does not answer now,"),
    ],
)
@pytest.mark.parametrize("how", ["read_unlocked", "key_removed"])
def test_a_locked_keyring_that_never_held_the_key_runs_demo_mode_as_before(
    app_home, memory_keyring, monkeypatch, capsys, how, fault, state
):
    """Before: an artist who never stored a key (demo only), on a system whose keyring stays
    locked at login, had ``generate`` refused without --demo, as if a key were locked away.
    The settings record whether the keyring held the key (never the key): with none when
    it was last read unlocked, or the one stored removed since, commands run in demo mode
    as they did. ``key status`` said a keyring that does not answer was locked."""
    from kontext_studio import cli, secrets

    monkeypatch.setenv("KONTEXT_STUDIO_DEMO_LATENCY", "0.1")
    if how == "read_unlocked":
        assert secrets.readable_secret(secrets.KIE_KEY) is None
        assert kie_key_recorded(Paths.from_env()) is False
    if how == "key_removed":
        assert key_commands(monkeypatch, capsys, "set", stdin=TEST_KEY)[0] == 0
        assert key_commands(monkeypatch, capsys, "remove")[0] == 0
        recorded = json.loads(Paths.from_env().settings_file.read_text(encoding="utf-8"))
        assert recorded == {"kie_key_in_keyring": False}  # a flag, never the key
    keyring.set_keyring(fault())
    assert cli.main(["generate", "a fox", "--json"]) == 0
    out, err = capsys.readouterr()
    result = json.loads(out.splitlines()[-1])
    assert (result["status"], result["demo"]) == ("completed", True)
    assert "Demo mode" in err and "keyring" not in err

    code, out, _ = key_commands(monkeypatch, capsys, "status")
    assert code == 0
    unlocked = "is unlocked" if fault is LockedKeyring else "answers"
    assert out.splitlines()[-1] == (
        f"In use: no key; commands and the window run in demo mode. {state} held none when "
        f"Kontext Studio last read it; `kontext-studio key set` stores one once it {unlocked}."
    )
    assert cli.main(["generate", "a fox", "--json"]) == 0, "the next command too"


def test_key_set_with_no_keyring_at_all_says_so_in_a_real_process(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "kontext_studio", "key", "set", "--json"],
        env={**cli_env(tmp_path, None), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
        input=SENTINEL_KEY + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 1
    assert "No system keyring is available." in json.loads(proc.stdout)["message"]
    assert "set the key in the KIE_API_KEY environment variable instead" in proc.stderr
    assert "Traceback" not in proc.stderr and SENTINEL_KEY not in proc.stdout + proc.stderr


def test_key_test_asks_kie_for_the_balance_with_the_key_in_use(
    app_home, memory_keyring, simulator, monkeypatch, capsys
):
    simulator.update(api_key=TEST_KEY)
    code, out, err = key_commands(monkeypatch, capsys, "test", "--json")  # KIE_API_KEY's
    assert code == 0, err
    result = json.loads(out)
    assert result["status"] == "ok" and result["balance"] == simulator.credits
    assert result["message"].startswith("The key works: ")

    key_commands(monkeypatch, capsys, "set", stdin=SENTINEL_KEY)  # the keyring's wins
    code, out, err = key_commands(monkeypatch, capsys, "test", "--json")
    assert code == 1
    assert json.loads(out)["kind"] == "auth"
    assert "KIE rejected the API key" in err
    assert SENTINEL_KEY not in out + err
    assert simulator.generate_requests == []

    monkeypatch.delenv("KIE_API_KEY")
    key_commands(monkeypatch, capsys, "remove")
    code, out, err = key_commands(monkeypatch, capsys, "test")
    assert code == 2 and "No KIE API key is set" in err


def test_key_test_never_shows_a_balance_above_what_is_left(
    app_home, memory_keyring, simulator, monkeypatch, capsys
):
    """KIE's balance may carry decimals. Before: 4.96 credits read "The key works: 5
    credits.", enough, it seemed, for a 5-credit job that KIE then refuses."""
    simulator.update(credits=4.96)
    code, out, err = key_commands(monkeypatch, capsys, "test", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert (result["balance"], result["message"]) == (4.96, "The key works: 4.96 credits.")


def key_set_at_a_terminal(home: Path, typed: bytes) -> tuple[int, str, list[Any]]:
    """``key set --json`` at a terminal (a pty: the child's controlling terminal, as a shell
    gives it one), with no keyring: ``typed`` is typed once the prompt shows. Returns the exit
    code, what the terminal showed, and the terminal's settings after the command ended."""
    import pty
    import termios

    env = {**cli_env(home, None), "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    argv = [sys.executable, "-m", "kontext_studio", "key", "set", "--json"]
    pid, terminal = pty.fork()
    if pid == 0:  # the child: becomes the command
        os.chdir(ROOT)
        os.execve(sys.executable, argv, env)
    deadline = time.monotonic() + 60
    shown = b""

    def read() -> bytes:
        """What the terminal shows next; b"" once the command has ended."""
        while not select.select([terminal], [], [], 0.1)[0]:
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                raise AssertionError(f"the command did not end: {shown!r}")
        try:
            return os.read(terminal, 4096)
        except OSError:  # EIO: the command ended, its side of the terminal closed
            return b""

    try:
        while b"KIE API key" not in shown:
            shown += read()
        _until_reading(pid, deadline)
        os.write(terminal, typed)
        while chunk := read():
            shown += chunk
        _, status = os.waitpid(pid, 0)
        settings = termios.tcgetattr(terminal)
    finally:
        os.close(terminal)
    return os.waitstatus_to_exitcode(status), shown.decode(errors="replace"), settings


_READ_SYSCALL = {"x86_64": "0", "aarch64": "63"}.get(os.uname().machine)


def _until_reading(pid: int, deadline: float) -> None:
    """Until the command's main thread waits in read(), where it asks for the key. The
    prompt shows a few steps before that read; a Ctrl+C typed in between (a test types at
    once; no person is that quick) is heard by Python's C handler, whose Python handler
    then waits for the next step of Python code, behind the read that was yet to start:
    the command waited for Enter (a flake seen twice in CI under load). Where /proc cannot
    say (not Linux), it goes on at once, as before."""
    syscall = Path(f"/proc/{pid}/task/{pid}/syscall")
    while _READ_SYSCALL is not None and time.monotonic() < deadline:
        try:
            if syscall.read_text().split(" ", 1)[0] == _READ_SYSCALL:
                return
        except OSError:
            return
        time.sleep(0.005)


@pytest.mark.skipif(sys.platform == "win32", reason="a pty")
def test_key_set_at_a_terminal_does_not_show_the_key_as_it_is_typed(tmp_path):
    import termios

    code, shown, settings = key_set_at_a_terminal(tmp_path, SENTINEL_KEY.encode() + b"\r")
    assert code == 1, shown  # read, then refused: this box has no keyring
    assert SENTINEL_KEY not in shown and SENTINEL_KEY[:10] not in shown
    assert "No system keyring is available." in shown
    assert settings[3] & termios.ECHO, "the terminal's echo was left off"


@pytest.mark.skipif(sys.platform == "win32", reason="a pty")
def test_ctrl_c_at_the_key_prompt_ends_at_once_and_gives_the_terminal_its_echo_back(tmp_path):
    """Ctrl+C at the prompt ends the command at once, as interrupted, not after Enter."""
    import termios

    code, shown, settings = key_set_at_a_terminal(tmp_path, b"sk-half-typ\x03")
    assert code == 130, shown
    assert '"kind": "interrupted"' in shown and "Traceback" not in shown
    assert "sk-half-typ" not in shown
    assert settings[3] & termios.ECHO, "the terminal's echo was left off"


@pytest.mark.skipif(sys.platform == "win32", reason="a pty")
def test_ctrl_c_at_the_key_prompt_says_the_key_was_not_changed(tmp_path):
    """Before: "Interrupted; unfinished jobs continue with `kontext-studio resume`.", on the
    prompt's own line, and the same words in the --json line: `key set` runs no job, and
    the person wants to know whether the key they were typing was kept."""
    _code, shown, _settings = key_set_at_a_terminal(tmp_path, b"sk-half-typ\x03")
    lines = [line.strip() for line in shown.splitlines()]
    reply = json.loads(next(line for line in lines if line.startswith("{")))
    assert reply == {
        "status": "error",
        "kind": "interrupted",
        "message": "Interrupted; the KIE API key was not changed.",
    }
    assert "Interrupted; the KIE API key was not changed." in lines  # on a line of its own
    assert "resume" not in shown


@pytest.mark.parametrize("action", ["set", "remove"])
def test_a_key_command_stopped_while_the_keyring_changes_points_to_key_status(
    app_home, memory_keyring, monkeypatch, capsys, action: str
):
    """Ctrl+C while the keyring is being written (a locked keyring can take long): whether
    the change was made is for `key status` to say, not that unfinished jobs continue."""
    from kontext_studio import secrets

    def stopped(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(secrets, "store_in_keyring", stopped)
    monkeypatch.setattr(secrets, "remove_from_keyring", stopped)
    code, out, err = key_commands(monkeypatch, capsys, action, "--json", stdin=SENTINEL_KEY)
    assert code == 130
    assert (
        json.loads(out)["message"]
        == err.strip()
        == (
            "Interrupted while the system keyring was being changed; `kontext-studio key status` "
            "says whether it holds a KIE API key."
        )
    )


def test_details_changes_an_artworks_title_description_and_tags(tmp_path):
    """As the window's Edit details: tags split as `import --tags` splits them and found by
    `jobs --search` at once, only what is given changed; a published artwork's copy in R2
    keeps its old details, which is said."""
    image = tmp_path / "sea.png"
    Image.new("RGB", (32, 32), (10, 120, 200)).save(image)
    home = tmp_path / "home"
    code, _, err = run_cli(home, None, "import", str(image), "--tags", "sea", "--json")
    assert code == 0, err

    added = run_process(home, None, "details", "1", "--add-tags", "水墨，ink; sea")
    assert added.returncode == 0, added.stderr
    assert added.stdout == 'artwork 1 "sea": sea, 水墨, ink\n'
    assert added.stderr == ""
    code, found, _ = run_cli(home, None, "jobs", "--search", "水墨", "--json")
    assert [row["id"] for row in found] == [1]

    with sqlite3.connect(home / "data" / "library.sqlite3") as conn:
        conn.execute("UPDATE artwork SET published_key = 'artworks/x.png' WHERE id = 1")
    code, row, err = run_cli(
        home, None, "details", "1", "--title", " Sea at night ", "--description", "ink", "--json"
    )
    assert code == 0, err
    assert row == {
        "id": 1,
        "title": "Sea at night",
        "description": "ink",
        "tags": ["sea", "水墨", "ink"],
        "published": True,
    }
    assert err == (
        "artwork 1 is published: the copy in your R2 bucket keeps its old title, description "
        "and tags until it is published again\n"
    )

    huge = run_process(home, None, "details", "1", "--description", "x" * 100_000)
    assert huge.returncode == 2
    assert "Shorten the description to 5,000 characters (it has 100,000)." in huge.stderr
    nothing = run_process(home, None, "details", "1")
    assert nothing.returncode == 2
    assert "say what to change: --title, --description, --tags or --add-tags" in nothing.stderr
    missing = run_process(home, None, "details", "9", "--tags", "x")
    assert missing.returncode == 2
    assert "There is no artwork 9." in missing.stderr
    code, row, _ = run_cli(home, None, "details", "1", "--tags", "", "--json")
    assert (row["title"], row["description"], row["tags"]) == ("Sea at night", "ink", [])


def test_details_emptying_an_imported_artworks_title_prints_no_empty_quotes(tmp_path):
    """An artwork made elsewhere has no prompt to fall back on: its title emptied, the line
    read `artwork 1 "": no tags`, as if a title of two quotes had been saved."""
    image = tmp_path / "sea.png"
    Image.new("RGB", (32, 32), (10, 120, 200)).save(image)
    home = tmp_path / "home"
    code, _, err = run_cli(home, None, "import", str(image), "--json")
    assert code == 0, err
    emptied = run_process(home, None, "details", "1", "--title", "  ")
    assert emptied.returncode == 0, emptied.stderr
    assert emptied.stdout == "artwork 1: no tags\n"


def test_details_over_a_limit_says_the_limit_alone(tmp_path):
    """A title over the limit is said as what to shorten, as the window's dialog says it.
    Before: "The request is not valid. (Shorten the title to 300 characters (it has 301).)
    Correct it and try again.": no request was made, and the words nested."""
    image = tmp_path / "sea.png"
    Image.new("RGB", (32, 32), (10, 120, 200)).save(image)
    home = tmp_path / "home"
    code, _, err = run_cli(home, None, "import", str(image), "--json")
    assert code == 0, err
    long = run_process(home, None, "details", "1", "--title", "x" * 301)
    assert long.returncode == 2
    assert long.stderr == "Shorten the title to 300 characters (it has 301).\n"
    tags = ", ".join(f"tag{n:03d}" for n in range(300))
    code, row, _ = run_cli(home, None, "details", "1", "--add-tags", tags, "--json")
    assert code == 2
    assert row["message"] == "Shorten the tags to 2,000 characters in all (they have 2,398)."


def test_details_refused_for_one_field_changes_none(tmp_path):
    """`details 1 --title Dawn --add-tags <over the limit>` is refused (exit 2): before, the
    title had been changed all the same, while the command said only to shorten the tags."""
    image = tmp_path / "sea.png"
    Image.new("RGB", (32, 32), (10, 120, 200)).save(image)
    home = tmp_path / "home"
    code, _, err = run_cli(home, None, "import", str(image), "--title", "Sea", "--json")
    assert code == 0, err
    tags = ", ".join(f"tag{n:03d}" for n in range(300))
    refused = run_process(home, None, "details", "1", "--title", "Dawn", "--add-tags", tags)
    assert refused.returncode == 2
    assert "Shorten the tags" in refused.stderr
    code, rows, _ = run_cli(home, None, "jobs", "--json")
    assert [row["title"] for row in rows] == ["Sea"]


@pytest.mark.parametrize("simulated", [False, True], ids=["live", "demo"])
@pytest.mark.parametrize("said", [UPLOAD_REFUSED, UPLOAD_CUT], ids=["refused", "cut"])
def test_a_job_kie_s_upload_service_refused_is_not_said_unreachable(
    app_home, simulated: bool, said: str
) -> None:
    """An edit failed because KIE's upload service kept refusing its reference, or cutting
    its answers short: nothing was charged and `retry` sends it; not "once KIE can be
    reached" nor, in demo mode, "to a new demo server" (the demo server answered). Nor, of
    an answer cut short, that the service "did not take" the image, as it said before."""
    from kontext_studio.cli import job_output
    from kontext_studio.errors import UploadRefusedError

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("make it night"), simulated=simulated)
        ledger.transition(job.id, JobState.UPLOADING)
        snap = ledger.transition(
            job.id,
            JobState.FAILED,
            error_kind=UploadRefusedError.kind,
            error_message=said,
        )
    finally:
        ledger.close()
    step = job_output.next_step(snap)
    server = "the demo server" if simulated else "KIE"
    assert f"The reference image could not be uploaded to {server};" in step
    assert "did not take" not in step
    assert "this send did not" in step
    assert ("demo balance" if simulated else "was not charged") in step
    assert "can be reached" not in step and "new demo server" not in step
    assert ("retry 1 --demo" in step) is simulated


def test_retry_of_a_failed_kept_artwork_asks_for_yes(app_home, capsys, monkeypatch):
    """An artwork kept for a late task of another job's earlier send, whose task failed:
    `retry` sends its prompt again as a new job. Before, it sent it without a word, as a
    retry that follows a task; now it asks for --yes, naming the job it was kept for."""

    def failed_kept(ledger: Ledger) -> Snapshot:
        job = forgotten_demo_job(ledger)
        own, _ = ledger.create_following(job, "late-failed")
        return ledger.transition(own.id, JobState.FAILED, error_kind="generation_failed")

    message, _err = refused_demo_send_again(capsys, monkeypatch, "en", "retry", failed_kept)
    assert message == (
        "Artwork 2 was kept for a late answer to an earlier send of job 1, and its task "
        "failed, so a retry sends its prompt to the demo server again as a new job. A demo "
        "job uses no real credits: only the demo balance goes down. To send it anyway, add "
        "--yes."
    )


@pytest.mark.parametrize("command", ["retry", "resubmit"])
def test_chinese_lists_job_numbers_with_the_enumeration_comma_and_json_stays_english(
    app_home, capsys, monkeypatch, command
):
    """Before: the Chinese words joined the numbers of several artworks with an English
    ", " ("即作品 2, 3"), where Chinese lists names, as the rest of its lists, with "、":
    the refusal of a retry asking for --yes, and resubmit's words before it. The --json
    line stays English, "artworks 2, 3", as scripts read it."""

    def two_kept(ledger: Ledger) -> Snapshot:
        if command == "resubmit":
            job = unanswered_demo_job(ledger)
        else:
            job = ledger.create_job(GenerateRequest("a demo fox sent thrice"), simulated=True)
        for task in ("late-1", "late-2"):
            kept_completed(ledger, job, task)
        if command == "resubmit":
            return job
        return ledger.transition(job.id, JobState.CANCELLED, error_kind="", error_message="")

    message, err = refused_demo_send_again(capsys, monkeypatch, "zh_CN", command, two_kept)
    assert "作品 2、3" in err and "2, 3" not in err
    assert "artworks 2, 3" in message or command == "resubmit"  # its refusal names none
    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        assert [k.id for k in ledger.kept_for(1)] == [2, 3]
    finally:
        ledger.close()


def test_chinese_jobs_lists_the_artworks_kept_for_a_job_with_the_enumeration_comma(
    app_home, capsys, monkeypatch
):
    """`jobs ID` in Chinese of a job two artworks were kept for: "作品 2、3", where it read
    "作品 2, 3"; its --json stays English, as it was."""
    from kontext_studio import cli, i18n

    if i18n.find_tool("lrelease") is None:
        pytest.skip("no lrelease")
    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a fox sent thrice"))
        ledger.create_following(job, "task-late-1")
        ledger.create_following(job, "task-late-2")
        ledger.transition(job.id, JobState.CANCELLED)
    finally:
        ledger.close()
    monkeypatch.setenv("KONTEXT_STUDIO_LANG", "zh_CN")
    try:
        assert cli.main(["jobs", str(job.id)]) == 0
        details = capsys.readouterr().out
        assert cli.main(["jobs", str(job.id), "--json"]) == 0
        line = json.loads(capsys.readouterr().out)
    finally:
        i18n.install(None)
    assert "作品 2、3" in details and "2, 3" not in details
    assert line["kept_artworks"] == [2, 3]
    assert "2, 3" in line["hint"] and "、" not in line["hint"]


def test_a_kept_image_refusal_of_the_engine_lists_its_artworks_as_the_language_does(tmp_path):
    """The engine's refusal to pay twice (another program kept an image since the command
    looked): its English message, which logs keep, reads "artwork 2, 3" as before; shown in
    Chinese, "作品 2、3"."""
    from kontext_studio import i18n
    from kontext_studio.errors import KeptImageError
    from kontext_studio.explain import explain
    from kontext_studio.ui.translations import install_for_cli

    refused = KeptImageError.of(1, [2, 3])
    assert "as artwork 2, 3:" in refused.message
    if i18n.find_tool("lrelease") is None or not install_for_cli("zh_CN", tmp_path):
        pytest.skip("no lrelease")
    try:
        said = explain(refused).sentences()
    finally:
        i18n.install(None)
    assert "作品 2、3" in said and "2, 3" not in said


def test_resubmit_names_an_image_an_earlier_send_is_still_making(app_home, capsys, monkeypatch):
    """`resubmit` of a job an earlier send of which was answered late with a task still
    running, kept as an artwork of its own: stderr names it, by number, before the --yes
    that pays again. Before, only completed ones were named."""

    def with_running(ledger: Ledger) -> Snapshot:
        job = unanswered_demo_job(ledger)
        ledger.create_following(job, "late-running")
        ledger.create_following(job, "late-running-2")
        return job

    message, err = refused_demo_send_again(capsys, monkeypatch, "en", "resubmit", with_running)
    assert message == DEMO_RESUBMIT_ASKS
    assert (
        "2 earlier sends of job 1 are still making images for it, as artworks 2, 3: "
        "`kontext-studio jobs ID` shows how each goes."
    ) in err


def test_retry_and_resubmit_json_list_the_artworks_kept_for_the_job(
    app_home, simulator, monkeypatch, capsys
):
    """`retry --json` (and `resubmit --json`) carry the artworks kept for the job's late
    tasks in their JSON line, as `jobs --json` does (``kept_artworks``), and so does the
    refusal that asks for --yes: before, they were named on stderr only, and a script
    deciding whether to pay again read nothing of them. (The refusal of a job with one:
    test_retry_of_a_job_whose_earlier_send_s_image_is_kept_asks_for_yes.)"""
    from kontext_studio import cli

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a fox cancelled twice"))
        own = kept_completed(ledger, job, "late-earlier")
        ledger.transition(job.id, JobState.CANCELLED, error_kind="", error_message="")
        plain = ledger.create_job(GenerateRequest("a plain fox"))
        ledger.transition(plain.id, JobState.CANCELLED, error_kind="", error_message="")
    finally:
        ledger.close()
    sent_to(simulator, monkeypatch)
    assert cli.main(["retry", str(job.id), "--json", "--yes"]) == 0
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (line["status"], line["kept_artworks"]) == ("completed", [own.id])
    assert cli.main(["retry", str(plain.id), "--json"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["kept_artworks"] == []


def test_a_refused_resubmit_s_json_lists_the_artworks_kept_for_the_job(app_home, capsys):
    """The refusal that asks for --yes: its JSON line lists them too, whatever their state,
    as `jobs --json` does."""
    from kontext_studio import cli

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = unanswered_demo_job(ledger)
        done = kept_completed(ledger, job, "late-1")
        running, _ = ledger.create_following(job, "late-running")
    finally:
        ledger.close()
    assert cli.main(["resubmit", str(job.id), "--demo", "--json"]) == 2
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (line["status"], line["message"]) == ("error", DEMO_RESUBMIT_ASKS)
    assert line["kept_artworks"] == [done.id, running.id]


def resume_whose_job_the_window_takes_over(monkeypatch, simulator, argv: list[str]) -> int:
    """Run `resume` (with ``argv``) in this process on a library with one unfinished job;
    the window, opened meanwhile beside it (a guest), takes the job over as the command is
    about to send it, so that it is still running, elsewhere, as the command ends. Returns
    the command's exit code."""
    from kontext_studio import cli
    from kontext_studio.jobs.claim import JobsClaim
    from kontext_studio.jobs.engine import JobEngine

    database = Paths.from_env().ensure().database
    ledger = Ledger.open(database)
    try:
        ledger.create_job(GenerateRequest("a fox the window took over from resume"))
    finally:
        ledger.close()
    window = JobsClaim(database.with_name(database.name + ".jobs.lock"))

    async def window_takes_the_task(_engine, snap, _request):
        window.enter_as_guest()  # the window, opened while the command holds the jobs
        taken_by_the_window(database, snap)
        return None

    monkeypatch.setattr(JobEngine, "_input_url", window_takes_the_task)
    sent_to(simulator, monkeypatch)
    try:
        return cli.main(["resume", *argv])
    finally:
        window.release()


CARRIED_ON_BY_THE_WINDOW = (
    "job 1: generating - It is carried on in the window or another command open on this "
    "library; `kontext-studio jobs 1` shows how it goes."
)
"""The plain result line of job 1 of :func:`resume_whose_job_the_window_takes_over`."""


@pytest.mark.parametrize("as_json", [False, True])
def test_resume_whose_job_the_window_takes_over_ends_with_the_carried_on_code(
    app_home, simulator, monkeypatch, capsys, as_json
):
    """`resume` carries an unfinished job on; the window, opened meanwhile beside it (a
    guest), takes the job over as the command is about to send it. As for `generate`,
    `retry` and `resubmit`: the window carries it on, and the command exits 4. Before, it
    said the job "stopped before it finished (the log folder says why)", that `resume`
    carries it on, and exited 1, which says the command failed."""
    from kontext_studio.cli import output

    argv = ["--json"] if as_json else []
    code = resume_whose_job_the_window_takes_over(monkeypatch, simulator, argv)
    said = capsys.readouterr().out
    if as_json:
        said = json.loads(said.splitlines()[-1])[0]["message"]
    else:
        assert said.splitlines() == [CARRIED_ON_BY_THE_WINDOW]
    assert "stopped before it finished" not in said and "`kontext-studio resume`" not in said
    assert "carried on in the window or another command open on this library" in said
    assert "`kontext-studio jobs 1`" in said
    assert code == output.EXIT_CARRIED_ON
    assert simulator.generate_requests == []


@pytest.mark.parametrize("lost", [False, True])
def test_resume_json_says_a_job_still_running_on_stderr_as_its_plain_line_does(
    app_home, simulator, monkeypatch, capsys, lost
):
    """`resume --json` of a job the window took over: its line said on stderr, where a
    person watches stderr apart from stdout (``resume --json > out.json`` on a terminal),
    or before the refusal of a stdout that refused it (a full disk), is the plain output's,
    which says where the job goes on. Before, a bare "job 1: generating": it said
    neither that the command left it nor who carries it on."""
    from kontext_studio.cli import job_output, output

    if lost:

        def full(_text: str) -> None:
            raise output.StdoutFailed(os.strerror(errno.ENOSPC))

        monkeypatch.setattr(output, "_write", full)
    else:
        monkeypatch.setattr(job_output, "watched_apart", lambda: True)
    resume_whose_job_the_window_takes_over(monkeypatch, simulator, ["--json"])
    said = capsys.readouterr().err.splitlines()
    assert [line for line in said if line.startswith("job 1: generating - ")] == [
        CARRIED_ON_BY_THE_WINDOW
    ]


def test_retry_of_a_failed_job_names_the_image_an_earlier_send_made(
    app_home, simulator, monkeypatch, capsys
):
    """`retry --yes` of a failed job (out of credits) sends it again, charged, as it does a
    job cancelled before its send went out: stderr names the artwork an earlier send of it
    made, answered late, as it does for the cancelled one. Before, only a cancelled job's
    were named, and the retry paid again for an image already in the library without a
    word."""
    from kontext_studio import cli

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a fox out of credits"))
        own = kept_completed(ledger, job, "late-earlier")
        ledger.transition(job.id, JobState.FAILED, error_kind="credits")
    finally:
        ledger.close()
    sent_to(simulator, monkeypatch)
    assert cli.main(["retry", str(job.id), "--json", "--yes"]) == 0
    out, err = capsys.readouterr()
    assert f"its image is already in the library as artwork {own.id}." in err
    assert json.loads(out.strip().splitlines()[-1])["kept_artworks"] == [own.id]


@pytest.mark.parametrize("command", ["retry", "resubmit"])
def test_a_refusal_asking_for_yes_of_a_job_with_no_kept_artwork_keeps_its_three_fields(
    app_home, capsys, command
):
    """The JSON line of `retry`'s or `resubmit`'s refusal that asks for --yes lists the
    artworks kept for the job (``kept_artworks``) only when there are some: of a job with
    none, it is the line a script read before, ``status``, ``kind`` and ``message`` alone."""
    from kontext_studio import cli

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = (forgotten_demo_job if command == "retry" else unanswered_demo_job)(ledger)
    finally:
        ledger.close()
    assert cli.main([command, str(job.id), "--demo", "--json"]) == 2
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert sorted(line) == ["kind", "message", "status"]


@pytest.mark.parametrize("stopped", [JobState.CANCELLED, JobState.FAILED])
@pytest.mark.parametrize("made", ["completed", "running"])
def test_retry_of_a_job_whose_earlier_send_s_image_is_kept_asks_for_yes(
    app_home, simulator, monkeypatch, capsys, stopped, made
):
    """`retry` of a job cancelled before its send went out, or failed (out of credits),
    sends it to KIE again, charged, while an earlier send of it made its image, or is still
    making it, kept as an artwork of its own. Before, it sent it without --yes, naming that
    artwork on stderr only, where the window's Retry asks: now it is refused, as
    `resubmit` is (exit 2, the artwork in the JSON line), saying how to go on."""
    from kontext_studio import cli
    from kontext_studio.cli import output

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a fox sent once already"))
        if made == "completed":
            own = kept_completed(ledger, job, "late-earlier")
        else:
            own, _ = ledger.create_following(job, "late-earlier")
        if stopped is JobState.CANCELLED:
            job = ledger.transition(job.id, stopped, error_kind="", error_message="")
        else:
            job = ledger.transition(job.id, stopped, error_kind="credits")
    finally:
        ledger.close()
    sent_to(simulator, monkeypatch)
    assert cli.main(["retry", str(job.id), "--json"]) == output.EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    line = json.loads(out.strip().splitlines()[-1])
    assert (line["status"], line["kind"]) == ("error", "invalid_input")
    assert line["kept_artworks"] == [own.id]
    assert line["message"] == (
        f"An earlier send of job {job.id} made its image, or is still making it, as artwork "
        f"{own.id}: a retry sends the job to KIE again as a new job, which is charged. "
        f"`kontext-studio jobs {own.id}` shows that artwork; to send the job again anyway, "
        "add --yes."
    )
    assert f"`kontext-studio jobs {own.id}` shows that artwork" in err
    assert simulator.generate_count("a fox sent once already") == 0
    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        assert ledger.get(job.id) == job  # nothing was sent
    finally:
        ledger.close()


def test_retry_of_a_demo_job_whose_earlier_sends_images_are_kept_asks_for_yes(
    app_home, capsys, monkeypatch
):
    """The same refusal of a demo job, two of whose earlier sends' images are kept: in the
    demo server's words (no real credits), naming both artworks; one whose task failed,
    with no image, is not among them."""

    def with_two_kept(ledger: Ledger) -> Snapshot:
        job = ledger.create_job(GenerateRequest("a demo fox sent thrice"), simulated=True)
        for task in ("late-1", "late-2"):
            kept_completed(ledger, job, task)
        failed, _ = ledger.create_following(job, "late-failed")
        ledger.transition(failed.id, JobState.FAILED, error_kind="generation_failed")
        return ledger.transition(job.id, JobState.CANCELLED, error_kind="", error_message="")

    message, _err = refused_demo_send_again(capsys, monkeypatch, "en", "retry", with_two_kept)
    assert message == (
        "Earlier sends of job 1 made its image, or are still making it, as artworks 2, 3: a "
        "retry sends the job to the demo server again as a new job. A demo job uses no real "
        "credits: only the demo balance goes down. `kontext-studio jobs ID` shows each of "
        "those artworks; to send the job again anyway, add --yes."
    )


@pytest.mark.parametrize("stopped", [JobState.CANCELLED, JobState.FAILED])
@pytest.mark.parametrize("made", ["completed", "running"])
def test_jobs_tells_retry_yes_of_a_job_whose_earlier_send_s_image_is_kept(
    app_home, capsys, stopped, made
):
    """`jobs ID` (and `jobs --json`, `jobs ID --json`) of a job cancelled before its send
    went out, or failed, while an earlier send of it made its image or is still making it
    (kept as an artwork of its own): the next step names that artwork, how to see it, and
    that `retry ID --yes` pays again. Before, it said `retry ID`, which is refused for such
    a job. A job with no kept image keeps its plain `retry ID`."""
    from kontext_studio import cli

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a fox sent once already"))
        if made == "completed":
            own = kept_completed(ledger, job, "late-earlier")
        else:
            own, _ = ledger.create_following(job, "late-earlier")
        plain = ledger.create_job(GenerateRequest("a fox sent once"))
        for stopping in (job, plain):
            if stopped is JobState.CANCELLED:
                ledger.transition(stopping.id, stopped, error_kind="", error_message="")
            else:
                ledger.transition(stopping.id, stopped, error_kind="credits")
    finally:
        ledger.close()
    if made == "completed":
        kept = (
            f"An earlier send of job {job.id} already made its image, kept as artwork "
            f"{own.id}: `kontext-studio jobs {own.id}` shows it."
        )
    else:
        kept = (
            f"An earlier send of job {job.id} is still making its image, as artwork {own.id}: "
            f"`kontext-studio jobs {own.id}` shows how it goes."
        )
    step = (
        f"{kept} `kontext-studio retry {job.id} --yes` sends the job again all the same, "
        "charged as a new job."
    )
    assert cli.main(["jobs", str(job.id)]) == 0
    assert f"  next: {step}" in capsys.readouterr().out
    assert cli.main(["jobs", str(job.id), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["hint"] == step
    assert cli.main(["jobs", "--json"]) == 0
    hints = {row["id"]: row["hint"] for row in json.loads(capsys.readouterr().out)}
    assert hints[job.id] == step
    assert f"`kontext-studio retry {plain.id}`" in hints[plain.id]
    assert "--yes" not in hints[plain.id]


def test_retry_is_refused_when_another_program_kept_an_earlier_send_s_image_after_its_look(
    app_home, simulator, monkeypatch, capsys
):
    """`retry` of a failed job looks at the artworks kept for it, finds none, resumes the
    library's other jobs, and sends it; another program keeps a late answer to an earlier
    send of the job in between. Before, the engine sent it, and that image was paid for
    twice: the engine refuses it, and the command says so in the words of its own refusal
    (exit 2, the artwork in the JSON line)."""
    from kontext_studio import cli
    from kontext_studio.cli import output
    from kontext_studio.jobs.engine import JobEngine

    database = Paths.from_env().ensure().database
    ledger = Ledger.open(database)
    try:
        job = ledger.create_job(GenerateRequest("a fox sent once already"))
        job = ledger.transition(job.id, JobState.FAILED, error_kind="credits")
    finally:
        ledger.close()
    resume = JobEngine.resume

    async def then_kept(engine: JobEngine, **options: bool) -> list[int]:
        other = Ledger.open(database)  # another program, after the command's look
        try:
            other.create_following(job, "late-earlier")
        finally:
            other.close()
        return await resume(engine, **options)

    monkeypatch.setattr(JobEngine, "resume", then_kept)
    sent_to(simulator, monkeypatch)
    assert cli.main(["retry", str(job.id), "--json"]) == output.EXIT_BAD_INPUT
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    own = job.id + 1
    assert (line["kind"], line["kept_artworks"]) == ("invalid_input", [own])
    assert line["message"] == (
        f"An earlier send of job {job.id} made its image, or is still making it, as artwork "
        f"{own}: a retry sends the job to KIE again as a new job, which is charged. "
        f"`kontext-studio jobs {own}` shows that artwork; to send the job again anyway, "
        "add --yes."
    )
    assert simulator.generate_count("a fox sent once already") == 0


def test_cancel_of_a_job_whose_earlier_send_s_image_is_kept_tells_retry_yes(app_home, capsys):
    """`cancel` of a queued job an earlier send of which made its image, kept as an artwork
    of its own: its next step (printed, and its --json hint) names that artwork and says
    `retry ID --yes` pays again. Before, it said `retry ID`, which is refused for it."""
    from kontext_studio import cli

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a queued fox made once already"))
        own = kept_completed(ledger, job, "late-earlier")
    finally:
        ledger.close()
    assert cli.main(["cancel", str(job.id), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["hint"] == (
        f"An earlier send of job {job.id} already made its image, kept as artwork {own.id}: "
        f"`kontext-studio jobs {own.id}` shows it. `kontext-studio retry {job.id} --yes` "
        "sends the job again all the same, charged as a new job."
    )


@pytest.mark.parametrize(
    ("state", "kind", "code", "shown"),
    [
        ("downloading", "", 422, None),  # running after the Retry of a refused link
        ("generating", "server", 502, 502),  # held up by KIE: the code it was answered
        ("submitting", "network", None, None),  # held up: no code of KIE's
        ("queued", "server", None, None),  # an upload reply that could not be read
        ("queued", "rate_limited", 429, 429),
        ("submitting", "maintenance", 455, 455),
        ("generating", "auth", 401, 401),  # its key refused while it is followed
        ("generating", "credits", 402, 402),
        ("generating", "feature_disabled", 505, 505),
        ("queued", "", 402, None),  # a code from before its Retry: nothing holds it up
        # The picture's server (no envelope of KIE's) held the download up: its link
        # refused, its 5xx or its 429 is not KIE's code for a trouble of its own.
        ("downloading", "server", None, None),
        ("downloading", "rate_limited", None, None),
        ("cancelled", "", 422, None),  # the artist's stop, after such a Retry
        ("failed", "expired_result", 422, 422),
        ("timeout", "upstream_timeout", 408, 408),
        ("unknown", "outcome_unknown", 504, 504),
    ],
)
def test_only_a_job_that_stopped_short_has_an_error_code(app_home, state, kind, code, shown):
    """`jobs --json` gives the code of the failure that stopped a job short (failed, timed
    out, outcome unknown), or of KIE's trouble holding a running job up (limiting, under
    maintenance, a server error, the key or credits: before, null, but for the first two;
    then 500 for every server error), and null for any other, running or cancelled alike.
    Before, a
    job running (or cancelled) after the Retry of a result link KIE refused read
    "error_code": 422, and every other running job null, so a script could not tell a
    running job from one that failed by it."""
    from kontext_studio.cli import job_output
    from kontext_studio.config import Paths
    from kontext_studio.jobs.states import JobState
    from kontext_studio.kie.models import GenerateRequest
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a fox"))
    finally:
        ledger.close()
    row = replace(job, state=JobState(state), task_id="task-1", error_kind=kind, error_code=code)
    reported = job_output.job_json(row, full=True)
    assert (reported["status"], reported["error_code"]) == (state, shown)


def test_a_finished_artwork_whose_link_kie_refused_is_not_given_an_error_code(app_home, capsys):
    """A Download again KIE refused (422, its link no file of KIE's) leaves the artwork
    completed (jobs/engine.py): `jobs --json` gives it no error code, as for any finished
    artwork. Before, it read "status": "completed" with "error_code": 422, and a script
    that takes an error code for a failure counted it as failed."""
    from kontext_studio.cli import job_output
    from kontext_studio.config import Paths
    from kontext_studio.jobs.states import JobState
    from kontext_studio.kie.models import GenerateRequest
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(Paths.from_env().ensure().database)
    try:
        job = ledger.create_job(GenerateRequest("a fox"))
    finally:
        ledger.close()
    refused = replace(
        job, state=JobState.COMPLETED, result_deleted=True, error_code=422, completed_at=1.0
    )
    reported = job_output.job_json(refused)
    assert (reported["status"], reported["error_code"], reported["message"]) == (
        "completed",
        None,
        "",
    )


def test_a_job_left_sending_after_kie_held_it_up_is_unknown_with_no_code(
    app_home, capsys, simulator
):
    """A job KIE held up (429: limiting its requests), then sent again, was left sending
    by a killed command: `resume` makes it unknown, its outcome not known. Before, the
    code of the trouble that had held it up stayed on its row, and `jobs --json` read
    "status": "unknown" with "error_code": 429, as if KIE had refused the send that may
    have been charged."""
    from kontext_studio import cli

    ledger = Ledger.open(app_home / "data" / "library.sqlite3")
    try:
        job = ledger.create_job(GenerateRequest("a fox").validated())
        ledger.transition(
            job.id,
            JobState.SUBMITTING,
            error_kind="rate_limited",
            error_message="KIE is limiting requests.",
            error_code=429,
        )
    finally:
        ledger.close()
    assert cli.main(["resume", "--json"]) == 1
    [row] = json.loads(capsys.readouterr().out)
    assert (row["status"], row["error_code"]) == ("unknown", None)
