"""Which errors an asyncio loop's exception handler reports as the app's own.

The window (:mod:`kontext_studio.ui.app`) and the command line
(:mod:`kontext_studio.cli.uncaught`) both set a loop exception handler; both leave to the
loop's own handler what is not an error of the app's work.
"""

from __future__ import annotations


def own_error(context: dict[str, object]) -> Exception | None:
    """The error of the app's work in a loop exception handler's ``context`` (a callback's,
    or a task's nobody awaited), or None for what is not one: a message with no error, a
    connection reset or a transport failing (a server closing, the app closing its
    connections), each failure said by the request that met it."""
    error = context.get("exception")
    if (
        not isinstance(error, Exception)
        or isinstance(error, ConnectionError)
        or "transport" in context
        or "protocol" in context
    ):
        return None
    return error
