"""kontext_studio.resources: finding icons and data from a checkout, a bundle or a prefix;
and the shipped desktop files are well formed."""

from __future__ import annotations

import configparser
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from kontext_studio import APP_ID, resources
from kontext_studio.resources import (
    ICON_SIZES,
    RESOURCES_ENV,
    icon_files,
    icon_path,
    icon_sizes,
    resources_dir,
    translations_dir,
)

CHECKOUT = Path(__file__).resolve().parents[2] / "resources"


@pytest.fixture(autouse=True)
def no_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RESOURCES_ENV, raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)


def fake_resources(root: Path, sizes: tuple[int, ...] = (16, 48, 256), svg: bool = True) -> Path:
    folder = root / "resources"
    icons = folder / "icons"
    icons.mkdir(parents=True)
    (folder / f"{APP_ID}.desktop").write_text("[Desktop Entry]\n", encoding="utf-8")
    if svg:
        (icons / f"{APP_ID}.svg").write_text("<svg/>", encoding="utf-8")
    for size in sizes:
        path = icons / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        path.parent.mkdir(parents=True)
        Image.new("RGBA", (size, size)).save(path)
    return folder


def test_source_checkout_is_found() -> None:
    assert resources_dir() == CHECKOUT


def test_bundle_wins_over_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = fake_resources(tmp_path)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_dir() == bundle
    assert icon_path() == bundle / "icons" / f"{APP_ID}.svg"


def test_environment_override_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = fake_resources(tmp_path)
    monkeypatch.setattr(sys, "_MEIPASS", "/nonexistent-bundle", raising=False)
    monkeypatch.setenv(RESOURCES_ENV, str(folder))
    assert resources.candidate_dirs()[0] == folder
    assert resources_dir() == folder


def test_a_foreign_resources_folder_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # site-packages/resources from some other distribution, then ours in the prefix.
    (tmp_path / "site" / "resources" / "icons").mkdir(parents=True)
    ours = fake_resources(tmp_path / "share" / APP_ID)
    monkeypatch.setattr(resources, "__file__", str(tmp_path / "site" / "pkg" / "resources.py"))
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    assert resources_dir() == ours


def test_installed_prefix_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    share = tmp_path / "share" / APP_ID
    folder = fake_resources(share)
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    monkeypatch.setattr(resources, "__file__", str(tmp_path / "site" / "pkg" / "resources.py"))
    assert resources_dir() == folder


def test_missing_everywhere_gives_checkout_path_and_no_icons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(resources, "__file__", str(tmp_path / "pkg" / "kontext_studio" / "r.py"))
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "prefix"))
    monkeypatch.setattr(resources.site, "USER_BASE", str(tmp_path / "user"))
    assert resources_dir() == tmp_path / "pkg" / "resources"
    assert icon_path() is None
    assert icon_path(32) is None
    assert icon_files() == []
    assert translations_dir() is None


def test_icon_path_picks_exact_then_larger_then_largest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = fake_resources(tmp_path, sizes=(16, 48, 256), svg=False)
    monkeypatch.setenv(RESOURCES_ENV, str(folder))
    png = folder / "icons" / "hicolor"
    assert icon_path(48) == png / "48x48" / "apps" / f"{APP_ID}.png"
    assert icon_path(20) == png / "48x48" / "apps" / f"{APP_ID}.png"
    assert icon_path(1024) == png / "256x256" / "apps" / f"{APP_ID}.png"
    # Without an SVG, "any size" means the largest PNG.
    assert icon_path() == png / "256x256" / "apps" / f"{APP_ID}.png"
    assert [p.parent.parent.name for p in icon_files()] == ["16x16", "48x48", "256x256"]
    with pytest.raises(ValueError):
        icon_path(0)


def test_shipped_icons_are_complete_and_decode() -> None:
    assert icon_path() == CHECKOUT / "icons" / f"{APP_ID}.svg"
    sizes = icon_sizes()
    assert sorted(sizes) == list(ICON_SIZES)
    for size, path in sizes.items():
        with Image.open(path) as image:
            assert image.size == (size, size)
            assert image.mode == "RGBA"
            # Transparent corners, opaque middle: a tile, not a square block.
            assert image.getpixel((0, 0))[3] == 0
            assert image.getpixel((size // 2, size // 2))[3] == 255
    assert icon_files()[-1].suffix == ".svg"
    root = ET.parse(CHECKOUT / "icons" / f"{APP_ID}.svg").getroot()
    assert root.tag.endswith("svg")
    assert root.get("viewBox") == "0 0 512 512"


def test_desktop_file_matches_the_app() -> None:
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(CHECKOUT / f"{APP_ID}.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Name"] == "Kontext Studio"
    assert section["Name[zh_CN]"] == "Kontext 工作室"
    assert section["Exec"].split()[0] == APP_ID
    assert section["Icon"] == APP_ID
    # Qt's setDesktopFileName(APP_ID) and the window class must name this file.
    assert section["StartupWMClass"] == APP_ID
    assert "Graphics;" in section["Categories"]
    assert set(section["MimeType"].rstrip(";").split(";")) == {
        "image/png",
        "image/jpeg",
        "image/webp",
    }


def test_metainfo_names_the_desktop_file_and_a_release() -> None:
    files = list(CHECKOUT.glob("*.metainfo.xml"))
    assert len(files) == 1
    root = ET.parse(files[0]).getroot()
    component_id = root.findtext("id")
    assert files[0].name == f"{component_id}.metainfo.xml"
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.find("content_rating") is not None
    from kontext_studio import __version__

    versions = [r.get("version") for r in root.iter("release")]
    assert __version__ in versions
