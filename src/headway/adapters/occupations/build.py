"""Build the bundled occupation dataset: O*NET tables and BLS wages and outlook, into one read-only SQLite file.

The same code serves the committed build script (scripts/build_occupations.py, from ../shared/data) and
`headway data import-onet DIR` (a newer O*NET release a user downloaded, keeping the BLS tables already bundled).
Every number is stored as the source printed it (SQLite REAL for decimals, INTEGER for counts and wages), so what a
user is shown equals the source; a source's "not available" marker becomes NULL, never a number.
"""

from __future__ import annotations

import csv
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from headway.domain.errors import ValidationError

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE occupation (code TEXT PRIMARY KEY, title TEXT NOT NULL, description TEXT NOT NULL, job_zone INTEGER);
CREATE TABLE job_zone (
  zone INTEGER PRIMARY KEY, name TEXT NOT NULL, experience TEXT NOT NULL, education TEXT NOT NULL,
  training TEXT NOT NULL, examples TEXT NOT NULL, svp_range TEXT NOT NULL
);
CREATE TABLE element (id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT NOT NULL, domain TEXT NOT NULL);
CREATE TABLE rating (
  code TEXT NOT NULL, element_id TEXT NOT NULL, importance REAL NOT NULL, level REAL NOT NULL,
  not_relevant INTEGER NOT NULL, suppress INTEGER NOT NULL, PRIMARY KEY (code, element_id)
) WITHOUT ROWID;
CREATE TABLE title (code TEXT NOT NULL, title TEXT NOT NULL, source TEXT NOT NULL);
CREATE TABLE task (
  code TEXT NOT NULL, task_id INTEGER NOT NULL, statement TEXT NOT NULL, task_type TEXT NOT NULL,
  PRIMARY KEY (code, task_id)
) WITHOUT ROWID;
CREATE TABLE technology (
  code TEXT NOT NULL, example TEXT NOT NULL, commodity TEXT NOT NULL, hot INTEGER NOT NULL, in_demand INTEGER NOT NULL,
  PRIMARY KEY (code, example, commodity)
) WITHOUT ROWID;
CREATE TABLE education_category (
  scale TEXT NOT NULL, category INTEGER NOT NULL, description TEXT NOT NULL, PRIMARY KEY (scale, category)
) WITHOUT ROWID;
CREATE TABLE education (
  code TEXT NOT NULL, scale TEXT NOT NULL, category INTEGER NOT NULL, percent REAL NOT NULL,
  PRIMARY KEY (code, scale, category)
) WITHOUT ROWID;
CREATE TABLE related (
  code TEXT NOT NULL, related_code TEXT NOT NULL, tier TEXT NOT NULL, rank INTEGER NOT NULL,
  PRIMARY KEY (code, related_code)
) WITHOUT ROWID;
CREATE TABLE wage (
  soc TEXT PRIMARY KEY, title TEXT NOT NULL, employment INTEGER, annual_mean INTEGER,
  annual_p10 INTEGER, annual_p25 INTEGER, annual_median INTEGER, annual_p75 INTEGER, annual_p90 INTEGER,
  hourly_mean REAL, hourly_p10 REAL, hourly_p25 REAL, hourly_median REAL, hourly_p75 REAL, hourly_p90 REAL,
  top_coded TEXT NOT NULL
);
CREATE TABLE projection (
  soc TEXT PRIMARY KEY, title TEXT NOT NULL, employment_2024 REAL, employment_2034 REAL, change_number REAL,
  change_percent REAL, self_employed_percent REAL, openings REAL, median_wage_2024 INTEGER,
  education TEXT, experience TEXT, training TEXT, top_coded TEXT NOT NULL
);
"""

ONET_ATTRIBUTION = (
    "This product includes information from the O*NET {version} Database by the U.S. Department of Labor, "
    "Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. "
    "O*NET(R) is a trademark of USDOL/ETA."
)
OEWS_ATTRIBUTION = "Source: U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics, May 2025."
PROJECTIONS_ATTRIBUTION = "Source: U.S. Bureau of Labor Statistics, Employment Projections 2024\u201334."

CODE = "O*NET-SOC Code"
RATING_COLUMNS = (CODE, "Element ID", "Element Name", "Scale ID", "Data Value", "Recommend Suppress", "Not Relevant")


@dataclass(frozen=True)
class SourceFile:
    """An O*NET table the build reads: its name in the release and the columns it must have."""

    name: str
    columns: tuple[str, ...]


ONET_FILES = {
    "occupations": SourceFile("Occupation Data", (CODE, "Title", "Description")),
    "job_zones": SourceFile("Job Zones", (CODE, "Job Zone")),
    "job_zone_reference": SourceFile(
        "Job Zone Reference", ("Job Zone", "Name", "Experience", "Education", "Job Training", "Examples", "SVP Range")
    ),
    "content_model": SourceFile("Content Model Reference", ("Element ID", "Element Name", "Description")),
    "skills": SourceFile("Skills", RATING_COLUMNS),
    "knowledge": SourceFile("Knowledge", RATING_COLUMNS),
    "alternate_titles": SourceFile("Alternate Titles", (CODE, "Alternate Title", "Short Title")),
    "reported_titles": SourceFile("Sample of Reported Titles", (CODE, "Reported Job Title")),
    "tasks": SourceFile("Task Statements", (CODE, "Task ID", "Task", "Task Type")),
    "technology": SourceFile("Technology Skills", (CODE, "Example", "Commodity Title", "Hot Technology", "In Demand")),
    "education": SourceFile(
        "Education, Training, and Experience", (CODE, "Element ID", "Scale ID", "Category", "Data Value")
    ),
    "education_categories": SourceFile(
        "Education, Training, and Experience Categories", ("Scale ID", "Category", "Category Description")
    ),
    "related": SourceFile("Related Occupations", (CODE, "Related O*NET-SOC Code", "Relatedness Tier", "Index")),
}

MAX_UNPAIRED = 0.01  # a release with more ratings missing their IM or LV half is refused, not half-imported
# Tables a build must fill: an empty one means a file that was read but held nothing the product can use.
REQUIRED_TABLES = ("occupation", "job_zone", "element", "rating", "title", "task", "education", "related")

# The education, training and experience scales shown on a profile (O*NET's "IM" scale there is not one of them).
EDUCATION_SCALES = ("RL", "RW", "PT", "OJ")

OEWS_COLUMNS = {
    "soc": "soc_code",
    "title": "occupation_title",
    "employment": "Employment",
    "annual_mean": "Annual mean wage",
    "annual_p10": "Annual 10th percentile wage",
    "annual_p25": "Annual 25th percentile wage",
    "annual_median": "Annual median wage",
    "annual_p75": "Annual 75th percentile wage",
    "annual_p90": "Annual 90th percentile wage",
    "hourly_mean": "Hourly mean wage",
    "hourly_p10": "Hourly 10th percentile wage",
    "hourly_p25": "Hourly 25th percentile wage",
    "hourly_median": "Hourly median wage",
    "hourly_p75": "Hourly 75th percentile wage",
    "hourly_p90": "Hourly 90th percentile wage",
}
PROJECTION_COLUMNS = {
    "soc": "2024 National Employment Matrix code",
    "title": "2024 National Employment Matrix title",
    "employment_2024": "Employment, 2024",
    "employment_2034": "Employment, 2034",
    "change_number": "Employment change, numeric, 2024\u201334",
    "change_percent": "Employment change, percent, 2024\u201334",
    "self_employed_percent": "Percent self employed, 2024",
    "openings": "Occupational openings, 2024\u201334 annual average",
    "median_wage_2024": "Median annual wage, dollars, 2024[1]",
    "education": "Typical education needed for entry",
    "experience": "Work experience in a related occupation",
    "training": "Typical on-the-job training needed to attain competency in the occupation",
}
INTEGER_COLUMNS = {"employment", "median_wage_2024"} | {c for c in OEWS_COLUMNS if c.startswith("annual")}
TEXT_COLUMNS = {"soc", "title", "education", "experience", "training"}
NOT_AVAILABLE = {"", "-", "—", "*", "**", "#"}


def find_table(directory: Path, source: SourceFile) -> Path:
    """The file holding a table: O*NET ships text releases as .txt; the bundled copy uses .tsv."""
    for suffix in (".txt", ".tsv"):
        path = directory / f"{source.name}{suffix}"
        if path.is_file():
            return path
    found = sorted(p.name for p in directory.iterdir() if p.suffix in {".txt", ".tsv"})
    raise ValidationError(
        f"{directory} has no '{source.name}.txt' (or .tsv), which Headway needs.",
        hint="Headway reads the tab-separated text release of O*NET (files such as 'Occupation Data.txt', "
        f"'Skills.txt', 'Alternate Titles.txt'). Found: {', '.join(found) or 'no .txt or .tsv files'}. "
        "Newer releases rename some tables; if yours did, this Headway cannot read it yet. "
        "The current data is kept.",
    )


def read_table(directory: Path, source: SourceFile) -> Iterator[dict[str, str]]:
    path = find_table(directory, source)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = [column for column in source.columns if column not in (reader.fieldnames or ())]
        if missing:
            raise ValidationError(
                f"{path.name} lacks the column(s) {', '.join(repr(m) for m in missing)}.",
                hint=f"Expected at least: {', '.join(source.columns)}. Found: {', '.join(reader.fieldnames or ())}. "
                "The current occupation data is kept.",
            )
        try:
            for row in reader:
                if None in row or any(row[c] is None for c in source.columns):  # a short or a long line
                    raise ValidationError(
                        f"{path.name}, line {reader.line_num}: expected {len(reader.fieldnames or ())} "
                        "tab-separated columns.",
                        hint="The file looks damaged; download the release again. The current occupation data is kept.",
                    )
                yield row
        except (UnicodeDecodeError, csv.Error) as error:
            raise ValidationError(
                f"{path.name}, line {reader.line_num}: {error}.",
                hint="O*NET's text release is UTF-8 and tab-separated; the current occupation data is kept.",
            ) from None


def onet_version(directory: Path) -> str:
    """The release named in O*NET's 'Read Me.txt' ("O*NET 29.2 Database"), else in the folder's name."""
    for candidate in (directory / "Read Me.txt", directory / "Read Me.tsv"):
        if candidate.is_file():
            match = re.search(r"O\*NET\s+(\d+\.\d+)", candidate.read_text(encoding="utf-8", errors="replace"))
            if match:
                return match.group(1)
    match = re.search(r"(\d+)[._](\d+)", directory.name)
    return f"{match.group(1)}.{match.group(2)}" if match else "unknown"


def _number(text: str, column: str) -> float | int | str | None:
    value = text.strip()
    if column in TEXT_COLUMNS:
        return None if value in NOT_AVAILABLE else value
    if value in NOT_AVAILABLE:
        return None
    value = value.replace(",", "")
    return int(value) if column in INTEGER_COLUMNS else float(value)


def _row(source: dict[str, str], columns: dict[str, str]) -> dict[str, object]:
    """A source row by our column names. BLS prints a wage above its top code as ">=$239200": the number is kept
    and the column is listed in `top_coded`, so it is shown as "239,200 or more", never as an exact wage."""
    row: dict[str, object] = {}
    top_coded = []
    for key, column in columns.items():
        text = source[column]
        if text.startswith(">="):
            top_coded.append(key)
            text = text[2:].replace("$", "")
        row[key] = _number(text, key)
    row["top_coded"] = ",".join(top_coded)
    return row


def read_oews(path: Path) -> list[dict[str, object]]:
    """OEWS national rows for detailed and broad occupations, "-" (not published) as None."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [_row(row, OEWS_COLUMNS) for row in csv.DictReader(handle)]


def read_projections(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            _row(row, PROJECTION_COLUMNS) for row in csv.DictReader(handle) if row["Occupation type"] == "Line item"
        ]


def _insert(db: sqlite3.Connection, table: str, rows: Iterable[dict[str, object]]) -> None:
    rows = list(rows)
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(columns)
    marks = ", ".join(f":{c}" for c in columns)
    db.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _ratings(directory: Path, source: SourceFile) -> Iterator[dict[str, object]]:
    """One row per (occupation, element) joining O*NET's importance (IM) and level (LV) rows."""
    pending: dict[tuple[str, str], dict[str, dict[str, str]]] = {}
    for row in read_table(directory, source):
        key = (row[CODE], row["Element ID"])
        pending.setdefault(key, {})[row["Scale ID"]] = row
    unpaired = sum(1 for scales in pending.values() if not {"IM", "LV"} <= scales.keys())
    if not pending or unpaired > MAX_UNPAIRED * len(pending):
        raise ValidationError(
            f"{find_table(directory, source).name} has {len(pending) - unpaired:,} complete ratings "
            f"and {unpaired:,} with an importance (IM) or level (LV) row missing.",
            hint="Each element needs both its IM and its LV row; the file looks cut short or changed. "
            "The current occupation data is kept.",
        )
    for (code, element), scales in pending.items():
        im, lv = scales.get("IM"), scales.get("LV")
        if im is None or lv is None:
            continue
        yield {
            "code": code,
            "element_id": element,
            "importance": float(im["Data Value"]),
            "level": float(lv["Data Value"]),
            "not_relevant": int(lv["Not Relevant"] == "Y"),
            "suppress": int("Y" in (im["Recommend Suppress"], lv["Recommend Suppress"])),
        }


def _onet_rows(directory: Path) -> dict[str, list[dict[str, object]]]:
    """Every O*NET table the product uses, read and checked before anything is written."""
    f = ONET_FILES
    occupations = list(read_table(directory, f["occupations"]))
    codes = {row[CODE] for row in occupations}
    if not codes:
        raise ValidationError(f"{find_table(directory, f['occupations']).name} lists no occupations.")
    zones = {row[CODE]: int(row["Job Zone"]) for row in read_table(directory, f["job_zones"])}
    skill_rows = list(_ratings(directory, f["skills"]))
    knowledge_rows = list(_ratings(directory, f["knowledge"]))
    domain_of = {str(r["element_id"]): "skill" for r in skill_rows} | {
        str(r["element_id"]): "knowledge" for r in knowledge_rows
    }
    model = {row["Element ID"]: row for row in read_table(directory, f["content_model"])}
    titles: list[dict[str, object]] = [
        {"code": r[CODE], "title": r["Title"], "source": "occupation"} for r in occupations
    ]
    for row in read_table(directory, f["alternate_titles"]):
        titles.append({"code": row[CODE], "title": row["Alternate Title"], "source": "alternate"})
        if row["Short Title"]:
            titles.append({"code": row[CODE], "title": row["Short Title"], "source": "short"})
    titles += [
        {"code": r[CODE], "title": r["Reported Job Title"], "source": "reported"}
        for r in read_table(directory, f["reported_titles"])
    ]
    categories = {
        (r["Scale ID"], int(r["Category"])): r["Category Description"]
        for r in read_table(directory, f["education_categories"])
        if r["Scale ID"] in EDUCATION_SCALES
    }
    return {
        "occupation": [
            {"code": r[CODE], "title": r["Title"], "description": r["Description"], "job_zone": zones.get(r[CODE])}
            for r in occupations
        ],
        "job_zone": [
            {
                "zone": int(r["Job Zone"]),
                "name": r["Name"],
                "experience": r["Experience"],
                "education": r["Education"],
                "training": r["Job Training"],
                "examples": r["Examples"],
                "svp_range": r["SVP Range"],
            }
            for r in read_table(directory, f["job_zone_reference"])
        ],
        "element": [
            {
                "id": element,
                "name": model[element]["Element Name"] if element in model else element,
                "description": model[element]["Description"] if element in model else "",
                "domain": domain,
            }
            for element, domain in sorted(domain_of.items())
        ],
        "rating": [r for r in skill_rows + knowledge_rows if r["code"] in codes],
        "title": [t for t in titles if t["code"] in codes and str(t["title"]).strip()],
        "task": [
            {"code": r[CODE], "task_id": int(r["Task ID"]), "statement": r["Task"], "task_type": r["Task Type"]}
            for r in read_table(directory, f["tasks"])
        ],
        "technology": [
            {
                "code": r[CODE],
                "example": r["Example"],
                "commodity": r["Commodity Title"],
                "hot": int(r["Hot Technology"] == "Y"),
                "in_demand": int(r["In Demand"] == "Y"),
            }
            for r in read_table(directory, f["technology"])
            # The profile shows hot and in-demand technologies; the other 20,000 examples would double the file.
            if "Y" in (r["Hot Technology"], r["In Demand"])
        ],
        "education_category": [
            {"scale": scale, "category": category, "description": text}
            for (scale, category), text in sorted(categories.items())
        ],
        "education": [
            {"code": r[CODE], "scale": r["Scale ID"], "category": int(r["Category"]), "percent": float(r["Data Value"])}
            for r in read_table(directory, f["education"])
            if r["Scale ID"] in EDUCATION_SCALES
        ],
        "related": [
            {
                "code": r[CODE],
                "related_code": r["Related O*NET-SOC Code"],
                "tier": r["Relatedness Tier"],
                "rank": int(r["Index"]),
            }
            for r in read_table(directory, f["related"])
        ],
    }


def build(
    onet_dir: Path,
    out: Path,
    *,
    wages: list[dict[str, object]],
    projections: list[dict[str, object]],
    bls_meta: dict[str, str],
) -> dict[str, int]:
    """Write the dataset to `out` atomically: built beside it under a temporary name, then renamed over it.

    If anything fails (a file missing, a column renamed, a bad number), `out` is left exactly as it was.
    Returns the number of rows in each table.
    """
    try:
        tables = _onet_rows(onet_dir)
    except ValidationError:
        raise
    except (KeyError, ValueError) as error:
        raise ValidationError(
            f"The O*NET files in {onet_dir} could not be read: {error}.",
            hint="The current occupation data is kept.",
        ) from None
    empty = [name for name in REQUIRED_TABLES if not tables[name]]
    domains = {str(e["domain"]) for e in tables["element"]}
    if empty or domains != {"skill", "knowledge"}:
        raise ValidationError(
            f"The O*NET files in {onet_dir} gave no rows for: {', '.join(empty) or 'skills or knowledge'}.",
            hint="The release looks incomplete; the current occupation data is kept.",
        )
    tables["wage"] = wages
    tables["projection"] = projections
    version = onet_version(onet_dir)
    meta = {"onet_version": version, "onet_attribution": ONET_ATTRIBUTION.format(version=version), **bls_meta}
    tables["meta"] = [{"key": k, "value": v} for k, v in sorted(meta.items())]
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".occupations-", suffix=".sqlite", dir=out.parent)
    os.close(handle)
    try:
        db = sqlite3.connect(temporary)
        try:
            db.executescript(SCHEMA)
            try:
                with db:
                    for table, rows in tables.items():
                        _insert(db, table, rows)
            except sqlite3.IntegrityError as error:  # e.g. a task listed twice
                raise ValidationError(
                    f"The O*NET files in {onet_dir} repeat a row the dataset keeps once: {error}.",
                    hint="The release looks damaged; the current occupation data is kept.",
                ) from None
            db.execute("VACUUM")
        finally:
            db.close()
        Path(temporary).chmod(0o644)  # mkstemp makes it private; the dataset is public reference data
        Path(temporary).replace(out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return {table: len(rows) for table, rows in tables.items()}


BLS_META = {
    "oews_release": "May 2025",
    "oews_attribution": OEWS_ATTRIBUTION,
    "projections_release": "2024\u201334",
    "projections_attribution": PROJECTIONS_ATTRIBUTION,
}


def bls_from_dataset(path: Path) -> tuple[list[dict[str, object]], list[dict[str, object]], dict[str, str]]:
    """The BLS tables and their attributions from an existing dataset (kept when only O*NET is rebuilt)."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    try:
        wages = [dict(row) for row in db.execute("SELECT * FROM wage")]
        projections = [dict(row) for row in db.execute("SELECT * FROM projection")]
        meta = {k: v for k, v in db.execute("SELECT key, value FROM meta") if not k.startswith("onet")}
    finally:
        db.close()
    return wages, projections, meta
