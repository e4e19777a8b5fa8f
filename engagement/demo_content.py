"""The demo's simulated participants for the six topics of ``engagement.topics``: who tends
to agree with which statement, the opinion groups, reflections and the statements left for
moderation. Only ``engagement.demo`` uses this; real dialogues start from the templates alone.

Each seed statement carries a *leaning* that tells the simulation who tends to agree:

``+``  agreeing suggests support for the proposal
``-``  agreeing suggests opposition to it
``=``  common ground: most people agree whatever their view
``~``  depends on a second, cross-cutting concern (safeguards, scope, who decides)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from engagement import topics
from engagement.templates import DialogueTemplate

LEANINGS = ("+", "-", "=", "~")
REFLECTION_KINDS = ("support", "oppose", "mixed")


@dataclass(frozen=True)
class LatentGroup:
    """A simulated opinion group. Not stored anywhere: it only shapes the synthetic answers."""

    label: str
    share: float  # fraction of a dialogue's participants
    stance: float  # -1 firmly against the proposal .. +1 firmly for it
    concern: float  # -1 .. +1: how much the "~" statements speak to this group
    support_shift: float = 0.0  # mean change in support (scale 1-5) from before to after
    confidence_shift: float = 0.3  # mean change in confidence from before to after


@dataclass(frozen=True)
class DemoTopic:
    template: DialogueTemplate
    join_code: str
    workshop_place: str
    leanings: tuple[str, ...]  # one per seed statement, in the same order
    groups: tuple[LatentGroup, ...]
    reflections: Mapping[str, tuple[str, ...]]  # keyed by REFLECTION_KINDS
    participant_statements: tuple[str, ...]  # left pending moderation by the demo


# ---------------------------------------------------------------------------------------------
# 1. Insurance
# ---------------------------------------------------------------------------------------------

INSURANCE = DemoTopic(
    template=topics.insurance.TEMPLATE,
    leanings=(  # one per seed statement, in the same order
        "+",  # Insurers should be able to ask about genetic results for very large policies,...
        "+",  # If people keep what they know about their risk from insurers, prices go up for...
        "+",  # A threshold of £500,000 protects ordinary families while being fair to insurers.
        "+",  # Someone who knows they carry a serious condition should not be able to buy huge...
        "+",  # A short list of conditions, approved by independent experts, is a reasonable...
        "+",  # Life cover above £500,000 is a product for the well-off, not a basic need.
        "-",  # Results from this programme were given for health care and should never be used...
        "-",  # Fear of insurers will put people off genetic tests that could help their health.
        "-",  # Nobody chooses their genes, so nobody should pay more because of them.
        "-",  # Once the door is open for large policies, the threshold will creep down.
        "-",  # My genetic result also says something about my relatives, who never agreed to...
        "-",  # People will leave research studies if insurers can ask for their results.
        "=",  # Nobody should ever be made to take a genetic test to get insurance.
        "=",  # Participants should be told clearly, before they join, what they might have to...
        "=",  # Any change should be checked by independent experts, not just the insurance...
        "=",  # Insurers should have to publish how they use genetic results in their decisions.
        "~",  # I could accept this if the list only included conditions where a result almost...
        "~",  # A voluntary Code is not enough: protection from genetic discrimination should be...
        "~",  # Family history already tells insurers a lot, so genetic results add less than...
        "~",  # Who decides the list of conditions matters more than where the threshold is set.
        "~",  # Insurers should only be able to use a genetic result to set the price, never to...
        "~",  # People with a reassuring genetic result should be free to share it to get a...
    ),
    join_code="INSURE",
    workshop_place="Community centre, Leeds",
    groups=(
        LatentGroup("Protect participants' trust", 0.42, stance=-0.9, concern=-0.2,
                    support_shift=-0.1, confidence_shift=0.4),
        LatentGroup("Fairness to insurers", 0.23, stance=0.85, concern=-0.4,
                    support_shift=0.1, confidence_shift=0.2),
        LatentGroup("Only with strong safeguards", 0.35, stance=0.05, concern=0.9,
                    support_shift=-0.5, confidence_shift=0.6),
    ),
    reflections={
        "support": (
            "I came in against it, but the point about people buying huge policies after a bad "
            "result made sense to me. It only applies to very large amounts.",
            "Insurance works by sharing risk. If one side knows far more than the other, it "
            "stops being fair to everyone paying in.",
            "Half a million pounds of life cover is not something most families need, so I don't "
            "see this as a threat to ordinary people.",
            "The Huntington's rule seems to have worked without much fuss. Adding a few similar "
            "conditions, with expert checks, seems reasonable.",
            "A published list would actually make the rules easier to understand than they are "
            "now.",
            "As long as nobody is made to take a test, asking people to be honest about what "
            "they already know seems fair to me.",
            "I run a small business and buy insurance myself. Prices are high enough already "
            "without paying for risks other people keep quiet about.",
            "I support it, but only with a firm limit that cannot be lowered without another "
            "public dialogue like this one.",
            "People already have to declare their blood pressure and whether they smoke. A "
            "strong genetic result is not so different.",
            "The briefing helped. I had assumed insurers would get our data directly, and that "
            "is not what is being proposed.",
        ),
        "oppose": (
            "My aunt had a genetic test at the hospital and it gave the family real peace of "
            "mind. If people think insurers will find out, they won't take those tests.",
            "We joined this programme to help research and for our own care. Using our results "
            "for insurance would feel like breaking that promise.",
            "Genes are not a lifestyle choice. Charging people for something they were born with "
            "is discrimination, whatever the threshold.",
            "Thresholds move. What is a big policy today will look ordinary in a few years, and "
            "then it affects people's mortgages.",
            "My result says something about my children too. They never agreed to anything.",
            "I would seriously think about leaving the programme if this went ahead.",
            "The insurers haven't shown that hidden genetic results are costing them money. "
            "Until they do, the answer should be no.",
            "Trust takes years to build and one decision like this to lose. The programme should "
            "stay out of insurance altogether.",
            "This should be decided by Parliament, not by a voluntary agreement between the "
            "Government and the industry.",
            "Families with inherited conditions already carry enough worry without this on top.",
        ),
        "mixed": (
            "I can see both sides. I'd want an independent panel, not insurers, to decide which "
            "conditions go on the list.",
            "I'm still unsure. I'd like to know how often this situation really happens before "
            "deciding.",
            "What matters most to me is that people are told plainly, before they join, what "
            "they might have to disclose.",
            "If a good result could lower your price but a bad one never had to be shared, that "
            "would feel fairer to me.",
            "I didn't know about the Code before today. Whatever is decided, I'd like the "
            "protections to be properly in law.",
            "I'm fine with the principle but worried about checking it. Who makes sure insurers "
            "stick to the list?",
            "My view changed a few times during the session. In the end I think the threshold "
            "can stay, but no new conditions should be added for now.",
            "It depends on how certain the tests are. For some conditions a result is almost "
            "certain; for others it is only a higher chance.",
            "I'd want a review after a few years, with the evidence published, to see whether "
            "people stopped having tests.",
            "The discussion made me realise how little I know about my own insurance. Clearer "
            "information would help everyone.",
        ),
    },
    participant_statements=(
        "Insurers should have to tell applicants exactly which genetic results they may ask "
        "about.",
        "Anyone refused insurance because of a genetic result should be able to appeal to an "
        "independent body.",
        "People who took part in research should be exempt from any disclosure rules.",
        "The website text should be bigger for people with poor eyesight.",
    ),
)


# ---------------------------------------------------------------------------------------------
# 2. Education
# ---------------------------------------------------------------------------------------------

EDUCATION = DemoTopic(
    template=topics.education.TEMPLATE,
    leanings=(  # one per seed statement, in the same order
        "+",  # Finding reading difficulties early could change a child's whole school life.
        "+",  # If a genetic score could help children get support sooner, it is worth researching.
        "+",  # Research on genes and learning is legitimate science and should not be off-limits.
        "+",  # Using data without names in a secure setting is a reasonable way to do this...
        "+",  # Some children who struggle are missed at school, so another source of...
        "+",  # Dyslexia often runs in families, so it makes sense to study its genetic side.
        "-",  # Children should never be given a genetic label at school.
        "-",  # A genetic score could make teachers expect less of some children.
        "-",  # The money would be better spent on reading support for every child than on...
        "-",  # A score that works less well for some ethnic groups should never be used in schools.
        "-",  # This research risks reviving old, harmful ideas about genes and intelligence.
        "-",  # Participants did not join this programme to have their genes linked to their...
        "=",  # Parents should always have the final say on any genetic testing of their child.
        "=",  # A genetic score should never be used to decide which school a child can go to.
        "=",  # Any score must be tested on children from all backgrounds before it is used...
        "=",  # Companies should not be allowed to sell genetic tests to schools without strong...
        "=",  # A low genetic score should never be a reason to refuse a child extra help.
        "~",  # I would support the research, but not using genetic scores in schools.
        "~",  # The research would be worth doing even if it shows genetic scores add nothing.
        "~",  # Home life, teaching and poverty matter more for reading than genes do.
        "~",  # Children should be asked themselves, once they are old enough, whether their...
    ),
    join_code="SCHOOL",
    workshop_place="Central library, Bristol",
    groups=(
        LatentGroup("Early help first", 0.34, stance=0.8, concern=-0.3,
                    support_shift=0.2, confidence_shift=0.3),
        LatentGroup("No genetic labels for children", 0.38, stance=-0.85, concern=0.2,
                    support_shift=-0.2, confidence_shift=0.3),
        LatentGroup("Research yes, schools not yet", 0.28, stance=0.1, concern=0.9,
                    support_shift=0.4, confidence_shift=0.5),
    ),
    reflections={
        "support": (
            "My son wasn't diagnosed with dyslexia until he was eleven. Anything that helps "
            "children get help earlier deserves to be looked at.",
            "I'm a teaching assistant, and we often know a child is struggling long before "
            "support arrives. Research that might speed that up is worth doing.",
            "I support the research part. It's done without names and it could tell us something "
            "useful either way.",
            "Genes are part of the picture. Pretending they aren't doesn't help children.",
            "If the score were just one piece of information alongside the teacher's view, I "
            "think it could help.",
            "Dyslexia is in our family. Understanding why could help the next generation.",
            "I was worried about labelling at first, but nobody is proposing to use this in "
            "schools yet. Research first, decisions later.",
            "Science should be allowed to ask hard questions, as long as the answers are used "
            "carefully.",
            "If it turned out not to work, that would still stop companies selling it to "
            "schools. That seems a good outcome to me.",
            "Early help is cheaper and kinder than late help. That was the deciding point for me.",
        ),
        "oppose": (
            "Children are more than a score. I worry teachers would see the number before they "
            "see the child.",
            "We don't need genetics to know that smaller classes and more reading support work. "
            "Spend the money there.",
            "The history of genetics and intelligence is ugly. I don't trust that this will stay "
            "about reading.",
            "If the scores work badly for Black and Asian children, this will make inequality "
            "worse, not better.",
            "Our family joined because of my daughter's condition, through the hospital, not for "
            "education research. It feels like the programme is drifting from its purpose.",
            "Once a score exists, someone will sell it to anxious parents, whatever the "
            "researchers intend.",
            "A child who is told their genes make reading hard may simply stop trying. That is a "
            "real harm.",
            "Linking school records with genetic data creates exactly the kind of database that "
            "should not exist.",
            "Teachers and parents are better judges of what a child needs than a genetic test.",
            "I don't think children can really consent to this, and their parents shouldn't "
            "decide it for them for ever.",
        ),
        "mixed": (
            "I'm in two minds. The research sounds careful, but I can't see how it would be used "
            "in schools without labelling children.",
            "I'd want young people to be asked again when they turn sixteen whether they are "
            "happy for their data to be used.",
            "It depends who owns the results. A public body, fine; a company, much less so.",
            "The briefing made clear the scores are weak for individuals. I'd support research "
            "but be very wary of any use in schools.",
            "I'd like to hear from teachers and from people with dyslexia before the board "
            "decides.",
            "My answer would change if the researchers promised to test it fairly across all "
            "backgrounds first.",
            "I'm not against genetics research, but education feels a long way from why people "
            "gave their data.",
            "Help with reading should be there for every child who needs it, test or no test. "
            "That matters more to me than this decision.",
            "I changed my mind twice. In the end I'm unsure, and I think that's an honest "
            "answer.",
            "Strict rules about what schools could never do with a score would make me more "
            "comfortable.",
        ),
    },
    participant_statements=(
        "The results of this research should be published openly, even if the score does not "
        "work.",
        "Young people with dyslexia should help decide how the research is done.",
        "Schools should never be allowed to keep a child's genetic information.",
        "Teachers need more training on dyslexia, whatever happens with genetics.",
    ),
)


# ---------------------------------------------------------------------------------------------
# 3. Policing and forensics
# ---------------------------------------------------------------------------------------------

POLICING = DemoTopic(
    template=topics.policing.TEMPLATE,
    leanings=(  # one per seed statement, in the same order
        "+",  # If our data could help catch a murderer, it should be used.
        "+",  # A court order for every search is a strong enough safeguard.
        "+",  # Victims and their families deserve every possible chance of justice.
        "+",  # Limiting searches to murder and rape makes this acceptable.
        "+",  # This could help clear innocent people who are wrongly suspected.
        "+",  # I would want my data used if someone in my family were the victim.
        "-",  # People gave their DNA for health research, not for police investigations.
        "-",  # Relatives who never joined should not be drawn into police inquiries through...
        "-",  # If this goes ahead, many people will stop taking part in health research.
        "-",  # Once the police have access for murder cases, it will soon be extended to other...
        "-",  # The police already have their own DNA database; health research data should stay...
        "-",  # Some communities already distrust the police, and this would make it worse.
        "=",  # Participants must be told clearly whether the police can ever search their data.
        "=",  # Every search should be recorded and reported publicly each year.
        "=",  # The police should never be given anyone's health information, only whether there...
        "=",  # An independent body, not the police, should check every request.
        "=",  # A match between relatives should only ever be a lead, never evidence on its own.
        "~",  # Participants should be able to opt out of police searches and stay in the research.
        "~",  # This should only apply to people who join after the rules change.
        "~",  # I could accept searching for a direct match, but not searching for relatives.
        "~",  # Whether I agree depends more on who oversees the searches than on which crimes...
    ),
    join_code="POLICE",
    workshop_place="Town hall, Manchester",
    groups=(
        LatentGroup("Justice for victims", 0.45, stance=0.8, concern=-0.3,
                    support_shift=0.1, confidence_shift=0.2),
        LatentGroup("Research must stay separate", 0.55, stance=-0.8, concern=0.5,
                    support_shift=-0.3, confidence_shift=0.5),
    ),
    reflections={
        "support": (
            "If someone in my family were killed, I would want every possible avenue used. "
            "That's what decided it for me.",
            "With a judge involved every time, I'm comfortable. The police can't just go "
            "fishing.",
            "I'd be glad if my data helped to put a dangerous person away.",
            "Only murder and rape, and only with a court order. That's about as tight as it "
            "could reasonably be.",
            "The police would only learn whether there's a match. The rest of my health "
            "information stays private, which matters to me.",
            "Unsolved cases leave families without answers for decades. This could change that.",
            "It protects innocent people too. A search can rule someone out as well as in.",
            "I came in against it, but hearing how rare these searches would be changed my mind.",
            "I think most participants would support helping to solve the worst crimes if they "
            "were asked.",
            "As long as there is a public report every year listing the searches, I support it.",
        ),
        "oppose": (
            "I joined to help find answers for my son's rare condition. If I'd known the police "
            "could search my DNA, I'm not sure I would have.",
            "My brothers never agreed to any of this, but my DNA could put them under suspicion.",
            "It starts with murder and rape. In ten years it will be burglary.",
            "Health research depends on trust. This would damage it for everyone, including "
            "future patients.",
            "People in my area already feel they are watched by the police. This would be one "
            "more reason to stay away from research.",
            "The police have their own database, with rules set by Parliament. They don't need "
            "ours.",
            "A genome says so much more about you than a police DNA profile. It should never go "
            "near an investigation.",
            "Matches between relatives can be wrong. An innocent family could go through hell "
            "because of a statistical guess.",
            "I would leave the programme if this went ahead, and I'd tell others why.",
            "Changing the rules after people have given their data is not fair, whatever the "
            "reason.",
        ),
        "mixed": (
            "I'd accept a direct match to a participant with a court order, but not searching "
            "for relatives.",
            "I'd want the choice. Let me opt out of police searches without leaving the "
            "research.",
            "I honestly don't know. Both sides made good points and I'm still thinking about it.",
            "Only for people who join after the rules change, with it explained clearly on the "
            "consent form.",
            "Who checks the police? I'd want an independent body with real power to refuse "
            "requests.",
            "I'm more worried about the rules being widened later than about any single search.",
            "It matters a lot whether the organisation could refuse a request it thought was "
            "wrong.",
            "For old cases with no other leads, maybe. For current investigations the police "
            "have other tools.",
            "The briefing was helpful. I didn't know familial searching was already used on the "
            "police database.",
            "I'd be more comfortable if a panel that included participants reviewed a sample of "
            "cases each year.",
        ),
    },
    participant_statements=(
        "Participants should be told if their data was ever part of a police search.",
        "The organisation should publish every police request it receives, including the ones "
        "it refuses.",
        "The police should have to show they have tried every other method first.",
        "Why are there no parking spaces near the workshop venue?",
    ),
)


# ---------------------------------------------------------------------------------------------
# 4. Embryo selection
# ---------------------------------------------------------------------------------------------

EMBRYO_SELECTION = DemoTopic(
    template=topics.embryo_selection.TEMPLATE,
    leanings=(  # one per seed statement, in the same order
        "+",  # Parents should be able to use the best available science to lower their child's...
        "+",  # Independent research is better than leaving this to companies abroad.
        "+",  # If screening embryos could prevent heart disease or diabetes, we should find out.
        "+",  # Using data without names in a secure setting makes this research acceptable.
        "+",  # Adults going through IVF are capable of making their own informed choices.
        "-",  # Choosing embryos by genetic scores is a step towards designer babies.
        "-",  # Screening for common conditions sends a harmful message about people who live...
        "-",  # Only wealthy families would benefit, so inequality would grow.
        "-",  # People did not give their data to help choose between embryos.
        "-",  # The scores are too weak to justify choosing between embryos.
        "-",  # This will lead to selecting embryos for height or intelligence.
        "=",  # Any change to the law should be decided by Parliament after public debate.
        "=",  # Families should get independent counselling before any genetic testing of embryos.
        "=",  # The results of this research should be published, whatever they show.
        "=",  # Embryo screening should never be allowed for non-medical traits.
        "=",  # Participants who live with these conditions should have a say before their data...
        "~",  # I support the research, but not using these scores in fertility clinics.
        "~",  # The HFEA, not companies, should decide which embryo tests are offered.
        "~",  # Testing for serious inherited conditions is very different from scores for...
        "~",  # I would feel differently if the scores worked equally well for every ethnic group.
        "~",  # Studying whether these scores work is not the same as allowing them.
    ),
    join_code="EMBRYO",
    workshop_place="Civic centre, Newcastle upon Tyne",
    groups=(
        LatentGroup("Parents' choice", 0.22, stance=0.9, concern=-0.2,
                    support_shift=0.1, confidence_shift=0.2),
        LatentGroup("Research yes, clinics no", 0.30, stance=0.2, concern=0.9,
                    support_shift=0.4, confidence_shift=0.5),
        LatentGroup("Against on principle", 0.28, stance=-0.9, concern=-0.5,
                    support_shift=0.0, confidence_shift=0.2),
        LatentGroup("Disability and equality concerns", 0.20, stance=-0.6, concern=0.6,
                    support_shift=-0.3, confidence_shift=0.4),
    ),
    reflections={
        "support": (
            "We went through IVF ourselves. Any information that helps parents make choices "
            "seems positive to me, as long as it is honest about its limits.",
            "This is only research. Blocking it means the only information out there comes from "
            "companies selling the tests.",
            "If my children could have a lower chance of the heart disease that runs in our "
            "family, I'd want that option.",
            "People already make choices during IVF. This would give them better information.",
            "The law can stay as it is while the research is done. Evidence first, then the "
            "debate.",
            "I trust the HFEA to keep things in check. Research like this helps them make good "
            "decisions.",
            "I was worried about designer babies, but this is about illness, not looks or "
            "cleverness.",
            "Good science, published openly, is the best protection against hype.",
            "Diabetes has affected three generations of my family. I'd support anything that "
            "might spare the next one.",
            "The data is used without names, in a secure place. I'm comfortable with that.",
        ),
        "oppose": (
            "I live with type 2 diabetes. The idea of screening out people like me feels deeply "
            "uncomfortable.",
            "Today it's heart disease; tomorrow it's height. I don't see where this stops.",
            "I gave my data to help people with rare diseases, not to develop ways of choosing "
            "babies.",
            "Only rich people will be able to afford this, and it will make inequality worse.",
            "Every child should be welcomed as they are, not treated as a product to be "
            "improved.",
            "The scores barely work for adults, let alone embryos. This is false hope sold to "
            "desperate people.",
            "I don't think a health research programme should be anywhere near this.",
            "Disabled people already face enough prejudice. This sends the message that our "
            "lives are worth less.",
            "Even if UK law stays the same, the science would be used abroad. We can't control "
            "where it ends up.",
            "There are better ways to prevent heart disease and diabetes, like healthier food, "
            "exercise and tackling poverty.",
        ),
        "mixed": (
            "I support the research but would be very cautious about ever allowing it in "
            "clinics.",
            "Testing for serious single-gene conditions is fine. Scores for common diseases feel "
            "like a different thing.",
            "It depends who owns what the research produces. A public body, fine; a company, no.",
            "I'm unsure. I'd like to hear from people who have been through IVF and from "
            "disability groups.",
            "I'd want participants who have these conditions to be asked specifically before "
            "their data is used.",
            "If the research shows the scores don't work, that's useful too, and it should be "
            "published.",
            "My view depends on whether the research is fair to people from all backgrounds.",
            "This is really a question for Parliament, but the research could help them decide.",
            "I moved towards the middle during the session. I can see the arguments on both "
            "sides.",
            "For me the line is between preventing serious illness and choosing traits. I'm not "
            "sure this proposal stays on the right side of it.",
        ),
    },
    participant_statements=(
        "People who live with these conditions should sit on the panel that reviews this "
        "research.",
        "The research group should promise never to sell its scores to fertility clinics.",
        "IVF should be easier to get on the NHS before we worry about screening embryos.",
        "Ban embryo screening, give more money to the NHS and stop companies selling DNA tests "
        "online.",
    ),
)


# ---------------------------------------------------------------------------------------------
# 5. Consumer ancestry
# ---------------------------------------------------------------------------------------------

CONSUMER_ANCESTRY = DemoTopic(
    template=topics.consumer_ancestry.TEMPLATE,
    leanings=(  # one per seed statement, in the same order
        "+",  # If the company pays and the money goes to health research, everyone gains.
        "+",  # Working inside a secure environment, without taking data out, is a reasonable...
        "+",  # Better ancestry results for under-represented groups are a worthwhile aim.
        "+",  # Medicine developers already use this kind of data, and an ancestry company is...
        "+",  # Helping people learn about their roots is a harmless, positive use of genetics.
        "+",  # I would be happy for my data to make home ancestry tests more accurate.
        "-",  # Participants gave their data for health, not to improve a commercial product.
        "-",  # Genetic data can never be truly anonymous, so it should not be shared with...
        "-",  # Companies get sold or go bust, and nobody can promise what happens to what they...
        "-",  # This would feel like our data being sold.
        "-",  # Public health data should not be used to help private companies sell products.
        "-",  # A deal like this would make me less likely to stay in the programme.
        "=",  # Participants should be able to see a list of every company that uses the data.
        "=",  # The fee, and how it is spent, should be published.
        "=",  # Any company found misusing data should lose access for good.
        "=",  # Participants should be able to opt out of commercial uses without leaving the...
        "~",  # Commercial use is fine for health products, but not for consumer ancestry tests.
        "~",  # I would be more comfortable if the company were based in the UK.
        "~",  # What the company can take out of the secure environment matters more than who...
        "~",  # Ancestry results can upset families by revealing unexpected relatives, so this...
    ),
    join_code="ANCESTRY",
    workshop_place="Library of Birmingham",
    groups=(
        LatentGroup("Pragmatic: income for research", 0.36, stance=0.75, concern=0.3,
                    support_shift=0.2, confidence_shift=0.3),
        LatentGroup("Not for sale", 0.44, stance=-0.85, concern=-0.2,
                    support_shift=-0.1, confidence_shift=0.3),
        LatentGroup("Depends on the safeguards", 0.20, stance=0.0, concern=0.9,
                    support_shift=-0.3, confidence_shift=0.5),
    ),
    reflections={
        "support": (
            "Money for health research is hard to come by. If the data never leaves the secure "
            "environment, I'm comfortable.",
            "My family's background is poorly covered by these tests. Better reference data "
            "would mean a lot to people like us.",
            "Medicine companies already use the data and nobody seems upset. This seems much "
            "less risky.",
            "Knowing where your ancestors came from matters to a lot of people. It's a good use "
            "of science.",
            "The safeguards sound strong. Analysts can't take individual data out, only checked "
            "summaries.",
            "I'd rather the organisation earned something from companies than companies getting "
            "data elsewhere for nothing.",
            "I did one of these tests and loved it. I'd be happy for my data to make it better "
            "for others.",
            "As long as the fee is published and goes into research, I'm in favour.",
            "It's a practical trade-off. Some commercial use helps keep the programme going.",
            "I was surprised how careful the secure environment is. That changed my mind.",
        ),
        "oppose": (
            "My husband took part because of his cancer treatment at the hospital. He'd be "
            "horrified to learn his genes were helping to sell DNA kits.",
            "This isn't research any more, it's product development.",
            "That data breach should be a warning. These businesses can't be trusted with "
            "genetic data.",
            "You can't make a genome anonymous. Whatever the safeguards, the risk never goes to "
            "zero.",
            "This is selling participants' data, however it's dressed up.",
            "Ancestry tests have revealed family secrets that tore families apart. I don't want "
            "to be part of that.",
            "If the company goes bust, who owns what it learned from us? Nobody can promise "
            "anything.",
            "Health research has public trust because it's about health. Stray from that and "
            "the trust goes.",
            "Make it opt-in, with fresh consent. Anything else isn't acceptable.",
            "I don't think any fee could be big enough to justify the risk to trust.",
        ),
        "mixed": (
            "I'm fine with commercial use for medicines, but ancestry is entertainment. That's "
            "where I draw the line.",
            "It depends what counts as a summary result. I'd want independent checks on "
            "everything taken out.",
            "I'd want a list of every company using the data, published where anyone can read "
            "it.",
            "Not sure. The money is useful, but I worry about how it looks to future "
            "participants.",
            "An opt-out for commercial uses would make this much easier to accept.",
            "I'd feel better if the company was bound by UK law and couldn't move what it "
            "learned abroad.",
            "The benefits for under-represented groups are real, but those groups should be "
            "asked first.",
            "I changed my mind during the session and ended up somewhere in the middle.",
            "A short trial with a public review afterwards would be a sensible way to find out.",
            "The real question isn't this company. It's what rules apply to every company from "
            "now on.",
        ),
    },
    participant_statements=(
        "Participants should get a share of any fee that companies pay.",
        "The organisation should publish its contract with any company that uses the data.",
        "Home ancestry tests should be regulated like medical tests.",
        "Please send the workshop slides by email afterwards.",
    ),
)


# ---------------------------------------------------------------------------------------------
# 6. Sport and employment
# ---------------------------------------------------------------------------------------------

SPORT_EMPLOYMENT = DemoTopic(
    template=topics.sport_employment.TEMPLATE,
    leanings=(  # one per seed statement, in the same order
        "+",  # If a test could prevent serious injuries, athletes should be able to take it.
        "+",  # Adjusting training for players at higher risk would protect their careers.
        "+",  # Good research could expose the unproven genetic tests already sold to athletes.
        "+",  # It is good for sports bodies to fund health research.
        "+",  # Professional athletes are adults who can decide for themselves.
        "+",  # Women's football, where knee ligament injuries are a particular worry, could...
        "-",  # Young academy players cannot freely say no to a test their club offers.
        "-",  # Clubs would use genetic results to decide who gets a contract.
        "-",  # Employers should never have access to their staff's genetic information.
        "-",  # Genes are a tiny part of injury risk; training and rest matter far more.
        "-",  # Extending this to ordinary jobs would open the door to genetic discrimination at...
        "-",  # People did not give their data to help the sports industry.
        "=",  # Only the player and their own doctor should ever see the results.
        "=",  # The UK should have a law against genetic discrimination at work.
        "=",  # No one under 18 should be given a genetic test by a sports club.
        "=",  # Results should only ever be used to adjust training, never to drop a player.
        "~",  # I support research in sport, but it should not be extended to other jobs.
        "~",  # The armed forces and emergency services are a special case, because injuries...
        "~",  # This would be acceptable if players' unions agreed the rules.
        "~",  # The research is fine; what worries me is how clubs would use the tests.
    ),
    join_code="SPORTS",
    workshop_place="Community hall, Cardiff",
    groups=(
        LatentGroup("Player welfare through science", 0.40, stance=0.75, concern=-0.2,
                    support_shift=0.1, confidence_shift=0.2),
        LatentGroup("Protect workers from genetic discrimination", 0.38, stance=-0.85,
                    concern=0.1, support_shift=-0.1, confidence_shift=0.4),
        LatentGroup("Research yes, not at work", 0.22, stance=0.1, concern=0.9,
                    support_shift=-0.4, confidence_shift=0.5),
    ),
    reflections={
        "support": (
            "I've seen friends' careers ended by knee injuries. Anything that might prevent "
            "that deserves research.",
            "If the tests are only used to tailor training, I can't see the harm.",
            "It's research first. If it doesn't work, at least we'll know, and the useless tests "
            "already on sale can be exposed.",
            "Athletes already share a huge amount of health information with their clubs. This "
            "is one more piece.",
            "Professional sport could be a good testing ground before anything reaches ordinary "
            "workplaces.",
            "Women's football has a real problem with knee injuries. I'd support research that "
            "might help.",
            "Clubs have a duty of care. Better information could help them look after players.",
            "As long as results stay with the player and the club doctor, I'm comfortable.",
            "Money from sports bodies could do a lot of good for the programme.",
            "I play amateur rugby and would happily take a test if it meant fewer injuries.",
        ),
        "oppose": (
            "A seventeen-year-old in an academy will say yes to anything the club asks. That's "
            "not real consent.",
            "Clubs are businesses. If they know who is at higher risk, it will affect contracts, "
            "whatever the rules say.",
            "Today it's footballers, tomorrow it's warehouse workers. I don't want employers "
            "anywhere near our genes.",
            "My dad worked on building sites all his life. I can easily imagine firms using this "
            "to turn people away.",
            "There's no law here against genetic discrimination at work. Until there is, this is "
            "too risky.",
            "Injuries come from overtraining and too many matches. Genes are a distraction.",
            "I gave my data because of my daughter's condition, through the children's hospital. "
            "Not for football clubs.",
            "This looks like a health programme doing favours for wealthy sports organisations.",
            "Once a test exists, it gets misused. That has been true of every test I know of.",
            "Players and unions should be asked before this goes anywhere, not after.",
        ),
        "mixed": (
            "I'd support the sports research but not the idea of extending it to other jobs.",
            "The armed forces may be a special case, but I'd want very strict rules there too.",
            "I'm not sure. A lot depends on who holds the results and who can see them.",
            "A law against genetic discrimination at work should come first. Then we can talk "
            "about tests.",
            "I'd be more comfortable if the players' union helped to set the rules.",
            "The research itself seems harmless; it's what comes after that worries me.",
            "No under-18s, and results only for the player and their own doctor. With those "
            "rules I'd be neutral.",
            "I came in supportive and left unsure. The point about young players not being able "
            "to say no stuck with me.",
            "It depends how accurate the tests turn out to be. If they're weak, there's no point.",
            "I'd like to see a clear ban on using results in contracts before anything else.",
        ),
    },
    participant_statements=(
        "Players should be able to have their genetic results deleted at any time.",
        "Any club that misuses a genetic result should face a heavy fine.",
        "Amateur athletes should have the same protections as professionals.",
        "The same rules should apply to fitness trackers and other health data at work.",
    ),
)


DEMO_TOPICS: tuple[DemoTopic, ...] = (
    INSURANCE,
    EDUCATION,
    POLICING,
    EMBRYO_SELECTION,
    CONSUMER_ANCESTRY,
    SPORT_EMPLOYMENT,
)
