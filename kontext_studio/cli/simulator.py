"""``simulator``: the KIE simulator on 127.0.0.1, until Ctrl+C."""

from __future__ import annotations

import argparse
import asyncio

from kontext_studio.cli.output import EXIT_OK, say
from kontext_studio.cli.signals import uncancel
from kontext_studio.errors import Refusal
from kontext_studio.i18n import QT_TRANSLATE_NOOP, translate


async def simulator(args: argparse.Namespace) -> int:
    from kontext_studio.simulator import Simulator, SimulatorConfig

    # Nothing in this process reads the log of requests: kept, it grew with each one.
    config = SimulatorConfig(latency_s=(args.min_latency, args.max_latency), log_requests=False)
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
    say(translate("cli", "KIE simulator on {url} (Ctrl+C stops it)").format(url=server.base_url))
    try:
        await asyncio.to_thread(server.serve_forever)
    except asyncio.CancelledError:
        uncancel()  # Ctrl+C is how it is stopped, as it says: done, not "interrupted"
    finally:
        server.stop()
    return EXIT_OK
