"""Genetic injury-risk tests in sport and at work: a dialogue template facilitators start from."""

from engagement.topics._compose import topic_template

TEMPLATE = topic_template(
    key="sport-employment",
    title="Genetic injury-risk tests in sport and at work",
    proposed_use=(
        "Let sports bodies and a university use people's genetic and health data. They would make "
        "genetic tests for the risk of tendon and ligament injuries. Clubs could later offer the "
        "tests to players and young players. The tests could be changed for other hard physical "
        "jobs."
    ),
    question=(
        "Researchers want to use people's data to make genetic tests for injury "
        "risk. Sports clubs, and maybe other employers, could offer the tests to staff. Should "
        "we let them?"
    ),
    briefing="""\
## What is proposed

Some sports bodies and a university have asked to use people's data. They want to study small
changes in our genes linked to injuries of tendons and ligaments. One example is a torn knee
ligament. Another is a problem with the Achilles tendon, at the back of the ankle. The aim is
to make tests that clubs could offer to players, and to young players in club academies. Then
training could be changed for people at higher risk.

They say the same tests could later be used in other hard physical jobs, for example in the
army or the fire service. The research would use data with no names on it, in a secure place.

## How things work today

- Some firms already sell genetic tests that claim to guide training or find sporting talent.
  Scientists who have looked at these claims mostly found the proof weak.
- Top athletes are employees. The law gives genetic data extra protection. The Information
  Commissioner's Office says staff can rarely give free consent to their employer. This is
  because the employer has more power.
- In the United States, a law limits how employers may use genetic facts. The UK has no law
  just about unfair treatment at work because of your genes. The Equality Act protects
  disabled people. But a genetic risk of illness in the future is not covered on its own.

## Possible benefits

- If tests were accurate and only used to change training, there could be fewer serious
  injuries and longer careers.
- The research could show that such tests do not work. That would protect athletes from
  products sold without good proof.
- What we learn in top sport could later help prevent injuries for everyone.

## Possible risks

- Players, above all young ones, may feel they cannot really say no to a test their club
  offers.
- Results could be used, openly or in secret, to decide who gets a contract or a place.
- The risk of injury depends on many things, such as how hard you train, rest, technique and
  past injuries. Genes are likely to be a small part of it.
- Using tests in other jobs could affect ordinary workers, not just top athletes.
- People gave their data for health care and research, not for the sports industry.

## What is still uncertain

- Whether genetic tests for injury risk could ever be accurate enough to be useful.
- Who would hold the results: the player, the club doctor or the club.
- Whether rules could really stop results being used to pick players and give contracts.""",
    reflection_question=(
        "What rules would we need before anyone's genes could be used at work, in sport or "
        "anywhere else?"
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
