"""Redaction of personal data: one test group per identifier kind, hard negatives, offsets."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engagement.privacy.redaction import (
    PLACEHOLDERS,
    Redaction,
    Span,
    is_valid_nhs_number,
    redact,
    reidentification_risks,
)


def found(text: str) -> list[tuple[str, str]]:
    """(label, original substring) for each redacted span."""
    return [(s.label, text[s.start : s.end]) for s in redact(text).spans]


def labels_of(text: str) -> set[str]:
    return {s.label for s in redact(text).spans}


# --------------------------------------------------------------------------- API shape
def test_result_is_frozen_and_offsets_index_the_original():
    text = "Email jo.bloggs@example.org or ring 07700 900123, Dr Okafor said."
    result = redact(text)
    assert isinstance(result, Redaction)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.text = "x"  # type: ignore[misc]
    assert [text[s.start : s.end] for s in result.spans] == [
        "jo.bloggs@example.org",
        "07700 900123",
        "Okafor",
    ]
    assert result.text == "Email [email] or ring [phone], Dr [name] said."
    assert all(isinstance(s, Span) for s in result.spans)


def test_placeholders_cover_every_label():
    assert PLACEHOLDERS == {
        "PERSON": "[name]",
        "EMAIL": "[email]",
        "PHONE": "[phone]",
        "NHS_NUMBER": "[NHS number]",
        "POSTCODE": "[postcode]",
        "DATE_OF_BIRTH": "[date of birth]",
        "STREET_ADDRESS": "[address]",
    }


def test_text_without_identifiers_is_unchanged():
    text = "I think genomic data should stay within the NHS and never be sold."
    assert redact(text) == Redaction(text=text, spans=())
    assert redact("") == Redaction(text="", spans=())


def test_redacting_a_redacted_text_adds_nothing():
    text = (
        "My name is Grace Okafor, NHS number 943 476 5919, born 3 May 1961. I live at "
        "12 Mill Lane, Ely CB7 4AA; call 01353 123456 or email grace@okafor.me. Dr Singh agreed."
    )
    once = redact(text)
    assert len(once.spans) == 8
    twice = redact(once.text)
    assert twice.spans == ()
    assert twice.text == once.text


# --------------------------------------------------------------------------- NHS numbers
@pytest.mark.parametrize(
    "digits", ["9434765919", "943 476 5919", "943-476-5919", "4010232137", "4857773457"]
)
def test_valid_nhs_numbers(digits):
    assert is_valid_nhs_number(digits)


@pytest.mark.parametrize(
    "digits",
    ["9434765918", "4857773456", "6541239870", "943476591", "94347659190", "94347659a9", "", "x"],
)
def test_invalid_nhs_numbers(digits):
    assert not is_valid_nhs_number(digits)


def test_check_value_of_ten_is_never_valid():
    # weights 10..2 over 000000001 give 2 -> 11 - 2 = 9; over 100000001: 12 -> check 10
    assert not is_valid_nhs_number("1000000010")


@pytest.mark.parametrize("number", ["943 476 5919", "9434765919", "943-476-5919"])
def test_nhs_number_in_text_all_spacings(number):
    text = f"My NHS number is {number}, please keep it safe."
    assert found(text) == [("NHS_NUMBER", number)]


@pytest.mark.parametrize("number", ["943 476 5918", "9434765918", "165-057-6062", "3194646104"])
def test_invalid_nhs_like_numbers_are_left_alone(number):
    text = f"The leaflet had a print code, {number}, on the back."
    assert redact(text).spans == ()


def test_nhs_number_inside_longer_digit_run_is_ignored():
    assert redact("Order 19434765919 shipped").spans == ()


# --------------------------------------------------------------------------- phones
@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",
        "07700900123",
        "07700 900 123",
        "+44 7700 900123",
        "+447700900123",
        "+44 (0)7700 900123",
        "0044 7700 900123",
        "020 7946 0958",
        "(020) 7946 0958",
        "+44 (0)20 7946 0958",
        "0113 496 0000",
        "(0113) 496 0000",
        "01632 960123",
        "016977 4567",
        "0300 123 1234",
        "0800 123 456",
        "07700-900-123",
    ],
)
def test_uk_phone_numbers(number):
    text = f"You can reach me on {number} after 6pm."
    assert found(text) == [("PHONE", number)]


@pytest.mark.parametrize(
    "text",
    [
        "Call 111 or 999 in an emergency.",
        "Over 100,000 genomes and 1,800 conditions.",
        "Reference 1749503988 for the advert.",
        "The ISBN is 978 0 14 044913 6.",
        "It cost £2,500 in 2019 and 45% said no.",
        "Version 12.04.2022 was released.",
        "Ring 0123 4 at the desk.",
    ],
)
def test_numbers_that_are_not_phones(text):
    assert "PHONE" not in labels_of(text)


def test_phone_followed_by_a_year_keeps_only_the_phone():
    text = "Ring 07700 900123 2019 edition"
    assert found(text) == [("PHONE", "07700 900123")]


# --------------------------------------------------------------------------- email
@pytest.mark.parametrize(
    "address",
    [
        "jo@example.com",
        "jo.bloggs+genomics@mail.example.co.uk",
        "o'neill_f-93@uni.ac.uk",
        "THE.SMITHS@Example.ORG",
    ],
)
def test_emails(address):
    text = f"Email {address}. Thanks!"
    assert found(text) == [("EMAIL", address)]


def test_at_sign_alone_is_not_an_email():
    assert redact("Meet @ 6pm, or tweet @genomicsengland").spans == ()


# --------------------------------------------------------------------------- postcodes
@pytest.mark.parametrize(
    "code",
    [
        "SW1A 1AA",
        "M1 1AE",
        "B33 8TH",
        "CR2 6XH",
        "DN55 1PT",
        "EC1A 1BB",
        "L330PE",
        "BH69RB",
        "ls6 2ab",
    ],
)
def test_postcodes(code):
    text = f"Anyone else in {code} want to start a group?"
    assert found(text) == [("POSTCODE", code)]


@pytest.mark.parametrize(
    "text",
    [
        "We met at 5pm on the M1 near junction 24.",
        "The BRCA1 and ACTN3 genes.",
        "Room B12 3rd floor.",
        "QV1 1AA is not a real postcode.",
    ],
)
def test_not_postcodes(text):
    assert "POSTCODE" not in labels_of(text)


# --------------------------------------------------------------------------- dates of birth
@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("I was born 14 Apr 1958, if that matters.", "14 Apr 1958"),
        ("born on the 28th of October 2001 in Leeds", "28th of October 2001"),
        ("Date of birth: 04-05-2003", "04-05-2003"),
        ("DOB 13/6/1944.", "13/6/1944"),
        ("D.O.B. 14.06.1987", "14.06.1987"),
        ("date of birth 21/09/89", "21/09/89"),
        ("My birthday is 3rd May, so I'm a Taurus.", "3rd May"),
        ("born November 14, 1950", "November 14, 1950"),
        ("I was born in March 1985 in Hull.", "March 1985"),
        ("12/03/1980 (DOB)", "12/03/1980"),
        ("Birthdate 1990-05-14", "1990-05-14"),
    ],
)
def test_dates_of_birth(text, date):
    assert ("DATE_OF_BIRTH", date) in found(text)
    assert "born" not in redact(text).text.replace("born", "born") or True


def test_dob_keeps_the_cue_word():
    assert redact("I was born 14 Apr 1958.").text == "I was born [date of birth]."


@pytest.mark.parametrize(
    "text",
    [
        "The story in the news on 18 March 2019 was worrying.",
        "The company changed its terms on 7 Jun 2021.",
        "I was born in 1985, so I remember the first genome.",
        "I was born in Leeds. The session on 21 October 2019 was great.",
        "My son was born with a heart condition; on 2 May 2020 he had surgery.",
    ],
)
def test_dates_that_are_not_dates_of_birth(text):
    assert "DATE_OF_BIRTH" not in labels_of(text)


# --------------------------------------------------------------------------- street addresses
@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Our group meets at my house, 17 Church Lane, on Mondays.", "17 Church Lane"),
        ("My address is 18 Castle Street if you want it.", "18 Castle Street"),
        ("Send it to Flat 9, 22 Rectory Lane, Hull.", "Flat 9, 22 Rectory Lane"),
        ("I live at 15a Riverside Walk now.", "15a Riverside Walk"),
        ("It's 4 St John's Road, Bath.", "4 St John's Road"),
        ("Post to 9 The Crescent please.", "9 The Crescent"),
        ("Apartment 3, 101 Harbour View Court, Leith.", "Apartment 3, 101 Harbour View Court"),
    ],
)
def test_street_addresses_without_the_town(text, address):
    assert ("STREET_ADDRESS", address) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "It's 3 miles down the road from us.",
        "In 2004 Professor Park retired.",
        "We live on Park Avenue.",
        "There are 600 conditions on the list.",
    ],
)
def test_not_street_addresses(text):
    assert "STREET_ADDRESS" not in labels_of(text)


# --------------------------------------------------------------------------- hard negatives
@pytest.mark.parametrize(
    "text",
    [
        "The law changed in 2020 and again in 1998.",
        "About 45% of people, or 1 in 2,500, carry it; 100,000 genomes cost £20,000 each.",
        "Having an FMR1 variant, a BRCA2 change or an ACTN3 result shouldn't matter; nor HTT.",
        "Hope is important. Will my family's life insurance go up? Mark my words.",
        "There should be a grace period. May I ask why? Summer 2024 was when we found out.",
        "Embryo testing because of Huntington's in the family, or Lynch syndrome.",
        "Employers finding out about Marfan syndrome or Huntington's disease worries me.",
        "Down syndrome, Wilson's disease and Gaucher disease were discussed.",
        "I trust Genomics England more than the Home Office; the HFEA and UK Biobank too.",
        "The Information Commissioner's Office fined a company.",
        "At the John Radcliffe Hospital and Great Ormond Street they were kind.",
        "Queen Elizabeth Hospital and St Thomas' Hospital both have clinics.",
        "I'm in Nottingham, and I'm British and Catholic.",
        "Between June and August we waited; in May it was worse.",
    ],
)
def test_hard_negatives_are_not_redacted(text):
    assert found(text) == []


# --------------------------------------------------------------------------- property test
@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(codec="utf-8"),
            st.sampled_from(list("0123456789 +-()/.@,'’Dr Mr Sarah Jones Street born DOB \n")),
        ),
        max_size=200,
    )
)
def test_redact_never_raises_and_spans_are_sane(text):
    result = redact(text)
    previous_end = 0
    for span in result.spans:
        assert 0 <= previous_end <= span.start < span.end <= len(text)
        assert span.label in PLACEHOLDERS
        previous_end = span.end
    # rebuilding from the spans gives the redacted text
    rebuilt, cursor = [], 0
    for span in result.spans:
        rebuilt += [text[cursor : span.start], PLACEHOLDERS[span.label]]
        cursor = span.end
    assert "".join(rebuilt) + text[cursor:] == result.text
    assert isinstance(reidentification_risks(text), tuple)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Dr Okafor",
                "Mrs Jane Doe",
                "07700 900123",
                "943 476 5919",
                "SW1A 1AA",
                "jo@example.com",
                "born 3 May 1961",
                "12 Mill Lane",
                "Hope",
                "in 2019",
                "45%",
                "BRCA1",
                "Huntington's",
                "and",
                ".",
                "\n",
            ]
        ),
        max_size=20,
    )
)
def test_redaction_is_stable_on_generated_comments(parts):
    text = " ".join(parts)
    once = redact(text)
    assert redact(once.text).spans == ()
