"""The demonstration's bilingual dialogue: the insurance topic in Welsh (its texts and seed
statements, by their English wording). The Welsh is the team's own translation and needs
review by a Welsh speaker before public use (docs/accessibility.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class WelshTopic:
    title: str
    proposed_use: str
    question: str
    briefing: str
    reflection_question: str
    # English seed statement -> its Welsh
    statements: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    # The demo's session names (engagement/demo.py) -> their Welsh
    sessions: MappingProxyType = field(default_factory=lambda: MappingProxyType({
        "In-person workshop": "Gweithdy wyneb yn wyneb", "Online": "Ar-lein"}))

    def changes(self) -> dict[str, str]:
        """The dialogue's Welsh texts, as dialogues.update_dialogue takes them."""
        return {"title_cy": self.title, "proposed_use_cy": self.proposed_use,
                "question_cy": self.question, "briefing_cy": self.briefing,
                "reflection_question_cy": self.reflection_question}


INSURANCE_CY = WelshTopic(
    title="Canlyniadau profion genetig ac yswiriant bywyd",
    proposed_use=(
        "Cefnogi newid i’r Cod ar Brofion Genetig ac Yswiriant fel y gallai yswirwyr, ar gyfer "
        "polisïau yswiriant bywyd dros £500,000, ofyn i ymgeiswyr ddatgelu canlyniadau profion "
        "genetig rhagfynegol ar gyfer rhestr fer o gyflyrau difrifol y gellir eu rhagweld yn "
        "dda, gan gynnwys canlyniadau y mae cyfranogwyr wedi’u cael drwy’r rhaglen hon."
    ),
    question=(
        "A ddylai’r sefydliad gefnogi caniatáu i yswirwyr bywyd ofyn am ganlyniadau profion "
        "genetig rhagfynegol, gan gynnwys canlyniadau o’r rhaglen hon, ar gyfer polisïau dros "
        "£500,000?"
    ),
    briefing="""\
## Beth sy’n cael ei gynnig

Mae grŵp o’r diwydiant yswiriant wedi gofyn i’r sefydliad gefnogi newid i’r rheolau ar brofion
genetig ac yswiriant. Gallai pobl sy’n gwneud cais am yswiriant bywyd gwerth mwy na £500,000 gael
eu holi am ganlyniadau profion genetig *rhagfynegol* ar gyfer rhestr fer o gyflyrau difrifol lle
mae canlyniad yn rhagweld salwch yn y dyfodol yn gryf. Byddai hyn yn cynnwys canlyniadau a
roddwyd i gyfranogwyr drwy’r rhaglen hon.

**Ni fyddai** yswirwyr yn cael gweld data’r sefydliad. Y cwestiwn yw beth y byddai’n rhaid i
ymgeiswyr ei ddweud wrth yswiriwr pan fyddant yn gwneud cais.

Mae prawf genetig *rhagfynegol* yn chwilio am newid genetig a allai achosi salwch yn y dyfodol,
mewn rhywun sydd heb symptomau nawr. Mae prawf *diagnostig* yn cadarnhau cyflwr y mae gan rywun
symptomau ohono’n barod.

## Sut mae pethau’n gweithio heddiw

Yn y DU, mae’r Cod ar Brofion Genetig ac Yswiriant yn gytundeb rhwng y Llywodraeth a
Chymdeithas Yswirwyr Prydain. O dan y Cod:

- ni chaiff yswirwyr fynnu na rhoi pwysau ar neb i gael prawf genetig rhagfynegol;
- nid oes rhaid i ymgeiswyr ddatgelu canlyniadau profion genetig rhagfynegol, gydag un eithriad:
  ar gyfer yswiriant bywyd dros £500,000, caiff yswirwyr ofyn am brawf rhagfynegol ar gyfer
  clefyd Huntington;
- gellir trin canlyniadau profion diagnostig fel unrhyw wybodaeth feddygol arall.

Gall yswirwyr ofyn am hanes meddygol y teulu yn barod. Mae’r Cod yn wirfoddol, ond mae’r
yswirwyr sy’n perthyn i’r Gymdeithas wedi ymrwymo iddo. Mae gwybodaeth enetig yn ddata "categori
arbennig" o dan GDPR y DU, sy’n golygu bod amddiffyniadau cyfreithiol ychwanegol yn berthnasol i’r
ffordd y caiff ei defnyddio.

## Manteision posibl

- Mae yswirwyr yn dadlau, os gall pobl sy’n gwybod eu bod mewn perygl uchel brynu polisïau mawr
  iawn heb ddweud hynny, y bydd prisiau’n codi i bawb arall.
- Gallai rhestr gytûn a chyhoeddedig o gyflyrau, wedi’i gwirio gan arbenigwyr annibynnol, wneud y
  rheolau’n gliriach i bawb.
- Mae’r trothwy’n golygu na fyddai polisïau o £500,000 neu lai yn cael eu heffeithio.

## Risgiau posibl

- Gallai pobl osgoi profion genetig a allai helpu eu hiechyd, neu osgoi ymuno ag ymchwil, rhag
  ofn y byddai’n rhaid iddynt ddweud wrth yswirwyr.
- Cafodd cyfranogwyr eu canlyniadau ar gyfer eu gofal iechyd. Gallai eu defnyddio ar gyfer
  yswiriant niweidio ymddiriedaeth yn y rhaglen.
- Mae perthnasau’n rhannu genynnau, felly gall canlyniad un person ddweud rhywbeth am aelodau o’r
  teulu na chytunodd erioed i rannu dim.
- Unwaith y bydd yr egwyddor yn newid ar gyfer polisïau mawr, gallai’r trothwy gael ei ostwng neu
  gallai’r rhestr gael ei hymestyn yn nes ymlaen.
- Ar gyfer rhai cyflyrau, mae canlyniad "positif" yn golygu mwy o siawns o salwch, nid sicrwydd.

## Beth sy’n dal yn ansicr

- Mae anghytuno ynghylch faint y mae canlyniadau genetig heb eu datgelu yn ei gostio i yswirwyr.
- Pa gyflyrau fyddai ar y rhestr, a phwy fyddai’n penderfynu.
- A fyddai pobl wir yn rhoi’r gorau i gael profion neu’n gadael ymchwil o ganlyniad.""",
    reflection_question=(
        "Pe bai’r newid hwn yn digwydd, beth fyddai’n ei olygu i chi neu i bobl rydych yn eu "
        "hadnabod, a beth fyddai’n ei wneud yn dderbyniol, neu beidio?"
    ),
    statements=MappingProxyType({
        "Insurers should be able to ask about genetic results for very large policies, just as "
        "they ask about other health information.":
            "Dylai yswirwyr allu holi am ganlyniadau genetig ar gyfer polisïau mawr iawn, yn "
            "union fel y maent yn holi am wybodaeth iechyd arall.",
        "If people keep what they know about their risk from insurers, prices go up for "
        "everyone else.":
            "Os yw pobl yn cadw’r hyn a wyddant am eu risg rhag yswirwyr, mae prisiau’n codi i "
            "bawb arall.",
        "A threshold of £500,000 protects ordinary families while being fair to insurers.":
            "Mae trothwy o £500,000 yn diogelu teuluoedd cyffredin ac yn deg i yswirwyr.",
        "Someone who knows they carry a serious condition should not be able to buy huge cover "
        "without saying so.":
            "Ni ddylai rhywun sy’n gwybod bod ganddo gyflwr difrifol allu prynu yswiriant enfawr "
            "heb ddweud hynny.",
        "A short list of conditions, approved by independent experts, is a reasonable "
        "compromise.":
            "Mae rhestr fer o gyflyrau, wedi’i chymeradwyo gan arbenigwyr annibynnol, yn "
            "gyfaddawd rhesymol.",
        "Life cover above £500,000 is a product for the well-off, not a basic need.":
            "Mae yswiriant bywyd dros £500,000 yn gynnyrch i bobl gefnog, nid yn angen sylfaenol.",
        "Results from this programme were given for health care and should never be used for "
        "insurance.":
            "Rhoddwyd canlyniadau’r rhaglen hon ar gyfer gofal iechyd ac ni ddylid byth eu "
            "defnyddio ar gyfer yswiriant.",
        "Fear of insurers will put people off genetic tests that could help their health.":
            "Bydd ofn yswirwyr yn atal pobl rhag cael profion genetig a allai helpu eu hiechyd.",
        "Nobody chooses their genes, so nobody should pay more because of them.":
            "Does neb yn dewis eu genynnau, felly ni ddylai neb dalu mwy o’u herwydd.",
        "Once the door is open for large policies, the threshold will creep down.":
            "Unwaith y bydd y drws ar agor ar gyfer polisïau mawr, bydd y trothwy’n llithro i "
            "lawr.",
        "My genetic result also says something about my relatives, who never agreed to share "
        "it.":
            "Mae fy nghanlyniad genetig hefyd yn dweud rhywbeth am fy mherthnasau, na "
            "chytunodd erioed i’w rannu.",
        "People will leave research studies if insurers can ask for their results.":
            "Bydd pobl yn gadael astudiaethau ymchwil os gall yswirwyr ofyn am eu canlyniadau.",
        "Nobody should ever be made to take a genetic test to get insurance.":
            "Ni ddylid byth gorfodi neb i gael prawf genetig er mwyn cael yswiriant.",
        "Participants should be told clearly, before they join, what they might have to tell "
        "insurers.":
            "Dylid dweud yn glir wrth gyfranogwyr, cyn iddynt ymuno, beth y gallai fod yn rhaid "
            "iddynt ei ddweud wrth yswirwyr.",
        "Any change should be checked by independent experts, not just the insurance "
        "industry.":
            "Dylai unrhyw newid gael ei wirio gan arbenigwyr annibynnol, nid gan y diwydiant "
            "yswiriant yn unig.",
        "Insurers should have to publish how they use genetic results in their decisions.":
            "Dylai fod yn rhaid i yswirwyr gyhoeddi sut maent yn defnyddio canlyniadau genetig "
            "yn eu penderfyniadau.",
        "I could accept this if the list only included conditions where a result almost "
        "certainly means illness.":
            "Gallwn dderbyn hyn pe bai’r rhestr ond yn cynnwys cyflyrau lle mae canlyniad bron "
            "yn sicr yn golygu salwch.",
        "A voluntary Code is not enough: protection from genetic discrimination should be in "
        "law.":
            "Nid yw Cod gwirfoddol yn ddigon: dylai’r amddiffyniad rhag gwahaniaethu genetig "
            "fod yn y gyfraith.",
        "Family history already tells insurers a lot, so genetic results add less than people "
        "think.":
            "Mae hanes y teulu’n dweud llawer wrth yswirwyr yn barod, felly mae canlyniadau "
            "genetig yn ychwanegu llai nag y mae pobl yn ei feddwl.",
        "Who decides the list of conditions matters more than where the threshold is set.":
            "Mae pwy sy’n penderfynu ar y rhestr o gyflyrau yn bwysicach na ble mae’r trothwy.",
        "Insurers should only be able to use a genetic result to set the price, never to refuse "
        "cover.":
            "Dylai yswirwyr allu defnyddio canlyniad genetig i bennu’r pris yn unig, byth i "
            "wrthod yswiriant.",
        "People with a reassuring genetic result should be free to share it to get a lower "
        "price.":
            "Dylai pobl sydd â chanlyniad genetig calonogol fod yn rhydd i’w rannu er mwyn cael "
            "pris is.",
    }),
)

# Topic key -> its Welsh: the dialogues of the demonstration that are bilingual.
WELSH_TOPICS: MappingProxyType = MappingProxyType({"insurance": INSURANCE_CY})
