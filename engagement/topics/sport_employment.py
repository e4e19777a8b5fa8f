"""Genetic injury-risk tests in sport and at work: a dialogue template facilitators start from."""

from engagement.topics._compose import topic_template

TEMPLATE = topic_template(
    key="sport-employment",
    title="Genetic injury-risk tests in sport and at work",
    proposed_use=(
        "Allow a research partnership of professional sports bodies and a university to use "
        "participants' genomic and health data to develop genetic tests for the risk of tendon "
        "and ligament injuries, which clubs could later offer to players and academy recruits, "
        "and which could be adapted for other physically demanding jobs."
    ),
    question=(
        "Should the organisation allow participants' data to be used to develop genetic "
        "injury-risk tests that sports clubs, and possibly other employers, could offer to "
        "their staff?"
    ),
    briefing="""\
## What is proposed

A partnership of professional sports bodies and a university has asked to use participants' data
to study genetic differences linked to tendon and ligament injuries, such as a torn ligament in
the knee or Achilles tendon problems. The aim is to develop tests that clubs could offer to
players and to young academy recruits, so that training could be adjusted for people at higher
risk.

The partnership says the same approach could later be adapted for other physically demanding
jobs, for example in the armed forces or the emergency services. The research would use data
without names, in a secure environment.

## How things work today

- Some companies already sell genetic tests that claim to guide training or reveal sporting
  talent. Scientists who have reviewed these claims have generally found the evidence weak.
- Professional athletes are employees. Under UK GDPR, genetic data is "special category" data.
  The Information Commissioner's Office has said that employers can rarely rely on consent from
  their staff, because of the imbalance of power between them.
- Unlike the United States, where the Genetic Information Nondiscrimination Act of 2008 limits
  how employers may use genetic information, the UK has no law written specifically about
  genetic discrimination at work. The Equality Act 2010 protects disabled people, but a genetic
  risk of future illness is not in itself a protected characteristic.

## Possible benefits

- If tests proved accurate and were used only to adjust training, they could mean fewer serious
  injuries and longer careers.
- The research could show that such tests do not work, protecting athletes from products sold
  without good evidence.
- What is learned in elite sport could later help prevent injuries in the wider population.

## Possible risks

- Players, especially young academy recruits, may feel they cannot really say no to a test
  their club offers.
- Results could be used, openly or quietly, to decide who is offered a contract or a place.
- Injury risk depends on many things, such as training load, rest, technique and past injuries.
  Genes are likely to be a small part of it.
- Extending tests to other jobs could affect ordinary workers, not just elite athletes.
- Participants gave their data for health care and research, not for the sports industry.

## What is still uncertain

- Whether genetic injury-risk tests could ever be accurate enough to be useful.
- Who would hold the results: the player, the club doctor or the club.
- Whether rules could really stop results being used for selection and contracts.""",
    reflection_question=(
        "What rules would need to be in place before anyone's genetic information could be used "
        "at work, in sport or elsewhere?"
    ),
    seed_statements=(
        "If a test could prevent serious injuries, athletes should be able to take it.",
        "Adjusting training for players at higher risk would protect their careers.",
        "Good research could expose the unproven genetic tests already sold to athletes.",
        "It is good for sports bodies to fund health research.",
        "Professional athletes are adults who can decide for themselves.",
        ("Women's football, where knee ligament injuries are a particular worry, could gain "
         "most from this."),
        "Young academy players cannot freely say no to a test their club offers.",
        "Clubs would use genetic results to decide who gets a contract.",
        "Employers should never have access to their staff's genetic information.",
        "Genes are a tiny part of injury risk; training and rest matter far more.",
        ("Extending this to ordinary jobs would open the door to genetic discrimination at "
         "work."),
        "People did not give their data to help the sports industry.",
        "Only the player and their own doctor should ever see the results.",
        "The UK should have a law against genetic discrimination at work.",
        "No one under 18 should be given a genetic test by a sports club.",
        "Results should only ever be used to adjust training, never to drop a player.",
        "I support research in sport, but it should not be extended to other jobs.",
        ("The armed forces and emergency services are a special case, because injuries there "
         "affect safety."),
        "This would be acceptable if players' unions agreed the rules.",
        "The research is fine; what worries me is how clubs would use the tests.",
    ),
)
