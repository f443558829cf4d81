"""What the PyInstaller bundle leaves out: the rules ``kontext-studio.spec`` applies.

Kept apart from the spec (which only PyInstaller can run) so that the test suite can check
them against what the app loads at run time: ``tests/unit/test_packaging.py``. Paths are the
destinations inside the bundle (``_internal/``), as PyInstaller's TOC entries name them.
"""

from __future__ import annotations

from pathlib import Path, PurePath

# Modules the app never imports. Qt: the app uses QtCore, QtGui and QtWidgets (QtSvg's
# library comes in for the SVG icon engine, without its Python module). The rest is other
# bindings, test tooling, and httpx's optional command line (click, pygments, rich), which a
# virtualenv with the test extras installed would otherwise bring along (about 4 MB).
EXCLUDES: tuple[str, ...] = (
    "tkinter",
    "PyQt5",
    "PyQt6",
    "PySide2",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2",
    "PySide6.QtNetwork",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtPrintSupport",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtUiTools",
    "PySide6.QtConcurrent",
    "PySide6.QtXml",
    "PySide6.QtDBus",
    "PySide6.Qt3DCore",
    "PySide6.QtWebEngineCore",
    "PySide6.QtMultimedia",
    "pytest",
    "_pytest",
    "pytest_qt",
    "hypothesis",
    "moto",
    "respx",
    "flask",
    "IPython",
    "numpy",
    "matplotlib",
    "click",
    "pygments",
    "rich",
    # Pillow's AVIF codec (and libavif, about 5 MB): the app reads JPEG, PNG, WebP and GIF
    # only; without it Pillow's AVIF plugin says it is unsupported.
    "PIL._avif",
)

# Qt plugins that a desktop app on X11/Wayland (or the offscreen self-test) never loads:
# embedded-device platforms and their input drivers, and the GTK3 theme, which would drag in
# half a GTK stack from the build machine (cairo, pango, atk...) to clash with the target's.
# ``None``: the whole folder.
UNUSED_PLUGINS: dict[str, frozenset[str] | None] = {
    "egldeviceintegrations": None,
    "generic": None,
    "platforms": frozenset(
        {
            "libqeglfs.so",
            "libqlinuxfb.so",
            "libqminimalegl.so",
            "libqvkkhrdisplay.so",
            "libqvnc.so",
        }
    ),
    "platformthemes": frozenset({"libqgtk3.so"}),
    "imageformats": frozenset({"libqicns.so", "libqtga.so", "libqtiff.so", "libqwbmp.so"}),
}

# Under resources/: what is only there for the repository (the README's screenshots) and the
# translation sources (the bundle carries the compiled .qm catalogues).
_RESOURCES_NOT_SHIPPED = ("screenshots",)
CATALOGUE_PREFIX = "kontext_studio_"


def shipped_languages(translations: Path) -> frozenset[str]:
    """The languages the app has a catalogue for (``kontext_studio_<lang>.ts``)."""
    return frozenset(
        ts.stem.removeprefix(CATALOGUE_PREFIX)
        for ts in translations.glob(f"{CATALOGUE_PREFIX}*.ts")
    )


def keep_data(dest: str, languages: frozenset[str]) -> bool:
    """Whether a collected data file goes into the bundle."""
    parts = PurePath(dest).parts
    if parts[:2] == ("botocore", "data") and len(parts) > 3:
        # botocore reads its service models from data files; only S3 is used (R2).
        return parts[2] == "s3"
    if parts[:3] == ("PySide6", "Qt", "translations"):
        # Qt's own strings (dialog buttons etc.), qtbase_<lang>.qm, for the languages the
        # app speaks: not the tools' (Designer, Assistant...) nor the qt_<lang>.qm
        # meta-catalogs, which pull in the catalogs of modules the app leaves out.
        name = parts[-1]
        return name.startswith("qtbase_") and name[len("qtbase_") : -len(".qm")] in languages
    if parts[:1] == ("resources",):
        if len(parts) > 2 and parts[1] in _RESOURCES_NOT_SHIPPED:
            return False
        if parts[1:2] == ("translations",):
            return parts[-1].endswith(".qm")
    return True


def keep_binary(dest: str) -> bool:
    """Whether a collected library or plugin goes into the bundle (before orphans go)."""
    parts = PurePath(dest).parts
    if parts[:3] != ("PySide6", "Qt", "plugins") or len(parts) < 5:
        return True
    unused = UNUSED_PLUGINS.get(parts[3], frozenset())
    return unused is not None and parts[-1] not in unused


def prunable(dest: str) -> bool:
    """A shared library that stays only if something kept links to it: one collected beside
    the executable as a dependency (``libcairo.so.2``), or one of Qt's own libraries, which
    PyInstaller's PySide6 hook collects whether or not a kept module or plugin needs it
    (QtNetwork, the EGLFS device integration)."""
    path = PurePath(dest)
    if path.parent == PurePath(".") and "python" not in path.name:
        return True
    return path.parent == PurePath("PySide6", "Qt", "lib") and path.name.startswith("libQt6")


Entry = tuple[str, str, str]
"""A TOC entry: destination in the bundle, source (a link's target), type code."""


def without_links_to(entries: list[Entry], dropped: set[str]) -> list[Entry]:
    """``entries`` less the symbolic links to a dropped file: PyInstaller lists the links it
    puts beside the executable (``libQt6Network.so.6`` to ``PySide6/Qt/lib/``) with the data
    files, so they outlive the library they point to unless removed too."""
    return [e for e in entries if e[2] != "SYMLINK" or e[1] not in dropped]
