"""packaging/: the bundle's filter keeps every file the app loads at run time and leaves out
what it never uses; install-desktop.sh writes a menu entry that starts the app."""

from __future__ import annotations

import ast
import configparser
import importlib.util
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from kontext_studio import APP_ID, i18n
from kontext_studio.images.validate import REFERENCE_LIMITS, UPLOAD_LIMITS
from kontext_studio.resources import ICON_SIZES

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
RESOURCES = ROOT / "resources"


def _load_filter() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bundle_filter", PACKAGING / "bundle_filter.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle_filter = _load_filter()
LANGUAGES = bundle_filter.shipped_languages(RESOURCES / "translations")


def runtime_resources() -> set[str]:
    """Every file under resources/ that the app (window, CLI, self-test) reads."""
    icons = {f"resources/icons/hicolor/{n}x{n}/apps/{APP_ID}.png" for n in ICON_SIZES}
    icons |= {f"resources/icons/{APP_ID}.svg", f"resources/icons/{APP_ID}-16.svg"}
    presets = {f"resources/presets/{p.name}" for p in (RESOURCES / "presets").glob("*.json")}
    catalogues = {
        f"resources/translations/{i18n.catalogue_name(lang)}.qm"
        for lang in i18n.LANGUAGES
        if lang != i18n.ENGLISH
    }
    metainfo = {f"resources/{p.name}" for p in RESOURCES.glob("*.metainfo.xml")}
    return icons | presets | catalogues | metainfo | {f"resources/{APP_ID}.desktop"}


def test_every_resource_the_app_loads_is_shipped() -> None:
    wanted = runtime_resources()
    assert any(dest.startswith("resources/presets/") for dest in wanted)
    for dest in sorted(wanted):
        assert bundle_filter.keep_data(dest, LANGUAGES), dest


def test_repository_only_resources_stay_out() -> None:
    shipped = runtime_resources()
    tracked = {
        f"resources/{p.relative_to(RESOURCES).as_posix()}"
        for p in RESOURCES.rglob("*")
        if p.is_file() and p.suffix != ".qm"
    }
    for dest in sorted(tracked - shipped):
        assert not bundle_filter.keep_data(dest, LANGUAGES), dest


def test_every_language_of_the_app_has_its_catalogue_and_qts() -> None:
    spoken = set(i18n.LANGUAGES) - {i18n.ENGLISH}
    assert spoken == LANGUAGES
    for lang in spoken:
        assert bundle_filter.keep_data(f"PySide6/Qt/translations/qtbase_{lang}.qm", LANGUAGES)


@pytest.mark.parametrize(
    "name", ["qtbase_de.qm", "qtbase_ja.qm", "qt_zh_CN.qm", "designer_zh_CN.qm", "qtbase_en.qm"]
)
def test_qt_catalogues_of_other_languages_and_modules_stay_out(name: str) -> None:
    assert not bundle_filter.keep_data(f"PySide6/Qt/translations/{name}", LANGUAGES)


def test_botocore_keeps_only_the_s3_model() -> None:
    keep = bundle_filter.keep_data
    assert keep("botocore/data/s3/2006-03-01/service-2.json.gz", LANGUAGES)
    assert keep("botocore/data/endpoints.json.gz", LANGUAGES)
    assert not keep("botocore/data/ec2/2016-11-15/service-2.json.gz", LANGUAGES)
    assert keep("certifi/cacert.pem", LANGUAGES)


@pytest.mark.parametrize(
    "plugin",
    [
        "platforms/libqxcb.so",
        "platforms/libqwayland.so",
        "platforms/libqoffscreen.so",  # --self-test
        "xcbglintegrations/libqxcb-glx-integration.so",
        "wayland-shell-integration/libxdg-shell.so",
        "imageformats/libqjpeg.so",
        "imageformats/libqwebp.so",
        "imageformats/libqgif.so",
        "imageformats/libqsvg.so",
        "iconengines/libqsvgicon.so",
        "platforminputcontexts/libibusplatforminputcontextplugin.so",
    ],
)
def test_qt_plugins_the_app_needs_are_kept(plugin: str) -> None:
    assert bundle_filter.keep_binary(f"PySide6/Qt/plugins/{plugin}")


def _imported_modules() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "kontext_studio").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_no_module_the_app_imports_is_excluded() -> None:
    imported = _imported_modules()
    assert "PySide6.QtWidgets" in imported
    for excluded in bundle_filter.EXCLUDES:
        clash = {m for m in imported if m == excluded or m.startswith(f"{excluded}.")}
        assert not clash, f"{excluded} is excluded from the bundle but the app imports {clash}"


def test_every_image_format_the_app_reads_keeps_its_pillow_plugin() -> None:
    formats = set(REFERENCE_LIMITS.formats) | set(UPLOAD_LIMITS.formats)
    plugins = {"JPEG": "Jpeg", "PNG": "Png", "WEBP": "WebP", "GIF": "Gif"}
    for fmt in formats:
        assert f"PIL.{plugins[fmt]}ImagePlugin" not in bundle_filter.EXCLUDES
    assert "PIL._webp" not in bundle_filter.EXCLUDES


@pytest.mark.parametrize(
    ("dest", "prunable"),
    [
        ("libcairo.so.2", True),
        ("PySide6/Qt/lib/libQt6Network.so.6", True),
        ("libpython3.11.so.1.0", False),
        ("PySide6/QtGui.abi3.so", False),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
        ("PySide6/Qt/lib/libicudata.so.73", False),
    ],
)
def test_which_libraries_go_when_nothing_links_to_them(dest: str, prunable: bool) -> None:
    assert bundle_filter.prunable(dest) is prunable


def test_links_to_dropped_libraries_go_with_them() -> None:
    entries = [
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("resources/kontext-studio.desktop", "/src/resources/kontext-studio.desktop", "DATA"),
    ]
    kept = bundle_filter.without_links_to(entries, {"PySide6/Qt/lib/libQt6Network.so.6"})
    assert [e[0] for e in kept] == ["libQt6Gui.so.6", "resources/kontext-studio.desktop"]


def _string(value: str) -> str:
    """A desktop entry's string value unescaped (\\s, \\n, \\t, \\r, \\\\)."""
    escapes = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\" and value[i + 1 : i + 2] in escapes:
            out.append(escapes[value[i + 1]])
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def _exec_arguments(value: str) -> list[str]:
    """An Exec value split as the Desktop Entry Specification says: arguments apart by
    spaces, double quotes around one with reserved characters, where a backslash escapes
    ", `, $ and itself (no field code but %F is expected here)."""
    args: list[str] = []
    current: list[str] = []
    quoted = started = False
    i = 0
    while i < len(value):
        char = value[i]
        if quoted and char == "\\" and value[i + 1 : i + 2] in ('"', "`", "$", "\\"):
            current.append(value[i + 1])
            i += 1
        elif char == '"':
            quoted, started = not quoted, True
        elif char == " " and not quoted:
            if current or started:
                args.append("".join(current))
            current, started = [], False
        else:
            current.append(char)
        i += 1
    assert not quoted, f"unbalanced quotes in {value!r}"
    if current or started:
        args.append("".join(current))
    return args


def _desktop_exec(entry: Path) -> tuple[list[str], str]:
    """The Exec key as a desktop runs it, and the TryExec path."""
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(entry, encoding="utf-8")
    section = parser["Desktop Entry"]
    return _exec_arguments(_string(section["Exec"])), _string(section["TryExec"])


def _install_desktop(home: Path, program: str) -> subprocess.CompletedProcess[str]:
    """install-desktop.sh run for ``program``, with ``home`` as its home and prefix."""
    return subprocess.run(
        ["bash", str(PACKAGING / "install-desktop.sh"), "--prefix", str(home), "--exec", program],
        capture_output=True,
        text=True,
        env={"HOME": str(home), "PATH": "/usr/bin:/bin"},
        check=False,
    )


@pytest.mark.skipif(shutil.which("bash") is None, reason="install-desktop.sh is a bash script")
@pytest.mark.parametrize(
    "program",
    [
        "/opt/kontext-studio/kontext-studio",
        "/home/ann/My Apps/kontext-studio/kontext-studio",
        '/home/ann/odd "$name" `x` \\ (1)/kontext-studio',
    ],
)
def test_menu_entry_starts_the_program_wherever_it_is(tmp_path: Path, program: str) -> None:
    # A bundle unpacked in a folder with a space in its name gets a menu entry too.
    done = _install_desktop(tmp_path, program)
    assert done.returncode == 0, done.stderr
    share = tmp_path / "share"
    argv, try_exec = _desktop_exec(share / "applications" / f"{APP_ID}.desktop")
    assert argv == [program, "%F"]
    assert try_exec == program
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    for size in ICON_SIZES:
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()


@pytest.mark.skipif(shutil.which("bash") is None, reason="install-desktop.sh is a bash script")
def test_a_path_no_desktop_can_start_is_refused_with_the_way_out(tmp_path: Path) -> None:
    # GLib checks the program before it turns "%%" into "%": no entry for it would start.
    done = _install_desktop(tmp_path, "/opt/100%/kontext-studio")
    assert done.returncode == 2
    assert "--exec" in done.stderr
    assert not (tmp_path / "share" / "applications" / f"{APP_ID}.desktop").exists()
