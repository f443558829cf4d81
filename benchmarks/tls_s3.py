"""moto's S3 server behind TLS on 127.0.0.1, the way R2 is only ever reached (https).

Over plain http the app lets botocore hash each request body for the signature; over https
it relies on TLS instead (as boto3's defaults do). A benchmark or test of publishing over
http would measure a path no R2 user takes. The certificate is self-signed for 127.0.0.1;
clients trust it through ``AWS_CA_BUNDLE`` (botocore reads it) or ``verify=``.
"""

from __future__ import annotations

import datetime
import ipaddress
import threading
from pathlib import Path
from typing import Any


def write_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate and key for 127.0.0.1 (PEM files in ``folder``)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = folder / "s3-cert.pem", folder / "s3-key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class TlsS3Server:
    """moto's S3 app in a werkzeug server thread with TLS; ``url`` is its https endpoint."""

    def __init__(self, folder: Path) -> None:
        self.cert_path, key_path = write_certificate(folder)
        self._key_path = key_path
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self.url = ""

    def start(self) -> TlsS3Server:
        from moto.moto_server.threaded_moto_server import MotoRequestHandler
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
        from werkzeug.serving import make_server

        self._server = make_server(
            "127.0.0.1",
            0,
            DomainDispatcherApplication(create_backend_app),
            threaded=True,
            request_handler=MotoRequestHandler,
            ssl_context=(str(self.cert_path), str(self._key_path)),
        )
        host, port = self._server.server_address[:2]
        self.url = f"https://{host}:{port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)
