"""Genetic scores for reading difficulties: a dialogue template facilitators start from."""

from engagement.topics._compose import topic_template

TEMPLATE = topic_template(
    key="education",
    title="Genetic scores for reading difficulties",
    proposed_use=(
        "Let a team led by a university use people's genetic data, linked to their school records. "
        "The team would make and test a genetic score for the chance of reading problems such as "
        "dyslexia. It hopes schools could one day use the score to find children who need help "
        "early."
    ),
    question=(
        "Researchers want to use people's data to make a genetic score for reading "
        "problems. Schools might use it one day. Should we let them?"
    ),
    briefing="""\
## What is proposed

A team led by a university wants to use people's genetic data, linked to their school records.
They want to build a *genetic score* for reading problems such as dyslexia. A genetic score adds
up the tiny effects of many thousands of small changes in our genes. The result is one number.
The team hopes that one day a score like this could help schools. It might help them find
children who need extra help with reading before they fall behind.

In the research, the data would have no names on it. It would stay in a secure place. No
school would see anyone's data.

## How things work today

- Schools in the UK do not use genetic tests. Children get extra help based on how they are
  doing, and on checks by teachers and experts.
- In England, the Department for Education keeps school records. Researchers can ask to use
  them, and each request is checked.
- The law gives genetic data extra protection. Research with it needs a good reason and strong
  safeguards.
- Studies find that many genes each have a very small effect on learning. Scores today explain
  only a small part of the gaps between children. They say much more about large groups than
  about how one child will do.
- Most genetic studies so far have looked at people with European roots. Scores tend to work
  less well for people with other roots.

## Possible benefits

- Many experts say extra help with reading works best when it starts early.
- The research could show how genes and home and school life work together when we learn.
- It could show that a genetic score adds little. That would help too. Schools could then say
  no to tests sold without good proof.

## Possible risks

- Labels: a child with a "high risk" score might be treated differently, or expect less of
  themselves. A "low risk" score might mean real problems are missed.
- Scores that work less well for some groups could make unfair gaps wider.
- Talk about genes could take attention away from things we can change, such as teaching, class
  sizes and poverty.
- Firms could sell tests to schools or parents before the proof is good enough.
- Linking genetic data to school records would do more harm if the data ever leaked.
- Ideas about genes and ability have been misused in the past, for example by the eugenics
  movement.

## What is still uncertain

- Whether a score would ever tell teachers more than they already know from their own checks.
  In England, one such check is the phonics check in Year 1.
- Who would own a score made in the research, and whether it could be sold.
- How parents, and children, would be asked if a score were ever used in schools.""",
    reflection_question=(
        "Would you feel OK about genetic data being used in children's schooling? What would "
        "change your mind?"
    ),
    seed_statements=(
        "Finding reading difficulties early could change a child's whole school life.",
        ("If a genetic score could help children get support sooner, it is worth "
         "researching."),
        ("Research on genes and learning is legitimate science and should not be "
         "off-limits."),
        ("Using data without names in a secure setting is a reasonable way to do this "
         "research."),
        ("Some children who struggle are missed at school, so another source of information "
         "could help."),
        "Dyslexia often runs in families, so it makes sense to study its genetic side.",
        "Children should never be given a genetic label at school.",
        "A genetic score could make teachers expect less of some children.",
        ("The money would be better spent on reading support for every child than on genetic "
         "research."),
        ("A score that works less well for some ethnic groups should never be used in "
         "schools."),
        "This research risks reviving old, harmful ideas about genes and intelligence.",
        ("Participants did not join this programme to have their genes linked to their school "
         "records."),
        "Parents should always have the final say on any genetic testing of their child.",
        "A genetic score should never be used to decide which school a child can go to.",
        ("Any score must be tested on children from all backgrounds before it is used "
         "anywhere."),
        ("Companies should not be allowed to sell genetic tests to schools without strong "
         "evidence."),
        "A low genetic score should never be a reason to refuse a child extra help.",
        "I would support the research, but not using genetic scores in schools.",
        "The research would be worth doing even if it shows genetic scores add nothing.",
        "Home life, teaching and poverty matter more for reading than genes do.",
        ("Children should be asked themselves, once they are old enough, whether their data can "
         "be used for this."),
    ),
)
