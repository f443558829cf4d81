"""``simulator``: the KIE simulator on 127.0.0.1, until Ctrl+C."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import sys
from dataclasses import replace

from kontext_studio.cli.output import EXIT_JOB_FAILED, EXIT_OK, printable
from kontext_studio.cli.signals import uncancel
from kontext_studio.errors import Refusal
from kontext_studio.i18n import QT_TRANSLATE_NOOP, translate

log = logging.getLogger(__name__)


async def simulator(args: argparse.Namespace) -> int:
    """Serve until stopped. Its address is its one line, on stderr, written once as it
    starts (stdout is not written: ``> /dev/full`` takes nothing from it); a stderr that
    refuses that line (``2> /dev/full``) stops it at once, exit 1, the reason in the log
    file: nobody could learn where it listens (``--port 0``)."""
    from kontext_studio.simulator import Simulator, SimulatorConfig

    # Nothing in this process reads the log of requests: kept, it grew with each one.
    config = SimulatorConfig(latency_s=(args.min_latency, args.max_latency), log_requests=False)
    if args.delete_results_after is not None:  # to try what a result KIE deleted does
        kept = args.delete_results_after
        config = replace(config, result_ttl_s=kept, result_deleted_s=kept)
    try:
        server = Simulator(config, port=args.port)
    except OSError as error:
        raise Refusal.worded(
            QT_TRANSLATE_NOOP(
                "Errors", "Port {port} cannot be used: {reason}. Choose another one with --port."
            ),
            port=args.port,
            reason=str(error.strerror or error),
        ) from error
    words = translate("cli", "KIE simulator on {url} (Ctrl+C stops it)")
    if refused := _announce(words.format(url=server.base_url)):
        server.stop()
        log.error(
            "the simulator stopped: its address could not be written to stderr (%s)",
            refused,
            extra={"event": "simulator_unannounced"},
        )
        return EXIT_JOB_FAILED
    try:
        await asyncio.to_thread(server.serve_forever)
    except asyncio.CancelledError:
        uncancel()  # Ctrl+C is how it is stopped, as it says: done, not "interrupted"
    finally:
        server.stop()
    return EXIT_OK


def _announce(line: str) -> str | None:
    """Write ``line`` on stderr; the system's reason when stderr refuses it (a full disk),
    stderr then pointed at devnull, so that nothing written later fails again. None said
    nowhere, as asked, when it was closed from the start (``2>&-``)."""
    if sys.stderr is None:
        return None
    try:
        print(printable(line), file=sys.stderr, flush=True)
    except OSError as error:
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stderr.fileno())
        return error.strerror or type(error).__name__
    return None
