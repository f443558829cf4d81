"""Which R2 bucket to publish to, and whether the settings can reach one.

:class:`R2Config` is everything a publisher needs to reach one bucket, built from the saved
settings, the keyring and the environment (:func:`load_r2_config`; an environment variable
that is set wins). Missing pieces are named, and a filled field no client could use (an
endpoint that is no URL, a name no bucket can have) is refused in words
(:func:`format_problem`) before boto3 refuses it with an error of its own.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit, urlunsplit

from kontext_studio.config import R2Settings
from kontext_studio.errors import (
    Every,
    KeyringUnavailableError,
    PublishNotSetUpError,
    PublishSecretUnreadableError,
    PublishSetupError,
    SecretDamagedError,
    Term,
)
from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.logs import register_secret
from kontext_studio.secrets import R2_SECRET, changes, readable_secret

ENDPOINT_ENV = "KONTEXT_STUDIO_R2_ENDPOINT"
BUCKET_ENV = "KONTEXT_STUDIO_R2_BUCKET"
PUBLIC_URL_ENV = "KONTEXT_STUDIO_R2_PUBLIC_URL"
ACCESS_KEY_ENV = "R2_ACCESS_KEY_ID"
SECRET_KEY_ENV = "R2_SECRET_ACCESS_KEY"

ENVIRONMENT_HINT = QT_TRANSLATE_NOOP(
    "Errors",
    "Check {variables} in the environment, then start Kontext Studio again, which reads the "
    "environment only as it starts.",
)
"""What to do about a value an environment variable set that cannot work (or R2 refused):
correct the variable, read as Kontext Studio starts. Settings shows that value read-only,
and the words sent the artist there."""

STILL_EMPTY = QT_TRANSLATE_NOOP("Errors", "Still empty: {fields}.")
"""The detail of a :class:`PublishNotSetUpError`: the fields publishing needs, not filled."""
_STILL_EMPTY_UNREAD = QT_TRANSLATE_NOOP("Errors", "Still empty: {fields}. {unread}")
""":data:`STILL_EMPTY` beside a keyring that may hold the secret but cannot be read now:
``unread`` says so, where the secret was named among the empty fields."""

SECRET_FIELD = QT_TRANSLATE_NOOP("Errors", "Secret access key")

# S3's rule for new buckets, which R2 follows (R2 itself allows no dots): checked here, so a
# bad name is refused in words before boto3 refuses it as a ParamValidationError.
BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")

S3_API_HOST = ".r2.cloudflarestorage.com"
"""How every R2 S3 API host ends (``<account>.r2…``, ``<account>.eu.r2…``): it serves
no object to a browser, whatever the bucket allows, so it is never a public base URL."""


def endpoint_url_from(value: str) -> str:
    """Accept a full endpoint URL, a bare host, or an R2 account id. The scheme is looked
    for before the trailing slashes go: "https://" alone, trimmed to "https:", was taken
    for a host named "https"."""
    value = value.strip()
    if "://" in value:
        return value.rstrip("/")
    value = value.rstrip("/")
    if not value:
        return value
    if "." in value or ":" in value:
        return f"https://{value}"
    return f"https://{value}{S3_API_HOST}"


def _bucket_from_endpoint(settings: R2Settings) -> R2Settings:
    """``settings`` with a bucket named as the endpoint's path moved to the bucket field.
    Cloudflare's dashboard shows a bucket's S3 API address as
    ``https://<account>.r2.cloudflarestorage.com/<bucket>``; given that address, a client
    looks for the bucket under it (``/<bucket>/<bucket>``) and finds none. Only a path that
    is one bucket name, with the bucket field empty or the same: any other path is kept."""
    endpoint = endpoint_url_from(settings.endpoint)
    try:
        parts = urlsplit(endpoint)
    except ValueError:
        return settings  # said by format_problem
    named = parts.path.strip("/")
    if (
        not BUCKET_NAME.fullmatch(named)
        or settings.bucket.strip() not in ("", named)
        or parts.query
        or parts.fragment
    ):
        return settings
    return replace(settings, endpoint=urlunsplit(parts._replace(path="")), bucket=named)


def _is_endpoint(url: str) -> bool:
    """An http(s) URL whose host botocore accepts (it would refuse it later with a bare
    ValueError)."""
    if _scheme(url) not in ("http", "https"):
        return False
    # Imported here: botocore.utils costs ~0.1 s, and only checking the settings needs it.
    from botocore.utils import is_valid_endpoint_url, is_valid_ipv6_endpoint_url

    try:
        return bool(is_valid_endpoint_url(url) or is_valid_ipv6_endpoint_url(url))
    except ValueError:
        return False


def _normal_prefix(prefix: str) -> str:
    prefix = prefix.strip().lstrip("/")
    return prefix if not prefix or prefix.endswith("/") else prefix + "/"


@dataclass(frozen=True)
class R2Config:
    """Everything needed to reach one bucket. The secret is left out of ``repr``."""

    endpoint_url: str
    bucket: str
    access_key_id: str
    secret_access_key: str = field(repr=False)
    public_base_url: str = ""
    key_prefix: str = "artworks/"
    variables: Mapping[str, str] = field(default_factory=dict, hash=False)
    """The fields (``bucket``, ``secret_access_key``, ...) an environment variable set, each
    with that variable (:func:`load_r2_config`): what R2 refuses of them is put right there,
    and read as Kontext Studio starts, not in Settings, where they are read-only. Compared:
    the window keeps a publisher while its configuration is equal, and one kept for a bucket
    Settings named told of Settings after the endpoint's variable alone named it."""

    @classmethod
    def from_settings(
        cls,
        settings: R2Settings,
        secret: str | None,
        *,
        unread: KeyringUnavailableError | None = None,
    ) -> R2Config:
        """Build from the saved settings plus the secret; raise
        :class:`PublishNotSetUpError` naming every missing piece. The secret is trimmed, as
        the other fields are: one read from a ``.env`` file with Windows line endings ends in
        "\r", and R2 answered with a signature error that said nothing of it. ``unread``:
        why a keyring that may hold the secret cannot be read now (locked, not answering),
        when nothing else gave one. The secret is then not among the fields still empty,
        which had the artist type again a secret that is stored: said after them, or alone
        (:class:`PublishSecretUnreadableError`) when no field is empty."""
        secret = (secret or "").strip()
        unread = None if secret else unread
        settings = _bucket_from_endpoint(settings)
        endpoint = endpoint_url_from(settings.endpoint)
        bucket = settings.bucket.strip()
        # Named as Settings → Publishing (R2) labels the fields, where the artist fills them,
        # and by the variables that set them, which the command line names.
        wanted = (
            (QT_TRANSLATE_NOOP("Errors", "Endpoint"), ENDPOINT_ENV, endpoint),
            (QT_TRANSLATE_NOOP("Errors", "Bucket"), BUCKET_ENV, bucket),
            (
                QT_TRANSLATE_NOOP("Errors", "Access key ID"),
                ACCESS_KEY_ENV,
                settings.access_key_id.strip(),
            ),
            # A keyring that cannot be read may hold it: not empty.
            (SECRET_FIELD, SECRET_KEY_ENV, secret or (unread.message if unread else "")),
        )
        missing = [(name, variable) for name, variable, value in wanted if not value]
        if missing:
            fields = Every(Term(name) for name, _ in missing)
            variables = Every(variable for _, variable in missing)
            if unread is not None:
                raise PublishNotSetUpError.worded(
                    _STILL_EMPTY_UNREAD,
                    fields=fields,
                    variables=variables,
                    unread=Term(unread.message),
                )
            raise PublishNotSetUpError.worded(STILL_EMPTY, fields=fields, variables=variables)
        if isinstance(unread, SecretDamagedError):
            error = PublishSecretUnreadableError(unread.message)
            error.damaged, error.environment_only = True, False
            raise error.advising(unread.hint)
        if unread is not None:
            error = PublishSecretUnreadableError(unread.message)
            error.silent = unread.silent
            raise error.advising(unread.hint)  # unlock it, or ask it again: R2's variable
        if (problem := format_problem(settings)) is not None:
            raise problem
        public = settings.public_base_url.strip().rstrip("/")
        register_secret(secret)
        return cls(
            endpoint_url=endpoint,
            bucket=settings.bucket.strip(),
            access_key_id=settings.access_key_id.strip(),
            secret_access_key=secret,
            public_base_url=public,
            key_prefix=_normal_prefix(settings.key_prefix),
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> R2Config:
        """Build from environment variables only (headless runs)."""
        env = os.environ if environ is None else environ
        return cls.from_settings(_with_env(R2Settings(), env), env.get(SECRET_KEY_ENV))

    @property
    def host(self) -> str:
        """The endpoint's host (and port), safe to show and log."""
        return _host(self.endpoint_url)


_DEFAULT_PORTS = (":443", ":80")


def _host(endpoint_url: str) -> str:
    """The host (and port) of ``endpoint_url``, without any user part, as :func:`same_host`
    spells it; "" for text no URL parser accepts."""
    try:
        return _spelled(urlsplit(endpoint_url).netloc.rpartition("@")[2])
    except ValueError:
        return ""


def _spelled(host: str) -> str:
    """``host`` in lower case without a web default port: ``R2.example:443`` and
    ``r2.example`` are one endpoint, written either way in the settings over time."""
    host = host.lower()
    for port in _DEFAULT_PORTS:
        host = host.removesuffix(port)
    return host


def same_host(recorded: str, host: str) -> bool:
    """Whether two endpoint hosts name the same server, however each was spelled (a record
    may hold one written before hosts were kept as :func:`_spelled` makes them)."""
    return _spelled(recorded) == _spelled(host)


def host_spellings(host: str) -> tuple[str, ...]:
    """Every way a record may spell ``host`` (:func:`same_host`), for a look-up by value;
    compared with no regard to case."""
    plain = _spelled(host)
    return (plain, *(plain + port for port in _DEFAULT_PORTS))


def format_problem(settings: R2Settings) -> PublishSetupError | None:
    """What makes a filled R2 field unusable: an endpoint no client can reach, a name no
    bucket can have, a public URL that is not a web address; ``None`` when every filled
    field could work (an empty one is not a problem here: publishing is optional). It may
    import botocore's URL checks (~0.1 s): call it in a worker thread."""
    endpoint = endpoint_url_from(settings.endpoint)
    if endpoint and not _is_endpoint(endpoint):
        return PublishSetupError(
            QT_TRANSLATE_NOOP("Errors", "the R2 endpoint must be an http(s) URL or an account ID")
        )
    bucket = settings.bucket.strip()
    if bucket and not BUCKET_NAME.fullmatch(bucket):
        return PublishSetupError.worded(
            QT_TRANSLATE_NOOP(
                "Errors",
                "{bucket} is not a bucket name: 3 to 63 lowercase letters, digits, dots "
                "and hyphens, starting and ending with a letter or digit",
            ),
            bucket=bucket,
        )
    public = settings.public_base_url.strip().rstrip("/")
    if public and _scheme(public) not in ("http", "https"):
        return PublishSetupError(
            QT_TRANSLATE_NOOP("Errors", "the public base URL must start with http:// or https://")
        )
    if public and not urlsplit(public).hostname:
        # The scheme alone (typed over the placeholder, the address never pasted): each
        # link would be "https:/artworks/…", which opens nothing.
        return PublishSetupError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "the public base URL names no host: give the whole address, such as "
                "https://pub-….r2.dev",
            )
        )
    if public and _is_s3_api(public):
        return PublishSetupError(
            QT_TRANSLATE_NOOP(
                "Errors",
                "the public base URL is the bucket's S3 API address, which opens nothing "
                "without the keys: give its public URL, such as https://pub-….r2.dev, or "
                "your own domain",
            )
        )
    return None


def _is_s3_api(url: str) -> bool:
    """Whether ``url`` (one :func:`format_problem` found to be a web address) is on R2's S3
    API: Cloudflare's dashboard shows that address beside the bucket's public URL."""
    return (urlsplit(url).hostname or "").endswith(S3_API_HOST)


def _scheme(url: str) -> str:
    """The URL's scheme; "" for text no URL parser accepts (``http://[::1``, a stray bracket)."""
    try:
        return urlsplit(url).scheme
    except ValueError:
        return ""


_FIELD_VARIABLES = (
    ("endpoint", ENDPOINT_ENV),
    ("bucket", BUCKET_ENV),
    ("access_key_id", ACCESS_KEY_ENV),
    ("public_base_url", PUBLIC_URL_ENV),
)
"""Each :class:`R2Settings` field an environment variable sets, with that variable."""


def set_by_environment(environ: Mapping[str, str] | None = None) -> dict[str, tuple[str, str]]:
    """The :class:`R2Settings` fields the environment sets (a variable that holds more than
    blanks), each with its variable and trimmed value: they win over the saved settings
    (:func:`load_r2_config`). The secret is not among them. A variable of blanks sets
    nothing: an empty line of a .env file with Windows line endings gives "\r", which hid
    the saved value and left the field "Still empty"."""
    env = os.environ if environ is None else environ
    return {
        name: (variable, value)
        for name, variable in _FIELD_VARIABLES
        if (value := env.get(variable, "").strip())
    }


def _where_to_correct(
    error: PublishSetupError, merged: R2Settings, variables: Mapping[str, str]
) -> PublishSetupError:
    """``error``, advising to correct the variable whose value it refuses
    (:data:`ENVIRONMENT_HINT`): :func:`format_problem` tells of the first field that cannot
    work, each judged alone, in this order."""
    for name in ("endpoint", "bucket", "public_base_url"):
        if format_problem(R2Settings(**{name: getattr(merged, name)})) is None:
            continue
        if name in variables:
            error.values = {**error.values, "variables": Every((variables[name],))}
            error.correcting_environment(ENVIRONMENT_HINT)
        break
    return error


def _with_env(settings: R2Settings, env: Mapping[str, str]) -> R2Settings:
    return replace(
        settings, **{name: value for name, (_, value) in set_by_environment(env).items()}
    )


def settings_location(
    settings: R2Settings, environ: Mapping[str, str] | None = None
) -> tuple[str, str]:
    """The bucket and the endpoint's host that ``settings`` merged with the environment
    name, as :func:`load_r2_config` reads them ("" for what they leave empty). Neither the
    keyring nor botocore is read: cheap enough for the GUI thread, which asks it to tell
    whether a record names the bucket publishing now goes to."""
    env = os.environ if environ is None else environ
    merged = _bucket_from_endpoint(_with_env(settings, env))
    return merged.bucket.strip(), _host(endpoint_url_from(merged.endpoint))


def merged_from(
    settings: R2Settings, environ: Mapping[str, str] | None = None
) -> tuple[object, ...]:
    """What :func:`load_r2_config` merges ``settings`` with, the keyring's secret but for how
    many times this process changed it (:func:`~kontext_studio.secrets.changes`): while
    this is equal, the configuration merged before is the one a merge would give now,
    without reading the keyring again. Compared, kept in memory only, never written; the
    secret of the environment by a digest of it, shown by no repr (a log line, a traceback)."""
    env = os.environ if environ is None else environ
    from_env = env.get(SECRET_KEY_ENV, "").strip()
    return (
        settings,
        tuple(sorted(set_by_environment(env).items())),
        hashlib.sha256(from_env.encode("utf-8", "surrogatepass")).hexdigest() if from_env else "",
        changes(R2_SECRET),
    )


def publishing_set_up(settings: R2Settings) -> bool:
    """Whether ``settings`` (with the environment) name a bucket and an endpoint:
    somewhere to publish (:func:`settings_location`)."""
    bucket, host = settings_location(settings)
    return bool(bucket and host)


def load_r2_config(
    settings: R2Settings,
    environ: Mapping[str, str] | None = None,
    *,
    typed_secret: str = "",
    prompt: bool = True,
) -> R2Config:
    """Merge saved settings, the keyring and the environment: an environment variable that is
    set wins over the setting (and ``R2_SECRET_ACCESS_KEY`` over the keyring); one of
    blanks sets nothing (:func:`set_by_environment`). ``typed_secret`` (Settings' field,
    typed and not saved yet) wins over both: the field is read-only when the variable is
    set. The configuration names the variables that set its values
    (:attr:`R2Config.variables`). A keyring that may hold the secret but cannot be read now
    (locked, not answering) raises :class:`PublishSecretUnreadableError` when the secret is
    all that is missing, and is said after the fields still empty otherwise
    (:meth:`R2Config.from_settings`); without ``prompt``, one whose read may show its unlock
    prompt is not read, and is said so (:func:`readable_secret`)."""
    env = os.environ if environ is None else environ
    typed = typed_secret.strip()
    from_env = env.get(SECRET_KEY_ENV, "").strip()
    merged = _with_env(settings, env)
    variables = {name: variable for name, (variable, _) in set_by_environment(env).items()}
    secret = typed or from_env
    unread = None
    if not secret:
        try:
            secret = readable_secret(R2_SECRET, prompt=prompt) or ""
        except KeyringUnavailableError as error:
            unread = error
    try:
        config = R2Config.from_settings(merged, secret, unread=unread)
    except (PublishNotSetUpError, PublishSecretUnreadableError):
        raise
    except PublishSetupError as error:
        raise _where_to_correct(error, merged, variables) from None
    if "bucket" not in variables and "endpoint" in variables and not merged.bucket.strip():
        variables["bucket"] = variables["endpoint"]  # the dashboard's address, bucket and all
    if from_env and not typed:
        variables["secret_access_key"] = SECRET_KEY_ENV
    return replace(config, variables=variables)
