"""import, publish and unpublish from the command line, against a real S3 server on 127.0.0.1."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from kontext_studio.store.ledger import Ledger
from tests.fixtures import ctrl_c_heard, ctrl_c_to_main_thread

ROOT = Path(__file__).resolve().parents[2]
SECRET = "sentinel-r2-secret-0123456789"


def run_text(home: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """The command ``args`` run with ``home`` and ``env`` alone (no KONTEXT_ or R2_ variable
    of the test run's own): its code and what it printed."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("KONTEXT_", "R2_"))}
    full_env.update(env, KONTEXT_STUDIO_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "kontext_studio", *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


def run(home: Path, env: dict[str, str], *args: str) -> tuple[int, Any, str]:
    """:func:`run_text`, its last line read as JSON."""
    proc = run_text(home, env, *args)
    lines = proc.stdout.strip().splitlines()
    return proc.returncode, json.loads(lines[-1]) if lines else None, proc.stderr


def r2_env(endpoint: str, bucket: str) -> dict[str, str]:
    return {
        "KONTEXT_STUDIO_R2_ENDPOINT": endpoint,
        "KONTEXT_STUDIO_R2_BUCKET": bucket,
        "R2_ACCESS_KEY_ID": "AKIAEXAMPLE",
        "R2_SECRET_ACCESS_KEY": SECRET,
    }


def test_import_publish_unpublish_round_trip(tmp_path, s3_endpoint, bucket, admin):
    good = tmp_path / "山水.png"
    Image.new("RGB", (320, 200), (10, 120, 90)).save(good)
    bad = tmp_path / "broken.png"
    bad.write_bytes(good.read_bytes()[:200])
    env = r2_env(s3_endpoint, bucket)

    code, rows, err = run(tmp_path, env, "import", str(good), str(bad), "--json")
    assert code == 1  # one file was refused
    assert rows[0]["id"] is not None and rows[0]["source"] == "uploaded"
    assert rows[1]["id"] is None and "truncated" in rows[1]["message"]
    assert rows[0]["title"] == "山水"

    code, line, err = run(tmp_path, env, "publish", str(rows[0]["id"]), "--json")
    assert code == 0, line
    assert line["status"] == "published" and line["key"].endswith(".png")
    fetched = httpx.get(line["url"])
    assert fetched.status_code == 200
    assert fetched.content == good.read_bytes()  # an imported file is never re-encoded

    code, again, _ = run(tmp_path, env, "publish", str(rows[0]["id"]), "--json")
    assert code == 0 and again["key"] == line["key"]

    code, gone, _ = run(tmp_path, env, "unpublish", str(rows[0]["id"]), "--json")
    assert code == 0 and gone["status"] == "unpublished"
    assert admin.list_objects_v2(Bucket=bucket)["KeyCount"] == 0
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.suffix in {".json", ".jsonl", ".sqlite3", ".log"}:
            assert SECRET not in path.read_text(errors="ignore")
    assert SECRET not in err


def test_unpublishing_an_artwork_that_is_not_published_says_so(tmp_path, s3_endpoint, bucket):
    """Before: "unpublished", `"status": "unpublished"`, for an artwork that had never been
    published: a script could not tell it from one taken down."""
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64)).save(image)
    env = r2_env(s3_endpoint, bucket)
    _, row, _ = run(tmp_path, env, "import", str(image), "--json")
    said = f"Artwork {row['id']} is not published: there was nothing to unpublish."
    code, line, _ = run(tmp_path, env, "unpublish", str(row["id"]), "--json")
    assert code == 0
    assert (line["status"], line["key"], line["message"]) == ("not_published", None, said)
    proc = run_text(tmp_path, env, "unpublish", str(row["id"]))
    assert (proc.returncode, proc.stdout) == (0, said + "\n")


def test_after_switching_buckets_unpublish_and_publish_refuse_until_switched_back_or_forgotten(
    tmp_path, s3_endpoint, bucket, admin
):
    """Before, ``unpublish`` with the settings naming another bucket said "unpublished" and
    cleared the record, the artwork still public in the old bucket; ``publish`` put a second
    copy in the new one, forgetting the first."""
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64), (200, 40, 40)).save(image)
    old = r2_env(s3_endpoint, bucket)
    new = r2_env(s3_endpoint, f"{bucket}-new")
    admin.create_bucket(
        Bucket=new["KONTEXT_STUDIO_R2_BUCKET"],
        CreateBucketConfiguration={"LocationConstraint": "auto"},
    )
    _, rows, _ = run(tmp_path, old, "import", str(image), "--json")
    artwork = str(rows["id"])
    code, published, _ = run(tmp_path, old, "publish", artwork, "--json")
    assert code == 0
    kept = {published["key"], published["key"][:-4] + ".json"}

    for command in ("unpublish", "publish"):
        code, line, err = run(tmp_path, new, command, artwork, "--json")
        assert code == 2, err  # refused before anything was sent
        assert line["status"] == "failed"
        assert line["message"] == (
            f"Artwork {artwork} is published in the bucket '{bucket}', but the R2 settings now "
            f"name the bucket '{bucket}-new'."
        )
        assert f"kontext-studio unpublish {artwork} --forget" in err
    assert {item["Key"] for item in admin.list_objects_v2(Bucket=bucket)["Contents"]} == kept
    assert admin.list_objects_v2(Bucket=f"{bucket}-new")["KeyCount"] == 0

    code, forgot, err = run(tmp_path, new, "unpublish", artwork, "--forget", "--json")
    assert code == 0, err
    assert (forgot["status"], forgot["key"], forgot["bucket"]) == (
        "forgotten",
        published["key"],
        bucket,
    )
    code, forgot, err = run(tmp_path, {}, "unpublish", artwork, "--forget", "--json")
    assert (code, forgot["status"], forgot["key"]) == (0, "forgotten", None)
    assert f"Artwork {artwork} was not published: there was nothing to forget." in err
    assert {item["Key"] for item in admin.list_objects_v2(Bucket=bucket)["Contents"]} == kept

    code, moved, _ = run(tmp_path, new, "publish", artwork, "--json")
    assert code == 0 and moved["key"] == published["key"]
    code, line, _ = run(tmp_path, old, "unpublish", artwork, "--json")
    assert code == 2 and f"'{bucket}-new'" in line["message"]
    code, line, _ = run(tmp_path, new, "unpublish", artwork, "--json")
    assert code == 0 and line["status"] == "unpublished"
    assert admin.list_objects_v2(Bucket=f"{bucket}-new")["KeyCount"] == 0


def test_forgetting_a_publication_says_what_stays_in_the_bucket(tmp_path, s3_endpoint, bucket):
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64), (20, 40, 240)).save(image)
    env = r2_env(s3_endpoint, bucket)
    _, rows, _ = run(tmp_path, env, "import", str(image), "--json")
    _, published, _ = run(tmp_path, env, "publish", str(rows["id"]), "--json")
    proc = subprocess.run(
        [sys.executable, "-m", "kontext_studio", "unpublish", str(rows["id"]), "--forget"],
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith(("KONTEXT_", "R2_"))},
            "KONTEXT_STUDIO_HOME": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    host = s3_endpoint.removeprefix("http://")
    assert proc.stdout.strip() == (
        f"Artwork {rows['id']} is no longer recorded as published. Nothing was removed: its "
        f"image and manifest stay in the bucket '{bucket}' at {host} ({published['key']})."
    )


def test_forgetting_what_a_stopped_first_publish_noted_does_not_call_it_published(
    tmp_path, s3_endpoint, bucket
):
    """The refusal to publish, once the settings name another bucket, an artwork whose first
    publish stopped before its end sends the artist to ``unpublish --forget``. Before, that
    said the artwork "is no longer recorded as published" and that its image and manifest
    stay in the bucket: it never was published, and the publish may have sent nothing."""
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64), (20, 240, 40)).save(image)
    _, rows, _ = run(tmp_path, r2_env(s3_endpoint, bucket), "import", str(image), "--json")
    key = f"artworks/{hashlib.sha256(image.read_bytes()).hexdigest()}.png"
    host = s3_endpoint.removeprefix("http://")
    ledger = Ledger.open(tmp_path / "data" / "library.sqlite3")
    try:  # as a first publish killed once its image was sent leaves the record
        ledger.note(rows["id"], retired_key=key, published_bucket=bucket, published_host=host)
    finally:
        ledger.close()

    code, line, err = run(tmp_path, {}, "unpublish", str(rows["id"]), "--forget", "--json")
    assert code == 0, err
    assert (line["key"], line["left_key"], line["bucket"]) == (None, key, bucket)
    assert line["may_be_gone"] is False
    assert err.strip() == (
        f"Artwork {rows['id']} was not published. A publish of it that stopped before its end "
        f"may have left its image in the bucket '{bucket}' at {host} ({key}); the library no "
        "longer records it, and nothing was removed."
    )
    assert line["message"] == err.strip()  # before: "", unlike every other status


def test_forgetting_an_artwork_that_may_be_gone_says_its_image_may_still_be_there(
    tmp_path, s3_endpoint, bucket
):
    """An unpublish of the artwork did not finish (may be gone), and the artist forgets its
    publication. Before, the command said its image and manifest "stay in the bucket": R2
    may have removed them already. Its --json line named the published key as `left_key`,
    what a stopped publish may have left: it says the published `key` may be gone."""
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64), (200, 40, 240)).save(image)
    env = r2_env(s3_endpoint, bucket)
    _, rows, _ = run(tmp_path, env, "import", str(image), "--json")
    _, published, _ = run(tmp_path, env, "publish", str(rows["id"]), "--json")
    ledger = Ledger.open(tmp_path / "data" / "library.sqlite3")
    try:  # as an unpublish notes the key it is removing (service._noted_as_going)
        ledger.note(rows["id"], retired_key=published["key"])
    finally:
        ledger.close()

    code, line, err = run(tmp_path, {}, "unpublish", str(rows["id"]), "--forget", "--json")
    assert code == 0, err
    host = s3_endpoint.removeprefix("http://")
    assert err.strip() == (
        f"Artwork {rows['id']} is no longer recorded as published. Nothing was removed now, "
        "but an earlier unpublish of it did not finish: its image and manifest may still be in "
        f"the bucket '{bucket}' at {host} ({published['key']}), or may be gone."
    )
    assert line["message"] == err.strip()
    assert (line["key"], line["left_key"], line["may_be_gone"]) == (published["key"], None, True)


def test_forgetting_an_artwork_never_published_says_so_in_its_json_message(tmp_path):
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64), (240, 20, 40)).save(image)
    _, rows, _ = run(tmp_path, {}, "import", str(image), "--json")
    code, line, err = run(tmp_path, {}, "unpublish", str(rows["id"]), "--forget", "--json")
    assert code == 0, err
    assert (line["status"], line["bucket"], line["left_key"]) == ("forgotten", None, None)
    assert line["message"] == (
        f"Artwork {rows['id']} was not published: there was nothing to forget."
    )


def test_publish_failure_is_one_clear_line(tmp_path, s3_endpoint):
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64)).save(image)
    env = r2_env(s3_endpoint, "no-such-bucket")
    _, rows, _ = run(tmp_path, env, "import", str(image), "--json")
    code, line, err = run(tmp_path, env, "publish", str(rows["id"]), "--json")
    assert code == 1
    assert line["status"] == "failed"
    assert "bucket" in line["message"].lower()
    assert "Traceback" not in err


def test_a_failed_publish_is_in_the_log_file_without_the_secret(tmp_path, s3_endpoint):
    """An artist reports that last night's publish failed: the log file says so, and what R2
    answered. Before, `publish` opened no log file, and its retries and failure were written
    nowhere."""
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64)).save(image)
    env = r2_env(s3_endpoint, "no-such-bucket")
    _, row, _ = run(tmp_path, env, "import", str(image), "--json")

    code, line, err = run(tmp_path, env, "publish", str(row["id"]), "--json")

    assert (code, line["status"]) == (1, "failed"), err
    log = (tmp_path / "logs" / "kontext-studio.jsonl").read_text(encoding="utf-8")
    records = [json.loads(text) for text in log.splitlines()]
    failed = [r for r in records if r.get("event") == "publish_failed"]
    assert failed and failed[0]["level"] == "WARNING", records
    ended = [(r["command"], r["exit_code"]) for r in records if r.get("event") == "command_ended"]
    assert ended == [("import", 0), ("publish", 1)]
    assert SECRET not in log


def test_a_bucket_the_environment_names_that_does_not_exist_is_said_of_its_variable(
    tmp_path, s3_endpoint
):
    """Before: "Check the bucket name in Settings.", of a bucket the settings do not name."""
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64)).save(image)
    env = r2_env(s3_endpoint, "no-such-bucket")
    _, rows, _ = run(tmp_path, env, "import", str(image), "--json")
    code, _, err = run(tmp_path, env, "publish", str(rows["id"]), "--json")
    assert code == 1
    assert err.strip().endswith(
        "Check KONTEXT_STUDIO_R2_BUCKET in the environment, then start Kontext Studio again, "
        "which reads the environment only as it starts."
    )


def test_publishing_an_artwork_whose_file_is_gone_says_the_image_is_missing(
    tmp_path, s3_endpoint, bucket
):
    """Before: "The file could not be written. ... Free disk space or choose another
    folder.", for a file deleted outside the app: nothing was written, and no disk is full."""
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64), (3, 30, 60)).save(image)
    env = r2_env(s3_endpoint, bucket)
    _, rows, _ = run(tmp_path, env, "import", str(image), "--json")
    Path(rows["path"]).unlink()
    code, line, err = run(tmp_path, env, "publish", str(rows["id"]), "--json")
    assert code == 2  # refused before anything was sent
    assert line["status"] == "failed"
    assert line["message"] == (
        f"The image file is missing. Cause: {Path(rows['path']).name} is no longer in the "
        f"library folder {Path(rows['path']).parent}."
    )
    assert "put it back in that folder under the same name" in err
    assert "written" not in err and "disk space" not in err


def test_publishing_an_unfinished_job_is_refused_without_blaming_the_r2_settings(
    tmp_path, s3_endpoint, bucket
):
    """Before: "Publishing failed. (artwork 1 is not finished (failed)) Check the R2
    settings and retry.", exit code 1, for a job that had no image to publish."""
    from kontext_studio.jobs.states import JobState
    from kontext_studio.kie.models import GenerateRequest
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(tmp_path / "data" / "library.sqlite3")
    try:
        job = ledger.create_job(GenerateRequest("a fox").validated())
        ledger.transition(job.id, JobState.FAILED, error_kind="network", error_message="refused")
    finally:
        ledger.close()
    code, line, err = run(tmp_path, r2_env(s3_endpoint, bucket), "publish", str(job.id), "--json")
    assert code == 2  # refused before anything was sent
    assert line["status"] == "failed"
    assert line["message"] == "Artwork 1 has no finished image, so there is nothing to publish."
    assert "R2 settings" not in err


def test_publish_without_r2_settings_says_what_is_missing(tmp_path):
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64)).save(image)
    _, rows, _ = run(tmp_path, {}, "import", str(image), "--json")
    code, line, _ = run(tmp_path, {}, "publish", str(rows["id"]), "--json")
    assert code == 2  # refused before anything was sent, as bad input is
    # What to do first, the fields still empty after, named as Settings names them.
    assert line["message"].startswith("Publishing is not set up: fill in the empty fields in")
    assert line["message"].endswith(
        "Still empty: Endpoint, Bucket, Access key ID and Secret access key."
    )


def test_publish_with_one_r2_field_empty_names_only_its_variable(tmp_path):
    """Before, the one line named every variable (KONTEXT_STUDIO_R2_ENDPOINT,
    KONTEXT_STUDIO_R2_BUCKET, R2_ACCESS_KEY_ID and R2_SECRET_ACCESS_KEY) of a setup with
    only its secret missing, as if all four were to be set again: 270 characters for one
    variable to set. Now it names the variables of the fields still empty."""
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64)).save(image)
    env = {**r2_env("https://acct.r2.cloudflarestorage.com", "art"), "R2_SECRET_ACCESS_KEY": ""}
    _, rows, _ = run(tmp_path, env, "import", str(image), "--json")
    code, line, _ = run(tmp_path, env, "publish", str(rows["id"]), "--json")
    assert code == 2
    assert line["message"] == (
        "Publishing is not set up: fill in the empty fields in Settings → Publishing (R2), or "
        "set R2_SECRET_ACCESS_KEY, then try again. Still empty: Secret access key."
    )
    code, line, _ = run(tmp_path, {}, "publish", str(rows["id"]), "--json")
    assert line["message"] == (
        "Publishing is not set up: fill in the empty fields in Settings → Publishing (R2), or "
        "set KONTEXT_STUDIO_R2_ENDPOINT, KONTEXT_STUDIO_R2_BUCKET, R2_ACCESS_KEY_ID "
        "and R2_SECRET_ACCESS_KEY, then try again. Still empty: Endpoint, Bucket, Access key "
        "ID and Secret access key."
    )


def test_unpublish_of_an_artwork_never_published_says_so_with_r2_not_set_up(tmp_path):
    """Before: "Publishing is not set up: fill in the empty fields ..." (exit 2) for an
    artwork that was never published: an artist with nothing to remove was sent to set R2
    up. Nothing is asked of R2 for it, so its settings do not matter."""
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64)).save(image)
    _, row, _ = run(tmp_path, {}, "import", str(image), "--json")
    said = f"Artwork {row['id']} is not published: there was nothing to unpublish."
    code, line, err = run(tmp_path, {}, "unpublish", str(row["id"]), "--json")
    assert (code, line["status"], line["message"]) == (0, "not_published", said)
    assert "not set up" not in err
    proc = run_text(tmp_path, {}, "unpublish", str(row["id"]))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, said + "\n", "")


def test_unpublish_without_r2_settings_does_not_say_publishing_failed(
    tmp_path, s3_endpoint, bucket
):
    """Before: "Publishing failed. (R2 is not configured: ...) Check the R2 settings and
    retry." for an unpublish, and for a publish nothing had been tried: the settings are
    what is wrong, and the words now say so, and where they are set."""
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64)).save(image)
    _, rows, _ = run(tmp_path, {}, "import", str(image), "--json")
    run(tmp_path, r2_env(s3_endpoint, bucket), "publish", str(rows["id"]), "--json")
    for command in ("unpublish", "publish"):
        code, line, err = run(tmp_path, {}, command, str(rows["id"]), "--json")
        assert code == 2 and line["status"] == "failed"
        assert line["message"].startswith("Publishing is not set up: fill in the empty fields")
        assert "Publishing failed" not in err
        assert "Settings → Publishing (R2)" in err and "KONTEXT_STUDIO_R2_BUCKET" in err


def test_unpublish_of_what_a_stopped_publish_left_asks_for_r2_with_exit_2(
    tmp_path, s3_endpoint, bucket
):
    """A first publish killed once its image was sent leaves the key on record, not the
    artwork published: ``unpublish`` has something to remove there, so without R2 settings
    it is refused before anything is sent (exit 2), as for a published artwork, not told
    "not published" (exit 0), which would leave the image in the bucket unsaid."""
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64), (40, 20, 240)).save(image)
    _, rows, _ = run(tmp_path, {}, "import", str(image), "--json")
    key = f"artworks/{hashlib.sha256(image.read_bytes()).hexdigest()}.png"
    ledger = Ledger.open(tmp_path / "data" / "library.sqlite3")
    try:
        host = s3_endpoint.removeprefix("http://")
        ledger.note(rows["id"], retired_key=key, published_bucket=bucket, published_host=host)
    finally:
        ledger.close()

    code, line, err = run(tmp_path, {}, "unpublish", str(rows["id"]), "--json")
    assert (code, line["status"]) == (2, "failed"), err
    assert line["message"].startswith("Publishing is not set up: fill in the empty fields")


def test_publishing_an_artwork_whose_file_cannot_be_read_says_so_not_written(
    tmp_path, s3_endpoint, bucket, monkeypatch, capsys
):
    """Before: "The file could not be written. (cannot read …: Permission denied) Free disk
    space or choose another folder." Nothing was written. (As root every file can be read:
    the refusal is made where the publisher opens it.)"""
    from kontext_studio import cli

    for name, value in r2_env(s3_endpoint, bucket).items():
        monkeypatch.setenv(name, value)
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64), (9, 90, 200)).save(image)
    assert cli.main(["import", str(image), "--json"]) == 0
    artwork = json.loads(capsys.readouterr().out)

    def refused(path: Path) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr("kontext_studio.publish.publisher.inspect_file", refused)
    assert cli.main(["publish", str(artwork["id"]), "--json"]) == 2  # nothing was sent
    line = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert line["message"] == (
        f"The image file cannot be read. Cause: cannot read {artwork['path']}: Permission denied."
    )
    err = capsys.readouterr().err
    assert "written" not in err and "disk space" not in err


def test_a_failed_publish_says_why_on_stderr_and_leaves_stdout_for_the_link(
    tmp_path, s3_endpoint, bucket
):
    """``url=$(kontext-studio publish 3)`` took the error as the link: the reason went to
    stdout, without what to do, and with --json it was not on stderr at all."""
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64)).save(image)
    _, rows, _ = run(tmp_path, {}, "import", str(image), "--json")
    run(tmp_path, r2_env(s3_endpoint, bucket), "publish", str(rows["id"]), "--json")
    for command in ("publish", "unpublish"):
        code, out, err = run(tmp_path, {}, command, str(rows["id"]))
        assert code == 2 and out is None, out
        assert "Publishing is not set up" in err and "Still empty: Endpoint" in err
        code, line, err = run(tmp_path, {}, command, str(rows["id"]), "--json")
        assert code == 2 and line["status"] == "failed"
        assert "Publishing is not set up" in err


def test_ctrl_c_while_the_publish_is_recorded_reports_what_was_recorded(
    tmp_path, s3_endpoint, bucket, monkeypatch, capsys
):
    """Ctrl+C lands once the bucket has it all and the record is being written: too late to
    stop. Before: the command said "interrupted" (exit 130) while the record it left said
    published, so a script would publish again or tell the artist it was not."""
    from kontext_studio import cli
    from kontext_studio.config import Paths
    from kontext_studio.publish import PublishCancel
    from kontext_studio.store.ledger import Ledger

    for name, value in r2_env(s3_endpoint, bucket).items():
        monkeypatch.setenv(name, value)
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64), (9, 90, 200)).save(image)
    assert cli.main(["import", str(image), "--json"]) == 0
    artwork_id = json.loads(capsys.readouterr().out)["id"]

    asked = threading.Event()
    request, change = PublishCancel.request, Ledger._change

    def ctrl_c_heard(self: PublishCancel) -> bool:
        answer = request(self)
        asked.set()
        return answer

    def ctrl_c_while_recording(self: Ledger, job_id: int, values: dict, *args, **kwargs):
        if values.get("published_key"):
            os.kill(os.getpid(), signal.SIGINT)
            assert asked.wait(30), "the command heard no Ctrl+C"
        return change(self, job_id, values, *args, **kwargs)

    monkeypatch.setattr(PublishCancel, "request", ctrl_c_heard)
    monkeypatch.setattr(Ledger, "_change", ctrl_c_while_recording)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    code = cli.main(["publish", str(artwork_id), "--json"])
    out, err = capsys.readouterr()
    line = json.loads(out.strip().splitlines()[-1])
    ledger = Ledger.open(Paths.from_env().database)
    try:
        recorded = ledger.get(artwork_id)
    finally:
        ledger.close()
    assert asked.is_set()
    assert recorded.published_key
    assert (code, line["status"]) == (0, "published"), line
    assert line["key"] == recorded.published_key
    assert "being recorded as published" in err


# A command whose publish hears Ctrl+C while an artwork's old version is being removed: the
# new version is recorded by then, so it is too late to stop; the removal goes ahead. Run in
# a process of its own: the script ends with os._exit, as a command's daemon threads would.
_CTRL_C_WHILE_THE_OLD_VERSION_GOES = """
import os, signal, sys, threading
from kontext_studio import cli
from kontext_studio.publish import PublishCancel
from kontext_studio.publish.publisher import Publisher

asked = threading.Event()
request, unpublish = PublishCancel.request, Publisher.unpublish

def ctrl_c_heard(self):
    answer = request(self)
    asked.set()
    return answer

def ctrl_c_while_the_old_version_goes(self, key):
    if key == sys.argv[2] and not asked.is_set():
        os.kill(os.getpid(), signal.SIGINT)
        assert asked.wait(30)
        unpublish(self, key)
        threading.Event().wait(1)  # a command that ends first ends this thread with it
        return
    unpublish(self, key)

PublishCancel.request = ctrl_c_heard
Publisher.unpublish = ctrl_c_while_the_old_version_goes
code = cli.main(["publish", sys.argv[1], "--json"])
sys.stdout.flush()
os._exit(code)
"""


def test_ctrl_c_while_an_edited_artwork_s_old_version_goes_leaves_no_dead_record(
    tmp_path, s3_endpoint, bucket, admin
):
    """An artwork edited since it was published is published again; Ctrl+C lands while its
    old version is being removed. Before: the command ended at once, and the publish
    thread with it: the old image was gone while the record still named it as published (a
    dead link), and the new image stayed in the bucket, named by nothing. The new version
    is recorded before the old one goes now: the command reports it published."""
    from kontext_studio.store.ledger import Ledger

    env = r2_env(s3_endpoint, bucket)
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64), (9, 90, 200)).save(image)
    _, row, _ = run(tmp_path, env, "import", str(image), "--json")
    code, line, _ = run(tmp_path, env, "publish", str(row["id"]), "--json")
    assert code == 0
    old_key = line["key"]
    database = tmp_path / "data" / "library.sqlite3"
    ledger = Ledger.open(database)
    try:
        Image.new("RGB", (64, 64), (200, 90, 9)).save(ledger.get(row["id"]).file_path)
    finally:
        ledger.close()

    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("KONTEXT_", "R2_"))}
    full_env.update(env, KONTEXT_STUDIO_HOME=str(tmp_path))
    script = [sys.executable, "-c", _CTRL_C_WHILE_THE_OLD_VERSION_GOES, str(row["id"]), old_key]
    proc = subprocess.run(
        script, env=full_env, capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    ledger = Ledger.open(database)
    try:
        recorded = ledger.get(row["id"])
    finally:
        ledger.close()
    listing = admin.list_objects_v2(Bucket=bucket).get("Contents", [])
    images = [item["Key"] for item in listing if item["Key"].endswith(".png")]
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1])["status"] == "published"
    assert recorded.published_key != old_key
    assert images == [recorded.published_key]


def published_artwork(tmp_path: Path, capsys: Any, *, publish: bool) -> int:
    """An artwork imported (and published) by the command line, in-process."""
    from kontext_studio import cli

    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64), (9, 90, 200)).save(image)
    assert cli.main(["import", str(image), "--json"]) == 0
    artwork_id = int(json.loads(capsys.readouterr().out)["id"])
    if publish:
        assert cli.main(["publish", str(artwork_id), "--json"]) == 0
        capsys.readouterr()
    return artwork_id


def published_key(artwork_id: int) -> str:
    from kontext_studio.config import Paths
    from kontext_studio.store.ledger import Ledger

    ledger = Ledger.open(Paths.from_env().database)
    try:
        return ledger.get(artwork_id).published_key
    finally:
        ledger.close()


def test_ctrl_c_during_publish_says_the_artwork_was_not_published(
    tmp_path, s3_endpoint, bucket, admin, monkeypatch, capsys
):
    """Before: "Interrupted; unfinished jobs continue with `kontext-studio resume`.":
    publish starts no job; what is true is that the artwork was not published."""
    from kontext_studio import cli
    from kontext_studio.publish.publisher import Publisher

    for name, value in r2_env(s3_endpoint, bucket).items():
        monkeypatch.setenv(name, value)
    artwork_id = published_artwork(tmp_path, capsys, publish=False)
    heard = ctrl_c_heard(monkeypatch)
    publish = Publisher.publish

    def ctrl_c_as_it_sends(self: Publisher, *args: Any, **kwargs: Any) -> Any:
        ctrl_c_to_main_thread()
        assert heard.wait(30), "the command heard no Ctrl+C"
        return publish(self, *args, **kwargs)

    monkeypatch.setattr(Publisher, "publish", ctrl_c_as_it_sends)
    assert cli.main(["publish", str(artwork_id), "--json"]) == 130
    out, err = capsys.readouterr()
    words = (
        "Interrupted; artwork 1 was not published this time, and the library says of it what "
        "it said before. `kontext-studio publish 1` publishes it."
    )
    assert err.strip().splitlines()[-1] == words
    assert json.loads(out) == {"status": "error", "kind": "interrupted", "message": words, "id": 1}
    assert published_key(artwork_id) == ""
    assert admin.list_objects_v2(Bucket=bucket).get("Contents", []) == []


# The command as a person runs it, its publisher's requests given an hour rather than a
# minute: one that a silent server holds is held as long as the test runs.
_PATIENT_COMMAND = """
import sys
from kontext_studio import entry
from kontext_studio.publish import publisher

made = publisher.Publisher.__init__

def patient(self, config, **options):
    made(self, config, **{**options, "read_timeout": 3600.0, "transfer_read_timeout": 3600.0})

publisher.Publisher.__init__ = patient
sys.exit(entry.main())
"""


def test_ctrl_c_while_r2_has_stopped_answering_ends_the_publish_at_once_and_says_what_is_left(
    tmp_path, s3_endpoint, bucket, admin
):
    """R2 stops answering mid-upload (the connection open, nothing taken, nothing answered),
    and the person presses Ctrl+C. Before, the command said "the library says of it what
    it said before" and then held the terminal until the silent requests' time-outs and
    retries were spent (a minute, five for a large image), ending in a broken traceback;
    and the library then said a publish of it had stopped and may have left its image in
    the bucket. Now it ends in moments, saying so, and what removes it; once R2 answers
    again, the next publish publishes it."""
    from tests.integration.test_publish import FreezingLink, noise_image

    image = noise_image(tmp_path / "dunes.png", (580, 580))
    link = FreezingLink(s3_endpoint, freeze_at=image.stat().st_size // 2)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("KONTEXT_", "R2_"))},
        **r2_env(link.endpoint, bucket),
        "KONTEXT_STUDIO_HOME": str(tmp_path / "home"),
    }
    try:
        code, imported, _ = run(
            tmp_path / "home", r2_env(link.endpoint, bucket), "import", str(image), "--json"
        )
        assert code == 0
        command = subprocess.Popen(
            [sys.executable, "-c", _PATIENT_COMMAND, "publish", str(imported["id"])],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert link.frozen.wait(60), "the publish never reached R2"
            command.send_signal(signal.SIGINT)
            _out, err = command.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail("the command held the terminal, its publish waiting on R2")
        finally:
            if command.poll() is None:
                command.kill()
                command.wait()
        link.thaw()
        key = f"artworks/{hashlib.sha256(image.read_bytes()).hexdigest()}.png"
        assert command.returncode == 130, err
        assert err.strip().splitlines() == [
            f"Interrupted; artwork 1 was not published. R2 did not answer, so what was sent "
            f"could not be taken back: its image may be in the bucket '{bucket}' all the same "
            f"({key}). `kontext-studio unpublish 1` removes it, `kontext-studio publish 1` "
            f"publishes it."
        ]
        code, published, err = run(
            tmp_path / "home", r2_env(link.endpoint, bucket), "publish", "1", "--json"
        )
        assert code == 0, err
        assert published["key"] == key
    finally:
        link.close()


def test_ctrl_c_while_unpublish_removes_the_artwork_lets_the_removal_end_and_says_so(
    tmp_path, s3_endpoint, bucket, admin, monkeypatch, capsys
):
    """Before: the command said "Interrupted; unfinished jobs continue with `kontext-studio
    resume`." while the removal went on in its thread against a library closed under it:
    the image was gone from the bucket and the library still named it as published (a dead
    link). The removal under way is given its moment now, and reported."""
    from kontext_studio import cli
    from kontext_studio.publish.publisher import Publisher

    for name, value in r2_env(s3_endpoint, bucket).items():
        monkeypatch.setenv(name, value)
    artwork_id = published_artwork(tmp_path, capsys, publish=True)
    assert published_key(artwork_id)
    heard = ctrl_c_heard(monkeypatch)
    unpublish = Publisher.unpublish

    def ctrl_c_as_it_removes(self: Publisher, key: str) -> None:
        ctrl_c_to_main_thread()
        assert heard.wait(30), "the command heard no Ctrl+C"
        unpublish(self, key)

    monkeypatch.setattr(Publisher, "unpublish", ctrl_c_as_it_removes)
    assert cli.main(["unpublish", str(artwork_id), "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["status"] == "unpublished"
    assert "Ctrl+C came while artwork 1 was being removed from R2: the removal was finished." in err
    assert published_key(artwork_id) == ""
    assert admin.list_objects_v2(Bucket=bucket).get("Contents", []) == []


def stopped_as_cut(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Set once the command cuts its publisher's requests (:meth:`Publisher.stop`), given a
    moment's grace (not 3 s) after Ctrl+C."""
    from kontext_studio.publish import stopping
    from kontext_studio.publish.publisher import Publisher

    monkeypatch.setattr(stopping, "STOP_GRACE_S", 0.2)
    cut = threading.Event()
    stop = Publisher.stop

    def stopped(self: Publisher) -> None:
        stop(self)
        cut.set()

    monkeypatch.setattr(Publisher, "stop", stopped)
    return cut


def test_ctrl_c_once_r2_removed_the_image_says_it_may_be_gone_and_jobs_says_so_too(
    tmp_path, s3_endpoint, bucket, admin, monkeypatch, capsys
):
    """R2 removes the image, then is slow to answer the rest; the person presses Ctrl+C and
    the removal is cut. Before, the record went on naming the artwork as published (a link
    to nothing), and `jobs` said "published". It says it may be gone, as the command did,
    and `unpublish` again finishes it."""
    from kontext_studio import cli
    from kontext_studio.publish.publisher import Publisher

    for name, value in r2_env(s3_endpoint, bucket).items():
        monkeypatch.setenv(name, value)
    artwork_id = published_artwork(tmp_path, capsys, publish=True)
    key = published_key(artwork_id)
    heard = ctrl_c_heard(monkeypatch)
    cut = stopped_as_cut(monkeypatch)
    unpublish = Publisher.unpublish

    def removed_then_slow(self: Publisher, key: str) -> None:
        self.client.delete_object(Bucket=bucket, Key=key)
        ctrl_c_to_main_thread()
        assert heard.wait(30), "the command heard no Ctrl+C"
        assert cut.wait(30), "the command never cut its requests"
        unpublish(self, key)

    monkeypatch.setattr(Publisher, "unpublish", removed_then_slow)
    assert cli.main(["unpublish", str(artwork_id)]) == 130
    _, err = capsys.readouterr()
    assert err.strip().splitlines()[-1] == (
        f"Interrupted while artwork {artwork_id} was being removed from R2: it may be gone from "
        f"the bucket, and the library says it may be. `kontext-studio unpublish {artwork_id}` "
        "finishes it."
    )
    monkeypatch.setattr(Publisher, "unpublish", unpublish)
    assert cli.main(["jobs", str(artwork_id), "--json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert (row["published"], row["may_be_gone"], row["left_key"]) == (True, True, None)
    assert cli.main(["jobs", str(artwork_id)]) == 0
    assert (
        f"  published, but an unpublish of it did not finish: {key} may be gone from the "
        f"bucket, its link leading to nothing (`kontext-studio unpublish {artwork_id}` "
        "finishes it)"
    ) in capsys.readouterr().out.splitlines()

    assert cli.main(["unpublish", str(artwork_id), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "unpublished"
    assert published_key(artwork_id) == ""
    assert admin.list_objects_v2(Bucket=bucket).get("Contents", []) == []


def test_an_unpublish_that_times_out_once_r2_removed_the_image_says_it_may_be_gone(
    tmp_path, s3_endpoint, bucket, admin, monkeypatch, capsys
):
    """R2 removes the image, then the removal of its manifest times out: the library marks
    the artwork "may be gone". Before, the command said only that the endpoint could not be
    reached and to check the network, and the artist took it for published as before. It
    says what the library says of it now, and that `unpublish` again finishes it."""
    from botocore.exceptions import ReadTimeoutError

    from kontext_studio import cli
    from kontext_studio.publish.publisher import Publisher

    for name, value in r2_env(s3_endpoint, bucket).items():
        monkeypatch.setenv(name, value)
    artwork_id = published_artwork(tmp_path, capsys, publish=True)
    unpublish = Publisher.unpublish

    def removed_then_timed_out(self: Publisher, key: str) -> None:
        def unanswered(request: Any, **_: Any) -> None:
            raise ReadTimeoutError(endpoint_url=request.url)

        self.client.delete_object(Bucket=bucket, Key=key)
        self.client.meta.events.register("before-send.s3.DeleteObject", unanswered)
        unpublish(self, key)

    monkeypatch.setattr(Publisher, "unpublish", removed_then_timed_out)
    told = (
        "R2 may have removed its image before the failure, so the library now says artwork "
        f"{artwork_id} may be gone from the bucket. `kontext-studio unpublish {artwork_id}` "
        "again finishes it."
    )
    assert cli.main(["unpublish", str(artwork_id)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "timed out" in err and err.strip().splitlines()[-1] == told
    # Failed again: the mark is the earlier run's, not "now" this one's.
    still = (
        f"An earlier unpublish of artwork {artwork_id} did not finish either, so the library "
        f"still says it may be gone from the bucket. `kontext-studio unpublish {artwork_id}` "
        "again finishes it."
    )
    assert cli.main(["unpublish", str(artwork_id), "--json"]) == 1
    line = json.loads(capsys.readouterr().out)
    assert line["status"] == "failed" and line["message"].endswith(f". {still}")

    publish = Publisher.publish

    def timed_out(self: Publisher, *args: Any, **kwargs: Any) -> Any:
        def unanswered(request: Any, **_: Any) -> None:
            raise ReadTimeoutError(endpoint_url=request.url)

        self.client.meta.events.register("before-send.s3", unanswered)
        self.transfer_client.meta.events.register("before-send.s3", unanswered)
        return publish(self, *args, **kwargs)

    monkeypatch.setattr(Publisher, "publish", timed_out)
    assert cli.main(["publish", str(artwork_id)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.strip().splitlines()[-1] == (
        f"An earlier unpublish of artwork {artwork_id} did not finish, so the library says it "
        f"may be gone from the bucket. `kontext-studio unpublish {artwork_id}` again finishes it."
    )
    monkeypatch.setattr(Publisher, "publish", publish)

    monkeypatch.setattr(Publisher, "unpublish", unpublish)
    assert cli.main(["unpublish", str(artwork_id), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "unpublished"
    assert admin.list_objects_v2(Bucket=bucket).get("Contents", []) == []


def noted(artwork_id: int, **values: Any) -> None:
    """``values`` noted in the artwork's record, as the library's own steps note them."""
    from kontext_studio.config import Paths

    ledger = Ledger.open(Paths.from_env().database)
    try:
        ledger.note(artwork_id, **values)
    finally:
        ledger.close()


def cut_as_it_removes(
    monkeypatch: pytest.MonkeyPatch, key: str, meanwhile: Callable[[], None] = lambda: None
) -> None:
    """Have the command's removal of ``key`` from R2 wait, Ctrl+C pressed, until the command
    cuts its requests; ``meanwhile`` runs then. The removal is then refused, as cut."""
    from kontext_studio.publish.publisher import Publisher

    heard = ctrl_c_heard(monkeypatch)
    cut = stopped_as_cut(monkeypatch)
    unpublish = Publisher.unpublish

    def slow(self: Publisher, removed: str) -> None:
        if removed == key:
            ctrl_c_to_main_thread()
            assert heard.wait(30), "the command heard no Ctrl+C"
            assert cut.wait(30), "the command never cut its requests"
            meanwhile()
        unpublish(self, removed)

    monkeypatch.setattr(Publisher, "unpublish", slow)


def test_ctrl_c_while_an_older_version_goes_says_the_artwork_is_still_published(
    tmp_path, s3_endpoint, bucket, monkeypatch, capsys
):
    """The unpublish first removes an older version a publish let go of, R2 is slow, and
    Ctrl+C cuts it: the published image was not asked to go, and it is said so."""
    from kontext_studio import cli

    for name, value in r2_env(s3_endpoint, bucket).items():
        monkeypatch.setenv(name, value)
    artwork_id = published_artwork(tmp_path, capsys, publish=True)
    key = published_key(artwork_id)
    old = "artworks/" + "0" * 64 + ".png"
    noted(artwork_id, retired_key=old)  # as a publish of an edited image left the old one
    cut_as_it_removes(monkeypatch, old)
    assert cli.main(["unpublish", str(artwork_id)]) == 130
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"Interrupted before artwork {artwork_id} was removed from R2: it is still published. "
        f"`kontext-studio unpublish {artwork_id}` removes it."
    )
    assert published_key(artwork_id) == key


def test_ctrl_c_while_another_window_unpublished_it_says_it_is_no_longer_published(
    tmp_path, s3_endpoint, bucket, admin, monkeypatch, capsys
):
    """Ctrl+C cuts the removal, R2 slow to answer, while the window unpublished the artwork:
    the record the command reads then is cleared, and it says so."""
    from kontext_studio import cli
    from kontext_studio.config import Paths
    from kontext_studio.publish import forget_publication

    for name, value in r2_env(s3_endpoint, bucket).items():
        monkeypatch.setenv(name, value)
    artwork_id = published_artwork(tmp_path, capsys, publish=True)
    key = published_key(artwork_id)

    def window_unpublished() -> None:
        for target in (key, key.rsplit(".", 1)[0] + ".json"):
            admin.delete_object(Bucket=bucket, Key=target)
        ledger = Ledger.open(Paths.from_env().database)
        try:
            forget_publication(ledger, artwork_id)
        finally:
            ledger.close()

    cut_as_it_removes(monkeypatch, key, window_unpublished)
    assert cli.main(["unpublish", str(artwork_id)]) == 130
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"Interrupted; artwork {artwork_id} was removed from R2 all the same: it is no longer "
        "published."
    )


def test_ctrl_c_while_what_a_stopped_publish_left_goes_says_it_may_still_be_there(
    tmp_path, s3_endpoint, bucket, monkeypatch, capsys
):
    """The artwork is not published; a publish of it that stopped before its end may have
    left its image, which unpublish removes, and Ctrl+C cuts that. Before, the command said
    "it may be gone from the bucket, and the library says it may be", the words of a
    published artwork's: the library says the image may be there."""
    from kontext_studio import cli

    for name, value in r2_env(s3_endpoint, bucket).items():
        monkeypatch.setenv(name, value)
    artwork_id = published_artwork(tmp_path, capsys, publish=False)
    key = "artworks/" + "0" * 64 + ".png"
    host = s3_endpoint.removeprefix("http://")
    noted(artwork_id, retired_key=key, published_bucket=bucket, published_host=host)
    cut_as_it_removes(monkeypatch, key)
    assert cli.main(["unpublish", str(artwork_id)]) == 130
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        f"Interrupted while the image a stopped publish of artwork {artwork_id} left in R2 was "
        "being removed: it may still be in the bucket, and the library still says it may be. "
        f"`kontext-studio unpublish {artwork_id}` removes it."
    )
    assert cli.main(["jobs", str(artwork_id), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["left_key"] == key


def test_ctrl_c_as_r2_answers_just_after_the_cut_says_the_removal_finished(
    tmp_path, s3_endpoint, bucket, admin, monkeypatch, capsys
):
    """R2's answers to the removal come just after the command cut its requests: the
    record is cleared. Before, the command said it may be gone while the library still
    said it was published, of an artwork no longer recorded as published."""
    from kontext_studio import cli
    from kontext_studio.publish.publisher import Publisher

    for name, value in r2_env(s3_endpoint, bucket).items():
        monkeypatch.setenv(name, value)
    artwork_id = published_artwork(tmp_path, capsys, publish=True)
    key = published_key(artwork_id)
    heard = ctrl_c_heard(monkeypatch)
    cut = stopped_as_cut(monkeypatch)

    def answered_as_cut(self: Publisher, key: str) -> None:
        ctrl_c_to_main_thread()
        assert heard.wait(30), "the command heard no Ctrl+C"
        assert cut.wait(30), "the command never cut its requests"
        for target in (key, key.rsplit(".", 1)[0] + ".json"):
            admin.delete_object(Bucket=bucket, Key=target)  # what R2 did as it answered

    monkeypatch.setattr(Publisher, "unpublish", answered_as_cut)
    assert cli.main(["unpublish", str(artwork_id), "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["status"] == "unpublished"
    assert err.strip().splitlines() == [
        f"Ctrl+C came while artwork {artwork_id} was being removed from R2: the removal was "
        "finished."
    ]
    assert published_key(artwork_id) == ""
    assert key and admin.list_objects_v2(Bucket=bucket).get("Contents", []) == []


def test_jobs_json_says_a_stopped_publish_may_have_left_its_image(
    tmp_path, s3_endpoint, bucket, monkeypatch, capsys
):
    """A first publish stopped once its image was sent (the app closed while R2 was silent,
    the process killed) leaves its key noted. Before, `jobs --json` said only "published":
    false, and a script took the image for not public."""
    from kontext_studio import cli
    from kontext_studio.config import Paths

    for name, value in r2_env(s3_endpoint, bucket).items():
        monkeypatch.setenv(name, value)
    artwork_id = published_artwork(tmp_path, capsys, publish=False)
    key = "artworks/" + "0" * 64 + ".png"
    ledger = Ledger.open(Paths.from_env().database)
    try:  # as a publish notes the key of the image it sends (service._placing)
        ledger.note(artwork_id, retired_key=key, published_bucket=bucket, published_host="h")
    finally:
        ledger.close()
    assert cli.main(["jobs", str(artwork_id), "--json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert (row["published"], row["may_be_gone"]) == (False, False)
    assert (row["left_key"], row["left_bucket"]) == (key, bucket)
    assert cli.main(["jobs", str(artwork_id)]) == 0
    assert (
        "  not published, but a publish of it stopped before its end and may have left "
        f"{key} in the bucket (`kontext-studio unpublish {artwork_id}` removes it)"
    ) in capsys.readouterr().out.splitlines()


def test_jobs_says_an_artwork_published_without_a_public_url_is_published(
    tmp_path, s3_endpoint, bucket
):
    """Without a public base URL the link is presigned when asked for, so the record keeps
    no URL: before, `jobs ID` said nothing of the publication and its JSON gave
    ``"published_url": null``, as for an artwork never published."""
    image = tmp_path / "dune.png"
    Image.new("RGB", (64, 48), (200, 160, 90)).save(image)
    env = r2_env(s3_endpoint, bucket)
    code, row, _ = run(tmp_path, env, "import", str(image), "--json")  # one line per file
    assert code == 0
    artwork = str(row["id"])
    code, before, _ = run(tmp_path, env, "jobs", artwork, "--json")
    assert code == 0 and before["published"] is False

    code, line, _ = run(tmp_path, env, "publish", artwork, "--json")
    assert code == 0 and "X-Amz-Signature=" in line["url"]
    code, shown, _ = run(tmp_path, env, "jobs", artwork, "--json")
    assert code == 0 and shown["published"] is True and shown["published_url"] is None

    told = run_text(tmp_path, env, "jobs", artwork)
    assert told.returncode == 0
    assert (
        f"  published: {line['key']} in the bucket '{bucket}' "
        f"(`kontext-studio publish {artwork}` prints its link)"
    ) in told.stdout.splitlines()


def test_jobs_of_an_imported_artwork_has_no_empty_prompt_or_model(tmp_path):
    """An artwork made elsewhere has no prompt, model or ratio: before, `jobs ID` printed
    "  prompt: " and "  model: , ratio: , source: imported", as if something were lost."""
    image = tmp_path / "dune.png"
    Image.new("RGB", (64, 48), (200, 160, 90)).save(image)
    code, row, _ = run(tmp_path, {}, "import", str(image), "--json")
    assert code == 0
    told = run_text(tmp_path, {}, "jobs", str(row["id"]))
    assert told.returncode == 0
    lines = told.stdout.splitlines()
    assert lines[1] == "  source: imported"
    assert not [line for line in lines if line.startswith(("  prompt:", "  model:"))]


def test_jobs_says_an_artwork_is_published_in_the_bucket_the_settings_were_switched_from(
    tmp_path, s3_endpoint, bucket, admin
):
    """After the R2 settings were switched to another bucket, `jobs ID` said the artwork was
    published "in the bucket 'old' (`kontext-studio publish ID` prints its link)", where
    that command is refused until the settings name the old bucket again. It says the
    settings name another, and when `publish ID` gives the link."""
    image = tmp_path / "dune.png"
    Image.new("RGB", (64, 48), (200, 160, 90)).save(image)
    old = r2_env(s3_endpoint, bucket)
    new = r2_env(s3_endpoint, f"{bucket}-new")
    _, row, _ = run(tmp_path, old, "import", str(image), "--json")
    artwork = str(row["id"])
    code, line, _ = run(tmp_path, old, "publish", artwork, "--json")
    assert code == 0
    host = s3_endpoint.split("://", 1)[1]

    told = run_text(tmp_path, new, "jobs", artwork)
    assert told.returncode == 0
    assert (
        f"  published: {line['key']} in the bucket '{bucket}' at {host}, not in "
        f"'{bucket}-new' at {host}, the bucket the R2 settings name "
        f"(`kontext-studio publish {artwork}` prints its link once they name it again)"
    ) in told.stdout.splitlines()
    told = run_text(tmp_path, old, "jobs", artwork)
    assert (
        f"  published: {line['key']} in the bucket '{bucket}' "
        f"(`kontext-studio publish {artwork}` prints its link)"
    ) in told.stdout.splitlines()


JOB_KEYS = ["id", "status", "task_id", "path", "error_code", "message", "hint", "demo"]
JOBS_KEYS = [
    *JOB_KEYS,
    "prompt",
    "model",
    "ratio",
    "source",
    "created_at",
    "submitted_at",
    "completed_at",
    "task_given_at",
    "duration_s",
    "title",
    "description",
    "tags",
    "starred",
    "published_url",
    "published",
    "published_in_another_bucket",
    "may_be_gone",
    "left_key",
    "left_bucket",
    "reference",
    "reference_job",
    "made_for_job",
    "kept_artworks",
    "batch_place",
    "batch_size",
]
"""The keys of a `jobs --json` object, in the order the README lists them."""


def test_jobs_json_says_an_artwork_is_published_in_the_bucket_the_settings_were_switched_from(
    tmp_path, s3_endpoint, bucket
):
    """`jobs ID` says an artwork is published in another bucket than the one the R2
    settings name (they were switched since), where `publish ID` and `unpublish ID` are
    refused; its --json object, and the one `jobs --json` lists, said only "published":
    a script could not tell. They say `published_in_another_bucket`, as the README lists."""
    image = tmp_path / "dune.png"
    Image.new("RGB", (64, 48), (200, 160, 90)).save(image)
    old = r2_env(s3_endpoint, bucket)
    new = r2_env(s3_endpoint, f"{bucket}-new")
    _, row, _ = run(tmp_path, old, "import", str(image), "--json")
    assert row["published_in_another_bucket"] is False
    artwork = str(row["id"])
    code, _, _ = run(tmp_path, old, "publish", artwork, "--json")
    assert code == 0

    for env, elsewhere in ((new, True), (old, False)):
        code, shown, _ = run(tmp_path, env, "jobs", artwork, "--json")
        assert code == 0
        assert list(shown) == JOBS_KEYS
        assert (shown["published"], shown["published_in_another_bucket"]) == (True, elsewhere)
        code, listed, _ = run(tmp_path, env, "jobs", "--json")
        assert code == 0 and listed == [shown]


def test_a_publish_that_may_have_left_its_image_in_the_bucket_says_so(
    tmp_path, s3_endpoint, bucket, admin, monkeypatch, capsys
):
    """The image's first try stored it and its answer was lost; R2 refused the retry (a
    429) and the look for the image too. Before, the command said only that R2 asked to
    slow down: the artist took the image for not public, and it was. It says the image may
    be in the bucket, and what removes it."""
    from kontext_studio import cli
    from kontext_studio.cli import artworks
    from tests.integration.test_publish import (
        answer_lost_then_throttled,
        looks_throttled_once_the_image_went,
        retrying_publisher,
    )

    for name, value in r2_env(s3_endpoint, bucket).items():
        monkeypatch.setenv(name, value)
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64), (9, 90, 200)).save(image)
    assert cli.main(["import", str(image), "--json"]) == 0
    artwork = json.loads(capsys.readouterr().out)["id"]
    publisher = retrying_publisher(s3_endpoint, bucket)
    answer_lost_then_throttled(publisher, stores=True)
    looks_throttled_once_the_image_went(publisher)
    made = artworks._publisher
    monkeypatch.setattr(artworks, "_publisher", lambda: publisher)

    assert cli.main(["publish", str(artwork), "--json"]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out.splitlines()[-1])["status"] == "failed"
    key = f"artworks/{hashlib.sha256(image.read_bytes()).hexdigest()}.png"
    assert err.splitlines()[-1] == (
        f"Its image may be in the bucket '{bucket}' all the same ({key}): "
        f"`kontext-studio unpublish {artwork}` removes it, "
        f"`kontext-studio publish {artwork}` publishes it."
    )
    assert admin.head_object(Bucket=bucket, Key=key)

    monkeypatch.setattr(artworks, "_publisher", made)
    assert cli.main(["unpublish", str(artwork), "--json"]) == 0
    assert admin.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_unpublish_r2_refuses_says_the_artwork_was_not_removed_not_publishing_failed(
    tmp_path, s3_endpoint, bucket, monkeypatch, capsys
):
    """Before: "Publishing failed. (R2 refused the request) Check the R2 settings and
    retry." of an artwork the command was removing from the bucket."""
    from botocore.exceptions import ClientError

    from kontext_studio import cli
    from kontext_studio.publish.publisher import Publisher
    from kontext_studio.publish.r2_errors import map_error

    for name, value in r2_env(s3_endpoint, bucket).items():
        monkeypatch.setenv(name, value)
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64), (9, 90, 200)).save(image)
    assert cli.main(["import", str(image), "--json"]) == 0
    artwork = json.loads(capsys.readouterr().out)
    assert cli.main(["publish", str(artwork["id"]), "--json"]) == 0
    capsys.readouterr()

    def refused(self: Publisher, key: str) -> None:
        answer = {"Error": {"Code": "InvalidRequest"}, "ResponseMetadata": {"HTTPStatusCode": 400}}
        raise map_error(ClientError(answer, "DeleteObject"), config=self.config)  # type: ignore[arg-type]

    monkeypatch.setattr(Publisher, "unpublish", refused)
    assert cli.main(["unpublish", str(artwork["id"]), "--json"]) == 1
    said = capsys.readouterr()
    line = json.loads(said.out.splitlines()[-1])
    assert line["status"] == "failed"
    assert line["message"] == (
        "The artwork could not be removed from the R2 bucket. Cause: R2 refused the request."
    )
    assert "Publishing failed" not in said.err
    assert "could not be removed from the R2 bucket" in said.err


def test_a_publish_r2_refuses_the_keys_of_says_the_cause_in_a_sentence_as_the_window_does(
    tmp_path, s3_endpoint, bucket, monkeypatch, capsys
):
    """Before: "R2 rejected the access keys. (they do not give access to bucket '…') Check
    the access key ID and secret.", the cause in brackets after the full stop, on stderr and
    in --json's message, as the window's banner said it."""
    from botocore.exceptions import ClientError

    from kontext_studio import cli
    from kontext_studio.publish.publisher import Publisher
    from kontext_studio.publish.r2_errors import map_error

    for name, value in r2_env(s3_endpoint, bucket).items():
        monkeypatch.setenv(name, value)
    image = tmp_path / "a.png"
    Image.new("RGB", (64, 64), (9, 90, 200)).save(image)
    assert cli.main(["import", str(image), "--json"]) == 0
    artwork = json.loads(capsys.readouterr().out)

    def refused(self: Publisher, *_args: Any, **_kwargs: Any) -> None:
        answer = {"Error": {"Code": "AccessDenied", "Message": ""}}
        raise map_error(ClientError(answer, "PutObject"), config=self.config)  # type: ignore[arg-type]

    monkeypatch.setattr(Publisher, "publish", refused)
    assert cli.main(["publish", str(artwork["id"]), "--json"]) == 1
    said = capsys.readouterr()
    message = f"R2 rejected the access keys. Cause: they do not give access to bucket '{bucket}'."
    assert json.loads(said.out.splitlines()[-1])["message"] == message
    assert said.err.splitlines()[-1].startswith(f"{message} Check R2_ACCESS_KEY_ID")


def deleted_as_it_is_removed(monkeypatch: Any, artwork_id: int) -> None:
    """Have the publisher's removals delete ``artwork_id`` from the library (as the window
    does beside the command) once R2 has removed its objects."""
    from kontext_studio.config import Paths
    from kontext_studio.publish.publisher import Publisher

    unpublish = Publisher.unpublish

    def removed_then_deleted(self: Publisher, key: str) -> None:
        unpublish(self, key)
        other = Ledger.open(Paths.from_env().database)
        try:
            other.delete(artwork_id)
        finally:
            other.close()

    monkeypatch.setattr(Publisher, "unpublish", removed_then_deleted)


@pytest.mark.parametrize("as_json", [True, False], ids=["json", "text"])
def test_unpublish_of_an_artwork_deleted_once_r2_removed_it_says_it_was_unpublished(
    tmp_path, s3_endpoint, bucket, admin, monkeypatch, capsys, as_json
):
    """The window deleted the artwork once R2 had removed its image and manifest, before the
    record was cleared: ``unpublish`` exited 2 with "failed", though nothing of it was left
    in the bucket. It says it was unpublished, as any removal that went through."""
    from kontext_studio import cli

    for name, value in r2_env(s3_endpoint, bucket).items():
        monkeypatch.setenv(name, value)
    artwork_id = published_artwork(tmp_path, capsys, publish=True)
    deleted_as_it_is_removed(monkeypatch, artwork_id)
    flags = ["--json"] if as_json else []
    assert cli.main(["unpublish", str(artwork_id), *flags]) == 0
    out, err = capsys.readouterr()
    if as_json:
        assert json.loads(out)["status"] == "unpublished"
    else:
        assert out.strip() == "unpublished"
    assert (
        f"artwork {artwork_id} was removed from the bucket, but it was deleted from the "
        "library meanwhile"
    ) in err
    assert admin.list_objects_v2(Bucket=bucket).get("Contents", []) == []


def test_unpublish_of_an_artwork_deleted_once_its_earlier_version_went_says_what_stays(
    tmp_path, s3_endpoint, bucket, admin, monkeypatch, capsys
):
    """The window deleted the artwork once R2 had removed the version a republish let go
    of, before the one published last went: ``unpublish`` said "There is no job 1.", as
    if nothing had been removed. It says what was removed, and what stays; it exits 1, as
    a removal that failed, not 2, "refused before anything was sent": something was."""
    from kontext_studio import cli

    for name, value in r2_env(s3_endpoint, bucket).items():
        monkeypatch.setenv(name, value)
    artwork_id = published_artwork(tmp_path, capsys, publish=True)
    from kontext_studio.config import Paths

    key = published_key(artwork_id)
    earlier = "artworks/0123abcd.png"
    admin.put_object(Bucket=bucket, Key=earlier, Body=b"an earlier version")
    ledger = Ledger.open(Paths.from_env().database)
    try:
        ledger.update(artwork_id, retired_key=earlier)
    finally:
        ledger.close()
    deleted_as_it_is_removed(monkeypatch, artwork_id)
    assert cli.main(["unpublish", str(artwork_id), "--json"]) == 1
    out, _ = capsys.readouterr()
    line = json.loads(out)
    assert line["status"] == "failed"
    assert line["message"] == (
        f"an earlier version of artwork {artwork_id} was removed from the bucket, but the "
        "artwork was deleted from the library meanwhile: the version published last stays "
        "there"
    )
    stays = {item["Key"] for item in admin.list_objects_v2(Bucket=bucket)["Contents"]}
    assert stays == {key, key[:-4] + ".json"}


@pytest.mark.parametrize("reason", ["busy", "disk full"])
def test_publish_of_an_artwork_a_failed_delete_trashed_says_its_image_is_in_the_trash(
    tmp_path, s3_endpoint, bucket, monkeypatch, capsys, reason
):
    """The window's Delete moved the image to the Trash, then could not remove the row
    (another program held the library, or the disk was full). ``publish`` said to put the
    file back "if it was moved or deleted outside Kontext Studio": it is in the Trash, where
    Kontext Studio put it. Run at once after a Delete that failed at once, it said "This
    artwork is being deleted", of a Delete that had ended, keeping the artwork: a note of
    the Trash younger than 5 s was taken for a Delete still under way."""
    import asyncio

    from kontext_studio import cli
    from kontext_studio.config import Paths
    from kontext_studio.errors import KontextError, LibraryBusyError, StorageError
    from tests.unit.test_engine import FakeKie, make_engine

    for name, value in r2_env(s3_endpoint, bucket).items():
        monkeypatch.setenv(name, value)
    artwork_id = published_artwork(tmp_path, capsys, publish=False)
    ledger = Ledger.open(Paths.from_env().database)
    file_name = Path(ledger.get(artwork_id).file_path).name

    def refused(_job_id: int) -> None:
        raise LibraryBusyError() if reason == "busy" else StorageError("disk full")

    monkeypatch.setattr(ledger, "delete", refused)

    async def deleted() -> None:
        engine = make_engine(ledger, FakeKie(ledger), tmp_path)
        try:
            await engine.delete(artwork_id)
        finally:
            await engine.aclose()

    with pytest.raises(KontextError):
        asyncio.run(deleted())
    ledger.close()
    assert cli.main(["publish", str(artwork_id), "--json"]) == 2
    out, err = capsys.readouterr()
    assert json.loads(out)["message"] == (
        "The image is in the Trash: a Delete moved it there, but could not remove the artwork "
        f"from the library. Its file is {file_name}."
    )
    assert (
        "Restore it from the Trash to publish it, or delete the artwork again to finish "
        "removing it."
    ) in err
    assert "outside Kontext Studio" not in err


def test_publish_of_an_artwork_undo_brought_back_without_its_image_says_it_is_in_the_trash(
    tmp_path, s3_endpoint, bucket, monkeypatch, capsys
):
    """The window's Delete moved the image to the Trash, no copy of it kept, and its Undo
    brought the artwork back without it: ``publish`` said the file was "moved or deleted
    outside Kontext Studio", as did the window's own publish after a restart, where the
    window that undid the Delete said it went to the Trash with its Delete."""
    from kontext_studio import cli
    from kontext_studio.config import Paths
    from kontext_studio.store.undo import Deleted, bring_back

    for name, value in r2_env(s3_endpoint, bucket).items():
        monkeypatch.setenv(name, value)
    artwork_id = published_artwork(tmp_path, capsys, publish=False)
    ledger = Ledger.open(Paths.from_env().database)
    try:
        row = ledger.delete(artwork_id)
        assert row is not None
        image = Path(row.file_path)
        image.rename(tmp_path / image.name)  # to the Trash, no copy kept (a full disk)
        back = bring_back(ledger, [Deleted(replace(row, trashed_at=time.time()), None)])
        [brought] = back.rows
    finally:
        ledger.close()
    assert cli.main(["publish", str(brought.id), "--json"]) == 2
    out, err = capsys.readouterr()
    assert json.loads(out)["message"] == (
        "The image file is missing. It went to the Trash with its Delete, and Undo brought "
        f"the artwork back without it. Its file is {image.name}."
    )
    assert "If it is still in the Trash, restore it from there" in err
    assert "outside Kontext Studio" not in err


def test_publish_of_an_image_restored_from_the_trash_no_longer_says_the_trash_once_it_goes_again(
    tmp_path, s3_endpoint, bucket, monkeypatch, capsys
):
    """Undo brought the artwork back without its image; the artist restored it from the
    Trash, with the app closed, and published it. Moved away outside the app since, its
    publish said it went to the Trash with its Delete, to be restored from there: the note
    outlived the image's return."""
    from kontext_studio import cli
    from kontext_studio.config import Paths

    for name, value in r2_env(s3_endpoint, bucket).items():
        monkeypatch.setenv(name, value)
    artwork_id = published_artwork(tmp_path, capsys, publish=False)
    ledger = Ledger.open(Paths.from_env().database)
    try:
        image = Path(ledger.note(artwork_id, image_left_in_trash=True).file_path)
    finally:
        ledger.close()
    assert cli.main(["publish", str(artwork_id), "--json"]) == 0
    capsys.readouterr()
    image.unlink()  # moved away outside the app
    assert cli.main(["publish", str(artwork_id), "--json"]) == 2
    _out, err = capsys.readouterr()
    assert "outside Kontext Studio" in err
    assert "Trash" not in err


def test_publish_of_an_artwork_a_delete_removes_as_it_looks_says_it_is_not_in_the_library(
    tmp_path, s3_endpoint, bucket, monkeypatch, capsys
):
    """``publish`` met the image gone, the window's Delete of the artwork ending just then:
    it read the row (the note of the Trash in it), then found no Delete running, the Delete
    having removed the row and let go of its lock in between. It said "The image is in the
    Trash: a Delete moved it there, but could not remove the artwork from the library", of
    an artwork that Delete had removed."""
    from kontext_studio import cli
    from kontext_studio.config import Paths
    from kontext_studio.jobs import deleting
    from kontext_studio.publish import service

    for name, value in r2_env(s3_endpoint, bucket).items():
        monkeypatch.setenv(name, value)
    artwork_id = published_artwork(tmp_path, capsys, publish=False)
    ledger = Ledger.open(Paths.from_env().database)
    held = deleting.hold_delete(ledger.path, [artwork_id])  # the window's Delete
    assert held is not None
    ledger.note(artwork_id, trashed_at=time.time())
    Path(ledger.get(artwork_id).file_path).unlink()  # in the Trash
    under_way = deleting.delete_under_way

    def ends_as_it_looks(library: Path, job_id: int) -> bool:
        ledger.delete(job_id)  # the Delete removes the row, and ends
        deleting.release_delete(held)
        return under_way(library, job_id)

    monkeypatch.setattr(service, "delete_under_way", ends_as_it_looks)
    try:
        assert cli.main(["publish", str(artwork_id), "--json"]) != 0
    finally:
        ledger.close()
    out, err = capsys.readouterr()
    # As of an artwork found deleted once its image was found gone.
    assert f"Cause: artwork {artwork_id} is not in the library." in json.loads(out)["message"]
    assert "could not remove the artwork" not in out + err
