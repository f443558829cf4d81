"""The KIE key and the R2 secret end up nowhere: a whole session's files, outputs and objects
are searched for them, raw and in every encoding a leak is likely to take.

One run, as an artist would make it: generate (success, a refused key, an edit with an
upload), list the jobs, publish to an S3 server (moto, real HTTP) and fail to publish to a
missing bucket; once through the CLI (key and secret from the environment), then the key set,
shown, tested and removed by ``kontext-studio key``, and once in
process (key and secret in the keyring, R2 settings saved by ``save_settings``), then with
that keyring locked, and a key pasted with a space in it. Then every
file in the data, config, cache and log folders, every stdout/stderr, the stored objects and
their metadata, and the images' provenance are searched.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import io
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.errors
import pytest
from PIL import Image

from kontext_studio import secrets
from kontext_studio.config import Paths, R2Settings, Settings, save_settings
from kontext_studio.errors import KeyFormatError, KontextError, PublishSecretUnreadableError
from kontext_studio.explain import explain
from kontext_studio.images.metadata import read_provenance
from kontext_studio.jobs.states import JobState
from kontext_studio.kie.client import checked_key
from kontext_studio.kie.models import GenerateRequest
from kontext_studio.logs import _secrets as masked_secrets
from kontext_studio.publish import Publisher, artwork_meta, load_r2_config, publish_artwork
from kontext_studio.session import open_session
from kontext_studio.simulator import Simulator, SimulatorConfig
from tests.fixtures import fast_schedule
from tests.reliability import procs

# Characters that change under base64, percent- and JSON-encoding, and two long halves so a
# partial leak (a prefix or suffix of the key) is caught as well.
KIE_SENTINEL = "kieSENTINELa1b2c3d4+e5f6/g7h8=i9j0KEYEND"
R2_SENTINEL = "r2SENTINELz9y8x7w6+v5u4/t3s2=r1q0SECRETEND"


def encodings(secret: str) -> dict[str, bytes]:
    """``secret`` as it would look raw, base64'd (any alignment inside a longer base64
    string, standard and URL-safe), percent-encoded, hex, JSON-escaped or UTF-16."""
    raw = secret.encode()
    forms: dict[str, bytes] = {
        "raw": raw,
        "first half": raw[: len(raw) // 2],
        "second half": raw[len(raw) // 2 :],
        "percent": urllib.parse.quote(secret, safe="").encode(),
        "percent-plus": urllib.parse.quote_plus(secret).encode(),
        "percent-path": urllib.parse.quote(secret).encode(),
        "hex": binascii.hexlify(raw),
        "HEX": binascii.hexlify(raw).upper(),
        "json-escaped": secret.replace("/", "\\/").encode(),
        "utf-16": secret.encode("utf-16-le"),
    }
    for offset in range(3):
        start = -(-offset * 4 // 3)
        end = (offset + len(raw)) * 4 // 3
        for name, encode in (("b64", base64.b64encode), ("b64url", base64.urlsafe_b64encode)):
            forms[f"{name}+{offset}"] = encode(b"\0" * offset + raw)[start:end]
    return forms


def leaks(blob: bytes, secret: str) -> list[str]:
    low = blob.lower()
    found = []
    for name, form in encodings(secret).items():
        # hex and percent-encodings are case-insensitive; the rest are exact
        haystack, needle = (
            (low, form.lower())
            if name.startswith(("hex", "HEX", "percent"))
            else (
                blob,
                form,
            )
        )
        if needle in haystack:
            found.append(name)
    return found


def files_under(root: Path) -> Iterator[Path]:
    yield from (p for p in root.rglob("*") if p.is_file())


def test_encodings_find_what_they_should():
    sample = b"x" + base64.b64encode(b"pad" + KIE_SENTINEL.encode()) + b"y"
    assert "b64+0" in leaks(sample, KIE_SENTINEL)
    assert leaks(urllib.parse.quote(KIE_SENTINEL, safe="").lower().encode(), KIE_SENTINEL)
    assert leaks(KIE_SENTINEL[:25].encode(), KIE_SENTINEL) == ["first half"]
    assert leaks(b"nothing here", KIE_SENTINEL) == []


@pytest.fixture
def sim() -> Iterator[Simulator]:
    simulator = Simulator(
        SimulatorConfig(latency_s=(0.05, 0.15), api_key=KIE_SENTINEL, seed=9)
    ).start()
    yield simulator
    simulator.stop()


def r2_env(endpoint: str, bucket: str) -> dict[str, Any]:
    return {
        "KONTEXT_STUDIO_R2_ENDPOINT": endpoint,
        "KONTEXT_STUDIO_R2_BUCKET": bucket,
        "R2_ACCESS_KEY_ID": "AKIASENTINELTEST",
        "R2_SECRET_ACCESS_KEY": R2_SENTINEL,
    }


def cli_session(home: Path, sim: Simulator, s3_endpoint: str, bucket: str, tmp: Path) -> list[str]:
    """Everything the CLI can do with both secrets in its environment; returns its output."""
    env = r2_env(s3_endpoint, bucket)
    outputs: list[str] = []

    def cli(*args: str) -> procs.Run:
        run = procs.run_cli(home, sim, *args, key=KIE_SENTINEL, **env)
        outputs.extend([run.stdout, run.stderr])
        return run

    done = cli("generate", "a heron in reeds", "--format", "png", "--json")
    assert done.code == 0 and done.result["status"] == "completed", done.stderr[-2000:]
    jpeg = cli("generate", "a heron at night", "--format", "jpeg", "--json")
    assert jpeg.code == 0, jpeg.stderr[-2000:]
    reference = tmp / "reference.png"
    Image.new("RGB", (160, 240), (90, 40, 200)).save(reference)
    edit = cli("generate", "make it snow", "--image", str(reference), "--json")
    assert edit.code == 0 and edit.result["status"] == "completed", edit.stderr[-2000:]
    assert sim.counts.get("file-stream-upload") == 1

    sim.update(api_key="a-different-key-entirely")  # the artist's key is now refused
    refused = cli("generate", "a heron refused", "--json")
    assert refused.code == 1 and refused.result["error_code"] == 401
    sim.update(api_key=KIE_SENTINEL)

    listing = cli("jobs", "--json")
    assert listing.code == 0 and len(listing.result) == 4
    published = cli("publish", str(done.result["id"]), "--json")
    assert published.code == 0 and published.result["status"] == "published", published.stdout
    cli("publish", str(edit.result["id"]), "--json")
    missing = procs.run_cli(
        home,
        sim,
        "publish",
        str(jpeg.result["id"]),
        "--json",
        key=KIE_SENTINEL,
        **{**env, "KONTEXT_STUDIO_R2_BUCKET": "no-such-bucket"},
    )
    outputs.extend([missing.stdout, missing.stderr])
    assert missing.code == 1 and "bucket" in missing.result["message"].lower()
    return outputs


def key_commands_session(
    home: Path, sim: Simulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> list[str]:
    """``kontext-studio key ...``: set from a pipe, status, test (accepted and refused), the key
    given as an argument (refused), remove; in process (the memory keyring) and in child
    processes (no keyring at all, the key in KIE_API_KEY). Returns every output."""
    from kontext_studio import cli

    monkeypatch.setenv("KONTEXT_STUDIO_KIE_URL", sim.base_url)
    monkeypatch.setenv("KONTEXT_STUDIO_KIE_UPLOAD_URL", sim.base_url)
    outputs: list[str] = []

    def key(*args: str) -> int:
        monkeypatch.setattr(sys, "stdin", io.StringIO(KIE_SENTINEL + "\n"))
        code = cli.main(["key", *args])
        outputs.extend(capsys.readouterr())
        return code

    assert key("set", "--json") == 0
    assert secrets.get_secret(secrets.KIE_KEY) == KIE_SENTINEL
    for action in ("status", "test"):
        assert key(action) == 0 and key(action, "--json") == 0
    sim.update(api_key="a-different-key-entirely")
    assert key("test", "--json") == 1 and key("test") == 1
    sim.update(api_key=KIE_SENTINEL)
    assert key("set", KIE_SENTINEL, "--json") == 2
    assert key("remove", "--json") == 0

    no_keyring = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    for args in (("set", "--json"), ("set",), ("status", "--json"), ("test", "--json")):
        run = procs.run_cli(
            home, sim, "key", *args, key=KIE_SENTINEL, stdin=KIE_SENTINEL, **no_keyring
        )
        outputs.extend([run.stdout, run.stderr])
        assert "Traceback" not in run.stderr, run.stderr
    return outputs


async def in_process_session(
    sim: Simulator, s3_endpoint: str, bucket: str, monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """The same from the window's side: both secrets in the keyring, R2 in settings.json."""
    monkeypatch.setenv("KONTEXT_STUDIO_KIE_URL", sim.base_url)
    monkeypatch.setenv("KONTEXT_STUDIO_KIE_UPLOAD_URL", sim.base_url)
    assert secrets.set_secret(secrets.KIE_KEY, KIE_SENTINEL) is True  # the memory keyring
    assert secrets.set_secret(secrets.R2_SECRET, R2_SENTINEL) is True
    paths = Paths.from_env().ensure()
    r2 = R2Settings(endpoint=s3_endpoint, bucket=bucket, access_key_id="AKIASENTINELTEST")
    save_settings(paths, Settings(r2=r2))
    session = open_session(schedule=fast_schedule())
    messages: list[str] = []
    try:
        assert not session.demo
        snap = await session.engine.submit(GenerateRequest("in process", aspect_ratio="4:3"))
        snap = await session.engine.wait_for(snap.id)
        assert snap.state is JobState.COMPLETED
        publisher = Publisher(load_r2_config(session.settings.r2))
        messages.append(repr(publisher))
        publish_artwork(session.ledger, publisher, snap.id)
        wrong = R2Settings(endpoint=s3_endpoint, bucket="missing-bucket", access_key_id="AKIA")
        try:
            Publisher(load_r2_config(wrong)).publish(
                Path(snap.file_path), artwork=artwork_meta(snap)
            )
        except KontextError as error:
            messages += [str(error), repr(error), error.message]
        else:
            raise AssertionError("publishing to a missing bucket succeeded")
        sim.update(api_key="another-key-0000")
        refused = await session.engine.wait_for(
            (await session.engine.submit(GenerateRequest("refused in process"))).id
        )
        assert refused.state is JobState.FAILED
        messages += [refused.error_message, repr(session.client), repr(session)]
    finally:
        sim.update(api_key=KIE_SENTINEL)
        await session.aclose()
    return messages


def locked_keyring_session(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, settings: R2Settings
) -> list[str]:
    """Both secrets in the keyring, which then locks (its unlock prompt dismissed): the R2
    configuration refused for it, ``publish`` and ``unpublish`` of the artwork the CLI
    published; and a key pasted with a space in it, refused by ``key set`` and by the rule
    Settings' Test key and Save use. Returns every output and message."""
    from kontext_studio import cli

    outputs: list[str] = []
    spaced = f"{KIE_SENTINEL[:30]} {KIE_SENTINEL[30:]}"  # its first half whole
    monkeypatch.setattr(sys, "stdin", io.StringIO(spaced + "\n"))
    assert cli.main(["key", "set", "--json"]) == 2
    outputs.extend(capsys.readouterr())
    try:
        checked_key(spaced)
    except KeyFormatError as refused:
        outputs += [str(refused), repr(refused), explain(refused).sentences()]
    else:
        raise AssertionError("a key with a space was taken")

    def locked(*_: object) -> None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")

    monkeypatch.setattr(keyring.get_keyring(), "get_password", locked)
    try:
        load_r2_config(settings)
    except PublishSecretUnreadableError as unread:
        outputs += [str(unread), repr(unread), explain(unread).sentences()]
    else:
        raise AssertionError("a locked keyring gave the R2 secret")
    for command in ("publish", "unpublish"):  # artwork 1: the CLI's first, published
        assert cli.main([command, "1", "--json"]) == 1
        outputs.extend(capsys.readouterr())
        assert cli.main([command, "1"]) == 1
        outputs.extend(capsys.readouterr())
    return outputs


async def test_no_secret_anywhere_after_a_full_session(
    app_home: Path,
    tmp_path: Path,
    sim: Simulator,
    s3_endpoint: str,
    bucket: str,
    admin: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
):
    outputs = cli_session(app_home, sim, s3_endpoint, bucket, tmp_path)
    # A command runs its own event loop: beside this test's, in a thread.
    outputs += await asyncio.to_thread(key_commands_session, app_home, sim, monkeypatch, capsys)
    messages = await in_process_session(sim, s3_endpoint, bucket, monkeypatch)
    r2 = R2Settings(endpoint=s3_endpoint, bucket=bucket, access_key_id="AKIASENTINELTEST")
    messages += await asyncio.to_thread(locked_keyring_session, monkeypatch, capsys, r2)
    assert KIE_SENTINEL in masked_secrets  # the log filter knew it: a second line of defence

    found: list[str] = []
    searched = 0
    for path in files_under(app_home):
        searched += 1
        blob = path.read_bytes()
        for secret in (KIE_SENTINEL, R2_SENTINEL):
            found += [f"{path.relative_to(app_home)}: {form}" for form in leaks(blob, secret)]
    # settings, the library, the log, five images (the library closed cleanly: no -wal/-shm)
    assert searched >= 8, "the session left too few files to prove anything"
    for must in ("data/library.sqlite3", "config/settings.json", "logs/kontext-studio.jsonl"):
        assert (app_home / must).is_file(), must
    assert "generation_completed" in (app_home / "logs/kontext-studio.jsonl").read_text()
    for index, text in enumerate(outputs + messages + procs.TRANSCRIPTS):
        for secret in (KIE_SENTINEL, R2_SENTINEL):
            found += [f"output {index}: {form}" for form in leaks(text.encode(), secret)]

    # What went to the bucket: objects, their user metadata and the manifests.
    listing = admin.list_objects_v2(Bucket=bucket).get("Contents", [])
    assert len(listing) >= 4  # two images and two manifests at least
    for item in listing:
        head = admin.head_object(Bucket=bucket, Key=item["Key"])
        body = admin.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        blob = body + repr(head.get("Metadata")).encode()
        for secret in (KIE_SENTINEL, R2_SENTINEL):
            found += [f"s3 {item['Key']}: {form}" for form in leaks(blob, secret)]

    # The images: what the app embedded, and what any reader sees.
    images = [
        p for p in files_under(app_home / "data" / "artworks") if p.suffix in (".png", ".jpg")
    ]
    assert len(images) >= 4
    for path in images:
        provenance = read_provenance(path)
        if "references" not in path.parts:
            assert provenance is not None and provenance.task_id
        with Image.open(path) as image:
            text = repr(provenance) + repr(image.info) + repr(dict(image.getexif()))
        for secret in (KIE_SENTINEL, R2_SENTINEL):
            found += [f"metadata of {path.name}: {form}" for form in leaks(text.encode(), secret)]

    assert found == []
