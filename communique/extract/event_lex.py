"""Trigger lexicon: verb and noun patterns that report a PLOVER event, with mode and CAMEO code.

Patterns are matched on lower-cased sentences. When several match, the earliest trigger in the
sentence wins (main verbs precede their complements: "agreed to withdraw" is an AGREE), except
that a weak trigger yields to a strong one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Trigger:
    pattern: re.Pattern[str]
    type: str
    mode: str | None
    cameo: str
    strength: float  # 0..1: how reliably the words report this event


def _t(words: str, type_: str, mode: str | None, cameo: str, strength: float = 0.8) -> Trigger:
    return Trigger(re.compile(rf"\b(?:{words})\b"), type_, mode, cameo, strength)


TRIGGERS: tuple[Trigger, ...] = (
    # diplomacy: visits, meetings, calls, letters
    _t(r"(?:state|official|working) visit|arriv(?:ed|es|ing)|visit(?:ed|ing|s)?|"
       r"(?:paid|pay|pays|paying) a visit|toured|landed in", "CONSULT", "visit", "042"),
    _t(r"host(?:ed|s|ing)?|welcom(?:ed|es|ing) ceremony|welcome ceremony|received|receiving|"
       r"(?:a|the) reception for", "CONSULT", "host", "043"),
    _t(r"held talks|(?:had|hold|holds|holding) talks|talks|met(?! (?:with )?(?:[\w-]+ )?(?:resistance|"
       r"opposition|criticism|skepticism|scepticism|fire))|meets|meeting|met with|"
       r"summit|conferr\w*|consult(?:ed|ations?|ing)|discuss(?:ed|ions?|ing)|negotiat(?:e|ed|es|ing|ions?)",
       "CONSULT", "meet", "040", 0.7),
    _t(r"press conference|press briefing|news conference|joint press", "CONSULT",
       "press-conference", "040", 0.7),
    _t(r"phone (?:call|talks|conversation)|telephone\w*|spoke by phone|(?:called|calls) "
       r"(?:his|her|their)|video ?call|videoconference", "CONSULT", "phone", "040"),
    _t(r"exchang\w+ letters|letters? (?:to|from)|sent a (?:letter|message)|message of "
       r"(?:congratulation|condolence)\w*", "CONSULT", "letter", "040", 0.6),
    _t(r"mediat(?:e|ed|es|ing|ion)|brokered", "CONSULT", "third-party", "043", 0.7),
    # agreements, promises, invitations
    _t(r"sign(?:ed|ing)?|(?<!vital )signs(?! of)|inked|initial(?:ed|led)|ratif\w+|adopt(?:ed|s|ing)? a joint|"
       r"joint (?:declaration|statement|communique)", "SUPPORT", "sign", "057"),
    _t(r"accept(?:ed|s|ing)? (?:the |an |his |her |their )?invitation|invitation was "
       r"accepted|accepted with pleasure", "AGREE", "accept-invitation", "036", 0.9),
    _t(r"invit(?:ed|es|ing|ation)", "AGREE", "invite", "036", 0.8),
    _t(r"agree(?:d|s|ing)?|reach(?:ed|es|ing)? (?:a |an )?(?:consensus|agreement|deal)|concurred|"
       r"consented|pledg(?:ed|es|ing)|vow(?:ed|s)|committed to|commit to|promis(?:ed|es)|"
       r"offer(?:ed|s)? to|will (?:continue to )?(?:cooperate|work together)|"
       r"expressed (?:their |his |her )?(?:willingness|readiness)|(?:is|are|was|were|stands?|"
       r"stood) ready to (?:[\w-]+ ){0,2}(?:work|cooperate|deepen|strengthen|expand|boost|"
       r"promote|join|help|support)", "AGREE", None, "030"),
    # cooperation and support
    # CAMEO 054-056: recognition, apology, forgiveness are SUPPORT (CAMEO2PLOVER)
    _t(r"establish(?:ed|es|ing)? (?:[\w-]+ )?(?:diplomatic )?(?:ties|relations)|open(?:ed|s)? "
       r"(?:an |its |a )?embass(?:y|ies)|apologi\w+|forg(?:ave|iven|ives)|forgive (?!me\b)",
       "SUPPORT", None, "054", 0.85),
    _t(r"welcom(?:ed|es|ing) (?:the |a |an |his |her |their |its )?(?:[\w-]+ ){0,2}(?:statement|"
       r"decision|move|proposal|plan|initiative|announcement|agreement|deal|elections?|"
       r"release|policy|efforts?|steps?|news|resolution)|defend(?:ed|s)",
       "SUPPORT", "praise", "051", 0.8),
    _t(r"cooperat(?:ed|es|ing) (?:with|in|on)|joint (?:[\w-]+ )?(?:exercises?|drills?|venture|patrols?|operations?)|"
       r"resum\w+ (?:trade|cooperation)",
       "COOPERATE", None, "061", 0.6),
    _t(r"prais\w+|hail(?:ed|s)|applaud\w*|commend\w*|spoke highly|lauded|congratulat\w+|"
       r"thank(?:ed|s)|express(?:ed|es) (?:gratitude|appreciation)|appreciat(?:ed|es)",
       "SUPPORT", "praise", "051", 0.7),
    _t(r"(?<!\bto )support(?:ed|s|ing)?|back(?:ed|s|ing)|endors\w+|(?:expressed|voiced) support|"
       r"recogni[sz]\w+", "SUPPORT", None, "050", 0.5),
    _t(r"grant(?:ed|s|ing)? (?:political |diplomatic )?asylum|(?:gave|give|given|offered) "
       r"(?:political |diplomatic )?asylum", "AID", None, "075", 0.85),
    _t(r"(?:sent|send|sends|sending|deliver\w*|ship(?:ped|s|ping)?|suppl(?:y|ied|ies|ying)|"
       r"handed over|airlift\w*) (?:[\w-]+ ){0,4}(?:arms|weapons|ammunition|aid|food|medicines?|"
       r"medical supplies|supplies|relief|grain)", "AID", None, "070", 0.8),
    _t(r"provid\w+ (?:[\w-]+ )?(?:aid|assistance|loans?|funding|relief)|donat\w+|"
       r"provid\w+ (?:[\w-]+ )?(?:support|weapons|arms|munitions|equipment|training)|"
       r"(?:humanitarian|economic|military|financial) (?:aid|assistance)|sent (?:aid|troops "
       r"to help)|assist(?:ed|s|ing)?|helped", "AID", None, "070", 0.6),
    # requests and disputes
    _t(r"lift(?:ed|s|ing)? (?:[\w-]+ ){0,3}(?:blockade|siege)|demobili[sz]\w*|surrender\w*|"
       r"laid down (?:their|its) (?:arms|weapons)", "RETREAT", None, "087", 0.85),
    _t(r"lift(?:ed|s|ing)? (?:[\w-]+ ){0,3}(?:state of emergency|emergency law|martial law|curfew|"
       r"ban|restrictions)|eas(?:ed|es|ing) (?:[\w-]+ ){0,2}(?:restrictions|measures|curfew|controls|rules|"
       r"emergency)|cancel\w* (?:[\w-]+ ){0,2}restrictions|shorten\w* (?:[\w-]+ ){0,4}curfew|"
       r"accept(?:ed|s|ing)? (?:[\w-]+ ){0,2}demands|call(?:ed|s)? off (?:[\w-]+ ){0,3}(?:strike|"
       r"protest|boycott|march|walkout)|allow(?:ed|s|ing)? (?:[\w-]+ ){1,6}to (?:participate|run|"
       r"contest|stand|hold|bring out|return|enter|leave)", "CONCEDE", None, "083", 0.85),
    _t(r"demolish\w*|bulldoz\w*|outlaw\w*|state of (?:siege|emergency)|prevent\w* "
       r"(?:[\w-]+ ){0,2}(?:demonstration|protest|rally|march)|dispers\w+|defac\w+|"
       r"cyber ?attack\w*", "COERCE", None, "172", 0.8),
    _t(r"(?:sent|send|sends|sending|dispatch\w*|deploy\w*|mov(?:ed|es|ing)) (?:[\w-]+ ){0,3}"
       r"(?:troops|warships?|aircraft carriers?|fighter jets?|jets|forces|battalions?|tanks|"
       r"submarines?|soldiers|marines|gunboats?|frigates?|destroyers?)", "MOBILIZE", "troops",
       "152", 0.85),
    _t(r"(?<!peacekeeping )(?:troops|warships?|fighter jets|jets|warplanes|soldiers|tanks|reinforcements) "
       r"(?:[\w-]+ ){0,4}(?:arrived|were (?:sent|deployed|moved)|massed)", "MOBILIZE", "troops",
       "152", 0.8),
    _t(r"strengthen\w* (?:its|their|the) (?:forces|troops|military presence|garrison)|"
       r"(?:ordered|stepped up|increased) (?:[\w-]+ ){0,2}patrols", "MOBILIZE", "troops", "152",
       0.8),
    _t(r"block(?:ed|s|ing|aded)? (?:[\w-]+ ){0,2}(?:roads?|streets?|bridges?|highways?|traffic|"
       r"transport|railways?|entrances?)|(?:open-ended|general|national|nationwide|"
       r"indefinite|\w+-day|\w+-hour) strike|stopp\w+ work|walk(?:ed|s)? ?out|collect\w* "
       r"signatures|petition\w*", "PROTEST", "demo", "140", 0.85),
    _t(r"tortur\w+|beat(?:en|ing)? up|beat(?:en|ing)? (?:[\w-]+ ){0,3}(?:detainees|prisoners|"
       r"protesters|demonstrators)|sexually (?:abused|assaulted)|rap(?:ed|ing)|"
       r"violat\w+ (?:the |a )?(?:ceasefire|cease-fire|truce)", "ASSAULT", None, "180", 0.85),
    _t(r"(?:voic|express)(?:ed|es|ing) (?:[\w-]+ )?(?:alarm|concern|outrage|dismay|regret)|"
       r"verbal attacks?|war of words|(?:shocked|dismayed|outraged|appalled|disgusted) "
       r"(?:by|at)|challeng(?:ed|es) (?:the|such|this|that|his|her|their|its) ",
       "ACCUSE", "disapprove", "111", 0.85),
    _t(r"bann?(?:ed|ing|s)? (?:[\w-]+ ){0,3}(?:imports?|exports?|flights?|travel)|(?:import|"
       r"export|travel|flight|arms) bans?", "SANCTION", None, "163", 0.85),
    _t(r"summon(?:ed|s|ing)? (?:the |a |an )?(?:[\w'’-]+ ){0,2}(?:ambassador|envoy|charg[eé] "
       r"d'affaires|diplomats?)|su(?:ed|es|ing)|lawsuit|fil(?:ed|es|ing) (?:a )?(?:complaint|suit|case)|lodg\w+ "
       r"(?:[\w-]+ ){0,3}(?:protest|complaint)|(?:opened|held|holds) (?:[\w-]+ ){0,2}hearing|"
       r"dispatch\w+ (?:[\w-]+ ){0,2}inspectors", "ACCUSE", None, "110", 0.85),
    _t(r"(?:is|are|was|were|remains?|strongly) (?:[\w-]+ )?opposed to|(?:is|are|was|were|remains?) "
       r"(?:strongly |firmly )?against (?:any|the|a|an|all)|rul(?:ed|es|ing) out|disavow\w*|oppos(?:es|ed) (?:the|a|an|"
       r"any|plans?|proposals?|moves?)|reneg\w+|out of the question|violat\w+ (?:a |the )?ban",
       "REJECT", None, "120", 0.8),
    _t(r"suspension of (?:[\w-]+ ){0,2}(?:links|flights|ties|relations|aid|trade|talks|cooperation|"
       r"imports|exports|visas)|prohibit\w*|(?:reduc\w+|cut(?:s|ting)?) (?:[\w-]+ ){0,2}(?:aid|supplies|"
       r"assistance|funding)|forc\w+ (?:[\w-]+ ){0,6}out of the country",
       "SANCTION", None, "160", 0.8),
    _t(r"war games|shar\w+ (?:[\w-]+ ){0,2}(?:expertise|intelligence|information|technology)",
       "COOPERATE", None, "064", 0.8),
    _t(r"accept(?:ed|s|ing)? (?:a |the |an )?(?:[\w-]+ )?(?:proposal|plan|offer|formula|deal|"
       r"terms)", "AGREE", None, "030", 0.85),
    _t(r"return(?:ed|s|ing)? (?:[\w-]+ ){0,3}(?:weapons|prisoners|property|equipment|bodies|"
       r"hostages|territory|helicopter|aircraft)", "RETREAT", "release", "084", 0.75),
    _t(r"ask(?:ed|s|ing)|urg(?:ed|es|ing)|called (?:on|for|upon)|calls (?:on|for)|"
       r"request\w*|appeal\w*|propos(?:ed|es|al)|suggest(?:ed|s)|demand\w*|insist\w*|"
       r"press(?:ed|es) for", "REQUEST", None, "020", 0.7),
    _t(r"accus\w+|criticiz\w+|criticis\w+|condemn\w*|denounc\w+|blam\w+|charg(?:ed|es)|"
       r"alleg\w+|deplor\w+|censur\w+|disapprov\w+|complain\w*", "ACCUSE", "disapprove", "111"),
    _t(r"investigat\w+|inquiry|probe[ds]?|probing|found (?:[\w-]+ ){0,2}evidence of",
       "ACCUSE", "investigate", "090", 0.7),
    _t(r"reject\w*|refus\w+|den(?:ied|ies|y)|declin(?:ed|es) to (?!comment|be (?:named|identified)|give|say|"
       r"elaborate|disclose|specify|confirm)|dismiss\w*|vetoe?d?s?|"
       r"turned down|rebuff\w*|snubbed", "REJECT", None, "120"),
    _t(r"threat\w*|warn(?:ed|s|ing)|ultimatum", "THREATEN", None, "130"),
    _t(r"protest\w*|demonstrat(?:ed|ors?|ions?)|rall(?:y|ied|ies)|marched|strik(?:e|es|ing) "
       r"(?:workers|action)|went on strike|riot\w*|hunger strike|boycott\w*|sit-in",
       "PROTEST", "demo", "140"),
    _t(r"order(?:ed|s|ing)? (?:[\w-]+ ){1,5}to leave (?:the country|its territory)|"
       r"declar(?:ed|es|ing) (?:[\w-]+ ){0,4}persona non grata", "SANCTION", "expel", "166", 0.85),
    _t(r"sanction\w*|embargo\w*|expel\w*|sever\w* (?:ties|relations)|broke off|"
       r"suspend\w*|recall\w* (?:its|the|their) ambassador|cut off|convict\w*|sentenced|"
       r"freez\w+ (?:assets|aid)|froze", "SANCTION", None, "160"),
    _t(r"mobiliz\w+|mobilis\w+|deploy\w*|massed|military exercises?|on (?:high )?alert|"
       r"reinforc\w+|call(?:ed)? up", "MOBILIZE", "troops", "150", 0.7),
    _t(r"arrest\w*|detain\w*|seiz\w+|confiscat\w+|bann(?:ed|ing)|imposed a (?:curfew|ban)|"
       r"curfew|martial law|deport\w*|imprison\w*|jailed|blockad\w+|censor\w*|raided|"
       r"took control", "COERCE", None, "170"),
    _t(r"kidnap\w*|abduct\w*|hijack\w*|(?:took|taken|take|taking) (?:[\w-]+ ){0,3}hostages?",
       "ASSAULT", "abduct", "181", 0.85),
    _t(r"storm(?:ed|s|ing)|captur(?:ed|es|ing) (?:[\w-]+ ){0,4}(?:town|city|village|stronghold|"
       r"base|territory|airport|port|capital|positions?|outposts?|hill|area|district|fort|"
       r"oil ?fields?|refinery|compound|checkpoints?)|seiz(?:ed|es|ing) (?:[\w-]+ ){0,4}(?:town|"
       r"city|village|stronghold|base|airport|port|capital|fort|oil ?fields?|refinery)",
       "ASSAULT", None, "190", 0.85),
    _t(r"attack\w*|bomb\w*|shell(?:ed|ing|s)|air ?strikes?|airstrikes?|strikes? on|"
       r"killed|kill(?:s|ing)?|fired (?:on|at|rockets|missiles)|shot|clash\w*|fought|"
       r"fighting|(?:sniper|artillery|mortar|rocket|machine-?gun|tank) fire|fired \w+ly (?:on|at)|"
       r"assassinat\w+|invad\w+|invasion|ambush\w*|massacre\w*|struck|"
       r"besieg\w+|pounded|opened fire|(?<!the )(?<!dead and )(?:wounded|injured)", "ASSAULT", None, "190"),
    _t(r"withdr\w+|pull\w* (?:out|back)|retreat\w*|releas\w+|freed|evacuat\w+|ceasefire|"
       r"cease-fire|truce|disarm\w*|resign\w*|stepped down|hand(?:ed)? over",
       "RETREAT", None, "080", 0.7),
    _t(r"(?:acknowledg\w+|admit(?:s|ted)?) (?:[\w-]+ ){0,8}(?:mistakes?|errors?|wrongdoing|"
       r"responsibility|fault)", "CONCEDE", None, "080", 0.75),
    _t(r"join(?:ed|s)? (?:the )?(?:nato|alliance|european union|eu|wto|world trade "
       r"organization|united nations|asean|african union|bloc|treaty|convention|pact)\b",
       "SUPPORT", None, "057", 0.75),
    _t(r"conced\w+|concession|eas(?:ed|ing) (?:restrictions|sanctions)|lift(?:ed|s|ing)|"
       r"compromis\w+|yield\w*|relax\w+|allow(?:ed|s) "
       r"(?:access|inspectors)", "CONCEDE", None, "080", 0.7),
)  # fmt: skip

NEGATION = re.compile(r"\b(?:not|never|no longer|n't|refus\w+ to|fail\w* to)\s+(?:\w+\s+)?$")
# cooperation called off: "cancelled a planned visit", "ended mediation efforts"
CANCEL = re.compile(
    r"\b(?:cancel(?:s|led|ed|ling)?|call(?:s|ed)? off|suspend(?:s|ed|ing)?|halt(?:s|ed|ing)?|"
    r"end(?:s|ed|ing)?|break(?:s|ing)? off|broke off|postpon(?:e|es|ed|ing))\s+(?:\w+\s+){0,3}$"
)

CONTEXTS: dict[str, re.Pattern[str]] = {
    name: re.compile(rf"\b(?:{words})")
    for name, words in {
        "economic": r"econom|trade|invest|business|market|financ|bank|tariff|export|import|"
                    r"free trade|fta\b|industr",
        "energy": r"energy|oil|gas|petroleum|nuclear power|electricity|power plant|renewable",
        "military": r"militar|defen[cs]e|army|troops|weapon|arms\b|navy|air force|warship",
        "security": r"security|terroris|crime|police|counter-",
        "education": r"educat|training|student|universit|school|scholarship|alumni",
        "culture": r"cultur|art\b|artistic|heritage",
        "tourism": r"touris|travel",
        "science_technology": r"science|technolog|innovation|digital|space\b",
        "health": r"health|vaccin|medic|hospital|pandemic|flu\b|virus",
        "agriculture": r"agricultur|farm|food",
        "transport": r"transport|aviation|railway|shipping|port\b",
        "legal": r"law\b|legal|court|judicial|treaty",
        "territory": r"territor|sea\b|border|maritime|island|navigation",
        "human_rights": r"human rights|freedom of|rights\b",
        "humanitarian": r"humanitarian|refugee|civilians",
    }.items()
}  # fmt: skip
