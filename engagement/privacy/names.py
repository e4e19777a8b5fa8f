"""Finding people's names (PERSON) without a statistical model.

A name is a run of capitalised words (with lower-case particles such as "van", "de", "al" allowed
inside), judged by, in order:

1. exclusions: runs that are organisations or places (a head word such as "Hospital", "Street",
   "University"; a first word such as "St", "Royal"), eponymous conditions (a run followed by
   "syndrome", "disease"…, or a possessive of a known eponym such as "Huntington's");
2. a title before the name (Dr, Mr, Mrs, Ms, Professor, Nurse…): the words after it are a name;
3. a context cue before the run ("my name is", "called", "named", "thanks to", "my daughter",
   a letter closing such as "Best wishes," or a dash signature);
4. the gazetteer: a given name followed by another capitalised word ("Elena Wójcik"); a given
   name that is also an ordinary word (Hope, Will, May, Mark…) only counts when the next word
   is a known family name;
5. a lone given name in mid-sentence (not sentence-initial, not after "in"/"at"/"from"…, not
   an ordinary word or a month).

The gazetteer (``data/first_names.txt``, ``data/surnames.txt``, ``data/first_names_extra.txt``)
is shipped with the package; see ``build_gazetteer.py`` for where it comes from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from engagement.privacy.patterns import STREET_SUFFIX

_DATA = Path(__file__).resolve().parent / "data"


def _load(name: str) -> frozenset[str]:
    words: set[str] = set()
    for line in (_DATA / name).read_text("utf-8").splitlines():
        if line.startswith("#"):
            continue
        words.update(line.split())
    return frozenset(words)


@lru_cache(maxsize=1)
def gazetteer() -> tuple[frozenset[str], frozenset[str]]:
    """``(given_names, family_names)``, capitalised as written (e.g. "Eoin", "O'Connell")."""
    first = _load("first_names.txt") | _load("first_names_extra.txt")
    last = _load("surnames.txt")
    return first, last


# Given names that are also ordinary English words. At a sentence start they are read as words
# ("Hope is important", "Will my data…"); capitalised in mid-sentence they are read as names
# ("I spoke to Grace", "He said Mark would call"). Lower case.
NAME_WORDS = frozenset(
    """
    hope will grace faith joy mark rose dawn ivy holly hazel amber ruby jade pearl crystal sky
    autumn ray bill pat sue rob art don jack frank lily daisy iris heather poppy violet fern
    willow sage olive cherry mercy patience prudence charity honor honour chance miles earl
    sterling harmony melody destiny trinity blessing precious angel sandy rusty misty cliff glen
    dale heath brook dean penny ginger honey summer liberty sunny star river rain storm skye
    """.split()
)
# Given names in the gazetteer that are far more often something else (months, places, common
# words, job titles…). They only count as a name with a title, a cue, or a known family name
# after them. Lower case.
COMMON_WORDS = NAME_WORDS | frozenset(
    """
    may june april august winter spring justice dick gene king major duke baron earl
    innocent lucky noble young early long little price wells west north south east green white
    black brown grey gray hardy moody page reason worth love son man job case can an per us my
    ever else lot line less made mad odd lone loyal sincere sad sing true friend general doctor
    lawyer author sister baby darling champ diamond jewel treasure marvel miracle heaven bliss
    merry cherish carry beat add among amor con floor freeman grant graves greet gun harm harsh
    hence joke lies parley peace pleasant red rock sunshine
    bishop pastor colt chase hunter candy sugar pepper brandy sherry apple asia africa china
    india paris florence sydney victoria
    chelsea jersey lincoln chester preston kent devon austin dallas phoenix georgia carolina
    virginia adelaide orlando denver jordan israel lebanon kenya ghana nigeria holland england
    scotland wales britain ireland london york royal queen prince princess lady lord sir dame
    regal deal do did does done ha ho le la de da di du van von al el so no yes sun moon
    day night monday tuesday wednesday thursday friday saturday sunday january february march
    july september october november december christmas easter god jesus allah christ buddha
    genomics genome data science trust hospital nurse rare
    baker cook taylor mason carter fisher smith miller archer porter butler
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat
    guy muslim christian jewish hindu sikh catholic protestant buddhist british english welsh
    scottish irish african caribbean asian european american indian chinese polish
    """.split()
)

TITLES = frozenset(
    """
    Dr Doctor Mr Mrs Ms Miss Mx Prof Professor Sir Dame Nurse Sister Matron Midwife Father Fr
    Rev Revd Reverend Rabbi Imam Pastor Canon Cllr Councillor Dean Lord Lady Judge Captain Capt
    Sgt Sergeant Officer Inspector Consultant Surgeon Auntie Aunty Aunt Uncle Grandma Grandad
    Granny Nana Nan Grandpa Mum Mam Dad
    """.split()
)
# Titles that are also ordinary words at a sentence start need a capitalised word after them.
_NEEDS_NAME_AFTER = frozenset({"Sister", "Father", "Dean", "Judge", "Officer", "Mum", "Dad"})

ORG_HEADS = frozenset(
    """
    Street Road Avenue Drive Close Crescent Terrace Gardens Grove Square Mews Boulevard Lane
    Hospital Hospitals Infirmary Clinic Clinics Centre Center Hospice Surgery Practice Trust
    Foundation University College School Academy Institute Institution Society Association
    Council Office Department Ministry Service Services Unit Ward Group Network Charity Fund Ltd
    Limited Plc Inc Company Library Museum Station Airport Stadium Children's Health Medical
    Genomics Laboratory Laboratories Lab Labs Partnership Programme Program Project Study Biobank
    Cathedral Abbey Syndrome Disease Disorder Prize Award Act Bill Report Review Commission
    Committee Board Authority Agency Bank Building Centre Hall's Church's Theatre Gallery Park's
    Football United City Rovers Wanderers Athletic County Borough District Region Valley Forest
    Island Islands Bay Beach River Lake Mountains Hills Estate Village Town Market Arms Inn Hotel
    Palace Cottage Cottages Lodge Manor Farm Cafe Café Restaurant Pharmacy Chemists Tesco
    Sainsbury's Boots Asda Morrisons Waitrose
    """.split()
)
ORG_FIRST = frozenset(
    """
    St Saint Royal Great North South East West New Upper Lower Old Lake Port Fort Mount
    University College Queen King Prince Princess Lady Lord Little Greater Central National
    British English Scottish Welsh Irish Northern Southern Eastern Western Holy Our
    """.split()
)
EPONYMS = frozenset(
    """
    Huntington Down Lynch Marfan Crohn Parkinson Alzheimer Tourette Asperger Duchenne Becker
    Fabry Gaucher Tay Sachs Angelman Prader Willi Rett Williams Turner Klinefelter Ehlers Danlos
    Wilson Pompe Batten Krabbe Canavan Niemann Pick Hodgkin Addison Cushing Graves Hashimoto
    Bell Kawasaki Stargardt Leber Usher Charcot Marie Tooth Friedreich Wolff Parkinson White
    Noonan Edwards Patau Dravet Sotos Hirschsprung Meniere Ménière Paget Raynaud Sjogren Sjögren
    Still Behcet Behçet Barrett Bright Burkitt Ewing Wilms Kaposi Kahler Lou Gehrig Menkes Alport
    Bardet Biedl Beckwith Wiedemann Cornelia Lange DiGeorge Fanconi Gilbert Guillain Barré Barre
    Hunter Hurler Sanfilippo Morquio Joubert Kabuki Leigh Lesch Nyhan Li Fraumeni Loeys Dietz
    Cowden Peutz Jeghers Gorlin Stickler Waardenburg Treacher Collins Pierce Smith Magenis
    Pallister Killian Costello Alagille Apert Crouzon Pfeiffer Mowat Wilson Coffin Siris Jacobsen
    Von Willebrand Christmas Tay-Sachs Prader-Willi Ehlers-Danlos Niemann-Pick Charcot-Marie-Tooth
    """.split()
)
CONDITION_WORDS = (
    r"(?:syndrome|disease|disorder|chorea|dystrophy|ataxia|anaemia|anemia|palsy|sarcoma|"
    r"lymphoma|tumou?r|deficiency|atrophy|neuropathy|myopathy|variant|gene|mutation|criteria|"
    r"sign|test|scale|law|effect|classification|procedure|operation)"
)
PARTICLES = frozenset(
    "van de der den von da di du del della la le bin ibn al el ter ten dos das ap mac ó ní".split()
)
PLACE_PREPS = frozenset(
    "in at near from outside around across towards toward into via of through within".split()
)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+|-[^\W\d_]+)*")
_WORD_BEFORE = re.compile(r"[^\W\d_]+$")
_AFTER_CONDITION = re.compile(rf"\s*(?:['’]s?\s*)?{CONDITION_WORDS}\b", re.IGNORECASE)
# A cue right before a run makes it a name (checked on the lower-cased text before the run).
_RELATIVES = (
    r"son|daughter|child|kid|baby|boy|girl|husband|wife|partner|fianc[ée]e?|mum|mother|mom|dad|"
    r"father|brother|sister|twin|aunt|auntie|uncle|niece|nephew|cousin|grandson|granddaughter|"
    r"grandchild|grandmother|grandfather|gran|granny|grandma|grandad|grandpa|stepson|"
    r"stepdaughter|friend|neighbour|neighbor|colleague|carer|boss|gp|consultant|nurse|midwife|"
    r"doctor|counsellor|counselor|surgeon|teacher"
)
STRONG_CUE = re.compile(
    r"(?:\bmy name is|\bmy name's|\bname:|\bcall me|\bdear|\bhi|\bhello|"
    r"\b(?:best wishes|kind regards|warm regards|best regards|regards|many thanks|thanks|"
    r"thank you|cheers|love|sincerely|yours(?: sincerely| faithfully| truly)?|all the best|best|"
    r"warmly|signed)\s*[,\n!.:-]|"
    rf"\b(?:my|our|his|her|their)\s+(?:late\s+|little\s+|eldest\s+|youngest\s+|older\s+|"
    rf"younger\s+|baby\s+|twin\s+|best\s+)?(?:{_RELATIVES})s?(?:,|\s+(?:is\s+)?(?:called|named))?|"
    r"(?:^|\n|\s)[—–-]{1,2})[\s,:]*$"
)
# Cues that make a run a name only with some gazetteer support (a known given or family name).
GAZ_CUE = re.compile(
    r"(?:\bcalled|\bnamed|\bknown as|\bthanks to|\bthank you to|\bgrateful to|\bspoke to|"
    r"\bspoke with|\bspeak to|\bspeak with|\btalked to|\btalked with|\bask for|\bsigned by|"
    r"\bmet|\bmeet|\bmeeting|\bcontact)\s+$"
)
WEAK_CUE = re.compile(r"(?:\bi am|\bi'm|\bi’m|\bim|\bthis is|\bit's|\bit is|\bwith)\s+$")
# After a sentence-initial given name, what makes it read as a person ("Sarah said…",
# "Amina here", "Emily, 15, asked…", "Declan (my partner)…", "Ifeoma and Chidi…").
_SPEECH_AFTER = re.compile(
    r"(?:\s+(?:said|says|told|tells|asked|asks|explained|thinks|thought|was|is|has|had|who|"
    r"wrote|rang|called|came|went|here)\b|\s+and\s+(?:(?:I|me|my)\b|[A-Z][a-z])"
    r"|,\s*\d{1,3}\s*,|\s+\()"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\"“(]|[—–]\s)[\s\"'“‘(]*$")
_MAX_NAME_WORDS = 4


def _base(word: str) -> tuple[str, bool]:
    """Strip a possessive: ("Sarah's" -> "Sarah", True)."""
    if word.endswith(("'s", "’s")) and len(word) > 3:
        return word[:-2], True
    return word, False


def _is_cap(word: str) -> bool:
    return word[0].isupper() and any(c.islower() for c in word[1:] if c.isalpha())


def _is_initial(text: str, start: int, end: int) -> bool:
    """A one-letter initial: "A." (any letter) or "J Smith" (not "I")."""
    if end - start != 1 or not text[start].isupper():
        return False
    if text[end : end + 2] == ". ":
        return True
    return text[start] != "I" and text[end : end + 1] == " " and text[end + 1 : end + 2].isupper()


def _runs(text: str) -> Iterator[list[tuple[int, int]]]:
    """Runs of capitalised words separated by single spaces (particles and initials allowed)."""
    tokens = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    run: list[tuple[int, int]] = []
    i = 0
    n = len(tokens)
    while i < n:
        s, e = tokens[i]
        word = text[s:e]
        joined = bool(run) and _gap_ok(text, run[-1][1], s)
        if _is_cap(word) or (joined and _is_initial(text, s, e)):
            if run and not joined:
                yield run
                run = []
            run.append((s, e))
        elif run and joined and word in PARTICLES and _particle_leads_to_name(text, tokens, i):
            run.append((s, e))
        else:
            if run:
                yield run
            run = []
        i += 1
    if run:
        yield run


_DOTTED = frozenset({"Dr", "Mr", "Mrs", "Ms", "Mx", "Prof", "Rev", "Revd", "Fr", "Capt", "Sgt"})


def _particle_leads_to_name(text: str, tokens: list[tuple[int, int]], i: int) -> bool:
    """Particles ("van der") continue a run only when a capitalised word follows them."""
    j = i
    while j + 1 < len(tokens) and _gap_ok(text, tokens[j][1], tokens[j + 1][0]):
        nxt = text[tokens[j + 1][0] : tokens[j + 1][1]]
        if _is_cap(nxt):
            return True
        if nxt not in PARTICLES or j - i >= 2:
            return False
        j += 1
    return False


def _gap_ok(text: str, end: int, start: int) -> bool:
    """Two words belong to one run: a single space, or ". " after an initial or a title."""
    gap = text[end:start]
    if gap == " ":
        return True
    if gap != ". ":
        return False
    found = _WORD_BEFORE.search(text, max(0, end - 12), end)
    if not found:
        return False
    word = found.group()
    return (len(word) == 1 and word.isupper()) or word in _DOTTED


def _trim(text: str, run: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span of a name run, possessive and trailing particles removed."""
    run = run[:_MAX_NAME_WORDS]
    while run and text[run[-1][0] : run[-1][1]] in PARTICLES:
        run = run[:-1]
    if not run:
        return None
    start, end = run[0][0], run[-1][1]
    word, poss = _base(text[run[-1][0] : end])
    if poss:
        end -= 2
    return start, end


def _is_org_or_condition(text: str, words: list[str], run_end: int) -> bool:
    bases = [_base(w) for w in words]
    if any(b in ORG_FIRST for b, _ in bases[:-1]):
        return True
    pairs = zip(bases[1:], words[1:], strict=True)
    if any(b in ORG_HEADS or w in ORG_HEADS for (b, _), w in pairs):
        return True
    if _AFTER_CONDITION.match(text, run_end):
        return True
    last, poss = bases[-1]
    if last in EPONYMS and (poss or text[run_end : run_end + 1] == "'"):
        return True
    return False


def _plain(word: str) -> bool:
    """A capitalised word that can be part of a name (not a month, a common word, an org word)."""
    base = _base(word)[0]
    return base.lower() not in COMMON_WORDS and base not in ORG_HEADS and base not in TITLES


def _judge(text: str, run: list[tuple[int, int]]) -> tuple[int, int] | None:
    first_names, surnames = gazetteer()
    words = [text[s:e] for s, e in run]
    run_start, run_end = run[0][0], run[-1][1]
    before = text[max(0, run_start - 60) : run_start]

    # 2. a title: the words after it are a name
    for i, word in enumerate(words[:-1]):
        if word.rstrip(".") in TITLES:
            k = i + 1
            while k < len(words) - 1 and words[k] in TITLES:
                k += 1
            rest = run[k:]
            rest_words = words[k:]
            if _is_org_or_condition(text, rest_words, run_end):
                return None
            if word in _NEEDS_NAME_AFTER and not all(_plain(w) for w in rest_words[:1]):
                return None
            if any(_plain(w) or len(w) == 1 for w in rest_words):
                return _trim(text, rest)
            return None

    if _is_org_or_condition(text, words, run_end):
        return None

    # 3. a context cue before the run
    lower_before = before.lower()
    if _plain(words[0]):
        if STRONG_CUE.search(lower_before):
            return _trim(text, run)
        if GAZ_CUE.search(lower_before) and any(
            _base(w)[0] in first_names or _base(w)[0] in surnames for w in words
        ):
            return _trim(text, run)

    # 4. gazetteer: a given name followed by another capitalised word
    for i in range(len(words) - 1):
        w, poss = _base(words[i])
        if poss or w not in first_names:
            continue
        later = [x for x in words[i + 1 :] if x not in PARTICLES]
        if not later:
            break
        nxt = _base(later[0])[0]
        if w.lower() in COMMON_WORDS:
            if nxt in surnames and nxt.lower() not in COMMON_WORDS:
                return _trim(text, run[i:])
            continue
        if _plain(nxt) or nxt in surnames:
            return _trim(text, run[i:])

    if WEAK_CUE.search(lower_before):
        w = _base(words[0])[0]
        if w in first_names and _plain(w):
            return _trim(text, run)
        return None

    # 5. a lone given name in mid-sentence (a one-word run, or a name after a sentence opener
    # such as "Yesterday Sarah"); titles-case headings with longer runs are left alone
    if re.search(r"\][\W]*$", text[max(0, run_start - 4) : run_start]):
        return None  # right after a placeholder: the context is gone, do not guess
    if len(words) == 1:
        index = 0
    elif (
        len(words) == 2
        and _base(words[0])[0] not in first_names
        and _SENTENCE_START.search(text[max(0, run_start - 40) : run_start])
    ):
        index = 1
    else:
        return None
    w, poss = _base(words[index])
    if w not in first_names:
        return None
    start = run[index][0]
    head = text[max(0, start - 40) : start]
    initial = index == 0 and bool(_SENTENCE_START.search(head))
    lower = w.lower()
    if lower in COMMON_WORDS:
        # an ordinary word that is also a name: only capitalised mid-sentence, or as a possessive
        if initial or lower not in NAME_WORDS or lower in _NEVER_ALONE:
            return None
    elif initial and not poss and not _SPEECH_AFTER.match(text, run[index][1]):
        return None
    prev = re.search(r"([^\W\d_]+)\s+$", head)
    if prev and prev.group(1).lower() in (_DETERMINERS if poss else PLACE_PREPS | _DETERMINERS):
        return None
    if _AFTER_ADDRESS.search(head) or _BEFORE_POSTCODE.match(text, run[index][1]):
        return None
    return _trim(text, [run[index]])


_NEVER_ALONE = frozenset(
    """
    may june april august summer winter spring autumn march christmas easter god jesus allah
    christ buddha royal queen king prince princess lord lady sir dame
    """.split()
)
_DETERMINERS = frozenset("a an the this that these those every any no some each".split())
# A postcode, or where redaction put one, beside a capitalised word: the word is a place
# ("... Road, Reading", "Reading, RG1 1AA"), not a name. The shape only: looser than
# patterns.POSTCODE, which finds the postcodes to redact.
_POSTCODE_LIKE = r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|\[postcode\]"
_AFTER_ADDRESS = re.compile(rf"(?:{STREET_SUFFIX}|\[address\]|{_POSTCODE_LIKE})\.?,\s*$")
_BEFORE_POSTCODE = re.compile(rf",?\s+(?:{_POSTCODE_LIKE})(?![\w])")


_LOWER_NAME_CUE = re.compile(
    r"\b(?:my name is|my name's|call me|i'm called|i am called)\s+([a-zà-ÿ][a-zà-ÿ'’-]+)"
    r"(?:\s+([a-zà-ÿ][a-zà-ÿ'’-]+))?",
    re.IGNORECASE,
)


def _split_at_titles(text: str, run: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """ "Dr Okafor Mrs Jane Doe" is two names: a title (not after another title) starts a run."""
    parts: list[list[tuple[int, int]]] = [[]]
    previous_title = False
    for start, end in run:
        is_title = text[start:end] in TITLES
        if is_title and not previous_title and parts[-1]:
            parts.append([])
        parts[-1].append((start, end))
        previous_title = is_title
    return parts


def find_names(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` for each person's name found in ``text``."""
    for whole in _runs(text):
        for run in _split_at_titles(text, whole):
            span = _judge(text, run)
            if span is not None and span[1] > span[0]:
                yield span
    # "my name is sarah jones": names typed in lower case, only after an explicit cue
    first_names, surnames = gazetteer()
    for m in _LOWER_NAME_CUE.finditer(text):
        given = m.group(1)
        if not given.islower() or given.lower() in COMMON_WORDS:
            continue
        if given.capitalize() not in first_names:
            continue
        end = m.end(1)
        family = m.group(2)
        if family and family.islower() and family.capitalize() in surnames:
            end = m.end(2)
        yield m.start(1), end
