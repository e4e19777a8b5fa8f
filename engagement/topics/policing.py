"""Police searches of genetic data in serious crime investigations: a dialogue template
facilitators start from."""

from engagement.topics._compose import topic_template

TEMPLATE = topic_template(
    key="policing",
    title="Police searches of genetic data in serious crime investigations",
    proposed_use=(
        "Allow police investigating murder or rape, with a court order in each case, to ask the "
        "organisation to check whether DNA from a crime scene matches a participant or suggests "
        "a close relative of one. Police would be told only whether there is a match; "
        "identifying details would be released only if a judge approved a second application."
    ),
    question=(
        "Should the organisation allow police, with a court order, to search participants' "
        "genetic data in murder and rape investigations?"
    ),
    briefing="""\
## What is proposed

Police forces have asked whether, when investigating the most serious crimes (murder and rape),
they could ask the organisation to search participants' genetic data for DNA found at a crime
scene. A search could find the person who left the DNA, if they are a participant, or a
participant who seems to be a close relative of that person, such as a parent, child, brother or
sister.

Each search would need a court order. The organisation would tell the police only whether there
was a match. Names or other identifying details would be released only if a judge approved a
second, separate application.

## How things work today

- The National DNA Database holds DNA profiles that police take from people they arrest and
  from crime scenes. These profiles use a small number of DNA markers chosen to identify people.
  They are not whole genomes and say very little about health.
- After a 2008 ruling of the European Court of Human Rights (S and Marper v the United
  Kingdom), the Protection of Freedoms Act 2012 changed the rules: most people who are arrested
  but not convicted now have their profiles deleted, with some exceptions.
- In some serious cases, police have used "familial searching" of the National DNA Database:
  looking for profiles that suggest a close relative of an unknown offender.
- In the United States, police have used genealogy websites to identify suspects in old,
  unsolved cases, an approach often called investigative genetic genealogy.
- Health and research data is protected by UK GDPR, the Data Protection Act 2018 and the
  common-law duty of confidentiality. Today the organisation does not search its data for the
  police.

## Possible benefits

- It could help solve the most serious crimes, including old unsolved cases, and bring answers
  to victims and their families.
- A search can rule people out as well as in, and could help clear someone wrongly suspected.
- Court orders and the limit to murder and rape would keep searches rare and overseen by judges.

## Possible risks

- Participants gave their data for health care and research. Police use could break that trust,
  and fewer people might take part in research that helps patients.
- Relatives who never joined the programme could be drawn into an investigation.
- The list of crimes could be widened over time.
- A whole genome reveals far more about a person than a police DNA profile does.
- Some communities already have less trust in the police and could feel the effects most.
- A match between relatives suggests a family link rather than proving it. Mistakes could lead
  to innocent people being investigated.

## What is still uncertain

- How often a search like this would actually help to solve a case.
- How courts would treat such applications, and whether the law would need to change.
- What people who have already joined would be told, and whether they could opt out.""",
    reflection_question=(
        "What would you want to happen, or never to happen, if the police asked to search "
        "participants' genetic data?"
    ),
    seed_statements=(
        "If our data could help catch a murderer, it should be used.",
        "A court order for every search is a strong enough safeguard.",
        "Victims and their families deserve every possible chance of justice.",
        "Limiting searches to murder and rape makes this acceptable.",
        "This could help clear innocent people who are wrongly suspected.",
        "I would want my data used if someone in my family were the victim.",
        "People gave their DNA for health research, not for police investigations.",
        ("Relatives who never joined should not be drawn into police inquiries through someone "
         "else's DNA."),
        "If this goes ahead, many people will stop taking part in health research.",
        ("Once the police have access for murder cases, it will soon be extended to other "
         "crimes."),
        ("The police already have their own DNA database; health research data should stay "
         "separate."),
        "Some communities already distrust the police, and this would make it worse.",
        "Participants must be told clearly whether the police can ever search their data.",
        "Every search should be recorded and reported publicly each year.",
        ("The police should never be given anyone's health information, only whether there is "
         "a match."),
        "An independent body, not the police, should check every request.",
        "A match between relatives should only ever be a lead, never evidence on its own.",
        ("Participants should be able to opt out of police searches and stay in the "
         "research."),
        "This should only apply to people who join after the rules change.",
        "I could accept searching for a direct match, but not searching for relatives.",
        ("Whether I agree depends more on who oversees the searches than on which crimes are "
         "covered."),
    ),
)
