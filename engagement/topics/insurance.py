"""Genetic test results and life insurance: a dialogue template facilitators start from."""

from engagement.topics._compose import topic_template

TEMPLATE = topic_template(
    key="insurance",
    title="Genetic test results and life insurance",
    proposed_use=(
        "Back a change to the rules on genetic tests and insurance. For life policies above "
        "£500,000, insurers could ask people about some genetic test results. This would only be "
        "for a short list of serious illnesses where a result is a strong sign of illness later. "
        "It would include results people got through this programme."
    ),
    question=(
        "Life insurers want to ask about some genetic test results, for policies above "
        "£500,000. This would include results from this programme. Should we back this?"
    ),
    briefing="""\
## What is proposed

A group of insurance firms has asked us to back a change to the rules. It is about genetic
tests and life insurance.

Some people want a very large life policy, worth more than £500,000. The insurer could ask
them about some of their genetic test results. This would only be for a short list of serious
illnesses. For each one, a result would have to be a strong sign of illness later in life. It
would include results that people got through this programme.

Insurers would **not** see our data. The question is what people would have to tell an
insurer when they ask for a policy.

Some tests look for a change in your genes that may cause illness in the future. You may feel
well now. We call these *predictive* tests. Other tests check an illness you already have signs
of. We call these *diagnostic* tests.

## How things work today

In the UK, the Government and the insurance firms have a deal. It is called the Code on
Genetic Testing and Insurance. Under the Code:

- insurers must not make anyone take a predictive test, or push them to;
- you do not have to tell an insurer about a predictive test result;
- there is one exception: for life insurance above £500,000, they may ask about a test for
  Huntington's disease;
- results of diagnostic tests count like any other health facts.

Insurers can already ask about illness in your family. No law makes firms follow the Code. But
most firms have signed up to it. The law gives genetic data extra protection.

## Possible benefits

- Insurers say some people know they are at high risk. If they can buy very large policies
  and not say so, prices go up for everyone else.
- A short list, checked by experts who are not paid by insurers, could make the rules clearer.
- Policies of £500,000 or less would not change.

## Possible risks

- People may not take tests that could help their health. They may not join research. They may
  fear having to tell insurers.
- People got their results to help their health care. Using them for insurance could harm
  trust in the programme.
- Family members share genes. So one person's result can say something about their family,
  who never agreed to share it.
- Once the rule changes for large policies, the limit could come down later. The list could
  get longer.
- For some illnesses, a bad result means a higher chance of illness. It does not mean you will
  get ill.

## What is still uncertain

- How much money insurers lose when people do not tell them their results. People disagree.
- Which illnesses would be on the list, and who would choose them.
- Whether people really would stop having tests, or leave research.""",
    reflection_question=(
        "If this change went ahead, what would it mean for you or people you know? What would "
        "make it OK, or not OK?"
    ),
    seed_statements=(
        ("Insurers should be able to ask about genetic results for very large policies, just as "
         "they ask about other health information."),
        ("If people keep what they know about their risk from insurers, prices go up for "
         "everyone else."),
        "A threshold of £500,000 protects ordinary families while being fair to insurers.",
        ("Someone who knows they carry a serious condition should not be able to buy huge cover "
         "without saying so."),
        ("A short list of conditions, approved by independent experts, is a reasonable "
         "compromise."),
        "Life cover above £500,000 is a product for the well-off, not a basic need.",
        ("Results from this programme were given for health care and should never be used for "
         "insurance."),
        "Fear of insurers will put people off genetic tests that could help their health.",
        "Nobody chooses their genes, so nobody should pay more because of them.",
        "Once the door is open for large policies, the threshold will creep down.",
        ("My genetic result also says something about my relatives, who never agreed to share "
         "it."),
        "People will leave research studies if insurers can ask for their results.",
        "Nobody should ever be made to take a genetic test to get insurance.",
        ("Participants should be told clearly, before they join, what they might have to tell "
         "insurers."),
        ("Any change should be checked by independent experts, not just the insurance "
         "industry."),
        "Insurers should have to publish how they use genetic results in their decisions.",
        ("I could accept this if the list only included conditions where a result almost "
         "certainly means illness."),
        ("A voluntary Code is not enough: protection from genetic discrimination should be in "
         "law."),
        ("Family history already tells insurers a lot, so genetic results add less than people "
         "think."),
        "Who decides the list of conditions matters more than where the threshold is set.",
        ("Insurers should only be able to use a genetic result to set the price, never to refuse "
         "cover."),
        ("People with a reassuring genetic result should be free to share it to get a lower "
         "price."),
    ),
)
