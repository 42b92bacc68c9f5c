"""How the occupation matcher reads a query: goal phrasing, abbreviations, misspellings, and the head noun."""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from headway.adapters.occupations.match_text import WORD, fold, head_position, singular, stem
from headway.adapters.occupations.match_vocabulary import (
    GOAL_FILLERS,
    GOAL_INTENT,
    GOAL_PHRASES,
    GOAL_STANDALONE,
    GOAL_SUFFIXES,
    STOPWORDS,
    WORD_ABBREVIATIONS,
)
from headway.domain.errors import ValidationError

HINT = "Type a job title or a goal, for example 'sales manager' or 'I want to become a data scientist'."
# Readings of one query tried at most (each ambiguous abbreviation doubles them).
MAX_READINGS = 4
# A misspelt word is corrected to a title word only this similar (rapidfuzz ratio, 0-100) or more.
CORRECTION_CUTOFF = 75.0
# A query's last word is taken for a modifier when under this share of its uses in titles head them, and another
# word heads at least the other share ("school" in "teaching high school").
RARE_HEAD, USUAL_HEAD = 0.2, 0.5
_NUMBER_WORDS = frozenset({"a", "one", "two", "three", "four", "five", "six", "ten", "few", "couple", "next"})
_PERIODS = frozenset({"year", "years", "yr", "yrs", "month", "months", "week", "weeks"})

Terms = tuple[tuple[str, float], ...]  # singular words, each with a weight: below 1 for a corrected word


@dataclass(frozen=True)
class QueryWord:
    """One word of a query: as typed, folded, and whether it was typed in capitals."""

    text: str
    word: str
    upper: bool


@dataclass(frozen=True)
class Parsed:
    """A query with its goal phrasing taken off: the words left and the phrases removed, as typed."""

    words: tuple[QueryWord, ...]
    goal_phrase: str
    trailing_phrase: str


@dataclass(frozen=True)
class Reading:
    """One way of reading a query: (word, weight, is the head noun) triples, and notes on how it was read."""

    terms: tuple[tuple[str, float, bool], ...]
    notes: tuple[str, ...]


def parse_query(text: str) -> Parsed:
    """Split a query into words and strip the goal phrasing around the job ("I want to become a ... someday")."""
    found = [
        QueryWord(m.group(), "and" if m.group() == "&" else fold(m.group()), m.group().isupper() and len(m.group()) > 1)
        for m in WORD.finditer(text)
    ]
    shouting = text.upper() == text
    # A goal word in capitals is an abbreviation ("IM Physician"), unless the whole query is in capitals.
    tokens = [q.word if shouting or not q.upper else q.text for q in found]
    start = _goal_prefix_length(tokens)
    end = len(tokens) - _goal_suffix_length(tokens[start:])
    return Parsed(
        tuple(found[start:end]),
        " ".join(q.text for q in found[:start]),
        " ".join(q.text for q in found[end:]),
    )


def _goal_prefix_length(tokens: list[str]) -> int:
    """How many words before the job are goal phrasing: up to the end of the last goal run.

    A run is goal words and phrases holding an intent: a phrase of two words or more, or an intent word with
    another goal word ("want to", not the "Want" of "Want Ad Clerk"), or a word that is an intent on its own
    ("become"). Titles hold almost none of these, so they pass untouched; "I'm a nurse and want to become a nurse
    practitioner" keeps what follows the last run.
    """
    cut = 0
    for start in range(len(tokens)):
        end = _goal_run(tokens, start)
        # A run to the very end counts only if all before it is goal phrasing too ("I want to": no job, refused);
        # after a job ("a pharmacist someday") it is the closing words, which the suffix rule takes.
        if end > start and (end < len(tokens) or start <= cut):
            cut = end
    return cut


def _goal_run(tokens: list[str], start: int) -> int:
    """Where a goal run starting at `start` ends; `start` when there is none."""
    position, intent, words = start, False, 0
    while position < len(tokens):
        phrase = next((p for p in GOAL_PHRASES if tuple(tokens[position : position + len(p)]) == p), None)
        if phrase is not None:
            position, intent, words = position + len(phrase), True, words + len(phrase)
            if phrase[-1] == "from":  # "move from sales to marketing": the job is where the move goes
                ahead = next((i for i in range(position, len(tokens)) if tokens[i] in {"to", "into"}), None)
                if ahead is not None:
                    position = ahead + 1
            continue
        token = tokens[position]
        if token in GOAL_STANDALONE:
            intent = True
        elif token in GOAL_INTENT:
            intent = intent or words > 0 or (position + 1 < len(tokens) and tokens[position + 1] in GOAL_FILLERS)
        elif token not in GOAL_FILLERS:
            break
        position, words = position + 1, words + 1
    return position if intent else start


def _goal_suffix_length(tokens: list[str]) -> int:
    """How many closing words frame the goal ("role", "in two years", "by 2027") rather than name the job."""
    end = len(tokens)
    while end > 1:
        if tokens[end - 1] in GOAL_SUFFIXES:
            end -= 1
        elif (
            end > 2 and tokens[end - 1] in _PERIODS and (tokens[end - 2].isdigit() or tokens[end - 2] in _NUMBER_WORDS)
        ):
            end -= 2
            if end > 1 and tokens[end - 1] in {"in", "within", "next", "the"}:
                end -= 1
        elif end > 2 and tokens[end - 2] in {"by", "in"} and tokens[end - 1].isdigit() and len(tokens[end - 1]) == 4:
            end -= 2
        else:
            break
    return len(tokens) - end


class QueryReader:
    """Reads queries against what the titles hold: their words, their stems and the abbreviations they spell out."""

    def __init__(
        self,
        *,
        sure: Mapping[str, tuple[str, ...]],
        ambiguous: Mapping[str, list[tuple[str, ...]]],
        terms: Mapping[str, int],
        stems: Collection[str],
        head_shares: Mapping[str, float],
    ) -> None:
        """`terms`: every indexed word with the number of titles holding it; `stems`: their stems."""
        self._sure = sure
        self._ambiguous = ambiguous
        self._terms = terms
        self._stems = stems
        self._vocabulary: list[str] | None = None
        self._head_shares = head_shares

    def read(self, text: str) -> list[Reading]:
        """The ways to read `text`: goal phrasing stripped, abbreviations spelled out, misspellings corrected."""
        if not text.strip():
            raise ValidationError("Type something to match: the text is empty.", field="text", hint=HINT)
        parsed = parse_query(text)
        notes = [f"'{parsed.goal_phrase}' read as a goal phrase"] if parsed.goal_phrase else []
        if parsed.trailing_phrase:
            notes.append(f"'{parsed.trailing_phrase}' left out")
        head = self._head([w.word for w in parsed.words])
        options: list[list[tuple[tuple[tuple[str, float, bool], ...], str | None]]] = []
        for position, word in enumerate(parsed.words):
            readings = self._options(word)
            if readings:
                # The head noun of an abbreviation spelt out is its last word ("RN": "registered nurse").
                options.append(
                    [
                        (
                            tuple((t, w, position == head and i == len(terms) - 1) for i, (t, w) in enumerate(terms)),
                            note,
                        )
                        for terms, note in readings
                    ]
                )
        if not options:
            raise ValidationError(f"'{text.strip()}' does not name a job to match.", field="text", hint=HINT)
        return [
            Reading(
                tuple(triple for terms, _ in combination for triple in terms),
                (*notes, *(note for _, note in combination if note)),
            )
            for combination in itertools.islice(itertools.product(*options), MAX_READINGS)
        ]

    def _head(self, words: list[str]) -> int | None:
        """The head noun: where a title's would be, unless that word rarely heads a title and another usually does.

        So "teaching high school" is headed by "teaching" (a teacher), where "Cleaning Supervisor" stays a supervisor.
        """
        position = head_position(words)
        if position is None:
            return None
        shares = [self._head_shares.get(stem(singular(w)), 0.0) for w in words]
        best = max(range(len(words)), key=lambda i: shares[i])
        return best if shares[position] < RARE_HEAD and shares[best] >= USUAL_HEAD else position

    def _options(self, word: QueryWord) -> list[tuple[Terms, str | None]]:
        """The ways to read one word of a query; none for a stopword."""
        w = word.word
        if word.upper or w not in WORD_ABBREVIATIONS:
            long = self._sure.get(w)
            if long is not None:
                return [(_spelt(long), f"'{word.text}' read as '{' '.join(long)}'")]
            longs = self._ambiguous.get(w)
            if longs is not None:
                options: list[tuple[Terms, str | None]] = [(((w, 1.0),), None)] if w in self._terms else []
                options += [(_spelt(long), f"'{word.text}' read as '{' '.join(long)}'") for long in longs]
                return options
        term = singular(w)
        if w in STOPWORDS or (w in WORD_ABBREVIATIONS and term not in self._terms):
            return []
        if term in self._terms or stem(term) in self._stems or not w.isalpha() or len(w) < 4:
            return [(((term, 1.0),), None)]
        corrected = self._correct(w)
        if corrected is None:
            return [(((term, 1.0),), None)]
        replacement, similarity = corrected
        return [(_spelt(tuple(replacement.split()), similarity), f"'{word.text}' read as '{replacement}'")]

    def _correct(self, word: str) -> tuple[str, float] | None:
        """The title word (or two run together) closest to a word no title has, with its similarity 0-1."""
        terms = self._terms
        for cut in range(3, len(word) - 2):
            left, right = singular(word[:cut]), singular(word[cut:])
            if terms.get(left, 0) > 2 and terms.get(right, 0) > 2:
                return f"{word[:cut]} {word[cut:]}", 1.0
        from rapidfuzz import fuzz, process  # imported only when a word needs correcting

        if self._vocabulary is None:
            # Only words several titles share: a misspelling should become a common word, not a rare one.
            self._vocabulary = [w for w, n in terms.items() if n > 1 and len(w) > 2 and w.isalpha()]
        candidates = process.extract(word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=CORRECTION_CUTOFF, limit=5)
        if not candidates:
            return None
        best = max(candidates, key=lambda c: (c[1], terms[c[0]]))
        return best[0], best[1] / 100


def _spelt(long: tuple[str, ...], weight: float = 1.0) -> Terms:
    return tuple((singular(w), weight) for w in long if w not in STOPWORDS)
