"""The scale benchmark of issue 6: run on demand, never by pytest.

    python tests/benchmarks/run.py --sizes 100k,1m,10m --out bench-out/

Generates synthetic fleets and times, in one run on one machine, each command in a fresh process
(wall time, best of N; peak RSS of that process): ``gpufleet validate`` against PyYAML's C loader
only loading the same files and check-jsonschema validating them against schemas/gpufleet.schema.json
(the files of one document: check-jsonschema cannot read several documents in one file, so it gets the
data-center files and fleet.yaml, nearly all the bytes);
``gpufleet rollup``, and a series of 40 quarters (``rollup --from --to --every quarter``);
``gpufleet diff`` of two git revisions that differ in one file; the TUI's first screen; the editor
server (``gpufleet lsp``, driven over stdio by ``lsp_edit.py``): from an edit of a data-center file
to its diagnostics, and on the seed from process start to the first diagnostics; and ``gpufleet
validate seeds/coreweave`` against ``import pydantic, ruamel.yaml``. Prints
a table and the targets, and writes both as JSON (``<out>/bench.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run as a script: make the repository importable

from inventory.generate.plan import parse_gpu_count  # noqa: E402
from tests.benchmarks.measure import Measurement, Run, Spec, machine, measure, measure_together  # noqa: E402

PY = sys.executable
GPUFLEET = [PY, "-m", "inventory"]
"""``gpufleet`` itself, without a launcher script or pyenv shim in front of it."""
SCHEMA = ROOT / "schemas" / "gpufleet.schema.json"
LSP_CLIENT = ROOT / "tests" / "benchmarks" / "lsp_edit.py"
PYYAML_LOAD = (
    "import sys, yaml\n"
    "for name in sys.argv[1:]:\n"
    "    with open(name, 'rb') as f:\n"
    "        for _ in yaml.load_all(f, Loader=yaml.CSafeLoader): pass\n"
)
"""PyYAML's C loader merely loading every file (load_all: some files hold several documents)."""
TUI_FIRST_SCREEN = (
    "import asyncio, sys\n"
    "from tui.app import build_app\n"
    "async def first_screen():\n"
    "    app = build_app(sys.argv[1])\n"
    "    async with app.run_test(size=(120, 40)) as pilot:\n"
    "        await pilot.pause()\n"
    "asyncio.run(first_screen())\n"
)
IMPORT_BASELINE = "import pydantic, ruamel.yaml"
TEXTUAL_CHECK = (
    "import sys\nfrom inventory.cli.main import main\n"
    "main(['validate', sys.argv[1]])\nprint('textual' in sys.modules, file=sys.stderr)\n"
)
SERIES_40_QUARTERS = ["--from", "2016-Q2", "--to", "2026-Q1", "--every", "quarter"]
"""40 quarter ends, the last the generated fleets' as_of (2026-03-31)."""
TUI_RELOAD = (
    "import sys, time\n"
    "from inventory.engine import Loader, Paths, check\n"
    "fleet, changed = sys.argv[1], sys.argv[2]\n"
    "loader = Loader()\n"
    "check(Paths.of([fleet]), loader=loader).rollup()\n"
    "best = float('inf')\n"
    "for n in range(int(sys.argv[3])):\n"
    "    with open(changed, 'a', encoding='utf-8') as f: f.write(f'# edit {n}\\n')\n"
    "    start = time.perf_counter()\n"
    "    verdict = check(Paths.of([fleet]), loader=loader)\n"
    "    verdict.rollup()\n"
    "    best = min(best, time.perf_counter() - start)\n"
    "print(best)\n"
)
"""The TUI's reload after a one-file edit, in process: the loader keeps every other file's parse."""
EDIT_THEN = 'printf "# edit %s\\n" "$(date +%s%N)" >> "$0" && exec "$@"'
"""``sh -c EDIT_THEN FILE COMMAND...``: append a unique comment to FILE, then run COMMAND (one file
changed on every run, so each run has a new answer to compute; sh and date cost ~3 ms)."""
FLEETS: dict[str, dict[str, Any]] = {}
"""Size label -> the generated fleet's GPUs, files and megabytes (for the table and the JSON)."""
EXTRA_DEPLOYMENT = (
    "  - id: r99999\n    sku: h200\n    gpus: 8\n    nodes: 1\n    installed_on: 2026-03-01\n"
    "    sources: [synthetic-dcim]\n"
)
"""What the NEW revision adds to one data-center file, so the two revisions differ in one file."""


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def two_revisions(fleet: Path, repo: Path) -> None:
    """A git repository whose HEAD~1 holds ``fleet`` and HEAD differs from it in one file."""
    shutil.rmtree(repo, ignore_errors=True)
    repo.mkdir(parents=True)
    git(repo, "init", "-q")
    shutil.copytree(fleet, repo / "fleet")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "fleet")
    first = sorted((repo / "fleet" / "datacenters").iterdir())[0]
    with first.open("a", encoding="utf-8") as handle:
        handle.write(EXTRA_DEPLOYMENT)
    git(repo, "commit", "-q", "-am", "one more node")


def cache_env(out: Path) -> dict[str, str]:
    """The cache on, its secret in the work folder (the user's own cache folder is left alone)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GPUFLEET_")}
    env["XDG_CACHE_HOME"] = str(out / "xdg")
    return env


def prime(specs: list[Spec]) -> None:
    """Run each spec once, unmeasured: the cache then holds what a repeat run finds."""
    for spec in specs:
        subprocess.run(spec.command, cwd=spec.cwd, env=spec.env, capture_output=True, check=False)


def edit_then(path: Path, command: list[str]) -> list[str]:
    return ["sh", "-c", EDIT_THEN, str(path), *command]


def bench_cache(label: str, fleet: Path, repo: Path, out: Path, repeat: int) -> list[Measurement]:
    """Cold and warm rows: validate, diff (one file changed; old side seen; both seen), TUI reload."""
    env = cache_env(out)
    shutil.rmtree(fleet / ".gpufleet_cache", ignore_errors=True)
    shutil.rmtree(repo / ".gpufleet_cache", ignore_errors=True)
    edited = out / f"fleet-{label}-edited"
    shutil.rmtree(edited, ignore_errors=True)
    shutil.copytree(fleet, edited, ignore=shutil.ignore_patterns(".gpufleet_cache"))
    first = sorted((edited / "datacenters").iterdir())[0]
    worktree_file = sorted((repo / "fleet" / "datacenters").iterdir())[0]
    diff = [*GPUFLEET, "diff", "HEAD~1", "HEAD", "--", "fleet"]
    warm = [
        Spec("validate-warm", label, [*GPUFLEET, "validate", str(fleet)], env=env),
        Spec("diff-warm", label, diff, cwd=repo, env=env),
    ]
    prime(warm)
    prime([Spec("seen", label, [*GPUFLEET, "validate", str(edited)], env=env)])
    specs = [
        Spec("validate", label, [*GPUFLEET, "validate", "--no-cache", str(fleet)], env=env),
        warm[0],
        Spec("validate-one-changed", label, edit_then(first, [*GPUFLEET, "validate", str(edited)]), env=env),
        Spec("diff", label, [*GPUFLEET, "diff", "--no-cache", *diff[4:]], cwd=repo, env=env),
        Spec(
            "diff-old-seen",
            label,
            edit_then(worktree_file, [*GPUFLEET, "diff", "HEAD", "--", "fleet"]),
            cwd=repo,
            env=env,
        ),
        warm[1],
    ]
    found = measure_together(specs, repeat=repeat)
    subprocess.run(["git", "checkout", "-q", "--", "."], cwd=repo, check=True)
    reload = subprocess.run(
        [PY, "-c", TUI_RELOAD, str(edited), str(first), str(repeat)], capture_output=True, text=True, check=True
    )
    seconds = float(reload.stdout.strip())
    m = Measurement("tui-reload-in-process", label, ["(in process)", "check(Paths, loader=loader)"])
    m.runs.append(Run(seconds, 0.0, 0, False))
    print(f"  {label:>5} {m.name:<28} {m.shown_seconds():>9} s (in process)", file=sys.stderr, flush=True)
    return [*found, m]


def bench_size(label: str, gpus: int, out: Path, args: argparse.Namespace) -> list[Measurement]:
    repeat = args.repeat_large if gpus >= 5_000_000 else args.repeat
    fleet = out / f"fleet-{label}"
    print(f"{label}: {gpus:,} GPUs, best of {repeat}", file=sys.stderr)
    generate = [*GPUFLEET, "generate", "--gpus", str(gpus), "--force", str(fleet)]
    found = [measure(Spec("generate", label, generate), repeat=1)]
    files = [str(p) for p in sorted(fleet.rglob("*.yaml"))]
    megabytes = sum(Path(f).stat().st_size for f in files) / 1e6
    print(f"  {label}: {len(files)} files, {megabytes:.1f} MB of YAML", file=sys.stderr)
    FLEETS[label] = {"gpus": gpus, "files": len(files), "megabytes": round(megabytes, 1)}
    repo = out / f"repo-{label}"
    two_revisions(fleet, repo)
    specs = [
        Spec("validate", label, [*GPUFLEET, "validate", "--no-cache", str(fleet)]),
        Spec("pyyaml-load", label, [PY, "-c", PYYAML_LOAD, *files]),
        Spec("rollup", label, [*GPUFLEET, "rollup", "--no-cache", str(fleet)]),
        Spec("rollup-series", label, [*GPUFLEET, "rollup", "--no-cache", str(fleet), *SERIES_40_QUARTERS]),
        Spec("diff", label, [*GPUFLEET, "diff", "--no-cache", "HEAD~1", "HEAD", "--", "fleet"], cwd=repo),
        Spec("tui-first-screen", label, [PY, "-c", TUI_FIRST_SCREEN, str(fleet)], timeout=args.timeout),
    ]
    found += measure_together(specs, repeat=repeat)
    found.append(bench_lsp_edit(label, fleet, args.lsp_edits))
    if gpus <= 1_000_000 or args.cache_rows_at_10m:
        found += [replace(m, name=f"cache:{m.name}") for m in bench_cache(label, fleet, repo, out, repeat)]
    if not args.no_check_jsonschema:
        cjs = shutil.which("check-jsonschema") or "check-jsonschema"
        single = [f for f in files if "\n---" not in Path(f).read_text(encoding="utf-8")]
        command = [cjs, "--schemafile", str(SCHEMA), *single]  # it reads one document a file
        runs = 1 if gpus >= 5_000_000 else min(repeat, 2)  # it takes minutes at 10M
        found.append(measure(Spec("check-jsonschema", label, command, timeout=args.timeout), repeat=runs))
    return found


def lsp_runs(name: str, size: str, command: list[str]) -> Measurement:
    """One ``lsp_edit.py`` run: each time it reports becomes a run of the measurement."""
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    seconds = json.loads(done.stdout)["seconds"]
    m = Measurement(name, size, command)
    m.runs = [Run(s, 0.0, 0, False) for s in (seconds if isinstance(seconds, list) else [seconds])]
    print(f"  {size:>5} {name:<28} {m.shown_seconds():>9} s (median {median(m):.3f} s)", file=sys.stderr, flush=True)
    return m


def median(m: Measurement) -> float:
    return statistics.median(r.seconds for r in m.runs)


def bench_lsp_edit(label: str, fleet: Path, edits: int) -> Measurement:
    """Edit -> diagnostics in the editor server: a reference of one data-center file broken, then fixed."""
    target = next(p for p in sorted((fleet / "datacenters").glob("*.yaml")) if "sku: " in p.read_text("utf-8"))
    return lsp_runs("lsp-edit", label, [PY, str(LSP_CLIENT), "edit", str(fleet), str(target), str(edits)])


def bench_seed(args: argparse.Namespace, out: Path) -> list[Measurement]:
    print("seed: seeds/coreweave", file=sys.stderr)
    seed = out / "seed"  # a copy: the cache folder is written beside the inventory, not in the checkout
    shutil.rmtree(seed, ignore_errors=True)
    shutil.copytree(ROOT / "seeds" / "coreweave", seed, ignore=shutil.ignore_patterns(".gpufleet_cache"))
    env = cache_env(out)
    warm = Spec("validate-warm", "seed", [*GPUFLEET, "validate", str(seed)], expect=(0, 1), env=env)
    prime([warm])
    specs = [
        Spec("validate", "seed", [*GPUFLEET, "validate", "--no-cache", str(seed)], expect=(0, 1), env=env),
        warm,
        Spec("import-baseline", "seed", [PY, "-c", IMPORT_BASELINE]),
    ]
    found = measure_together(specs, repeat=args.repeat_seed)
    opened = [lsp_runs("lsp-open", "seed", [PY, str(LSP_CLIENT), "open", str(seed), str(seed / "fleet.yaml")])]
    for _ in range(args.repeat_seed - 1):
        opened[0].runs += lsp_runs("lsp-open", "seed", opened[0].command).runs
    return found + opened


def imports_textual() -> bool:
    done = subprocess.run([PY, "-c", TEXTUAL_CHECK, str(ROOT / "seeds" / "coreweave")], capture_output=True, text=True)
    last: str = done.stderr.strip().splitlines()[-1]
    return last == "True"


def targets(results: dict[tuple[str, str], Measurement], textual: bool) -> list[dict[str, Any]]:
    """Each target of the issue that this run can judge: the measured ratio and whether it holds."""

    def s(name: str, size: str) -> float | None:
        m = results.get((name, size))
        return m.seconds if m is not None else None

    rows: list[dict[str, Any]] = []

    def ratio(what: str, top: float | None, bottom: float | None, op: str, limit: float) -> None:
        if top is None or bottom is None:
            return
        value = top / bottom
        ok = value <= limit if op == "<=" else value >= limit
        rows.append({"target": what, "value": round(value, 3), "op": op, "limit": limit, "ok": ok})

    ratio("1M validate / PyYAML C load", s("validate", "1m"), s("pyyaml-load", "1m"), "<=", 0.5)
    ratio("1M check-jsonschema / validate", s("check-jsonschema", "1m"), s("validate", "1m"), ">=", 5)
    ratio("10M validate / 1M validate", s("validate", "10m"), s("validate", "1m"), "<=", 11)
    if ("validate", "10m") in results:
        peak = results[("validate", "10m")].peak_mb
        rows.append(
            {
                "target": "10M validate peak RSS (MB)",
                "value": round(peak),
                "op": "<=",
                "limit": 2048,
                "ok": peak <= 2048,
            }
        )
    ratio("1M rollup series (40 quarters) / rollup", s("rollup-series", "1m"), s("rollup", "1m"), "<=", 1.5)
    ratio("1M diff cold (one file changed) / validate", s("cache:diff", "1m"), s("cache:validate", "1m"), "<=", 1.2)
    ratio("1M diff, old side seen / validate", s("cache:diff-old-seen", "1m"), s("cache:validate", "1m"), "<=", 0.8)
    ratio("1M diff, both seen / validate", s("cache:diff-warm", "1m"), s("cache:validate", "1m"), "<=", 0.1)
    ratio("1M validate, nothing changed / cold", s("cache:validate-warm", "1m"), s("cache:validate", "1m"), "<=", 0.1)
    ratio(
        "1M validate, one file changed / cold",
        s("cache:validate-one-changed", "1m"),
        s("cache:validate", "1m"),
        "<=",
        0.7,
    )
    if ("lsp-edit", "1m") in results:
        edit = median(results[("lsp-edit", "1m")])
        rows.append(
            {
                "target": "1M lsp edit -> diagnostics, median (s)",
                "value": round(edit, 3),
                "op": "<=",
                "limit": 0.3,
                "ok": edit <= 0.3,
            }
        )
    if ("lsp-open", "seed") in results:
        opened = results[("lsp-open", "seed")].seconds
        rows.append(
            {
                "target": "seed lsp start -> first diagnostics (s)",
                "value": round(opened, 3),
                "op": "<",
                "limit": 1.0,
                "ok": opened < 1.0,
            }
        )
    if ("cache:tui-reload-in-process", "1m") in results:
        seconds = results[("cache:tui-reload-in-process", "1m")].seconds
        rows.append(
            {
                "target": "1M TUI reload after a one-file edit (s)",
                "value": round(seconds, 3),
                "op": "<=",
                "limit": 0.3,
                "ok": seconds <= 0.3,
            }
        )
    base = s("import-baseline", "seed")
    ratio("seed validate cold / import pydantic, ruamel.yaml", s("validate", "seed"), base, "<=", 3.0)
    ratio("seed validate warm / import pydantic, ruamel.yaml", s("validate-warm", "seed"), base, "<=", 0.5)
    rows.append({"target": "validate imports Textual", "value": textual, "op": "==", "limit": False, "ok": not textual})
    return rows


def table(measurements: list[Measurement], rows: list[dict[str, Any]]) -> str:
    lines = [f"{label:>5}: {f['gpus']:,} GPUs, {f['files']} files, {f['megabytes']} MB" for label, f in FLEETS.items()]
    lines += ["", f"{'size':>5}  {'command':<28} {'best s':>9} {'peak MB':>8}  runs", "-" * 70]
    for m in measurements:
        runs = " ".join(f"{r.seconds:.2f}" for r in m.runs)
        lines.append(f"{m.size:>5}  {m.name:<28} {m.shown_seconds():>9} {m.peak_mb:8.0f}  {runs}")
    lines += ["", f"{'target':<46} {'measured':>9}  {'limit':<9} ok", "-" * 70]
    for r in rows:
        value = r["value"] if not isinstance(r["value"], float) else f"{r['value']:.3f}"
        lines.append(f"{r['target']:<46} {value!s:>9}  {r['op']} {r['limit']!s:<6} {'yes' if r['ok'] else 'NO'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100k,1m,10m", help="fleet sizes in GPUs (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=Path("bench-out"), help="work folder (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command, best kept (default: %(default)s)")
    parser.add_argument(
        "--repeat-large", type=int, default=2, help="runs per command from 5M GPUs (default: %(default)s)"
    )
    parser.add_argument("--repeat-seed", type=int, default=5, help="runs of the seed commands (default: %(default)s)")
    parser.add_argument(
        "--timeout", type=float, default=600, help="seconds before check-jsonschema or the TUI is stopped"
    )
    parser.add_argument("--no-check-jsonschema", action="store_true", help="skip check-jsonschema")
    parser.add_argument(
        "--lsp-edits", type=int, default=20, help="edits timed in the editor server (default: %(default)s)"
    )
    parser.add_argument("--cache-rows-at-10m", action="store_true", help="also measure the cache rows from 5M GPUs")
    args = parser.parse_args(argv)
    out: Path = args.out.absolute()
    out.mkdir(parents=True, exist_ok=True)
    info = machine()
    print(f"machine: {info}", file=sys.stderr)
    # Bytecode as an installed package has it (pip compiles at install; PYTHONDONTWRITEBYTECODE,
    # set in some sandboxes, would otherwise make every run compile gpufleet from source).
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "inventory"), str(ROOT / "tui")], check=True)
    info["bytecode"] = "compiled before the runs (python -m compileall), as an install does"
    measurements: list[Measurement] = []
    for label in (s.strip().lower() for s in args.sizes.split(",") if s.strip()):
        measurements += bench_size(label, parse_gpu_count(label), out, args)
    measurements += bench_seed(args, out)
    results = {(m.name, m.size): m for m in measurements}
    rows = targets(results, imports_textual())
    print(table(measurements, rows))
    print(f"machine: {info['nproc']} cores, {info['cpu']}, Python {info['python']}")
    payload = {"machine": info, "fleets": FLEETS, "measurements": [m.as_json() for m in measurements], "targets": rows}
    (out / "bench.json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out / 'bench.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
