"""The bundled dataset ships compressed and is unpacked once: into the cache folder, else once per process."""

from __future__ import annotations

import gzip
from pathlib import Path

from headway.adapters.occupations.store import ARCHIVE, OccupationStore, bundled_path, dataset_path


def test_the_dataset_is_unpacked_once_into_the_cache_folder_and_reused(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = bundled_path(cache)
    assert first.parent == cache
    with gzip.open(ARCHIVE, "rb") as packed:
        assert first.read_bytes() == packed.read()  # the whole file, byte for byte
    stamp = first.stat().st_mtime_ns
    assert bundled_path(cache) == first
    assert first.stat().st_mtime_ns == stamp  # not unpacked again
    assert [p.name for p in cache.iterdir()] == [first.name]  # no temporary file left behind


def test_an_older_unpacked_copy_is_removed(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "occupations-1-1.sqlite").write_bytes(b"an earlier Headway's copy")
    current = bundled_path(cache)
    assert [p.name for p in cache.iterdir()] == [current.name]


def test_a_cache_folder_that_cannot_be_written_falls_back_to_a_copy_for_this_process(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("", encoding="utf-8")
    path = bundled_path(blocked / "cache")
    assert not path.is_relative_to(blocked)
    assert OccupationStore(path).occupation("11-2022").title == "Sales Managers"


def test_a_users_import_wins_over_the_bundled_data(tmp_path: Path) -> None:
    assert dataset_path(tmp_path).parent == tmp_path / "cache"
    (tmp_path / "occupations.sqlite").write_bytes(b"")
    assert dataset_path(tmp_path) == tmp_path / "occupations.sqlite"
