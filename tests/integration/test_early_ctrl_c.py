"""Ctrl+C in the first moments of a launch, before the app listens for it itself.

The launches are real processes running the console script's entry point (as named in
pyproject.toml). The Ctrl+C comes as a given module is first imported, a point every launch
passes through, rather than after a guessed delay.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from kontext_studio import entry
from kontext_studio.cli import jobs, keys, run

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.timeout(120)

LAUNCHER = textwrap.dedent(
    """
    import importlib, os, signal, sys, time

    at, swallow = sys.argv[1], sys.argv[2] == "swallow"

    class CtrlC:
        # Ctrl+C as the module named on the command line starts to load; "swallow": the
        # KeyboardInterrupt goes no further, as PySide6 swallows it while it makes its enums.

        def find_spec(self, name, path=None, target=None):
            if name != at:
                return None
            sys.meta_path.remove(self)
            try:
                os.kill(os.getpid(), getattr(signal, os.environ.get("STOP_SIGNAL", "SIGINT")))
                time.sleep(5)  # the handler runs at once, and ends the sleep
            except KeyboardInterrupt:
                if not swallow:
                    raise
            return None

    module, _, function = sys.argv[3].partition(":")
    sys.argv[1:] = sys.argv[4:]
    sys.meta_path.insert(0, CtrlC())
    sys.exit(getattr(importlib.import_module(module), function)())
    """
)


def console_script() -> str:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return str(tomllib.load(file)["project"]["scripts"]["kontext-studio"])


def launch(
    tmp_path: Path,
    ctrl_c_at: str,
    *arguments: str,
    swallow: bool = False,
    stop: signal.Signals = signal.SIGINT,
    language: str = "en",
) -> subprocess.CompletedProcess[str]:
    launcher = tmp_path / "launch.py"
    launcher.write_text(LAUNCHER)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIE_", "KONTEXT_", "QT_"))}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        KONTEXT_STUDIO_HOME=str(tmp_path / "home"),
        KONTEXT_STUDIO_LANG=language,
        PYTHONPATH=str(ROOT),
        STOP_SIGNAL=stop.name,
    )
    how = "swallow" if swallow else "raise"
    return subprocess.run(
        [sys.executable, str(launcher), ctrl_c_at, how, console_script(), *arguments],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


# As the launch runs for real, from the package's first line: the console script (a file named
# as pip writes it) or ``python -m kontext_studio``. The stop comes as the first module the
# package loads starts to load (``sitecustomize``, run by Python before the launch, sets it).

STOP_AS_IT_LOADS = textwrap.dedent(
    """
    import os, signal, sys

    class Stop:
        def find_spec(self, name, path=None, target=None):
            if name == os.environ["STOP_AT"]:
                sys.meta_path.remove(self)
                stop = getattr(signal, os.environ["STOP_SIGNAL"])
                if "IN_CALLBACK" in os.environ:  # heard as a weakref's callback runs
                    import weakref

                    class Module:
                        pass

                    module = Module()
                    lock = weakref.ref(module, lambda _ref: signal.raise_signal(stop))
                    del module
                    return None
                signal.raise_signal(stop)
                if "HANG" in os.environ:  # the loading hangs (a stuck disk); stopped again
                    import threading, time

                    threading.Thread(target=os.kill, args=(os.getpid(), stop)).start()
                    time.sleep(50)
            return None

    sys.meta_path.insert(0, Stop())
    """
)

PIP_SCRIPT = textwrap.dedent(
    """\
    # -*- coding: utf-8 -*-
    import re
    import sys
    from {module} import {function}
    if __name__ == '__main__':
        sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
        sys.exit({function}())
    """
)


def launch_for_real(
    tmp_path: Path,
    how: str,
    *arguments: str,
    stop: signal.Signals = signal.SIGINT,
    at: str = "logging",
    hang: bool = False,
    language: str = "en",
    in_callback: bool = False,
) -> subprocess.CompletedProcess[str]:
    """``kontext-studio ARGUMENTS`` (``how``: ``script``, the console script pip writes, or
    ``-m``), ``stop`` sent as the module ``at`` starts to load; ``hang``: that loading then
    hangs, and ``stop`` comes again; ``in_callback``: ``stop`` comes as a weakref's callback
    runs (as importlib's, which drops a module's lock once it has loaded)."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(STOP_AS_IT_LOADS)
    module, _, function = console_script().partition(":")
    script = tmp_path / "kontext-studio"
    script.write_text(PIP_SCRIPT.format(module=module, function=function))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIE_", "KONTEXT_", "QT_"))}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        KONTEXT_STUDIO_HOME=str(tmp_path / "home"),
        KONTEXT_STUDIO_LANG=language,
        PYTHONPATH=os.pathsep.join((str(hook), str(ROOT))),
        STOP_AT=at,
        STOP_SIGNAL=stop.name,
    )
    if hang:
        env["HANG"] = "1"
    if in_callback:
        env["IN_CALLBACK"] = "1"
    program = [str(script)] if how == "script" else ["-m", "kontext_studio"]
    return subprocess.run(
        [sys.executable, *program, *arguments],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


def assert_stopped_before_anything(
    launched: subprocess.CompletedProcess[str], tmp_path: Path
) -> None:
    """A command stopped before it did anything: its --json line says so, in English, and
    no library was made."""
    result = json.loads(launched.stdout.strip().splitlines()[-1])
    assert result == {
        "status": "error",
        "kind": "interrupted",
        "message": entry.INTERRUPTED_NOTHING,
    }
    assert not (tmp_path / "home" / "data" / "library.sqlite3").exists()


def assert_window_ended_quietly(launched: subprocess.CompletedProcess[str], tmp_path: Path) -> None:
    """The window's launch stopped before it opened anything, as a Ctrl+C with the window
    open ends it: no word, exit code 0, no library made."""
    assert launched.stderr == ""
    assert launched.returncode == 0
    assert not (tmp_path / "home" / "data" / "library.sqlite3").exists()


@pytest.mark.parametrize("how", ["script", "-m"])
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_stop_as_the_package_loads_ends_a_command_as_interrupted(
    tmp_path: Path, how: str, stop: signal.Signals
) -> None:
    """The package's own first imports (logging, a twentieth of a second with the rest)
    run before ``entry`` listens. Before: a Ctrl+C there printed Python's traceback of a
    KeyboardInterrupt in ``kontext_studio/__init__.py``, and SIGTERM killed the command
    with no JSON line; now both end it as a stop a moment later does."""
    launched = launch_for_real(tmp_path, how, "generate", "a fox", "--json", stop=stop)

    assert launched.stderr == "Interrupted.\n"  # as a stop a moment later says
    assert launched.returncode == stop + 128
    result = json.loads(launched.stdout.strip().splitlines()[-1])
    assert result == {"status": "error", "kind": "interrupted", "message": entry.INTERRUPTED}
    assert not (tmp_path / "home" / "data" / "library.sqlite3").exists()  # nothing was opened


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_second_stop_ends_a_launch_whose_loading_hangs_at_once(
    tmp_path: Path, stop: signal.Signals
) -> None:
    """The first stop is held while the package loads; a second, the loading hung, ends
    the launch as that signal ends a program by default: not held too, which left only a
    SIGKILL to end it."""
    launched = launch_for_real(tmp_path, "script", "jobs", "--json", stop=stop, hang=True)

    assert launched.returncode == -stop
    assert launched.stderr == ""
    assert launched.stdout == ""
    assert not (tmp_path / "home" / "data" / "library.sqlite3").exists()


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_stop_heard_in_a_callback_as_a_command_loads_still_ends_it_as_interrupted(
    tmp_path: Path, stop: signal.Signals
) -> None:
    """importlib drops a module's lock in a weakref callback as each module has loaded; a
    KeyboardInterrupt raised there is one Python only prints and drops. Before: about one
    Ctrl+C in 150 as a command's modules loaded printed "Exception ignored in: <function
    _get_module_lock.<locals>.cb ...>" and its traceback, and the command ran on as if none
    had come (`jobs` listed the library, exit 0; `generate` would have sent its job)."""
    launched = launch_for_real(
        tmp_path,
        "script",
        "jobs",
        "--json",
        stop=stop,
        at="kontext_studio.cli.run",
        in_callback=True,
    )

    assert launched.returncode == stop + 128
    assert launched.stderr == f"{entry.INTERRUPTED_NOTHING}\n"
    assert_stopped_before_anything(launched, tmp_path)


@pytest.mark.timeout(90)
def test_a_ctrl_c_heard_in_a_callback_as_the_window_s_launch_loads_still_ends_it(
    tmp_path: Path,
) -> None:
    """The same for the window: before, "Exception ignored in ..." and its traceback, and
    the window opened as if no Ctrl+C had come."""
    launched = launch_for_real(tmp_path, "script", at="kontext_studio.cli.parser", in_callback=True)

    assert_window_ended_quietly(launched, tmp_path)


@pytest.mark.parametrize("how", ["script", "-m"])
def test_ctrl_c_as_the_package_loads_ends_the_window_s_launch_quietly(
    tmp_path: Path, how: str
) -> None:
    launched = launch_for_real(tmp_path, how)

    assert_window_ended_quietly(launched, tmp_path)


@pytest.mark.parametrize(
    "ctrl_c_at",
    [
        "kontext_studio.cli.parser",  # the command line's modules load
        "qasync",  # the window's modules load, this launch already holds the library's window
    ],
)
def test_ctrl_c_before_the_window_listens_ends_the_launch_quietly(
    tmp_path: Path, ctrl_c_at: str
) -> None:
    launched = launch(tmp_path, ctrl_c_at)

    assert_window_ended_quietly(launched, tmp_path)


@pytest.mark.parametrize(
    "ctrl_c_at",
    [
        "kontext_studio.cli.parser",  # the command line's modules load
        "kontext_studio.store.ledger",  # the command's own modules load, once it is parsed
    ],
)
def test_ctrl_c_before_a_command_runs_ends_it_as_interrupted(
    tmp_path: Path, ctrl_c_at: str
) -> None:
    launched = launch(tmp_path, ctrl_c_at, "jobs")

    assert launched.stderr == f"{entry.INTERRUPTED_NOTHING}\n"
    assert launched.returncode == signal.SIGINT + 128


def test_ctrl_c_swallowed_as_the_window_starts_still_stops_it(tmp_path: Path) -> None:
    """PySide6 swallows a KeyboardInterrupt raised while it makes its enums, as the window's
    modules load: the Ctrl+C was lost, and the window opened and stayed open."""
    launched = launch(tmp_path, "kontext_studio.ui.library_panel", swallow=True)

    assert_window_ended_quietly(launched, tmp_path)


@pytest.mark.parametrize(
    ("command", "words"),
    [(["jobs"], entry.INTERRUPTED_NOTHING), (["generate", "a fox"], entry.INTERRUPTED)],
)
def test_ctrl_c_before_a_json_command_runs_still_ends_with_its_json_line(
    tmp_path: Path, command: list[str], words: str
) -> None:
    """A script reads the last stdout line of a --json command. Before: a Ctrl+C as the
    command's modules loaded ended it with an empty stdout; now it ends with the line a
    Ctrl+C a moment later gives, and the same exit code."""
    launched = launch(tmp_path, "kontext_studio.store.ledger", *command, "--json")

    assert launched.returncode == signal.SIGINT + 128
    assert launched.stderr == f"{words}\n"
    result = json.loads(launched.stdout.strip().splitlines()[-1])
    assert result == {"status": "error", "kind": "interrupted", "message": words}
    assert not (tmp_path / "home" / "data" / "library.sqlite3").exists()  # nothing was opened


def test_an_interrupted_command_says_the_same_words_on_stderr_and_in_json() -> None:
    """The --json line's words live in entry (it must print them before the app's modules
    load); the CLI marks its own copy for translation."""
    assert run._STOPPED == entry.INTERRUPTED
    assert keys._INTERRUPTED_KEY == entry.INTERRUPTED_KEY
    assert jobs._INTERRUPTED_NOTHING == entry.INTERRUPTED_NOTHING


def test_ctrl_c_before_a_key_command_runs_says_the_key_was_not_changed(tmp_path: Path) -> None:
    """Before: its --json line said that unfinished jobs continue with `resume`; a `key`
    command runs no job, and had changed nothing yet."""
    launched = launch(tmp_path, "kontext_studio.cli.keys", "key", "remove", "--json")

    assert launched.returncode == signal.SIGINT + 128
    result = json.loads(launched.stdout.strip().splitlines()[-1])
    assert result == {"status": "error", "kind": "interrupted", "message": entry.INTERRUPTED_KEY}


@pytest.mark.parametrize(
    "command",
    [["import", "a.png"], ["publish", "1"], ["cancel", "1"], ["details", "1", "--title", "Sea"]],
)
def test_ctrl_c_before_a_command_that_starts_no_job_runs_says_nothing_was_changed(
    tmp_path: Path, command: list[str]
) -> None:
    """Before: its --json line said that unfinished jobs continue with `resume`; these
    commands start no job, and had not opened the library yet."""
    launched = launch(tmp_path, "kontext_studio.store.ledger", *command, "--json")

    assert launched.returncode == signal.SIGINT + 128
    assert_stopped_before_anything(launched, tmp_path)


@pytest.mark.parametrize(
    "command",
    [["resume", "--demo"], ["generate", "a fox"], ["retry", "1", "--yes"], ["attach", "1", "t-1"]],
)
def test_ctrl_c_before_a_command_that_runs_jobs_opens_the_library_says_only_it_stopped(
    tmp_path: Path, command: list[str]
) -> None:
    """Before: "unfinished demo jobs continue with `kontext-studio resume --demo`", of a
    command that had not opened the library; then "Interrupted; this command left no job
    unfinished.", which it cannot know (the jobs a `resume` was to carry on are unfinished
    still): it says only that it stopped."""
    launched = launch(tmp_path, "kontext_studio.store.ledger", *command, "--json")

    assert launched.returncode == signal.SIGINT + 128
    result = json.loads(launched.stdout.strip().splitlines()[-1])
    assert result["message"] == "Interrupted."
    assert not (tmp_path / "home" / "data" / "library.sqlite3").exists()


@pytest.mark.parametrize(
    ("ctrl_c_at", "stop"),
    [("PySide6.support", signal.SIGINT), ("encodings.cp437", signal.SIGTERM)],
    ids=["SIGINT", "SIGTERM"],
)
def test_a_stop_as_a_chinese_command_loads_its_words_ends_it_as_interrupted(
    tmp_path: Path, ctrl_c_at: str, stop: signal.Signals
) -> None:
    """A command in Chinese loads Qt (QtCore) for its words. Before: a Ctrl+C (or SIGTERM)
    as PySide6 set itself up (its signatures, read from a zip file) ended the process in
    "Fatal Python error: libshiboken/signature: could not initialize part 2", a page of
    traceback and SIGABRT, with no JSON line. Now it is held until Qt has loaded, then
    heard as any stop before the command listens."""
    launched = launch(tmp_path, ctrl_c_at, "jobs", "--json", stop=stop, language="zh_CN")

    assert launched.returncode == stop + 128, launched.stderr
    assert launched.stderr == "已中断；没有做任何更改。\n"  # in its language, as later
    assert_stopped_before_anything(launched, tmp_path)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_second_stop_as_a_chinese_command_s_qt_load_hangs_ends_it_at_once(
    tmp_path: Path, stop: signal.Signals
) -> None:
    """The first stop is held while Qt loads for the command's words. Before: a second was
    held too (the first was raised once Qt had loaded), so a load that hung heard no Ctrl+C,
    SIGTERM nor SIGHUP, and only a SIGKILL ended it. Now the second ends it at once, as
    that signal ends a program by default, as a second stop does as a command finishes."""
    launched = launch_for_real(
        tmp_path,
        "script",
        "jobs",
        "--json",
        stop=stop,
        at="PySide6.support",
        hang=True,
        language="zh_CN",
    )

    assert launched.returncode == -stop
    assert launched.stderr == ""
    assert launched.stdout == ""
    assert not (tmp_path / "home" / "data" / "library.sqlite3").exists()


HUNG_LRELEASE = textwrap.dedent(
    """
    import runpy, sys
    from pathlib import Path

    from kontext_studio import i18n

    # lrelease, compiling the catalogue on first use, hangs (a stuck disk); the command is
    # stopped meanwhile (kill, timeout, a logout).
    lrelease = Path(sys.argv.pop(1))
    i18n.find_tool = lambda name: lrelease
    runpy.run_path(sys.argv.pop(1), run_name="__main__")
    """
)


def test_a_stop_as_a_chinese_command_compiles_its_words_ends_it_at_once(
    tmp_path: Path,
) -> None:
    """A command in Chinese from a source checkout compiles its catalogue with lrelease on
    first use (up to two minutes, its timeout). Before: the stop was held all that time, as
    while Qt loads; a second Ctrl+C was lost too. Only Qt's loading holds it now."""
    lrelease = tmp_path / "lrelease"
    lrelease.write_text('#!/bin/sh\nkill -TERM "$PPID"\nexec sleep 90\n')
    lrelease.chmod(0o755)
    hung = tmp_path / "hung.py"
    hung.write_text(HUNG_LRELEASE)
    launcher = tmp_path / "launch.py"
    launcher.write_text(LAUNCHER)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIE_", "KONTEXT_", "QT_"))}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        KONTEXT_STUDIO_HOME=str(tmp_path / "home"),
        KONTEXT_STUDIO_LANG="zh_CN",
        PYTHONPATH=str(ROOT),
    )
    command = [str(launcher), "no.such.module", "raise", console_script(), "jobs", "--json"]

    launched = subprocess.run(
        [sys.executable, str(hung), str(lrelease), *command],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert launched.returncode == signal.SIGTERM + 128, launched.stderr
    assert_stopped_before_anything(launched, tmp_path)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_or_sighup_before_a_command_runs_ends_it_as_ctrl_c_does(
    tmp_path: Path, stop: signal.Signals
) -> None:
    """The README and --help: SIGTERM and SIGHUP are heard as Ctrl+C is, even in the
    command's first moments. Before: one that came as the command's modules loaded killed
    it outright, with no JSON line for the script that ran it."""
    launched = launch(
        tmp_path, "kontext_studio.store.ledger", "generate", "a fox", "--json", stop=stop
    )

    assert launched.returncode == stop + 128
    assert launched.stderr == f"{entry.INTERRUPTED}\n"
    result = json.loads(launched.stdout.strip().splitlines()[-1])
    assert result == {
        "status": "error",
        "kind": "interrupted",
        "message": entry.INTERRUPTED,
    }
    assert not (tmp_path / "home" / "data" / "library.sqlite3").exists()  # nothing was opened


# ...and in its last ones, once the command has said its result.

FINISHING = textwrap.dedent(
    """
    import importlib, os, signal, sys

    class LastOfAll:
        # Ctrl+C as Python clears its modules, the last of its finishing, once it no
        # longer runs a handler of Python's own.

        def __del__(self):
            if last:
                os.kill(os.getpid(), signal.SIGINT)

    module, _, function = sys.argv[2].partition(":")
    stops = [getattr(signal, name) for name in sys.argv[1].split(",") if name != "LAST"]
    last, cleared = "LAST" in sys.argv[1], LastOfAll()
    sys.argv[1:] = sys.argv[3:]
    code = getattr(importlib.import_module(module), function)()
    for stop in stops:  # as Python finishes: its log closed, its threads joined
        signal.raise_signal(stop)
    sys.exit(code)
    """
)


def finish(tmp_path: Path, stops: str) -> subprocess.CompletedProcess[str]:
    """``jobs --json`` run to its end, then ``stops`` (signal names, comma-separated) sent."""
    launcher = tmp_path / "finishing.py"
    launcher.write_text(FINISHING)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIE_", "KONTEXT_", "QT_"))}
    env.update(KONTEXT_STUDIO_HOME=str(tmp_path / "home"), PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, str(launcher), stops, console_script(), "jobs", "--json"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("stops", ["SIGINT", "SIGTERM", "SIGHUP", "LAST"])
def test_a_stop_signal_once_the_command_has_said_its_result_changes_nothing(
    tmp_path: Path, stops: str
) -> None:
    """Ctrl+C pressed as the result appears. Before: the command had said its result, and
    the Ctrl+C raised KeyboardInterrupt while Python finished: its traceback on stderr (in
    the log's close, the threads' join), and exit code 130 for a command that had done its
    work (a publish made, a job completed); SIGTERM, SIGHUP: 143, 129. One as Python
    cleared its modules, last of all, ended it in silence, with those codes too. Now the
    first signal then changes nothing."""
    launched = finish(tmp_path, stops)

    assert launched.stderr == ""
    assert launched.returncode == 0
    assert json.loads(launched.stdout) == []


def test_a_second_stop_signal_as_python_finishes_still_stops_it(tmp_path: Path) -> None:
    launched = finish(tmp_path, "SIGINT,SIGINT")

    assert launched.stderr == ""  # no KeyboardInterrupt's traceback after the result
    assert launched.returncode == -signal.SIGINT
    assert json.loads(launched.stdout) == []


HUNG = textwrap.dedent(
    """
    import atexit, importlib, os, signal, sys, threading

    def in_join(main):
        # The second Ctrl+C once the main thread waits for this one, in Python's join of
        # its threads (the first was heard before: two at once would be one).
        while sys._current_frames()[main.ident].f_code.co_name != "_shutdown":
            threading.Event().wait(0.01)
        os.kill(os.getpid(), signal.SIGINT)
        threading.Event().wait()

    def in_exit_call():
        signal.raise_signal(signal.SIGINT)
        signal.raise_signal(signal.SIGINT)
        threading.Event().wait()

    module, _, function = sys.argv[2].partition(":")
    where = sys.argv[1]
    sys.argv[1:] = sys.argv[3:]
    main = getattr(importlib.import_module(module), function)
    if where == "exit_call":  # one that never returns: the ledger writer's close on a
        atexit.register(in_exit_call)  # stuck disk, registered as the command runs
    code = main()
    if where == "join":  # a worker thread that never ends
        signal.raise_signal(signal.SIGINT)
        threading.Thread(target=in_join, args=(threading.main_thread(),)).start()
    sys.exit(code)
    """
)


@pytest.mark.parametrize("where", ["join", "exit_call"])
def test_a_second_ctrl_c_ends_a_finish_that_never_ends_without_a_traceback(
    tmp_path: Path, where: str
) -> None:
    """The command said its result, and Python's finishing hung: a thread never joined, or
    an exit call that never returned. Before: in the join, the second Ctrl+C printed
    "Exception ignored in: <module 'threading'>" and its traceback after the result, and
    the exit code said done (0); in an exit call every stop signal was ignored, Ctrl+C,
    SIGTERM and SIGHUP alike, and only a SIGKILL ended it."""
    launcher = tmp_path / "hung.py"
    launcher.write_text(HUNG)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIE_", "KONTEXT_", "QT_"))}
    env.update(KONTEXT_STUDIO_HOME=str(tmp_path / "home"), PYTHONPATH=str(ROOT))
    launched = subprocess.run(
        [sys.executable, str(launcher), where, console_script(), "jobs", "--json"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert launched.stderr == ""
    assert launched.returncode == -signal.SIGINT
    assert json.loads(launched.stdout) == []


def test_a_json_command_stopped_early_with_stderr_closed_keeps_its_words_off_stdout(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Started with ``2>&-`` Python has no stderr, and a print to it went to stdout: the
    words came after the JSON line, the last line a script reads."""
    monkeypatch.setattr(sys, "stderr", None)
    entry.interrupted_at_start(["jobs", "--json"])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1, lines
    assert json.loads(lines[0])["kind"] == "interrupted"
