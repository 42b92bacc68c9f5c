"""Read the bundled occupation dataset (a read-only SQLite file) into domain objects."""

from __future__ import annotations

import os
import sqlite3
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from headway.domain.errors import NotFound, ValidationError
from headway.domain.occupations import (
    Domain,
    EducationShare,
    Element,
    JobZone,
    Occupation,
    OccupationProfile,
    Outlook,
    Rating,
    Related,
    Task,
    Technology,
    Wages,
)

if TYPE_CHECKING:
    from headway.adapters.occupations.matcher import Matcher

ARCHIVE = Path(__file__).parent / "data" / "occupations.sqlite.gz"  # shipped compressed: 2.9 MB, 11.5 unpacked
OVERRIDE_NAME = "occupations.sqlite"  # written by `headway data import-onet` into the user data directory
PERCENTILES = {"annual_p10": 10, "annual_p25": 25, "annual_median": 50, "annual_p75": 75, "annual_p90": 90}


def bundled_path(cache_dir: Path | None = None) -> Path:
    """The dataset shipped with Headway, unpacked: once into `cache_dir`, else once per process into a temporary
    folder. The unpacked copy is named after the archive's size and time, so an upgrade unpacks its own."""
    stat = ARCHIVE.stat()
    name = f"occupations-{stat.st_size}-{stat.st_mtime_ns}.sqlite"
    if cache_dir is not None:
        try:
            return _unpacked(cache_dir, name)
        except OSError:  # a cache folder that cannot be written: this process's own copy will do
            pass
    return _unpacked(_process_folder(), name)


def _unpacked(folder: Path, name: str) -> Path:
    target = folder / name
    if target.is_file():
        return target
    import gzip
    import shutil
    import tempfile

    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".occupations-", suffix=".sqlite", dir=folder)
    os.close(handle)
    try:
        with gzip.open(ARCHIVE, "rb") as source, Path(temporary).open("wb") as out:
            shutil.copyfileobj(source, out)
        Path(temporary).replace(target)  # atomic: another process sees the whole file or none
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    for old in folder.glob("occupations-*.sqlite"):  # the copies of an earlier Headway
        if old != target:
            old.unlink(missing_ok=True)
    return target


@cache
def _process_folder() -> Path:
    import atexit
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="headway-occupations-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def dataset_path(data_dir: Path | None) -> Path:
    """The user's rebuilt dataset when there is one, else the one shipped with Headway (unpacked in the cache)."""
    if data_dir is not None and (data_dir / OVERRIDE_NAME).is_file():
        return data_dir / OVERRIDE_NAME
    return bundled_path(None if data_dir is None else data_dir / "cache")


class OccupationStore:
    """The occupations, their ratings and the BLS figures; opened read-only, so a running command never changes it."""

    def __init__(self, path: Path | None = None, *, cache_dir: Path | None = None) -> None:
        """`path` defaults to the bundled dataset; `cache_dir` keeps it unpacked and the matcher's index between
        runs (without one, both are made again in each process)."""
        path = bundled_path(cache_dir) if path is None else path
        self.path = path
        self.cache_dir = cache_dir
        try:
            self.db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self.db.execute("SELECT 1 FROM occupation LIMIT 1")
        except sqlite3.Error:
            raise ValidationError(
                f"The occupation data at {path} cannot be read.",
                hint="Reinstall Headway if it is the bundled copy; if it is one `headway data import-onet` wrote, "
                f"delete {path} to go back to the bundled data, or import again.",
            ) from None

    def close(self) -> None:
        self.db.close()

    # -- reference tables -------------------------------------------------------------------------------------

    @cached_property
    def meta(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT key, value FROM meta"))

    @cached_property
    def elements(self) -> dict[str, Element]:
        rows = self.db.execute("SELECT id, name, domain, description FROM element ORDER BY id")
        return {row[0]: Element(row[0], row[1], Domain(row[2]), row[3]) for row in rows}

    @cached_property
    def titles(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT code, title FROM occupation ORDER BY code"))

    @cached_property
    def matcher(self) -> Matcher:
        from headway.adapters.occupations.matcher import Matcher

        # The index takes most of a second to build and milliseconds to read back from the user's cache folder.
        return Matcher.load(self.db, dataset=self.path, cache_dir=self.cache_dir)

    def attributions(self) -> list[str]:
        return [self.meta[key] for key in ("onet_attribution", "oews_attribution", "projections_attribution")]

    # -- one occupation ---------------------------------------------------------------------------------------

    def occupation(self, code: str) -> Occupation:
        code = normalise_code(code)
        row = self.db.execute("SELECT code, title, description, job_zone FROM occupation WHERE code = ?", (code,))
        found = row.fetchone()
        if found is None:
            raise NotFound(
                f"There is no occupation {code} in O*NET {self.meta.get('onet_version', '')}.",
                hint='Find one with `headway occupations match "your job title"`.',
            )
        return Occupation(*found)

    def ratings(self, code: str) -> dict[str, Rating]:
        rows = self.db.execute(
            "SELECT element_id, importance, level, not_relevant, suppress FROM rating WHERE code = ?", (code,)
        )
        return {r[0]: Rating(r[0], r[1], r[2], bool(r[3]), bool(r[4])) for r in rows}

    @cached_property
    def all_ratings(self) -> dict[str, dict[str, Rating]]:
        """Every occupation's ratings at once (career paths compare many occupations)."""
        result: dict[str, dict[str, Rating]] = {}
        rows = self.db.execute("SELECT code, element_id, importance, level, not_relevant, suppress FROM rating")
        for code, element, importance, level, not_relevant, suppress in rows:
            result.setdefault(code, {})[element] = Rating(
                element, importance, level, bool(not_relevant), bool(suppress)
            )
        return result

    def job_zone(self, zone: int | None) -> JobZone | None:
        if zone is None:
            return None
        row = self.db.execute(
            "SELECT zone, name, experience, education, training, examples, svp_range FROM job_zone WHERE zone = ?",
            (zone,),
        ).fetchone()
        return None if row is None else JobZone(*row)

    def tasks(self, code: str) -> list[Task]:
        rows = self.db.execute(
            "SELECT task_id, statement, task_type FROM task WHERE code = ? "
            "ORDER BY CASE task_type WHEN 'Core' THEN 0 WHEN '' THEN 1 ELSE 2 END, task_id",
            (code,),
        )
        return [Task(*row) for row in rows]

    def technologies(self, code: str) -> list[Technology]:
        rows = self.db.execute(
            "SELECT example, commodity, hot, in_demand FROM technology WHERE code = ? "
            "ORDER BY in_demand DESC, hot DESC, example",
            (code,),
        )
        return [Technology(r[0], r[1], bool(r[2]), bool(r[3])) for r in rows]

    def education(self, code: str) -> list[EducationShare]:
        rows = self.db.execute(
            "SELECT e.scale, e.category, c.description, e.percent FROM education e "
            "JOIN education_category c ON c.scale = e.scale AND c.category = e.category "
            "WHERE e.code = ? ORDER BY e.scale, e.category",
            (code,),
        )
        return [EducationShare(*row) for row in rows]

    def _group_row(self, table: str, columns: str, soc: str) -> tuple[Any, ...] | None:
        """The row for `soc`, else for the broader group BLS publishes instead (13-1020 for 13-1021)."""
        for candidate in dict.fromkeys((soc, soc[:6] + "0")):
            row = self.db.execute(f"SELECT {columns} FROM {table} WHERE soc = ?", (candidate,)).fetchone()
            if row is not None:
                return tuple(row)
        return None

    def wages(self, soc: str) -> Wages | None:
        """OEWS national wages, the broader group's where BLS publishes only that."""
        row = self._group_row(
            "wage",
            "soc, title, employment, annual_mean, annual_p10, annual_p25, annual_median, annual_p75, annual_p90, "
            "hourly_median, top_coded",
            soc,
        )
        if row is None:
            return None
        soc_, title, employment, mean, p10, p25, median, p75, p90, hourly, top_coded = row
        return Wages(
            soc_,
            title,
            employment,
            mean,
            p10,
            p25,
            median,
            p75,
            p90,
            hourly,
            top_coded=frozenset(PERCENTILES[c] for c in top_coded.split(",") if c in PERCENTILES),
            broader=soc_ != soc,
        )

    def outlook(self, soc: str) -> Outlook | None:
        """BLS projections 2024-34, the broader group's where BLS projects only that."""
        row = self._group_row(
            "projection",
            "soc, title, employment_2024, employment_2034, change_number, change_percent, openings, "
            "median_wage_2024, education, experience, training, top_coded",
            soc,
        )
        if row is None:
            return None
        soc_, title, e24, e34, change, percent, openings, wage, education, experience, training, top_coded = row
        return Outlook(
            soc_,
            title,
            e24,
            e34,
            change,
            percent,
            openings,
            wage,
            education,
            experience,
            training,
            median_wage_top_coded="median_wage_2024" in top_coded,
            broader=soc_ != soc,
        )

    def related(self, code: str) -> list[Related]:
        rows = self.db.execute(
            "SELECT r.related_code, o.title, r.tier, r.rank FROM related r "
            "JOIN occupation o ON o.code = r.related_code WHERE r.code = ? ORDER BY r.rank",
            (code,),
        )
        return [Related(*row) for row in rows]

    @cached_property
    def related_graph(self) -> dict[str, list[str]]:
        graph: dict[str, list[str]] = {}
        for code, related in self.db.execute("SELECT code, related_code FROM related ORDER BY code, rank"):
            graph.setdefault(code, []).append(related)
        return graph

    def profile(self, code: str) -> OccupationProfile:
        occupation = self.occupation(code)
        return OccupationProfile(
            occupation=occupation,
            ratings=self.ratings(occupation.code),
            job_zone=self.job_zone(occupation.job_zone),
            tasks=self.tasks(occupation.code),
            technologies=self.technologies(occupation.code),
            education=self.education(occupation.code),
            wages=self.wages(occupation.soc),
            outlook=self.outlook(occupation.soc),
        )

    def find_element(self, text: str) -> Element:
        """An element by id (2.B.1.c) or by name, case-insensitive, a unique prefix accepted."""
        wanted = text.strip().lower()
        by_id = {k.lower(): e for k, e in self.elements.items()}
        if wanted in by_id:
            return by_id[wanted]
        exact = [e for e in self.elements.values() if e.name.lower() == wanted]
        prefixed = [e for e in self.elements.values() if wanted and e.name.lower().startswith(wanted)]
        found = exact or prefixed
        if len(found) == 1:
            return found[0]
        names = ", ".join(f"{e.name} ({e.domain}, {e.id})" for e in sorted(found, key=lambda e: e.id))
        raise (NotFound if not found else ValidationError)(
            f"'{text}' matches {names}: give the id."
            if found
            else f"'{text}' is not an O*NET skill or knowledge element.",
            field="element",
            hint="`headway skills list --all` lists the 35 skills and 33 knowledge areas with their ids.",
        )


def normalise_code(code: str) -> str:
    """'11-2022' and '112022' mean 11-2022.00; anything else is refused with the expected form."""
    text = code.strip()
    digits = text.replace("-", "").replace(".", "")
    if digits.isascii() and digits.isdigit() and len(digits) in (6, 8):
        digits = digits if len(digits) == 8 else digits + "00"
        return f"{digits[:2]}-{digits[2:6]}.{digits[6:]}"
    raise ValidationError(
        f"'{code}' is not an O*NET-SOC code.",
        field="code",
        hint='Codes look like 11-2022.00 (or 11-2022); find one with `headway occupations match "job title"`.',
    )
