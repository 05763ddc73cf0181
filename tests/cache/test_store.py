"""The store keeps what it was given and nothing else: every entry it did not sign is ignored."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from inventory.engine import cache
from inventory.engine.cache import Store


def store(root: Path) -> Store:
    opened = Store.open(root)
    assert opened is not None
    return opened


def test_an_entry_round_trips_and_the_folder_ignores_itself_in_git(cached: Path) -> None:
    s = store(cached)
    s.put("run", "k1", b'{"a": 1}')
    assert s.get("run", "k1") == b'{"a": 1}'
    assert s.get("run", "k2") is None
    assert (cached / ".gpufleet_cache" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (cached / ".gpufleet_cache" / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f")


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[:-3],  # truncated
        lambda raw: raw[: raw.index(b"\n")],  # the body lost
        lambda raw: raw.replace(b'"ok"', b'"KO"'),  # the body altered, the header kept
        lambda raw: raw.replace(b"gpufleet-cache 1", b"gpufleet-cache 9"),  # another format
        lambda raw: b"\x80\x81" + raw,  # not text
        lambda raw: b"",  # empty
    ],
)
def test_a_damaged_entry_is_ignored_then_rebuilt(cached: Path, damage: object) -> None:
    s = store(cached)
    s.put("run", "key", b'{"v": "ok"}')
    path = s.path("run", "key")
    assert callable(damage)
    path.write_bytes(damage(path.read_bytes()))
    assert s.get("run", "key") is None
    s.put("run", "key", b'{"v": "ok"}')
    assert s.get("run", "key") == b'{"v": "ok"}'


def test_an_entry_moved_to_another_key_or_signed_elsewhere_is_ignored(cached: Path, tmp_path: Path) -> None:
    s = store(cached)
    s.put("run", "first", b'{"code": 0}')
    moved = s.path("run", "second")
    moved.parent.mkdir(parents=True, exist_ok=True)
    moved.write_bytes(s.path("run", "first").read_bytes().replace(b" first ", b" second "))
    assert s.get("run", "second") is None  # the key is inside the signature
    other = Store(s.folder, os.urandom(32), s.max_bytes)  # another user's or machine's secret
    other.put("run", "third", b'{"code": 0}')
    assert s.get("run", "third") is None
    assert other.get("run", "third") == b'{"code": 0}'


def test_the_secret_lives_outside_the_cache_folder_and_only_its_owner_reads_it(cached: Path) -> None:
    store(cached)
    secret = cached / "xdg" / "gpufleet" / "secret"
    assert secret.stat().st_mode & 0o777 == 0o600
    assert not list((cached / ".gpufleet_cache").rglob("secret"))
    secret.chmod(0o644)
    assert Store.open(cached) is None  # readable by others: the cache stays off


def test_the_folder_stays_under_its_bound_least_recently_used_first(
    cached: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.ENV_MAX, "1")
    s = store(cached)
    body = b"x" * 300_000
    for n in range(5):
        s.put("parse", f"k{n}", body)
        os.utime(s.path("parse", f"k{n}"), ns=(n * 10**9, n * 10**9))
    s.get("parse", "k0")  # used now: kept
    s.flush()
    kept = [n for n in range(5) if s.path("parse", f"k{n}").exists()]
    assert kept == [0, 3, 4]
    assert sum(v[1] for v in s.info()["kinds"].values()) <= 2**20


def test_off_by_environment(cached: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV_OFF, "1")
    assert Store.open(cached) is None
    monkeypatch.setenv(cache.ENV_OFF, "0")
    assert Store.open(cached) is not None


def _writer(folder: str, secret: bytes, n: int) -> None:
    s = Store(Path(folder), secret, 2**30)
    for i in range(200):
        s.put("run", "shared", (f'{{"writer": {n}, "i": {i}}}' + " " * 5000).encode())


def test_concurrent_writers_leave_one_whole_entry(cached: Path) -> None:
    s = store(cached)
    s.put("run", "shared", b"{}")
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_writer, args=(str(s.folder), s._secret, n)) for n in range(3)]
    for w in workers:
        w.start()
    seen = 0
    while any(w.is_alive() for w in workers):
        body = s.get("run", "shared")  # a reader during the writes sees a whole entry, never half
        assert body is not None
        seen += 1
    for w in workers:
        w.join()
        assert w.exitcode == 0
    assert s.get("run", "shared") is not None
    assert seen
    assert not [p for p in s.path("run", "shared").parent.iterdir() if p.name.endswith(".tmp")]


def test_the_cli_spells_the_series_steps_as_the_rollup_does() -> None:
    from inventory.cli import common
    from inventory.rollup import series

    assert common.EVERY == series.EVERY
