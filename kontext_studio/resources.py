"""Where the app's resources (icons, translations, desktop files) are, however it was started.

No Qt here: the CLI, the packaging scripts and the tests use it too. The folder is looked for,
in order, at:

1. ``$KONTEXT_STUDIO_RESOURCES`` (a distribution package that installs the files elsewhere);
2. ``sys._MEIPASS/resources`` inside a PyInstaller bundle (``packaging/kontext-studio.spec``);
3. ``resources/`` beside the package: a source checkout or an editable install;
4. ``<prefix>/share/kontext-studio/resources``: a wheel that installs them as data files, in
   the environment's prefix or the user's (``pip install --user``).

The first that holds ``kontext-studio.desktop`` wins (a folder named ``resources`` from some
other distribution is skipped; the override only has to exist). With none,
:func:`resources_dir` names the checkout's folder (so messages point somewhere sensible) and
the file helpers return ``None``.
"""

from __future__ import annotations

import os
import site
import sys
from pathlib import Path

from kontext_studio import APP_ID

RESOURCES_ENV = "KONTEXT_STUDIO_RESOURCES"
ICON_NAME = APP_ID
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def candidate_dirs() -> list[Path]:
    """Every place the resources folder may be, most specific first."""
    found: list[Path] = []
    override = os.environ.get(RESOURCES_ENV)
    if override:
        found.append(Path(override).expanduser())
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        found.append(Path(bundle) / "resources")
    found.append(Path(__file__).resolve().parent.parent / "resources")
    prefixes = [sys.prefix]
    user_base = getattr(site, "USER_BASE", None) or site.getuserbase()
    if user_base:
        prefixes.append(user_base)
    found.extend(Path(p) / "share" / APP_ID / "resources" for p in prefixes)
    return found


def resources_dir() -> Path:
    """The resources folder in use (see the module's docstring for the search order)."""
    override = os.environ.get(RESOURCES_ENV)
    for folder in candidate_dirs():
        # A folder named "resources" is common; ours is the one with our desktop entry.
        if (folder / f"{APP_ID}.desktop").is_file() or (
            override and folder == Path(override).expanduser() and folder.is_dir()
        ):
            return folder
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path | None:
    """A file or folder under the resources folder, or ``None`` when it is not there."""
    path = resources_dir().joinpath(*parts)
    return path if path.exists() else None


def icon_path(size: int | None = None) -> Path | None:
    """The app icon: the SVG for ``None``; else the PNG of exactly ``size`` pixels, or the
    smallest larger one, or the largest there is. ``None`` when there is no icon at all."""
    icons = resources_dir() / "icons"
    if size is None:
        svg = icons / f"{ICON_NAME}.svg"
        if svg.is_file():
            return svg
    pngs = icon_sizes()
    if not pngs:
        return None
    if size is None:
        return pngs[max(pngs)]
    if size <= 0:
        raise ValueError("icon size must be positive")
    larger = [s for s in pngs if s >= size]
    return pngs[min(larger)] if larger else pngs[max(pngs)]


def icon_sizes() -> dict[int, Path]:
    """Every rendered PNG of the icon, by size (``icons/hicolor/<N>x<N>/apps/``)."""
    hicolor = resources_dir() / "icons" / "hicolor"
    found: dict[int, Path] = {}
    for size in ICON_SIZES:
        path = hicolor / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"
        if path.is_file():
            found[size] = path
    return found


def icon_files() -> list[Path]:
    """All icon files, PNG sizes first and the SVG last: add them all to one QIcon so every
    size is sharp even where Qt's SVG icon engine is missing."""
    sizes = icon_sizes()
    files = [sizes[s] for s in sorted(sizes)]
    svg = resources_dir() / "icons" / f"{ICON_NAME}.svg"
    if svg.is_file():
        files.append(svg)
    return files


def translations_dir() -> Path | None:
    """``resources/translations`` (compiled ``.qm`` files), when present."""
    return resource("translations")
