"""Benchmarks: scripts that print ratios against a floor measured in the same run.

Run them all with ``python benchmarks/run.py [--quick] --json FILE`` (see README.md here).
Nothing in this package asserts a timing; the test suite never imports it.
"""
