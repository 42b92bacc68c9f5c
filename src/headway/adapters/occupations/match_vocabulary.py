"""Hand-written word lists for the occupation matcher: what the O*NET titles cannot teach it."""

from __future__ import annotations

# Dropped from titles and queries alike: they join words in a title but say nothing about the job.
STOPWORDS = frozenset({"a", "an", "the", "of", "and", "or", "for", "in", "to", "at", "on", "with", "by", "from", "as"})

# How people phrase a goal. A run of these words and phrases is stripped from a query (never from a title) when it
# holds an intent (see match_query.py): "I want to become a" goes, but "IT" in "IT manager" and "Land" in "Land
# Surveyor" stay, for O*NET titles begin with both. GOAL_STANDALONE words are an intent alone ("become a nurse");
# GOAL_INTENT words only beside another goal word ("want to", where "Want Ad Clerk" is a title).
GOAL_STANDALONE = frozenset(
    {"become", "becoming", "aspiring", "pursue", "pursuing", "retrain", "someday", "eventually", "promoted"}
)
GOAL_INTENT = frozenset(
    {"we", "my", "id", "im", "ive", "really", "want", "wanna", "would", "like", "love", "hope", "hoping", "aim",
     "aiming", "need", "trying", "intend", "wish", "dream", "goal", "get", "getting", "qualify"}
)  # fmt: skip
GOAL_FILLERS = frozenset(
    {"i", "it", "is", "can", "do", "to", "so", "that", "will", "could", "should", "how", "what", "does", "take",
     "takes", "a", "an", "the", "plan", "planning", "am", "be", "try", "one", "day", "me", "help", "as"}
)  # fmt: skip
GOAL_PHRASES = tuple(
    sorted(
        (
            tuple(phrase.split())
            for phrase in (
                "be promoted to", "promoted to", "promotion to", "move into", "move to", "moving into", "moving to",
                "transition into", "transition to", "transitioning into", "transitioning to", "switch to",
                "switch into", "switching to", "switching into", "pivot to", "pivot into", "change careers to",
                "change career to", "career change to", "career change into", "land a job as", "land a role as",
                "land a position as", "land a job in", "get a job as", "get a job in", "find a job as", "job as",
                "role as", "position as", "work as", "working as", "work in", "working in", "a career in",
                "a career as", "career in", "career as", "start a career in", "start a career as", "start working as",
                "break into", "get into", "go into", "train as", "train to be", "training to be", "study to be",
                "qualify as", "step up to", "grow into", "apply for", "applying for", "go back to", "return to",
                "next step", "in the future", "in future", "work towards", "work toward", "working towards",
                "working toward", "make the move to", "make the jump to", "jump to", "level up to",
                "switch careers to", "switch careers into", "move up to", "move up into", "get hired as",
                "be hired as", "go back to being", "dream job is", "dream job", "dream role is", "dream role",
                "next role", "next job", "transition from", "transitioning from", "move from", "moving from",
                "switch from", "switching from", "pivot from", "go from", "career change from", "change careers from",
            )
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip

# Trailing words that frame a goal rather than name a job ("data analyst role", "... within two years").
GOAL_SUFFIXES = frozenset(
    {"role", "roles", "job", "jobs", "position", "positions", "career", "someday", "eventually", "soon", "please"}
)

# Abbreviations people type that no O*NET "Long Form (SHORT)" title spells out, or spells out two ways as often
# ("Eng" is an engineer and electronic news gathering, twice each). The titles teach the rest: CPA, RN, HR, QA,
# VP, HVAC and some 600 more (match_text.mine_abbreviations).
HAND_ABBREVIATIONS = {
    "mgr": "manager",
    "mngr": "manager",
    "mgmt": "management",
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "eng": "engineer",
    "engr": "engineer",
    "dev": "developer",
    "devs": "developer",
    "admin": "administrator",  # the titles say "administrator" 29 times, "administrative" 11: too close to learn
    "assoc": "associate",
    "coord": "coordinator",
    "dir": "director",
    "spec": "specialist",
    "supv": "supervisor",
    "acct": "accountant",
    "ux": "user experience",
    "swe": "software engineer",
    "sde": "software developer",
    "sre": "site reliability engineer",
    "ml": "machine learning",
    "db": "database",
    "dba": "database administrator",
    "sysadmin": "systems administrator",
    "devops": "development operations engineer",
}

# Abbreviations that are also everyday words: read as abbreviations only when typed in capitals ("IT manager",
# but not "I want to do it").
WORD_ABBREVIATIONS = frozenset(
    {"it", "or", "us", "is", "as", "am", "do", "go", "me", "no", "on", "so", "up", "we", "at", "be", "by", "in",
     "of", "to", "an", "ed", "co", "art", "cat", "man", "pet", "pat", "ward"}
)  # fmt: skip

# Words the suffix rules would fold into another job's word ("physician" into "physics", "officer" into "office"),
# by their singular form.
STEM_EXCEPTIONS = {
    "physician": "physician",
    "officer": "officer",
    "machinist": "machinist",
    "engine": "engine",
    "county": "county",
    "science": "scient",
}
