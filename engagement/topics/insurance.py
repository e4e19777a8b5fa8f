"""Genetic test results and life insurance: a dialogue template facilitators start from."""

from engagement.topics._compose import topic_template

TEMPLATE = topic_template(
    key="insurance",
    title="Genetic test results and life insurance",
    proposed_use=(
        "Support a change to the Code on Genetic Testing and Insurance so that, for life "
        "insurance policies above £500,000, insurers could ask applicants to disclose the "
        "results of predictive genetic tests for a short list of serious, highly predictable "
        "conditions, including results that participants have received through this programme."
    ),
    question=(
        "Should the organisation support letting life insurers ask for predictive genetic test "
        "results, including results from this programme, for policies above £500,000?"
    ),
    briefing="""\
## What is proposed

An insurance industry group has asked the organisation to support a change to the rules on
genetic testing and insurance. People applying for life insurance worth more than £500,000
could be asked to tell the insurer about *predictive* genetic test results for a short list of
serious conditions where a result strongly predicts future illness. This would include results
that participants have been given through this programme.

Insurers would **not** get access to the organisation's data. The question is what applicants
would have to tell an insurer when they apply.

A *predictive* genetic test looks for a genetic change that may cause illness in the future, in
someone who has no symptoms now. A *diagnostic* test confirms a condition that someone already
has symptoms of.

## How things work today

In the UK, the Code on Genetic Testing and Insurance is an agreement between the Government and
the Association of British Insurers. Under the Code:

- insurers must not require or pressure anyone to take a predictive genetic test;
- applicants do not have to disclose predictive genetic test results, with one exception: for
  life insurance above £500,000, insurers may ask about a predictive test for Huntington's
  disease;
- results of diagnostic tests can be treated like any other medical information.

Insurers can already ask about family medical history. The Code is voluntary, but insurers that
belong to the Association have signed up to it. Genetic information is "special category" data
under UK GDPR, which means extra legal protections apply to how it is used.

## Possible benefits

- Insurers argue that if people who know they are at high risk can buy very large policies
  without saying so, prices rise for everyone else.
- An agreed, published list of conditions, checked by independent experts, could make the rules
  clearer for everyone.
- The threshold means that policies of £500,000 or less would not be affected.

## Possible risks

- People may avoid genetic tests that could help their health, or avoid joining research, for
  fear of having to tell insurers.
- Participants were given their results for their health care. Using them for insurance could
  damage trust in the programme.
- Relatives share genes, so one person's result can say something about family members who never
  agreed to share anything.
- Once the principle changes for large policies, the threshold could be lowered or the list
  extended later.
- For some conditions a "positive" result means a higher chance of illness, not a certainty.

## What is still uncertain

- How much undisclosed genetic results actually cost insurers is disputed.
- Which conditions would be on the list, and who would decide.
- Whether people really would stop taking tests or leave research as a result.""",
    reflection_question=(
        "If this change went ahead, what would it mean for you or people you know, and what "
        "would make it acceptable, or not?"
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
