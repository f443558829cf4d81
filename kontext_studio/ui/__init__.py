"""The PySide6 window: the only package that imports Qt."""

import os


def _load_qasync() -> None:
    """Import qasync on PySide6. qasync takes its Qt binding from ``QT_API`` when that is
    set (people who use matplotlib or Spyder often set it to ``pyqt5``): the window is
    PySide6 and the bundle carries no other binding, so any other value stopped the app at
    start. ``QT_API`` is put back as it was, for the programs the app opens."""
    saved = os.environ.get("QT_API")
    os.environ["QT_API"] = "pyside6"
    try:
        import qasync  # noqa: F401
    finally:
        if saved is None:
            del os.environ["QT_API"]
        else:
            os.environ["QT_API"] = saved


_load_qasync()
