"""Offline English text preprocessing for theme analysis.

Everything here works without NLTK data packages: a regular-expression tokenizer, the
Snowball stemmer (rule based, ships with NLTK's code) and scikit-learn's English stop-word
list plus a short list of conversational fillers.  Each stem remembers the surface forms it
was produced from, so that labels can show readable words ("transparency") instead of stems
("transpar").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import RegexpTokenizer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

__all__ = [
    "STOP_WORDS",
    "PreparedCorpus",
    "prepare",
    "stem",
    "tokenize",
]

# Generic discourse fillers of spoken or chat-like answers; they carry no theme.  Kept short
# and corpus independent on purpose.
_FILLERS = frozenset(
    """
    yes yeah yep ok okay oh um uh hmm like just really actually basically maybe probably
    think thing things stuff lot lots bit kind sort got gonna wanna let lets does did doing
    done say said says saying know knew mean means way ways good well quite pretty
    also etc i'm it's don't doesn't can't won't isn't aren't i've i'd i'll you're they're
    we're that's there's what's
    """.split()
)

# Fragments left by contractions ("don't" -> "don", "t") and single letters.
_FRAGMENTS = frozenset("s t d m ll ve re don doesn didn isn aren wasn weren won wouldn".split())

STOP_WORDS: frozenset[str] = frozenset(ENGLISH_STOP_WORDS) | _FILLERS | _FRAGMENTS

_TOKENIZER = RegexpTokenizer(r"[a-z]+(?:'[a-z]+)?")
_APOSTROPHES = re.compile(r"[\u2019\u2018`\u00b4]")
_STEMMER = SnowballStemmer("english")
_STEM_CACHE: dict[str, str] = {}


def _stem(word: str) -> str:
    stem = _STEM_CACHE.get(word)
    if stem is None:
        stem = _STEMMER.stem(word)
        if len(_STEM_CACHE) < 200_000:
            _STEM_CACHE[word] = stem
    return stem


def stem(word: str) -> str:
    """The Snowball stem of one lower-case word (cached)."""
    return _stem(word)


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` minus stop words, before stemming.

    Possessives are stripped ("people's" -> "people"); numbers and punctuation are dropped.
    """
    text = _APOSTROPHES.sub("'", text.lower())
    words = []
    for token in _TOKENIZER.tokenize(text):
        if token in STOP_WORDS:
            continue
        if "'" in token:
            token = token.split("'", 1)[0]
        if len(token) < 2 or token in STOP_WORDS:
            continue
        words.append(token)
    return words


@dataclass
class PreparedCorpus:
    """Stemmed tokens per text and the readable surface form of each stem and stem bigram."""

    tokens: list[list[str]]
    _unigram_forms: dict[str, Counter] = field(default_factory=dict, repr=False)
    _bigram_forms: dict[str, Counter] = field(default_factory=dict, repr=False)

    def surface(self, term: str) -> str:
        """The most frequent original wording of a stem or a space-separated stem bigram."""
        forms = self._bigram_forms.get(term) if " " in term else self._unigram_forms.get(term)
        if forms:
            # Most frequent, ties broken by the shorter then alphabetically first form.
            return min(forms.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0]
        if " " in term:
            return " ".join(self.surface(part) for part in term.split(" "))
        return term


def prepare(texts: Iterable[str | None]) -> PreparedCorpus:
    """Tokenise, drop stop words and stem every text, remembering surface forms."""
    unigram_forms: dict[str, Counter] = {}
    bigram_forms: dict[str, Counter] = {}
    all_tokens: list[list[str]] = []
    for text in texts:
        words = tokenize(text or "")
        stems = [_stem(w) for w in words]
        for word, stem in zip(words, stems, strict=True):
            unigram_forms.setdefault(stem, Counter())[word] += 1
        for i in range(len(stems) - 1):
            key = stems[i] + " " + stems[i + 1]
            bigram_forms.setdefault(key, Counter())[words[i] + " " + words[i + 1]] += 1
        all_tokens.append(stems)
    return PreparedCorpus(all_tokens, unigram_forms, bigram_forms)


def with_bigrams(stems: Sequence[str]) -> list[str]:
    """Unigrams followed by adjacent bigrams ("a b" joined by one space)."""
    return list(stems) + [a + " " + b for a, b in zip(stems, stems[1:], strict=False)]
