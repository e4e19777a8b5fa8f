"""Sharing data with a consumer ancestry company: a dialogue template facilitators start from."""

from engagement.topics._compose import topic_template

TEMPLATE = topic_template(
    key="consumer-ancestry",
    title="Sharing data with a consumer ancestry company",
    proposed_use=(
        "Allow a commercial ancestry-testing company to use participants' de-identified genomic "
        "data, inside the organisation's secure research environment, to improve the ancestry "
        "estimates it sells to customers. The company would pay a fee, to be reinvested in "
        "health research, and could not take individual participants' data out."
    ),
    question=(
        "Should the organisation let a commercial ancestry company use participants' "
        "de-identified genomic data to improve the ancestry estimates it sells?"
    ),
    briefing="""\
## What is proposed

A company that sells home DNA tests for ancestry has asked to use participants' data. It wants
to compare its reference data with participants' genomes to improve how well its tests estimate
where a customer's ancestors came from, especially for groups that its current data describes
poorly.

The company's analysts would work inside the organisation's secure research environment (often
called a *trusted research environment*). There, data without names can be analysed, but
individual records cannot be taken out: only summary results, after they have been checked. The
company would pay a fee, which the organisation would reinvest in health research.

## How things work today

- Home DNA tests for ancestry are sold directly to the public. They are not regulated like
  medical tests. Ancestry results are estimates, based on comparing a customer's DNA with
  reference groups.
- Organisations that handle the genetic data of people in the UK must follow UK GDPR, under
  which genetic data is "special category" data that needs extra protection. The Information
  Commissioner's Office enforces these rules.
- Many health research programmes already let approved companies, such as medicine developers,
  analyse data inside secure environments under strict rules.
- In 2023 a large US consumer genetics company had a data breach that exposed profile
  information of millions of customers. In 2025 the same company filed for bankruptcy, which
  raised questions about what happens to customers' data when a company is sold.

## Possible benefits

- Income that could be spent on health research.
- Better ancestry estimates, especially for people from groups that are under-represented in
  current reference data.
- Keeping the work inside the secure environment gives more control than sending data to the
  company.

## Possible risks

- Participants gave their data for health care and research. Helping a consumer product is a
  different purpose that many may not have expected.
- Genetic data can never be made completely anonymous. Researchers have shown that people can
  sometimes be re-identified by combining genetic data with genealogy websites and other public
  information.
- If the company is sold, goes out of business or is hacked, what it has learned could be used
  in ways nobody intended, even if individual records never leave.
- Ancestry results can reveal unexpected family information, such as unknown relatives, which
  can be distressing.
- Participants may feel that their data is being sold, whatever safeguards are in place.

## What is still uncertain

- Exactly which summary results the company could take away, and who would check them.
- How the fee would be set and spent, and whether it would be published.
- Whether participants would be told which companies use their data.""",
    reflection_question=(
        "What, if anything, would make you comfortable with a company using participants' data "
        "for a purpose that is not about health?"
    ),
    seed_statements=(
        "If the company pays and the money goes to health research, everyone gains.",
        ("Working inside a secure environment, without taking data out, is a reasonable "
         "safeguard."),
        "Better ancestry results for under-represented groups are a worthwhile aim.",
        ("Medicine developers already use this kind of data, and an ancestry company is not so "
         "different."),
        "Helping people learn about their roots is a harmless, positive use of genetics.",
        "I would be happy for my data to make home ancestry tests more accurate.",
        "Participants gave their data for health, not to improve a commercial product.",
        ("Genetic data can never be truly anonymous, so it should not be shared with consumer "
         "companies."),
        ("Companies get sold or go bust, and nobody can promise what happens to what they "
         "learned."),
        "This would feel like our data being sold.",
        "Public health data should not be used to help private companies sell products.",
        "A deal like this would make me less likely to stay in the programme.",
        "Participants should be able to see a list of every company that uses the data.",
        "The fee, and how it is spent, should be published.",
        "Any company found misusing data should lose access for good.",
        ("Participants should be able to opt out of commercial uses without leaving the "
         "programme."),
        "Commercial use is fine for health products, but not for consumer ancestry tests.",
        "I would be more comfortable if the company were based in the UK.",
        ("What the company can take out of the secure environment matters more than who the "
         "company is."),
        ("Ancestry results can upset families by revealing unexpected relatives, so this needs "
         "great care."),
    ),
)
