"""Kontext Studio: a desktop creation app for artists on KIE's Flux Kontext API."""

__version__ = "0.1.0"
APP_NAME = "Kontext Studio"
APP_ID = "kontext-studio"
