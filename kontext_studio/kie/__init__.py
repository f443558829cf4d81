"""Async client for KIE's Flux Kontext API."""

import sys

# httpx imports its command-line client whenever click and pygments are installed (as they are
# beside pytest or Flask, or in any shared environment), and that loads both, and rich if it
# is there, on the way to the window's first frame (~15 ms). The app never runs httpx's
# command line; a None entry makes that one import fail at once, and httpx then defines a stub.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
