"""Re-identification risk: details that are harmless alone but can identify someone together.

A text is flagged for facilitator review when it combines a *personal detail*

- a relative ("my son", "our daughter", "my aunt"…),
- a rare or named condition ("Angelman syndrome", "a rare disease", "Huntington's"), or
- a uniqueness claim ("their first case of", "the only child in Wales with"…)

with a *locating detail*

- a hospital or clinic by name ("John Radcliffe Hospital"),
- a town or place after "in", "at", "near", "from"… ("I'm in Worcester"), or
- a calendar date ("on 3 May 2021", "in March 2019"; a bare year is not enough).

Nothing is redacted because of a flag: hospital and condition names are usually what the
participant wants to talk about, so a facilitator decides. ``quasi_identifier_spans`` returns
the hospital and condition spans behind a flag (used by the benchmark).
"""

from __future__ import annotations

import re

from engagement.privacy.names import COMMON_WORDS, EPONYMS, ORG_HEADS
from engagement.privacy.normalise import view_of
from engagement.privacy.patterns import DATE

RELATIVE = re.compile(
    r"\b(?:my|our)\s+(?:late\s+|little\s+|eldest\s+|youngest\s+|older\s+|younger\s+|twin\s+|"
    r"baby\s+|unborn\s+)?(?:son|daughter|child|children|kids?|baby|boy|girl|husband|wife|partner|"
    r"mum|mother|mom|dad|father|parents?|brother|sister|siblings?|twins?|aunt|auntie|uncle|niece|"
    r"nephew|cousins?|grandson|granddaughter|grandchild(?:ren)?|grandmother|grandfather|gran|"
    r"granny|grandma|grandad|grandpa|grandparents?|stepson|stepdaughter|half-brother|"
    r"half-sister)\b",
    re.IGNORECASE,
)
_CONDITION_WORD = (
    r"(?:syndrome|disease|disorder|dystrophy|ataxia|atrophy|anaemia|anemia|palsy|chorea|"
    r"sarcoma|deficiency|leukodystrophy|neuropathy|myopathy|dysplasia|fibrosis|acidaemia)"
)
_CAP = r"[A-Z][\w'’]*(?:-[A-Z]?[\w'’]+)*"
_PLACE_WORD = r"[A-Z][^\W\d_]*[a-z][^\W\d_]*"
NAMED_CONDITION = re.compile(rf"\b(?:{_CAP}\s+){{0,2}}{_CAP}\s+{_CONDITION_WORD}\b")
RARE_CONDITION = re.compile(
    rf"\b(?:(?:a|an|has|have|had|with|of)\s+(?:very\s+|ultra-|extremely\s+)?rare|undiagnosed|"
    rf"one[- ]in[- ]a[- ]million)\b[\w\s,-]{{0,30}}?"
    rf"\b(?:condition|{_CONDITION_WORD}|cancer|illness|variant|mutation)s?\b",
    re.IGNORECASE,
)
_EPONYM_POSSESSIVE = re.compile(r"\b([A-Z][a-z]+)['’]s\b")
# Named conditions that are common enough not to single anyone out on their own.
_COMMON_CONDITIONS = frozenset(
    """
    Down Alzheimer Alzheimer's Parkinson Parkinson's Crohn Crohn's Graves Graves' Hashimoto
    Hashimoto's Raynaud Raynaud's Lyme Coeliac Celiac Heart Kidney Liver Lung Motor Thyroid
    Addison Addison's Bowel Inflammatory Chronic Kawasaki Irritable
    """.split()
)
UNIQUENESS = re.compile(
    r"\b(?:(?:their|the|her|his|its)\s+first\s+(?:ever\s+)?(?:case|patient|child|person)|"
    r"the\s+only\s+(?:one|person|child|patient|family|case|kid|baby|woman|man|girl|boy)|"
    r"one\s+of\s+(?:only|just)\s+(?:a\s+)?(?:few|handful|\d+|two|three|four|five|ten)|"
    r"only\s+(?:\d+|two|three|four|five|a\s+handful\s+of)\s+(?:people|children|families|cases))\b",
    re.IGNORECASE,
)
HOSPITAL = re.compile(
    rf"\b(?:(?:the|The)\s+)?(?:{_CAP}\s+){{1,5}}(?:Hospital|Infirmary|Hospice|Clinic|"
    rf"Medical\s+Centre|Health\s+Centre|Surgery|Children's\s+Hospital)"
    rf"(?:\s+for(?:\s+{_CAP})+)?",
)
PLACE = re.compile(
    rf"\b(?:in|at|near|from|outside|around|live in|living in|based in|moved to|grew up in)\s+"
    rf"((?:{_PLACE_WORD})(?:[ -](?:upon|on|under|in|le|de)?[ -]?{_PLACE_WORD}){{0,2}})\b"
)
_NOT_PLACES = frozenset(
    """
    England Scotland Wales Britain UK Ireland Northern Europe America Africa Asia Australia
    Canada India China Genomics NHS The A An This That My Our Their His Her I Home Office
    Christmas Easter Summer Winter Spring Autumn Parliament Government Court Google Facebook
    Twitter Instagram Apple Amazon Oxford Cambridge University Biobank Information
    """.split()
)
_MONTHS = re.compile(
    r"^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)",
)


def _named_conditions(text: str) -> list[tuple[int, int, str]]:
    found = []
    for m in NAMED_CONDITION.finditer(text):
        words = m.group().split()
        # drop leading sentence words ("The", "Having") that are not part of the name
        while len(words) > 2 and (words[0].lower() in COMMON_WORDS or words[0] in ("The", "A")):
            words = words[1:]
        first = words[0].rstrip("'’s") if words[0].endswith(("'s", "’s")) else words[0]
        if words[0] in _COMMON_CONDITIONS or first in _COMMON_CONDITIONS:
            continue
        start = m.end() - len(" ".join(words))
        found.append((start, m.end(), " ".join(words)))
    for m in _EPONYM_POSSESSIVE.finditer(text):
        if m.group(1) in EPONYMS and m.group(1) not in _COMMON_CONDITIONS:
            if not any(s <= m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), m.group()))
    for m in RARE_CONDITION.finditer(text):
        found.append((m.start(), m.end(), m.group()))
    return found


def _hospitals(text: str) -> list[tuple[int, int, str]]:
    found = []
    for m in HOSPITAL.finditer(text):
        phrase = m.group()
        for lead in ("the ", "The "):
            if phrase.startswith(lead):
                phrase = phrase[len(lead) :]
        start = m.end() - len(phrase)
        found.append((start, m.end(), phrase))
    return found


def _places(text: str, hospitals: list[tuple[int, int, str]]) -> list[str]:
    places = []
    for m in PLACE.finditer(text):
        name = m.group(1)
        if any(s < m.end(1) and m.start(1) < e for s, e, _ in hospitals):
            continue
        head = name.split()[0].split("-")[0]
        if head in _NOT_PLACES or _MONTHS.match(head) or head.lower() in COMMON_WORDS:
            continue
        if head in ORG_HEADS:
            continue
        places.append(name)
    return places


def _quote(items: list[str]) -> str:
    uniq = list(dict.fromkeys(items))
    shown = ", ".join(f"'{i}'" for i in uniq[:3])
    return shown + (f" and {len(uniq) - 3} more" if len(uniq) > 3 else "")


def _analyse(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    personal: list[tuple[str, list[str]]] = []
    relatives = [m.group() for m in RELATIVE.finditer(text)]
    conditions = _named_conditions(text)
    unique = [m.group() for m in UNIQUENESS.finditer(text)]
    if relatives:
        personal.append(("a relative", relatives))
    if conditions:
        personal.append(("a rare or named condition", [c[2] for c in conditions]))
    if unique:
        personal.append(("a uniqueness claim", unique))

    locating: list[tuple[str, list[str]]] = []
    hospitals = _hospitals(text)
    if hospitals:
        locating.append(("a hospital or clinic", [h[2] for h in hospitals]))
    places = _places(text, hospitals)
    if places:
        locating.append(("a place", places))
    dates = [m.group() for m in DATE.finditer(text)]
    if dates:
        locating.append(("a date", dates))

    if not personal or not locating:
        return [], []
    reasons = []
    for kind, items in personal:
        where = "; ".join(f"{lk} ({_quote(li)})" for lk, li in locating)
        reasons.append(f"mentions {kind} ({_quote(items)}) together with {where}")
    spans = [(s, e) for s, e, _ in hospitals] + [(s, e) for s, e, _ in conditions]
    return reasons, sorted(spans)


def reidentification_risks(text: str) -> tuple[str, ...]:
    """Plain-English reasons this text may identify its author or their family (empty if none).

    See the module documentation for what is combined. Intended to route a comment to a
    facilitator before publication, not to redact anything.
    """
    return tuple(_analyse(view_of(text).text)[0])


def quasi_identifier_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Hospital and condition spans behind a re-identification flag (empty when not flagged),
    as offsets into ``text``."""
    view = view_of(text)
    return tuple(view.original(s, e) for s, e in _analyse(view.text)[1])
