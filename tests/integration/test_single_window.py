"""One window per library: a second GUI launch hands its image to the window already open.

Real processes: the first is the app (``tests.integration.window_probe``, which reports what
the window's reference slot holds), the second the plain ``python -m kontext_studio IMAGE`` an
"Open With" runs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

import pytest
from PIL import Image

from kontext_studio import single_instance
from kontext_studio.store.ledger import Ledger

ROOT = Path(__file__).resolve().parents[2]
SECOND_LAUNCH_TIMEOUT_S = 30

pytestmark = [
    pytest.mark.timeout(120),
    pytest.mark.skipif(not single_instance.supported(), reason="POSIX only"),
]


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A temp folder with a short path, standing in for the system's /tmp."""
    folder = Path(tempfile.mkdtemp(prefix="ks-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def app_env(home: Path, tmp: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("KIE_", "KONTEXT_", "R2_", "QT_", "XDG_RUNTIME"))
    }
    env.update(
        QT_QPA_PLATFORM="offscreen",
        KONTEXT_STUDIO_HOME=str(home),
        KONTEXT_STUDIO_LANG="en",
        TMPDIR=str(tmp),
        PYTHONPATH=str(ROOT),
    )
    return env


def picture(path: Path) -> Path:
    Image.new("RGB", (64, 48), (200, 80, 40)).save(path)
    return path


def line_of(pipe: IO[str]) -> str:
    """The next line of ``pipe``, read off its file descriptor a byte at a time: a buffered
    ``readline`` takes all that came with the line into the pipe's buffer, which a later
    ``communicate`` (reading the descriptor) never sees. The window's next line, printed
    right after its first, was lost so now and then."""
    line = b""
    while not line.endswith(b"\n") and (byte := os.read(pipe.fileno(), 1)):
        line += byte
    return line.decode()


def open_with(
    image: Path | list[Path],
    env: dict[str, str],
    launch: Sequence[str] = ("-m", "kontext_studio"),
) -> tuple[subprocess.CompletedProcess[str], str]:
    """Start the window, then launch again with ``image`` (or several) as "Open With" does
    (``launch``: the arguments of Python that do); returns the second launch and the lines
    the first window reported."""
    images = image if isinstance(image, list) else [image]
    first = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.window_probe"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert first.stdout is not None
        ready = line_of(first.stdout)
        assert ready == "READY\n", ready + first.stderr.read() if first.stderr else ""
        try:
            second = subprocess.run(
                [sys.executable, *launch, *map(str, images)],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=SECOND_LAUNCH_TIMEOUT_S,
            )
        except subprocess.TimeoutExpired:
            pytest.fail("the second launch opened a window of its own instead of ending")
        reported, errors = first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == 0, errors
    return second, reported


def test_a_second_launch_hands_its_image_to_the_open_window(
    tmp_path: Path, short_tmp: Path
) -> None:
    image = picture(tmp_path / "sun.png")
    env = app_env(tmp_path / "home", short_tmp)
    relative = os.path.relpath(image, ROOT)  # the second launch names it relative to its folder

    second, reported = open_with(Path(relative), env)

    assert second.returncode == 0, second.stderr
    assert second.stderr == ""
    assert f"REFERENCE {image}" in reported.splitlines()
    # Garbage is collected again once the window is shown (paused while it started), what
    # the start made frozen out of later collections; on the GUI thread alone, never
    # automatically by whichever thread allocates.
    (collecting,) = [line for line in reported.splitlines() if line.startswith("COLLECTING")]
    _, enabled, frozen, automatic = collecting.split()
    assert enabled == "True"
    assert int(frozen) > 0
    assert automatic == "False"
    # The window closed: its socket went with it, so the next launch opens a window, and
    # nothing of it is left in the data folder.
    data = tmp_path / "home" / "data"
    assert not (data / "window.sock").exists()
    assert not (data / "window.sock.lock").exists()


def test_several_images_opened_at_once_the_window_says_it_took_the_first(
    tmp_path: Path, short_tmp: Path
) -> None:
    """ "Open With" on a selection names them all; an edit takes one image."""
    images = [picture(tmp_path / f"{name}.png") for name in ("sun", "moon", "star")]
    env = app_env(tmp_path / "home", short_tmp)

    second, reported = open_with(images, env)

    assert second.returncode == 0, second.stderr
    lines = reported.splitlines()
    assert f"REFERENCE {images[0]}" in lines
    assert "SLOT Took the first of 3 files; the others were left out." in lines


def test_a_window_opened_with_several_images_says_it_took_the_first(tmp_path: Path) -> None:
    images = [picture(tmp_path / f"{name}.png") for name in ("sun", "moon")]
    env = app_env(tmp_path / "home", tmp_path)

    opened = subprocess.run(
        [sys.executable, "-m", "tests.integration.window_probe", *map(str, images)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=90,
    )

    assert opened.returncode == 0, opened.stderr
    lines = opened.stdout.splitlines()
    assert f"REFERENCE {images[0]}" in lines
    assert "SLOT Took the first of 2 files; the other was left out." in lines


def test_open_with_on_a_text_file_and_images_takes_the_first_image(
    tmp_path: Path, short_tmp: Path
) -> None:
    """ "Open With" on "notes.txt, sun.png, moon.png": before, notes.txt was the reference,
    refused, and the images went nowhere; now the first image is, as a drop of the same
    files on the reference slot takes it, and the slot says the others were left out."""
    notes = tmp_path / "a-notes.txt"
    notes.write_text("ideas for the sun")
    images = [picture(tmp_path / f"{name}.png") for name in ("sun", "moon")]
    env = app_env(tmp_path / "home", short_tmp)

    second, reported = open_with([notes, *images], env)

    assert second.returncode == 0, second.stderr
    lines = reported.splitlines()
    assert f"REFERENCE {images[0]}" in lines
    assert "SLOT Took the first image of 3 files; the others were left out." in lines


def test_a_socket_left_by_a_killed_window_does_not_block_the_next(
    tmp_path: Path, short_tmp: Path
) -> None:
    image = picture(tmp_path / "sun.png")
    data = tmp_path / "home" / "data"
    data.mkdir(parents=True)
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(data / "window.sock"))  # a window killed with -9 leaves the file like this
    stale.close()

    second, reported = open_with(image, app_env(tmp_path / "home", short_tmp))

    assert second.returncode == 0, second.stderr
    assert f"REFERENCE {image}" in reported.splitlines()


def test_a_library_in_a_deep_folder_still_gets_one_window(tmp_path: Path, short_tmp: Path) -> None:
    image = picture(tmp_path / "sun.png")
    home = tmp_path / ("a-long-folder-name-" * 4) / "home"
    assert len(os.fsencode(home / "data" / "window.sock")) > 108  # more than sun_path holds

    second, reported = open_with(image, app_env(home, short_tmp))

    assert second.returncode == 0, second.stderr
    assert f"REFERENCE {image}" in reported.splitlines()
    private = short_tmp / f"kontext-studio-{os.getuid()}"
    assert private.stat().st_mode & 0o777 == 0o700
    assert list(private.iterdir()) == []  # the socket and its lock file went with the window


@contextlib.contextmanager
def first_launch(
    script: str, says: str, tmp_path: Path, env: dict[str, str]
) -> Iterator[subprocess.Popen[str]]:
    """A first launch running ``script`` (the app with a part of it changed), once it has
    printed the line ``says``; killed at the end if it is still running."""
    launcher = tmp_path / "first_launch.py"
    launcher.write_text(script)
    first = subprocess.Popen(
        [sys.executable, str(launcher)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert first.stdout is not None
        assert line_of(first.stdout) == says + "\n"
        yield first
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()


@dataclasses.dataclass(frozen=True)
class Waited:
    """What a launch that waited for the app before it said (its first line on stderr),
    showed (its first line on stdout: a notice), printed after, and its exit code."""

    said: str
    shown: str
    out: str
    rest: str
    code: int


def launch_answered(
    image: Path,
    env: dict[str, str],
    tmp_path: Path,
    ended: subprocess.Popen[str] | None = None,
    *,
    shown_first: bool = True,
) -> Waited:
    """A launch with ``image`` while the first one is busy opening or closing, run to its
    end: once it has said why it waits, the first is ``ended`` (killed), or let go on (the
    file "answered" the first's script waits for; made anyway after a while, so the test
    fails on what the launch said and showed, not on a hang) once the launch has shown its
    notice too (shown at once, rather than after a while), or at once if not ``shown_first``
    (the notice then due well after the first's window has opened)."""
    notice_after = "0" if shown_first and ended is None else "6"
    second = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.window_probe", str(image)],
        env={**env, "NOTICE_AFTER_S": notice_after},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    answered = threading.Timer(SECOND_LAUNCH_TIMEOUT_S, (tmp_path / "answered").touch)
    answered.start()
    try:
        assert second.stderr is not None and second.stdout is not None
        said = line_of(second.stderr)
        shown = ""
        if ended is not None:
            ended.kill()
            ended.wait()
        else:
            if shown_first:
                shown = line_of(second.stdout)
            (tmp_path / "answered").touch()
        out, rest = second.communicate(timeout=SECOND_LAUNCH_TIMEOUT_S)
    finally:
        answered.cancel()
        if second.poll() is None:
            second.kill()
            second.wait()
    return Waited(said, shown, shown + out, rest, second.returncode)


def second_launch(arguments: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A later launch of Python with ``arguments``, run to its end."""
    return subprocess.run(
        [sys.executable, *arguments],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=SECOND_LAUNCH_TIMEOUT_S,
    )


CANNOT_START = textwrap.dedent(
    """
    import sys
    from kontext_studio import cli
    from kontext_studio.errors import StorageError
    from kontext_studio.ui import app

    def broken_library(*args, **kwargs):
        raise StorageError("the library cannot be read")

    say = app.tell

    async def telling(*args, **kwargs):
        print("CANNOT START", flush=True)
        await say(*args, **kwargs)

    app.open_session = broken_library
    app.tell = telling
    sys.exit(cli.main([]))
    """
)


def test_a_launch_while_the_window_cannot_start_opens_one_with_its_image(
    tmp_path: Path, short_tmp: Path
) -> None:
    """The first launch shows why it cannot start (its library could not be opened, here);
    a second launch with an image, meanwhile, opens a window that takes it, rather than
    hand the image to a launch that shows no window."""
    image = picture(tmp_path / "sun.png")
    env = app_env(tmp_path / "home", short_tmp)
    with first_launch(CANNOT_START, "CANNOT START", tmp_path, env) as first:
        second = second_launch(["-m", "tests.integration.window_probe", str(image)], env)
        first.send_signal(signal.SIGTERM)  # dismisses the message, as its OK would
        first.communicate(timeout=30)

    assert second.returncode == 0, second.stderr
    assert f"REFERENCE {image}" in second.stdout.splitlines()
    assert first.returncode == 1


SLOW_TO_OPEN = textwrap.dedent(
    """
    import os, sys, time
    from kontext_studio import cli
    from kontext_studio.ui import app
    from tests.integration import window_probe

    opening = app.open_session

    def slow(*args, **kwargs):  # a keyring unlock prompt, say, waiting for a person
        print("OPENING", flush=True)
        # until the test says the person answered (a file beside this script)
        while not os.path.exists(os.path.join(os.path.dirname(__file__), "answered")):
            time.sleep(0.01)
        return opening(*args, **kwargs)

    app.open_session = slow
    app.create_main_window = window_probe._probe(app.create_main_window)
    sys.exit(cli.main([]))
    """
)


OPENING_WORDS = {
    "en": "Kontext Studio is still opening on this library (it may be waiting for the system "
    "keyring to be unlocked); this launch waits for its window.",
    "zh_CN": "Kontext Studio 仍在此图库上打开（可能正在等待解锁系统密钥环）；"
    "本次启动会等待它的窗口。",
}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_launch_while_the_window_is_still_opening_says_so_and_hands_its_image_over(
    tmp_path: Path, short_tmp: Path, language: str
) -> None:
    """The first launch's window takes a while to open; a second launch with an image is
    told its request is held, says so, and ends once the window took the image. It says so
    in a notice too, and in the artist's language: before, a launch from the desktop showed
    nothing meanwhile, and an "Open With" launch said it in English."""
    image = picture(tmp_path / "moon.png")
    env = app_env(tmp_path / "home", short_tmp)
    with first_launch(SLOW_TO_OPEN, "OPENING", tmp_path, env) as first:
        env["KONTEXT_STUDIO_LANG"] = language
        # The window opens once the second launch has said it waits for it, and shown it.
        second = launch_answered(image, env, tmp_path)
        out, _err = first.communicate(timeout=60)

    said, shown, rest = second.said, second.shown, second.rest
    assert said == OPENING_WORDS[language] + "\n", said + rest
    assert shown == f"NOTICE {OPENING_WORDS[language]}\n"
    assert second.code == 0, said + rest
    assert f"REFERENCE {image}" in out.splitlines()
    assert first.returncode == 0


def test_a_launch_whose_window_opens_in_a_moment_shows_no_notice(
    tmp_path: Path, short_tmp: Path
) -> None:
    """An artist double-clicks the icon twice as the app starts: its window opens a moment
    after the second launch was told to wait for it. Before, that launch flashed the notice
    up meanwhile, which looked like an error. It still says why it waits, at once, on
    stderr (a terminal's user likes to know)."""
    image = picture(tmp_path / "moon.png")
    env = app_env(tmp_path / "home", short_tmp)
    with first_launch(SLOW_TO_OPEN, "OPENING", tmp_path, env) as first:
        second = launch_answered(image, env, tmp_path, shown_first=False)
        out, _err = first.communicate(timeout=60)

    said, rest = second.said, second.rest
    assert said == OPENING_WORDS["en"] + "\n", said + rest
    assert second.code == 0, said + rest
    assert "NOTICE" not in second.out
    assert f"REFERENCE {image}" in out.splitlines()


def test_a_launch_waiting_for_the_window_opens_its_own_if_the_app_is_killed_meanwhile(
    tmp_path: Path, short_tmp: Path
) -> None:
    """The app was ended (``kill -9``, a crash) as its window opened: the library is free,
    and the launch waiting for that window opens its own, with its image. Before, it said the
    app was "already open on this library but does not answer" and to close it, when it had
    just ended, and opened nothing."""
    image = picture(tmp_path / "moon.png")
    env = app_env(tmp_path / "home", short_tmp)
    with first_launch(SLOW_TO_OPEN, "OPENING", tmp_path, env) as first:
        second = launch_answered(image, env, tmp_path, ended=first)
    said, out, rest = second.said, second.out, second.rest
    assert said == OPENING_WORDS["en"] + "\n", said + rest
    assert "does not answer" not in rest
    assert second.code == 0, said + rest
    assert f"REFERENCE {image}" in out.splitlines()


IMPATIENT_FOR = textwrap.dedent(
    """
    import sys
    from kontext_studio import entry, single_instance
    from tests.integration import window_probe

    setattr(single_instance, sys.argv.pop(1), 1.0)  # rather than wait a long while
    window_probe.report_notices()
    sys.exit(entry.main())
    """
)

NOT_ANSWERING_WORDS = {
    "en": "Kontext Studio is already open on this library but does not answer. Close it (or "
    "end it) and start again.",
    "zh_CN": "Kontext Studio 已在此图库上打开，但没有响应。请关闭（或结束）它后再启动。",
}


def launch_impatient_for(
    timeout: str, image: Path, env: dict[str, str], tmp_path: Path
) -> subprocess.Popen[str]:
    """An "Open With" launch of ``image`` that waits 1 s, not the ``timeout`` named."""
    launcher = tmp_path / "impatient_for.py"
    launcher.write_text(IMPATIENT_FOR)
    return subprocess.Popen(
        [sys.executable, str(launcher), timeout, str(image)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_an_app_that_does_not_answer_is_said_in_a_notice_in_the_artists_language(
    tmp_path: Path, short_tmp: Path, language: str
) -> None:
    """The app open on the library hangs. Before, the launch said so on stderr only, which
    a launch from the desktop has nowhere to show: the artist double-clicked, and nothing
    happened. And an "Open With" launch said it in English. Now a notice says it too, until
    dismissed (Ctrl+C dismisses it as well)."""
    image = picture(tmp_path / "moon.png")
    env = app_env(tmp_path / "home", short_tmp)
    with first_launch(SLOW_TO_OPEN, "OPENING", tmp_path, env) as first:
        first.send_signal(signal.SIGSTOP)  # hung: it listens, and answers nothing
        env["KONTEXT_STUDIO_LANG"] = language
        second = launch_impatient_for("ANSWER_TIMEOUT_S", image, env, tmp_path)
        ended = threading.Timer(SECOND_LAUNCH_TIMEOUT_S, second.kill)  # a guard against a hang
        ended.start()
        try:
            assert second.stderr is not None and second.stdout is not None
            said = line_of(second.stderr)
            shown = line_of(second.stdout)
            second.send_signal(signal.SIGINT)  # the notice still up
            _out, rest = second.communicate(timeout=10)
        finally:
            ended.cancel()
            if second.poll() is None:
                second.kill()
                second.wait()

    assert said == NOT_ANSWERING_WORDS[language] + "\n", said + rest
    assert shown == f"NOTICE {NOT_ANSWERING_WORDS[language]}\n"
    assert second.returncode == 1, said + rest
    assert "Traceback" not in rest


def test_a_launch_held_by_an_app_that_hangs_says_it_does_not_answer_and_takes_nothing(
    tmp_path: Path, short_tmp: Path
) -> None:
    """The app hangs as its window opens, alive: the launch, told its request was held,
    waits, then says the app does not answer, in the notice that said it waited. The library
    stays the app's: the launch opens no window of its own on it."""
    image = picture(tmp_path / "moon.png")
    env = app_env(tmp_path / "home", short_tmp)
    sock = tmp_path / "home" / "data" / "window.sock"
    with first_launch(SLOW_TO_OPEN, "OPENING", tmp_path, env) as first:
        listening = os.stat(sock).st_ino
        second = launch_impatient_for("HELD_TIMEOUT_S", image, env, tmp_path)
        ended = threading.Timer(SECOND_LAUNCH_TIMEOUT_S, second.kill)  # a guard against a hang
        ended.start()
        try:
            assert second.stderr is not None
            said = line_of(second.stderr)
            first.send_signal(signal.SIGSTOP)  # hung, after it said the request was held
            while "does not answer" not in said and (line := line_of(second.stderr)):
                said += line
            second.send_signal(signal.SIGINT)  # the notice still up
            _out, rest = second.communicate(timeout=10)
        finally:
            ended.cancel()
            if second.poll() is None:
                second.kill()
                second.wait()
        assert os.stat(sock).st_ino == listening  # still the hung app's

    assert said.startswith(OPENING_WORDS["en"] + "\n"), said + rest
    assert said.endswith(NOT_ANSWERING_WORDS["en"] + "\n"), said + rest
    assert second.returncode == 1, said + rest
    assert "Traceback" not in rest


def test_a_launch_handed_over_at_once_loads_no_qt(tmp_path: Path, short_tmp: Path) -> None:
    """The launch the open window takes at once ends in the time it takes to hand over:
    Qt is loaded only to show a notice (a wait, an app that does not answer)."""
    image = picture(tmp_path / "sun.png")
    launcher = tmp_path / "handing_over.py"
    launcher.write_text(
        "import sys\n"
        "from kontext_studio import cli\n"
        "code = cli.main(sys.argv[1:])\n"
        "print('QT', sorted(m for m in sys.modules if m.startswith('PySide6')), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )

    second, reported = open_with(image, app_env(tmp_path / "home", short_tmp), [str(launcher)])

    assert second.returncode == 0, second.stderr
    assert second.stderr == "QT []\n"
    assert f"REFERENCE {image}" in reported.splitlines()


SLOW_TO_CLOSE = textwrap.dedent(
    """
    import asyncio, os, sys
    from kontext_studio import cli
    from kontext_studio.session import Session
    from kontext_studio.ui import app

    create = app.create_main_window

    async def closed_at_once(*args, **kwargs):
        window = await create(*args, **kwargs)
        window.close()  # the artist closes it as a job is being sent
        return window

    shutting = Session.aclose

    async def waiting_for_the_send(self, cut=None):  # a job being sent waits for KIE's answer
        print("CLOSING", flush=True)
        # until the test says KIE answered (a file beside this script)
        while not os.path.exists(os.path.join(os.path.dirname(__file__), "answered")):
            await asyncio.sleep(0.01)
        await shutting(self, cut)

    app.create_main_window = closed_at_once
    Session.aclose = waiting_for_the_send
    sys.exit(cli.main([]))
    """
)


CLOSING_WORDS = {
    "en": "Kontext Studio is finishing the work under way on this library (a job being sent, "
    "say) before it closes; it opens again in a moment.",
    "zh_CN": "Kontext Studio 正在此图库上完成进行中的工作（例如正在发送的任务），之后才会关闭；"
    "稍后就会重新打开。",
}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_launch_while_the_window_is_closing_says_so_and_opens_once_it_has_closed(
    tmp_path: Path, short_tmp: Path, language: str
) -> None:
    """The artist closed the window as a job was being sent: the app stays a few seconds,
    its window gone, for KIE's answer. A launch meanwhile was told the app was "still
    opening" and waited, without a word of why, for the app to end. Now it says the app is
    closing, and opens its window, with its image, as soon as the library is free."""
    image = picture(tmp_path / "moon.png")
    env = app_env(tmp_path / "home", short_tmp)
    with first_launch(SLOW_TO_CLOSE, "CLOSING", tmp_path, env) as first:
        env["KONTEXT_STUDIO_LANG"] = language
        # KIE answers once the second launch has said it waits for the close, and shown it.
        second = launch_answered(image, env, tmp_path)
        first.communicate(timeout=60)

    said, shown, out, rest = second.said, second.shown, second.out, second.rest
    assert said == CLOSING_WORDS[language] + "\n", said + rest
    assert second.code == 0, said + rest
    # From the desktop, with no terminal: the same words, in a notice until the window opens.
    assert shown == f"NOTICE {CLOSING_WORDS[language]}\n"
    assert f"REFERENCE {image}" in out.splitlines()
    assert first.returncode == 0


def test_a_launch_waiting_for_the_close_opens_its_window_if_the_app_is_killed_meanwhile(
    tmp_path: Path, short_tmp: Path
) -> None:
    """The app took long to close, and the artist ended it (``kill -9``, a crash): the
    library is free, and the launch waiting for it opens its window with its image. Before,
    it said the app was "already open on this library but does not answer" and to close it,
    when it had just ended, and opened nothing."""
    image = picture(tmp_path / "moon.png")
    env = app_env(tmp_path / "home", short_tmp)
    with first_launch(SLOW_TO_CLOSE, "CLOSING", tmp_path, env) as first:
        second = launch_answered(image, env, tmp_path, ended=first)
    said, out, rest = second.said, second.out, second.rest
    assert said == CLOSING_WORDS["en"] + "\n", said + rest
    assert "does not answer" not in rest
    assert second.code == 0, said + rest
    assert f"REFERENCE {image}" in out.splitlines()


IMPATIENT = textwrap.dedent(
    """
    import sys
    from kontext_studio import entry, single_instance

    single_instance.CLOSING_TIMEOUT_S = 1.0  # rather than wait a minute and a half
    sys.exit(entry.main())
    """
)

NOT_CLOSED_WORDS = (
    "Kontext Studio has not finished closing on this library after 1 seconds. Wait until it "
    "has ended (or end it), then start Kontext Studio again."
)


def test_a_close_that_never_ends_is_said_at_once_and_ctrl_c_ends_the_launch(
    tmp_path: Path, short_tmp: Path
) -> None:
    """The app before did not end in time: the notice says so until it is dismissed. The
    terminal said so only once it was, and Ctrl+C there did nothing meanwhile (Qt waited in
    the notice, where Python's handler never ran): the launch stayed on, deaf."""
    image = picture(tmp_path / "moon.png")
    env = app_env(tmp_path / "home", short_tmp)
    launcher = tmp_path / "impatient.py"
    launcher.write_text(IMPATIENT)
    with first_launch(SLOW_TO_CLOSE, "CLOSING", tmp_path, env):
        second = subprocess.Popen(
            [sys.executable, str(launcher), str(image)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # Should it never say so, the launch is ended: the test fails on what it said.
        ended = threading.Timer(SECOND_LAUNCH_TIMEOUT_S, second.kill)
        ended.start()
        try:
            assert second.stderr is not None
            said = ""
            while "has not finished closing" not in said and (line := line_of(second.stderr)):
                said += line
            second.send_signal(signal.SIGINT)  # the notice still up
            _out, rest = second.communicate(timeout=10)
        finally:
            ended.cancel()
            if second.poll() is None:
                second.kill()
                second.wait()

    assert said.startswith(CLOSING_WORDS["en"] + "\n"), said + rest
    assert said.endswith(NOT_CLOSED_WORDS + "\n"), said + rest
    assert second.returncode == 1, said + rest
    assert "Traceback" not in rest


QUIT_WHILE_WAITING = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QCoreApplication, QEvent, QTimer
    from kontext_studio import entry
    from kontext_studio.ui import app, closing_notice

    waiting = closing_notice.waiting

    def quit_meanwhile(*args):  # Quit from the menu bar or the Dock (macOS) as the notice shows
        application = app.prepared_application()
        quit = QEvent(QEvent.Type.Quit)
        QTimer.singleShot(200, lambda: QCoreApplication.postEvent(application, quit))
        return waiting(*args)

    closing_notice.waiting = quit_meanwhile
    sys.exit(entry.main())
    """
)


def test_a_launch_quit_while_it_waits_for_the_close_ends_quietly(
    tmp_path: Path, short_tmp: Path
) -> None:
    """The notice is the launch's only window: macOS's Quit (Cmd+Q, the Dock) ends the
    launch, as Ctrl+C does. Before, Qt ended the notice's wait with no answer yet, and the
    launch ended in a traceback (IndexError)."""
    image = picture(tmp_path / "moon.png")
    env = app_env(tmp_path / "home", short_tmp)
    launcher = tmp_path / "quitting.py"
    launcher.write_text(QUIT_WHILE_WAITING)
    with first_launch(SLOW_TO_CLOSE, "CLOSING", tmp_path, env):
        try:
            second = second_launch([str(launcher), str(image)], env)
        except subprocess.TimeoutExpired:
            pytest.fail("the launch went on waiting once quit")

    assert second.stderr.startswith(CLOSING_WORDS["en"] + "\n"), second.stderr
    assert "Traceback" not in second.stderr, second.stderr
    assert second.returncode == 0, second.stderr


QUIT_WHILE_R2_IS_SILENT = textwrap.dedent(
    """
    import asyncio, os, sys
    from PySide6.QtWidgets import QMessageBox
    from kontext_studio import cli
    from kontext_studio.publish import publisher
    from kontext_studio.ui import app
    from kontext_studio.ui.bridge import Bridge

    here = os.path.dirname(__file__)
    made = publisher.Publisher.__init__

    def patient(self, config, **options):  # a silent server holds a request an hour, not a minute
        made(self, config, **{**options, "read_timeout": 3600.0, "transfer_read_timeout": 3600.0})

    create = app.create_main_window
    tasks = set()

    async def publishing(*args, **kwargs):
        window = await create(*args, **kwargs)
        window.publishing.publish(1)
        print("PUBLISHING", flush=True)
        task = asyncio.ensure_future(quit_once_r2_is_silent(window))
        tasks.add(task)
        return window

    async def quit_once_r2_is_silent(window):  # as the test says (a file beside this script)
        while not os.path.exists(os.path.join(here, "silent")):
            await asyncio.sleep(0.01)
        window.menu_actions["quit"].trigger()
        (box,) = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
        (quit_anyway,) = [b for b in box.buttons() if b.text() == "&Quit anyway"]
        quit_anyway.click()

    closing = Bridge.aclose

    async def closing_once_a_launch_waits(self, cut=None, ends=None):  # till a launch waits
        print("CLOSING", flush=True)
        while not os.path.exists(os.path.join(here, "answered")):
            await asyncio.sleep(0.01)
        await closing(self, cut, ends)

    publisher.Publisher.__init__ = patient
    app.create_main_window = publishing
    Bridge.aclose = closing_once_a_launch_waits
    sys.exit(cli.main([]))
    """
)


def test_quit_while_r2_has_stopped_answering_ends_the_app_and_a_launch_meanwhile_waits_for_it(
    tmp_path: Path, short_tmp: Path, s3_endpoint: str, bucket: str
) -> None:
    """R2 stops answering mid-publish (the connection open, nothing taken, nothing
    answered), and the artist quits anyway. Before, the window went and the process stayed
    for the time-outs and retries of every request (a minute for an image, five for a
    large one): the app had stopped listening for launches, so one meanwhile opened a
    second window beside it, on the same library. Now the app ends once its publish has
    had a moment to take back what it sent, its requests cut; a launch meanwhile says it
    waits for the app to close, and opens its window, with its image, once it has. The
    record says the publish stopped before its end, as when the app is killed: the next
    start offers to remove what it may have left in the bucket."""
    from tests.integration.test_cli_publish import r2_env
    from tests.integration.test_publish import FreezingLink, noise_image

    image = noise_image(tmp_path / "dunes.png", (580, 580))
    link = FreezingLink(s3_endpoint, freeze_at=image.stat().st_size // 2)
    env = {**app_env(tmp_path / "home", short_tmp), **r2_env(link.endpoint, bucket)}
    try:
        imported = second_launch(["-m", "kontext_studio", "import", str(image)], env)
        assert imported.returncode == 0, imported.stderr
        with first_launch(QUIT_WHILE_R2_IS_SILENT, "PUBLISHING", tmp_path, env) as first:
            assert link.frozen.wait(60), "the publish never reached R2"
            (tmp_path / "silent").touch()
            assert first.stdout is not None and line_of(first.stdout) == "CLOSING\n"
            second = launch_answered(picture(tmp_path / "moon.png"), env, tmp_path)
            try:
                _out, errors = first.communicate(timeout=SECOND_LAUNCH_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                pytest.fail("the app stayed on, its window closed, its publish waiting on R2")
    finally:
        link.close()

    assert second.said == CLOSING_WORDS["en"] + "\n", second.said + second.rest
    assert second.code == 0, second.rest
    assert f"REFERENCE {tmp_path / 'moon.png'}" in second.out.splitlines()
    assert first.returncode == 0, errors
    assert "Traceback" not in errors, errors
    ledger = Ledger.open(tmp_path / "home" / "data" / "library.sqlite3")
    try:
        left = ledger.get(1)
    finally:
        ledger.close()
    assert left is not None
    assert (left.published_key, left.published_bucket) == ("", bucket)
    assert left.retired_key == f"artworks/{left.sha256}.png"
