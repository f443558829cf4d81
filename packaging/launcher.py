"""The frozen app's entry point (PyInstaller runs this file as ``__main__``)."""

from kontext_studio.cli import main

raise SystemExit(main())
