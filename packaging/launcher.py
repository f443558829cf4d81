"""The frozen app's entry point (PyInstaller runs this file as ``__main__``)."""

from kontext_studio.entry import main

raise SystemExit(main())
