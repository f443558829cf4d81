"""How an image's body goes up: in small blocks, each told to the upload's progress as it is
read, just before it is handed to the connection.

boto3's own ``upload_file`` reads the body 128 KiB at a time (botocore's block) and tells its
``Callback`` every 256 KiB, the rest when the body is closed, after R2 has answered: a demo
artwork (about 50 KB) was told nothing until then, and a 1 MB one in four leaps. Here the same
transfer (one PUT, or parts) reads :data:`SEND_BLOCK` at a time and tells each block. With
:data:`.s3_client.UNSENT_BYTES` the system takes a block only once it has sent most of the
one before, so the bytes told are the bytes that went up.

boto3's transfer manager costs ~0.2 s to import: this module is imported by a publish, not
with the publisher.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from boto3.exceptions import S3UploadFailedError
from boto3.s3.transfer import S3Transfer, TransferConfig
from botocore.exceptions import ClientError
from s3transfer.utils import OSUtils, ReadFileChunk

SEND_BLOCK = 16 * 1024
"""The most of the body read (and told) at a time while it is sent: 2.5 % of a demo
artwork, and few enough calls for a 50 MB file to cost nothing next to its sending."""

BytesRead = Callable[..., None]
"""Called with ``bytes_transferred``: the bytes of a block read, negative when a retry reads
them again."""


class _Blocks(ReadFileChunk):
    """A part of the file (all of it, for one PUT), read at most :data:`SEND_BLOCK` at a
    time. Reads of the whole (no size) are left whole."""

    def read(self, amount: int | None = None) -> bytes:
        if amount is not None and amount >= 0:
            amount = min(amount, SEND_BLOCK)
        data: bytes = super().read(amount)
        return data


class _TellingEveryBlock(OSUtils):
    """s3transfer's access to the file, giving each PUT or part a body of :class:`_Blocks`
    that tells ``told`` every block. The transfer is given no callback of its own (its
    ``callbacks`` here are empty): s3transfer would tell them every 256 KiB."""

    def __init__(self, told: BytesRead) -> None:
        super().__init__()
        self._told = told

    def open_file_chunk_reader_from_fileobj(
        self,
        fileobj: Any,
        chunk_size: int,
        full_file_size: int,
        callbacks: Any,
        close_callbacks: Any = None,
    ) -> _Blocks:
        # Told only while the body is sent (s3transfer enables it then): not while botocore
        # reads it to sign it, over plain http.
        return _Blocks(
            fileobj, chunk_size, full_file_size, callbacks=[self._told], enable_callbacks=False
        )


def upload_file(
    client: Any,
    path: Path,
    bucket: str,
    key: str,
    *,
    extra_args: dict[str, Any],
    config: TransferConfig,
    told: BytesRead,
) -> None:
    """boto3's ``client.upload_file`` (the same transfer manager and errors), telling ``told``
    each block of the body as it goes.

    R2's refusal (a ``ClientError``) is held as the cause of boto3's ``S3UploadFailedError``,
    not only as its context: the transfer manager's close asks each transfer it still
    tracks for its result again and lets the error go, and a failed one it had not yet
    dropped (its done callbacks run after the waiter wakes) raised its ``ClientError`` again
    while the ``S3UploadFailedError`` was being handled. To keep the context chain free of
    loops, Python then cut the ``ClientError`` off the ``S3UploadFailedError``; it does not
    cut a cause. A missing bucket's refusal was then an error of unknown outcome, and the
    publish to the bucket put right was refused, as if the first may have left its image."""
    with S3Transfer(client, config, osutil=_TellingEveryBlock(told)) as transfer:
        try:
            transfer.upload_file(str(path), bucket, key, extra_args=extra_args)
        except S3UploadFailedError as error:
            if isinstance(error.__context__, ClientError):
                raise error from error.__context__
            raise
