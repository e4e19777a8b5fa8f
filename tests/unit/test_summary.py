import pytest

from engagement.brief.summary import (
    DivisionEvidence,
    Evidence,
    GroupEvidence,
    ShiftEvidence,
    StatementEvidence,
    SummaryCheckFailed,
    ThemeEvidence,
    check,
    summarise,
)


def _s(i, text="Statement", agree=80.0, disagree=10.0):
    return StatementEvidence(id=i, text=f"{text} {i}", pct_agree=agree, pct_disagree=disagree,
                             n_seen=100)


def _evidence(**overrides):
    base = dict(
        n_clustered=200,
        groups=(GroupEvidence("A", 120, agrees=(_s(1),)),
                GroupEvidence("B", 70, agrees=(_s(2),), disagrees=(_s(3, disagree=70),)),
                GroupEvidence("C", 10, agrees=(_s(4),))),
        consensus_agree=(_s(5, agree=90),),
        divisions=(DivisionEvidence(_s(6), (("A", 80.0), ("B", 20.0))),),
        themes=(ThemeEvidence("Data security", 30, ("R7", "S8")),),
        shift=ShiftEvidence(n=150, mean_change=0.4, ci_low=0.2, ci_high=0.6, p_value=0.001),
    )
    base.update(overrides)
    return Evidence(**base)


CITABLE = {f"S{i}" for i in range(1, 10)} | {"R7", "Positions"}


def test_every_sentence_cites_and_every_large_group_is_covered():
    evidence = _evidence()
    summary = summarise(evidence)
    check(summary, evidence, citable=CITABLE)
    assert all(s.citations for s in summary.sentences)
    assert summary.covered_groups == ("A", "B", "C")
    assert "rose by 0.40 points" in summary.text
    assert "[S5]" in summary.text and "[R7, S8]" in summary.text


def test_same_evidence_same_text():
    assert summarise(_evidence()).text == summarise(_evidence()).text


def test_citing_a_rejected_or_withdrawn_item_fails_the_check():
    evidence = _evidence()
    with pytest.raises(SummaryCheckFailed, match="S5"):
        check(summarise(evidence), evidence, citable=CITABLE - {"S5"})


def test_a_group_left_out_fails_the_check():
    evidence = _evidence(groups=(GroupEvidence("A", 120, agrees=(_s(1),)),
                                 GroupEvidence("B", 70)))  # nothing to say about B
    with pytest.raises(SummaryCheckFailed, match="group"):
        check(summarise(evidence), evidence, citable=CITABLE)


def test_unquotable_text_is_cited_not_quoted():
    hidden = StatementEvidence(id=9, text=None, pct_agree=90, pct_disagree=5, n_seen=50)
    summary = summarise(_evidence(consensus_agree=(hidden,)))
    assert "statement S9" in summary.text and "[S9]" in summary.text


def test_small_groups_are_not_described():
    evidence = _evidence(groups=(GroupEvidence("A", 190, agrees=(_s(1),)),
                                 GroupEvidence("B", 9, agrees=(_s(2),))), n_clustered=199,
                         divisions=())
    summary = summarise(evidence)
    assert "Group B" not in summary.text
    check(summary, evidence, citable=CITABLE)


def test_no_shift_is_reported_as_such():
    shift = ShiftEvidence(n=50, mean_change=0.05, ci_low=-0.1, ci_high=0.2, p_value=0.6)
    assert "did not clearly move" in summarise(_evidence(shift=shift)).text
