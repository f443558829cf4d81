"""Installing the app's language into Qt (the window) or into the CLI's lookups.

Which language: :func:`choose_language` (``$KONTEXT_STUDIO_LANG``, ``Settings.language``, the
system locale; see :mod:`kontext_studio.i18n`). Which file: :func:`kontext_studio.i18n.catalogue`
(a built ``.qm``, or the ``.ts`` compiled on demand into the cache folder). This module adds
what needs Qt:

* :func:`install` for the window: our catalogue and Qt's own ``qtbase_<lang>.qm`` (the buttons
  of standard dialogs: Save, Cancel, Yes...) as ``QTranslator``\\ s on the application, the
  default ``QLocale`` for numbers and dates, and, once our catalogue is loaded,
  ``QCoreApplication.translate`` as the core's lookup, so ``explain.explain`` speaks the same
  language as the widgets (and writes its dates as they do: :func:`moment`). Call it before any
  widget is built: texts are set once, in constructors, so a new language shows after a
  restart (the settings dialog says so).
* :func:`install_for_cli`: a bare ``QTranslator`` (QtCore only, no application) whose lookup
  the CLI's human lines and error words go through.

A missing catalogue (no ``.qm`` and no lrelease to build one) leaves the app in English and
logs why; it never stops the app from starting.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDateTime, QLibraryInfo, QLocale, QTime, QTranslator

from kontext_studio import i18n
from kontext_studio.config import Paths, load_settings
from kontext_studio.errors import StorageError

log = logging.getLogger(__name__)

# The CLI's translator: referenced here so it lives as long as the lookups that use it.
_cli_translator: QTranslator | None = None


def system_languages() -> list[str]:
    """The system's languages: the environment (as gettext reads it), else Qt's view of the
    system locale (Windows and macOS settings, where no variable is set)."""
    return i18n.system_languages() or list(QLocale.system().uiLanguages())


def choose_language(setting: str = "") -> str:
    """The language to show for the saved ``Settings.language`` (``""``: the system's)."""
    return i18n.choose(setting, system_languages())


def qt_catalogue(language: str) -> Path | None:
    """Qt's own ``qtbase_<lang>.qm``, from Qt's translations folder or PySide6's copy."""
    import PySide6

    name = f"qtbase_{language}.qm"
    folders = [
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        Path(PySide6.__file__).resolve().parent / "Qt" / "translations",
    ]
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    return None


def _locale_for(language: str) -> QLocale:
    return QLocale("zh_CN" if language == i18n.CHINESE else "en_US")


_shown = i18n.ENGLISH
"""The language :func:`install` put in place last: the one the window's words are in."""


def shown_language() -> str:
    """The language the window shows: set as it is built, so one saved in Settings since
    shows only after a restart."""
    return _shown


@dataclass
class Installed:
    """What :func:`install` put in place; :meth:`remove` takes it out again (tests)."""

    language: str
    translators: list[QTranslator] = field(default_factory=list)
    previous_locale: QLocale | None = None

    def remove(self) -> None:
        global _shown
        _shown = i18n.ENGLISH
        for translator in self.translators:
            QCoreApplication.removeTranslator(translator)
        self.translators.clear()
        if self.previous_locale is not None:
            QLocale.setDefault(self.previous_locale)
            self.previous_locale = None
        i18n.install(None)


def grouped(count: int) -> str:
    """``count`` as the artist's language writes a number: "3,000" in English and Chinese,
    never "3000" (not even in the "C" locale, which leaves grouping out by default). Only
    the words shown: singular or plural is chosen on the number itself, before it is
    written."""
    locale = QLocale()
    locale.setNumberOptions(QLocale.NumberOption.DefaultNumberOptions)
    return locale.toString(count)


def moment(timestamp: float, locale: QLocale | None = None) -> str:
    """``timestamp`` (seconds since the epoch) as the window writes a date and time: short,
    in ``locale``'s way (by default the window's, which :func:`install` sets)."""
    when = QDateTime.fromMSecsSinceEpoch(int(timestamp * 1000))
    return (locale or QLocale()).toString(when, QLocale.FormatType.ShortFormat)


def clock_time(timestamp: float) -> str:
    """The time of day of ``timestamp`` (seconds since the epoch), short, as the window's
    language writes it ("21:05", "9:05 PM"): for a line as short as a tile's."""
    when = QDateTime.fromMSecsSinceEpoch(int(timestamp * 1000)).time()
    return QLocale().toString(when, QLocale.FormatType.ShortFormat)


def widest_clock_time() -> str:
    """:func:`clock_time` at about its widest (two-digit hours, and the evening's suffix
    where the language has one), for a line sized for every time it may say."""
    return QLocale().toString(QTime(22, 58), QLocale.FormatType.ShortFormat)


def install(app: QCoreApplication, language: str, cache_dir: Path | None = None) -> Installed:
    """Load ``language`` into ``app`` (see the module docstring). Returns what was installed;
    its ``language`` is ``en`` when the catalogue could not be loaded."""
    global _shown
    _shown = i18n.ENGLISH
    installed = Installed(i18n.ENGLISH)
    # The core's dates are written as the window's are; its words are looked up in Qt's
    # catalogue once one is loaded, not before: a lookup with none left every detail as it
    # was, which explain takes for KIE's own words, so the English window read "KIE says:
    # “KIE turned the request away”" of the app's own.
    i18n.install(None, moment)
    if language == i18n.ENGLISH:
        # English words with a Chinese (or the bare "C") system locale would show dates as
        # "28 11 2026"; an English system locale (en_GB, en_AU...) keeps its own formats.
        if QLocale.system().language() != QLocale.Language.English:
            installed.previous_locale = QLocale()
            QLocale.setDefault(_locale_for(language))
        return installed
    path = i18n.catalogue(language, cache_dir)
    ours = QTranslator(app)
    if path is None or not ours.load(str(path)):
        log.warning(
            "no translation catalogue: the window stays in English",
            extra={"event": "i18n_missing", "language": language, "path": str(path or "")},
        )
        return installed
    QCoreApplication.installTranslator(ours)
    installed.translators.append(ours)
    i18n.install(QCoreApplication.translate, moment)
    installed.language = language
    qt_path = qt_catalogue(language)
    if qt_path is not None:
        qt = QTranslator(app)
        if qt.load(str(qt_path)):
            QCoreApplication.installTranslator(qt)
            installed.translators.append(qt)
    if i18n.normalize(QLocale.system().name()) != language:
        installed.previous_locale = QLocale()
        QLocale.setDefault(_locale_for(language))
    log.info("language", extra={"event": "i18n_installed", "language": language})
    _shown = language
    return installed


def install_for_cli(language: str, cache_dir: Path | None = None) -> bool:
    """Route the core's :func:`kontext_studio.i18n.translate` through ``language``'s
    catalogue, without a QCoreApplication. ``False`` (English) when there is none."""
    global _cli_translator
    path = i18n.catalogue(language, cache_dir)
    translator = QTranslator()
    if path is None or not translator.load(str(path)):
        return False
    _cli_translator = translator

    def lookup(context: str, text: str, disambiguation: str | None = None) -> str:
        return translator.translate(context, text, disambiguation) or text

    i18n.install(lookup, partial(moment, locale=_locale_for(language)))
    return True


def install_saved(app: QCoreApplication) -> Installed:
    """:func:`install` the language the artist chose in Settings (or the system's), with the
    cache folder of ``KONTEXT_STUDIO_HOME`` or the platform for compiling on demand. Without
    usable folders, the system's language: opening the session then says what is wrong."""
    try:
        paths = Paths.from_env()
    except StorageError:
        return install(app, choose_language())
    return install(app, choose_language(load_settings(paths).language), paths.cache)
