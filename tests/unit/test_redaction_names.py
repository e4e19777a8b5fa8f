"""PERSON detection and the re-identification flag.

The names and sentences here are deliberately NOT those of the dev set: they exercise the cues
(titles, "my name is", relatives, sign-offs) and the gazetteer in other phrasings.
"""

from __future__ import annotations

import pytest

from engagement.privacy.names import gazetteer
from engagement.privacy.redaction import redact
from engagement.privacy.risks import quasi_identifier_spans, reidentification_risks


def names(text: str) -> list[str]:
    return [text[s.start : s.end] for s in redact(text).spans if s.label == "PERSON"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My name is Gwen Pritchard and I live in Wales.", ["Gwen Pritchard"]),
        ("I'm Tomasz, a dad of two.", ["Tomasz"]),
        ("Our consultant, Mrs Okonkwo-Bailey, was brilliant.", ["Okonkwo-Bailey"]),
        ("We saw Dr. A. Patel and then Prof Siobhan Kearney.", ["A. Patel", "Siobhan Kearney"]),
        ("Professor Sir John Bell spoke.", ["John Bell"]),
        ("Mr Singh, Mrs Kaur and Miss Chen all agreed.", ["Singh", "Kaur", "Chen"]),
        ("Professor van der Berg explained it.", ["van der Berg"]),
        ("Thanks so much to Priya Raman at the clinic.", ["Priya Raman"]),
        ("My son Oliver was diagnosed last year.", ["Oliver"]),
        ("my daughter, Amelia, has a rare condition", ["Amelia"]),
        ("I met Hannah and Joe at the session; Hannah was lovely.", ["Hannah", "Joe", "Hannah"]),
        ("Sarah told me her results were fine.", ["Sarah"]),
        ("Chloe's mum says the leaflets were rubbish.", ["Chloe"]),
        ("He said Mark would call back.", ["Mark"]),
        ("I hope Will Jones from the council reads this.", ["Will Jones"]),
        ("Happy to talk - Ngozi Adeyemi, Lewisham", ["Ngozi Adeyemi"]),
        ("Kind regards,\nJonathan Ellis-Hughes", ["Jonathan Ellis-Hughes"]),
        ("Cheers,\nDave", ["Dave"]),
        ("That is all.\n— Liz", ["Liz"]),
        ("Róisín Ní Bhriain, Galway", ["Róisín Ní Bhriain"]),
        ("my name is fatima hussain, from Bolton", ["fatima hussain"]),
        ("Ask for Margaret on reception.", ["Margaret"]),
    ],
)
def test_names_found(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hope is what keeps rare disease families going.",
        "Will teachers be told if my child has a variant?",
        "Mark my words, this will end badly.",
        "May I ask how long the data is kept?",
        "There should be a grace period.",
        "Summer 2024 was when we finally got an answer.",
        "Embryo testing because of Huntington's in the family.",
        "Wilson's disease and Parkinson's disease are eponyms.",
        "Prader-Willi syndrome and Angelman syndrome are rare.",
        "The Royal Marsden and Alder Hey Children's Hospital run trials.",
        "At the John Radcliffe Hospital they were kind.",
        "Queen Elizabeth Hospital in Birmingham.",
        "I'm in Chester, near the Victoria Infirmary.",
        "I'm British, I'm Muslim and I'm worried. As a Muslim I have questions.",
        "We went to Florence in June 2018.",
        "Illumina, Oxford Nanopore, Genomics England and UK Biobank.",
        "How Will My Data Be Used?",
        "She lives at 23a Mill Lane, Ely.",
        "BRCA1, ACTN3, HTT and MSH2 are genes.",
        "The company changed its terms on 7 Jun 2021.",
    ],
)
def test_not_names(text):
    assert names(text) == []


def test_gazetteer_is_shipped_and_broad():
    first, last = gazetteer()
    assert len(first) > 10_000 and len(last) > 10_000
    assert {"Eoin", "Ngozi", "Priya", "Zofia", "Mohammed"} <= first
    assert {"O'Connell", "Nwosu", "Kaur", "Jones"} <= last


def test_possessive_is_excluded_from_the_span():
    assert names("We stayed at Priya's house.") == ["Priya"]


# --------------------------------------------------------------------------- re-identification
def test_relative_rare_condition_and_hospital_are_flagged():
    text = (
        "At the Royal Victoria Infirmary they told us our son was their first case of "
        "Menkes disease."
    )
    reasons = reidentification_risks(text)
    assert any("relative" in r and "Royal Victoria Infirmary" in r for r in reasons)
    assert any("Menkes disease" in r for r in reasons)
    spans = [text[s:e] for s, e in quasi_identifier_spans(text)]
    assert "Royal Victoria Infirmary" in spans and "Menkes disease" in spans
    # a flag, not a redaction
    assert redact(text).spans == ()


def test_relative_with_town_and_date_is_flagged():
    reasons = reidentification_risks("My aunt in Kendal was diagnosed on 3 March 2019.")
    assert reasons and "Kendal" in reasons[0] and "3 March 2019" in reasons[0]


@pytest.mark.parametrize(
    "text",
    [
        "I think genomic data should never be sold.",
        "My son thinks the consent form was too long.",  # relative, but nothing locating
        "Leeds General Infirmary has a genetics clinic.",  # place, but nothing personal
        "Down syndrome screening in 2019 was offered to everyone.",  # common, bare year
    ],
)
def test_not_flagged(text):
    assert reidentification_risks(text) == ()
