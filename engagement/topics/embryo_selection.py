"""Research on genetic scores for screening embryos: a dialogue template facilitators start from."""

from engagement.topics._compose import topic_template

TEMPLATE = topic_template(
    key="embryo-selection",
    title="Research on genetic scores for screening embryos",
    proposed_use=(
        "Let a fertility research team use people's genetic and health data. The team would make "
        "and test scores that guess an embryo's chance of common illnesses, such as type 2 "
        "diabetes and heart disease. UK clinics may not test embryos like this. The team says its "
        "research would help any future debate about the law."
    ),
    question=(
        "Researchers want to use people's data to study scores for choosing "
        "embryos. The scores guess the chance of common illnesses. Should we let them?"
    ),
    briefing="""\
## What is proposed

A fertility research team has asked to use people's genetic data and health records. It wants
to build *genetic scores*. A score adds up many small changes in our genes to guess a person's
chance of getting a common illness, such as type 2 diabetes or heart disease. The team would
then study how well such scores could compare embryos made through IVF.

This would be research only. The data would have no names on it and would stay in a secure
place. No embryos would be tested in this work.

## How things work today

- In the UK, a body called the HFEA checks fertility treatment and embryo research. It works
  under a law from 1990, changed in 2008.
- Clinics can test embryos for some serious illnesses that run in families, such as cystic
  fibrosis or Huntington's disease. This is only when a family is known to be at risk. The HFEA
  keeps a list of the illnesses it has agreed to.
- UK clinics may not use genetic scores to test embryos for their chance of common illnesses.
  Some clinics in other countries already do.
- In the UK, you may not choose an embryo's sex unless there is a medical reason.

## Possible benefits

- Some say that if the scores got good enough, and the law allowed it, parents could lower the
  chance of serious illness in their children.
- Research by a team that sells nothing could show how well these scores really work. That
  matters because firms abroad already sell this kind of test.
- Proof from public research could help Parliament and the HFEA. The debate would not be left
  to adverts.

## Possible risks

- Guesses about embryos are uncertain. Embryos from the same parents often have very similar
  genes. Many scientists think the gain from choosing between a few of them would be small.
- Most research so far has looked at people with European roots. Scores tend to work less well
  for everyone else.
- Some fear a slide towards choosing embryos for height or for how clever they might be.
- Disability rights groups say choosing embryos sends a message. It suggests that the lives of
  people with these illnesses are worth less.
- If only rich people could pay for it, the gap between rich and poor could grow.
- People who gave data for their own or their family's care might not want it used like this.
  Some of them live with the very illnesses being studied.

## What is still uncertain

- How good scores for embryos could ever get.
- Whether UK law will change. That would be for Parliament to decide, after a public debate.
- Whether the team would share, publish or sell the scores it makes.""",
    reflection_question=(
        "Where would you draw the line on using genetic data to choose between embryos? Why?"
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
