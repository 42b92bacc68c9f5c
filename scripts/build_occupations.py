"""Derive Headway's bundled occupation dataset from the raw sources in ../shared/data.

    python scripts/build_occupations.py [--shared ../shared/data]

Writes src/headway/adapters/occupations/data/occupations.sqlite.gz (O*NET 29.2 tables, BLS OEWS May 2025 national
wages, BLS Employment Projections 2024-34; an SQLite file, gzip-compressed reproducibly); ATTRIBUTION.md beside it
names the sources. Run it again when a source
changes and commit the file; the product never reads ../shared at run time.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import tempfile
from pathlib import Path

from headway.adapters.occupations.build import BLS_META, build, read_oews, read_projections

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/headway/adapters/occupations/data/occupations.sqlite.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared/data", help="the raw data folder")
    args = parser.parse_args()
    shared: Path = args.shared
    unpacked = Path(tempfile.mkdtemp()) / "occupations.sqlite"
    counts = build(
        shared / "onet-29.2",
        unpacked,
        wages=read_oews(shared / "bls/oews_2025_national_all_industries.csv"),
        projections=read_projections(shared / "bls/table_1_2_occupational_projections_2024-34.csv"),
        bls_meta=BLS_META,
    )
    # mtime 0 and no file name in the header: the same data always gives the same bytes
    with unpacked.open("rb") as source, OUT.open("wb") as raw, gzip.GzipFile("", "wb", 9, raw, mtime=0) as out:
        shutil.copyfileobj(source, out)
    shutil.rmtree(unpacked.parent)
    for table, count in counts.items():
        print(f"{table:20} {count:>7,}")
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size / 1e6:.1f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
