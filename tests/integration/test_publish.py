"""Publishing to R2, against moto's S3 server over real HTTP on 127.0.0.1."""

from __future__ import annotations

import concurrent.futures
import contextlib
import errno
import hashlib
import http.client
import http.server
import io
import json
import os
import re
import shutil
import socket
import sqlite3
import struct
import threading
import time
import types
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, formatdate
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import boto3
import httpx
import keyring.errors
import pytest
from boto3.s3.transfer import S3Transfer
from botocore.awsrequest import AWSResponse
from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)
from botocore.parsers import ResponseParserError
from moto.core.authorization import enable_iam_authentication
from PIL import Image

from benchmarks.tls_s3 import TlsS3Server
from kontext_studio import i18n
from kontext_studio.config import R2Settings
from kontext_studio.errors import (
    ImageError,
    ImageMissingError,
    InputError,
    KontextError,
    LibraryBusyError,
    PublishAuthError,
    PublishBucketError,
    PublishCancelledError,
    PublishCancelledUncleanError,
    PublishClockError,
    PublishedElsewhereError,
    PublishError,
    PublishExpiredError,
    PublishNetworkError,
    PublishNotSetUpError,
    PublishSecretUnreadableError,
    PublishServiceError,
    PublishSetupError,
    Reason,
    Refusal,
)
from kontext_studio.explain import explain, explain_error_detail
from kontext_studio.images.export import NEW_FILE_MODE
from kontext_studio.images.metadata import Unlocated, without_location
from kontext_studio.images.validate import ImageInfo, Limits
from kontext_studio.publish import (
    MAX_PRESIGN_SECONDS,
    ArtworkMeta,
    Found,
    PublishCancel,
    Publisher,
    R2Config,
    artwork_url,
    decode_metadata,
    forget_publication,
    import_artworks,
    load_r2_config,
    map_error,
    publish_artwork,
    recorded_in,
    service,
    settings_location,
    settle_may_be_gone,
    transfer,
    unpublish_artwork,
)
from kontext_studio.publish.local_file import inspect_file
from kontext_studio.publish.manifest import METADATA_BUDGET, manifest_key_for, metadata_size
from kontext_studio.publish.publisher import PublishResult
from kontext_studio.publish.r2_config import (
    ACCESS_KEY_ENV,
    BUCKET_ENV,
    ENDPOINT_ENV,
    PUBLIC_URL_ENV,
    SECRET_KEY_ENV,
    host_spellings,
    set_by_environment,
)
from kontext_studio.publish.service import CUT_COPY_AGE_S, IMPORTING
from kontext_studio.secrets import R2_SECRET, in_environment, set_secret
from kontext_studio.store.ledger import Ledger, Snapshot
from tests.conftest import MemoryKeyring
from tests.unit.test_location import (
    COPYRIGHT,
    EXTENDED_XMP,
    EXTENSION,
    GPS_IFD,
    HOME,
    ORIENTATION,
    PILLOW_WARNS_OF_DAMAGED_EXIF,
    XMP_WITH_GPS,
    app1_payloads,
    artwork_with_extended_xmp,
    assert_xmp_without_location,
    big_endian_exif,
    extension_segments,
    guid_of,
    jpeg_with_exif,
    main_xmp,
    phone_photo,
    xmp_of,
)

ACCESS_KEY = "AKIATESTKEY000000000"
SECRET_KEY = "test-secret-key-do-not-log-0123456789"
PUBLIC_BASE = "https://cdn.example.test/art"


# Fixtures ---------------------------------------------------------------------------------


def make_config(endpoint: str, bucket: str, *, public_base_url: str = "") -> R2Config:
    settings = R2Settings(
        endpoint=endpoint, bucket=bucket, access_key_id=ACCESS_KEY, public_base_url=public_base_url
    )
    return R2Config.from_settings(settings, SECRET_KEY)


def fast_publisher(config: R2Config) -> Publisher:
    return Publisher(config, connect_timeout=1.0, read_timeout=10.0, max_attempts=1)


@pytest.fixture
def publisher(s3_endpoint: str, bucket: str) -> Publisher:
    return fast_publisher(make_config(s3_endpoint, bucket))


@pytest.fixture
def public_publisher(s3_endpoint: str, bucket: str) -> Publisher:
    return fast_publisher(make_config(s3_endpoint, bucket, public_base_url=PUBLIC_BASE + "/"))


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    opened = Ledger.open(tmp_path / "library.sqlite3")
    yield opened
    opened.close()


def noise_image(path: Path, size: tuple[int, int], fmt: str = "PNG", seed: int = 0) -> Path:
    """Random pixels (incompressible, so the file size is predictable)."""
    data = hashlib.sha256(str(seed).encode()).digest() + os.urandom(size[0] * size[1] * 3 - 32)
    image = Image.frombytes("RGB", size, data)
    options: dict[str, Any] = {"compress_level": 0} if fmt == "PNG" else {"quality": 90}
    image.save(path, fmt, **options)
    return path


@pytest.fixture(scope="session")
def big_png(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real PNG over 30 MB: four 8 MB parts."""
    path = noise_image(tmp_path_factory.mktemp("big") / "big.png", (3300, 3200))
    assert path.stat().st_size > 30 * 1024 * 1024
    return path


@pytest.fixture
def small_png(tmp_path: Path) -> Path:
    return noise_image(tmp_path / "small.png", (64, 48))


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def meta_for(path: Path, **changes: Any) -> ArtworkMeta:
    values: dict[str, Any] = {
        "id": 7,
        "title": "Harbour at dusk",
        "description": "Oil-like study",
        "tags": ("sea", "dusk"),
        "source": "generated",
        "prompt": "a harbour at dusk, oil painting",
        "model": "flux-kontext-pro",
        "ratio": "16:9",
        "width": 64,
        "height": 48,
        "sha256": sha256_of(path),
        "created_at": 1_700_000_000.0,
    }
    values.update(changes)
    return ArtworkMeta(**values)


def add_artwork(ledger: Ledger, path: Path, **values: Any) -> Snapshot:
    fields: dict[str, Any] = {
        "file_path": str(path),
        "sha256": sha256_of(path),
        "width": 64,
        "height": 48,
        "file_size": path.stat().st_size,
        "title": "Harbour",
        "prompt": "",
    }
    fields.update(values)
    return ledger.create_upload(**fields)


def assert_still_unpublished(ledger: Ledger, artwork: Snapshot) -> None:
    """The artwork's record as it was before a publish that failed, but for the key of what
    that publish may have left in the bucket, kept for the next Publish or Unpublish."""
    after = ledger.get(artwork.id)
    assert after is not None
    as_before = replace(after, retired_key="", published_bucket="", published_host="")
    assert as_before == artwork, "not said to be published"


def register(publisher: Publisher, event: str, handler: Callable[..., None]) -> None:
    """Hook ``event`` on both of the publisher's clients (small requests, the image)."""
    for client in (publisher.client, publisher.transfer_client):
        client.meta.events.register(event, handler)


def count_calls(publisher: Publisher, *operations: str) -> list[str]:
    """Record every S3 operation of these names the publisher's client sends."""
    seen: list[str] = []

    def record(model: Any, **_: Any) -> None:
        seen.append(model.name)

    for operation in operations:
        register(publisher, f"before-call.s3.{operation}", record)
    return seen


def object_exists(admin: Any, bucket: str, key: str) -> bool:
    try:
        admin.head_object(Bucket=bucket, Key=key)
    except ClientError as error:
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 404
        return False
    return True


def read_manifest(admin: Any, bucket: str, key: str) -> tuple[bytes, dict[str, Any], str]:
    reply = admin.get_object(Bucket=bucket, Key=key)
    body: bytes = reply["Body"].read()
    return body, json.loads(body.decode("utf-8")), reply["ContentType"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# Configuration ----------------------------------------------------------------------------


@pytest.mark.parametrize("given", [SECRET_KEY + "\r\n", f"  {SECRET_KEY}\t", "\r\n"])
def test_a_secret_read_with_a_line_ending_is_trimmed_as_the_other_fields_are(given: str) -> None:
    """R2_SECRET_ACCESS_KEY from a .env file with Windows line endings ends in "\r": it
    went into every signature, and R2 answered that the signature does not match."""
    settings = R2Settings(endpoint="acct", bucket="art", access_key_id=f" {ACCESS_KEY}\r")
    if given.strip():
        config = R2Config.from_settings(settings, given)
        assert (config.secret_access_key, config.access_key_id) == (SECRET_KEY, ACCESS_KEY)
    else:
        with pytest.raises(PublishError, match="Still empty: Secret access key"):
            R2Config.from_settings(settings, given)


def test_config_names_every_missing_piece() -> None:
    with pytest.raises(PublishError) as caught:
        R2Config.from_settings(R2Settings(bucket="b"), None)
    assert caught.value.message == "Still empty: Endpoint, Access key ID and Secret access key."


@pytest.mark.parametrize(
    ("endpoint", "public", "words"),
    [
        ("http://[::1", "", r"R2 endpoint must be an http\(s\) URL"),
        ("https://r2.example.com", "https://[cdn.example.com", "public base URL must start"),
    ],
)
def test_a_url_no_parser_accepts_is_a_setup_error_in_words(
    endpoint: str, public: str, words: str
) -> None:
    settings = R2Settings(
        endpoint=endpoint, bucket="art", access_key_id="AK", public_base_url=public
    )
    with pytest.raises(PublishError, match=words) as caught:
        R2Config.from_settings(settings, SECRET_KEY)
    variable = ENDPOINT_ENV if public == "" else PUBLIC_URL_ENV
    assert variable in explain(caught.value).hint, "the variable to correct is named"


@pytest.mark.parametrize("public", ["https://", "http://", "https:///art"])
def test_a_public_base_url_without_a_host_is_a_setup_error_in_words(public: str) -> None:
    """Before, the scheme alone (typed over the placeholder, the address never pasted) was
    taken: every published artwork's link was "https:/artworks/…", which opens nothing."""
    settings = R2Settings(
        endpoint="https://r2.example.com", bucket="art", access_key_id="AK", public_base_url=public
    )
    with pytest.raises(PublishError, match="public base URL names no host"):
        R2Config.from_settings(settings, SECRET_KEY)


@pytest.mark.parametrize(
    "public",
    [
        "https://0123456789abcdef.r2.cloudflarestorage.com/art",
        "0123456789ABCDEF.R2.cloudflarestorage.com/art",
        "https://0123456789abcdef.eu.r2.cloudflarestorage.com/art/",
    ],
)
def test_the_s3_api_address_as_public_base_url_is_a_setup_error_in_words(public: str) -> None:
    """The bucket's settings in Cloudflare's dashboard show its S3 API address beside its
    public URL. Before, that address was taken as the public base URL: every link the
    library copied and the manifests named answered "InvalidArgument: Authorization"."""
    settings = R2Settings(
        endpoint="https://r2.example.com",
        bucket="art",
        access_key_id="AK",
        public_base_url=public if "://" in public else "https://" + public,
    )
    with pytest.raises(PublishError, match="S3 API address") as caught:
        R2Config.from_settings(settings, SECRET_KEY)
    assert "https://pub-….r2.dev" in explain(caught.value).message


@pytest.mark.parametrize(
    ("endpoint", "bucket", "words"),
    [
        ("not a url at all", "art", r"R2 endpoint must be an http\(s\) URL"),
        ("https://exa_mple.com", "art", r"R2 endpoint must be an http\(s\) URL"),
        # The scheme alone was taken for a host named "https", and the test could not connect.
        ("https://", "art", r"R2 endpoint must be an http\(s\) URL"),
        ("https://r2.example.com", "my bucket!", "my bucket! is not a bucket name"),
        ("https://r2.example.com", "Art", "Art is not a bucket name"),
        ("https://r2.example.com", "ab", "ab is not a bucket name"),
    ],
)
def test_a_bad_endpoint_or_bucket_is_named_before_boto3_sees_it(
    endpoint: str, bucket: str, words: str
) -> None:
    """Before, the Test button said "publishing failed (ValueError)" or "R2 request failed
    (ParamValidationError)", naming neither the field nor the rule."""
    settings = R2Settings(endpoint=endpoint, bucket=bucket, access_key_id="AK")
    with pytest.raises(PublishError, match=words):
        R2Config.from_settings(settings, SECRET_KEY)


def test_the_missing_pieces_are_named_in_the_installed_language() -> None:
    table = {
        "Still empty: {fields}.": "尚未填写：{fields}。",
        "Bucket": "存储桶",
        "Secret access key": "秘密访问密钥",
        "{items} and {last}": "{items}和{last}",
    }
    i18n.install(lambda context, text: table.get(text, "") if context == "Errors" else "")
    try:
        with pytest.raises(PublishError) as caught:
            R2Config.from_settings(R2Settings(endpoint="acct", access_key_id="AK"), None)
        assert explain(caught.value).message.endswith("尚未填写：存储桶和秘密访问密钥。")
    finally:
        i18n.install(None)
    assert caught.value.message == "Still empty: Bucket and Secret access key."


def test_config_from_account_id_and_repr_hides_secret() -> None:
    settings = R2Settings(endpoint="0123abcd", bucket="art", access_key_id="AK", key_prefix="p")
    config = R2Config.from_settings(settings, SECRET_KEY)
    assert config.endpoint_url == "https://0123abcd.r2.cloudflarestorage.com"
    assert config.key_prefix == "p/"
    assert SECRET_KEY not in repr(config)
    assert config.secret_access_key == SECRET_KEY


def test_environment_overrides_settings_and_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    set_secret(R2_SECRET, "from-keyring-secret")
    settings = R2Settings(endpoint="http://settings.test", bucket="saved", access_key_id="AK1")
    merged = load_r2_config(settings, environ={})
    assert (merged.bucket, merged.secret_access_key) == ("saved", "from-keyring-secret")

    monkeypatch.setenv("KONTEXT_STUDIO_R2_BUCKET", "from-env")
    monkeypatch.setenv("KONTEXT_STUDIO_R2_PUBLIC_URL", "https://pub.example.test/")
    monkeypatch.setenv("R2_SECRET_ACCESS_KEY", "from-env-secret")
    merged = load_r2_config(settings)
    assert merged.bucket == "from-env"
    assert merged.endpoint_url == "http://settings.test"
    assert merged.public_base_url == "https://pub.example.test"
    assert merged.secret_access_key == "from-env-secret"

    with pytest.raises(PublishError, match="Still empty: Endpoint"):
        R2Config.from_env()
    monkeypatch.setenv("KONTEXT_STUDIO_R2_ENDPOINT", "https://env.example.test")
    monkeypatch.setenv("R2_ACCESS_KEY_ID", "AK2")
    assert R2Config.from_env().access_key_id == "AK2"


@pytest.mark.parametrize("blank", [" ", "\r", "\r\n", "\t"])
def test_a_variable_set_to_blanks_sets_nothing(blank: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty line such as ``KONTEXT_STUDIO_R2_BUCKET=`` in a .env file with Windows
    line endings sets the variable to "\r": it won over the saved bucket (and over the
    keyring's secret), publishing said "Still empty: Bucket" of a bucket filled in Settings,
    and Settings showed that field locked, "Set by KONTEXT_STUDIO_R2_BUCKET"."""
    set_secret(R2_SECRET, "from-keyring-secret")
    settings = R2Settings(
        endpoint="http://settings.test",
        bucket="saved",
        access_key_id="AK1",
        public_base_url="https://pub.example.test",
    )
    variables = (ENDPOINT_ENV, BUCKET_ENV, PUBLIC_URL_ENV, ACCESS_KEY_ENV, SECRET_KEY_ENV)
    blanks = dict.fromkeys(variables, blank)
    assert set_by_environment(blanks) == {}
    assert load_r2_config(settings, blanks) == load_r2_config(settings, {})
    monkeypatch.setenv(SECRET_KEY_ENV, blank)
    assert not in_environment(R2_SECRET)


UNLOCK_OR_VARIABLE = (
    "Unlock the keyring, then try again; or set R2_SECRET_ACCESS_KEY in the environment."
)
RETRY_OR_VARIABLE = (
    "Try again; if the keyring still does not answer, restart its service (or log out and "
    "back in). Or set R2_SECRET_ACCESS_KEY in the environment."
)


@pytest.mark.parametrize(
    ("failure", "words", "hint"),
    [
        (
            keyring.errors.KeyringLocked("Failed to unlock the collection!"),
            "is locked",
            UNLOCK_OR_VARIABLE,
        ),
        (
            keyring.errors.KeyringError("org.freedesktop.DBus.Error.NoReply"),
            "does not answer",
            RETRY_OR_VARIABLE,
        ),
    ],
)
def test_a_secret_in_a_keyring_that_cannot_be_read_is_not_said_to_be_empty(
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    failure: keyring.errors.KeyringError,
    words: str,
    hint: str,
) -> None:
    """The R2 secret stored in the keyring, which has locked since (a screen lock, its
    unlock prompt dismissed). Before, Publish, Unpublish, the preview's link and the
    commands said "Publishing is not set up … Still empty: Secret access key.", and the
    artist typed the secret again, where a locked keyring keeps it for the session only.
    A keyring that does not answer is not told to be unlocked: no unlock makes it answer."""
    set_secret(R2_SECRET, "stored-secret")

    def refused(*_: object) -> None:
        raise failure

    monkeypatch.setattr(memory_keyring, "get_password", refused)
    settings = R2Settings(endpoint="http://settings.test", bucket="art", access_key_id="AK1")
    with pytest.raises(PublishSetupError) as caught:
        load_r2_config(settings, environ={})
    said = explain(caught.value).sentences()
    assert "Still empty" not in said
    assert f"The system keyring {words}" in said
    assert "the R2 secret it may hold cannot be read" in said
    assert explain(caught.value).hint == hint
    assert "stored-secret" not in said
    # The variable's secret, or one typed in Settings, is taken without the keyring.
    env = {SECRET_KEY_ENV: "env-secret"}
    assert load_r2_config(settings, environ=env).secret_access_key == "env-secret"
    assert load_r2_config(settings, {}, typed_secret="typed").secret_access_key == "typed"


@pytest.mark.parametrize(
    ("failure", "words"),
    [
        (
            keyring.errors.KeyringLocked("Failed to unlock the collection!"),
            "The system keyring is locked, or its unlock prompt was dismissed: the R2 secret it "
            "may hold cannot be read.",
        ),
        (
            keyring.errors.KeyringError("org.freedesktop.DBus.Error.NoReply"),
            "The system keyring does not answer: the R2 secret it may hold cannot be read.",
        ),
    ],
)
def test_fields_left_empty_beside_a_keyring_that_cannot_be_read_leave_out_the_secret(
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    failure: keyring.errors.KeyringError,
    words: str,
) -> None:
    """The R2 secret stored in a keyring locked since, and the bucket left empty. Before:
    "Still empty: Bucket and Secret access key.", and the command line said to set
    R2_SECRET_ACCESS_KEY too: the secret may be stored, the keyring only locked. The empty
    fields alone are listed, and the keyring is said apart."""
    set_secret(R2_SECRET, "stored-secret")

    def refused(*_: object) -> None:
        raise failure

    monkeypatch.setattr(memory_keyring, "get_password", refused)
    settings = R2Settings(endpoint="http://settings.test", bucket="", access_key_id="AK1")
    with pytest.raises(PublishNotSetUpError) as caught:
        load_r2_config(settings, environ={})
    assert explain_error_detail(caught.value) == f"Still empty: Bucket. {words}"
    assert explain(caught.value).message == (
        "Publishing is not set up: fill in the empty fields in Settings → Publishing (R2), or "
        f"set KONTEXT_STUDIO_R2_BUCKET, then try again. Still empty: Bucket. {words}"
    )
    # Every field empty but the secret's: the keyring's words alone, as before.
    with pytest.raises(PublishSecretUnreadableError):
        load_r2_config(replace(settings, bucket="art"), environ={})


def test_auth_error_codes_map_without_credentials() -> None:
    config = make_config("http://127.0.0.1:9", "art")
    for code in ("InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied"):
        error = ClientError(
            {"Error": {"Code": code, "Message": f"key {ACCESS_KEY} is bad"}}, "PutObject"
        )
        mapped = map_error(error, config=config)
        assert isinstance(mapped, PublishAuthError)
        assert ACCESS_KEY not in mapped.message
        assert SECRET_KEY not in mapped.message


@pytest.mark.parametrize(
    ("code", "operation"), [("Unauthorized", "PutObject"), ("401", "HeadObject")]
)
def test_r2s_unauthorized_answer_is_told_as_the_keys(code: str, operation: str) -> None:
    """R2 answers keys it does not take (missing, unknown or expired) with 401 Unauthorized
    (its error codes page: 10002; a HEAD's has no body, so its code is the status). Before,
    that read "Publishing failed. (R2 refused the request)", as R2 refusing one object, and
    a batch of the Upload tab went on to fail every file left alike."""
    answer = {"Error": {"Code": code, "Message": ""}, "ResponseMetadata": {"HTTPStatusCode": 401}}
    mapped = map_error(
        ClientError(answer, operation), config=make_config("http://127.0.0.1:9", "art")
    )
    assert isinstance(mapped, PublishAuthError)
    assert explain(mapped).message == (
        "R2 rejected the access keys. Cause: they do not give access to bucket 'art'."
    )


_RESTART = "start Kontext Studio again, which reads the environment only as it starts."
_NO_BUCKET = ClientError({"Error": {"Code": "NoSuchBucket", "Message": ""}}, "PutObject")
_DENIED = ClientError({"Error": {"Code": "AccessDenied", "Message": ""}}, "PutObject")
_ENDPOINT = "https://r2.example.test"
_DOWN = EndpointConnectionError(endpoint_url=_ENDPOINT)
_TYPED = R2Settings(endpoint=_ENDPOINT, bucket="art", access_key_id=ACCESS_KEY)
_ENV_KEYS = {ACCESS_KEY_ENV: ACCESS_KEY, SECRET_KEY_ENV: SECRET_KEY}


@pytest.mark.parametrize(
    ("settings", "environ", "refused", "hint"),
    [
        (_TYPED, {}, _NO_BUCKET, "Check the bucket name in Settings."),
        (
            _TYPED,
            {BUCKET_ENV: "art"},
            _NO_BUCKET,
            f"Check {BUCKET_ENV} in the environment, then {_RESTART}",
        ),
        (  # the dashboard's address, bucket and all: the bucket is the endpoint's variable's
            replace(_TYPED, bucket=""),
            {ENDPOINT_ENV: f"{_ENDPOINT}/art"},
            _NO_BUCKET,
            f"Check {ENDPOINT_ENV} in the environment, then {_RESTART}",
        ),
        (
            _TYPED,
            _ENV_KEYS,
            _DENIED,
            f"Check {ACCESS_KEY_ENV} and {SECRET_KEY_ENV} in the environment, then {_RESTART}",
        ),
        (
            _TYPED,
            {ACCESS_KEY_ENV: ACCESS_KEY},
            _DENIED,
            f"Check the secret access key in Settings, and {ACCESS_KEY_ENV} in the "
            f"environment; after changing the environment, {_RESTART}",
        ),
        (
            _TYPED,
            {SECRET_KEY_ENV: SECRET_KEY},
            _DENIED,
            f"Check the access key ID in Settings, and {SECRET_KEY_ENV} in the environment; "
            f"after changing the environment, {_RESTART}",
        ),
        (_TYPED, {}, _DENIED, "Check the access key ID and secret."),
        (_TYPED, {}, _DOWN, "Check the endpoint and network."),
        (
            _TYPED,
            {ENDPOINT_ENV: _ENDPOINT},
            _DOWN,
            f"Check the network, and {ENDPOINT_ENV} in the environment; after changing the "
            f"environment, {_RESTART}",
        ),
    ],
)
def test_a_refusal_of_a_value_the_environment_sets_names_its_variable(
    settings: R2Settings, environ: dict[str, str], refused: Exception, hint: str
) -> None:
    """Before, R2 refusing a bucket KONTEXT_STUDIO_R2_BUCKET names said "Check the bucket
    name in Settings.", where that field is read-only: the variable wins over it, and is read
    as Kontext Studio starts. What the environment sets is named by its variable; what
    Settings holds, by its field (the secret: typed in Settings when the environment has
    none)."""
    typed = "" if SECRET_KEY_ENV in environ else SECRET_KEY
    config = load_r2_config(settings, environ, typed_secret=typed)
    assert explain(map_error(refused, config=config)).hint == hint


def test_a_value_of_the_environment_no_client_can_use_is_said_of_its_variable() -> None:
    """Before: "Complete or correct them in Settings → Publishing (R2), or in the …
    variables, then try again.", where a variable's value is read-only and read at start."""
    with pytest.raises(PublishSetupError) as caught:
        load_r2_config(replace(_TYPED, bucket="art"), {BUCKET_ENV: "My-Art"}, typed_secret="s")
    assert explain(caught.value).hint == f"Check {BUCKET_ENV} in the environment, then {_RESTART}"
    with pytest.raises(PublishSetupError) as caught:
        load_r2_config(
            replace(_TYPED, bucket="My-Art"), {ENDPOINT_ENV: _ENDPOINT}, typed_secret="s"
        )
    assert explain(caught.value).hint.startswith("Complete or correct them in Settings")


def refusal(code: str, message: str, status: int, server_behind_s: float) -> ClientError:
    """R2's refusal as botocore gives it, from a server whose clock is ``server_behind_s``
    behind this computer's (its ``Date`` header)."""
    served = formatdate(time.time() - server_behind_s, usegmt=True)
    return ClientError(
        {
            "Error": {"Code": code, "Message": message},
            "ResponseMetadata": {"HTTPStatusCode": status, "HTTPHeaders": {"date": served}},
        },
        "PutObject",
    )


def test_r2s_expired_request_from_a_clock_that_is_off_is_put_down_to_the_clock() -> None:
    """R2's code for a signature or presigned request that has expired (its error codes
    page: 10018 ExpiredRequest), from a server whose Date shows this clock 2 h ahead."""
    error = refusal("ExpiredRequest", "Request has expired", 400, 2 * 3600)
    mapped = map_error(error, config=make_config("http://127.0.0.1:9", "art"))
    assert isinstance(mapped, PublishClockError)
    assert explain(mapped).message == (
        "R2 refused the request because this computer's clock is off. Cause: about 2 h ahead."
    )


@pytest.mark.parametrize(
    ("code", "message", "status", "told_as"),
    [
        ("ExpiredRequest", "Request has expired", 400, PublishExpiredError),
        ("RequestExpired", "Request has expired", 400, PublishExpiredError),
        ("AccessDenied", "The access key has expired", 403, PublishAuthError),
        ("InvalidAccessKeyId", "The API token has expired", 403, PublishAuthError),
        ("SignatureDoesNotMatch", "Your token expired", 400, PublishAuthError),
    ],
)
def test_an_expired_token_or_key_with_the_clock_right_is_not_put_down_to_the_clock(
    code: str, message: str, status: int, told_as: type[PublishError]
) -> None:
    """Before: any refusal whose message held "expired" (an R2 API token or key that has
    expired) was told as "this computer's clock is off", and the artist set a clock that
    was right. With the server's Date agreeing with this clock it is told as what it is."""
    mapped = map_error(
        refusal(code, message, status, 0), config=make_config("http://127.0.0.1:9", "art")
    )
    assert type(mapped) is told_as
    assert "clock" not in explain(mapped).message + explain(mapped).hint


@pytest.mark.parametrize(
    ("code", "message", "status"),
    [
        ("ExpiredRequest", "Presigned URL or request signature has expired", 400),
        ("RequestExpired", "Request has expired", 400),
        ("AccessDenied", "Request has expired", 403),
        ("ExpiredToken", "The provided token has expired.", 400),
        (
            "SignatureDoesNotMatch",
            "Signature expired: 20260101T000000Z is now earlier than 20260101T001600Z (15 min.)",
            403,
        ),
    ],
)
def test_a_request_that_expired_with_the_clock_right_says_it_expired(
    code: str, message: str, status: int
) -> None:
    """Before: R2's ExpiredRequest read "Publishing failed. Check the R2 settings and
    retry.", and S3's AccessDenied "Request has expired" (as botocore parses it) "R2
    rejected the access keys. Check the access key ID and secret.", for settings and keys
    that were fine. The clock is right (the server's Date agrees), so it is not blamed."""
    mapped = map_error(
        refusal(code, message, status, 0), config=make_config("http://127.0.0.1:9", "art")
    )
    assert isinstance(mapped, PublishExpiredError)
    words = explain(mapped)
    assert words.message == "R2 refused the request because it had expired."
    assert words.hint == (
        "Try again; if it keeps happening, check in Cloudflare whether the R2 API token has "
        "expired, and make a new one if it has."
    )


@pytest.mark.parametrize(
    ("code", "status", "detail"),
    [
        ("ServiceUnavailable", 429, "R2 asked to slow down: too many requests for now"),
        ("SlowDown", 503, "R2 had a problem on its side"),
        ("InternalError", 500, "R2 had a problem on its side"),
    ],
)
def test_r2s_own_trouble_says_to_wait_not_to_check_the_settings(
    code: str, status: int, detail: str
) -> None:
    """R2 throttling (a 429) or failing on its side (a 5xx) read "Publishing failed. (R2
    asked to slow down...) Check the R2 settings and retry.": the artist went to change
    settings that were right. It passes by itself: the words say to wait."""
    mapped = map_error(
        refusal(code, "Reduce your request rate.", status, 0),
        config=make_config("http://127.0.0.1:9", "art"),
    )
    assert isinstance(mapped, PublishServiceError)
    words = explain(mapped)
    assert words.message == f"Publishing failed. Cause: {detail}."
    assert words.hint == "This passes by itself: wait a few minutes, then retry."


def test_s3s_request_time_too_skewed_is_the_clock_even_without_a_time() -> None:
    """S3's RequestTimeTooSkewed names the clock by itself."""
    error = ClientError(
        {
            "Error": {"Code": "RequestTimeTooSkewed", "Message": "too large"},
            "ResponseMetadata": {"HTTPStatusCode": 403},
        },
        "PutObject",
    )
    mapped = map_error(error, config=make_config("http://127.0.0.1:9", "art"))
    assert isinstance(mapped, PublishClockError)
    assert mapped.message == "R2 said the time of the request is too far from its own"


# Publishing -------------------------------------------------------------------------------


def test_small_file_round_trips_through_presigned_get(
    publisher: Publisher, admin: Any, bucket: str, small_png: Path
) -> None:
    reports: list[tuple[int, int]] = []
    result = publisher.publish(
        small_png, artwork=meta_for(small_png), progress=lambda d, t, _quiet: reports.append((d, t))
    )

    data = small_png.read_bytes()
    assert result.key == f"artworks/{hashlib.sha256(data).hexdigest()}.png"
    assert result.manifest_key == result.key.removesuffix(".png") + ".json"
    assert result.size == len(data)
    assert result.etag == hashlib.md5(data).hexdigest()
    assert reports[-1] == (len(data), len(data))
    assert f"X-Amz-Expires={MAX_PRESIGN_SECONDS}" in result.url
    assert SECRET_KEY not in result.url

    fetched = httpx.get(result.url, timeout=10)
    assert fetched.status_code == 200
    assert fetched.content == data

    head = admin.head_object(Bucket=bucket, Key=result.key)
    assert head["ContentType"] == "image/png"
    assert head["CacheControl"] == "public, max-age=31536000, immutable"
    assert SECRET_KEY not in json.dumps(head["Metadata"])


@pytest.mark.parametrize(
    ("fmt", "extension", "content_type"),
    [("JPEG", ".jpg", "image/jpeg"), ("WEBP", ".webp", "image/webp")],
)
def test_extension_and_type_come_from_the_real_format(
    publisher: Publisher,
    admin: Any,
    bucket: str,
    tmp_path: Path,
    fmt: str,
    extension: str,
    content_type: str,
) -> None:
    lying = noise_image(tmp_path / "named-as.png", (40, 30), fmt)
    result = publisher.publish(lying, artwork=meta_for(lying))
    assert result.key.endswith(extension)
    assert admin.head_object(Bucket=bucket, Key=result.key)["ContentType"] == content_type


def test_large_file_uses_multipart_and_round_trips(
    publisher: Publisher, admin: Any, bucket: str, big_png: Path
) -> None:
    reports: list[int] = []
    calls = count_calls(publisher, "CreateMultipartUpload", "UploadPart", "PutObject")
    size = big_png.stat().st_size
    result = publisher.publish(
        big_png,
        artwork=meta_for(big_png),
        progress=lambda done, *_: reports.append(done),
    )

    assert result.etag.endswith("-4")
    assert calls.count("UploadPart") == 4
    assert calls.count("PutObject") == 1  # the manifest only
    assert len(reports) > 4
    assert reports[-1] == size
    body = admin.get_object(Bucket=bucket, Key=result.key)["Body"]
    digest = hashlib.sha256()
    for chunk in iter(lambda: body.read(1024 * 1024), b""):
        digest.update(chunk)
    assert digest.hexdigest() == sha256_of(big_png)


def same_object(a: PublishResult, b: PublishResult) -> bool:
    """The same stored object: a presigned URL is re-signed each second, so its path counts."""

    def identity(result: PublishResult) -> tuple[str, ...]:
        return (
            result.key,
            result.manifest_key,
            result.etag,
            str(result.size),
            result.url.split("?")[0],
        )

    return identity(a) == identity(b)


def test_republish_sends_nothing_but_refreshes_a_changed_manifest(
    publisher: Publisher, admin: Any, bucket: str, small_png: Path
) -> None:
    first = publisher.publish(small_png, artwork=meta_for(small_png))
    writes = count_calls(publisher, "PutObject", "CreateMultipartUpload", "UploadPart")

    again = publisher.publish(small_png, artwork=meta_for(small_png))
    assert writes == []
    assert same_object(again, first)
    assert not again.uploaded

    renamed = publisher.publish(small_png, artwork=meta_for(small_png, title="Harbour, final"))
    assert writes == ["PutObject"]  # the manifest, not the image
    assert same_object(renamed, first)
    _, manifest, _ = read_manifest(admin, bucket, first.manifest_key)
    assert manifest["title"] == "Harbour, final"


def test_a_file_changed_since_it_was_recorded_goes_up_under_its_real_hash(
    publisher: Publisher, admin: Any, bucket: str, tmp_path: Path
) -> None:
    """The look for an existing object starts from the recorded hash while the file is
    hashed; when the bytes on disk differ, that look must not count."""
    size = (1700, 1700)  # over one part: no MD5 to tell two files of one length apart
    art = noise_image(tmp_path / "art.png", size, seed=1)
    recorded = meta_for(art)
    first = publisher.publish(art, artwork=recorded)
    noise_image(art, size, seed=2)  # edited in another program since, same length
    assert art.stat().st_size == first.size

    second = publisher.publish(art, artwork=recorded)
    assert second.uploaded
    assert second.key == f"artworks/{sha256_of(art)}.png" != first.key
    stored = admin.get_object(Bucket=bucket, Key=second.key)["Body"].read()
    assert stored == art.read_bytes()


def test_republishing_an_edited_file_replaces_the_old_version(
    publisher: Publisher, admin: Any, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    """Before, the version published first stayed in the bucket, still public, and
    Unpublish then removed only the new one: the old link worked for ever."""
    artwork = add_artwork(ledger, small_png)
    first = publish_artwork(ledger, publisher, artwork.id)
    noise_image(small_png, (64, 48), seed=9)  # edited outside the app
    second = publish_artwork(ledger, publisher, artwork.id)
    assert second.published_key != first.published_key
    assert set(objects_of(admin, bucket)) == {
        second.published_key,
        second.published_key[:-4] + ".json",
    }
    assert admin.get_object(Bucket=bucket, Key=second.published_key)["Body"].read() == (
        small_png.read_bytes()
    )
    unpublish_artwork(ledger, publisher, artwork.id)
    assert_bucket_empty(admin, bucket)


def events_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The events of the log records ``caplog`` took."""
    return [getattr(record, "event", "") for record in caplog.records]


def test_republishing_an_edited_file_records_its_new_hash(
    publisher: Publisher,
    ledger: Ledger,
    small_png: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Before, the library kept the first version's hash: every later publish of the edited
    file warned that it differed from its record and hashed it anew as a stranger."""
    artwork = add_artwork(ledger, small_png)
    publish_artwork(ledger, publisher, artwork.id)
    noise_image(small_png, (80, 60), seed=9)  # edited outside the app, another size
    second = publish_artwork(ledger, publisher, artwork.id)
    assert (second.sha256, second.file_size) == (sha256_of(small_png), small_png.stat().st_size)
    assert ledger.get(artwork.id) == second

    writes = count_calls(publisher, "PutObject", "CreateMultipartUpload", "UploadPart")
    caplog.clear()
    with caplog.at_level("INFO", logger="kontext_studio.publish"):
        third = publish_artwork(ledger, publisher, artwork.id)
    assert third.published_key == second.published_key
    assert writes == []
    events = events_of(caplog)
    assert "publish_hash_mismatch" not in events
    assert "publish_skipped" in events


def test_republishing_an_edited_file_records_its_new_size_with_the_publish(
    publisher: Publisher,
    admin: Any,
    bucket: str,
    ledger: Ledger,
    small_png: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An edited artwork republished kept its first width and height: the manifest and the
    library showed the old size. They go into the record in the write of the publish."""
    artwork = add_artwork(ledger, small_png)
    publish_artwork(ledger, publisher, artwork.id)
    noise_image(small_png, (80, 60), seed=9)  # edited outside the app, another size
    writes: list[dict[str, Any]] = []
    change = Ledger._change

    def noted(self: Ledger, job_id: int, values: dict[str, Any], *args: Any, **kw: Any) -> Any:
        writes.append(dict(values))
        return change(self, job_id, values, *args, **kw)

    monkeypatch.setattr(Ledger, "_change", noted)
    second = publish_artwork(ledger, publisher, artwork.id)
    assert (second.width, second.height) == (80, 60)
    assert ledger.get(artwork.id) == second
    (publish,) = [values for values in writes if "published_key" in values]
    assert publish["sha256"] == sha256_of(small_png)
    assert (publish["width"], publish["height"]) == (80, 60)
    _, manifest, _ = read_manifest(admin, bucket, second.published_key[:-4] + ".json")
    assert (manifest["width"], manifest["height"]) == (80, 60)


def test_a_phone_photo_keeps_the_size_it_is_shown_at_when_published(
    publisher: Publisher, admin: Any, bucket: str, ledger: Ledger, tmp_path: Path
) -> None:
    """A portrait photo stored as landscape pixels with an EXIF orientation came into the
    library as 48 x 64, as every viewer shows it; publishing it recorded 64 x 48 from the
    header alone, so its tile, its details and the manifest gave a portrait photo a
    landscape size."""
    photo = tmp_path / "phone.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # turned a quarter to be shown
    Image.new("RGB", (64, 48), "teal").save(photo, exif=exif)
    (imported,) = import_artworks(ledger, [photo], library_dir=tmp_path / "library")
    assert isinstance(imported, Snapshot)
    assert (imported.width, imported.height) == (48, 64)

    published = publish_artwork(ledger, publisher, imported.id)

    assert (published.width, published.height) == (48, 64)
    _, manifest, _ = read_manifest(admin, bucket, published.published_key[:-4] + ".json")
    assert (manifest["width"], manifest["height"]) == (48, 64)


def assert_without_location(data: bytes, original: Path) -> None:
    """``data`` is the photo at ``original`` without where it was taken: its orientation,
    its copyright and its pixels as they were."""
    image = Image.open(io.BytesIO(data))
    exif = image.getexif()
    assert GPS_IFD not in exif and exif.get_ifd(GPS_IFD) == {}
    assert HOME.encode() not in data
    assert exif[ORIENTATION] == 6
    with Image.open(original) as taken:
        assert exif[COPYRIGHT] == taken.getexif()[COPYRIGHT]
        assert image.tobytes() == taken.tobytes()


@pytest.mark.parametrize("fmt, extension", [("JPEG", ".jpg"), ("PNG", ".png"), ("WEBP", ".webp")])
def test_where_a_phone_photo_was_taken_is_neither_in_the_library_nor_published(
    publisher: Publisher,
    admin: Any,
    bucket: str,
    ledger: Ledger,
    tmp_path: Path,
    fmt: str,
    extension: str,
) -> None:
    """The library's copy was the photo byte for byte, and a publish sent it to a public
    bucket: its Exif GPS position (often the artist's home) was there for anyone to read.
    The copy keeps the rest of its Exif (the orientation it is shown upright by, the
    copyright), and its pixels as stored."""
    photo = tmp_path / f"phone{extension}"
    photo.write_bytes(phone_photo(fmt))
    as_taken = photo.read_bytes()

    (imported,) = import_artworks(ledger, [photo], library_dir=tmp_path / "library")

    assert isinstance(imported, Snapshot)
    kept = Path(imported.file_path).read_bytes()
    assert_without_location(kept, photo)
    assert photo.read_bytes() == as_taken  # the artist's file is never changed
    assert imported.sha256 == hashlib.sha256(kept).hexdigest() != sha256_of(photo)
    assert (imported.width, imported.height, imported.file_size) == (48, 64, len(kept))
    published = publish_artwork(ledger, publisher, imported.id)
    sent = admin.get_object(Bucket=bucket, Key=published.published_key)["Body"].read()
    assert sent == kept
    assert published.published_key == f"artworks/{imported.sha256}{extension}"


def test_where_a_photo_was_taken_is_not_published_from_its_xmp_either(
    publisher: Publisher, admin: Any, bucket: str, ledger: Ledger, tmp_path: Path
) -> None:
    """A photo edited in Photoshop or exported by Lightroom has its position in its XMP as
    well as in its Exif: the library's copy, and so what is published, has it in neither,
    and keeps the rest of both."""
    photo = tmp_path / "edited.jpg"
    photo.write_bytes(phone_photo("JPEG", xmp=XMP_WITH_GPS))

    (imported,) = import_artworks(ledger, [photo], library_dir=tmp_path / "library")

    assert isinstance(imported, Snapshot)
    published = publish_artwork(ledger, publisher, imported.id)
    sent = admin.get_object(Bucket=bucket, Key=published.published_key)["Body"].read()
    assert sent == Path(imported.file_path).read_bytes()
    assert_without_location(sent, photo)
    assert b"52,31.2083N" in photo.read_bytes() and b"52,31.2083N" not in sent
    assert_xmp_without_location(xmp_of(sent))


def test_the_paths_in_an_artworks_extended_xmp_are_not_published(
    publisher: Publisher, admin: Any, bucket: str, ledger: Ledger, tmp_path: Path
) -> None:
    """Photoshop moves the biggest properties of its XMP (the paths and ids of the documents
    placed in an artwork) into extended XMP segments, which were published as they were:
    what is published has neither them nor a position there, under the GUID of its text."""
    guid = guid_of(EXTENDED_XMP)
    made = tmp_path / "poster.jpg"
    made.write_bytes(
        artwork_with_extended_xmp(main_xmp(guid), extension_segments(EXTENDED_XMP, guid))
    )

    (imported,) = import_artworks(ledger, [made], library_dir=tmp_path / "library")

    assert isinstance(imported, Snapshot)
    published = publish_artwork(ledger, publisher, imported.id)
    sent = admin.get_object(Bucket=bucket, Key=published.published_key)["Body"].read()
    assert b"JaneDoe" not in sent and b"52,31.2083N" not in sent
    portions = sorted((p[71:75], p) for p in app1_payloads(sent, EXTENSION))
    packet = b"".join(payload[75:] for _, payload in portions)
    assert {payload[35:67] for _, payload in portions} == {guid_of(packet)}
    assert b'HasExtendedXMP="' + guid_of(packet) + b'"' in sent
    with Image.open(made) as original:
        assert Image.open(io.BytesIO(sent)).tobytes() == original.tobytes()


def test_a_photo_imported_again_is_known_and_puts_its_missing_copy_back(
    ledger: Ledger, tmp_path: Path
) -> None:
    """The library's copy differs from the photo (no position): importing the photo again
    still finds the artwork it is, and brings back the copy deleted from the library."""
    photo = tmp_path / "phone.jpg"
    photo.write_bytes(phone_photo("JPEG"))
    library = tmp_path / "library"
    (first,) = import_artworks(ledger, [photo], library_dir=library)
    assert isinstance(first, Snapshot)

    (again,) = import_artworks(ledger, [photo], library_dir=library)

    assert again == first
    assert ledger.count() == 1 and len(list(library.glob("*.jpg"))) == 1
    Path(first.file_path).unlink()
    restored: set[int] = set()
    (back,) = import_artworks(ledger, [photo], library_dir=library, restored=restored)
    assert isinstance(back, Snapshot)
    assert (back.id, back.sha256, restored) == (first.id, first.sha256, {first.id})
    assert_without_location(Path(back.file_path).read_bytes(), photo)


def test_a_photo_imported_again_for_an_image_undo_left_in_the_trash_is_no_longer_noted_there(
    ledger: Ledger, tmp_path: Path
) -> None:
    """Undo of a Delete brought the artwork back without its image, left in the Trash; the
    artist imported the photo again, which put its copy back. Had the row still noted it in
    the Trash, once the copy went again its preview, Publish and Save would say it went to
    the Trash with its Delete, to be restored from there."""
    photo = tmp_path / "phone.jpg"
    photo.write_bytes(phone_photo("JPEG"))
    library = tmp_path / "library"
    (first,) = import_artworks(ledger, [photo], library_dir=library)
    assert isinstance(first, Snapshot)
    Path(first.file_path).unlink()
    ledger.note(first.id, image_left_in_trash=True)

    (back,) = import_artworks(ledger, [photo], library_dir=library)

    assert isinstance(back, Snapshot) and Path(back.file_path).is_file()
    assert not back.image_left_in_trash
    assert not ledger.get(first.id).image_left_in_trash


def test_a_photo_imported_again_with_its_image_in_place_is_no_longer_noted_in_the_trash(
    ledger: Ledger, tmp_path: Path
) -> None:
    """Undo of a Delete brought the artwork back without its image, left in the Trash; the
    artist restored it from there, then imported the photo again: "already in the
    library". Had the row still noted it in the Trash, once the image went again its
    preview, Publish and Save would say it went to the Trash with its Delete."""
    photo = tmp_path / "phone.jpg"
    photo.write_bytes(phone_photo("JPEG"))
    library = tmp_path / "library"
    (first,) = import_artworks(ledger, [photo], library_dir=library)
    assert isinstance(first, Snapshot)
    ledger.note(first.id, image_left_in_trash=True)

    (again,) = import_artworks(ledger, [photo], library_dir=library)

    assert isinstance(again, Snapshot) and again.id == first.id
    assert not again.image_left_in_trash
    assert not ledger.get(first.id).image_left_in_trash


def test_a_photo_imported_again_with_its_image_in_place_is_no_longer_noted_trashed(
    ledger: Ledger, tmp_path: Path
) -> None:
    """A Delete moved the artwork's image to the Trash and could not remove the artwork
    (another program held the library); the artist restored the image from there, then
    imported the photo again: "already in the library". The note that the Delete put it in
    the Trash stayed: its tile could not be dragged out, the Upload tab offered to add the
    file again, and once the image went again its preview said it was in the Trash."""
    photo = tmp_path / "phone.jpg"
    photo.write_bytes(phone_photo("JPEG"))
    library = tmp_path / "library"
    (first,) = import_artworks(ledger, [photo], library_dir=library)
    assert isinstance(first, Snapshot)
    ledger.note(first.id, trashed_at=time.time())

    (again,) = import_artworks(ledger, [photo], library_dir=library)

    assert isinstance(again, Snapshot) and again.id == first.id
    assert again.trashed_at is None
    assert ledger.get(first.id).trashed_at is None  # type: ignore[union-attr]


def test_a_photo_imported_again_while_its_delete_runs_keeps_the_delete_s_note(
    ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Imported again while a Delete of its artwork runs (in another window), the image
    still in place as the Delete noted it about to go to the Trash: the note stays, for the
    Delete's own words should it not remove the artwork."""
    photo = tmp_path / "phone.jpg"
    photo.write_bytes(phone_photo("JPEG"))
    library = tmp_path / "library"
    (first,) = import_artworks(ledger, [photo], library_dir=library)
    assert isinstance(first, Snapshot)
    noted = ledger.note(first.id, trashed_at=time.time())
    monkeypatch.setattr("kontext_studio.jobs.files.delete_under_way", lambda *_: True)

    (again,) = import_artworks(ledger, [photo], library_dir=library)

    assert isinstance(again, Snapshot) and again.trashed_at == noted.trashed_at


def test_a_photo_imported_again_puts_back_the_copy_of_a_row_naming_a_relative_path(
    ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program (or an old version) wrote "b.jpg", no folder, as the artwork's file:
    read as naming no file, its tile says "Image missing". Importing the photo again said
    "already in the library" and left it so; it brings the copy back, as for a copy gone
    from the library, and the file of that name in the current folder is left alone."""
    photo = tmp_path / "phone.jpg"
    photo.write_bytes(phone_photo("JPEG"))
    library = tmp_path / "library"
    (first,) = import_artworks(ledger, [photo], library_dir=library)
    assert isinstance(first, Snapshot)
    home = tmp_path / "home"
    home.mkdir()
    (home / "b.jpg").write_bytes(b"the artist's own")
    monkeypatch.chdir(home)
    Path(first.file_path).unlink()
    with contextlib.closing(sqlite3.connect(ledger.path)) as conn, conn:
        conn.execute("UPDATE artwork SET file_path = 'b.jpg' WHERE id = ?", (first.id,))
    restored: set[int] = set()

    (back,) = import_artworks(ledger, [photo], library_dir=library, restored=restored)

    assert isinstance(back, Snapshot)
    assert (back.id, restored) == (first.id, {first.id})
    assert Path(back.file_path).parent == library
    assert_without_location(Path(back.file_path).read_bytes(), photo)
    assert (home / "b.jpg").read_bytes() == b"the artist's own"


LATER = b"\xff\xfe\x00\x07later"
"""A JPEG comment segment: what a later version's copy of a photo has more (or less)."""


def copied_otherwise(data: bytes) -> Unlocated | None:
    """``without_location`` as another version might take a photo's position out: its
    copy has other bytes than today's (as when it takes more out, or zlib compresses a
    PNG's text anew), and so another hash."""
    found = without_location(data)
    if found is None:
        return None
    return Unlocated(found.data[:2] + LATER + found.data[2:], found.location_removed)


def test_a_photo_imported_again_is_known_when_the_library_copies_it_otherwise_now(
    ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library's copy of a photo is the photo less its position, recorded by the
    copy's hash. Once the library made its copies otherwise, neither the copy's hash nor
    the photo's found the artwork again: importing the same photo added a second artwork,
    its copy a second file. The import records the photo's own hash, and finds it by it;
    a copy put back for it is the library's copy as it makes it now."""
    photo = tmp_path / "phone.jpg"
    photo.write_bytes(phone_photo("JPEG"))
    library = tmp_path / "library"
    (first,) = import_artworks(ledger, [photo], library_dir=library)
    assert isinstance(first, Snapshot)
    monkeypatch.setattr(service, "without_location", copied_otherwise)

    (again,) = import_artworks(ledger, [photo], library_dir=library)

    assert again == first
    assert ledger.count() == 1 and len(list(library.glob("*.jpg"))) == 1
    assert first.original_sha256 == sha256_of(photo) != first.sha256
    Path(first.file_path).unlink()
    restored: set[int] = set()
    (back,) = import_artworks(ledger, [photo], library_dir=library, restored=restored)
    assert isinstance(back, Snapshot)
    assert (back.id, restored, ledger.count()) == (first.id, {first.id}, 1)
    kept = Path(back.file_path).read_bytes()
    assert kept.startswith(b"\xff\xd8" + LATER)
    assert_without_location(kept, photo)
    assert (back.sha256, back.file_size, back.original_sha256) == (
        hashlib.sha256(kept).hexdigest(),
        len(kept),
        sha256_of(photo),
    )
    assert ledger.get(first.id) == back


def test_a_photo_imported_whole_before_is_known_and_its_copy_put_back_without_location(
    ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An artwork imported before the library took positions out has the photo's own
    bytes, and its hash, as its file: importing the photo is still "already there", and a
    copy put back for it has no position, recorded with its own hash and the photo's, by
    which it is found once the library copies it otherwise."""
    photo = tmp_path / "phone.jpg"
    photo.write_bytes(phone_photo("JPEG"))
    library = tmp_path / "library"
    library.mkdir()
    whole = library / f"{sha256_of(photo)}.jpg"
    whole.write_bytes(photo.read_bytes())
    before = add_artwork(ledger, whole, width=48, height=64)

    (again,) = import_artworks(ledger, [photo], library_dir=library)

    assert isinstance(again, Snapshot) and again.id == before.id
    assert ledger.count() == 1 and whole.read_bytes() == photo.read_bytes()
    whole.unlink()
    (back,) = import_artworks(ledger, [photo], library_dir=library)
    assert isinstance(back, Snapshot) and back.id == before.id
    kept = Path(back.file_path).read_bytes()
    assert_without_location(kept, photo)
    assert (back.sha256, back.file_size) == (hashlib.sha256(kept).hexdigest(), len(kept))
    assert (before.original_sha256, back.original_sha256) == ("", sha256_of(photo))
    monkeypatch.setattr(service, "without_location", copied_otherwise)
    (later,) = import_artworks(ledger, [photo], library_dir=library)
    assert later == back and ledger.count() == 1


@PILLOW_WARNS_OF_DAMAGED_EXIF
def test_a_photo_with_a_damaged_exif_block_is_imported_without_its_location(
    ledger: Ledger, tmp_path: Path
) -> None:
    """Its first IFD says it has more entries than the block holds: readers read what it
    holds, the position among it. The import takes the position out and keeps the
    orientation; a block no reader can read at all is emptied, and imports as well."""
    damaged, unreadable = tmp_path / "damaged.jpg", tmp_path / "unreadable.jpg"
    damaged.write_bytes(jpeg_with_exif(big_endian_exif(count=900)))
    unreadable.write_bytes(jpeg_with_exif(b"Exif\x00\x00XX\x00*" + bytes(40)))
    latitude = struct.pack(">6I", 52, 1, 31, 1, 1234, 100)
    assert latitude in damaged.read_bytes()

    first, second = import_artworks(ledger, [damaged, unreadable], library_dir=tmp_path / "lib")

    assert isinstance(first, Snapshot) and isinstance(second, Snapshot)
    kept = Path(first.file_path).read_bytes()
    assert latitude not in kept
    assert Image.open(io.BytesIO(kept)).getexif()[ORIENTATION] == 6
    assert (first.width, first.height) == (48, 64)
    assert Image.open(second.file_path).getexif() == {}


class ProcessEnded(BaseException):
    """The process stops here (a second Ctrl+C, a crash): nothing after it runs."""


def test_a_publish_stopped_right_after_the_old_version_went_names_an_image_that_is_there(
    publisher: Publisher, admin: Any, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    """Republishing an edited artwork removed the old version before recording the new one:
    a command stopped by Ctrl+C in between left the record naming the deleted key, the
    artwork "published" at a link that answered 404. The record moves first now; the old
    key is kept with it and removed by the next publish or unpublish."""
    artwork = add_artwork(ledger, small_png)
    first = publish_artwork(ledger, publisher, artwork.id)
    noise_image(small_png, (64, 48), seed=9)  # edited outside the app

    deleting: list[str] = []

    def deleting_the_old_version(params: dict[str, Any], **_: Any) -> None:
        deleting.append(params["url_path"])

    def the_process_ends(**_: Any) -> None:
        if deleting[-1].endswith(first.published_key):  # deleted: R2 has answered
            raise ProcessEnded

    register(publisher, "before-call.s3.DeleteObject", deleting_the_old_version)
    register(publisher, "after-call.s3.DeleteObject", the_process_ends)
    with pytest.raises(ProcessEnded):
        publish_artwork(ledger, publisher, artwork.id)
    publisher.client.meta.events.unregister("after-call.s3.DeleteObject", the_process_ends)
    assert not object_exists(admin, bucket, first.published_key)

    recorded = ledger.get(artwork.id)
    assert recorded is not None and recorded.published_key != first.published_key
    assert object_exists(admin, bucket, recorded.published_key)
    assert recorded.retired_key == first.published_key
    unpublish_artwork(ledger, publisher, artwork.id)
    assert_bucket_empty(admin, bucket)


def test_a_cancel_while_the_old_version_is_removed_is_too_late_and_it_goes_later(
    publisher: Publisher, admin: Any, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    """The new version is recorded before the old one is removed: a Cancel then is too late
    (the publish finishes), and an old version the bucket would not remove (a silent server)
    stays recorded until the next publish removes it."""
    artwork = add_artwork(ledger, small_png)
    first = publish_artwork(ledger, publisher, artwork.id)
    noise_image(small_png, (64, 48), seed=9)  # edited outside the app
    cancel = PublishCancel()
    heard: list[bool] = []

    def artist_cancels_then_it_times_out(params: dict[str, Any], **_: Any) -> None:
        if params["url_path"].endswith(first.published_key):
            heard.append(cancel.request())
            raise ReadTimeoutError(endpoint_url="http://r2")

    register(publisher, "before-call.s3.DeleteObject", artist_cancels_then_it_times_out)
    second = publish_artwork(ledger, publisher, artwork.id, cancel=cancel)
    publisher.client.meta.events.unregister(
        "before-call.s3.DeleteObject", artist_cancels_then_it_times_out
    )
    assert heard == [False]
    assert ledger.get(artwork.id) == second
    assert (second.published_key, second.retired_key) != (first.published_key, "")
    assert second.retired_key == first.published_key
    assert object_exists(admin, bucket, second.published_key)

    third = publish_artwork(ledger, publisher, artwork.id)
    assert (third.published_key, third.retired_key) == (second.published_key, "")
    assert set(objects_of(admin, bucket)) == {
        second.published_key,
        second.published_key[:-4] + ".json",
    }


def publish_ends_once_stored(ledger: Ledger, publisher: Publisher, artwork_id: int) -> None:
    """A publish of the artwork, the process ending (a kill, a power cut) once its
    image is stored and before the library records it."""
    stored: list[str] = []

    def image_stored(params: dict[str, Any], **_: Any) -> None:
        stored.append(params["url_path"])

    def the_process_ends(**_: Any) -> None:
        if stored:  # the HEAD that checks the image: it is in the bucket
            raise ProcessEnded

    handlers = [
        ("before-call.s3.PutObject", image_stored),
        ("before-call.s3.HeadObject", the_process_ends),
    ]
    for event, handler in handlers:
        register(publisher, event, handler)
    with pytest.raises(ProcessEnded):
        publish_artwork(ledger, publisher, artwork_id)
    for event, handler in handlers:
        for client in (publisher.client, publisher.transfer_client):
            client.meta.events.unregister(event, handler)


def test_unpublishing_after_a_republish_stopped_before_its_record_removes_the_new_version(
    publisher: Publisher, admin: Any, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    """An edited artwork is published again, and the process ends (a kill, a power cut; a
    network cut or an R2 error there leaves the same) once the new version is stored and
    before the library records it. The library still says published, so the artist may
    Unpublish next. Before, that removed only the version recorded: the new one stayed
    public for ever, with no record left to take it down by."""
    artwork = add_artwork(ledger, small_png)
    publish_artwork(ledger, publisher, artwork.id)
    noise_image(small_png, (64, 48), seed=9)  # edited outside the app
    publish_ends_once_stored(ledger, publisher, artwork.id)
    assert object_exists(admin, bucket, f"artworks/{sha256_of(small_png)}.png")

    unpublish_artwork(ledger, publisher, artwork.id)
    assert_bucket_empty(admin, bucket)


def test_a_first_publish_stopped_before_its_record_leaves_nothing_public_unrecorded(
    s3_endpoint: str,
    publisher: Publisher,
    admin: Any,
    bucket: str,
    ledger: Ledger,
    small_png: Path,
) -> None:
    """The first publish of an artwork, the process killed once the image was stored and
    before the library recorded it: the image and nothing in the library named it, public
    for ever with no Unpublish to take it down. The record names it now, with its bucket,
    and the next Unpublish removes it; the next Publish publishes it as one image."""
    artwork = add_artwork(ledger, small_png)
    key = f"artworks/{sha256_of(small_png)}.png"
    publish_ends_once_stored(ledger, publisher, artwork.id)
    assert object_exists(admin, bucket, key)
    left = ledger.get(artwork.id)
    assert left is not None
    host = s3_endpoint.removeprefix("http://")
    assert (left.published_key, left.retired_key) == ("", key)
    assert (left.published_bucket, left.published_host) == (bucket, host)

    cleared = unpublish_artwork(ledger, publisher, artwork.id)
    assert_bucket_empty(admin, bucket)
    assert (cleared.retired_key, cleared.published_bucket, cleared.published_host) == ("", "", "")

    publish_ends_once_stored(ledger, publisher, artwork.id)
    published = publish_artwork(ledger, publisher, artwork.id)
    assert (published.published_key, published.retired_key) == (key, "")
    assert set(objects_of(admin, bucket)) == {key, key[:-4] + ".json"}


def publish_while_a_window_unpublishes(
    ledger: Ledger, publisher: Publisher, s3_endpoint: str, bucket: str, artwork: Snapshot
) -> Snapshot:
    """Publish ``artwork``, another window (a publisher of its own) unpublishing it just
    before the publish writes its manifest; the publish must fail. The record as that
    Unpublish (or Remove from bucket) left it."""
    window = fast_publisher(make_config(s3_endpoint, bucket))
    removed: list[Snapshot] = []

    def the_window_unpublishes_it(params: dict[str, Any], **_: Any) -> None:
        if params["url_path"].endswith(".json") and not removed:
            removed.append(unpublish_artwork(ledger, window, artwork.id))

    register(publisher, "before-call.s3.PutObject", the_window_unpublishes_it)
    with pytest.raises(PublishError) as refused:
        publish_artwork(ledger, publisher, artwork.id)
    assert "while this publish ran" in explain(refused.value).message
    (unpublished,) = removed
    return unpublished


def assert_taken_back(ledger: Ledger, admin: Any, bucket: str, artwork: Snapshot) -> None:
    """Not published, nothing noted, nothing in the bucket."""
    after = ledger.get(artwork.id)
    assert after is not None and (after.published_key, after.retired_key) == ("", "")
    assert_bucket_empty(admin, bucket)


def test_a_first_publish_whose_leftover_another_window_removed_meanwhile_is_taken_back(
    s3_endpoint: str,
    publisher: Publisher,
    admin: Any,
    bucket: str,
    ledger: Ledger,
    small_png: Path,
) -> None:
    """A command's first publish, slow before its manifest; meanwhile the window, reading
    the key it noted as what a stopped publish left, pressed Remove from bucket: the image
    went and the note was cleared. Before, the command then recorded the artwork as
    published, at a link to nothing. Its record is refused now, and it takes back what it
    sent: the artwork is not published and the bucket is empty."""
    artwork = add_artwork(ledger, small_png)
    removed = publish_while_a_window_unpublishes(ledger, publisher, s3_endpoint, bucket, artwork)

    assert removed.retired_key == ""
    assert_taken_back(ledger, admin, bucket, artwork)


def test_a_first_publish_that_another_window_published_meanwhile_leaves_its_image(
    s3_endpoint: str,
    publisher: Publisher,
    admin: Any,
    bucket: str,
    ledger: Ledger,
    small_png: Path,
) -> None:
    """A command's first publish, slow before its manifest; meanwhile the window published
    the same artwork (its Publish took the command's noted key for what a stopped publish
    left, removed it, and sent the image again under the same key). Before, the command's
    record was refused and its take-back removed the image the window had just recorded:
    the artwork stayed 'published' at a link to nothing. The artwork is published, at an
    image the bucket has."""
    artwork = add_artwork(ledger, small_png)
    window = fast_publisher(make_config(s3_endpoint, bucket))
    published: list[Snapshot] = []

    def the_window_publishes_it(params: dict[str, Any], **_: Any) -> None:
        if params["url_path"].endswith(".json") and not published:
            published.append(publish_artwork(ledger, window, artwork.id))

    register(publisher, "before-call.s3.PutObject", the_window_publishes_it)
    recorded = publish_artwork(ledger, publisher, artwork.id)

    key = published[0].published_key
    assert (recorded.published_key, recorded.retired_key) == (key, "")
    assert ledger.get(artwork.id).published_key == key
    assert admin.get_object(Bucket=bucket, Key=key)["Body"].read() == small_png.read_bytes()
    assert manifest_id(admin, bucket, key) == artwork.id


def test_a_republish_whose_artwork_another_window_unpublished_meanwhile_is_taken_back(
    s3_endpoint: str,
    publisher: Publisher,
    admin: Any,
    bucket: str,
    ledger: Ledger,
    small_png: Path,
) -> None:
    """A command republishes an edited artwork, slow before its manifest; meanwhile the
    window, which knows nothing of the command's publish, unpublished it: both versions
    went and the record was cleared. Before, the command then recorded the new version as
    published, at a link to nothing. Its record is refused now, and it takes back what it
    sent: the artwork is not published and the bucket is empty, as the artist asked."""
    artwork = add_artwork(ledger, small_png)
    publish_artwork(ledger, publisher, artwork.id)
    noise_image(small_png, (64, 48), seed=9)  # edited outside the app
    removed = publish_while_a_window_unpublishes(ledger, publisher, s3_endpoint, bucket, artwork)

    assert removed.published_key == ""
    assert_taken_back(ledger, admin, bucket, artwork)


def test_a_manifest_refresh_whose_artwork_another_window_unpublished_meanwhile_is_taken_back(
    s3_endpoint: str,
    publisher: Publisher,
    admin: Any,
    bucket: str,
    ledger: Ledger,
    small_png: Path,
) -> None:
    """A command publishes an artwork again after its title changed (the same bytes: only its
    manifest is written again), slow before the manifest; meanwhile the window unpublished
    it. The window left the image, which this publish had found there and was placing, and
    cleared the record; the command's record was then refused and it took nothing back,
    for the record had named that image when it started: image and manifest stayed public
    with no record to unpublish them by."""
    artwork = add_artwork(ledger, small_png)
    publish_artwork(ledger, publisher, artwork.id)
    ledger.update(artwork.id, title="Harbour, retitled")
    removed = publish_while_a_window_unpublishes(ledger, publisher, s3_endpoint, bucket, artwork)

    assert removed.published_key == ""
    assert_taken_back(ledger, admin, bucket, artwork)


def test_a_manifest_refresh_whose_artwork_a_command_unpublished_meanwhile_is_taken_back(
    publisher: Publisher, admin: Any, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    """As above, the Unpublish a command's in another process, which knows nothing of this
    publish: it removed the image and its manifest before this publish wrote the manifest
    again. The manifest stayed, describing an image the bucket no longer had."""
    artwork = add_artwork(ledger, small_png)
    key = publish_artwork(ledger, publisher, artwork.id).published_key
    ledger.update(artwork.id, title="Harbour, retitled")
    unpublished: list[bool] = []

    def a_command_unpublishes_it(params: dict[str, Any], **_: Any) -> None:
        if params["url_path"].endswith(".json") and not unpublished:
            for target in (key, key[:-4] + ".json"):
                admin.delete_object(Bucket=bucket, Key=target)
            ledger.update(artwork.id, **service._NOT_PUBLISHED)
            unpublished.append(True)

    register(publisher, "before-call.s3.PutObject", a_command_unpublishes_it)
    with pytest.raises(PublishError) as refused:
        publish_artwork(ledger, publisher, artwork.id)
    assert "while this publish ran" in explain(refused.value).message
    assert_taken_back(ledger, admin, bucket, artwork)


def test_a_cancelled_first_publish_records_nothing_to_remove(
    publisher: Publisher, admin: Any, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    """A Cancel removes what the publish sent: the record is as it was before it, so a
    later switch of bucket does not say a publish left something in this one."""
    artwork = add_artwork(ledger, small_png)
    cancel = PublishCancel()

    def artist_cancels(**_: Any) -> None:
        cancel.request()

    register(publisher, "after-call.s3.PutObject", artist_cancels)
    with pytest.raises(PublishCancelledError):
        publish_artwork(ledger, publisher, artwork.id, cancel=cancel)
    assert_bucket_empty(admin, bucket)
    after = ledger.get(artwork.id)
    assert after is not None
    assert (after.published_key, after.retired_key, after.published_bucket) == ("", "", "")


def test_a_stopped_first_publish_in_another_bucket_is_said_as_such(
    s3_endpoint: str,
    publisher: Publisher,
    admin: Any,
    bucket: str,
    new_bucket: str,
    ledger: Ledger,
    small_png: Path,
) -> None:
    """The image a stopped first publish may have left in the old bucket is not forgotten
    by publishing in the new one, and the refusal does not call the artwork published."""
    artwork = add_artwork(ledger, small_png)
    publish_ends_once_stored(ledger, publisher, artwork.id)
    switched = fast_publisher(make_config(s3_endpoint, new_bucket))

    with pytest.raises(PublishedElsewhereError) as refused:
        publish_artwork(ledger, switched, artwork.id)
    host = s3_endpoint.removeprefix("http://")
    assert explain(refused.value).message == (
        f"A publish of artwork {artwork.id} to the bucket '{bucket}' at {host} stopped before "
        f"its end and may have left its image there, but the R2 settings now name the bucket "
        f"'{new_bucket}' at {host}."
    )
    assert objects_of(admin, new_bucket) == []

    unpublish_artwork(ledger, publisher, artwork.id)  # switched back
    assert_bucket_empty(admin, bucket)
    assert publish_artwork(ledger, switched, artwork.id).published_bucket == new_bucket


@pytest.mark.parametrize("image", ["small", "big"])
def test_a_publish_to_a_mistyped_bucket_does_not_hold_up_the_one_put_right(
    s3_endpoint: str,
    publisher: Publisher,
    bucket: str,
    ledger: Ledger,
    small_png: Path,
    big_png: Path,
    image: str,
) -> None:
    """The bucket's name mistyped in the settings: Publish says it does not exist, and the
    artist puts the name right. Before, Publish was then refused, saying a publish to the
    mistyped bucket may have left its image there (a bucket that does not exist holds
    nothing), and the way out it gave was to switch back to that bucket, or the CLI."""
    artwork = add_artwork(ledger, small_png if image == "small" else big_png)
    mistyped = fast_publisher(make_config(s3_endpoint, "no-such-bucket-here"))
    with pytest.raises(PublishBucketError):
        publish_artwork(ledger, mistyped, artwork.id)
    assert ledger.get(artwork.id) == artwork

    assert publish_artwork(ledger, publisher, artwork.id).published_bucket == bucket


def test_a_missing_bucket_is_said_so_when_the_transfer_s_close_raises_its_refusal_again(
    publisher: Publisher,
    s3_endpoint: str,
    bucket: str,
    ledger: Ledger,
    small_png: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """boto3's transfer manager, as it closes, asks each transfer it still tracks for its
    result again and lets the error go. A loaded machine's failed upload was still tracked
    then: its ``ClientError`` raised again while boto3's ``S3UploadFailedError`` (whose
    context it was) was handled, Python cut it off that error to keep the chain free of
    loops. Publish took a missing bucket's refusal for an error of unknown outcome (logged
    as unexpected), and refused the publish to the bucket put right: "may have left its
    image there"."""
    closing = S3Transfer.__exit__

    def raising_again(transfer: S3Transfer, *exc_info: Any) -> Any:
        error = exc_info[1]
        if error is not None and isinstance(error.__context__, ClientError):
            with contextlib.suppress(ClientError):
                raise error.__context__  # as the manager's wait for its transfers does
        return closing(transfer, *exc_info)

    monkeypatch.setattr(S3Transfer, "__exit__", raising_again)
    artwork = add_artwork(ledger, small_png)
    mistyped = fast_publisher(make_config(s3_endpoint, "no-such-bucket-here"))
    with pytest.raises(PublishBucketError, match="no-such-bucket-here"):
        publish_artwork(ledger, mistyped, artwork.id)
    assert ledger.get(artwork.id) == artwork

    assert publish_artwork(ledger, publisher, artwork.id).published_bucket == bucket


def test_a_large_publish_to_a_mistyped_endpoint_does_not_hold_up_the_one_put_right(
    publisher: Publisher, bucket: str, ledger: Ledger, big_png: Path
) -> None:
    """The endpoint mistyped in the settings, and a large image (sent in parts, its upload
    begun while it is looked for): Publish cannot reach R2, and the artist puts the endpoint
    right. Before, Publish was then refused, saying a publish to the mistyped endpoint may
    have left its image there: the key was recorded before the look for the image, which
    never reached it, had answered."""
    artwork = add_artwork(ledger, big_png)
    mistyped = fast_publisher(make_config(f"http://127.0.0.1:{free_port()}", bucket))
    with pytest.raises(PublishNetworkError):
        publish_artwork(ledger, mistyped, artwork.id)
    assert ledger.get(artwork.id) == artwork

    assert publish_artwork(ledger, publisher, artwork.id).published_bucket == bucket


def twin(ledger: Ledger, path: Path, title: str) -> Snapshot:
    """A second artwork with the same bytes as ``path``, in a file of its own."""
    copy = path.with_name(f"{title}.png")
    copy.write_bytes(path.read_bytes())
    return add_artwork(ledger, copy, title=title)


def manifest_id(admin: Any, bucket: str, key: str) -> int:
    return int(read_manifest(admin, bucket, key[:-4] + ".json")[1]["id"])


def twins(
    ledger: Ledger, path: Path, s3_endpoint: str, bucket: str
) -> tuple[Snapshot, Snapshot, Publisher]:
    """Two artworks with the bytes of ``path`` ("first" and "second"), and a second
    publisher on the same bucket, as a second publish running at once would have."""
    first = add_artwork(ledger, path, title="first")
    second = twin(ledger, path, "second")
    return first, second, fast_publisher(make_config(s3_endpoint, bucket))


class TwinPublish:
    """A publish on a thread of its own that, once it has found the image there (nothing
    to send), waits before recording it until ``go`` is set."""

    def __init__(self, ledger: Ledger, by: Publisher, artwork_id: int) -> None:
        self.found, self.go = threading.Event(), threading.Event()
        self.recorded: list[Snapshot] = []
        register(by, "after-call.s3.HeadObject", self._found_it)
        self.thread = threading.Thread(
            target=lambda: self.recorded.append(publish_artwork(ledger, by, artwork_id))
        )

    def _found_it(self, **_: Any) -> None:
        if not self.found.is_set():
            self.found.set()
            assert self.go.wait(10)

    def start_until_found(self) -> None:
        self.thread.start()
        assert self.found.wait(10)


@contextlib.contextmanager
def twin_publish(ledger: Ledger, by: Publisher, artwork_id: int) -> Iterator[TwinPublish]:
    """A ``TwinPublish``, let go and waited for on the way out, whatever happened."""
    publish = TwinPublish(ledger, by, artwork_id)
    try:
        yield publish
    finally:
        publish.go.set()
        publish.thread.join(10)


def test_a_cancelled_publish_never_removes_what_a_twin_has_published(
    s3_endpoint: str,
    publisher: Publisher,
    admin: Any,
    bucket: str,
    ledger: Ledger,
    small_png: Path,
) -> None:
    """Two artworks with identical bytes share an object key. Before, a publish of one that
    uploaded the image and was then cancelled removed it, after the other one had found
    it there and recorded it as published: its link was dead, its record said published."""
    first, second, other = twins(ledger, small_png, s3_endpoint, bucket)
    cancel = PublishCancel()
    recorded: list[Snapshot] = []

    def meanwhile_the_twin_is_published(**_: Any) -> None:
        if not recorded:
            recorded.append(publish_artwork(ledger, other, first.id))
            assert cancel.request()

    register(publisher, "after-call.s3.PutObject", meanwhile_the_twin_is_published)
    with pytest.raises(PublishCancelledError):
        publish_artwork(ledger, publisher, second.id, cancel=cancel)

    key = recorded[0].published_key
    assert ledger.get(first.id) == recorded[0]
    assert ledger.get(second.id) == second
    assert admin.get_object(Bucket=bucket, Key=key)["Body"].read() == small_png.read_bytes()
    assert manifest_id(admin, bucket, key) == first.id


def test_a_cancelled_publish_leaves_what_a_twin_found_and_is_recording(
    s3_endpoint: str,
    publisher: Publisher,
    admin: Any,
    bucket: str,
    ledger: Ledger,
    small_png: Path,
) -> None:
    """The same, a moment earlier: the twin has found the image this publish sent but not
    recorded it yet when the Cancel comes. Before, it recorded an image that was gone. The
    cancelled one's record keeps naming the image left for the twin (which might be
    cancelled too); its Remove from bucket then leaves it to the twin, which published it."""
    first, second, other = twins(ledger, small_png, s3_endpoint, bucket)
    cancel = PublishCancel()
    with twin_publish(ledger, other, first.id) as the_twin:

        def meanwhile_the_twin_finds_it(**_: Any) -> None:
            if not the_twin.thread.is_alive() and not the_twin.found.is_set():
                the_twin.start_until_found()
                assert cancel.request()

        register(publisher, "after-call.s3.PutObject", meanwhile_the_twin_finds_it)
        with pytest.raises(PublishCancelledError):
            publish_artwork(ledger, publisher, second.id, cancel=cancel)

    key = the_twin.recorded[0].published_key
    assert (ledger.get(second.id).published_key, ledger.get(second.id).retired_key) == ("", key)
    cleared = unpublish_artwork(ledger, publisher, second.id)
    assert (cleared.published_key, cleared.retired_key, cleared.published_bucket) == ("", "", "")
    assert ledger.get(first.id) == the_twin.recorded[0]
    assert admin.get_object(Bucket=bucket, Key=key)["Body"].read() == small_png.read_bytes()
    assert manifest_id(admin, bucket, key) == first.id


def test_twins_both_cancelled_leave_no_image_public_that_no_record_names(
    s3_endpoint: str,
    publisher: Publisher,
    admin: Any,
    bucket: str,
    ledger: Ledger,
    small_png: Path,
) -> None:
    """The second of two identical artworks sends the image; the first's publish finds it
    there (nothing to send) and, before it records it, the second is cancelled (the image
    stays, for the first), then the first. Before: the image stayed public in the bucket
    and no record named it, so nothing in the window or the command line could take it
    down. Now the second's record names it, and its Remove from bucket removes it."""
    first, second, other = twins(ledger, small_png, s3_endpoint, bucket)
    cancel_first, cancel_second = PublishCancel(), PublishCancel()
    found, go = threading.Event(), threading.Event()
    cancelled: list[PublishCancelledError] = []

    def first_finds_it(**_: Any) -> None:
        if not found.is_set():
            found.set()
            assert go.wait(10)

    def publish_first() -> None:
        try:
            publish_artwork(ledger, other, first.id, cancel=cancel_first)
        except PublishCancelledError as error:
            cancelled.append(error)

    register(other, "after-call.s3.HeadObject", first_finds_it)
    the_first = threading.Thread(target=publish_first)

    def meanwhile_the_first_finds_it(**_: Any) -> None:
        if not the_first.is_alive() and not found.is_set():
            the_first.start()
            assert found.wait(10)
            assert cancel_second.request()

    register(publisher, "after-call.s3.PutObject", meanwhile_the_first_finds_it)
    try:
        with pytest.raises(PublishCancelledError):
            publish_artwork(ledger, publisher, second.id, cancel=cancel_second)
        assert cancel_first.request()
    finally:
        go.set()
        the_first.join(10)

    assert cancelled
    assert ledger.get(first.id) == first
    key = sha256_of(small_png)
    left = ledger.get(second.id)
    assert (left.published_key, left.published_bucket) == ("", bucket)
    assert left.retired_key.endswith(f"{key}.png")
    assert object_exists(admin, bucket, left.retired_key)
    cleared = unpublish_artwork(ledger, publisher, second.id)
    assert_bucket_empty(admin, bucket)
    assert (cleared.published_key, cleared.retired_key, cleared.published_bucket) == ("", "", "")


def test_unpublishing_a_twin_leaves_the_image_the_other_has_found_and_is_recording(
    s3_endpoint: str,
    publisher: Publisher,
    admin: Any,
    bucket: str,
    ledger: Ledger,
    small_png: Path,
) -> None:
    """The first of two identical artworks is published; the second's publish has found
    the image there (nothing to send) and is about to record it when the first is
    unpublished. Before: the unpublish removed the image (no record named it yet), and the
    second then recorded as published an image that was gone: a dead link."""
    first, second, other = twins(ledger, small_png, s3_endpoint, bucket)
    key = publish_artwork(ledger, publisher, first.id).published_key
    with twin_publish(ledger, other, second.id) as the_twin:
        the_twin.start_until_found()
        unpublish_artwork(ledger, publisher, first.id)

    assert the_twin.recorded[0].published_key == key
    assert ledger.get(first.id).published_key == ""
    assert admin.get_object(Bucket=bucket, Key=key)["Body"].read() == small_png.read_bytes()
    assert manifest_id(admin, bucket, key) == second.id


def test_two_large_twins_published_at_once_both_end_published(
    s3_endpoint: str,
    publisher: Publisher,
    admin: Any,
    bucket: str,
    ledger: Ledger,
    big_png: Path,
    tmp_path: Path,
) -> None:
    """Two identical artworks too large for one PUT are published at once (both found
    nothing there, so both send it in parts). Before: the one that finished first aborted
    every other unfinished upload of that key (meant for one an earlier, broken attempt
    left), the other's among them, and that publish failed with R2's "no such upload"."""
    art = tmp_path / "art.png"
    art.write_bytes(big_png.read_bytes())
    first, second, other = twins(ledger, art, s3_endpoint, bucket)
    second_open, first_done = threading.Event(), threading.Event()
    outcomes: dict[str, Snapshot | BaseException] = {}

    def once_the_second_upload_is_open(**_: Any) -> None:
        assert second_open.wait(30)

    def the_second_is_open(**_: Any) -> None:
        second_open.set()

    def the_second_completes_after_the_first(**_: Any) -> None:
        first_done.wait(30)

    register(publisher, "before-call.s3.CreateMultipartUpload", once_the_second_upload_is_open)
    register(other, "after-call.s3.CreateMultipartUpload", the_second_is_open)
    register(other, "before-call.s3.CompleteMultipartUpload", the_second_completes_after_the_first)

    def publish(name: str, by: Publisher, artwork_id: int) -> None:
        try:
            outcomes[name] = publish_artwork(ledger, by, artwork_id)
        except BaseException as error:
            outcomes[name] = error
        finally:
            if name == "first":
                first_done.set()

    threads = [
        threading.Thread(target=publish, args=("first", publisher, first.id)),
        threading.Thread(target=publish, args=("second", other, second.id)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert all(isinstance(outcome, Snapshot) for outcome in outcomes.values()), outcomes
    key = ledger.get(first.id).published_key
    assert key and ledger.get(second.id).published_key == key
    assert admin.head_object(Bucket=bucket, Key=key)["ContentLength"] == art.stat().st_size
    assert admin.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


def test_unpublishing_one_of_two_twins_leaves_the_other_published(
    publisher: Publisher, admin: Any, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    first = add_artwork(ledger, small_png, title="first")
    second = twin(ledger, small_png, "second")
    key = publish_artwork(ledger, publisher, first.id).published_key
    assert publish_artwork(ledger, publisher, second.id).published_key == key
    assert manifest_id(admin, bucket, key) == second.id  # described by the last published

    unpublish_artwork(ledger, publisher, second.id)
    assert object_exists(admin, bucket, key)
    assert manifest_id(admin, bucket, key) == first.id
    unpublish_artwork(ledger, publisher, first.id)
    assert_bucket_empty(admin, bucket)


def test_unpublishing_a_twin_that_times_out_is_not_recorded_as_maybe_gone(
    publisher: Publisher, admin: Any, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    """Of two artworks with the same bytes, one is unpublished while R2 does not answer the
    writing of the manifest for the other: the image stays, the other's, whatever R2 did.
    Before, the artwork read "May be gone", its image and link there as before."""
    first = add_artwork(ledger, small_png, title="first")
    second = twin(ledger, small_png, "second")
    key = publish_artwork(ledger, publisher, first.id).published_key
    published = publish_artwork(ledger, publisher, second.id)

    def unanswered(request: Any, **_: Any) -> None:
        raise ReadTimeoutError(endpoint_url=request.url)

    publisher.client.meta.events.register("before-send.s3.PutObject", unanswered)
    with pytest.raises(PublishNetworkError):
        unpublish_artwork(ledger, publisher, second.id)
    assert object_exists(admin, bucket, key)
    assert ledger.get(second.id) == replace(published, removal_failed=PublishNetworkError.kind)


@pytest.mark.parametrize("cancelled", ["while the manifest is sent", "as the record is made"])
def test_a_cancelled_publish_of_a_twin_leaves_the_manifest_describing_the_published_one(
    publisher: Publisher,
    admin: Any,
    bucket: str,
    ledger: Ledger,
    small_png: Path,
    monkeypatch: pytest.MonkeyPatch,
    cancelled: str,
) -> None:
    """The second of two identical artworks is published and cancelled: the image is the
    first one's, found there (nothing sent), but its manifest had been written for the
    second. Before, it stayed so: the bucket's public manifest gave the cancelled artwork's
    title, description and prompt, which the artist had chosen not to publish."""
    first = add_artwork(ledger, small_png, title="first")
    second = twin(ledger, small_png, "second")
    ledger.update(second.id, description="private notes")
    key = publish_artwork(ledger, publisher, first.id).published_key
    cancel = PublishCancel()
    if cancelled == "while the manifest is sent":

        def artist_cancels(params: dict[str, Any], **_: Any) -> None:
            if params["url_path"].endswith(".json"):
                assert cancel.request()

        register(publisher, "before-call.s3.PutObject", artist_cancels)
    else:
        publish = Publisher.publish

        def then_artist_cancels(self: Publisher, *args: Any, **kwargs: Any) -> Any:
            result = publish(self, *args, **kwargs)
            assert cancel.request()
            return result

        monkeypatch.setattr(Publisher, "publish", then_artist_cancels)

    with pytest.raises(PublishCancelledError):
        publish_artwork(ledger, publisher, second.id, cancel=cancel)

    assert ledger.get(second.id).published_key == ""
    assert ledger.get(first.id).published_key == key
    assert object_exists(admin, bucket, key)
    _, manifest, _ = read_manifest(admin, bucket, key[:-4] + ".json")
    assert (manifest["id"], manifest["title"], manifest["description"]) == (first.id, "first", "")


def test_importing_the_original_of_an_edited_republished_artwork_keeps_the_edit(
    publisher: Publisher, ledger: Ledger, tmp_path: Path
) -> None:
    """An imported artwork is edited in the library and published again, which records its
    new hash; then the original file is imported again. Before: the library no longer knew
    the original's hash, so it copied the original to the file named after that hash,
    which was the edited artwork's own: the edit was overwritten, and both artworks shared
    one file (deleting one would take the other's image)."""
    original = noise_image(tmp_path / "harbour.png", (64, 48), seed=1)
    library = tmp_path / "library"
    (first,) = import_artworks(ledger, [original], library_dir=library)
    assert isinstance(first, Snapshot)
    noise_image(Path(first.file_path), (64, 48), seed=2)  # edited in place
    edited = Path(first.file_path).read_bytes()
    assert publish_artwork(ledger, publisher, first.id).sha256 == hashlib.sha256(edited).hexdigest()

    (again,) = import_artworks(ledger, [original], library_dir=library)

    assert isinstance(again, Snapshot) and again.id != first.id
    assert Path(first.file_path).read_bytes() == edited
    assert again.file_path != first.file_path
    assert Path(again.file_path).read_bytes() == original.read_bytes()


def test_an_imported_artwork_is_readable_as_any_file_the_artist_saves(
    ledger: Ledger, tmp_path: Path
) -> None:
    """The copy in the library was a private temp file renamed (0600): in a shared or synced
    library folder nobody else could open it."""
    original = noise_image(tmp_path / "harbour.png", (64, 48), seed=1)
    (imported,) = import_artworks(ledger, [original], library_dir=tmp_path / "library")
    assert isinstance(imported, Snapshot)
    assert Path(imported.file_path).stat().st_mode & 0o777 == NEW_FILE_MODE


def test_an_edited_twin_republished_leaves_the_other_published(
    publisher: Publisher, admin: Any, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    first = add_artwork(ledger, small_png, title="first")
    second = twin(ledger, small_png, "second")
    key = publish_artwork(ledger, publisher, first.id).published_key
    publish_artwork(ledger, publisher, second.id)
    noise_image(Path(second.file_path), (64, 48), seed=5)  # edited outside the app

    edited = publish_artwork(ledger, publisher, second.id)
    assert edited.published_key != key
    assert object_exists(admin, bucket, key)
    assert manifest_id(admin, bucket, key) == first.id
    assert manifest_id(admin, bucket, edited.published_key) == second.id


def objects_of(admin: Any, bucket: str) -> list[str]:
    return [item["Key"] for item in admin.list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_bytes_that_differ_from_the_record_never_appear_under_its_key(
    publisher: Publisher, admin: Any, bucket: str, big_png: Path, tmp_path: Path
) -> None:
    """The upload under the recorded hash starts before the file is hashed again: it must
    stop before the object exists, and leave no unfinished multipart upload."""
    art = tmp_path / "art.png"
    art.write_bytes(big_png.read_bytes())
    recorded = meta_for(art)
    length = art.stat().st_size
    noise_image(art, (3300, 3200), seed=1)  # retouched since the library hashed it
    assert art.stat().st_size == length
    calls = count_calls(publisher, "UploadPart", "CompleteMultipartUpload", "AbortMultipartUpload")

    result = publisher.publish(art, artwork=recorded)

    recorded_key = f"artworks/{recorded.sha256}.png"
    assert result.key == f"artworks/{sha256_of(art)}.png" != recorded_key
    assert not object_exists(admin, bucket, recorded_key)
    assert calls.count("CompleteMultipartUpload") == 1  # the upload under the real hash
    assert calls.count("AbortMultipartUpload") == 1
    assert admin.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    stored = admin.get_object(Bucket=bucket, Key=result.key)["Body"].read()
    assert stored == art.read_bytes()


def test_upload_starts_while_the_file_is_hashed_again(
    publisher: Publisher, admin: Any, bucket: str, big_png: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hashing 50 MB takes as long as a round trip or two; the library already knows the
    hash, so the upload does not wait for it (only its last byte does)."""
    first_part_sent = threading.Event()
    register(publisher, "before-send.s3.UploadPart", lambda **_: first_part_sent.set())

    def slow_inspect(path: Path) -> Any:
        assert first_part_sent.wait(timeout=20), "the upload waited for the hash"
        return inspect_file(path)

    monkeypatch.setattr("kontext_studio.publish.publisher.inspect_file", slow_inspect)
    result = publisher.publish(big_png, artwork=meta_for(big_png))

    assert result.uploaded
    assert result.key == f"artworks/{sha256_of(big_png)}.png"
    assert admin.head_object(Bucket=bucket, Key=result.key)["ContentLength"] == result.size


def look_answers_once_the_upload_began(publisher: Publisher) -> list[bool]:
    """Hold the first HEAD (the look for the object) until the upload has begun, for at most
    10 s; the list says whether it had (filled once that HEAD is sent)."""
    upload_begun = threading.Event()
    begun: list[bool] = []

    def look(**_: Any) -> None:
        if not begun:
            begun.append(upload_begun.wait(timeout=10))

    register(publisher, "before-call.s3.CreateMultipartUpload", lambda **_: upload_begun.set())
    register(publisher, "before-call.s3.HeadObject", look)
    return begun


def test_the_look_for_a_large_image_does_not_hold_up_its_upload(
    publisher: Publisher, admin: Any, bucket: str, big_png: Path
) -> None:
    """The look for an identical object (a HEAD) was a round trip of its own before the
    upload began; the upload now begins while it is answered."""
    begun = look_answers_once_the_upload_began(publisher)
    result = publisher.publish(big_png, artwork=meta_for(big_png))

    assert begun == [True], "the upload waited for the look"
    assert result.uploaded
    assert admin.head_object(Bucket=bucket, Key=result.key)["ContentLength"] == result.size


def test_a_large_image_found_while_its_upload_begins_is_not_sent_again(
    publisher: Publisher, admin: Any, bucket: str, big_png: Path
) -> None:
    """The upload begun beside the look sends no byte before the look answers: an image
    already there is not sent again, and the upload begun for it is not left open."""
    first = publisher.publish(big_png, artwork=meta_for(big_png))
    begun = look_answers_once_the_upload_began(publisher)
    calls = count_calls(publisher, "CompleteMultipartUpload", "PutObject")
    reports: list[int] = []

    again = publisher.publish(
        big_png,
        artwork=meta_for(big_png),
        progress=lambda done, *_: reports.append(done),
    )

    assert begun == [True]
    assert not again.uploaded
    assert same_object(again, first)
    assert calls == []
    assert reports == [big_png.stat().st_size]  # no byte of it went up
    assert admin.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


def test_a_cancel_while_a_large_image_is_looked_for_leaves_the_one_already_there(
    publisher: Publisher, admin: Any, bucket: str, big_png: Path
) -> None:
    """Cancel heard while the look for the object is unanswered: what is there was not
    sent by this publish, and stays."""
    first = publisher.publish(big_png, artwork=meta_for(big_png))
    upload_begun = threading.Event()
    cancel = threading.Event()

    def cancelled_while_looking(**_: Any) -> None:
        if not cancel.is_set():
            upload_begun.wait(timeout=10)
            cancel.set()

    register(publisher, "before-call.s3.CreateMultipartUpload", lambda **_: upload_begun.set())
    register(publisher, "before-call.s3.HeadObject", cancelled_while_looking)
    with pytest.raises(PublishCancelledError):
        publisher.publish(big_png, artwork=meta_for(big_png), cancel=cancel)

    assert upload_begun.is_set()
    assert object_exists(admin, bucket, first.key)
    assert object_exists(admin, bucket, first.manifest_key)
    assert admin.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


def test_republishing_a_large_artwork_begins_no_upload(
    publisher: Publisher, ledger: Ledger, big_png: Path
) -> None:
    """The library knows the artwork is published: a republish (a new title) looks for the
    image before beginning an upload it would only abort."""
    artwork = add_artwork(ledger, big_png)
    first = publish_artwork(ledger, publisher, artwork.id)
    ledger.update(artwork.id, title="Harbour, final")
    calls = count_calls(publisher, "CreateMultipartUpload", "UploadPart", "AbortMultipartUpload")

    again = publish_artwork(ledger, publisher, artwork.id)

    assert calls == []
    assert again.published_key == first.published_key


def test_a_large_upload_is_checked_while_earlier_leftovers_are_looked_for(
    publisher: Publisher, admin: Any, bucket: str, big_png: Path
) -> None:
    """After a large upload, the look for an unfinished upload an earlier attempt left (a
    listing) and the check of the stored length (a HEAD) went one after the other."""
    completed, checking = threading.Event(), threading.Event()
    together: list[bool] = []

    def check(**_: Any) -> None:
        if completed.is_set():
            checking.set()

    register(publisher, "before-call.s3.CompleteMultipartUpload", lambda **_: completed.set())
    register(publisher, "before-call.s3.HeadObject", check)
    register(
        publisher,
        "before-call.s3.ListMultipartUploads",
        lambda **_: together.append(checking.wait(timeout=10)),
    )
    result = publisher.publish(big_png, artwork=meta_for(big_png))

    assert together == [True], "the check waited for the listing"
    assert admin.head_object(Bucket=bucket, Key=result.key)["ContentLength"] == result.size
    assert admin.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


def test_chinese_title_and_prompt_round_trip(
    publisher: Publisher, admin: Any, bucket: str, small_png: Path
) -> None:
    title = "山水之间 · 黄昏"
    prompt = "一座安静的港口，黄昏时分，油画风格，" * 120
    result = publisher.publish(small_png, artwork=meta_for(small_png, title=title, prompt=prompt))

    raw = admin.head_object(Bucket=bucket, Key=result.key)["Metadata"]
    assert all(value.isascii() for value in raw.values())
    assert metadata_size(raw) <= METADATA_BUDGET
    decoded = decode_metadata(raw)
    assert decoded["title"] == title
    assert decoded["prompt"].endswith("…")
    assert prompt.startswith(decoded["prompt"].removesuffix("…"))
    assert len(decoded["prompt"]) > 100

    body, manifest, content_type = read_manifest(admin, bucket, result.manifest_key)
    assert content_type == "application/json; charset=utf-8"
    assert title.encode("utf-8") in body
    assert manifest["title"] == title
    assert manifest["prompt"] == prompt
    assert manifest["tags"] == ["sea", "dusk"]
    assert manifest["created_at"] == "2023-11-14T22:13:20Z"
    assert manifest["sha256"] == sha256_of(small_png)
    assert manifest["image_key"] == result.key
    assert manifest["image_url"] is None


def test_public_base_url_is_used_and_stored(
    public_publisher: Publisher, admin: Any, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    artwork = add_artwork(ledger, small_png)
    published = publish_artwork(ledger, public_publisher, artwork.id)

    expected = f"{PUBLIC_BASE}/artworks/{sha256_of(small_png)}.png"
    assert published.published_url == expected
    assert published.published_key == f"artworks/{sha256_of(small_png)}.png"
    assert published.published_at is not None
    assert abs(published.published_at - time.time()) < 60
    assert artwork_url(public_publisher, published) == expected
    _, manifest, _ = read_manifest(admin, bucket, published.published_key[:-4] + ".json")
    assert manifest["image_url"] == expected
    assert manifest["source"] == "uploaded"


def test_without_public_base_only_the_key_is_stored(
    publisher: Publisher, ledger: Ledger, small_png: Path
) -> None:
    artwork = add_artwork(ledger, small_png)
    published = publish_artwork(ledger, publisher, artwork.id)

    assert published.published_url == ""
    assert ledger.get(artwork.id) == published
    url = artwork_url(publisher, published)
    assert "X-Amz-Signature=" in url
    assert httpx.get(url, timeout=10).content == small_png.read_bytes()


def cancel_after(event: threading.Event, threshold: int) -> Callable[[int, int, float], None]:
    def report(done: int, total: int, quiet: float) -> None:
        if done >= threshold:
            event.set()

    return report


def assert_bucket_empty(admin: Any, bucket: str) -> None:
    assert admin.list_objects_v2(Bucket=bucket)["KeyCount"] == 0
    assert admin.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


class CuttableLink:
    """A TCP relay to the S3 server that can drop every connection at once and refuse new
    ones, as a network that goes away mid-transfer does."""

    def __init__(self, endpoint: str, window: int | None = None) -> None:
        host, port = endpoint.removeprefix("http://").rsplit(":", 1)
        self._target = (host, int(port))
        self._open: list[socket.socket] = []
        self.up = True
        self._server = socket.socket()
        if window is not None:
            # Before listen(): the connections it accepts offer a window this small.
            self._server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, window)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen()
        self.endpoint = f"http://127.0.0.1:{self._server.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            upstream = socket.create_connection(self._target)
            self._open += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.up = False
        for end in self._open:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
        self._open.clear()

    def close(self) -> None:
        self.cut()
        self._server.close()


class StallingLink(CuttableLink):
    """A TCP relay to the S3 server that passes every request but never answers a PUT of a
    body over ``over`` bytes: it takes the body and goes quiet, as a slow uplink does for a
    file too large to get through before the answer's time-out, while R2 answers the rest."""

    _PUT = re.compile(rb"^PUT [^\r\n]*\r\n(?:[^\r\n]+\r\n)*?content-length: *(\d+)", re.I)

    def __init__(self, endpoint: str, over: int) -> None:
        self._over = over
        super().__init__(endpoint)

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:  # type: ignore[override]
        stalled = False
        try:
            while data := source.recv(65536):
                found = self._PUT.match(data)
                if found and int(found.group(1)) > self._over:
                    stalled = True  # this connection carries nothing more, either way
                if not stalled:
                    sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)


class FreezingLink(CuttableLink):
    """A TCP relay to the S3 server that, once it has passed ``freeze_at`` bytes of what the
    app sends, takes nothing more (its connections open, nothing read, nothing answered)
    until :meth:`thaw`, as a server or a network on the way that freezes mid-upload does.
    ``frozen`` is set once a connection waits on it. Its connections offer a small window,
    so the app's sends stop with it, not megabytes later."""

    def __init__(self, endpoint: str, freeze_at: int) -> None:
        self._freeze_at = freeze_at
        self._passed = 0
        self._lock = threading.Lock()
        self.frozen = threading.Event()
        self._thawed = threading.Event()
        super().__init__(endpoint, window=4096)

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:  # type: ignore[override]
        sent_by_app = source.getsockname() == self._server.getsockname()
        try:
            while True:
                if sent_by_app and self._passed >= self._freeze_at and not self._thawed.is_set():
                    self.frozen.set()
                    self._thawed.wait()
                data = source.recv(4096)
                if not data:
                    break
                sink.sendall(data)
                if sent_by_app:
                    with self._lock:
                        self._passed += len(data)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def thaw(self) -> None:
        """Take what the app sends again, from now on."""
        self._thawed.set()

    def close(self) -> None:
        self.thaw()
        super().close()


class ThrottledLink(CuttableLink):
    """A TCP relay to the S3 server that takes what the app sends at ``rate`` bytes a second
    on each connection, steadily, as a slow uplink does; answers come back at once. Its
    connections offer a small window, so the app's sends wait on the rate, not on buffers."""

    def __init__(self, endpoint: str, rate: float) -> None:
        self._rate = rate
        super().__init__(endpoint, window=4096)

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:  # type: ignore[override]
        sent_by_app = source.getsockname() == self._server.getsockname()
        try:
            while data := source.recv(1024 if sent_by_app else 65536):
                if sent_by_app:
                    time.sleep(len(data) / self._rate)
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)


class SilentServer:
    """Accepts every connection and never answers, as a captive network, a dead proxy or a
    half-open link does. :meth:`close` hangs up, which frees whoever still waits."""

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self.endpoint = f"http://127.0.0.1:{self._server.getsockname()[1]}"
        self.connected = threading.Event()
        self._open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            self._open.append(client)
            self.connected.set()

    @property
    def connections(self) -> int:
        """How many connections it accepted (one per attempt: each waits out its time-out)."""
        return len(self._open)

    def close(self) -> None:
        self._server.close()
        for end in self._open:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()


@pytest.fixture
def silent_server() -> Iterator[SilentServer]:
    server = SilentServer()
    yield server
    server.close()


def slow_link_publisher(config: R2Config) -> Publisher:
    """:func:`fast_publisher` whose image's body waits 2 s for R2's answer, tried once."""
    return Publisher(
        config,
        connect_timeout=1.0,
        read_timeout=10.0,
        max_attempts=1,
        transfer_read_timeout=2.0,
        transfer_retries=0,
    )


def test_a_file_too_slow_to_send_once_r2_answered_is_the_files_failure_not_the_network(
    s3_endpoint: str, bucket: str, tmp_path: Path
) -> None:
    """R2 answered the publish's look for the image; the image's body then got no answer in
    time, as a large file on a slow uplink does (the kernel still pushing it out when the
    answer's time-out ends). Before, that read "The R2 endpoint cannot be reached. Check
    the endpoint and network.", and a Publish all of the Upload tab stopped there, every
    time at that file, where the files after it would have gone. It is that file's failure,
    said so; a smaller file goes through the same link."""
    link = StallingLink(s3_endpoint, over=200_000)
    try:
        publisher = slow_link_publisher(make_config(link.endpoint, bucket))
        large = noise_image(tmp_path / "large.png", (400, 300))
        with pytest.raises(PublishError) as caught:
            publisher.publish(large, artwork=meta_for(large))
        assert not isinstance(caught.value, PublishNetworkError)
        host = link.endpoint.removeprefix("http://")
        assert explain(caught.value).sentences() == (
            f"Publishing failed. Cause: {host} answered, but sending large.png timed out: the "
            "connection may be too slow for a file this size. Publish it again later, or "
            "over a faster connection."
        )
        small = noise_image(tmp_path / "small.png", (100, 100))
        assert publisher.publish(small, artwork=meta_for(small)).uploaded
    finally:
        link.close()


def test_an_upload_the_server_stops_taking_is_told_quiet_until_it_takes_again(
    s3_endpoint: str, bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server freezes halfway through the image: the connection stays open, nothing
    more is taken, nothing is answered. Before, the progress said nothing at all until the
    time-outs and retries were spent (minutes on the default ones), and the window showed
    the same percent meanwhile. Once nothing has gone up for ``QUIET_S``, the progress is
    told so, with the seconds; the upload is not given up on, and when the server takes
    bytes again it is told moving, and ends published."""
    monkeypatch.setattr(transfer, "QUIET_S", 0.5)
    image = noise_image(tmp_path / "dunes.png", (580, 580))
    size = image.stat().st_size
    link = FreezingLink(s3_endpoint, freeze_at=size // 2)
    publisher = Publisher(make_config(link.endpoint, bucket))  # the window's time-outs
    reports: list[tuple[int, int, float]] = []
    try:
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            publishing = pool.submit(
                publisher.publish,
                image,
                artwork=meta_for(image),
                progress=lambda done, total, quiet: reports.append((done, total, quiet)),
            )
            deadline = time.monotonic() + 20
            while not any(quiet for *_, quiet in reports) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert link.frozen.is_set()
            first_quiet = next(i for i, (*_, quiet) in enumerate(reports) if quiet)
            done, total, quiet = reports[first_quiet]
            assert 0 < done < total == size
            assert 0.5 <= quiet < 5
            link.thaw()
            assert publishing.result(timeout=30).uploaded
    finally:
        link.close()
    after = reports[first_quiet:]
    moving_again = next(i for i, (*_, quiet) in enumerate(after) if not quiet)
    assert all(quiet >= 0.5 for *_, quiet in after[:moving_again]), reports
    assert not any(quiet for *_, quiet in after[moving_again:]), reports
    assert reports[-1] == (size, size, 0.0)


def sending_publisher(config: R2Config, *, connect_timeout: float) -> Publisher:
    """The window's publisher in small: its connect time-out shorter than ``QUIET_S``,
    which is shorter than the image's answer time-out (10 s, 15 s, 60 s in the window),
    its image tried once."""
    return Publisher(
        config,
        connect_timeout=connect_timeout,
        read_timeout=10.0,
        max_attempts=1,
        transfer_read_timeout=10.0,
        transfer_retries=0,
    )


def test_an_upload_over_a_slow_but_steady_link_is_not_given_up_on(
    s3_endpoint: str, bucket: str, tmp_path: Path
) -> None:
    """The uplink takes the image slowly but without a pause. Before, each send of a block
    of its body (16 KiB) had only the connect time-out (urllib3 sets it for the whole
    request, the read time-out only once the body is sent): a link slower than 16 KiB in
    10 s a connection, as ten parts sharing 80 kbit/s are, failed the upload while its
    bytes kept going, "the server cut the connection". The image's long time-out is there
    so a slow uplink is not failed: each send has it too."""
    image = noise_image(tmp_path / "dunes.png", (220, 220))
    link = ThrottledLink(s3_endpoint, rate=32_000)  # 16 KiB in 0.5 s
    try:
        publisher = sending_publisher(make_config(link.endpoint, bucket), connect_timeout=0.2)
        assert publisher.publish(image, artwork=meta_for(image)).uploaded
    finally:
        link.close()


def test_a_server_that_stops_taking_the_image_is_said_quiet_before_the_upload_gives_up(
    s3_endpoint: str, bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server freezes mid-upload for a while, then takes bytes again. In the window a
    send was given up on after 10 s (the connect time-out), before ``QUIET_S`` (15 s), and
    each try after it sent its first blocks into a fresh connection, which started the
    quiet over: the progress was never told quiet, and the words never came. A send now
    waits as long as the answer does (60 s), so the quiet is told, and the upload goes on
    once the server takes bytes again."""
    monkeypatch.setattr(transfer, "QUIET_S", 1.0)
    image = noise_image(tmp_path / "dunes.png", (580, 580))
    size = image.stat().st_size
    link = FreezingLink(s3_endpoint, freeze_at=size // 2)
    publisher = sending_publisher(make_config(link.endpoint, bucket), connect_timeout=0.5)
    reports: list[float] = []
    try:
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            publishing = pool.submit(
                publisher.publish,
                image,
                artwork=meta_for(image),
                progress=lambda _done, _total, quiet: reports.append(quiet),
            )
            deadline = time.monotonic() + 8
            while not any(reports) and not publishing.done() and time.monotonic() < deadline:
                time.sleep(0.05)
            assert any(reports), "never told quiet"
            link.thaw()
            assert publishing.result(timeout=30).uploaded
    finally:
        link.close()


def test_an_upload_the_server_stops_taking_fails_saying_sending_timed_out(
    s3_endpoint: str, bucket: str, tmp_path: Path
) -> None:
    """The server takes no more of the image until the upload gives up: a send timed out
    (urllib3 reports it as the connection aborted, botocore as a connection closed).
    Before, the failure read "the server cut the connection", which it never did."""
    image = noise_image(tmp_path / "dunes.png", (580, 580))
    link = FreezingLink(s3_endpoint, freeze_at=image.stat().st_size // 2)
    publisher = Publisher(
        make_config(link.endpoint, bucket),
        connect_timeout=0.5,
        read_timeout=10.0,
        max_attempts=1,
        transfer_read_timeout=1.0,
        transfer_retries=0,
    )
    try:
        with pytest.raises(PublishNetworkError) as caught:
            publisher.publish(image, artwork=meta_for(image))
    finally:
        link.close()
    host = link.endpoint.removeprefix("http://")
    assert caught.value.message == f"cannot reach {host} (sending timed out)"


def test_a_large_image_through_a_proxy_that_never_lets_it_through_fails_in_connect_time(
    silent_server: SilentServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R2 is reached through a proxy (``HTTPS_PROXY``) that takes the connection and never
    opens the way on: asking it for the way to R2 is part of connecting, and gets the
    connect time-out. Before, the client that sends the image gave that ask the image's
    long time-out, as if it were a send of its body: a large image went on "publishing" a
    minute a try, four tries, after the look for it had failed in seconds."""
    for name in ("https_proxy", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", silent_server.endpoint)
    image = noise_image(tmp_path / "harbour.png", (1700, 1700))  # two parts
    publisher = Publisher(
        make_config("https://r2.example.invalid", "gallery"),
        connect_timeout=0.5,
        read_timeout=10.0,
        max_attempts=0,
        transfer_read_timeout=10.0,
        transfer_retries=0,
    )
    started = time.monotonic()
    with pytest.raises(PublishNetworkError):
        publisher.publish(image, artwork=meta_for(image))
    assert time.monotonic() - started < 5


def test_a_retry_after_the_connection_dropped_mid_upload_leaves_no_parts_behind(
    s3_endpoint: str, admin: Any, bucket: str, ledger: Ledger, big_png: Path
) -> None:
    """Before, the parts sent before the drop stayed in the bucket as an unfinished upload,
    even after the retry had published the artwork: stored (and billed) for days."""
    link = CuttableLink(s3_endpoint)
    try:
        publisher = fast_publisher(make_config(link.endpoint, bucket))
        artwork = add_artwork(ledger, big_png)

        def drop_a_third_of_the_way(done: int, total: int, quiet: float) -> None:
            if done > total // 3 and link.up:
                link.cut()

        with pytest.raises(PublishNetworkError):
            publish_artwork(ledger, publisher, artwork.id, progress=drop_a_third_of_the_way)
        assert_still_unpublished(ledger, artwork)
        assert admin.list_objects_v2(Bucket=bucket)["KeyCount"] == 0

        link.up = True  # back online: Retry
        published = publish_artwork(ledger, publisher, artwork.id)
        assert object_exists(admin, bucket, published.published_key)
        assert admin.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    finally:
        link.close()


def test_cancel_mid_multipart_leaves_nothing_and_records_nothing(
    publisher: Publisher, admin: Any, bucket: str, ledger: Ledger, big_png: Path
) -> None:
    artwork = add_artwork(ledger, big_png)
    cancel = threading.Event()
    calls = count_calls(publisher, "CreateMultipartUpload", "AbortMultipartUpload")
    with pytest.raises(PublishCancelledError):
        publish_artwork(
            ledger,
            publisher,
            artwork.id,
            progress=cancel_after(cancel, 1024 * 1024),
            cancel=cancel,
        )

    assert "CreateMultipartUpload" in calls  # it really was cancelled mid-transfer
    assert_bucket_empty(admin, bucket)
    after = ledger.get(artwork.id)
    assert after is not None
    assert (after.published_key, after.published_url, after.published_at) == ("", "", None)


def test_cancel_mid_single_put_leaves_nothing(
    publisher: Publisher, admin: Any, bucket: str, tmp_path: Path
) -> None:
    image = noise_image(tmp_path / "mid.png", (900, 900))  # ~2.4 MB: one PUT
    cancel = threading.Event()
    with pytest.raises(PublishCancelledError):
        publisher.publish(
            image, artwork=meta_for(image), progress=cancel_after(cancel, 1), cancel=cancel
        )
    assert_bucket_empty(admin, bucket)


def chinese_errors() -> dict[str, str]:
    """The Chinese catalogue's "Errors" messages, read from its source (no Qt here)."""
    ts = Path(__file__).resolve().parents[2] / "resources/translations/kontext_studio_zh_CN.ts"
    table: dict[str, str] = {}
    for context in ElementTree.parse(ts).getroot().iter("context"):
        if context.findtext("name") == "Errors":
            for message in context.iter("message"):
                table[message.findtext("source") or ""] = message.findtext("translation") or ""
    return table


def test_a_cancel_whose_clean_up_fails_says_why_in_the_installed_language(
    publisher: Publisher, small_png: Path
) -> None:
    """The reason a cancelled publish could not remove what it sent stayed English inside
    the Chinese sentence: "存储桶中可能残留部分上传内容（cannot reach … (no connection: …))"."""
    cancel = threading.Event()

    def r2_is_gone(**_: Any) -> None:
        raise EndpointConnectionError(endpoint_url="http://r2")

    for operation in ("ListMultipartUploads", "DeleteObject"):
        register(publisher, f"before-call.s3.{operation}", r2_is_gone)
    with pytest.raises(PublishError) as caught:
        publisher.publish(
            small_png, artwork=meta_for(small_png), progress=cancel_after(cancel, 1), cancel=cancel
        )
    assert caught.value.message.startswith("a partial upload may be left in the bucket")

    table = chinese_errors()
    i18n.install(lambda context, text: table.get(text, "") if context == "Errors" else "")
    try:
        shown = explain(caught.value).message
    finally:
        i18n.install(None)
    assert "存储桶中可能残留部分上传内容（无法连接 127.0.0.1:" in shown, shown
    assert "无法连接：没有网络，或服务器拒绝了连接" in shown, shown
    assert not re.search(r"[a-z]{3,}", shown.replace("127.0.0.1", "")), shown


def test_cancel_while_the_last_byte_waits_for_the_hash(
    publisher: Publisher, admin: Any, bucket: str, big_png: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow disk still hashing: Cancel is heard at once, and nothing is completed."""
    release = threading.Event()

    def stuck_inspect(path: Path) -> Any:
        release.wait(timeout=60)
        return inspect_file(path)

    monkeypatch.setattr("kontext_studio.publish.publisher.inspect_file", stuck_inspect)
    cancel = threading.Event()
    started = time.monotonic()
    try:
        with pytest.raises(PublishCancelledError):
            publisher.publish(
                big_png,
                artwork=meta_for(big_png),
                progress=cancel_after(cancel, big_png.stat().st_size),
                cancel=cancel,
            )
        waited = time.monotonic() - started
    finally:
        release.set()
    assert waited < 30  # not until the hash came
    assert_bucket_empty(admin, bucket)


@pytest.mark.parametrize("then_times_out", [False, True], ids=["gets through", "times out"])
def test_a_cancel_heard_while_the_manifest_was_sent_records_and_leaves_nothing(
    publisher: Publisher,
    admin: Any,
    bucket: str,
    ledger: Ledger,
    small_png: Path,
    then_times_out: bool,
) -> None:
    """The window says "cancelled" at once while a request (here the manifest's PUT) waits
    on a silent server. Whether that PUT then gets through or times out, the artwork must
    not turn up published, and the image this publish sent must not stay public behind the
    artist's back (they were told the publish was cancelled)."""
    artwork = add_artwork(ledger, small_png)
    cancel = PublishCancel()

    def artist_cancels(params: dict[str, Any], **_: Any) -> None:
        if params["url_path"].endswith(".json"):
            assert cancel.request()  # granted: nothing will be recorded
            if then_times_out:
                raise ReadTimeoutError(endpoint_url="http://r2")

    register(publisher, "before-call.s3.PutObject", artist_cancels)
    with pytest.raises(PublishCancelledError):
        publish_artwork(ledger, publisher, artwork.id, cancel=cancel)
    assert ledger.get(artwork.id) == artwork
    assert_bucket_empty(admin, bucket)


def test_a_cancel_heard_while_the_check_of_the_upload_failed_removes_the_image(
    publisher: Publisher, admin: Any, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    """The same while the HEAD that checks the stored image waits and then times out."""
    artwork = add_artwork(ledger, small_png)
    cancel = PublishCancel()
    puts: list[str] = []

    def note_put(params: dict[str, Any], **_: Any) -> None:
        puts.append(params["url_path"])

    def artist_cancels_then_it_times_out(params: dict[str, Any], **_: Any) -> None:
        if puts:  # the image is up: this HEAD checks it
            assert cancel.request()
            raise ReadTimeoutError(endpoint_url="http://r2")

    register(publisher, "before-call.s3.PutObject", note_put)
    register(publisher, "before-call.s3.HeadObject", artist_cancels_then_it_times_out)
    with pytest.raises(PublishCancelledError):
        publish_artwork(ledger, publisher, artwork.id, cancel=cancel)
    assert ledger.get(artwork.id) == artwork
    assert_bucket_empty(admin, bucket)


def test_verify_mismatch_removes_the_upload(
    publisher: Publisher, admin: Any, bucket: str, small_png: Path
) -> None:
    """A store that reports another length than was sent: refuse, and delete the object."""

    def corrupt(http_response: Any, parsed: dict[str, Any], **_: Any) -> None:
        if http_response.status_code == 200:
            parsed["ContentLength"] = 1

    publisher.client.meta.events.register("after-call.s3.HeadObject", corrupt)
    with pytest.raises(PublishError, match="intact"):
        publisher.publish(small_png, artwork=meta_for(small_png))
    assert_bucket_empty(admin, bucket)


def test_a_damaged_object_of_its_length_under_its_key_is_replaced_by_the_artwork(
    publisher: Publisher, admin: Any, bucket: str, small_png: Path
) -> None:
    """An object already under the artwork's key, of its length but other bytes (an upload
    damaged on the way, another program's): its MD5 tells it apart, and the artwork goes up,
    so its link shows the artwork, not the damaged object."""
    image = small_png.read_bytes()
    key = f"artworks/{sha256_of(small_png)}.png"
    admin.put_object(Bucket=bucket, Key=key, Body=image[:-1] + bytes([image[-1] ^ 0xFF]))

    result = publisher.publish(small_png, artwork=meta_for(small_png))

    assert (result.key, result.uploaded) == (key, True)
    assert admin.get_object(Bucket=bucket, Key=key)["Body"].read() == image


# Failures ---------------------------------------------------------------------------------


def test_wrong_bucket_is_a_bucket_error(s3_endpoint: str, small_png: Path) -> None:
    publisher = fast_publisher(make_config(s3_endpoint, "no-such-bucket-here"))
    with pytest.raises(PublishBucketError, match="no-such-bucket-here"):
        publisher.publish(small_png, artwork=meta_for(small_png))
    with pytest.raises(PublishBucketError, match="does not exist"):
        publisher.test_connection()


def test_endpoint_down_is_a_network_error_quickly(small_png: Path) -> None:
    port = free_port()
    publisher = fast_publisher(make_config(f"http://127.0.0.1:{port}", "art"))
    started = time.monotonic()
    with pytest.raises(PublishNetworkError) as caught:
        publisher.publish(small_png, artwork=meta_for(small_png))
    with pytest.raises(PublishNetworkError):
        publisher.test_connection()
    assert time.monotonic() - started < 5
    # In words, not botocore's class name ("(EndpointConnectionError)" before), and not "no
    # network" either: the network is there, nothing listens at the port.
    assert (
        caught.value.message == f"cannot reach 127.0.0.1:{port} (nothing answered at that address)"
    )
    assert SECRET_KEY not in caught.value.message


def test_an_endpoint_naming_no_host_says_so_not_that_the_network_is_down(small_png: Path) -> None:
    """The name server answers that no host has the name (a mistyped account ID): before, it
    read "no connection: no network, or the server refused it", beside an "Open Settings"
    offer, where the network was fine and the spelling was not."""
    publisher = fast_publisher(make_config("https://no-such-host.invalid", "art"))
    with pytest.raises(PublishNetworkError) as caught:
        publisher.publish(small_png, artwork=meta_for(small_png))
    assert caught.value.message == (
        "cannot reach no-such-host.invalid (no server has that name: check the endpoint's spelling)"
    )
    assert caught.value.endpoint_suspect


@pytest.mark.parametrize(
    ("cause", "reason"),
    [
        (
            socket.gaierror(socket.EAI_NONAME, "Name or service not known"),
            "no server has that name",
        ),
        (ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused"), "nothing answered"),
        # A name server that does not answer: an offline computer, not a wrong name.
        (socket.gaierror(socket.EAI_AGAIN, "Temporary failure"), "no connection: no network"),
        (OSError(errno.ENETUNREACH, "Network is unreachable"), "no connection: no network"),
    ],
)
def test_why_an_endpoint_was_not_reached_is_told_by_the_systems_answer(
    cause: OSError, reason: str
) -> None:
    try:
        try:
            raise cause
        except OSError as error:
            raise EndpointConnectionError(endpoint_url="https://r2.example.test") from error
    except EndpointConnectionError as error:
        mapped = map_error(error, config=make_config("https://r2.example.test", "art"))
    assert isinstance(mapped, PublishNetworkError)
    assert mapped.message.startswith(f"cannot reach r2.example.test ({reason}")


def test_a_server_that_never_answers_is_said_in_words(
    silent_server: SilentServer, ledger: Ledger, small_png: Path
) -> None:
    """Before, "Publishing…" stayed for four minutes (60 s to read, three attempts, several
    requests) before the same words. The small requests come first and are tried twice (the
    app waits 10 s for each, shortened here); the image's own long time-outs are the app's,
    so a publish that sent the image to a silent server first would outlast the pytest
    time-out."""
    publisher = Publisher(make_config(silent_server.endpoint, "art"), read_timeout=0.5)
    artwork = add_artwork(ledger, small_png)
    with pytest.raises(PublishNetworkError) as caught:
        publish_artwork(ledger, publisher, artwork.id)
    host = silent_server.endpoint.removeprefix("http://")
    assert caught.value.message == f"cannot reach {host} (the answer timed out)"
    assert silent_server.connections == 2
    assert ledger.get(artwork.id) == artwork


def cut_once_an_image_is_removed(publisher: Publisher) -> None:
    """Have ``publisher`` stopped (:meth:`Publisher.stop`, as the app's close or a Ctrl+C
    cuts it once R2 has been slow to answer for a few seconds) just as R2 has removed an
    image: an unpublish's first request. What it asks after that is refused."""

    def cut(**_: Any) -> None:
        publisher.stop()

    publisher.client.meta.events.register("after-call.s3.DeleteObject", cut)


def test_an_unpublish_cut_once_r2_removed_the_image_is_recorded_as_maybe_gone(
    s3_endpoint: str, bucket: str, ledger: Ledger, small_png: Path, admin: Any
) -> None:
    """The app closed (or a command was stopped) while R2 was slow to answer an unpublish,
    and its requests were cut once R2 had removed the image. Before, the record went on
    naming it as published, a link to nothing, and nothing said otherwise. The record now
    says it may be gone, and the next unpublish finishes it."""
    publisher = fast_publisher(make_config(s3_endpoint, bucket))
    artwork = add_artwork(ledger, small_png)
    published = publish_artwork(ledger, publisher, artwork.id)
    cut_once_an_image_is_removed(publisher)
    with pytest.raises(PublishCancelledUncleanError):
        unpublish_artwork(ledger, publisher, artwork.id)
    assert [o["Key"] for o in admin.list_objects_v2(Bucket=bucket)["Contents"]] == [
        manifest_key_for(published.published_key)
    ]
    cut = ledger.get(artwork.id)
    assert cut is not None
    assert cut.published_key == published.published_key
    assert cut.may_be_gone

    unpublish_artwork(ledger, fast_publisher(make_config(s3_endpoint, bucket)), artwork.id)
    assert_bucket_empty(admin, bucket)
    done = ledger.get(artwork.id)
    assert done is not None and not done.published_key and not done.may_be_gone


def test_an_unpublish_r2_refuses_is_not_recorded_as_maybe_gone(
    s3_endpoint: str, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    """R2 refused the removal (here, the keys): the image is there as before, and the record
    says it is published, nothing more."""
    publisher = fast_publisher(make_config(s3_endpoint, bucket))
    artwork = add_artwork(ledger, small_png)
    published = publish_artwork(ledger, publisher, artwork.id)

    def refuse(**_: Any) -> None:
        raise ClientError(
            {
                "Error": {"Code": "AccessDenied", "Message": "no"},
                "ResponseMetadata": {"HTTPStatusCode": 403},
            },
            "DeleteObject",
        )

    publisher.client.meta.events.register("before-call.s3.DeleteObject", refuse)
    with pytest.raises(PublishAuthError):
        unpublish_artwork(ledger, publisher, artwork.id)
    assert ledger.get(artwork.id) == replace(published, removal_failed=PublishAuthError.kind)


@contextlib.contextmanager
def network_gone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No connection is made while inside: the name server cannot be reached, as on a
    computer that went offline (not a name it says no host has, nor a port nothing listens
    at: those are the endpoint's spelling)."""
    import urllib3.connection

    def offline(*_args: Any, **_kwargs: Any) -> socket.socket:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    with monkeypatch.context() as patched:
        patched.setattr(urllib3.connection.connection, "create_connection", offline)
        yield


def test_an_unpublish_that_failed_offline_is_not_recorded_as_maybe_gone(
    s3_endpoint: str,
    bucket: str,
    ledger: Ledger,
    small_png: Path,
    admin: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The artist pressed Unpublish with the computer offline: no try of it connected to
    R2, so nothing was removed. Before, the artwork read "May be gone" (an unpublish "stopped
    before its end"), of an image that was there as before, its link working."""
    publisher = fast_publisher(make_config(s3_endpoint, bucket))
    artwork = add_artwork(ledger, small_png)
    published = publish_artwork(ledger, publisher, artwork.id)
    with network_gone(monkeypatch), pytest.raises(PublishNetworkError) as caught:
        unpublish_artwork(ledger, publisher, artwork.id)
    assert "no connection: no network" in caught.value.message
    assert ledger.get(artwork.id) == replace(published, removal_failed=PublishNetworkError.kind)
    keys = {o["Key"] for o in admin.list_objects_v2(Bucket=bucket)["Contents"]}
    assert published.published_key in keys


def test_an_unpublish_offline_once_r2_removed_the_image_is_recorded_as_maybe_gone(
    s3_endpoint: str,
    bucket: str,
    ledger: Ledger,
    small_png: Path,
    admin: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The network went away once R2 had removed the image, before its manifest: the
    manifest's request connected to nothing, but the image is gone. It may be gone."""
    publisher = fast_publisher(make_config(s3_endpoint, bucket))
    artwork = add_artwork(ledger, small_png)
    published = publish_artwork(ledger, publisher, artwork.id)
    with monkeypatch.context() as patched:
        import urllib3.connection

        def offline(*_args: Any, **_kwargs: Any) -> socket.socket:
            raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

        def go_offline(**_: Any) -> None:
            patched.setattr(urllib3.connection.connection, "create_connection", offline)

        publisher.client.meta.events.register("after-call.s3.DeleteObject", go_offline)
        with pytest.raises(PublishNetworkError):
            unpublish_artwork(ledger, publisher, artwork.id)
    assert [o["Key"] for o in admin.list_objects_v2(Bucket=bucket)["Contents"]] == [
        manifest_key_for(published.published_key)
    ]
    gone = ledger.get(artwork.id)
    assert gone is not None and gone.may_be_gone


def test_an_unpublish_r2_fails_once_it_removed_the_image_is_recorded_as_maybe_gone(
    s3_endpoint: str, bucket: str, ledger: Ledger, small_png: Path, admin: Any
) -> None:
    """R2 removed the image, then answered the removal of its manifest with its own trouble
    (a 503): the image is gone, its link leads to nothing. Before, the artwork went on
    reading "Published", as if R2 had refused the whole unpublish."""
    publisher = fast_publisher(make_config(s3_endpoint, bucket))
    artwork = add_artwork(ledger, small_png)
    published = publish_artwork(ledger, publisher, artwork.id)
    removals: list[str] = []

    def trouble_on_the_manifest(params: dict[str, Any], **_: Any) -> None:
        removals.append(params["url_path"])
        if len(removals) > 1:
            raise ClientError(
                {
                    "Error": {"Code": "ServiceUnavailable", "Message": "busy"},
                    "ResponseMetadata": {"HTTPStatusCode": 503},
                },
                "DeleteObject",
            )

    publisher.client.meta.events.register("before-call.s3.DeleteObject", trouble_on_the_manifest)
    with pytest.raises(PublishServiceError):
        unpublish_artwork(ledger, publisher, artwork.id)
    assert [o["Key"] for o in admin.list_objects_v2(Bucket=bucket)["Contents"]] == [
        manifest_key_for(published.published_key)
    ]
    gone = ledger.get(artwork.id)
    assert gone is not None and gone.may_be_gone


def test_an_unpublish_offline_after_a_try_that_timed_out_is_recorded_as_maybe_gone(
    s3_endpoint: str, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    """The first try of the removal went unanswered (R2 may have carried it out), and the
    retry found the network gone: the last error alone says nothing was sent, but the
    image may be gone."""
    publisher = fast_publisher(make_config(s3_endpoint, bucket))
    artwork = add_artwork(ledger, small_png)
    publish_artwork(ledger, publisher, artwork.id)
    tries: list[str] = []

    def unanswered_then_offline(request: Any, **_: Any) -> None:
        tries.append(request.url)
        if len(tries) == 1:
            raise ReadTimeoutError(endpoint_url=request.url)
        raise EndpointConnectionError(endpoint_url=request.url)

    publisher.client.meta.events.register("before-send.s3.DeleteObject", unanswered_then_offline)
    with pytest.raises(PublishNetworkError):
        unpublish_artwork(ledger, publisher, artwork.id)
    assert len(tries) == 2
    gone = ledger.get(artwork.id)
    assert gone is not None and gone.may_be_gone


def test_a_publish_that_fails_after_a_cut_unpublish_keeps_saying_it_may_be_gone(
    s3_endpoint: str, bucket: str, ledger: Ledger, small_png: Path, admin: Any
) -> None:
    """An unpublish was cut once R2 had removed the image (may be gone), and the artist then
    published the artwork again while R2 still failed. Before, that publish took the note
    away before it sent anything: failed, it left the artwork "published" at a link to
    nothing, and nothing said so. The record still says it may be gone; a publish that
    ends publishes it."""
    publisher = fast_publisher(make_config(s3_endpoint, bucket))
    artwork = add_artwork(ledger, small_png)
    publish_artwork(ledger, publisher, artwork.id)
    cut_once_an_image_is_removed(publisher)
    with pytest.raises(PublishCancelledUncleanError):
        unpublish_artwork(ledger, publisher, artwork.id)

    failing = fast_publisher(make_config(s3_endpoint, bucket))

    def refuse(**_: Any) -> None:
        raise ClientError(
            {
                "Error": {"Code": "AccessDenied", "Message": "no"},
                "ResponseMetadata": {"HTTPStatusCode": 403},
            },
            "HeadObject",
        )

    failing.client.meta.events.register("before-call.s3.HeadObject", refuse)
    with pytest.raises(PublishAuthError):
        publish_artwork(ledger, failing, artwork.id)
    still = ledger.get(artwork.id)
    assert still is not None and still.may_be_gone

    again = publish_artwork(ledger, fast_publisher(make_config(s3_endpoint, bucket)), artwork.id)
    assert again.published_key and not again.may_be_gone
    keys = {o["Key"] for o in admin.list_objects_v2(Bucket=bucket)["Contents"]}
    assert again.published_key in keys


def test_an_unpublish_refused_after_a_cut_one_keeps_saying_it_may_be_gone(
    s3_endpoint: str, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    """An unpublish was cut once R2 had removed the image (may be gone), and the next one
    was refused (here, the keys). Before, that refusal was taken to mean the image is there:
    the artwork was "published" again at a link to nothing. It still may be gone."""
    publisher = fast_publisher(make_config(s3_endpoint, bucket))
    artwork = add_artwork(ledger, small_png)
    publish_artwork(ledger, publisher, artwork.id)
    cut_once_an_image_is_removed(publisher)
    with pytest.raises(PublishCancelledUncleanError):
        unpublish_artwork(ledger, publisher, artwork.id)

    refused = fast_publisher(make_config(s3_endpoint, bucket))

    def refuse(**_: Any) -> None:
        raise ClientError(
            {
                "Error": {"Code": "AccessDenied", "Message": "no"},
                "ResponseMetadata": {"HTTPStatusCode": 403},
            },
            "DeleteObject",
        )

    refused.client.meta.events.register("before-call.s3.DeleteObject", refuse)
    with pytest.raises(PublishAuthError):
        unpublish_artwork(ledger, refused, artwork.id)
    still = ledger.get(artwork.id)
    assert still is not None and still.may_be_gone


def test_a_publish_cut_while_r2_is_silent_ends_without_waiting_to_try_again(
    silent_server: SilentServer, ledger: Ledger, small_png: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app closes (or Ctrl+C) while a request waits on a server that stopped answering,
    and its requests are cut. Before, botocore took the cut connection for a failed try,
    slept its back-off (up to seconds) and only then had its retry refused: the close and
    the Ctrl+C waited that long for nothing. The cut request is not tried again."""
    import botocore.endpoint

    backoffs: list[float] = []
    monkeypatch.setattr(botocore.endpoint, "time", types.SimpleNamespace(sleep=backoffs.append))
    publisher = Publisher(make_config(silent_server.endpoint, "art"), read_timeout=3600.0)
    artwork = add_artwork(ledger, small_png)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        publishing = pool.submit(publish_artwork, ledger, publisher, artwork.id)
        assert silent_server.connected.wait(30), "the publish never reached R2"
        publisher.stop()
        with pytest.raises(PublishCancelledUncleanError):
            publishing.result(timeout=30)
    assert backoffs == []
    assert silent_server.connections == 1


THROTTLED_BODY = (
    b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>TooManyRequests</Code>'
    b"<Message>Reduce your rate of requests</Message></Error>"
)


class _Body:
    """The raw body of a reply made up in a ``before-send`` hook, as botocore reads it."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data


def throttled(request: Any) -> AWSResponse:
    """R2's 429, past its rate limit, in place of an answer from the server."""
    headers = {"Content-Type": "application/xml", "Content-Length": str(len(THROTTLED_BODY))}
    return AWSResponse(request.url, 429, headers, _Body(THROTTLED_BODY))


def answer_lost_then_throttled(publisher: Publisher, stores: bool) -> None:
    """The image's first try reaches the server (when ``stores``; else it is lost on the
    way) and its answer is lost: the try times out. Every retry of it is turned away with a
    429."""
    tries: list[str] = []

    def lost_then_throttled(request: Any, **_: Any) -> AWSResponse:
        tries.append(request.url)
        if len(tries) > 1:
            return throttled(request)
        if stores:
            body = request.body.read() if hasattr(request.body, "read") else request.body
            headers = {name: str(value) for name, value in request.headers.items()}
            httpx.put(request.url, headers=headers, content=body).raise_for_status()
        raise ReadTimeoutError(endpoint_url=request.url)

    publisher.transfer_client.meta.events.register("before-send.s3.PutObject", lost_then_throttled)


def looks_throttled_once_the_image_went(publisher: Publisher) -> None:
    """Every look for an object (a HEAD) once the image's upload began is turned away with
    a 429."""
    puts: list[str] = []

    def throttled_once_the_image_went(request: Any, **_: Any) -> AWSResponse | None:
        return throttled(request) if puts else None

    register(publisher, "before-send.s3.PutObject", lambda request, **_: puts.append(request.url))
    publisher.client.meta.events.register(
        "before-send.s3.HeadObject", throttled_once_the_image_went
    )


def retrying_publisher(s3_endpoint: str, bucket: str) -> Publisher:
    """A publisher whose image is tried twice (the app's tries it four times, with pauses
    between the tries that would only lengthen the test)."""
    return Publisher(
        make_config(s3_endpoint, bucket), connect_timeout=1.0, max_attempts=1, transfer_retries=1
    )


def test_an_image_stored_by_a_try_whose_answer_was_lost_is_recorded_as_published(
    s3_endpoint: str, admin: Any, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    """The first try stored the image and timed out, the retry was refused (a 429). Before,
    the refusal was taken to mean nothing was stored: the artwork was "not published" while
    its image was public in the bucket, with no record of it to unpublish it by. The image,
    found complete, is recorded as published: what the artist asked for."""
    publisher = retrying_publisher(s3_endpoint, bucket)
    answer_lost_then_throttled(publisher, stores=True)
    artwork = add_artwork(ledger, small_png)
    key = f"artworks/{sha256_of(small_png)}.png"

    published = publish_artwork(ledger, publisher, artwork.id)

    assert (published.published_key, published.retired_key) == (key, "")
    assert ledger.get(artwork.id) == published
    assert set(objects_of(admin, bucket)) == {key, key[:-4] + ".json"}
    unpublish_artwork(ledger, publisher, artwork.id)
    assert_bucket_empty(admin, bucket)


def test_an_image_no_try_stored_before_a_429_leaves_nothing_to_remove(
    s3_endpoint: str, admin: Any, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    """The same, the first try lost before it reached the server: the bucket is looked in,
    and the publish fails with R2's refusal, nothing said to be left there."""
    publisher = retrying_publisher(s3_endpoint, bucket)
    answer_lost_then_throttled(publisher, stores=False)
    artwork = add_artwork(ledger, small_png)

    with pytest.raises(PublishServiceError, match="slow down"):
        publish_artwork(ledger, publisher, artwork.id)

    assert ledger.get(artwork.id) == artwork
    assert_bucket_empty(admin, bucket)


def test_an_image_a_lost_answer_may_have_stored_stays_noted_when_the_bucket_cannot_tell(
    s3_endpoint: str, admin: Any, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    """The same, the look for the image refused too: the publish fails, and the record keeps
    the key of the image that may be in the bucket (the window says so, and offers to remove
    it; the next Unpublish removes it)."""
    publisher = retrying_publisher(s3_endpoint, bucket)
    answer_lost_then_throttled(publisher, stores=True)
    looks_throttled_once_the_image_went(publisher)
    artwork = add_artwork(ledger, small_png)
    key = f"artworks/{sha256_of(small_png)}.png"

    with pytest.raises(PublishServiceError, match="slow down"):
        publish_artwork(ledger, publisher, artwork.id)

    assert_still_unpublished(ledger, artwork)
    left = ledger.get(artwork.id)
    assert left is not None and left.retired_key == key
    assert object_exists(admin, bucket, key)


def test_an_image_r2_throttled_on_every_try_is_not_said_to_be_left_in_the_bucket(
    s3_endpoint: str, admin: Any, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    """Every try of the image turned away with a 429, and the look for it too (a bucket
    throttling everything): no try reached R2's storage, yet the publish took the refusal
    of a retry for one that may follow a try that stored the image, and the record kept
    its key: the window said a copy may be in the bucket, and offered to remove it. R2's
    refusal is said, and nothing is left to remove (no look is sent)."""
    publisher = retrying_publisher(s3_endpoint, bucket)
    publisher.transfer_client.meta.events.register(
        "before-send.s3.PutObject", lambda request, **_: throttled(request)
    )
    looks = count_calls(publisher, "HeadObject")
    looks_throttled_once_the_image_went(publisher)
    artwork = add_artwork(ledger, small_png)

    with pytest.raises(PublishServiceError, match="slow down"):
        publish_artwork(ledger, publisher, artwork.id)

    assert ledger.get(artwork.id) == artwork
    assert len(looks) == 1, "the look before the upload, none after it"
    assert_bucket_empty(admin, bucket)


def test_an_image_a_twin_published_is_not_taken_for_one_a_refused_upload_stored(
    s3_endpoint: str, admin: Any, bucket: str, ledger: Ledger, big_png: Path, tmp_path: Path
) -> None:
    """An artwork whose bytes another artwork has published: its upload (in parts) began
    as the look for the image went, and R2 refused the start of it on a retry (a timeout,
    then a 429), before a byte was sent. The image found in the bucket is the twin's, not
    one a lost answer stored: taken for this publish's, the publish expected its key noted
    as sent, and failed saying the artwork "changed meanwhile". R2's refusal is said, and
    the twin's image stays."""
    twin = add_artwork(ledger, big_png)
    copy = tmp_path / "copy.png"
    shutil.copyfile(big_png, copy)
    publish_artwork(ledger, Publisher(make_config(s3_endpoint, bucket)), twin.id)
    artwork = add_artwork(ledger, copy)
    publisher = retrying_publisher(s3_endpoint, bucket)
    tries: list[str] = []

    def lost_then_throttled(request: Any, **_: Any) -> AWSResponse:
        tries.append(request.url)
        if len(tries) > 1:
            return throttled(request)
        raise ReadTimeoutError(endpoint_url=request.url)

    publisher.transfer_client.meta.events.register(
        "before-send.s3.CreateMultipartUpload", lost_then_throttled
    )

    with pytest.raises(PublishServiceError, match="slow down"):
        publish_artwork(ledger, publisher, artwork.id)

    assert ledger.get(artwork.id) == artwork
    key = f"artworks/{sha256_of(big_png)}.png"
    assert object_exists(admin, bucket, key)


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (ConnectTimeoutError(endpoint_url="http://x"), "connecting timed out"),
        (ReadTimeoutError(endpoint_url="http://x"), "the answer timed out"),
        (ConnectionClosedError(endpoint_url="http://x"), "the server cut the connection"),
    ],
)
def test_a_network_failure_is_told_in_words(error: Exception, words: str) -> None:
    mapped = map_error(error, config=make_config("http://127.0.0.1:9", "art"))
    assert isinstance(mapped, PublishNetworkError)
    assert mapped.message == f"cannot reach 127.0.0.1:9 ({words})"


class FaultyServer:
    """An endpoint that answers every request the same wrong way: ``drop`` hangs up without
    a word, ``500`` is a server error page, ``portal`` a captive portal's 200 page where
    R2's XML should be, ``headers`` a 200 whose headers are garbled."""

    def __init__(self, fault: str) -> None:
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_: Any) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                if fault == "drop":
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                page = b"<html><body>Sign in to the hotel network</body></html>"
                self.send_response(500 if fault == "500" else 200)
                self.send_header("Content-Type", "text/html")
                if fault == "headers":
                    self.send_header("Last-Modified", "yesterday, more or less")
                    page = b""
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(page)

            do_GET = do_PUT = do_HEAD = do_POST = do_DELETE = _any

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.endpoint = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


CLASS_NAME = re.compile(r"\w*(?:Error|Exception)\b|\b[A-Z][a-z]+[A-Z]\w*")


@pytest.mark.parametrize(
    ("fault", "image", "kind"),
    [
        ("closed", "small", PublishNetworkError),
        ("drop", "small", PublishNetworkError),
        ("500", "small", PublishServiceError),
        ("portal", "big", PublishServiceError),  # a multipart upload's start has no UploadId
        ("headers", "small", PublishServiceError),
    ],
)
def test_what_goes_wrong_on_the_way_is_said_without_a_class_name(
    ledger: Ledger,
    small_png: Path,
    big_png: Path,
    fault: str,
    image: str,
    kind: type[PublishError],
) -> None:
    """Before, a captive portal's page or a garbled header was said as "publishing failed
    (KeyError)" or "(ValueError)", and an unreadable answer as "(ResponseParserError)"."""
    server = None if fault == "closed" else FaultyServer(fault)
    endpoint = server.endpoint if server else f"http://127.0.0.1:{free_port()}"
    try:
        publisher = fast_publisher(make_config(endpoint, "art"))
        artwork = add_artwork(ledger, small_png if image == "small" else big_png)
        with pytest.raises(PublishError) as caught:
            publish_artwork(ledger, publisher, artwork.id)
    finally:
        if server is not None:
            server.close()
    assert type(caught.value) is kind
    words = explain(caught.value)
    assert not CLASS_NAME.search(words.message + " " + words.hint), words
    assert_still_unpublished(ledger, artwork)


def test_an_answer_botocore_cannot_parse_is_said_in_words() -> None:
    error = ResponseParserError("Unable to parse response (syntax error), invalid XML")
    mapped = map_error(error, config=make_config("http://127.0.0.1:9", "art"))
    assert mapped.message == (
        "127.0.0.1:9 sent an answer that R2 does not send (is a proxy or a sign-in page in "
        "the way?)"
    )


def test_an_answer_r2_does_not_send_is_told_as_a_cause_whose_sentence_ends() -> None:
    """Its words end in a question in brackets, "(is a proxy or a sign-in page in the
    way?)", which was taken for the end of a sentence: no "Cause:", no full stop after the
    bracket (in Chinese the hint ran on after "…拦截？）"), and a cancel whose clean-up met it
    began a sentence in lower case, "Publishing failed. a partial upload may be left…"."""
    unreadable = map_error(
        ResponseParserError("Unable to parse response (syntax error), invalid XML"),
        config=make_config("http://127.0.0.1:9", "art"),
    )
    left = PublishError.worded(
        "a partial upload may be left in the bucket ({reason})", reason=Reason(unreadable)
    )
    said = (
        "127.0.0.1:9 sent an answer that R2 does not send (is a proxy or a sign-in page in "
        "the way?)"
    )
    assert explain(unreadable).message == f"Publishing failed. Cause: {said}."
    assert explain(left).message == (
        f"Publishing failed. Cause: a partial upload may be left in the bucket ({said})."
    )
    table = chinese_errors()
    i18n.install(lambda context, text: table.get(text, "") if context == "Errors" else "")
    try:
        shown = explain(unreadable).message
    finally:
        i18n.install(None)
    assert shown.endswith("（是否被代理或登录页面拦截？）。"), shown
    assert "。原因：127.0.0.1:9 " in shown, shown


def test_wrong_credentials_are_an_auth_error(
    publisher: Publisher, bucket: str, small_png: Path
) -> None:
    """moto accepts any key by default; its IAM simulation rejects an unknown one."""
    with enable_iam_authentication():
        with pytest.raises(PublishAuthError) as caught:
            publisher.test_connection()
        with pytest.raises(PublishAuthError):
            publisher.publish(small_png, artwork=meta_for(small_png))
    assert SECRET_KEY not in caught.value.message
    assert ACCESS_KEY not in caught.value.message
    # In words: before, the artist read "(R2 refused the credentials for bucket 'art' (403))".
    assert explain(caught.value).message == (
        f"R2 rejected the access keys. Cause: they do not give access to bucket '{bucket}'."
    )


class ClockCheckingProxy:
    """R2's check of the time a request was signed, in front of moto (which makes none): a
    request whose ``X-Amz-Date`` is more than 15 minutes from this server's clock (the
    computer's clock plus ``server_ahead_s``) is refused as S3 refuses it (403, the error
    body ``body`` makes; a HEAD with no body), with the server's time in ``Date``; any
    other is passed on to moto."""

    def __init__(
        self, target: str, server_ahead_s: float, body: Callable[[datetime, datetime], str]
    ) -> None:
        proxy = self
        self.target = target.removeprefix("http://")
        self.server_ahead_s = server_ahead_s
        self.body = body
        self.refused: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_: Any) -> None:
                pass

            def _any(self) -> None:
                proxy.answer(self)

            do_GET = do_PUT = do_HEAD = do_POST = do_DELETE = _any

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.endpoint = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def answer(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        now = datetime.now(UTC) + timedelta(seconds=self.server_ahead_s)
        signed = datetime.strptime(handler.headers["X-Amz-Date"], "%Y%m%dT%H%M%SZ")
        signed = signed.replace(tzinfo=UTC)
        if abs((signed - now).total_seconds()) <= 15 * 60:
            self._forward(handler, body)
            return
        self.refused.append(handler.command)
        text = b"" if handler.command == "HEAD" else self.body(signed, now).encode()
        handler.send_response_only(403)
        handler.send_header("Date", format_datetime(now, usegmt=True))
        handler.send_header("Content-Type", "application/xml")
        handler.send_header("Content-Length", str(len(text)))
        handler.end_headers()
        handler.wfile.write(text)

    def _forward(self, handler: http.server.BaseHTTPRequestHandler, body: bytes) -> None:
        upstream = http.client.HTTPConnection(self.target, timeout=10)
        upstream.request(handler.command, handler.path, body, dict(handler.headers.items()))
        reply = upstream.getresponse()
        data = reply.read()
        handler.send_response_only(reply.status)
        for name, value in reply.getheaders():
            if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(data)
        upstream.close()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def s3_too_skewed(signed: datetime, now: datetime) -> str:
    """S3's answer, as it sends it."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>RequestTimeTooSkewed</Code>'
        "<Message>The difference between the request time and the current time is too "
        f"large.</Message><RequestTime>{signed:%Y%m%dT%H%M%SZ}</RequestTime>"
        f"<ServerTime>{now:%Y-%m-%dT%H:%M:%SZ}</ServerTime>"
        "<MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds>"
        "<RequestId>4442587FB7D0A2F9</RequestId></Error>"
    )


def r2_signature_expired(signed: datetime, now: datetime) -> str:
    """A refusal that says the time only in its message, under an auth code."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code>'
        f"<Message>Signature expired: {signed:%Y%m%dT%H%M%SZ} is now earlier than "
        f"{now:%Y%m%dT%H%M%SZ} (15 min.)</Message></Error>"
    )


def r2_access_denied(signed: datetime, now: datetime) -> str:
    """A refusal that says nothing of the time: only the server's Date tells."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>'
        "<Message>Access Denied</Message></Error>"
    )


@pytest.mark.parametrize(
    ("server_ahead_s", "body", "detail"),
    [
        (2 * 3600, s3_too_skewed, "about 2 h behind"),
        (-3 * 86_400, r2_signature_expired, "about 3 days ahead"),
        (40 * 60, r2_access_denied, "about 40 min behind"),
    ],
)
def test_a_wrong_clock_is_said_to_be_the_clock_not_the_keys(
    s3_endpoint: str,
    admin: Any,
    bucket: str,
    ledger: Ledger,
    small_png: Path,
    server_ahead_s: float,
    body: Callable[[datetime, datetime], str],
    detail: str,
) -> None:
    """Before, a computer whose clock was off read "R2 rejected the access keys. Check the
    access key ID and secret.", and the keys were fine."""
    proxy = ClockCheckingProxy(s3_endpoint, server_ahead_s, body)
    try:
        publisher = fast_publisher(make_config(proxy.endpoint, bucket))
        artwork = add_artwork(ledger, small_png)
        with pytest.raises(PublishClockError) as publishing:
            publish_artwork(ledger, publisher, artwork.id)
        with pytest.raises(PublishClockError) as testing:
            publisher.test_connection()
        admin.put_object(Bucket=bucket, Key="artworks/old.png", Body=b"x")
        with pytest.raises(PublishClockError) as removing:
            publisher.unpublish("artworks/old.png")  # a DELETE: refused with the body
        assert "DELETE" in proxy.refused
    finally:
        proxy.close()
    assert ledger.get(artwork.id) == artwork
    for caught in (publishing, testing, removing):
        words = explain(caught.value)
        assert words.message == (
            f"R2 refused the request because this computer's clock is off. Cause: {detail}."
        )
        assert "clock" in words.hint
        assert "key" not in words.message + words.hint


def test_vanished_file_is_named(
    publisher: Publisher, admin: Any, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    artwork = add_artwork(ledger, small_png)
    meta = meta_for(small_png)
    small_png.unlink()
    with pytest.raises(ImageMissingError, match=r"small\.png"):
        publisher.publish(small_png, artwork=meta)
    with pytest.raises(ImageMissingError, match=r"small\.png"):
        publish_artwork(ledger, publisher, artwork.id)
    assert ledger.get(artwork.id) == artwork
    assert_bucket_empty(admin, bucket)


def test_a_library_file_deleted_after_publish_began_is_said_missing_from_the_library_folder(
    publisher: Publisher, admin: Any, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    """The file is there when Publish is chosen and the publish starts, and is deleted
    outside the app before its bytes are sent. Before, the words named a file that "cannot
    be read" and said to check the file's name, of a file the library named; the artist is
    told where it belongs and what brings it back, nothing of the R2 settings."""
    artwork = add_artwork(ledger, small_png)

    def deleted_meanwhile(**_: Any) -> None:
        small_png.unlink(missing_ok=True)

    register(publisher, "before-call.s3.HeadObject", deleted_meanwhile)
    with pytest.raises(ImageMissingError) as missing:
        publish_artwork(ledger, publisher, artwork.id)

    words = explain(missing.value)
    assert words.message == (
        f"The image file is missing. Cause: small.png is no longer in the library folder "
        f"{small_png.parent}."
    )
    assert words.hint == (
        "If it was moved or deleted outside Kontext Studio, put it back in that folder under "
        "the same name, then publish it again."
    )
    assert "R2" not in words.message + words.hint
    assert_still_unpublished(ledger, artwork)
    assert_bucket_empty(admin, bucket)


def test_a_note_of_the_trash_left_with_the_image_there_goes_with_a_publish(
    publisher: Publisher, ledger: Ledger, small_png: Path, tmp_path: Path
) -> None:
    """A Delete noted in the row that it moves the image to the Trash, and the app stopped
    before the image went (or the artist put it back from the Trash by hand). The publish
    went through, the note stayed: once the file went again (moved away outside the app),
    Publish said a Delete had put it in the Trash."""
    (artwork,) = import_artworks(ledger, [small_png], library_dir=tmp_path / "library")
    assert isinstance(artwork, Snapshot)
    ledger.note(artwork.id, trashed_at=time.time() - 3600)

    published = publish_artwork(ledger, publisher, artwork.id)
    assert published.published_key and published.trashed_at is None
    assert ledger.get(artwork.id).trashed_at is None  # type: ignore[union-attr]

    Path(artwork.file_path).unlink()  # moved away outside the app since
    with pytest.raises(ImageMissingError) as missing:
        publish_artwork(ledger, publisher, artwork.id)
    words = explain(missing.value)
    assert "Trash" not in words.message + words.hint


def test_an_image_a_failed_delete_trashed_then_imported_again_is_not_said_to_be_in_the_trash(
    publisher: Publisher, ledger: Ledger, small_png: Path, tmp_path: Path
) -> None:
    """A Delete moved the image to the Trash and could not remove the artwork; importing
    the file again put its image back. Its file then moved away outside the app: the
    publish said the image was in the Trash, where a Delete had put it, of a file that
    Delete no longer had anything to do with."""
    library = tmp_path / "library"
    (artwork,) = import_artworks(ledger, [small_png], library_dir=library)
    assert isinstance(artwork, Snapshot)
    ledger.note(artwork.id, trashed_at=time.time())
    Path(artwork.file_path).unlink()  # in the Trash, the artwork kept
    (back,) = import_artworks(ledger, [small_png], library_dir=library)
    assert isinstance(back, Snapshot) and back.id == artwork.id
    Path(back.file_path).unlink()  # moved away outside the app since

    with pytest.raises(ImageMissingError) as missing:
        publish_artwork(ledger, publisher, artwork.id)

    words = explain(missing.value)
    assert "Trash" not in words.message + words.hint
    assert words.hint == (
        "If it was moved or deleted outside Kontext Studio, put it back in that folder under "
        "the same name, then publish it again."
    )


def test_a_publish_the_library_could_not_record_leaves_nothing_public(
    publisher: Publisher, admin: Any, bucket: str, ledger: Ledger, small_png: Path, tmp_path: Path
) -> None:
    """The image and its manifest are up, then the library cannot be written (another
    program holds it locked, a full disk). Before, both stayed public while the artist read
    that the publish failed: the library said the artwork was not published, a platform
    reading the bucket's manifests showed it, and it had no Unpublish to take it down."""
    artwork = add_artwork(ledger, small_png)
    ledger._db.execute_sql("PRAGMA busy_timeout = 0")  # not SQLite's 5 s wait for the lock
    other_program = sqlite3.connect(tmp_path / "library.sqlite3", isolation_level=None)
    try:
        other_program.execute("BEGIN IMMEDIATE")  # holds the library's write lock
        with pytest.raises(LibraryBusyError):
            publish_artwork(ledger, publisher, artwork.id)
    finally:
        other_program.close()

    assert ledger.get(artwork.id) == artwork
    assert_bucket_empty(admin, bucket)


def test_unfinished_artwork_is_refused(publisher: Publisher, ledger: Ledger) -> None:
    artwork = ledger.create_upload(file_path="", sha256="")
    with pytest.raises(InputError, match="no image file"):
        publish_artwork(ledger, publisher, artwork.id)
    with pytest.raises(PublishError, match="not in the library"):
        publish_artwork(ledger, publisher, 999)


def test_connection_reports_the_bucket(publisher: Publisher, bucket: str) -> None:
    assert publisher.test_connection().startswith(f"Connected to bucket {bucket}")


@pytest.mark.parametrize("bucket_field", ["same", "empty"])
def test_the_dashboard_s_s3_api_address_with_the_bucket_in_it_reaches_that_bucket(
    s3_endpoint: str, bucket: str, admin: Any, small_png: Path, bucket_field: str
) -> None:
    """Cloudflare's dashboard shows a bucket's "S3 API" address as
    ``https://<account>.r2.cloudflarestorage.com/<bucket>``. Pasted as the endpoint, it said
    "bucket '…' does not exist" of the bucket it names (requests went to /<bucket>/<bucket>),
    and with the Bucket field left empty, that no bucket was given."""
    config = make_config(f"{s3_endpoint}/{bucket}/", bucket if bucket_field == "same" else "")
    publisher = fast_publisher(config)
    assert publisher.test_connection().startswith(f"Connected to bucket {bucket}")
    result = publisher.publish(small_png, artwork=meta_for(small_png))
    listed = admin.list_objects_v2(Bucket=bucket)["Contents"]
    assert sorted(item["Key"] for item in listed) == sorted([result.key, result.manifest_key])
    assert result.key.startswith("artworks/")


# After the settings name another bucket --------------------------------------------------


@pytest.fixture
def new_bucket(admin: Any) -> str:
    """The bucket the artist switches the settings to."""
    name = f"new-art-{os.urandom(4).hex()}"
    admin.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "auto"})
    return name


def test_unpublishing_after_the_settings_name_another_bucket_is_refused_until_switched_back(
    s3_endpoint: str,
    publisher: Publisher,
    admin: Any,
    bucket: str,
    new_bucket: str,
    ledger: Ledger,
    small_png: Path,
) -> None:
    """Before, Unpublish deleted the key in the bucket the settings named now (S3 deletes a
    missing key without a word), cleared the record and said "unpublished": the artwork
    stayed public in the old bucket, with no record left to find it by."""
    artwork = add_artwork(ledger, small_png)
    published = publish_artwork(ledger, publisher, artwork.id)
    host = s3_endpoint.removeprefix("http://")
    assert (published.published_bucket, published.published_host) == (bucket, host)
    there = set(objects_of(admin, bucket))
    switched = fast_publisher(make_config(s3_endpoint, new_bucket))

    with pytest.raises(PublishedElsewhereError) as refused:
        unpublish_artwork(ledger, switched, artwork.id)
    words = explain(refused.value)
    assert words.message == (
        f"Artwork {artwork.id} is published in the bucket '{bucket}', but the R2 settings now "
        f"name the bucket '{new_bucket}'."
    )
    assert words.hint.startswith("Switch the R2 settings back to that bucket to unpublish it")
    assert f"`kontext-studio unpublish {artwork.id} --forget`" in words.hint
    assert ledger.get(artwork.id) == published
    assert (
        set(objects_of(admin, bucket))
        == there
        == {
            published.published_key,
            published.published_key[:-4] + ".json",
        }
    )

    cleared = unpublish_artwork(ledger, publisher, artwork.id)  # switched back
    assert_bucket_empty(admin, bucket)
    assert (cleared.published_key, cleared.published_bucket, cleared.published_host) == (
        "",
        "",
        "",
    )


def test_republishing_after_the_settings_name_another_bucket_leaves_no_copy_unrecorded(
    s3_endpoint: str,
    publisher: Publisher,
    admin: Any,
    bucket: str,
    new_bucket: str,
    ledger: Ledger,
    small_png: Path,
) -> None:
    """Before, the publish in the new bucket recorded it there and forgot the copy in the
    old one, public for ever; an edited file's old version was deleted in the new bucket,
    where it never was. Refused, until it is unpublished there (or forgotten)."""
    artwork = add_artwork(ledger, small_png)
    published = publish_artwork(ledger, publisher, artwork.id)
    noise_image(small_png, (64, 48), seed=9)  # edited outside the app
    switched = fast_publisher(make_config(s3_endpoint, new_bucket))

    with pytest.raises(PublishedElsewhereError) as refused:
        publish_artwork(ledger, switched, artwork.id)
    assert explain(refused.value).hint.startswith(
        "To publish it in the new bucket, switch the R2 settings back and unpublish it there first"
    )
    assert ledger.get(artwork.id) == published
    assert objects_of(admin, new_bucket) == []
    assert object_exists(admin, bucket, published.published_key)

    unpublish_artwork(ledger, publisher, artwork.id)
    moved = publish_artwork(ledger, switched, artwork.id)
    assert_bucket_empty(admin, bucket)
    assert set(objects_of(admin, new_bucket)) == {
        moved.published_key,
        moved.published_key[:-4] + ".json",
    }
    assert moved.published_bucket == new_bucket


def test_a_forgotten_publication_removes_nothing_and_can_be_published_anew(
    s3_endpoint: str,
    publisher: Publisher,
    admin: Any,
    bucket: str,
    new_bucket: str,
    ledger: Ledger,
    small_png: Path,
) -> None:
    """For an old bucket that can no longer be reached: the record is cleared, the copy
    there left as it is, and the artwork publishes in the bucket the settings name."""
    artwork = add_artwork(ledger, small_png)
    published = publish_artwork(ledger, publisher, artwork.id)
    forgotten = forget_publication(ledger, artwork.id)
    assert forgotten == published
    assert object_exists(admin, bucket, published.published_key)
    cleared = ledger.get(artwork.id)
    assert cleared is not None
    assert (cleared.published_key, cleared.published_at, cleared.published_bucket) == ("", None, "")

    switched = fast_publisher(make_config(s3_endpoint, new_bucket))
    assert publish_artwork(ledger, switched, artwork.id).published_bucket == new_bucket


def test_another_endpoint_with_a_bucket_of_the_same_name_is_another_bucket(
    s3_endpoint: str,
    publisher: Publisher,
    admin: Any,
    bucket: str,
    ledger: Ledger,
    small_png: Path,
) -> None:
    """Another account (or a jurisdiction's endpoint) may have a bucket of the same name:
    the refusal names both hosts. (Here both names reach the same test server.)"""
    artwork = add_artwork(ledger, small_png)
    publish_artwork(ledger, publisher, artwork.id)
    old_host = s3_endpoint.removeprefix("http://")
    new_host = old_host.replace("127.0.0.1", "localhost")
    switched = fast_publisher(make_config(f"http://{new_host}", bucket))

    with pytest.raises(PublishedElsewhereError) as refused:
        unpublish_artwork(ledger, switched, artwork.id)
    assert explain(refused.value).message == (
        f"Artwork {artwork.id} is published in the bucket '{bucket}' at {old_host}, but the R2 "
        f"settings now name the bucket '{bucket}' at {new_host}."
    )
    assert len(objects_of(admin, bucket)) == 2
    same = fast_publisher(make_config(f"http://{old_host.upper()}", bucket))
    unpublish_artwork(ledger, same, artwork.id)  # a host's case names the same one
    assert_bucket_empty(admin, bucket)


def test_an_endpoint_written_with_its_default_port_is_the_same_endpoint(
    ledger: Ledger, small_png: Path
) -> None:
    """An endpoint typed once as ``https://ACCT.r2.cloudflarestorage.com:443`` and once
    without the port is one server. Before, its records kept "…:443": the same bucket was
    taken for another (Unpublish refused, "published in the bucket 'art' at
    ACCT.r2.cloudflarestorage.com:443, but the R2 settings now name the bucket 'art' at
    acct.r2.cloudflarestorage.com"), and a twin published there owned nothing, so
    unpublishing one took down the image the other is published with."""
    plain = "acct.r2.cloudflarestorage.com"
    typed = R2Settings(endpoint="https://ACCT.r2.cloudflarestorage.com:443", bucket="art")
    config = R2Config.from_settings(replace(typed, access_key_id=ACCESS_KEY), SECRET_KEY)
    assert config.host == plain
    assert settings_location(typed) == ("art", plain)

    key = "artworks/abc.png"
    first = add_artwork(ledger, small_png, title="first")
    second = twin(ledger, small_png, "second")
    for artwork, host in ((first, "ACCT.r2.cloudflarestorage.com:443"), (second, plain)):
        ledger.update(artwork.id, published_key=key, published_bucket="art", published_host=host)
    recorded = ledger.get(first.id)
    assert recorded is not None and recorded_in(recorded, "art", plain)
    owner = ledger.published_under(
        key, other_than=second.id, bucket="art", hosts=host_spellings(plain)
    )
    assert owner is not None and owner.id == first.id
    assert not recorded_in(recorded, "art", f"{plain}:8443")
    assert (
        ledger.published_under(
            key, other_than=second.id, bucket="art", hosts=host_spellings(f"{plain}:8443")
        )
        is None
    )


def test_a_publish_recorded_before_buckets_were_kept_is_taken_to_be_in_the_settings_bucket(
    publisher: Publisher, admin: Any, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    artwork = add_artwork(ledger, small_png)
    publish_artwork(ledger, publisher, artwork.id)
    ledger.update(artwork.id, published_bucket="", published_host="")  # as migrated
    assert unpublish_artwork(ledger, publisher, artwork.id).published_key == ""
    assert_bucket_empty(admin, bucket)


def test_a_twin_published_in_another_bucket_owns_nothing_in_this_one(
    s3_endpoint: str,
    publisher: Publisher,
    admin: Any,
    bucket: str,
    new_bucket: str,
    ledger: Ledger,
    small_png: Path,
) -> None:
    """Identical bytes share a key. Before, an artwork whose twin was recorded under that key
    in the other bucket was taken to share the image: unpublishing it left it public (its
    manifest written for the twin), with no record of it in this bucket."""
    first = add_artwork(ledger, small_png, title="first")
    second = twin(ledger, small_png, "second")
    key = publish_artwork(ledger, publisher, first.id).published_key
    switched = fast_publisher(make_config(s3_endpoint, new_bucket))
    assert publish_artwork(ledger, switched, second.id).published_key == key

    unpublish_artwork(ledger, switched, second.id)
    assert_bucket_empty(admin, new_bucket)
    assert manifest_id(admin, bucket, key) == first.id

    publish_artwork(ledger, switched, second.id)
    unpublish_artwork(ledger, publisher, first.id)  # the settings switched back
    assert_bucket_empty(admin, bucket)
    assert manifest_id(admin, new_bucket, key) == second.id


def test_a_presigned_link_is_not_made_in_a_bucket_the_artwork_is_not_in(
    s3_endpoint: str,
    publisher: Publisher,
    public_publisher: Publisher,
    new_bucket: str,
    ledger: Ledger,
    small_png: Path,
    tmp_path: Path,
) -> None:
    """Copy link made a link to the bucket the settings name, where the artwork is not: it
    answered 404. A stored public link leads to the bucket it is in, and stays."""
    presigned = add_artwork(ledger, small_png)
    publish_artwork(ledger, publisher, presigned.id)
    public = add_artwork(ledger, noise_image(tmp_path / "public.png", (64, 48), seed=4))
    url = publish_artwork(ledger, public_publisher, public.id).published_url
    switched = fast_publisher(make_config(s3_endpoint, new_bucket))

    with pytest.raises(PublishedElsewhereError) as refused:
        artwork_url(switched, ledger.get(presigned.id))  # type: ignore[arg-type]
    assert (
        explain(refused.value).hint == "Switch the R2 settings back to that bucket to get its link."
    )
    assert artwork_url(switched, ledger.get(public.id)) == url  # type: ignore[arg-type]


# Unpublish and import ---------------------------------------------------------------------


def test_unpublish_removes_both_objects_and_clears_the_ledger(
    public_publisher: Publisher, admin: Any, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    artwork = add_artwork(ledger, small_png)
    published = publish_artwork(ledger, public_publisher, artwork.id)
    key = published.published_key
    manifest_key = key[:-4] + ".json"
    assert object_exists(admin, bucket, key)
    assert object_exists(admin, bucket, manifest_key)

    cleared = unpublish_artwork(ledger, public_publisher, artwork.id)
    assert (cleared.published_key, cleared.published_url, cleared.published_at) == ("", "", None)
    assert not object_exists(admin, bucket, key)
    assert not object_exists(admin, bucket, manifest_key)
    public_publisher.unpublish(key)  # idempotent
    assert unpublish_artwork(ledger, public_publisher, artwork.id).published_key == ""
    with pytest.raises(PublishError, match="not published"):
        artwork_url(public_publisher, cleared)


def test_an_unpublish_while_a_command_publishes_an_edit_leaves_nothing_public_unrecorded(
    s3_endpoint: str,
    publisher: Publisher,
    admin: Any,
    bucket: str,
    ledger: Ledger,
    small_png: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The window unpublishes an artwork while a command publishes its edited file: the
    command recorded the new version (and removed the old one) while the window removed
    the old one. The window then cleared the record without looking: the new version
    stayed public, named by no record. The unpublish now goes on to the version recorded
    meanwhile, as it would had the command's publish ended first."""
    artwork = add_artwork(ledger, small_png)
    first = publish_artwork(ledger, publisher, artwork.id)
    noise_image(small_png, (64, 48), seed=9)  # edited outside the app
    command = fast_publisher(make_config(s3_endpoint, bucket))
    published: list[Snapshot] = []

    def a_command_publishes_it(params: dict[str, Any], **_: Any) -> None:
        if params["url_path"].endswith(first.published_key) and not published:
            published.append(publish_artwork(ledger, command, artwork.id))

    register(publisher, "before-call.s3.DeleteObject", a_command_publishes_it)
    with caplog.at_level("INFO", logger="kontext_studio.publish"):
        cleared = unpublish_artwork(ledger, publisher, artwork.id)

    assert published[0].published_key not in ("", first.published_key)
    assert (cleared.published_key, cleared.retired_key) == ("", "")
    assert_bucket_empty(admin, bucket)
    assert "unpublish_again_published" in events_of(caplog)


def test_an_unpublish_while_a_command_publishes_the_same_bytes_leaves_nothing_public(
    s3_endpoint: str,
    publisher: Publisher,
    admin: Any,
    bucket: str,
    ledger: Ledger,
    small_png: Path,
) -> None:
    """As above, the command publishing the same bytes again (a new title) once the window
    had removed the image and its manifest: it sent both again under the same key and
    recorded it, and the window's unpublish cleared that record."""
    artwork = add_artwork(ledger, small_png)
    key = publish_artwork(ledger, publisher, artwork.id).published_key
    ledger.update(artwork.id, title="Harbour, retitled")
    command = fast_publisher(make_config(s3_endpoint, bucket))
    published: list[Snapshot] = []
    deleting: list[str] = []

    def deleting_one(params: dict[str, Any], **_: Any) -> None:
        deleting.append(params["url_path"])

    def a_command_publishes_it(**_: Any) -> None:
        if deleting[-1].endswith(".json") and not published:  # both are gone
            published.append(publish_artwork(ledger, command, artwork.id))

    register(publisher, "before-call.s3.DeleteObject", deleting_one)
    register(publisher, "after-call.s3.DeleteObject", a_command_publishes_it)
    cleared = unpublish_artwork(ledger, publisher, artwork.id)

    assert published[0].published_key == key
    assert (cleared.published_key, cleared.retired_key) == ("", "")
    assert_bucket_empty(admin, bucket)


def test_removing_what_a_publish_killed_mid_upload_left_leaves_no_parts_behind(
    s3_endpoint: str,
    publisher: Publisher,
    admin: Any,
    bucket: str,
    ledger: Ledger,
    small_png: Path,
) -> None:
    """A first publish of a large image killed while its parts went up (a crash, a power
    cut) leaves its key noted and an unfinished multipart upload, which R2 keeps and bills
    for days. Remove from bucket (or unpublish) removed the image and its manifest, not
    the parts, and said nothing was left."""
    artwork = add_artwork(ledger, small_png)
    key = f"artworks/{sha256_of(small_png)}.png"
    upload = admin.create_multipart_upload(Bucket=bucket, Key=key, ContentType="image/png")
    admin.upload_part(
        Bucket=bucket, Key=key, UploadId=upload["UploadId"], PartNumber=1, Body=b"\0" * 1024
    )
    host = s3_endpoint.removeprefix("http://")
    ledger.note(artwork.id, retired_key=key, published_bucket=bucket, published_host=host)

    cleared = unpublish_artwork(ledger, publisher, artwork.id)
    assert (cleared.published_key, cleared.retired_key) == ("", "")
    assert_bucket_empty(admin, bucket)


def test_import_keeps_going_past_a_bad_file(ledger: Ledger, tmp_path: Path) -> None:
    sources = tmp_path / "incoming"
    sources.mkdir()
    good_png = noise_image(sources / "harbour.png", (32, 24), seed=1)
    bad = sources / "notes.png"
    bad.write_text("not an image", encoding="utf-8")
    duplicate = sources / "harbour-copy.png"
    duplicate.write_bytes(good_png.read_bytes())
    good_jpeg = noise_image(sources / "hills.jpeg", (32, 24), "JPEG", seed=2)
    library = tmp_path / "library"

    results = import_artworks(
        ledger,
        [good_png, bad, duplicate, good_jpeg, sources / "gone.png"],
        library_dir=library,
        tags=" sea,, dusk ",
    )

    first, refused, again, jpeg, missing = results
    assert isinstance(first, Snapshot)
    assert isinstance(refused, ImageError)
    assert "notes.png" in refused.message
    assert isinstance(again, Snapshot)
    assert again.id == first.id
    assert isinstance(jpeg, Snapshot)
    assert isinstance(missing, ImageError)
    assert "gone.png" in missing.message
    assert ledger.count() == 2

    assert first.title == "harbour"
    assert first.tags == "sea, dusk"
    assert first.source == "uploaded"
    assert (first.width, first.height) == (32, 24)
    stored = Path(first.file_path)
    assert stored == library / f"{sha256_of(good_png)}.png"
    assert stored.read_bytes() == good_png.read_bytes()
    assert Path(jpeg.file_path).suffix == ".jpg"
    assert sorted(p.name for p in library.iterdir()) == sorted(
        [stored.name, Path(jpeg.file_path).name, IMPORTING]
    )
    assert list((library / IMPORTING).iterdir()) == []  # no copy left half-way


def test_a_file_saved_again_while_it_is_imported_is_not_said_to_fail_for_a_full_disk(
    ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The artist's paint program (or a sync client) saves the file again between the
    import's check and its copy. Before, the artist read "The file could not be written.
    (harbour.png changed while it was being imported) Free disk space or choose another
    folder.": a full disk, which it was not, and a fix that changes nothing."""
    picture = noise_image(tmp_path / "harbour.png", (32, 24), seed=1)
    checked = service.inspect_image

    def saved_again_once_checked(path: Path, limits: Limits) -> ImageInfo:
        info = checked(path, limits)
        noise_image(path, (32, 24), seed=2)
        return info

    monkeypatch.setattr(service, "inspect_image", saved_again_once_checked)
    library = tmp_path / "library"
    (refused,) = import_artworks(ledger, [picture], library_dir=library)

    assert isinstance(refused, KontextError)
    assert explain(refused).sentences() == (
        "harbour.png changed while it was being copied into the library, so it was not "
        "added: another program may still be saving it. Add it again once it is saved."
    )
    assert ledger.count() == 0
    assert [path for path in library.rglob("*") if path.is_file()] == []


def test_a_file_deleted_once_checked_is_said_to_be_missing_not_a_full_disk(
    ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is moved away (a sync client, the artist tidying up) between the import's
    check and its copy. Before, the artist read "The file could not be written. (cannot copy
    harbour.png into the library: No such file or directory) Free disk space or choose
    another folder.", as for a full disk."""
    picture = noise_image(tmp_path / "harbour.png", (32, 24), seed=1)
    checked = service.inspect_image

    def moved_away_once_checked(path: Path, limits: Limits) -> ImageInfo:
        info = checked(path, limits)
        path.rename(tmp_path / "elsewhere.png")
        return info

    monkeypatch.setattr(service, "inspect_image", moved_away_once_checked)
    library = tmp_path / "library"
    (refused,) = import_artworks(ledger, [picture], library_dir=library)

    assert isinstance(refused, KontextError)
    assert explain(refused).sentences() == (
        "The image file is missing. Cause: harbour.png does not exist. Check the file's name and "
        "folder; if it was moved or deleted outside Kontext Studio, put it back where it was."
    )
    assert ledger.count() == 0
    assert [path for path in library.rglob("*") if path.is_file()] == []


def left_copy(staging: Path) -> Path:
    """A copy an import killed mid-way left in ``staging`` over an hour ago."""
    staging.mkdir(parents=True)
    cut = staging / "import-killed.tmp"
    cut.write_bytes(b"\x89PNG half")
    an_hour_ago = time.time() - CUT_COPY_AGE_S - 60
    os.utime(cut, (an_hour_ago, an_hour_ago))
    return cut


def test_a_copy_an_import_killed_mid_way_left_is_removed_by_a_later_import(
    ledger: Ledger, tmp_path: Path
) -> None:
    """Before, a copy cut short (the app killed while it copied a big file) stayed in the
    library folder for good, as ``.import-*.tmp``. One an hour old is removed by the next
    import; a younger one may be another process's copy under way, and stays."""
    library = tmp_path / "library"
    staging = library / IMPORTING
    left_copy(staging)
    under_way = staging / "import-beside.tmp"
    under_way.write_bytes(b"\x89PNG being copied")

    (snap,) = import_artworks(
        ledger, [noise_image(tmp_path / "dune.png", (16, 16), seed=4)], library_dir=library
    )

    assert isinstance(snap, Snapshot)
    assert sorted(path.name for path in staging.iterdir()) == ["import-beside.tmp"]


def test_a_cut_copy_that_cannot_be_removed_does_not_stop_the_import(
    ledger: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, a left copy the clean-up could not remove (another user's file in a shared
    library, one an antivirus holds open on Windows) failed every import after it with
    "cannot copy ... into the library": the tidying stopped the work it tidies for."""
    library = tmp_path / "library"
    staging = library / IMPORTING
    cut = left_copy(staging)
    unlink = Path.unlink

    def refused(path: Path, missing_ok: bool = False) -> None:
        if path == cut:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refused)

    (snap,) = import_artworks(
        ledger, [noise_image(tmp_path / "dune.png", (16, 16), seed=4)], library_dir=library
    )

    assert isinstance(snap, Snapshot) and Path(snap.file_path).is_file()
    assert sorted(path.name for path in staging.iterdir()) == ["import-killed.tmp"]


def test_tags_typed_with_a_chinese_keyboard_are_separate_tags(
    ledger: Ledger, tmp_path: Path
) -> None:
    picture = noise_image(tmp_path / "lake.png", (32, 24), seed=3)
    (snap,) = import_artworks(
        ledger, [picture], library_dir=tmp_path / "library", tags="风景，水墨、约稿; 风景"
    )
    assert isinstance(snap, Snapshot)
    assert snap.tag_list == ["风景", "水墨", "约稿"]
    assert snap.tags == "风景, 水墨, 约稿"


def test_import_uses_the_given_title(ledger: Ledger, tmp_path: Path) -> None:
    image = noise_image(tmp_path / "x.webp", (16, 16), "WEBP")
    (result,) = import_artworks(
        ledger, [image], library_dir=tmp_path / "lib", title="晨雾", description="d"
    )
    assert isinstance(result, Snapshot)
    assert (result.title, result.description, result.prompt) == ("晨雾", "d", "")


# Over https, as R2 is reached ------------------------------------------------------------


@pytest.fixture(scope="module")
def tls_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    server = TlsS3Server(tmp_path_factory.mktemp("tls")).start()
    yield server.url, server.cert_path
    server.stop()


def body_hashes(publisher: Publisher, operation: str) -> list[str]:
    """The x-amz-content-sha256 each request of ``operation`` was signed with."""
    seen: list[str] = []

    def record(request: Any, **_: Any) -> None:
        seen.append(request.headers["X-Amz-Content-SHA256"].decode())

    register(publisher, f"before-send.s3.{operation}", record)
    return seen


def test_over_https_parts_go_up_without_hashing_and_round_trip(
    tls_endpoint: tuple[str, Path],
    big_png: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    endpoint, certificate = tls_endpoint
    monkeypatch.setenv("AWS_CA_BUNDLE", str(certificate))
    admin = boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint,
        region_name="auto",
        aws_access_key_id="admin",
        aws_secret_access_key="admin-secret",
    )
    bucket = f"tls-{os.urandom(6).hex()}"
    admin.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "auto"})
    publisher = fast_publisher(make_config(endpoint, bucket))
    hashes = body_hashes(publisher, "UploadPart")

    result = publisher.publish(big_png, artwork=meta_for(big_png))

    # TLS protects the bytes on the way. Four parts; a loaded machine may see a part's try
    # time out and go again (the publisher's own retry), unhashed too.
    assert len(hashes) >= 4 and set(hashes) == {"UNSIGNED-PAYLOAD"}, hashes
    body = admin.get_object(Bucket=bucket, Key=result.key)["Body"].read()
    assert hashlib.sha256(body).hexdigest() == sha256_of(big_png)


def test_over_plain_http_each_part_is_signed_with_its_hash(
    publisher: Publisher, big_png: Path
) -> None:
    hashes = body_hashes(publisher, "UploadPart")
    publisher.publish(big_png, artwork=meta_for(big_png))
    assert len(hashes) >= 4  # a part's try that timed out on a loaded machine goes again
    assert all(len(h) == 64 and h != "UNSIGNED-PAYLOAD" for h in hashes)


def expect_headers(publisher: Publisher, operation: str) -> list[str]:
    """The ``Expect`` header of each ``operation`` request ("" when there is none)."""
    seen: list[str] = []

    def record(request: Any, **_: Any) -> None:
        value = request.headers.get("Expect", b"")
        seen.append(value.decode() if isinstance(value, bytes) else value)

    register(publisher, f"before-send.s3.{operation}", record)
    return seen


def test_only_big_bodies_wait_for_100_continue(
    publisher: Publisher, big_png: Path, small_png: Path
) -> None:
    parts = expect_headers(publisher, "UploadPart")
    puts = expect_headers(publisher, "PutObject")

    publisher.publish(big_png, artwork=meta_for(big_png))
    publisher.publish(small_png, artwork=meta_for(small_png))

    assert parts == ["100-continue"] * 4  # 8 MB parts: not sent in vain to a refusal
    assert puts == ["", "", ""]  # big_png's manifest, small_png and its manifest


@pytest.mark.parametrize(
    "replaced", [b"", b"notes, not pixels\n"], ids=["emptied", "text-in-its-place"]
)
def test_a_library_file_emptied_or_replaced_is_said_damaged_not_an_r2_trouble(
    ledger: Ledger,
    publisher: Publisher,
    admin: Any,
    bucket: str,
    small_png: Path,
    replaced: bytes,
) -> None:
    """The artwork's file in the library was emptied, or another program saved something
    else under its name. Before, Publish said "Publishing failed. Cause: … is not a PNG,
    JPEG or WebP image. Check the R2 settings and retry.": nothing in the R2 settings could
    help. Now it is the library's damaged file, with what puts it right, as for a file cut
    short; nothing is sent."""
    artwork = add_artwork(ledger, small_png)
    small_png.write_bytes(replaced)
    with pytest.raises(ImageError) as refused:
        publish_artwork(ledger, publisher, artwork.id)
    words = explain(refused.value)
    assert "Put a copy from a backup in its place" in words.hint
    assert "R2" not in f"{words.message} {words.hint}"
    assert objects_of(admin, bucket) == []


def rewritten_as_parts_begin(publisher: Publisher, path: Path) -> list[bool]:
    """Rewrite ``path`` in place (same length, other pixels: an editor saving over it, a
    sync) as the upload in parts is created, after the file was hashed and before a part is
    read; the list holds True once it was."""
    done: list[bool] = []

    def rewrite(**_: Any) -> None:
        if not done:
            done.append(True)
            size = Image.open(path).size
            noise_image(path, size, seed=len(done) + 10)

    register(publisher, "before-call.s3.CreateMultipartUpload", rewrite)
    return done


def test_a_file_rewritten_while_it_goes_up_in_parts_is_not_published_under_its_old_hash(
    publisher: Publisher, admin: Any, bucket: str, tmp_path: Path
) -> None:
    """A file with no hash recorded is hashed, then sent in parts; rewritten in place in
    between. Before, its new bytes went up under the old bytes' hash, and the publish said
    it was done: the public link served another image than the one its name promised, and a
    later publish of that image found the object, of the right length, and kept it. Now the
    upload stops before its last byte, nothing is left in the bucket, and the artist is
    told to publish it again; then it goes up whole, under its own hash."""
    art = noise_image(tmp_path / "art.png", (2600, 2600))  # about 20 MB: three parts
    rewritten = rewritten_as_parts_begin(publisher, art)
    with pytest.raises(Refusal, match="changed while it was being sent"):
        publisher.publish(art, artwork=meta_for(art, sha256=""))
    assert rewritten
    assert objects_of(admin, bucket) == []
    assert admin.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []

    again = publisher.publish(art, artwork=meta_for(art, sha256=""))
    stored = admin.get_object(Bucket=bucket, Key=again.key)["Body"].read()
    assert again.key == f"artworks/{hashlib.sha256(stored).hexdigest()}.png"
    assert stored == art.read_bytes()


def test_a_recorded_file_rewritten_while_it_goes_up_leaves_no_object_its_hash_misnames(
    publisher: Publisher, admin: Any, bucket: str, tmp_path: Path
) -> None:
    """The same with the library's hash recorded: the upload under it starts as the file is
    hashed again. However the rewrite falls against that read, no object in the bucket holds
    bytes other than those its name's hash names."""
    art = noise_image(tmp_path / "art.png", (2600, 2600))
    rewritten = rewritten_as_parts_begin(publisher, art)
    with contextlib.suppress(Refusal):
        publisher.publish(art, artwork=meta_for(art))
    assert rewritten
    for key in objects_of(admin, bucket):
        if key.endswith(".png"):
            stored = admin.get_object(Bucket=bucket, Key=key)["Body"].read()
            assert key == f"artworks/{hashlib.sha256(stored).hexdigest()}.png"


def test_a_small_file_changed_since_recorded_never_appears_under_its_old_key(
    publisher: Publisher, admin: Any, bucket: str, tmp_path: Path
) -> None:
    art = noise_image(tmp_path / "art.png", (64, 48), seed=1)
    recorded = meta_for(art)
    noise_image(art, (64, 48), seed=2)  # same length, other bytes

    result = publisher.publish(art, artwork=recorded)

    assert not object_exists(admin, bucket, f"artworks/{recorded.sha256}.png")
    assert result.key == f"artworks/{sha256_of(art)}.png"
    assert admin.get_object(Bucket=bucket, Key=result.key)["Body"].read() == art.read_bytes()


# "May be gone" settled by asking the bucket (publish/settling.py) ----------------------------


def noted_may_be_gone(ledger: Ledger, publisher: Publisher, path: Path) -> Snapshot:
    """An artwork published, then noted as being removed by an unpublish that did not
    finish (as :func:`~kontext_studio.publish.service._noted_as_going` notes it)."""
    artwork = add_artwork(ledger, path)
    published = publish_artwork(ledger, publisher, artwork.id)
    noted = ledger.note(artwork.id, retired_key=published.published_key)
    assert noted.may_be_gone
    return noted


def test_both_parts_there_make_it_published_again(
    ledger: Ledger, publisher: Publisher, small_png: Path
) -> None:
    """The unpublish removed nothing: the artwork is "Published", the mark cleared."""
    noted = noted_may_be_gone(ledger, publisher, small_png)
    settled = settle_may_be_gone(ledger, publisher, noted.id)
    assert settled is not None and settled.found is Found.BOTH
    after = ledger.get(noted.id)
    assert after is not None and not after.may_be_gone
    assert after.published_key == noted.published_key and after.retired_key == ""
    assert settled.snapshot == after


def test_both_parts_gone_record_it_as_unpublished(
    ledger: Ledger, publisher: Publisher, small_png: Path, admin: Any, bucket: str
) -> None:
    """The unpublish had removed both: recorded as a finished Unpublish records it."""
    noted = noted_may_be_gone(ledger, publisher, small_png)
    for key in (noted.published_key, manifest_key_for(noted.published_key)):
        admin.delete_object(Bucket=bucket, Key=key)
    settled = settle_may_be_gone(ledger, publisher, noted.id)
    assert settled is not None and settled.found is Found.NEITHER
    after = ledger.get(noted.id)
    assert after is not None
    assert (after.published_key, after.retired_key, after.published_at) == ("", "", None)
    assert (after.published_bucket, after.published_host, after.published_url) == ("", "", "")


@pytest.mark.parametrize(
    ("removed", "found"),
    [("image", Found.MANIFEST), ("manifest", Found.IMAGE)],
)
def test_one_part_left_keeps_it_may_be_gone_and_names_the_part(
    ledger: Ledger,
    publisher: Publisher,
    small_png: Path,
    admin: Any,
    bucket: str,
    removed: str,
    found: Found,
) -> None:
    noted = noted_may_be_gone(ledger, publisher, small_png)
    key = noted.published_key if removed == "image" else manifest_key_for(noted.published_key)
    admin.delete_object(Bucket=bucket, Key=key)
    settled = settle_may_be_gone(ledger, publisher, noted.id)
    assert settled is not None and settled.found is found
    assert ledger.get(noted.id) == noted, "nothing written"


def test_a_check_that_cannot_reach_r2_changes_nothing(
    ledger: Ledger, small_png: Path, s3_endpoint: str, bucket: str
) -> None:
    link = CuttableLink(s3_endpoint)
    publisher = fast_publisher(make_config(link.endpoint, bucket))
    noted = noted_may_be_gone(ledger, publisher, small_png)
    link.close()  # offline: nothing listens there any more
    with pytest.raises(PublishNetworkError):
        settle_may_be_gone(ledger, publisher, noted.id)
    assert ledger.get(noted.id) == noted


@pytest.mark.parametrize("removed", [False, True])
def test_a_record_changed_while_r2_was_asked_is_left_as_it_is(
    ledger: Ledger, publisher: Publisher, small_png: Path, admin: Any, bucket: str, removed: bool
) -> None:
    """Another window or a command finished the unpublish (or the artist published it
    again) while the HEADs went out: the check's answer is of a record no longer there, and
    is not written over the new one (compare-and-set)."""
    noted = noted_may_be_gone(ledger, publisher, small_png)
    if removed:
        for key in (noted.published_key, manifest_key_for(noted.published_key)):
            admin.delete_object(Bucket=bucket, Key=key)
    meanwhile: list[Snapshot] = []

    def changed_meanwhile(**_: Any) -> None:
        if not meanwhile:  # at the first answer: another program's write
            meanwhile.append(ledger.note(noted.id, retired_key="", published_at=noted.published_at))
            if removed:  # that one republished it under another key
                meanwhile[0] = ledger.update(noted.id, published_key="artworks/other.png")

    publisher.client.meta.events.register("after-call.s3.HeadObject", changed_meanwhile)
    assert settle_may_be_gone(ledger, publisher, noted.id) is None
    assert ledger.get(noted.id) == meanwhile[0]


def test_an_unpublish_by_a_command_while_r2_is_asked_keeps_the_artwork_may_be_gone(
    ledger: Ledger, publisher: Publisher, small_png: Path, s3_endpoint: str, bucket: str
) -> None:
    """``kontext-studio unpublish ID`` ran in another process while a window asked the
    bucket what an unfinished unpublish left (both parts there, then), and R2 did not answer
    its removal: it may have removed the image. Its note wrote the key already there, so
    the window's "both there" cleared it, and the artwork said "Published" at a link that
    may lead to nothing. Each unpublish's new mark keeps the note: it still may be gone."""
    noted = noted_may_be_gone(ledger, publisher, small_png)
    command = Ledger.open(ledger.path)
    unanswered = fast_publisher(make_config(s3_endpoint, bucket))

    def times_out(request: Any, **_: Any) -> None:
        raise ReadTimeoutError(endpoint_url=request.url)

    unanswered.client.meta.events.register("before-send.s3.DeleteObject", times_out)
    ran: list[bool] = []

    def a_command_unpublishes(**_: Any) -> None:
        if not ran:  # at the window's first answer
            ran.append(True)
            with pytest.raises(PublishNetworkError):
                unpublish_artwork(command, unanswered, noted.id)

    publisher.client.meta.events.register("after-call.s3.HeadObject", a_command_unpublishes)
    try:
        assert settle_may_be_gone(ledger, publisher, noted.id) is None
    finally:
        command.close()
    after = ledger.get(noted.id)
    assert ran and after is not None and after.may_be_gone


def test_a_refused_unpublish_keeps_the_note_of_one_another_process_left_meanwhile(
    ledger: Ledger, publisher: Publisher, small_png: Path, s3_endpoint: str, bucket: str
) -> None:
    """A window's Unpublish noted the image as being removed and R2 did not answer its
    removal (it may have removed it) while ``kontext-studio unpublish ID``, which had read
    the artwork as published, was about to note its own, and R2 refused the command's.
    Before, the command took its note back to the record as it had read it: the artwork
    said "Published" at a link that may lead to nothing. It still may be gone."""
    artwork = add_artwork(ledger, small_png)
    publish_artwork(ledger, publisher, artwork.id)
    window = Ledger.open(ledger.path)
    unanswered = fast_publisher(make_config(s3_endpoint, bucket))

    def times_out(request: Any, **_: Any) -> None:
        raise ReadTimeoutError(endpoint_url=request.url)

    unanswered.client.meta.events.register("before-send.s3.DeleteObject", times_out)

    def refuse(**_: Any) -> None:
        raise ClientError(
            {
                "Error": {"Code": "AccessDenied", "Message": "no"},
                "ResponseMetadata": {"HTTPStatusCode": 403},
            },
            "DeleteObject",
        )

    refused = fast_publisher(make_config(s3_endpoint, bucket))
    refused.client.meta.events.register("before-call.s3.DeleteObject", refuse)
    note = ledger.note
    ran: list[bool] = []

    def the_window_unpublishes_first(job_id: int, **how: Any) -> Snapshot:
        if not ran:  # the command's note, once it read the record
            ran.append(True)
            with pytest.raises(PublishNetworkError):
                unpublish_artwork(window, unanswered, job_id)
        return note(job_id, **how)

    ledger.note = the_window_unpublishes_first  # type: ignore[method-assign]
    try:
        with pytest.raises(PublishAuthError):
            unpublish_artwork(ledger, refused, artwork.id)
    finally:
        window.close()
    after = ledger.get(artwork.id)
    assert ran and after is not None and after.may_be_gone


def test_an_unpublish_that_another_noted_meanwhile_logs_that_and_not_a_publish(
    ledger: Ledger,
    publisher: Publisher,
    admin: Any,
    bucket: str,
    small_png: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """``kontext-studio unpublish ID`` noted the artwork as being removed between the
    window's unpublish reading it and noting it. The window's unpublish reads it again
    and removes it. Before, its log said "published meanwhile": nothing was published,
    and whoever read the log looked for a publish that never happened."""
    artwork = add_artwork(ledger, small_png)
    published = publish_artwork(ledger, publisher, artwork.id)
    command = Ledger.open(ledger.path)
    note = ledger.note
    ran: list[bool] = []

    def the_command_notes_first(job_id: int, **how: Any) -> Snapshot:
        if not ran:  # as the command's unpublish notes it (service._noted_as_going)
            ran.append(True)
            command.note(job_id, retired_key=published.published_key, unpublish_mark="command")
        return note(job_id, **how)

    ledger.note = the_command_notes_first  # type: ignore[method-assign]
    try:
        with caplog.at_level("INFO", logger="kontext_studio.publish"):
            cleared = unpublish_artwork(ledger, publisher, artwork.id)
    finally:
        command.close()
    assert ran and (cleared.published_key, cleared.retired_key) == ("", "")
    assert_bucket_empty(admin, bucket)
    events = events_of(caplog)
    assert "unpublish_again_noted" in events
    assert "unpublish_again_published" not in events
    assert not any("published meanwhile" in record.getMessage() for record in caplog.records)


def test_a_record_in_another_bucket_is_not_checked_against_the_settings_one(
    ledger: Ledger, publisher: Publisher, small_png: Path, s3_endpoint: str, admin: Any
) -> None:
    """The R2 settings switched to another bucket: the record's bucket is not that one, so a
    look there (which finds nothing of it) must not record it as unpublished."""
    noted = noted_may_be_gone(ledger, publisher, small_png)
    other = "art-elsewhere-settle"
    admin.create_bucket(Bucket=other, CreateBucketConfiguration={"LocationConstraint": "auto"})
    elsewhere = fast_publisher(make_config(s3_endpoint, other))
    assert settle_may_be_gone(ledger, elsewhere, noted.id) is None
    assert ledger.get(noted.id) == noted


class SilentOnceServer(SilentServer):
    """:class:`SilentServer` for one connection: it stops listening once it took it, so a
    retry finds the connection refused (nothing listens there any more)."""

    def _accept(self) -> None:
        try:
            client, _ = self._server.accept()
        except OSError:
            return
        self._open.append(client)
        self._server.close()
        self.connected.set()


def test_an_unpublish_that_timed_out_then_was_refused_is_marked_may_be_gone(
    ledger: Ledger,
) -> None:
    """Its first try reached R2 and timed out (R2 may have removed the image, its answer
    lost); the retry found the connection refused. Before, only the last try's error was
    read: "nothing listening" took the endpoint for wrong, the removal for never made, and
    the artwork stayed "Published" at a link that may lead to nothing."""
    server = SilentOnceServer()
    config = make_config(server.endpoint, "art")
    publisher = Publisher(config, connect_timeout=1.0, read_timeout=0.5, max_attempts=1)
    artwork = ledger.create_upload(
        file_path="", sha256="ab", width=1, height=1, file_size=1, title="fog", prompt=""
    )
    ledger.update(
        artwork.id,
        published_key="artworks/ab.png",
        published_at=1.0,
        published_bucket="art",
        published_host=config.host,
    )
    try:
        with pytest.raises(PublishNetworkError) as caught:
            unpublish_artwork(ledger, publisher, artwork.id)
    finally:
        server.close()
    assert caught.value.endpoint_suspect, "the last try was refused"
    after = ledger.get(artwork.id)
    assert after is not None and after.may_be_gone


def test_an_unpublish_r2_refuses_is_kept_in_the_library_until_one_goes_through(
    publisher: Publisher, admin: Any, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    """R2 refused the keys of an Unpublish: only the window that asked knew, and after a
    restart its tile said "Published" again. The record keeps the refusal's kind (never
    its words, which may name an address), the artwork still published; the next Unpublish
    that goes through clears it."""
    published = publish_artwork(ledger, publisher, add_artwork(ledger, small_png).id)
    with enable_iam_authentication(), pytest.raises(PublishAuthError):  # moto refuses the keys
        unpublish_artwork(ledger, publisher, published.id)
    refused = ledger.get(published.id)
    assert refused is not None and refused.published_key == published.published_key
    assert refused.removal_failed == PublishAuthError.kind
    assert object_exists(admin, bucket, published.published_key)

    cleared = unpublish_artwork(ledger, publisher, published.id)
    assert (cleared.published_key, cleared.removal_failed) == ("", "")
    assert not object_exists(admin, bucket, published.published_key)


def test_a_publish_clears_the_failed_unpublish_the_library_kept(
    publisher: Publisher, ledger: Ledger, small_png: Path
) -> None:
    """An Unpublish R2 refused, then a Publish again that went through: the artwork is
    published as the artist last asked, and the refusal is over."""
    published = publish_artwork(ledger, publisher, add_artwork(ledger, small_png).id)
    with enable_iam_authentication(), pytest.raises(PublishAuthError):
        unpublish_artwork(ledger, publisher, published.id)
    assert ledger.get(published.id).removal_failed  # type: ignore[union-attr]
    again = publish_artwork(ledger, publisher, published.id)
    assert again.published_key and again.removal_failed == ""


def test_a_refused_removal_of_what_a_stopped_publish_left_is_kept_in_the_library(
    s3_endpoint: str, publisher: Publisher, admin: Any, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    """Remove from bucket of the image a stopped first publish left, R2 refusing the keys:
    the status bar alone said so. The record keeps it, the key still noted; the next
    removal that goes through clears both."""
    artwork = add_artwork(ledger, small_png)
    key = f"artworks/{artwork.sha256}.png"
    admin.put_object(Bucket=bucket, Key=key, Body=small_png.read_bytes())
    host = s3_endpoint.removeprefix("http://")
    left = ledger.update(artwork.id, retired_key=key, published_bucket=bucket, published_host=host)
    with enable_iam_authentication(), pytest.raises(PublishAuthError):
        unpublish_artwork(ledger, publisher, left.id)
    refused = ledger.get(left.id)
    assert refused is not None and (refused.retired_key, refused.published_key) == (key, "")
    assert refused.removal_failed == PublishAuthError.kind
    assert object_exists(admin, bucket, key)

    cleared = unpublish_artwork(ledger, publisher, left.id)
    assert (cleared.retired_key, cleared.removal_failed) == ("", "")
    assert not object_exists(admin, bucket, key)


def _refused(operation: str) -> Callable[..., None]:
    def refuse(**_: Any) -> None:
        raise ClientError(
            {
                "Error": {"Code": "AccessDenied", "Message": "no"},
                "ResponseMetadata": {"HTTPStatusCode": 403},
            },
            operation,
        )

    return refuse


def test_an_unpublish_refused_after_another_publish_went_through_is_not_noted(
    s3_endpoint: str, bucket: str, ledger: Ledger, small_png: Path
) -> None:
    """R2 slow to refuse an Unpublish, while another window or command published the
    artwork again: that publish went through after it, and the note written over it said
    "Unpublish failed" of the artwork as the artist last asked it to be, published."""
    publisher = fast_publisher(make_config(s3_endpoint, bucket))
    other = fast_publisher(make_config(s3_endpoint, bucket))
    published = publish_artwork(ledger, publisher, add_artwork(ledger, small_png).id)
    refuse = _refused("DeleteObject")

    def published_meanwhile(**kwargs: Any) -> None:
        publish_artwork(ledger, other, published.id)
        refuse(**kwargs)

    publisher.client.meta.events.register("before-call.s3.DeleteObject", published_meanwhile)
    with pytest.raises(PublishAuthError):
        unpublish_artwork(ledger, publisher, published.id)
    after = ledger.get(published.id)
    assert after is not None and after.published_key == published.published_key
    assert after.removal_failed == ""  # before: "publish_auth"


def test_a_publish_that_removed_what_a_stopped_one_left_ends_its_failed_removal(
    s3_endpoint: str, bucket: str, admin: Any, ledger: Ledger, small_png: Path
) -> None:
    """A Remove from bucket refused, then a Publish that removed what was left before R2
    refused its own image: nothing is left, and a publish stopped later would have had its
    own leftover said "Removal failed", a removal never asked."""
    publisher = fast_publisher(make_config(s3_endpoint, bucket))
    artwork = add_artwork(ledger, small_png)
    key = "artworks/left-behind.png"
    admin.put_object(Bucket=bucket, Key=key, Body=small_png.read_bytes())
    host = s3_endpoint.removeprefix("http://")
    ledger.update(
        artwork.id,
        retired_key=key,
        published_bucket=bucket,
        published_host=host,
        removal_failed=PublishAuthError.kind,
    )
    publisher.client.meta.events.register("before-call.s3.PutObject", _refused("PutObject"))
    with pytest.raises(PublishError):
        publish_artwork(ledger, publisher, artwork.id)
    after = ledger.get(artwork.id)
    assert after is not None and after.retired_key != key and after.removal_failed == ""
    assert not object_exists(admin, bucket, key)
