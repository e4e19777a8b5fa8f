"""Sharing data with a consumer ancestry company: a dialogue template facilitators start from."""

from engagement.topics._compose import topic_template

TEMPLATE = topic_template(
    key="consumer-ancestry",
    title="Sharing data with a consumer ancestry company",
    proposed_use=(
        "Let a firm that sells family history DNA tests use people's genetic data, with no "
        "names on it. The firm would work inside our secure research space, to make its tests "
        "better. It would pay a fee, which we would spend on health research. It could not take "
        "anyone's data out."
    ),
    question=(
        "A firm that sells family history tests wants to use people's genetic "
        "data, with no names on it. It wants to make its tests better. Should we let it?"
    ),
    briefing="""\
## What is proposed

A firm that sells home DNA tests for family history has asked to use people's data. It wants
to compare its own data with people's genomes. This would help its tests guess better where a
customer's family came from. It wants to do better for groups its data covers badly today.

The firm's staff would work inside our secure research space. There, they can study data with
no names on it. But they cannot take anyone's records out. They can only take out summary
results, after we have checked them. The firm would pay a fee. We would spend it on health
research.

## How things work today

- Home DNA tests for family history are sold straight to the public. They are not checked like
  medical tests. The results are guesses, made by comparing a customer's DNA with other groups.
- The law says genetic data needs extra protection. In the UK, the Information Commissioner's
  Office makes sure firms follow this law.
- Many health research programmes already let some firms, such as firms that make medicines,
  study data inside secure spaces. Strict rules apply.
- In 2023 a large US DNA test firm was hacked. Details of millions of customers got out. In
  2025 the same firm went bust. People asked what happens to customers' data when a firm is
  sold.

## Possible benefits

- Money that could be spent on health research.
- Better family history results, above all for groups that are missing from the firm's data
  today.
- Keeping the work inside the secure space gives us more control than sending data to the firm.

## Possible risks

- People gave their data for health care and research. Helping a firm sell a product is a
  different aim. Many may not have expected it.
- Genetic data can never be made fully anonymous. Researchers have shown that people can
  sometimes be named by matching genetic data with family tree websites and other public facts.
- If the firm is sold, closes or is hacked, what it has learned could be used in ways nobody
  meant. This could happen even if no one's records ever leave.
- Family history results can show things people did not expect, such as relatives they did not
  know about. This can be upsetting.
- People may feel their data is being sold, whatever safeguards are in place.

## What is still uncertain

- Which summary results the firm could take away, and who would check them.
- How the fee would be set and spent, and whether we would publish it.
- Whether people would be told which firms use their data.""",
    reflection_question=(
        "What, if anything, would make you feel OK about a firm using people's data for something "
        "that is not about health?"
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
