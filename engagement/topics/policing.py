"""Police searches of genetic data in serious crime investigations: a dialogue template
facilitators start from."""

from engagement.topics._compose import topic_template

TEMPLATE = topic_template(
    key="policing",
    title="Police searches of genetic data in serious crime investigations",
    proposed_use=(
        "Let the police, with a court order each time, ask us to check DNA from a murder or rape. "
        "We would check whether it matches someone in our programme, or a close relative of "
        "someone. We would only tell the police if there is a match. We would give a name only if "
        "a judge agreed to a second request."
    ),
    question=(
        "The police want to search people's genetic data when they look into murder "
        "and rape. They would need a court order. Should we let them?"
    ),
    briefing="""\
## What is proposed

The police have asked us a question. When they look into the most serious crimes, murder and
rape, could they ask us to search people's genetic data? They would search for DNA found where
the crime took place. A search could find the person who left the DNA, if they are in our
programme. Or it could find someone in the programme who seems to be a close relative of that
person, such as a parent, child, brother or sister.

Each search would need a court order. We would tell the police only whether there was a match.
We would give out a name only if a judge agreed to a second, separate request.

## How things work today

- The police keep a national DNA database. It holds DNA profiles they take from people they
  arrest, and from crime scenes. A profile uses only a few parts of the DNA, chosen to tell
  people apart. It is not a whole genome and says very little about health.
- In 2008 a European court ruled that the UK kept too many profiles. A new law in 2012 changed
  the rules. Now, most people who are arrested but not found guilty have their profiles
  deleted.
- In some serious cases, police have searched their own database for profiles that suggest a
  close relative of an unknown offender.
- In the United States, police have used family tree websites to find suspects in old cases
  that were never solved.
- The law protects health and research data. Today we do not search our data for the police.

## Possible benefits

- It could help solve the most serious crimes, including old cases. It could bring answers to
  victims and their families.
- A search can rule people out as well as in. It could help clear someone who was wrongly
  suspected.
- Court orders, and the limit to murder and rape, would keep searches rare. Judges would check
  them.

## Possible risks

- People gave their data for health care and research. Police use could break that trust. Then
  fewer people might take part in research that helps patients.
- Relatives who never joined the programme could be drawn into a police case.
- The list of crimes could get longer over time.
- A whole genome tells far more about a person than a police DNA profile does.
- Some groups of people already trust the police less. They could feel the effects most.
- A match between relatives suggests a family link. It does not prove it. Mistakes could lead
  the police to look into people who did nothing wrong.

## What is still uncertain

- How often a search like this would really help to solve a case.
- How courts would deal with such requests, and whether the law would need to change.
- What people who have already joined would be told, and whether they could say no.""",
    reflection_question=(
        "If the police asked to search people's genetic data, what would you want to happen? What "
        "should never happen?"
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
