"""Research on genetic scores for screening embryos: a dialogue template facilitators start from."""

from engagement.topics._compose import topic_template

TEMPLATE = topic_template(
    key="embryo-selection",
    title="Research on genetic scores for screening embryos",
    proposed_use=(
        "Allow a fertility research group to use participants' genomic and health data to "
        "develop and test polygenic scores that estimate an embryo's chance of developing common "
        "conditions such as type 2 diabetes and heart disease. Screening embryos in this way is "
        "not permitted in UK clinics; the group says its research would inform any future "
        "debate about the law."
    ),
    question=(
        "Should the organisation allow participants' data to be used in research on screening "
        "embryos for their chance of developing common conditions?"
    ),
    briefing="""\
## What is proposed

A fertility research group has asked to use participants' genomic data and health records. It
wants to build *polygenic scores*: numbers that combine many small genetic differences to
estimate a person's chance of developing common conditions such as type 2 diabetes or heart
disease. It would then study how well such scores could compare embryos created through IVF.

This would be research only, using data without names in a secure environment. No embryos would
be tested as part of the project.

## How things work today

- In the UK, fertility treatment and embryo research are regulated by the Human Fertilisation
  and Embryology Authority (HFEA), under the Human Fertilisation and Embryology Act 1990, as
  amended in 2008.
- Clinics can test embryos for certain serious inherited conditions, such as cystic fibrosis or
  Huntington's disease, when a family is known to be at risk. The HFEA keeps a list of the
  conditions it has approved for this kind of testing, known as PGT-M (preimplantation genetic
  testing for monogenic, or single-gene, conditions).
- Testing embryos with polygenic scores for their chance of common conditions is not permitted in
  UK clinics. Some clinics in other countries already offer it.
- Choosing an embryo's sex for non-medical reasons is not allowed in the UK.

## Possible benefits

- Supporters say that, if the scores became good enough and the law allowed it, parents could
  lower the chance of serious illness in their children.
- Independent research could show how well, or how poorly, these scores really work. That
  matters because companies abroad already sell embryo screening of this kind.
- Evidence from public research could inform Parliament and the HFEA, rather than leaving the
  debate to marketing claims.

## Possible risks

- Predictions for embryos are uncertain. Embryos from the same parents are often genetically
  similar, and many scientists think the benefit of choosing between a few of them would be
  small.
- Scores tend to work less well for people whose ancestry is not European, because most
  research so far has involved people of European ancestry.
- Some fear a slide towards choosing embryos for traits such as height or intelligence.
- Disability rights groups argue that selection sends a message about the value of the lives of
  people who have these conditions.
- If only wealthy people could pay for it, inequalities could grow.
- Participants who gave data for their own or their family's care might object to this use.
  Some of them live with the very conditions being studied.

## What is still uncertain

- How accurate scores for embryos could ever become.
- Whether UK law will change. That would be for Parliament to decide, after public debate.
- Whether the research group would share, publish or sell the scores it develops.""",
    reflection_question=(
        "Where would you draw the line on using genetic information to choose between embryos, "
        "and why?"
    ),
    seed_statements=(
        ("Parents should be able to use the best available science to lower their child's risk "
         "of serious illness."),
        "Independent research is better than leaving this to companies abroad.",
        "If screening embryos could prevent heart disease or diabetes, we should find out.",
        "Using data without names in a secure setting makes this research acceptable.",
        "Adults going through IVF are capable of making their own informed choices.",
        "Choosing embryos by genetic scores is a step towards designer babies.",
        ("Screening for common conditions sends a harmful message about people who live with "
         "them."),
        "Only wealthy families would benefit, so inequality would grow.",
        "People did not give their data to help choose between embryos.",
        "The scores are too weak to justify choosing between embryos.",
        "This will lead to selecting embryos for height or intelligence.",
        "Any change to the law should be decided by Parliament after public debate.",
        ("Families should get independent counselling before any genetic testing of "
         "embryos."),
        "The results of this research should be published, whatever they show.",
        "Embryo screening should never be allowed for non-medical traits.",
        ("Participants who live with these conditions should have a say before their data is "
         "used this way."),
        "I support the research, but not using these scores in fertility clinics.",
        "The HFEA, not companies, should decide which embryo tests are offered.",
        ("Testing for serious inherited conditions is very different from scores for common "
         "diseases."),
        ("I would feel differently if the scores worked equally well for every ethnic "
         "group."),
        "Studying whether these scores work is not the same as allowing them.",
    ),
)
