"""Hostile and broken input at the command line: the safety net, the streams, argument values, CI injection.

Each class of issue 10 has its cases here or in tests/unit/test_files.py and test_bounds.py; every
case checks the exit code and that no traceback reaches the user.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inventory.cli import validate
from tests.conftest import ROOT, Cli, GitRepo, Tree
from tests.unprivileged import run_as_nobody, shared_dir

FLEET = "apiVersion: gpufleet/v1\nkind: Fleet\nid: acme\nname: Acme Cloud\nas_of: 2025-06-30\n"
BAD = FLEET + "description: 1\n"  # wrong-type: exit 1
SEED = ROOT / "seeds" / "coreweave"


def gpufleet(
    *args: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None, encoding: str = "utf-8", **kw: object
) -> subprocess.CompletedProcess[str]:
    """``python -m inventory ARGS`` in a fresh process (the console script's own entry)."""
    environment = {**os.environ, **(env or {})}
    environment.pop("GITHUB_WORKSPACE", None)
    return subprocess.run(
        [sys.executable, "-m", "inventory", *map(str, args)],
        cwd=cwd,
        env=environment,
        capture_output=True,
        encoding=encoding,
        timeout=120,
        check=False,
        **kw,  # type: ignore[arg-type]
    )


# -- the safety net ---------------------------------------------------------------------------


def test_an_internal_error_is_exit_3_one_line_and_a_saved_traceback(
    cli: Cli, tree: Tree, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken(args: object) -> int:
        raise TypeError("unhashable type: 'dict'\nsecond line \x1b[31m")

    monkeypatch.setattr(validate, "run", broken)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    code, out, err = cli("validate", tree({"fleet.yaml": FLEET}))
    assert (code, out) == (3, "")
    first, second = err.splitlines()
    assert (
        first
        == "gpufleet: internal error (please report it): TypeError: unhashable type: 'dict'\\nsecond line \\x1b[31m"
    )
    saved = Path(second.removeprefix("gpufleet: the traceback is in "))
    assert saved.parent == tmp_path / "cache" / "gpufleet"
    text = saved.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "TypeError: unhashable type" in text
    assert "Traceback" not in err


def test_the_console_entry_reports_a_forced_internal_error_without_a_traceback(tmp_path: Path) -> None:
    code = (
        "import inventory.cli.validate as v\n"
        "def boom(args): raise RuntimeError('forced')\n"
        "v.run = boom\n"
        "import sys; sys.argv = ['gpufleet', 'validate', 'seeds/coreweave']\n"
        "from inventory.cli import entry; entry()\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 3
    assert done.stderr.startswith("gpufleet: internal error (please report it): RuntimeError: forced\n")
    assert "Traceback" not in done.stderr
    assert len(list((tmp_path / "gpufleet").glob("crash-*.txt"))) == 1


def test_the_traceback_goes_to_the_temporary_folder_when_the_cache_cannot_be_written(
    cli: Cli, tree: Tree, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file: its gpufleet/ folder cannot be made
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.setattr(validate, "run", lambda args: 1 // 0)
    code, _, err = cli("validate", tree({"fleet.yaml": FLEET}))
    assert code == 3
    assert f"the traceback is in {tmp_path / 'tmp' / 'gpufleet'}" in err


def _started(pid: int) -> bool:
    """gpufleet's own code runs: ``entry`` has begun its imports (PyYAML's C extension is mapped).

    Before that point the interpreter is starting (site, runpy): a Ctrl-C there is Python's own.
    """
    try:
        return "_yaml" in Path(f"/proc/{pid}/maps").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


@pytest.mark.parametrize("delay", [0.0, 0.01, 0.03, 0.08, 0.15, 0.3])
def test_ctrl_c_at_any_moment_is_130_and_no_traceback(delay: float) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "inventory", "validate", str(SEED)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not _started(process.pid) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    # 0: it finished before the signal; -SIGINT: it arrived during the interpreter's shutdown, after
    # main returned, where Python restores the default action (a shell shows that as 130 too)
    assert process.returncode in (130, 0, -signal.SIGINT), err
    assert "Traceback" not in err
    assert "KeyboardInterrupt" not in err


# -- output streams ---------------------------------------------------------------------------


def _closed_stdout(*args: str | Path) -> subprocess.CompletedProcess[str]:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first byte: every write is EPIPE
    try:
        return subprocess.run(
            [sys.executable, "-m", "inventory", *map(str, args)],
            cwd=ROOT,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write)


def test_a_closed_stdout_keeps_the_exit_code_of_a_failing_inventory(tree: Tree) -> None:
    root = tree({"fleet.yaml": BAD})
    done = _closed_stdout("validate", root)
    assert done.returncode == 1
    assert "checked 1 file" in done.stderr  # the summary is not lost
    assert "Traceback" not in done.stderr
    assert "BrokenPipe" not in done.stderr


def test_a_closed_stdout_keeps_0_for_a_good_inventory_and_141_where_nothing_was_judged() -> None:
    assert _closed_stdout("validate", SEED).returncode == 0
    helped = _closed_stdout("--help")
    assert helped.returncode == 141
    assert helped.stderr == ""


def test_a_full_disk_on_stdout_is_exit_2_with_a_message(tree: Tree) -> None:
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "inventory", "validate", str(tree({"fleet.yaml": BAD}))],
            cwd=ROOT,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 2
    assert "gpufleet: error: cannot write to stdout: No space left on device" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_io_error_on_stdout_is_exit_2(cli: Cli, tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    class Failing:
        encoding = "utf-8"

        def write(self, text: str) -> int:
            raise OSError(5, "Input/output error")

        def flush(self) -> None:
            pass

        def isatty(self) -> bool:
            return False

    root = tree({"fleet.yaml": BAD})
    monkeypatch.setattr(sys, "stdout", Failing())
    from inventory.cli.main import main

    assert main(["validate", str(root)]) == 2


@pytest.mark.parametrize(
    "env",
    [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}, {"PYTHONIOENCODING": "latin-1"}],
)
def test_any_stdout_encoding_works_with_unencodable_characters_escaped(git_repo: GitRepo, env: dict[str, str]) -> None:
    git_repo.commit("one", {"inv/fleet.yaml": FLEET.replace("Acme Cloud", "Ācme ☁ Cloud")})
    git_repo.commit(
        "two", {"inv/fleet.yaml": FLEET.replace("Acme Cloud", "Ācme ☁☁ Cloud").replace("2025-06-30", "2025-07-31")}
    )
    encoding = {"ascii": "ascii", "latin-1": "latin-1"}.get(env.get("PYTHONIOENCODING", ""), "ascii")
    done = gpufleet("diff", "HEAD~1", "HEAD", "--", "inv", cwd=git_repo.path, env=env, encoding=encoding)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "2025-06-30" in done.stdout  # the arrow after it is escaped, not fatal
    assert "2025-07-31" in done.stdout


# -- argument values --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["generate", "--gpus", "²", "OUT"], "is not a count"),
        (["generate", "--gpus", "9" * 5000, "OUT"], "is not a count"),
        (["generate", "--gpus", "8", "--seed", "9" * 5000, "OUT"], "not a whole number"),
        (["schema", "--dir", "README.md"], "not a directory"),
        (["schema", "--dir", "/dev/null"], "not a directory"),
        (["schema", "--check", "--dir", "/dev/null"], "not a directory"),
        (["validate", "x" * 5000], "too long"),
        (["rollup", "x" * 5000], "too long"),
        (["rollup", "seeds/coreweave", "--as-of", "9" * 5000], "--as-of"),
    ],
)
def test_bad_argument_values_exit_2_with_a_message(
    cli: Cli, args: list[str], message: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(ROOT)
    args = [str(tmp_path / "out") if a == "OUT" else a for a in args]
    code, _, err = cli(*args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err
    assert len(err) < 2000


@pytest.mark.parametrize(
    ("operands", "message"),
    [
        (["^HEAD", "--", "inv"], "does not name one commit"),
        (["a" * 300, "--", "inv"], "longer than 255"),
        (["HEAD", "b" * 300], "longer than 255"),
        (["HEAD", "--", "a/" * 3000], ""),
        (["HEAD", "HEAD", "--", "../.."], "outside the git repository"),
        (["inv", "inv", "--", "../.."], "outside inv"),
        (["inv", "inv", "--", "/"], "outside inv"),
        (["HEAD..HEAD", "--", "inv"], "no such directory"),
    ],
)
def test_every_diff_operand_form_terminates_with_a_message(
    cli: Cli, git_repo: GitRepo, operands: list[str], message: str
) -> None:
    git_repo.commit("one", {"inv/fleet.yaml": FLEET})
    code, _, err = cli("diff", *operands)
    assert code == 2, err
    assert message in err
    assert "Traceback" not in err


def test_schema_into_a_read_only_folder_exits_2() -> None:
    """As an unprivileged user (tests run as root, for whom every folder is writable)."""
    folder = shared_dir()
    (folder / "ro").mkdir(mode=0o555)
    code, _, err = run_as_nobody(["schema", "--dir", str(folder / "ro")], folder)
    assert code == 2, err
    assert "cannot be written" in err


# -- CI and terminal injection ----------------------------------------------------------------

WORKFLOW = ("::error::", "##[error]")


def _injected(tree: Tree) -> Path:
    return tree(
        {
            "fleet.yaml": FLEET,
            "::error file=x::pwned.yaml": "apiVersion: gpufleet/v1\nkind: Region\nid: r\navailability: general\n",
            "##[error]x.yaml": "apiVersion: gpufleet/v1\nkind: Source\nid: s\n'##[error]k': 1\n'::warning::k': 2\n",
            "a:1:2: error[x].yaml": (
                'apiVersion: gpufleet/v1\nkind: Region\nid: q\navailability: general\ncountry: "\\e[31m##[error]"\n'
            ),
        }
    )


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_no_line_from_data_starts_a_workflow_command(
    cli: Cli, tree: Tree, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    root = _injected(tree)
    monkeypatch.chdir(root)
    code, out, err = cli("validate", ".", "--format", fmt)
    assert code == 1
    for line in (out + err).splitlines():
        assert not line.lstrip().startswith("::"), line
        assert "##[" not in line, line
    if fmt == "json":
        files = {d["file"] for d in json.loads(out)["diagnostics"]}
        assert "::error file=x::pwned.yaml" in files  # JSON keeps the data exact (##[ as \u0023 where it occurs)


def test_github_output_is_only_workflow_commands(cli: Cli, tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_injected(tree))
    code, out, _ = cli("validate", ".", "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert lines
    for line in lines:
        assert line.startswith(("::error ", "::warning ", "::notice ")), line
        head, _, message = line.partition("::")[2].partition("::")
        assert "::" not in head.replace("%3A", "")  # properties escaped: the command ends where it should
        assert "\n" not in message


def test_a_file_name_cannot_pass_for_a_position(cli: Cli, tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_injected(tree))
    _, out, _ = cli("validate", ".")
    (line,) = [x for x in out.splitlines() if "error[x]" in x]
    path, line_number, col, rest = line.split(":", 3)
    assert path == "a\\x3a1\\x3a2\\x3a error[x].yaml"  # colons escaped: the first ':' ends the path
    assert (line_number, col) == ("5", "10")
    assert rest.startswith(" error[invalid-value]")
    assert "\x1b" not in out


def test_markdown_neutralises_mentions(git_repo: GitRepo, cli: Cli) -> None:
    region = "apiVersion: gpufleet/v1\nkind: Region\nid: r\navailability: general\ncountry: '@octocat'\n"
    git_repo.commit("one", {"inv/fleet.yaml": FLEET})
    git_repo.commit(
        "two", {"inv/fleet.yaml": FLEET + "description: ping @octocat and @org/team\n", "inv/r.yaml": region}
    )
    code, out, _ = cli("diff", "HEAD~1", "HEAD", "--format", "markdown", "--", "inv")
    assert code == 0
    assert "@&#8203;octocat" in out  # the message quoting the country, as markdown text
    outside_code = re.sub(r"`[^`]*`", "", out)  # code spans never ping
    assert re.search(r"@[A-Za-z0-9]", outside_code) is None, outside_code


@pytest.mark.parametrize("verb", [["rollup"], ["rollup", "--by", "region"], ["reconcile"]])
def test_tables_show_control_characters_from_the_data_escaped(cli: Cli, tree: Tree, verb: list[str]) -> None:
    fleet = FLEET.replace("name: Acme Cloud", 'name: "\\e[2J\\rEvil\\u202e\\0"')
    region = 'apiVersion: gpufleet/v1\nkind: Region\nid: r\nname: "\\e[31mred"\navailability: general\ncountry: US\n'
    code, out, err = cli(*verb, tree({"fleet.yaml": fleet, "r.yaml": region}))
    assert code == 0, err
    for raw in ("\x1b", "\r", "\u202e", "\x00"):
        assert raw not in out + err
