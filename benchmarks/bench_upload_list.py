"""The Upload tab with thousands of files: does each file cost the same in a long list?

``upload_check_ratio``
    Time per file to list and check 2,000 tiny PNGs (8 x 8 pixels) over the time per file
    of 250 (the floor), in the real :class:`UploadTab`: from ``add_paths`` (drops of
    :data:`~kontext_studio.images.collect.MAX_IMAGES` files, the most one lists, one after
    the other) until every file is listed and checked (its row says Ready, with its
    thumbnail). 1.0 is a cost that grows with the files alone; a cost of each
    file that grows with the list (Qt laying out every row again at each row's change) is
    well over 1.
``upload_add_ratio``
    The same for "Add to library" of the files listed: from ``add_to_library`` until the
    batch has ended and every file left the list (copied into a fresh library).

Each run is a fresh process with its own home and library (offscreen Qt, a tab of 900 x 760
shown, a session with a key, so no simulator, that sends nothing); the 250 and 2,000 runs
alternate, quick 2 + 2, full 3 + 3; medians. The files are tiny so that the work of each
(decode, hash, copy) is small and what the list itself costs shows. Per-run times are in the
JSON and in the log.
"""

from __future__ import annotations

import resource
import time
from pathlib import Path
from typing import Any

from benchmarks.common import (
    app_env,
    log,
    median,
    rounded,
    run_worker,
    temp_home,
    worker_main,
)
from benchmarks.memory_keyring import BENCH_KEY

MODULE = "benchmarks.bench_upload_list"
FEW = 250
MANY = 2_000


def _make_files(folder: Path, count: int) -> list[Path]:
    """``count`` distinct 8 x 8 PNGs (distinct bytes: the library keeps one copy of a file)."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"tiny-{index:05d}.png"
        Image.new("RGB", (8, 8), (index % 256, index // 256 % 256, 90)).save(path)
        paths.append(path)
    return paths


def _list(p: dict[str, Any]) -> dict[str, Any]:
    """Worker: drop the files into a shown Upload tab, then add them to the library."""
    import asyncio

    from PySide6.QtWidgets import QApplication

    from kontext_studio.ui.event_loop import EventLoop

    app = QApplication([])
    loop = EventLoop(app)
    asyncio.set_event_loop(loop)
    return loop.run_until_complete(_drop_and_add(sorted(Path(p["folder"]).iterdir())))


async def _drop_and_add(paths: list[Path]) -> dict[str, Any]:
    import asyncio

    from kontext_studio.images.collect import MAX_IMAGES
    from kontext_studio.session import open_session
    from kontext_studio.ui.bridge import Bridge
    from kontext_studio.ui.publishing import PublishController
    from kontext_studio.ui.upload_tab import UploadTab

    session = open_session(key=BENCH_KEY)
    bridge = Bridge(session)
    tab = UploadTab(bridge, PublishController(bridge))
    tab.resize(900, 760)
    tab.show()
    await asyncio.sleep(0.2)  # shown and painted before the drop

    async def until(done: Any) -> float:
        while not done():
            await asyncio.sleep(0.005)
        return time.perf_counter()

    started = time.perf_counter()
    for first in range(0, len(paths), MAX_IMAGES):
        tab.add_paths(paths[first : first + MAX_IMAGES])
    checked = await until(lambda: len(tab.items) == len(paths) and not tab.checking)
    refused = sum(1 for item in tab.items if item.problem is not None)
    listed_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tab.add_to_library()
    added = await until(lambda: not tab.busy)
    left = len(tab.items)
    await bridge.wait_idle()
    await bridge.aclose()
    await session.aclose()
    return {
        "files": len(paths),
        "check_s": checked - started,
        "add_s": added - checked,
        "refused": refused,
        "peak_rss_mb_listed": listed_mb,
        "left": left,
    }


def run(quick: bool = False) -> dict[str, Any]:
    reps = 2 if quick else 3
    runs: dict[int, list[dict[str, Any]]] = {FEW: [], MANY: []}
    with temp_home("upload") as home:
        folders = {count: home / f"drop-{count}" for count in runs}
        for count, folder in folders.items():
            _make_files(folder, count)
        for rep in range(reps):
            for count, folder in folders.items():
                with temp_home("upload-run") as run_home:
                    result = run_worker(MODULE, "list", {"folder": str(folder)}, app_env(run_home))
                if result["refused"] or result["left"]:
                    raise RuntimeError(f"not every file went in: {result}")
                runs[count].append(result)
                log(
                    f"upload run {rep + 1}/{reps}, {count} files: checked in "
                    f"{result['check_s']:.2f} s, added in {result['add_s']:.2f} s"
                )

    def per_file(count: int, key: str) -> float:
        return median([result[key] for result in runs[count]]) / count

    figures: dict[str, Any] = {}
    for key, figure in (("check_s", "upload_check_ratio"), ("add_s", "upload_add_ratio")):
        figures[figure] = rounded(per_file(MANY, key) / per_file(FEW, key))
    figures["upload_list"] = {
        f"{count}_files": {
            "check_s": [rounded(result["check_s"]) for result in runs[count]],
            "add_s": [rounded(result["add_s"]) for result in runs[count]],
            "check_ms_per_file": rounded(per_file(count, "check_s") * 1000, 2),
            "add_ms_per_file": rounded(per_file(count, "add_s") * 1000, 2),
            "peak_rss_mb_listed": rounded(
                median([result["peak_rss_mb_listed"] for result in runs[count]]), 1
            ),
        }
        for count in runs
    }
    return figures


if __name__ == "__main__":
    worker_main({"list": _list})
