"""The PySide6 window: the only package that imports Qt."""

import builtins
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


def _drop_feature_import_hook() -> None:
    """Take out the import hook PySide6 puts in ``builtins.__import__``.

    The hook serves ``from __feature__ import snake_case, true_property``, which the app
    does not use (a test holds it to that). Its price is paid on every import for the life of
    the process: a Python call per import statement and, for each module imported for the
    first time, a read of that module's whole source to see whether it names PySide6 (about
    10 ms of the window's start-up, and more whenever a later feature loads its modules).
    Without the hook, PySide6 looks every attribute up with its default feature set, which
    is what every module here gets anyway."""
    original = getattr(builtins, "__orig_import__", None)
    hook = getattr(builtins, "__feature_import__", None)
    if original is not None and hook is not None and builtins.__import__ is hook:
        builtins.__import__ = original


_load_qasync()
_drop_feature_import_hook()
