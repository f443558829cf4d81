"""The window with a big library: start-up, memory, search.

``library_start_ratio``
    Start-up (as in ``bench_startup``: spawn to window shown, library query in the model, loop
    idle) with 10 000 artworks in the library over the same with an empty one. Alternating
    runs after one warm-up of each (the warm-up also makes the thumbnails of the visible
    tiles, as an earlier session would have); medians.
``library_rss_mb``
    Peak resident memory (``ru_maxrss``) of the app with 10 000 artworks, after start-up,
    the thumbnails of the visible tiles and a series of searches.
``library_sort_page_ratio``
    The slowest of the Sort's orders over Newest first (the floor: read along the index by
    date): median time of ``Ledger.search`` reading a page (300 rows, the first then the
    next four from the cursor) in that order, every tenth artwork starred, the orders taken
    in turn over 5 rounds. Per order in the JSON.
``library_search_ms``
    Median time of a prompt search through the library panel's own path: the search text
    set, ``LibraryPanel.apply_filter()`` called (the 200 ms typing debounce skipped), until
    the model's ``reloaded`` signal (query in a worker thread, rows swapped into the model).
    Over several words from rare to very common (each 3 times); per-word figures and the time
    of ``Ledger.search`` alone are in the JSON.

The 10 000 rows are completed artworks (a mix of generated and uploaded) whose prompts are
drawn from a fixed vocabulary with Zipf-like frequencies, newest first, sharing 8 real 1 MP
image files (each row its own ``sha256``, so each tile has its own thumbnail, as distinct
artworks would).
"""

from __future__ import annotations

import random
import time
from typing import Any

from benchmarks.bench_startup import launch_app
from benchmarks.common import (
    SimProcess,
    app_env,
    log,
    median,
    percentile,
    rounded,
    run_worker,
    temp_home,
    worker_main,
)

MODULE = "benchmarks.bench_library"
ROWS = 10_000
SUBJECTS = [
    "lighthouse", "fox", "city", "portrait", "forest", "mountain", "cat", "dragon", "garden",
    "robot", "ocean", "castle", "owl", "market", "bridge", "desert", "train", "violin",
    "teapot", "aurora", "glacier", "samurai", "octopus", "cathedral", "bicycle", "orchid",
    "astronaut", "lantern", "waterfall", "harbor", "windmill", "tiger", "library", "volcano",
    "carousel", "jellyfish", "monastery", "zeppelin", "kimono", "narwhal",
]  # fmt: skip
STYLES = [
    "oil painting", "watercolor", "ink wash", "photograph", "pixel art", "charcoal sketch",
    "ukiyo-e print", "3d render", "pastel", "gouache", "linocut", "neon noir",
]  # fmt: skip
PLACES = ["at dusk", "in the rain", "under snow", "at noon", "by candlelight", "in fog"]
QUERIES = ["lighthouse", "dragon", "watercolor", "aurora", "narwhal", "in fog", "zebra"]


def _prompts(count: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(SUBJECTS))]  # Zipf: a few very common
    subjects = rng.choices(SUBJECTS, weights=weights, k=count)
    return [
        f"a {subject} {rng.choice(PLACES)}, {rng.choice(STYLES)}, detailed, soft light"
        for subject in subjects
    ]


def _seed(p: dict[str, Any]) -> dict[str, Any]:
    """Worker: write ``rows`` completed artworks into the library of KONTEXT_STUDIO_HOME."""
    import peewee

    from kontext_studio.config import Paths
    from kontext_studio.simulator import render
    from kontext_studio.store.ledger import Ledger
    from kontext_studio.store.schema import Artwork
    from kontext_studio.store.search import search_text

    paths = Paths.from_env().ensure()
    ledger = Ledger.open(paths.database)
    count = p["rows"]
    if count == 0:
        ledger.close()
        return {"rows": 0}
    folder = paths.library / "2026-01"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(8):
        fmt = "png" if i % 2 else "jpeg"
        data = render.render_text_to_image(f"library image {i}", "1:1", "flux-kontext-pro", fmt)
        path = folder / f"shared-{i}.{'png' if fmt == 'png' else 'jpg'}"
        path.write_bytes(data)
        files.append((path, len(data)))
    now = time.time()
    rows = []
    for i, prompt in enumerate(_prompts(count)):
        path, size = files[i % len(files)]
        created = now - 3600 - i * 60
        tags = "bench, library" if i % 7 == 0 else ""
        rows.append(
            {
                "source": "generated" if i % 5 else "uploaded",
                "prompt": prompt,
                "model": "flux-kontext-pro",
                "ratio": "1:1",
                "state": "completed",
                "created_at": created,
                "updated_at": created,
                "submitted_at": created,
                "completed_at": created + 12,
                "file_path": str(path),
                "sha256": f"{i:064x}",
                "width": 1024,
                "height": 1024,
                "file_size": size,
                "tags": tags,
                "search_text": search_text(prompt, "", tags, ""),  # as the ledger writes a row
            }
        )
    with ledger._db.atomic():
        for chunk in peewee.chunked(rows, 500):
            Artwork.insert_many(chunk).execute()
    total = ledger.count()
    ledger.close()
    return {"rows": total}


def _sort_pages(p: dict[str, Any]) -> dict[str, float]:
    """Worker: the median ms of a page of the library of KONTEXT_STUDIO_HOME in each order
    (the first page, then ``p["pages"] - 1`` more from the cursor), ``p["rounds"]`` rounds."""
    from kontext_studio.config import Paths
    from kontext_studio.store.ledger import Ledger
    from kontext_studio.store.order import LibraryOrder, cursor_of

    ledger = Ledger.open(Paths.from_env().database)
    ledger._db.execute_sql("UPDATE artwork SET starred = (id % 10 = 0)")
    took: dict[LibraryOrder, list[float]] = {order: [] for order in LibraryOrder}
    for _round in range(p["rounds"]):
        for order in LibraryOrder:
            cursor = None
            for _page in range(p["pages"]):
                start = time.perf_counter()
                rows = ledger.search(order=order, limit=300, before=cursor)
                took[order].append((time.perf_counter() - start) * 1000)
                cursor = cursor_of(order, rows[-1])
    ledger.close()
    return {order.value: median(ms) for order, ms in took.items()}


def run(quick: bool = False, only: set[str] | None = None) -> dict[str, Any]:
    runs = 3 if quick else 7
    with (
        temp_home("library-empty") as empty_home,
        temp_home("library-full") as full_home,
        SimProcess(latency_s=[1.0, 2.0]) as sim,
    ):
        empty_env = app_env(empty_home, kie_url=sim.url)
        full_env = app_env(full_home, kie_url=sim.url)
        run_worker(MODULE, "seed", {"rows": 0}, empty_env)
        seeded = run_worker(MODULE, "seed", {"rows": ROWS}, full_env)
        log(f"library: {seeded['rows']} artworks written")
        launch_app(empty_env)  # warm-ups, discarded
        launch_app(full_env)
        empty_s: list[float] = []
        full_s: list[float] = []
        empty_rss: list[float] = []
        full_rss: list[float] = []
        for _ in range(runs):
            seconds, result = launch_app(empty_env)
            empty_s.append(seconds)
            empty_rss.append(result["peak_rss_mb"])
            seconds, result = launch_app(full_env)
            full_s.append(seconds)
            full_rss.append(result["peak_rss_mb"])
            if result["library_rows"] != ROWS or not result["rows"]:
                raise RuntimeError(
                    f"the library held {result['library_rows']} rows, not {ROWS}, "
                    f"and showed {result['rows']}"
                )
        _seconds, searched = launch_app(full_env, "library", {"queries": QUERIES, "rounds": 3})
        page_ms = run_worker(MODULE, "sort_pages", {"rounds": 5, "pages": 5}, full_env)
    searches = searched["searches"]
    panel_ms = [s["panel_ms"] for s in searches]
    per_query = {}
    for query in QUERIES:
        mine = [s for s in searches if s["query"] == query]
        per_query[query] = {
            "rows": mine[0]["rows"],
            "panel_ms": rounded(median([s["panel_ms"] for s in mine]), 1),
            "ledger_ms": rounded(median([s["ledger_ms"] for s in mine]), 1),
        }
    rss = max(searched["peak_rss_mb"], *full_rss)
    ratio = median(full_s) / median(empty_s)
    sort_ratio = max(page_ms.values()) / page_ms["newest"]
    log(
        f"library: start {median(full_s):.3f} s vs {median(empty_s):.3f} s empty, "
        f"peak RSS {rss:.0f} MB, search p50 {median(panel_ms):.1f} ms, "
        f"a page by order {page_ms} ms"
    )
    return {
        "library_start_ratio": rounded(ratio),
        "library_rss_mb": rounded(rss, 1),
        "library_search_ms": rounded(median(panel_ms), 1),
        "library_sort_page_ratio": rounded(sort_ratio),
        "library": {
            "rows": ROWS,
            "runs": runs,
            "start_full_s": [rounded(x) for x in full_s],
            "start_empty_s": [rounded(x) for x in empty_s],
            "rss_empty_mb": rounded(median(empty_rss), 1),
            "rss_full_start_mb": rounded(median(full_rss), 1),
            "search_p90_ms": rounded(percentile(panel_ms, 90), 1),
            "search_max_ms": rounded(max(panel_ms), 1),
            "searches": per_query,
            "sort_page_ms": {order: rounded(ms, 1) for order, ms in page_ms.items()},
            "thumbnails_settled": searched.get("thumbnails_settled"),
        },
    }


if __name__ == "__main__":
    worker_main({"seed": _seed, "sort_pages": _sort_pages})
