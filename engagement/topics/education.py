"""Genetic scores for reading difficulties: a dialogue template facilitators start from."""

from engagement.topics._compose import topic_template

TEMPLATE = topic_template(
    key="education",
    title="Genetic scores for reading difficulties",
    proposed_use=(
        "Allow a university-led education research partnership to use participants' genomic "
        "data, linked to their school records in the National Pupil Database, to develop and "
        "test a genetic score for the chance of reading difficulties such as dyslexia, which the "
        "partnership hopes could later be offered as part of early screening in primary schools."
    ),
    question=(
        "Should the organisation allow participants' data to be used to develop a genetic score "
        "for reading difficulties that might later be used in primary schools?"
    ),
    briefing="""\
## What is proposed

A research partnership led by a university wants to use participants' genomic data, linked to
their school records, to build a *polygenic score* for reading difficulties such as dyslexia. A
polygenic score adds up the tiny effects of many thousands of genetic differences into a single
number. The researchers hope that, in future, a score like this could help schools spot children
who may need extra help with reading before they fall behind.

During the research, data would be used without names, inside a secure environment. No school
would see anyone's data.

## How things work today

- Genetic tests are not used in UK schools. Support for special educational needs is based on
  how a child is getting on and on assessments by teachers and specialists.
- In England, school records are held by the Department for Education in the National Pupil
  Database. Researchers can apply to use it, and each application is checked.
- Genetic data is "special category" data under UK GDPR. Using it for research needs a lawful
  reason and strong safeguards.
- Studies of genetics and education have found that many genes each have a very small effect.
  Current scores explain only a small part of the differences between children, so they describe
  large groups far better than they predict how one child will do.
- Most genetic studies so far have mainly involved people of European ancestry, and scores
  tend to work less well for people with other ancestries.

## Possible benefits

- Many specialists say that extra help with reading works best when it starts early.
- The research could improve understanding of how genes and surroundings (teaching, home life,
  school resources) together affect learning.
- It could also show that a genetic score adds little. That would be useful too: it would give
  schools evidence to resist tests sold without good proof.

## Possible risks

- Labelling: a child given a "high risk" score might be treated differently or expect less of
  themselves, while a "low risk" score might mean real difficulties are missed.
- Scores that work less well for some ethnic groups could widen inequalities.
- Talking about genes could distract from things we can change, such as teaching, class sizes
  and poverty.
- Companies could sell tests to schools or parents before the evidence is good enough.
- Linking genetic data to school records adds to the harm if data ever leaked.
- Ideas about genes and ability have been misused in the past, including by the eugenics
  movement.

## What is still uncertain

- Whether a score would ever add anything useful to teachers' own observations and existing
  checks, such as the phonics screening check in Year 1 in England.
- Who would own any score the research produced, and whether it could be sold.
- How parents, and children themselves, would be asked for consent if a score were ever used in
  schools.""",
    reflection_question=(
        "What would make you comfortable, or uncomfortable, about genetic information being used "
        "in children's education?"
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
