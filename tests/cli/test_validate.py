"""``gpufleet validate``: exit codes, stdout (data) and stderr (talk) for every format and flag.

Each test asserts (exit code, stdout, stderr) of ``main([...])`` run in-process.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from inventory.base.text import terminal_safe

Cli = Callable[..., tuple[int, str, str]]
Tree = Callable[[Mapping[str, str | bytes]], Path]

FLEET = "apiVersion: gpufleet/v1\nkind: Fleet\nid: acme\nname: Acme Cloud\nas_of: 2025-06-30\n"
SITE = "apiVersion: gpufleet/v1\nkind: DataCenter\nid: dc-1\nname: DC One\n"
SKIPPED = (
    "reconciliation skipped: the inventory has 1 error; fix them first (entities with errors are left out, so every"
    " sum would be off)\n"
)


@pytest.fixture
def broken(tree: Tree, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An inventory with two errors in one file; the cwd is the folder above it."""
    root = tree({"fleet.yaml": FLEET, "sites/dc.yaml": SITE + "host: Nowhere Inc\npower: [{id: p1, capacity: 40}]\n"})
    monkeypatch.chdir(root.parent)
    return root


# -- text -------------------------------------------------------------------------------------


def test_a_clean_inventory_exits_0_with_a_summary(tree: Tree, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree({"fleet.yaml": FLEET, "site.yaml": SITE}))
    assert cli("validate") == (0, "", "checked 2 files (1 Fleet, 1 DataCenter): 0 errors, 0 warnings\n")


def test_text_is_one_line_a_problem_relative_to_the_cwd(broken: Path, cli: Cli) -> None:
    """``path:line:col: severity[code] message``, the path relative to where gpufleet runs."""
    expected = "inventory/sites/dc.yaml:6:28: error[invalid-unit] 40 has no unit; write it with one, like '40 MW'\n"
    summary = "checked 2 files (1 Fleet): 1 error, 0 warnings\n"
    assert cli("validate", "inventory") == (1, expected, SKIPPED + summary)
    assert cli("validate", broken) == (1, expected, SKIPPED + summary)  # an absolute path shows the same


def test_paths_are_relative_to_the_cwd_from_anywhere(broken: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(broken / "sites")
    rc, out, _ = cli("validate", "..")
    assert (rc, out.split(":")[0]) == (1, "dc.yaml")
    rc, out, _ = cli("validate", "dc.yaml", "../fleet.yaml")
    assert (rc, out.split(":")[0]) == (1, "dc.yaml")


def test_every_problem_of_the_run_is_listed_in_order(tree: Tree, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(
        tree(
            {
                "fleet.yaml": FLEET,
                "b.yaml": SITE + "tenure: rented\n",
                "a.yaml": "apiVersion: gpufleet/v1\nkind: Region\nid: r\navailability: general\n"
                "country: US\ncountry: NO\n",
            }
        )
    )
    rc, out, err = cli("validate", ".")
    assert rc == 1
    assert out == (
        'a.yaml:6:1: error[duplicate-key] duplicate key "country" (first at line 5, column 1)\n'
        "b.yaml:5:9: error[invalid-value] 'rented' is not allowed for tenure; use one of: owned, leased, colocated,"
        " hosted\n"
    )
    assert err.endswith("checked 3 files (1 Fleet, 1 Region): 2 errors, 0 warnings\n")


def test_terminal_escapes_in_the_data_are_shown_escaped(tree: Tree, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """A key holding ESC [2J (clear screen) and a newline cannot reach the terminal raw."""
    text = FLEET + '"\\e[2J\\nx": 1\n"\\e[2J\\nx": 2\n'
    monkeypatch.chdir(tree({"fleet.yaml": text}))
    rc, out, _ = cli("validate", "fleet.yaml")
    assert (rc, out) == (
        1,
        "fleet.yaml:6:1: error[unknown-field] unknown field '\\x1b[2J\\nx'\n"
        'fleet.yaml:7:1: error[duplicate-key] duplicate key "\\x1b[2J\\nx" (first at line 6, column 1)\n',
    )


def test_a_file_name_with_control_characters_is_shown_escaped(
    tree: Tree, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree({"fleet.yaml": FLEET, "odd\x1b[31m\nname.yaml": "- x\n"}))
    rc, out, _ = cli("validate", ".")
    assert (rc, out) == (
        1,
        "odd\\x1b[31m\\nname.yaml:1:1: error[document-not-mapping]"
        " a document must be a mapping with a kind; this one is a list\n",
    )


# -- bad input --------------------------------------------------------------------------------

ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)
BAD_INPUT: dict[str, tuple[str | bytes, str]] = {
    "not-utf8": (b"name: Caf\xe9\n", "bad.yaml:1:10: error[not-utf8] byte 0xe9 is not UTF-8; save the file as UTF-8"),
    "tabs": ("power:\n\t- id: p1\n", "bad.yaml:2:1: error[yaml-syntax] a tab is used for indentation"),
    "empty": ("", "bad.yaml:1:1: error[empty-file] file holds no YAML document"),
    "list": (
        "- a\n",
        "bad.yaml:1:1: error[document-not-mapping] a document must be a mapping with a kind; this one is a list",
    ),
    "scalar": (
        "text\n",
        "bad.yaml:1:1: error[document-not-mapping] a document must be a mapping with a kind; this one is text",
    ),
    "python-tag": ("a: !!python/object:os.system x\n", "bad.yaml:1:4: error[yaml-tag] tag !!python/object:os.system"),
    "anchor-and-alias": ("a: &x 1\nb: *x\n", "bad.yaml:1:4: error[yaml-anchor] anchor &x is not allowed"),
    "alias-bomb": (ALIAS_BOMB, "bad.yaml:1:4: error[yaml-anchor] anchor &a is not allowed"),
    # libyaml >= 0.2.6 stops flow nesting itself at 1000 levels, before gpufleet's limit of 200
    "deep-flow": ("[" * 100_000 + "]" * 100_000 + "\n", r"bad.yaml:1:(201|1001): error\[nesting-too-deep\]"),
    "deep-block": ("- " * 100_000 + "x\n", "bad.yaml:1:401: error[nesting-too-deep]"),
    "key-not-text": ("1: a\n", "bad.yaml:1:1: error[non-string-key] key '1' is not text; quote it"),
    "nan": ("a: .nan\n", "bad.yaml:1:4: error[non-finite-number] .nan is not a finite number"),
    "infinity": ("a: -.inf\n", "bad.yaml:1:4: error[non-finite-number] -.inf is not a finite number"),
    "duplicate-key": (
        "a: 1\na: 2\n",
        'bad.yaml:2:1: error[duplicate-key] duplicate key "a" (first at line 1, column 1)',
    ),
}
"""Name -> (the file's content, how the line reporting it starts)."""
LINE = re.compile(r"bad\.yaml:[0-9]+:[0-9]+: error\[[a-z0-9-]+\] \S.*")


@pytest.mark.parametrize("name", sorted(BAD_INPUT))
def test_bad_input_is_a_located_error(name: str, tree: Tree, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Exit 1, the problem named where it is, every line located (path:line:col), no traceback."""
    content, first = BAD_INPUT[name]
    monkeypatch.chdir(tree({"fleet.yaml": FLEET, "bad.yaml": content}))
    rc, out, err = cli("validate")
    assert rc == 1
    assert any(re.match(first if name == "deep-flow" else re.escape(first), line) for line in out.splitlines()), out
    assert all(LINE.fullmatch(line) for line in out.splitlines()), out
    assert "Traceback" not in err
    assert re.fullmatch(r"checked 2 files \(1 Fleet\): [0-9]+ errors?, 0 warnings", err.splitlines()[-1])


# -- exit codes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["validate", "nowhere"], "gpufleet: error: nowhere: no such file or directory\n"),
        (["validate", "empty"], "gpufleet: error: no YAML files (*.yaml, *.yml) under empty\n"),
        (  # `gpufleet validate "$INVENTORY"` with the variable unset must not read the current directory
            ["validate", ""],
            "gpufleet: error: an empty path was given (an unset variable?); write . for the current directory\n",
        ),
    ],
)
def test_cannot_run_exits_2_with_one_line(
    argv: list[str], message: str, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("no yaml here", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli(*argv) == (2, "", message)


@pytest.mark.parametrize(
    ("argv", "complaint"),
    [
        (["validate", "--format", "xml"], "argument --format: invalid choice: 'xml'"),
        (["validate", "--colour"], "unrecognized arguments: --colour"),
        (["validate", "--color", "sometimes"], "argument --color: invalid choice: 'sometimes'"),
    ],
)
def test_a_bad_flag_exits_2_with_usage(argv: list[str], complaint: str, cli: Cli) -> None:
    rc, out, err = cli(*argv)
    assert (rc, out) == (2, "")
    assert err.startswith("usage: gpufleet")
    assert complaint in err
    assert "Traceback" not in err


def test_an_unreadable_file_exits_2(tree: Tree, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """A FIFO named *.yaml (root reads through chmod 000, so a pipe stands for an unreadable file)."""
    root = tree({"fleet.yaml": FLEET})
    os.mkfifo(root / "pipe.yaml")
    monkeypatch.chdir(root)
    assert cli("validate") == (
        2,
        "pipe.yaml: error[unreadable-file] cannot read: not a regular file (a pipe, socket or device)\n",
        "checked 1 file (1 Fleet): 1 error, 0 warnings\n",
    )


def test_warnings_fail_only_with_strict(tree: Tree, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tree({"fleet.yaml": FLEET, "sites/site.yaml": SITE})
    (root / "sites" / "loop").symlink_to("..")
    monkeypatch.chdir(root)
    warning = "sites/loop: warning[symlink-loop] this directory link loops back to a directory being read; skipped\n"
    summary = "checked 2 files (1 Fleet, 1 DataCenter): 0 errors, 1 warning\n"
    assert cli("validate") == (0, warning, summary)
    assert cli("validate", "--strict") == (1, warning, summary)
    rc, out, _ = cli("validate", "--strict", "--format", "json")
    assert (rc, json.loads(out)["status"]) == (1, "fail")


# -- json -------------------------------------------------------------------------------------


def test_json_has_a_stable_shape(broken: Path, cli: Cli) -> None:
    rc, out, err = cli("validate", "inventory", "--format", "json")
    assert rc == 1
    assert err == SKIPPED + "checked 2 files (1 Fleet): 1 error, 0 warnings\n"
    assert json.loads(out) == {
        "version": 1,
        "status": "fail",
        "counts": {"error": 1, "warning": 0, "info": 0},
        "checked": {"files": 2, "entities": {"Fleet": 1}},
        "diagnostics": [
            {
                "file": "inventory/sites/dc.yaml",
                "line": 6,
                "col": 28,
                "severity": "error",
                "code": "invalid-unit",
                "message": "40 has no unit; write it with one, like '40 MW'",
                "path": "power[0].capacity",
                "related": [],
            }
        ],
    }


def test_json_gives_related_places_and_null_positions(tree: Tree, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    region = "apiVersion: gpufleet/v1\nkind: Region\nid: r1\navailability: general\ncountry: US\n"
    monkeypatch.chdir(tree({"a.yaml": region, "b.yaml": region}))
    rc, out, _ = cli("validate", "--format", "json")
    payload = json.loads(out)
    assert (rc, payload["status"], payload["counts"]) == (1, "fail", {"error": 2, "warning": 0, "info": 0})
    assert [(d["code"], d["file"], d["line"], d["col"], d["related"]) for d in payload["diagnostics"]] == [
        ("missing-fleet", "a.yaml", None, None, []),
        ("duplicate-id", "b.yaml", 3, 5, [{"file": "a.yaml", "line": 3, "col": 5}]),
    ]


def test_json_of_a_clean_run(tree: Tree, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree({"fleet.yaml": FLEET}))
    rc, out, _ = cli("validate", "--format", "json")
    assert (rc, json.loads(out)) == (
        0,
        {
            "version": 1,
            "status": "ok",
            "counts": {"error": 0, "warning": 0, "info": 0},
            "checked": {"files": 1, "entities": {"Fleet": 1}},
            "diagnostics": [],
        },
    )


# -- github -----------------------------------------------------------------------------------

HOSTILE = "50% off,\r\n::warning file=x.yaml::pwned\n::add-mask::x"
"""A value that would start new workflow commands if it were written raw."""


def _unescape_data(text: str) -> str:
    return text.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def _unescape_property(text: str) -> str:
    return _unescape_data(text.replace("%3A", ":").replace("%2C", ","))


COMMAND = re.compile(r"::(error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)")


def test_github_annotations_cannot_be_injected(tree: Tree, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Data with %, CR, LF, :: and , (in a key and in a file name) stays inside one command each,
    and every property and message decodes back to what the JSON output says, made terminal-safe
    (the Actions log viewer interprets escape sequences)."""
    key = HOSTILE.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")
    files = {"fleet.yaml": FLEET + f'"{key}": 1\n"{key}": 2\n', "bad,name::50%\nx.yaml": "- a\n"}
    monkeypatch.chdir(tree(files))
    rc, out, err = cli("validate", "--format", "github")
    assert rc == 1
    lines = out.splitlines()
    assert len(lines) == 3  # the file, and the key twice: unknown field, then duplicate key
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines), out
    _, json_out, _ = cli("validate", "--format", "json")
    expected = json.loads(json_out)["diagnostics"]
    decoded = []
    for line in lines:
        match = COMMAND.fullmatch(line)
        assert match is not None, line
        props = dict(p.split("=", 1) for p in match["props"].split(","))
        decoded.append(
            (
                _unescape_property(props["file"]),
                int(props["line"]),
                int(props["col"]),
                _unescape_property(props["title"]),
                _unescape_data(match["message"]),
            )
        )
    assert decoded == [
        (terminal_safe(d["file"]), d["line"], d["col"], f"gpufleet {d['code']}", terminal_safe(d["message"]))
        for d in expected
    ]
    assert terminal_safe(HOSTILE) in decoded[2][4]  # the duplicate key's message carries the value, made visible
    assert err.endswith("checked 2 files: 3 errors, 0 warnings\n")


def test_github_without_a_position(tree: Tree, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(
        tree({"region.yaml": "apiVersion: gpufleet/v1\nkind: Region\nid: r\navailability: general\ncountry: US\n"})
    )
    rc, out, _ = cli("validate", "--format", "github")
    assert (rc, out) == (
        1,
        "::error file=region.yaml,title=gpufleet missing-fleet::the inventory has no Fleet document"
        " (one `kind: Fleet` with id, name and as_of)\n",
    )


# -- colour -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "no_color", "colored"),
    [
        ([], None, False),  # auto: stdout is not a terminal here
        (["--color", "always"], None, True),
        (["--color", "always"], "1", True),  # an explicit flag wins over the environment
        (["--color", "auto"], "1", False),
        (["--color", "never"], None, False),
    ],
)
def test_color(
    flags: list[str], no_color: str | None, colored: bool, broken: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    rc, out, _ = cli("validate", "inventory", *flags)
    label = "\x1b[31merror[invalid-unit]\x1b[0m" if colored else "error[invalid-unit]"
    assert (rc, out) == (1, f"inventory/sites/dc.yaml:6:28: {label} 40 has no unit; write it with one, like '40 MW'\n")


# -- nothing is written -----------------------------------------------------------------------


def test_validate_never_writes_to_the_inventory(broken: Path, cli: Cli) -> None:
    """Every format, over a tree with errors: bytes, times and entries stay as they were."""
    os.utime(broken, ns=(0, 0))
    before = {
        str(p): (p.read_bytes() if p.is_file() else b"", p.lstat().st_mtime_ns) for p in sorted(broken.rglob("*"))
    }
    for fmt in ("text", "json", "github"):
        assert cli("validate", "inventory", "--format", fmt)[0] == 1
    after = {str(p): (p.read_bytes() if p.is_file() else b"", p.lstat().st_mtime_ns) for p in sorted(broken.rglob("*"))}
    assert (after, broken.stat().st_mtime_ns) == (before, 0)


def test_a_mistyped_option_is_refused_by_its_verb_with_a_suggestion(cli: Cli) -> None:
    """Exit 2, the verb's own usage, and the option it was probably meant to be."""
    rc, out, err = cli("validate", "--frmat", "json")
    assert (rc, out) == (2, "")
    assert err.startswith("usage: gpufleet validate ")
    assert err.rstrip().endswith("error: unrecognized arguments: --frmat (did you mean '--format'?)")


def test_github_paths_are_relative_to_the_workspace(broken: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from a sub-directory of the checkout (a step's working-directory), annotations still
    name files from the repository root, which is where GitHub attaches them."""
    monkeypatch.setenv("GITHUB_WORKSPACE", str(broken.parent))
    monkeypatch.chdir(broken)
    rc, out, _ = cli("validate", "--format", "github", ".")
    assert rc == 1
    assert out.startswith("::error file=inventory/sites/dc.yaml,line=6,col=28,"), out
