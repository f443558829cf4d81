"""The colours and icon that mark an outcome in text (ok, warning, error), for the colour
the words are drawn on.

On a light background they are the app's green, orange and red. On a dark one those read
badly (the red, #c62828, has a contrast of 1.7:1 on a #2b2b2b window), so lighter tints of
the same hues take their place. Either is then taken darker (or lighter) as far as it takes
to read at 4.5:1 (WCAG AA) there: the orange and the green read at 4.1:1 and 3.8:1 on
Fusion's light grey window as they are. Each is made for the one colour it is drawn on, the
window's or the fields': a palette whose window is dark and fields white leaves no green
that reads on both, and one made for both came out white.
An error also carries the style's error icon, so it is told apart without its colour.

Secondary words (hints, sizes, captions) take the palette's placeholder colour, made to read
the same way on the colour they are drawn on (:func:`secondary_color`): the window's, or the
fields' for words inside a field, a list or a grid. Style sheets name the colours ``$ok``,
``$warning``, ``$error`` and ``$secondary`` on the window, and ``$ok_on_base``,
``$warning_on_base``, ``$error_on_base`` and ``$secondary_on_base`` on the fields' base
(:func:`styled`), and are applied again when the application's palette changes
(:func:`restyle`).

Qt draws the placeholder text of line and text edits in the palette's own placeholder colour,
which some desktops leave unreadable: a light theme with dark fields keeps the light theme's
half-transparent black, dark on dark. Links in labels take the palette's link colours, which
a dark palette may leave at Qt's default blue: 2.0:1 on a #2b2b2b window. The application's
placeholder colour is made to read on the fields' base, and its link colours on the window
(:func:`keep_text_readable`), at start and whenever the palette changes, each time from the
theme's own colours.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from string import Template

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QPixmap, QResizeEvent
from PySide6.QtWidgets import QApplication, QLabel, QStyle, QStyleOptionToolButton, QWidget

from kontext_studio.ui.plain_text import unbroken
from kontext_studio.ui.unbroken_copy import UnbrokenCopy

LIGHT = {"ok": "#2b8a3e", "warning": "#b35c00", "error": "#c62828"}
DARK = {"ok": "#8ce99a", "warning": "#ffc078", "error": "#ff8a80"}
LEAST_CONTRAST = 4.5  # WCAG AA for body text
_BADGE_ORANGE, _BADGE_GREEN, _BADGE_VIOLET = "#ca430e", "#28803a", "#7048e8"
BADGES = {
    "demo_badge": _BADGE_ORANGE,
    "live_badge": _BADGE_GREEN,
    "elsewhere_badge": _BADGE_VIOLET,
    "maybe_gone_badge": _BADGE_ORANGE,
}
"""Backgrounds under white words, the same on a light and a dark window: the mode badges'
(Demo orange, Live green) and a library tile's Published pill (green; orange for one that
may be gone from the bucket, violet for one published in another bucket than the R2
settings name: both orange, a tile's colour did not tell the two apart). The app's orange
and green, #d9480f and #2b8a3e, read at 4.3:1 and 4.4:1 under white; these are the same hues
a little darker, at 4.9:1, and the violet reads at 5.5:1. Each is light enough for the ring
round it (:data:`BADGE_EDGE`) to read at 3:1 or more against it."""
STAR = "#ffc53d"
"""A starred artwork's gold star: on its tile, and in the full view."""
STAR_DISC = "#c8000000"
"""The black disc under a tile's star, at alpha 200 of 255 (``#AARRGGBB``). At 120 it let a
light picture through: over white the disc was #878787, and the star on it read at 2.3:1,
hardly there. At 200 it is #373737 over white and the star reads at 7.4:1 on it, more over
any darker picture."""
BADGE_EDGE = STAR_DISC
"""The ring round a tile's pill, 2 px, the star disc's dark: a pill of one colour with the
picture under it (an orange "May be gone" on an orange sunset, a green "Published" on a
meadow) was lost in it. The ring reads at 3:1 or more against the pill's own colour, and a
pill on a dark picture stands out by its own colour."""
BADGE_EDGE_WIDTH = 2.0
BANNERS_LIGHT = {
    "banner_error": "#fdecea",
    "banner_error_edge": "#f5c2c0",
    "banner_info": "#e7f1fd",
    "banner_info_edge": "#b9d4f5",
    "banner_text": "#1f1f1f",
}
BANNERS_DARK = {
    "banner_error": "#4d2326",
    "banner_error_edge": "#7a3a3e",
    "banner_info": "#1f3b5a",
    "banner_info_edge": "#2f5a88",
    "banner_text": "#f2f2f2",
}
"""The window's banners (an error's red tint, news's blue) and their words, on a light and a
dark window: the words read at 11:1 or more on either. A dark theme's banners are dark tints,
as its window is: the light ones were a glaring strip across a window the artist had made
dark, and their near-black ✕ was drawn on the dark theme's button when hovered, pressed or
reached by Tab, at 1.5:1, gone from sight."""
_MARGIN = 0.075
"""What a colour made to read is given over :data:`LEAST_CONTRAST`, as drawn (whole 8-bit
channels): words are drawn up to a level nearer their background than their pen where the
strokes meet the pixels (the days under the statistics bars, in #6c6c6c at 4.57:1 on a
#efefef window, were drawn #6d6d6d, at 4.4999). One level costs at most 0.071 of contrast
at 4.5:1, on any grey; 0.1 took further than it needs a grey that reads as drawn (a dark
theme's #868686 on its #1e1e1e fields, at 4.58:1, a level nearer at 4.52, made lighter)."""
MADE_CONTRAST = LEAST_CONTRAST + _MARGIN
"""The contrast a colour made to read (:func:`readable`) reaches on its background:
:data:`LEAST_CONTRAST` and the margin for how its words are drawn."""
_WHITE, _BLACK = QColor("white"), QColor("black")
_GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled)


def luminance(color: QColor) -> float:
    """WCAG's relative luminance of ``color`` (its alpha ignored)."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in (color.redF(), color.greenF(), color.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: QColor, second: QColor) -> float:
    """WCAG's contrast ratio of two opaque colours, from 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix(color: QColor, other: QColor, part: float) -> QColor:
    """``color`` taken ``part`` (0 to 1) of the way to ``other``, opaque."""

    def channel(a: float, b: float) -> float:
        return a + (b - a) * part

    return QColor.fromRgbF(
        channel(color.redF(), other.redF()),
        channel(color.greenF(), other.greenF()),
        channel(color.blueF(), other.blueF()),
    )


def readable(
    color: QColor, palette: QPalette, behind: QPalette.ColorRole = QPalette.ColorRole.Window
) -> QColor:
    """``color`` as text on ``palette``'s ``behind`` colour (the window's, or the fields'
    for words inside a field): as it is where it reads at :data:`LEAST_CONTRAST` there,
    else taken as little as it takes towards white (that colour is dark) or black (it is
    light), which keeps its hue. A translucent colour (the placeholder text's) is first
    laid over it, as it is drawn."""
    return readable_on(color, (palette.color(behind),))


def is_dark(background: QColor) -> bool:
    """Whether words on ``background`` are drawn light: whether white reads better on it than
    black (:func:`contrast`), which picks a dark theme's colours (:data:`DARK`,
    :data:`BANNERS_DARK`) over a light one's. By its lightness, under the middle, a yellow as
    bright as GNOME's accent (#e5a50a, where black reads at 9.7:1 and white at 2.2:1) and a
    mid grey (#777) were dark: their words came in the dark theme's pale tints, made to read
    by taking them to a dull brown; and a blue as deep as #0000ff (white 8.6:1, black 2.4:1),
    at the middle, was light: its banners' ✕ was drawn near-black on it."""
    return contrast(_WHITE, background) > contrast(_BLACK, background)


def readable_on(color: QColor, backgrounds: tuple[QColor, ...]) -> QColor:
    """:func:`readable` on colours rather than a palette's roles: for text drawn on a colour
    no role holds (a tint laid over the fields, as a selected tile has), or on several at
    once (a button's fill and the lighter one the style draws over it)."""
    opaque = mix(backgrounds[0], color, color.alphaF())
    return QColor(_readable(opaque.rgb(), tuple(rgb.rgb() for rgb in backgrounds)))


@lru_cache(maxsize=256)
def _readable(color: int, behind: tuple[int, ...]) -> int:
    """:func:`readable` on RGB values, remembered: the library asks for it on each paint.

    Towards white or black, whichever reads better on the background it reads least on
    (on one, white where it is dark: :func:`is_dark`); where no colour on the way reads on
    them all (the starred toggle's fill, #32698c, and the lighter one drawn over it,
    #4189b6), that end, the one of black and white that reads best. The way was chosen by
    the first background alone, and on several tried the other way round after it: never
    taken (on one background the better end reads, at 4.58:1 at the least; on several the
    end that reads best on them all is the one whose way reads, but on backgrounds a hair
    from the middle grey)."""
    start = QColor(color)
    backgrounds = [QColor(rgb) for rgb in behind]
    end = max((_BLACK, _WHITE), key=lambda end: _least(end, backgrounds))
    return (_nearest_that_reads(start, end, backgrounds) or end).rgb()


def _nearest_that_reads(start: QColor, end: QColor, backgrounds: list[QColor]) -> QColor | None:
    """The colour nearest ``start`` on its way to ``end`` (black or white) that reads on
    every one of ``backgrounds`` (:data:`MADE_CONTRAST`), or None where none on the way does.
    The way goes a level at a time in the channel that changes most, as drawn (8 bits a
    channel): in 40 steps, each 2.5 % of the way, a colour came out up to a step further
    from the theme's than it had to be (secondary words on a dark theme's #2b2b2b window
    were #969696, at 4.79:1, where #939393 reads at 4.61:1).

    Along the way luminance only grows (towards white) or only falls, so the first colour
    past the luminance that reads (:func:`_luminance_that_reads`) is found by halving."""
    span = max(
        abs(end.red() - start.red()),
        abs(end.green() - start.green()),
        abs(end.blue() - start.blue()),
    )

    def shade(step: int) -> QColor:
        return QColor(mix(start, end, step / span).rgb()) if span else QColor(start)

    lighter = luminance(end) > luminance(start)
    step = 0
    while step <= span:
        colour = shade(step)
        if _least(colour, backgrounds) >= MADE_CONTRAST:
            return colour
        goal = _luminance_that_reads(luminance(colour), backgrounds, lighter)
        low, high = step + 1, span + 1
        while low < high:  # the first step at or past the goal
            middle = (low + high) // 2
            if (luminance(shade(middle)) >= goal) == lighter:
                high = middle
            else:
                low = middle + 1
        step = low
    return None


def _luminance_that_reads(start: float, backgrounds: list[QColor], lighter: bool) -> float:
    """The luminance nearest ``start``, above it (``lighter``) or below, at which a colour
    reads on every one of ``backgrounds``: outside each one's band of luminances too near its
    own to read (:data:`MADE_CONTRAST`, by WCAG's ratio). Past 1 or under 0 where none
    does."""
    bands = [
        ((own + 0.05) / MADE_CONTRAST - 0.05, (own + 0.05) * MADE_CONTRAST - 0.05)
        for own in (luminance(behind) for behind in backgrounds)
    ]
    moved = True
    while moved:  # out of one band, maybe into another's (several backgrounds)
        moved = False
        for low, high in bands:
            if low < start < high:
                start = high if lighter else low
                moved = True
    return start


def _least(color: QColor, backgrounds: list[QColor]) -> float:
    """``color``'s contrast on the one of ``backgrounds`` it reads least on."""
    return min(contrast(color, behind) for behind in backgrounds)


def secondary_color(
    palette: QPalette, behind: QPalette.ColorRole = QPalette.ColorRole.Window
) -> QColor:
    """The colour of secondary words (a name beside its value, a hint, a size) drawn on
    ``palette``'s ``behind`` colour: the window's, or the fields' base for words inside a
    line edit, a list or a grid. It is the palette's placeholder text (Fusion's light
    palette makes it half-transparent black, 3.9:1 on its window) taken as far as it must go
    to read there (:func:`readable`), so it stays lighter (or darker) than the text beside
    it. One colour for both would not do: a palette whose window is dark and base light
    leaves no grey that reads on both."""
    return secondary_on(palette, palette.color(behind))


def secondary_on(palette: QPalette, background: QColor) -> QColor:
    """:func:`secondary_color` on a colour no role holds (a tile's tint over the grid)."""
    return readable_on(palette.color(QPalette.ColorRole.PlaceholderText), (background,))


_READ_ON = {
    QPalette.ColorRole.PlaceholderText: QPalette.ColorRole.Base,
    QPalette.ColorRole.Link: QPalette.ColorRole.Window,
    QPalette.ColorRole.LinkVisited: QPalette.ColorRole.Window,
}
"""The palette's text colours the application makes readable, each on the colour it is drawn
on: the placeholder inside fields, links in labels on the window."""


def with_readable_text(palette: QPalette) -> QPalette:
    """``palette`` with its placeholder text made to read on its fields' base, and its link
    colours on its window, in each colour group (:func:`readable_on`): each as it is where it
    reads, else taken towards white or black as far as it takes (a link keeps its hue). A
    disabled field's placeholder too: Qt's own palettes give it the enabled one's colour, and
    a field with nothing to edit yet still says what goes in it."""
    made = QPalette(palette)
    for group in _GROUPS:
        for role, behind in _READ_ON.items():
            background = palette.color(group, behind)
            made.setColor(group, role, readable_on(palette.color(group, role), (background,)))
    return made


@dataclass
class _Kept:
    """What :func:`keep_text_readable` last set on the application (None: nothing yet)."""

    palette: QPalette | None = None


_kept = _Kept()


def keep_text_readable(app: QApplication) -> None:
    """Make ``app``'s placeholder and link colours read where they are drawn
    (:func:`with_readable_text`), unless they do already. Call it at start and when the
    application's palette has changed (a new theme), once Qt has told the widgets: never
    from inside that telling (a widget's ``changeEvent``), where setting the palette again
    changed it under Qt's own round of the widgets (the window calls it in its restyle turn,
    :class:`~kontext_studio.ui.next_turn.ChangeFollower`). Setting the palette sends that
    change again; called for it (or by a second window), it does nothing.

    The colours are made from the theme's own each time (:func:`_theme_palette`): a theme
    change keeps the colours the application set, and before, the grey made for the last
    theme stayed and was made to read on the new fields, in place of their own colour."""
    if _kept.palette is not None and app.palette() == _kept.palette:
        return  # its own, unchanged: forgotten here, a new theme would keep its colours
    palette = _theme_palette(app)
    made = with_readable_text(palette)
    if made != palette:
        app.setPalette(made)
    _kept.palette = app.palette() if made != palette else None


def _theme_palette(app: QApplication) -> QPalette:
    """``app``'s palette with the placeholder and link colours of its theme: where one still
    holds the colour :func:`keep_text_readable` set and anything else changed (a new theme),
    it is left for the theme to fill in again."""
    palette = app.palette()
    kept = _kept.palette
    if kept is None or palette == kept:
        return palette
    ours = [
        role
        for role in _READ_ON
        if all(palette.color(group, role) == kept.color(group, role) for group in _GROUPS)
    ]  # the others the new palette brings itself
    if not ours:
        return palette
    theirs = QPalette(palette)
    theirs.setResolveMask(palette.resolveMask() & ~_role_bits(tuple(ours)))
    app.setPalette(theirs)  # what the application does not set comes from the theme
    return app.palette()


@lru_cache(maxsize=8)
def _role_bits(roles: tuple[QPalette.ColorRole, ...]) -> int:
    """The bits of a palette's resolve mask that say the colours of ``roles`` were set."""
    probe = QPalette()
    probe.setResolveMask(0)
    for group in _GROUPS:
        for role in roles:
            probe.setColor(group, role, QColor("black"))
    return probe.resolveMask()


def level_color(level: str, background: QColor) -> QColor:
    """The colour of ``level``'s words drawn on ``background``: the app's hue where dark
    words read on it, its lighter tint where light ones do (:data:`LIGHT`, :data:`DARK`,
    :func:`is_dark`), made to read there (:func:`readable_on`)."""
    hues = DARK if is_dark(background) else LIGHT
    return readable_on(QColor(hues[level]), (background,))


def level_colors(
    palette: QPalette, behind: QPalette.ColorRole = QPalette.ColorRole.Window
) -> dict[str, str]:
    """The colour of each level's text on ``palette``'s ``behind`` colour: the window's,
    or the fields' base for words inside a field, a list or a grid."""
    background = palette.color(behind)
    return {level: level_color(level, background).name() for level in LIGHT}


def banner_colors(palette: QPalette) -> dict[str, str]:
    """The banners' colours for ``palette``'s window: a light one's (:data:`BANNERS_LIGHT`)
    where dark words read on it, a dark one's (:data:`BANNERS_DARK`) where light ones do
    (:func:`is_dark`); and their ✕'s under the pointer (``banner_close_hover``) and pressed
    (``banner_close_pressed``): the words' colour made to read on the style's button as it
    is drawn then (:func:`_tool_button_fills`). In the words' colour, it read at 3.7:1 on a
    mid grey's button (#777777) pressed, at 4.2:1 on a blue one's as Fusion draws it
    pressed, and at 1.2:1 on a dark window's light buttons; one colour for the banner and
    the button was lost on one of them there."""
    colours = BANNERS_DARK if is_dark(palette.color(QPalette.ColorRole.Window)) else BANNERS_LIGHT
    words = QColor(colours["banner_text"])
    hover, pressed = (
        readable_on(words, _tool_button_fills(palette, state)).name()
        for state in (QStyle.StateFlag.State_MouseOver, QStyle.StateFlag.State_Sunken)
    )
    return {**colours, "banner_close_hover": hover, "banner_close_pressed": pressed}


_PROBE = 24
"""The side, in px, of the tool button :func:`_tool_button_fills` has the style draw."""


def _tool_button_fills(palette: QPalette, state: QStyle.StateFlag) -> tuple[QColor, ...]:
    """The colours the application's style fills a flat tool button with in ``palette`` in
    ``state`` (under the pointer, pressed), at a quarter, half and three quarters of its
    height (a style may draw a gradient): the palette's button colour is not what is drawn
    (Fusion takes it lighter and paler, #0000ff to #6262e8 pressed)."""
    image = QImage(_PROBE, _PROBE, QImage.Format.Format_RGB32)
    image.fill(palette.color(QPalette.ColorRole.Window))
    option = QStyleOptionToolButton()
    option.palette = palette
    option.rect = QRect(0, 0, _PROBE, _PROBE)
    option.state = (
        QStyle.StateFlag.State_Enabled
        | QStyle.StateFlag.State_AutoRaise
        | QStyle.StateFlag.State_Raised
        | state
    )
    painter = QPainter(image)
    QApplication.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelButtonTool, option, painter)
    painter.end()
    return tuple(image.pixelColor(_PROBE // 2, _PROBE * part // 4) for part in (1, 2, 3))


def styled(template: str, palette: QPalette) -> str:
    """The style sheet ``template`` with ``$ok``, ``$warning`` and ``$error`` replaced by
    those levels' colours on ``palette``'s window and ``$ok_on_base``, ``$warning_on_base``
    and ``$error_on_base`` by the same on its fields' base, ``$secondary`` by
    :func:`secondary_color` on the window, ``$secondary_on_base`` by the same on the base,
    ``$demo_badge`` and ``$live_badge`` by :data:`BADGES`, and ``$banner_error``,
    ``$banner_error_edge``, ``$banner_info``, ``$banner_info_edge``, ``$banner_text``,
    ``$banner_close_hover`` and ``$banner_close_pressed`` by :func:`banner_colors`."""
    base = QPalette.ColorRole.Base
    on_base = {f"{level}_on_base": colour for level, colour in level_colors(palette, base).items()}
    return Template(template).substitute(
        level_colors(palette),
        **on_base,
        **BADGES,
        **banner_colors(palette),
        secondary=secondary_color(palette).name(),
        secondary_on_base=secondary_color(palette, base).name(),
    )


def restyle(widget: QWidget, template: str) -> None:
    """Give ``widget`` the style sheet ``template`` in its palette's level colours, unless it
    has them already. Call it again when its palette changes (the system's switch between
    light and dark), from a :class:`~kontext_studio.ui.next_turn.ChangeFollower`: a style
    sheet pins the colours it was applied with, so it is emptied first. Applying it changes
    the palette again, to the same colours: that call does nothing."""
    put_sheet(widget, styled(template, widget.palette()))


def put_sheet(widget: QWidget, sheet: str) -> None:
    """Give ``widget`` the style sheet ``sheet``, made for its palette now, unless it has it
    already (see :func:`restyle`)."""
    if widget.styleSheet() != sheet:
        widget.setStyleSheet("")
        widget.setStyleSheet(sheet)


def outcome_style(palette: QPalette) -> str:
    """Style sheet rules for outcome labels on the window: ``#testResult`` by its ``level``
    property, and ``#okText``, ``#warningText``, ``#errorText`` by their names."""
    colors = level_colors(palette)
    return "\n".join(
        f'#testResult[level="{level}"], #{level}Text {{ color: {color}; }}'
        for level, color in colors.items()
    )


def level_icon(widget: QWidget, level: str) -> QPixmap:
    """The style's icon for an error, a warning or information, a line of ``widget``'s text
    high; an empty pixmap for any other level."""
    icons = {
        "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
        "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
        "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
    }
    if level not in icons:
        return QPixmap()
    size = widget.fontMetrics().height()
    return widget.style().standardIcon(icons[level], None, widget).pixmap(size, size)


def repolish(widget: QWidget, name: str, value: str | bool) -> None:
    """Set ``widget``'s property ``name`` and style it again for the style sheet's rules
    that name it (Qt does not re-apply them when a property changes)."""
    widget.setProperty(name, value)
    polish_again(widget)


def polish_again(widget: QWidget) -> None:
    """Style ``widget`` again for a property or object name its style sheet's rules name,
    and paint it so: a polish alone repaints nothing, and a frame it changes showed only at
    the next resize. A child is not polished again with its parent: call it for each."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


def show_level(text_label: QLabel, icon_label: QLabel, text: str, level: str) -> None:
    """Show ``text`` at ``level`` in ``text_label`` (its colour from the style sheet, by the
    ``level`` property) and the level's icon, if it has one, in ``icon_label``."""
    text_label.setText(text)
    repolish(text_label, "level", level)
    icon = level_icon(text_label, level)
    icon_label.setPixmap(icon)
    icon_label.setVisible(bool(text) and not icon.isNull())


def text_height(label: QLabel, width: int | None = None) -> int:
    """The height ``label``'s text takes wrapped to ``width`` (its own, where not given), its
    margins counted. QLabel's own heightForWidth answers its least height for a selectable
    label, however many lines its text has."""
    margins = label.contentsMargins()
    if width is None:
        width = label.width()
    inner = max(width - margins.left() - margins.right(), 1)
    lines = label.fontMetrics().boundingRect(
        QRect(0, 0, inner, 1 << 20), Qt.TextFlag.TextWordWrap, label.text()
    )
    return lines.height() + margins.top() + margins.bottom()


class WrappedLabel(QLabel):
    """A word-wrapped label as tall as its lines at the width its layout gives it (its
    height for a width), and at least :attr:`least_height` (:meth:`keep_at_least`): an
    outcome and its hint, a note.

    Its height is asked at each width, not kept: one that kept the height of its lines at
    the width it last had held that height once wider, and a larger font set while
    Statistics was open, its notes wrapped at the narrower width of the old font, left the
    dialog 119 px taller than the main window. Its layouts (a form, a column, a scroll
    area that grows its dialog, :class:`~kontext_studio.ui.fit.FittedScroll`) lay it out
    at its height for their width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.least_height = 0

    def keep_at_least(self, height: int) -> None:
        """Keep ``height`` px for the outcome, so the dialog need not grow for most."""
        self.least_height = height
        self.updateGeometry()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        """The height of its lines at ``width``: QLabel's is one line for a selectable
        label (:func:`text_height`)."""
        return max(self.least_height, text_height(self, width) if self.text() else 0)

    def sizeHint(self) -> QSize:
        """QLabel's width, and the height of its lines at the width it has once laid out:
        at QLabel's width, narrower, a note took twice its lines in Settings' size, and
        the form spread the room left over into its row, its words centred, a gap above."""
        hint = super().sizeHint()
        laid_out = self.testAttribute(Qt.WidgetAttribute.WA_Resized)
        return QSize(hint.width(), self.heightForWidth(self.width() if laid_out else hint.width()))

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(hint.width(), max(hint.height(), self.least_height))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Its height asked again at its new width (:meth:`heightForWidth`): a layout that
        sized it before its words changed or its font grew keeps the height it gave."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()


class BreakableLabel(WrappedLabel):
    """A wrapped label whose words may carry the invisible breaks of :data:`BREAK` (a
    keyring's dotted name, one word that widened its window): a screen reader's name for it,
    a copy and a drag of what is selected in it (:class:`UnbrokenCopy`) are without them, as
    the words are typed elsewhere."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        UnbrokenCopy(self)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setAccessibleName(unbroken(text))
