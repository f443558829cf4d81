"""Kontext Studio: a desktop creation app for artists on KIE's Flux Kontext API."""

import logging

# Until the log file is open (``logs.setup_logging``), the app's records go nowhere rather
# than to Python's last-resort stderr handler: a person reads words, never log lines.
logging.getLogger(__name__).addHandler(logging.NullHandler())

__version__ = "0.1.0"
APP_NAME = "Kontext Studio"
APP_ID = "kontext-studio"
