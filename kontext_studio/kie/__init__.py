"""Async client for KIE's Flux Kontext API."""
