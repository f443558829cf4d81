"""Every keyboard shortcut of the window, defined once.

The menu actions, the library's job actions and the prompt box take their keys from
:data:`SHORTCUTS` through :func:`assign`, and Help → Keyboard shortcuts is generated from the
same table, so the overview cannot drift from what is wired (``tests/ui/test_shortcuts.py``
presses each key and checks its effect). The keys a widget handles itself (the grid's End and
Shift+arrows, the Upload tab's list) are in the table too, marked :attr:`Shortcut.built_in`:
the overview left them out, where the README named them. The README's table of keys is
:func:`readme_table` (a test keeps them one).

A standard key (Paste, Find, ...) is bound by its first platform binding only, as the menus
show it: ``Shift+Ins`` would otherwise paste a reference where the artist expects text.

A key held down acts once, as a click does: only those made to be held (zoom, the next
artwork, the next recent prompt) repeat. Ctrl+Enter held a second sent a job per key repeat
(17 of them, each charged), and Ctrl+R held retried a job already running again.
"""

from __future__ import annotations

import html
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kontext_studio.i18n import QT_TRANSLATE_NOOP
from kontext_studio.ui.font_scale import icons_as_tall_as_text
from kontext_studio.ui.key_focus import focus_as_keys, takes_tab, watch_key_acts
from kontext_studio.ui.link_label import LinkLabel
from kontext_studio.ui.placement import keep_placed
from kontext_studio.ui.scroll_pane import FOCUS_FRAME_PX, ScrollPane

CONTEXT = "Shortcuts"
Key = str | QKeySequence.StandardKey


class Scope(Enum):
    """Where a shortcut works. Library keys only fire while the job list (or the preview)
    has focus, so Delete in the search box deletes text, never an artwork. The full view is
    a window of its own: its keys work anywhere in it."""

    WINDOW = QT_TRANSLATE_NOOP(
        "Shortcuts",
        "Anywhere in the window (the full view closes first; it zooms itself)",
    )
    LIBRARY = QT_TRANSLATE_NOOP("Shortcuts", "In the library (the selected artwork)")
    PROMPT = QT_TRANSLATE_NOOP("Shortcuts", "In the prompt box")
    SEARCH = QT_TRANSLATE_NOOP("Shortcuts", "In the search box")
    FULL_VIEW = QT_TRANSLATE_NOOP("Shortcuts", "In the full view (Return on an artwork)")
    ZOOMED = QT_TRANSLATE_NOOP(
        "Shortcuts", "On a zoomed-in picture (full view; preview once clicked or reached by Tab)"
    )
    RATIOS = QT_TRANSLATE_NOOP("Shortcuts", "In the aspect ratios (one Tab stop)")
    UPLOADS = QT_TRANSLATE_NOOP("Shortcuts", "In the Upload tab's list of files")
    SETTINGS = QT_TRANSLATE_NOOP("Shortcuts", "In Settings")

    @property
    def title(self) -> str:
        return QCoreApplication.translate(CONTEXT, self.value)


@dataclass(frozen=True)
class Shortcut:
    """One action's keys; ``description`` is English and shown through :meth:`text`."""

    key: str
    keys: tuple[Key, ...]
    description: str
    scope: Scope
    repeats: bool = False
    """Whether holding the key acts again at each key repeat (see the module's docstring)."""
    built_in: bool = False
    """Whether the widget handles the key itself (the grid's arrows and End): listed, never
    given to an action by :func:`assign`."""

    def sequences(self) -> list[QKeySequence]:
        return [_sequence(key) for key in self.keys]

    def text(self) -> str:
        return QCoreApplication.translate(CONTEXT, self.description)

    def native(self) -> str:
        """The keys as the platform writes them (``Ctrl+Return`` or ``⌘↩``), ``/``-joined."""
        return self._joined(QKeySequence.SequenceFormat.NativeText)

    def portable(self) -> str:
        """The keys as the README writes them (``Ctrl+Return``), ``/``-joined: those of
        Windows and Linux on any system. On macOS the tabs turn with Control+Tab
        (``Meta+Tab`` to Qt, :data:`_TAB_MODIFIER`), which the README's words tell of."""
        keys = self._joined(QKeySequence.SequenceFormat.PortableText)
        return keys.replace(f"{_TAB_MODIFIER}+", "Ctrl+")

    def _joined(self, form: QKeySequence.SequenceFormat) -> str:
        # Return and Enter read the same in some languages (回车): say it once.
        return " / ".join(dict.fromkeys(sequence.toString(form) for sequence in self.sequences()))


def _sequence(key: Key) -> QKeySequence:
    if isinstance(key, QKeySequence.StandardKey):
        bindings = QKeySequence.keyBindings(key)
        return bindings[0] if bindings else QKeySequence()
    return QKeySequence(key)


_W, _L, _P, _S, _F = Scope.WINDOW, Scope.LIBRARY, Scope.PROMPT, Scope.SEARCH, Scope.FULL_VIEW
_R, _U, _Z, _G = Scope.RATIOS, Scope.UPLOADS, Scope.ZOOMED, Scope.SETTINGS
_STD = QKeySequence.StandardKey
_TAB_MODIFIER = "Meta" if sys.platform == "darwin" else "Ctrl"
"""Qt reads Ctrl as Command on macOS, where Command+Tab is the system's switch between
applications and never reaches the window: the tabs turn with Control+Tab there (Meta to Qt),
as in Safari and Finder."""

_ARTWORK_KEYS: dict[str, tuple[Key, ...]] = {
    "rename": ("F2",),
    "details": ("Ctrl+I",),
    "star": ("Ctrl+D",),
    "retry": ("Ctrl+R",),
    "publish": ("Ctrl+P",),
    "delete": (_STD.Delete,),
    "copy_image": (_STD.Copy,),
    "copy_prompt": ("Ctrl+Shift+C",),
    "save_as": (_STD.Save,),
    "actions_menu": ("Shift+F10", "Menu"),
    "undo": ("Ctrl+Z",),
    "redo": ("Ctrl+Shift+Z", "Ctrl+Y"),
}
"""The keys of the library's actions on an artwork (and of its Undo and Redo), written once:
the full view's rows for the artwork it shows (``…_shown``, :func:`same_in_full_view`) are
the same keys."""

SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut(
        "generate",
        ("Ctrl+Return", "Ctrl+Enter"),
        # Not from the Upload tab or the full view, where the prompt it would send is out of
        # sight.
        QT_TRANSLATE_NOOP(
            "Shortcuts", "Generate (Upload tab, full view: show the prompt, sending nothing)"
        ),
        _W,
    ),
    Shortcut(
        "paste_reference",
        (_STD.Paste,),
        QT_TRANSLATE_NOOP(
            "Shortcuts", "Paste a reference image (an image pasted into the prompt works too)"
        ),
        _W,
    ),
    Shortcut("search", (_STD.Find,), QT_TRANSLATE_NOOP("Shortcuts", "Search the library"), _W),
    # A browser's Ctrl+L, to its address bar: from the library, the Upload tab or the full
    # view, the prompt took Ctrl+Tab twice or a chain of Shift+Tabs.
    Shortcut(
        "go_to_prompt",
        ("Ctrl+L",),
        QT_TRANSLATE_NOOP("Shortcuts", "Go to the prompt, its words selected to type over"),
        _W,
    ),
    Shortcut(
        "zoom_in",
        ("Ctrl++", "Ctrl+="),
        QT_TRANSLATE_NOOP("Shortcuts", "Zoom the preview in"),
        _W,
        repeats=True,
    ),
    Shortcut(
        "zoom_out",
        ("Ctrl+-",),
        QT_TRANSLATE_NOOP("Shortcuts", "Zoom the preview out"),
        _W,
        repeats=True,
    ),
    Shortcut(
        "zoom_fit", ("Ctrl+0",), QT_TRANSLATE_NOOP("Shortcuts", "Fit the preview to the window"), _W
    ),
    Shortcut(
        "zoom_actual",
        ("Ctrl+1",),
        QT_TRANSLATE_NOOP("Shortcuts", "Preview at 100 % (one pixel of the file per screen pixel)"),
        _W,
    ),
    Shortcut(
        "next_tab",
        (f"{_TAB_MODIFIER}+Tab", "Ctrl+PgDown"),
        QT_TRANSLATE_NOOP("Shortcuts", "Next tab (Generate, Upload), from the library too"),
        _W,
    ),
    Shortcut(
        "previous_tab",
        (f"{_TAB_MODIFIER}+Shift+Tab", "Ctrl+PgUp"),
        QT_TRANSLATE_NOOP("Shortcuts", "Previous tab"),
        _W,
    ),
    # Openbox and LXDE take Alt+Shift+arrows for themselves: View (Alt+V) has them too.
    Shortcut(
        "widen_preview",
        ("Alt+Shift+Right",),
        QT_TRANSLATE_NOOP("Shortcuts", "Widen the preview (the library narrower)"),
        _W,
    ),
    Shortcut(
        "narrow_preview",
        ("Alt+Shift+Left",),
        QT_TRANSLATE_NOOP("Shortcuts", "Narrow the preview (the library wider)"),
        _W,
    ),
    Shortcut(
        "taller_details",
        ("Alt+Shift+Up",),
        QT_TRANSLATE_NOOP("Shortcuts", "Taller details in the preview (a shorter picture)"),
        _W,
    ),
    Shortcut(
        "shorter_details",
        ("Alt+Shift+Down",),
        QT_TRANSLATE_NOOP("Shortcuts", "Shorter details in the preview (a taller picture)"),
        _W,
    ),
    # T as in View → S&tatistics: Ctrl+Shift+S is Save as… in many programs.
    Shortcut(
        "statistics",
        ("Ctrl+Shift+T",),
        QT_TRANSLATE_NOOP("Shortcuts", "Statistics of the jobs"),
        _W,
    ),
    Shortcut("settings", ("Ctrl+,",), QT_TRANSLATE_NOOP("Shortcuts", "Settings"), _W),
    Shortcut("quit", ("Ctrl+Q",), QT_TRANSLATE_NOOP("Shortcuts", "Quit"), _W),
    Shortcut(
        "shortcuts",
        (_STD.HelpContents,),
        QT_TRANSLATE_NOOP("Shortcuts", "Show these keyboard shortcuts"),
        _W,
    ),
    Shortcut(
        "recent_prompts", ("Alt+Down",), QT_TRANSLATE_NOOP("Shortcuts", "Show recent prompts"), _P
    ),
    Shortcut(
        "older_prompt",
        ("Ctrl+Up",),
        QT_TRANSLATE_NOOP("Shortcuts", "Previous recent prompt"),
        _P,
        repeats=True,
    ),
    Shortcut(
        "newer_prompt",
        ("Ctrl+Down",),
        QT_TRANSLATE_NOOP("Shortcuts", "Next recent prompt (back to what you typed)"),
        _P,
        repeats=True,
    ),
    Shortcut(
        "full_view",
        ("Return", "Enter"),
        QT_TRANSLATE_NOOP("Shortcuts", "View the artwork full screen (of several, the one shown)"),
        _L,
    ),
    Shortcut(
        "cancel",
        ("Esc",),
        QT_TRANSLATE_NOOP(
            "Shortcuts", "Cancel the job (several, none running: select just the one shown)"
        ),
        _L,
    ),
    Shortcut("rename", _ARTWORK_KEYS["rename"], QT_TRANSLATE_NOOP("Shortcuts", "Rename"), _L),
    Shortcut(
        "details",
        _ARTWORK_KEYS["details"],
        QT_TRANSLATE_NOOP("Shortcuts", "Edit title, description and tags (add tags to several)"),
        _L,
    ),
    Shortcut("star", _ARTWORK_KEYS["star"], QT_TRANSLATE_NOOP("Shortcuts", "Star or unstar"), _L),
    Shortcut(
        "undo",
        _ARTWORK_KEYS["undo"],
        QT_TRANSLATE_NOOP(
            "Shortcuts", "Undo the last Rename, Edit details, Add tags, Star or Delete"
        ),
        _L,
    ),
    Shortcut(
        "redo",
        _ARTWORK_KEYS["redo"],
        QT_TRANSLATE_NOOP("Shortcuts", "Redo what Undo took back"),
        _L,
    ),
    Shortcut(
        "retry", _ARTWORK_KEYS["retry"], QT_TRANSLATE_NOOP("Shortcuts", "Retry a failed job"), _L
    ),
    Shortcut(
        "publish", _ARTWORK_KEYS["publish"], QT_TRANSLATE_NOOP("Shortcuts", "Publish to R2"), _L
    ),
    Shortcut(
        "delete", _ARTWORK_KEYS["delete"], QT_TRANSLATE_NOOP("Shortcuts", "Delete (asks first)"), _L
    ),
    Shortcut(
        "copy_image",
        _ARTWORK_KEYS["copy_image"],
        QT_TRANSLATE_NOOP("Shortcuts", "Copy the image"),
        _L,
    ),
    Shortcut(
        "copy_prompt",
        _ARTWORK_KEYS["copy_prompt"],
        QT_TRANSLATE_NOOP("Shortcuts", "Copy the prompt"),
        _L,
    ),
    Shortcut(
        "save_as",
        _ARTWORK_KEYS["save_as"],
        QT_TRANSLATE_NOOP("Shortcuts", "Save the image as… (several into a folder)"),
        _L,
    ),
    Shortcut(
        "select_all",
        (_STD.SelectAll,),
        QT_TRANSLATE_NOOP("Shortcuts", "Select every artwork shown"),
        _L,
    ),
    Shortcut(
        "actions_menu",
        _ARTWORK_KEYS["actions_menu"],
        QT_TRANSLATE_NOOP("Shortcuts", "Every action for the artwork (a menu)"),
        _L,
    ),
    # Two rows, not one of four keys: its width put the overview in one column on a
    # 1400 px screen.
    Shortcut(
        "select_range",
        ("Shift+Left", "Shift+Right"),
        QT_TRANSLATE_NOOP("Shortcuts", "Select a range of artworks (Ctrl+click: one more)"),
        _L,
        built_in=True,
    ),
    Shortcut(
        "select_rows",
        ("Shift+Up", "Shift+Down"),
        QT_TRANSLATE_NOOP("Shortcuts", "Select a range of artworks, a row at a time"),
        _L,
        built_in=True,
    ),
    Shortcut(
        "grid_first",
        ("Home",),
        QT_TRANSLATE_NOOP("Shortcuts", "First artwork"),
        _L,
        built_in=True,
    ),
    Shortcut(
        "grid_last",
        ("End",),
        QT_TRANSLATE_NOOP("Shortcuts", "Last artwork of the whole library (the rest is read)"),
        _L,
        built_in=True,
    ),
    Shortcut(
        "select_to_last",
        ("Shift+End",),
        QT_TRANSLATE_NOOP("Shortcuts", "Select up to the last artwork of the whole library"),
        _L,
        built_in=True,
    ),
    Shortcut("clear_search", ("Esc",), QT_TRANSLATE_NOOP("Shortcuts", "Clear the search"), _S),
    # Return too: pressed after the words typed, it did nothing.
    Shortcut(
        "search_to_grid",
        ("Down", "Return", "Enter"),
        QT_TRANSLATE_NOOP("Shortcuts", "Go to the artworks found (the search run at once)"),
        _S,
    ),
    Shortcut(
        "close_full_view",
        ("Esc", "Return", "Enter"),
        QT_TRANSLATE_NOOP("Shortcuts", "Back to the window"),
        _F,
    ),
    # Zoomed past the screen, these move the picture instead (Scope.ZOOMED).
    Shortcut(
        "previous_artwork",
        ("Left",),
        QT_TRANSLATE_NOOP("Shortcuts", "Previous artwork (while the picture fits across)"),
        _F,
        repeats=True,
    ),
    Shortcut(
        "next_artwork",
        ("Right",),
        QT_TRANSLATE_NOOP("Shortcuts", "Next artwork (while the picture fits across)"),
        _F,
        repeats=True,
    ),
    Shortcut(
        "first_artwork",
        ("Home",),
        QT_TRANSLATE_NOOP("Shortcuts", "First artwork (while the picture fits)"),
        _F,
    ),
    Shortcut(
        "last_artwork",
        ("End",),
        QT_TRANSLATE_NOOP("Shortcuts", "Last artwork (while the picture fits)"),
        _F,
    ),
    Shortcut(
        "delete_shown",
        _ARTWORK_KEYS["delete"],
        QT_TRANSLATE_NOOP("Shortcuts", "Delete the artwork (asks first), then show the next"),
        _F,
    ),
    Shortcut(
        "star_shown",
        _ARTWORK_KEYS["star"],
        QT_TRANSLATE_NOOP("Shortcuts", "Star or unstar the artwork"),
        _F,
    ),
    # The library's keys for one artwork, on the one shown: a picture viewer's F2 renames
    # the picture it shows. They did nothing there.
    Shortcut(
        "rename_shown",
        _ARTWORK_KEYS["rename"],
        QT_TRANSLATE_NOOP("Shortcuts", "Rename the artwork"),
        _F,
    ),
    Shortcut(
        "details_shown",
        _ARTWORK_KEYS["details"],
        QT_TRANSLATE_NOOP("Shortcuts", "Edit its title, description and tags"),
        _F,
    ),
    Shortcut(
        "save_as_shown",
        _ARTWORK_KEYS["save_as"],
        QT_TRANSLATE_NOOP("Shortcuts", "Save the image as…"),
        _F,
    ),
    Shortcut(
        "copy_image_shown",
        _ARTWORK_KEYS["copy_image"],
        QT_TRANSLATE_NOOP("Shortcuts", "Copy the image"),
        _F,
    ),
    Shortcut(
        "copy_prompt_shown",
        _ARTWORK_KEYS["copy_prompt"],
        QT_TRANSLATE_NOOP("Shortcuts", "Copy the prompt"),
        _F,
    ),
    Shortcut(
        "publish_shown",
        _ARTWORK_KEYS["publish"],
        QT_TRANSLATE_NOOP("Shortcuts", "Publish the artwork to R2"),
        _F,
    ),
    Shortcut(
        "retry_shown",
        _ARTWORK_KEYS["retry"],
        QT_TRANSLATE_NOOP("Shortcuts", "Retry the job (failed, timed out or cancelled)"),
        _F,
    ),
    Shortcut(
        "actions_menu_shown",
        _ARTWORK_KEYS["actions_menu"],
        QT_TRANSLATE_NOOP("Shortcuts", "Every action for the artwork (a menu)"),
        _F,
    ),
    # The library's Undo and Redo: a Delete there says Ctrl+Z brings the artwork back.
    Shortcut(
        "undo_shown",
        _ARTWORK_KEYS["undo"],
        QT_TRANSLATE_NOOP(
            "Shortcuts", "Undo the last Rename, Edit details, Add tags, Star or Delete"
        ),
        _F,
    ),
    Shortcut(
        "redo_shown",
        _ARTWORK_KEYS["redo"],
        QT_TRANSLATE_NOOP("Shortcuts", "Redo what Undo took back"),
        _F,
    ),
    Shortcut(
        "compare",
        ("C",),
        QT_TRANSLATE_NOOP("Shortcuts", "Before and after, for an edit (drag the slider)"),
        _F,
    ),
    Shortcut(
        "move_slider",
        ("Shift+Left", "Shift+Right"),
        QT_TRANSLATE_NOOP("Shortcuts", "Move the before/after slider (in the preview too)"),
        _F,
        built_in=True,
    ),
    # Two rows: the full view's footer names the keys that move the picture the way it
    # moves (up and down, across, or both).
    Shortcut(
        "pan_step",
        ("Up", "Down"),
        QT_TRANSLATE_NOOP("Shortcuts", "Scroll the picture a step up or down"),
        _Z,
        built_in=True,
    ),
    Shortcut(
        "pan_across",
        ("Left", "Right"),
        QT_TRANSLATE_NOOP("Shortcuts", "Scroll a wide picture a step across"),
        _Z,
        built_in=True,
    ),
    Shortcut(
        "pan_page",
        ("PgUp", "PgDown"),
        QT_TRANSLATE_NOOP("Shortcuts", "Scroll the picture by most of the view"),
        _Z,
        built_in=True,
    ),
    Shortcut(
        "pan_ends",
        ("Home", "End"),
        QT_TRANSLATE_NOOP(
            "Shortcuts", "To the top or bottom of the picture (the edges of a wide one)"
        ),
        _Z,
        built_in=True,
    ),
    Shortcut(
        "choose_ratio",
        ("Left", "Right"),
        QT_TRANSLATE_NOOP("Shortcuts", "Choose another aspect ratio"),
        _R,
        built_in=True,
    ),
    Shortcut(
        "choose_upload",
        ("Up", "Down"),
        QT_TRANSLATE_NOOP("Shortcuts", "Choose another file"),
        _U,
        built_in=True,
    ),
    Shortcut(
        "remove_upload",
        ("Del", "Backspace"),
        QT_TRANSLATE_NOOP("Shortcuts", "Take the file off the list"),
        _U,
        built_in=True,
    ),
    # Settings' pages, in the order of its tabs (PageTabs gives each its Alt+number): they
    # worked, and only the tabs' tooltips said so.
    Shortcut(
        "settings_page_1",
        ("Alt+1",),
        QT_TRANSLATE_NOOP("Shortcuts", "The KIE account page"),
        _G,
        built_in=True,
    ),
    Shortcut(
        "settings_page_2",
        ("Alt+2",),
        QT_TRANSLATE_NOOP("Shortcuts", "The Defaults page"),
        _G,
        built_in=True,
    ),
    Shortcut(
        "settings_page_3",
        ("Alt+3",),
        QT_TRANSLATE_NOOP("Shortcuts", "The Library page"),
        _G,
        built_in=True,
    ),
    Shortcut(
        "settings_page_4",
        ("Alt+4",),
        QT_TRANSLATE_NOOP("Shortcuts", "The Publishing (R2) page"),
        _G,
        built_in=True,
    ),
    Shortcut(
        "settings_page_5",
        ("Alt+5",),
        QT_TRANSLATE_NOOP("Shortcuts", "The Language page"),
        _G,
        built_in=True,
    ),
)
WINDOW_WIDE = frozenset({Scope.WINDOW, Scope.FULL_VIEW})
BY_KEY: dict[str, Shortcut] = {shortcut.key: shortcut for shortcut in SHORTCUTS}


def assign(action: QAction, key: str) -> QAction:
    """Give ``action`` the keys defined for ``key`` (nothing when none are). Library, prompt
    and search keys work only where the action was added to the focused widget; window and
    full-view keys anywhere in the window the action was added to."""
    shortcut = BY_KEY.get(key)
    if shortcut is None or shortcut.built_in:
        return action
    action.setShortcuts(shortcut.sequences())
    action.setAutoRepeat(shortcut.repeats)
    watch_key_acts(action)
    if shortcut.scope not in WINDOW_WIDE:
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    return action


def greyed_keys(action: QAction, widget: QWidget, say: Callable[[], None]) -> QAction:
    """An action of ``widget`` with ``action``'s keys, where they work, calling ``say`` (to
    say why ``action`` is greyed). Enabled by the caller exactly while ``action`` is
    greyed, it takes the keys a greyed action leaves doing nothing and saying nothing. Once
    a press: at each repeat of a held key, a screen reader said it again (Qt's shortcut map
    takes the repeats of a key whose action does not repeat, so none reaches ``widget``)."""
    keys = QAction(widget)
    keys.setShortcuts(action.shortcuts())
    keys.setShortcutContext(action.shortcutContext())
    keys.setAutoRepeat(False)
    keys.triggered.connect(say)
    widget.addAction(keys)
    return keys


def go_key_accepts(dialog: QDialog) -> QAction:
    """The app's go key (Generate's Ctrl+Return and Ctrl+Enter, ⌘↩ on a Mac) accepts
    ``dialog`` from any of its fields: a box of several lines, where Return is a new line,
    too. Qt's dialog takes Return and Enter alone, and with Ctrl held they did nothing. Once
    a press, as Generate is."""
    action = QAction(dialog)
    action.setShortcuts(BY_KEY["generate"].sequences())
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setAutoRepeat(False)
    action.triggered.connect(dialog.accept)
    dialog.addAction(action)
    return action


def same_in_full_view(key: str) -> bool:
    """Whether the library's keys for the action ``key`` do it in the full view too (its
    ``{key}_shown``): Esc, Cancel's in the library, goes back to the window there."""
    library, shown = BY_KEY.get(key), BY_KEY.get(f"{key}_shown")
    return library is not None and shown is not None and shown.keys == library.keys


def keys_text(key: str) -> str:
    """The first keys of ``key`` as the menus write them on this platform (``Ctrl+Return``,
    ``⌘↩`` on a Mac), for a sentence that names them: the sentences once said "Ctrl+Enter"
    on every system, a key a Mac keyboard does not have."""
    return BY_KEY[key].sequences()[0].toString(QKeySequence.SequenceFormat.NativeText)


_ARROWS = {Qt.Key.Key_Left: "←", Qt.Key.Key_Right: "→", Qt.Key.Key_Up: "↑", Qt.Key.Key_Down: "↓"}


def drawn_keys(key: str) -> str:
    """Every key of ``key`` as the menus write them on this platform, an arrow key drawn as
    its arrow ("← →" for Left and Right), space-separated, the modifiers they all share
    written once ("Shift+← →"): a line that names many keys (the full view's footer) has
    little room for "Left Right"."""
    drawn = [_drawn(sequence) for sequence in BY_KEY[key].sequences()]
    held = _held(drawn)
    return held + " ".join(text[len(held) :] for text in drawn)


def _held(drawn: list[str]) -> str:
    """The modifiers ("Shift+") that each of several ``drawn`` keys is held with; empty for
    one key, for keys held otherwise, and where modifiers are written without a "+"
    (macOS: "⇧←"). The last character is the key's own, a "+" in "Ctrl++"."""
    first = drawn[0]
    held = first[: first.rfind("+", 0, len(first) - 1) + 1]
    if len(drawn) < 2 or not all(text.startswith(held) for text in drawn):
        return ""
    return held


def _drawn(sequence: QKeySequence) -> str:
    native = QKeySequence.SequenceFormat.NativeText
    text = sequence.toString(native)
    for key, arrow in _ARROWS.items():
        bare = QKeySequence(key).toString(native)  # "Left"; "←" on macOS
        held = text.removesuffix(bare)
        # The arrow key itself, alone or held with modifiers: not the "Up" of "PgUp".
        if held != text and (not held or held.endswith("+")):
            return held + arrow
    return text


def rows() -> list[tuple[str, str, str]]:
    """(keys, what they do, where) for every shortcut, in the table's order."""
    return [(s.native(), s.text(), s.scope.title) for s in SHORTCUTS]


Columns = tuple[tuple[Scope, ...], ...]
TWO_COLUMNS: Columns = (
    (
        Scope.WINDOW,
        Scope.ZOOMED,
        Scope.PROMPT,
        Scope.SEARCH,
        Scope.RATIOS,
        Scope.UPLOADS,
        Scope.SETTINGS,
    ),
    (Scope.LIBRARY, Scope.FULL_VIEW),
)
"""In one column the overview is taller than a laptop screen; two where they fit. The keys
of a zoomed picture under the zoom keys, in the wider column: beside the full view's, their
words put the overview in one column on a 1400 px screen."""
ONE_COLUMN: Columns = (tuple(Scope),)


def overview_html(columns: Columns = ONE_COLUMN, *, wrap: bool = False) -> str:
    """The Help → Keyboard shortcuts table: one section per scope, in ``columns``; with
    ``wrap``, what the keys do wraps between words (the keys themselves never do)."""
    cells = "".join(
        f"<td valign='top' style='padding-right:24px'>{_scopes_html(column, wrap)}</td>"
        for column in columns
    )
    return f"<table cellspacing='0' cellpadding='0'><tr>{cells}</tr></table>"


def _scopes_html(scopes: tuple[Scope, ...], wrap: bool) -> str:
    what_style = "" if wrap else " style='white-space:nowrap'"
    parts = ["<table cellspacing='0' cellpadding='3'>"]
    for scope in scopes:
        parts.append(
            f"<tr><td colspan='2' style='padding-top:8px'><b>{html.escape(scope.title)}</b>"
            "</td></tr>"
        )
        for shortcut in SHORTCUTS:
            if shortcut.scope is scope:
                parts.append(
                    "<tr><td style='padding-left:12px; padding-right:18px; white-space:nowrap'>"
                    f"{html.escape(shortcut.native())}</td>"
                    f"<td{what_style}>{html.escape(shortcut.text())}</td></tr>"
                )
    parts.append("</table>")
    return "".join(parts)


def readme_table() -> str:
    """The overview in English as the README's "Keyboard shortcuts" section lists it, one
    table per scope (``tests/ui/test_shortcuts.py`` keeps the README to it)."""
    lines: list[str] = []
    for scope in Scope:
        lines += [f"*{scope.value}*", "", "| Keys | What they do |", "| --- | --- |"]
        lines += [f"| {s.portable()} | {s.description} |" for s in SHORTCUTS if s.scope is scope]
        lines.append("")
    return "\n".join(lines)


class OverviewDialog(QDialog):
    """Help → Keyboard shortcuts: :func:`overview_html`, scrolling down on a screen too small
    for it (a message box would run off the screen instead), never sideways."""

    def __init__(self, parent: QWidget, title: str) -> None:
        super().__init__(parent)
        keep_placed(self)
        self.setObjectName("shortcutsBox")
        self.setWindowTitle(title)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setContentsMargins(12, 4, 12, 8)
        # A Tab stop only where it scrolls, framed then (a bare scroll area was one, unnamed,
        # with nothing shown round it).
        self._scroll = ScrollPane(title, self)
        pane = QWidget()
        self._inside = QVBoxLayout(pane)
        self._inside.setContentsMargins(0, 0, 0, 0)
        self.mac_note: QLabel | None = None
        if sys.platform == "darwin":
            self.mac_note = self._mac_note()
            self._inside.addWidget(self.mac_note)
        self._inside.addWidget(self.label, 1)
        self._scroll.setWidget(pane)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self._close = buttons.button(QDialogButtonBox.StandardButton.Close)
        icons_as_tall_as_text(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self._scroll, 1)
        layout.addWidget(buttons)
        self._fit(parent, buttons.sizeHint().height())

    def _mac_note(self) -> QLabel:
        """What the keys are on a Mac's keyboard: the table draws them ⌘ ⌥ ⌃, and a few
        words say Ctrl ("Ctrl+click: one more") where a Mac's is ⌘, with no word of which
        is which, nor what Option and a letter or digit does in a text field. One line, its
        More… saying the rest: whole, at 24 pt on a 1024 x 600 screen it took a third of
        the overview. It scrolls with the table; Tab comes to its More… at once."""
        short = html.escape(self.tr("On a Mac, ⌘ is Command, ⌥ is Option, ⌃ is Control."))
        more = html.escape(self.tr("More…"))
        rest = html.escape(
            self.tr(
                "Where these words say Ctrl, press ⌘ (Ctrl+click: ⌘-click). In a text field, "
                "Option and a letter or a digit types its character (∫, ™), as in every Mac "
                "program; in a key's field, which never holds one, it is Settings' key: "
                "Option+H shows or hides the key."
            )
        )
        note = LinkLabel(f"{short} <a href='more'>{more}</a>", self)
        note.setTextFormat(Qt.TextFormat.RichText)
        note.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        note.linkActivated.connect(lambda _link: self._say_all(note, f"{short} {rest}"))
        note.setWordWrap(True)
        note.setContentsMargins(12, 4, 12, 0)
        return note

    def _say_all(self, note: QLabel, words: str) -> None:
        """The whole note, More… pressed: a link no more, it is no Tab stop, and the
        keyboard on it goes to the pane, whose arrow keys scroll the words it now says (to
        Close where there is nothing to scroll)."""
        had_keys = note.hasFocus()
        note.setText(words)
        note.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        if had_keys:
            focus_as_keys(self._scroll if takes_tab(self._scroll, self) else self._close)

    def _fit(self, parent: QWidget, buttons_height: int) -> None:
        """Two columns where the screen is wide enough, else one that scrolls down; where
        even one is too wide (a 15 pt font on an 800 px screen cut what the keys do at the
        right edge), what the keys do wraps to the width there is."""
        room = parent.screen().availableGeometry().size() * 0.9
        scroll_bar = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        border = 2 * FOCUS_FRAME_PX  # the pane's focus frame, there while unfocused too
        frame = QSize(scroll_bar + 24 + border, buttons_height + 32 + border)
        for columns in (TWO_COLUMNS, ONE_COLUMN):
            self.label.setText(overview_html(columns))
            wanted = self.label.sizeHint() + frame
            if wanted.width() <= room.width():
                wanted.setHeight(
                    wanted.height() + self._note_height(wanted.width() - frame.width())
                )
                self.resize(wanted.boundedTo(room))
                return
        self.label.setText(overview_html(ONE_COLUMN, wrap=True))
        self.label.setWordWrap(True)
        width = room.width()
        height = self.label.heightForWidth(width - frame.width()) + frame.height()
        height += self._note_height(width - frame.width())
        self.resize(QSize(width, height).boundedTo(room))

    def _note_height(self, width: int) -> int:
        """The height the macOS note takes above the table ``width`` wide."""
        if self.mac_note is None:
            return 0
        return self.mac_note.heightForWidth(width) + self._inside.spacing()

    def text(self) -> str:
        return self.label.text()
