"""Noun phrases taken from participants' texts, to name themes the way a person would.

A theme is named by a phrase people actually wrote ("genetic test results", "human
oversight"), not by a list of stems.  Phrases come from a part-of-speech tagger and chunker
that ships its lexicon inside the ``textblob`` package (Pattern's Brill tagger, MIT licence,
about 2.6 MB installed): nothing is downloaded at run time.

A phrase is a run of adjectives and nouns, one to four words, ending in a noun, that
neither starts nor ends with a stop word.  Phrases are compared by the stems of their words,
so "genetic result" and "genetic results" count as one; each is shown in its most frequent
wording.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from textblob.en import parser as _pattern_parser

from engagement.analysis.text_prep import STOP_WORDS, stem

__all__ = ["PhraseIndex", "best_phrases", "index_phrases"]

_MAX_WORDS = 4
_MAX_CHARS = 2000  # a phrase is never this far into a text; bounds the tagger's work
_NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
_MODIFIER_TAGS = _NOUN_TAGS | {"JJ", "JJR", "JJS", "VBG", "VBN"}
# Nouns too vague to name a theme on their own ("people", "things" are stop words already).
_VAGUE = frozenset(
    "person someone everyone anyone time times example way ways part parts use lot lots".split()
)

PhraseKey = tuple[str, ...]


@dataclass
class PhraseIndex:
    """The phrase keys found in each text and the wordings each key was written in."""

    per_text: list[frozenset[PhraseKey]]
    _forms: dict[PhraseKey, Counter] = field(default_factory=dict, repr=False)
    document_frequency: Counter = field(default_factory=Counter, repr=False)

    def surface(self, key: PhraseKey) -> str:
        """The most frequent wording, ties broken by the shorter then alphabetically first."""
        forms = self._forms.get(key)
        if not forms:
            return " ".join(key)
        return min(forms.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0]


def index_phrases(texts: Iterable[str | None]) -> PhraseIndex:
    """Tag and chunk every text once; remember which phrases each contains."""
    forms: dict[PhraseKey, Counter] = {}
    per_text: list[frozenset[PhraseKey]] = []
    for text in texts:
        found: set[PhraseKey] = set()
        for words in _phrases_in(text or ""):
            for sub in _with_tails(words):
                key = tuple(stem(w.lower()) for w, _ in sub)
                forms.setdefault(key, Counter())[_wording(sub)] += 1
                found.add(key)
        per_text.append(frozenset(found))
    df: Counter = Counter()
    for keys in per_text:
        df.update(keys)
    return PhraseIndex(per_text, forms, df)


def best_phrases(
    index: PhraseIndex, members: Sequence[int], n_total: int, *, limit: int = 5
) -> list[PhraseKey]:
    """Phrases most typical of a theme: common among its members and rarer elsewhere.

    Score: share of members using the phrase x log of how much more often they use it than
    everyone does, with a small bonus per extra word (a person names a theme "data privacy"
    rather than "privacy" when both fit as well).  A phrase must occur in two members at
    least (one person's wording is not a theme's name).
    """
    n_in = len(members)
    if n_in == 0:
        return []
    df_in: Counter = Counter()
    for i in members:
        df_in.update(index.per_text[i])
    df_all = index.document_frequency
    scored = []
    for key, count in df_in.items():
        if count < 2:
            continue
        share = (count + 0.1) / (n_in + 0.2)
        lift = share / ((df_all[key] + 1.0) / (n_total + 2.0))
        if lift <= 1.0:
            continue
        score = share * np.log(lift) * (1.0 + 0.3 * (len(key) - 1))
        scored.append((-score, key))
    scored.sort()
    return [key for _, key in scored[:limit]]


def _phrases_in(text: str) -> list[list[tuple[str, str]]]:
    """Runs of modifiers ending in a noun, as (word, tag), sentence by sentence.

    Tags, not the chunker's noun chunks: it puts the "waiting" of "waiting lists" in a verb
    chunk of its own."""
    parsed = _pattern_parser.parse(
        text[:_MAX_CHARS], tokenize=True, tags=True, chunks=False, relations=False, lemmata=False
    )
    phrases: list[list[tuple[str, str]]] = []
    for sentence in parsed.split():
        phrases += _clean([(word, tag) for word, tag, *_ in sentence])
    return phrases


def _clean(chunk: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """The usable phrases of a tagged sentence: runs of modifier words, trimmed of stop words
    at both ends, ending in a noun, at most four words."""
    out: list[list[tuple[str, str]]] = []
    run: list[tuple[str, str]] = []
    for word, tag in [*chunk, ("", "")]:
        if tag in _MODIFIER_TAGS and word.isalpha() and len(word) > 1:
            run.append((word, tag))
            continue
        while run and (_stop(run[0][0]) or run[0][1] not in _MODIFIER_TAGS):
            run = run[1:]
        while run and (_stop(run[-1][0]) or run[-1][1] not in _NOUN_TAGS):
            run = run[:-1]
        if run and not (len(run) == 1 and run[0][0].lower() in _VAGUE):
            out.append(run[-_MAX_WORDS:])
        run = []
    return out


def _stop(word: str) -> bool:
    return word.lower() in STOP_WORDS


def _with_tails(words: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """The phrase and its shorter tails ("genetic test results", "test results", "results"),
    so that themes can share a head noun without sharing a modifier."""
    tails = [words[i:] for i in range(len(words))]
    return [t for t in tails if not (len(t) == 1 and t[0][0].lower() in _VAGUE)
            and not _stop(t[0][0])]


def _wording(words: list[tuple[str, str]]) -> str:
    """Lower case, except proper nouns and acronyms ("NHS", "AI") as written."""
    shown = []
    for word, tag in words:
        keep = tag in {"NNP", "NNPS"} or (word.isupper() and len(word) > 1)
        shown.append(word if keep else word.lower())
    return " ".join(shown)
