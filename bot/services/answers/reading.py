"""Reading a question: its language, the terms that carry its meaning, and what it asks for.

A question is read into a `Reading`:
- `language`: English, French or Spanish, from its function words and accents;
- `terms`: the concepts of the field's vocabulary (bot.services.vocabulary: "MoU" = "memorandum of
  understanding" = "protocole d'accord" -> `@mou`) and every other content word, stemmed. Filler
  ("hi", "quick question", "right now", "pls", "sorry if this is obvious") and the words that only
  say what kind of answer is wanted ("how many", "when") are not terms: they never lower a score;
- `asks`: the kinds of fact wanted besides what something is: count, amount, date, place, person,
  names, deadline, entry_into_force, expansion, process, find, who;
- `cues`: what makes a question one the bot must decline whatever it knows (advice, prediction,
  breakdown), or one it answers by a small step (sum, difference, complement, yes_no, claim);
- `years`, `numbers`: the years and figures it mentions, to check a figure's period and a premise.

Misspelt words are read as the knowledge's own words (vocabulary.closest), so "budjet" finds
"budget" and "djibuti" finds "djibouti".
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.services.vocabulary import STOPWORDS, closest, read_concepts, stem, tokens_of
from bot.text import fold


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words by language: enough to tell which of the three a question is written in.
FUNCTION_WORDS = {
    "en": words(
        """the is are what how many where who which does do of and was were has have there this that
        with for from about can you please much when"""
    ),
    "fr": words(
        """le les des du est sont une combien quel quelle quels quelles qui comment ou pourquoi vous
        nous je il elle avec pour dans sur qu au aux ce cette ces mon notre nos votre leur quoi
        estce etait ont peut faut bonjour merci svp pas ne tres mais aussi y"""
    ),
    "es": words(
        """el los las es son una cuantos cuantas cuanto como donde por para hay con del y quien cual
        cuales fue era esta estan mi nuestro nuestra su sus hola gracias porfa favor tiene tienen
        puedo muy pero tambien cuando sobre entre al lo"""
    ),
}
# Letters only one of the two other languages writes ("é" is both French and Spanish).
ACCENTS = {"fr": set("èêàçùûôîœëï"), "es": set("ñ¿¡áíóú")}

# Stop words of French and Spanish (search's English ones are in the vocabulary module).
STOPWORDS_BY_LANGUAGE = {
    "en": STOPWORDS,
    "fr": words(
        """le la les l un une des du de d au aux a à et ou est sont etait etaient ete ce cet cette
        ces qui que qu quoi dont il elle ils elles on nous vous je j me te se s mon ma mes ton ta tes
        son sa ses notre nos votre vos leur leurs y en ne pas plus par pour sur dans avec sans sous
        entre vers chez comme mais donc car si tout tous toute toutes ai as avons avez ont fait
        faire sera seront etre avoir quel quelle quels quelles combien comment quand pourquoi
        lequel laquelle lesquels cela ca c n"""
    ),
    "es": words(
        """el la los las lo un una unos unas de del al a y e o u es son era eran fue fueron ser
        estar esta estan este esto estos estas ese esa esos esas que quien quienes cual cuales
        cuanto cuanta cuantos cuantas como cuando donde por para con sin sobre entre hasta desde
        se su sus mi mis tu tus nuestro nuestra nuestros nuestras le les me te nos no si mas muy
        ya hay ha han he hemos tiene tienen tener hace hacer"""
    ),
}
# Words that carry no meaning a fact could match: greetings, politeness, hedges, office context,
# and time words of the present ("right now", "currently"). Never terms, in any language.
FILLER = words(
    """hi hello hey hiya dear good morning afternoon evening greetings everyone all team folks guys
    pls plz please thanks thank thx ty cheers kindly sorry apologies obvious silly dumb question
    questions quick quickly query wondering wonder curious asking ask tell told say says said know
    knew let me us i im i'm ive we our ours my mine you your u ur yall anyone someone somebody
    help need needs needed want wanted would could might may must can shall just really actually
    exactly basically simply briefly short shortly nutshell summary summarise summarize sentence
    words word simple plain terms exact exactly roughly approximately approx about around like
    etc ok okay yes yeah yep yea nope lol haha hmm btw fyi asap rn atm now currently current
    currently today nowadays moment present presently right latest recent recently still yet
    again also too either anyway though thing things stuff something anything everything bit
    lot lots much many some any sort way ways maybe perhaps probably sure
    check confirm confirmation verify correct correctly accurate accurately true right wrong
    indeed fact understand understanding understood heard hear think thought believe believed
    remember recall mistaken mistake assume assumed guess seem seems seemed fair say saying
    colleague colleagues boss minister ministry ministers deputy director general dg ps pm
    government administration office department unit authority agency delegation delegate
    briefing brief note notes report reports paper papers speech table row draft drafting
    preparing prepare prepared writing write minutes foreword letter letters email mail memo
    presentation slides slide internal national new newly just recently appointed
    country countries state states capital side
    go going get got gets give gives given giving find found see look looking show showing
    explain explaining describe mean means meaning stand stands full
    something someone information info details detail detailed specific specifically
    regarding concerning related relating respect with regard reference refer referring
    point points number numbers figure figures total count counts amount many much
    date dates year years when trying try tried supposed several various multiple whole entire
    overall exist exists existing available possible possibly generally usually normally typically
    officially official formally properly

    compare compared comparison versus vs category categories largest smallest biggest main major
    particular certain specific mention mentions mentioned since work works working reporting
    relevant important significant crucial essential change changed changes personnel contain
    contains containing continent two three four five people channel objective objectives aim aims
    purpose purposes half third quarter majority share proportion percentage part parts fraction
    problem problems issue issues solve solving solved meant intended tackle deal deals dealing run
    runs running handle handles handling manage manages managing old older oldest outdated honestly
    nobody somebody expected wasn isn doesn didn aren weren hasn haven couldn wouldn shouldn won
    slide slides aside leaving"""
)
FILLER_BY_LANGUAGE = {
    "en": FILLER,
    "fr": words(
        """bonjour salut bonsoir coucou merci svp stp sil plait veuillez pardon desole desolee excuse
        excusez question rapide petite vite bien alors donc voila juste vraiment exactement
        actuellement maintenant aujourd hui present moment encore toujours deja aussi
        collegue collegues ministre ministere directeur directrice chef gouvernement administration
        bureau service rapport note discours presentation lettre courriel nouveau nouvelle nomme
        nommee role poste pays etat etats besoin voudrais voulais aimerais souhaite souhaiterais
        pouvez pourriez pourrait peux puis dire savoir connaitre confirmer confirmez verifier
        vrai correct exact raison croire crois pense pensais entendu rappeler chiffre chiffres
        nombre total montant info information informations detail details precis precise
        concernant propos sujet regard svp"""
    ),
    "es": words(
        """hola buenos buenas dias tardes noches saludos gracias porfa favor disculpa disculpe perdon
        pregunta rapida rapido consulta duda bueno pues entonces solo justo realmente exactamente
        actualmente ahora ahorita hoy momento actual todavia aun ya tambien colega colegas
        ministro ministra ministerio director directora jefe gobierno administracion oficina
        informe nota discurso presentacion carta correo nuevo nueva nombrado nombrada rol puesto
        pais paises estado estados necesito necesitamos quisiera queria gustaria puede podria
        puedes podrias decir saber conocer confirmar confirma verificar verdad correcto cierto
        exacto creo pensaba escuche recordar cifra cifras numero total monto info informacion
        detalle detalles preciso sobre respecto tema jeje jaja ok vale"""
    ),
}

# Chat shorthand for function words, so that "hw many r in force" reads as it is meant.
SHORTHAND = {
    "hw": "how", "wht": "what", "wat": "what", "wats": "what", "r": "are", "u": "you", "ur": "your",
    "abt": "about", "pls": "please", "plz": "please", "qn": "question", "yr": "year", "yrs": "years",
}  # fmt: skip
YEAR = re.compile(r"(?<![\d.,/])((?:19|20)\d\d)(?:\s*(?:-|–|/|to|a|au|al|hasta)\s*((?:19|20)?\d\d))?(?![\d])")
NUMBER = re.compile(
    r"(?<![\w.,/])(?:usd|us\$|\$|eur|€)?\s*(\d{1,3}(?:[,. ]\d{3})+|\d+(?:[.,]\d+)?)\s*"
    r"(millions?|millones|mio|mn|m|k|thousand|mil)?(?![\w/(])",
)
ORDINAL = re.compile(r"\b\d+(?:st|nd|rd|th|e|eme|er|re|o|a)\b")


@dataclass(frozen=True)
class Number:
    """A figure the question mentions, with the labels next to it ("88 LoAs" -> 88, {"@loa"})."""

    value: float
    labels: tuple[str, ...]  # the terms next to it, nearest first
    amount: bool  # written as money or millions


@dataclass(frozen=True)
class Reading:
    text: str
    language: str
    tokens: tuple[str, ...]
    terms: tuple[str, ...]
    unknown: tuple[str, ...]
    asks: frozenset[str]
    cues: frozenset[str]
    years: frozenset[int]
    numbers: tuple[Number, ...]
    corrections: tuple[tuple[str, str], ...]
    parties: tuple[str, ...] = ()  # names after "with", "in", "for": a partner or a place
    unknown_names: tuple[str, ...] = ()  # capitalised words the knowledge does not know ("Mars")
    named_years: frozenset[int] = frozenset()  # years that name one of several ("the 2022 conference")
    unknown_attributes: tuple[str, ...] = ()  # "the salary of an NKPO": what of it the bot has no word for

    @property
    def concepts(self) -> frozenset[str]:
        return frozenset(term[1:] for term in self.terms if term.startswith("@"))

    @property
    def has_words(self) -> bool:
        return bool(self.tokens)


# --------------------------------------------------------------------------- language


def detect_language(text: str) -> str:
    """en, fr or es: the language whose function words (and accents) the text has most of."""
    tokens = tokens_of(text)
    raw = text.casefold()
    score = {lang: sum(token in function for token in tokens) for lang, function in FUNCTION_WORDS.items()}
    for lang, accents in ACCENTS.items():
        score[lang] += 2 * sum(ch in accents for ch in raw)
    best = max(score, key=lambda lang: (score[lang], lang == "en"))
    return best if score[best] > score["en"] else "en"


# --------------------------------------------------------------------------- terms


def is_noise(token: str, language: str) -> bool:
    """A token that can carry no meaning a fact could match: stop word, filler, lone letter."""
    if len(token) == 1 and not token.isdigit():
        return True
    return (
        token in STOPWORDS
        or token in STOPWORDS_BY_LANGUAGE.get(language, STOPWORDS)
        or token in FILLER
        or token in FILLER_BY_LANGUAGE.get(language, FILLER)
        or stem(token, language) in filler_stems(language)
    )


@lru_cache(maxsize=4)
def filler_stems(language: str) -> frozenset[str]:
    """The stems of the filler words ("asked", "asking" are filler as "ask" is)."""
    words_of_language = FILLER | FILLER_BY_LANGUAGE.get(language, FILLER)
    return frozenset(stem(word, language) for word in words_of_language if len(word) >= 3)


def terms_of(tokens: Sequence[str], language: str = "en") -> list[str]:
    """The terms of folded tokens: a phrase of one of the field's concepts as `@concept`, repeated
    once for each content word of the phrase as written (so "ballast water" weighs two words);
    every other content word stemmed. Numbers are not terms: figures and years are read apart."""
    counts: dict[str, int] = {}
    for concept, phrase in read_concepts(tokens):
        if concept is not None:
            content = [w for w in phrase if not is_noise(w, language)] or list(phrase)
            counts[f"@{concept}"] = max(counts.get(f"@{concept}", 0), min(len(content), 2), 1)
            continue
        word = phrase[0]
        if word.isdigit() or is_noise(word, language):
            continue
        counts.setdefault(stem(word, language), 1)
    return [term for term, times in counts.items() for _ in range(times)]


@lru_cache(maxsize=8192)
def component_terms(text: str, language: str = "en") -> tuple[str, ...]:
    """The content words inside the concept phrases of a text, stemmed ("audit scheme" -> audit,
    scheme): a question that names part of a concept ("which scheme") still finds it."""
    return tuple(
        stem(word, language)
        for concept, phrase in read_concepts(tokens_of(text))
        if concept is not None and len(phrase) > 1
        for word in phrase
        if not word.isdigit() and not is_noise(word, language)
    )


@lru_cache(maxsize=8192)
def text_terms(text: str, language: str = "en") -> tuple[str, ...]:
    """The terms of a text of the knowledge (cached by value: knowledge texts repeat)."""
    return tuple(terms_of(tokens_of(text), language))


# --------------------------------------------------------------------------- what is asked

# What is counted, not measured in money: "how much MoU" asks a count.
COUNTED = (
    r"(?:programmes?|arrangements?|agreements?|partnerships?|"
    r"mous?|loas?|ipas?|memorand\w*|framework|letters?)"
)


ASKS: dict[str, tuple[str, ...]] = {
    "count": (
        r"\bhow many\b",
        r"\bnumber of\b",
        rf"\bhow much {COUNTED}",
        r"\bcount of\b",
        r"\btotal (?:number|count)\b",
        r"\bcombien\b",
        r"\bnombre (?:de|d|total)\b",
        r"\bcuant[oa]s\b",
        r"\bnumero de\b",
        r"\bcantidad de\b",
        r"\bbreakdown\b",
        r"\brepartition\b",
        r"\bdesglose\b",
    ),
    "amount": (
        rf"\bhow much\b(?! {COUNTED})",
        r"\b(?:the|its|their|total|overall|approved|whole|itcp|tc) (?:\w+ )?budget\b",
        r"\bbudget (?:was|is|of|amount|figure)\b",
        r"\bamount\b",
        r"\b(?:monetary|financial|total|dollar) value\b",
        r"\bworth\b",
        r"\bvaleur\b",
        r"\bvalor\b",
        r"\b(?:how much|the most|amount of) money\b",
        r"\bfunding of\b",
        r"\bcost\b",
        r"\bmontant\b",
        r"\b(?:le|du|son|leur|total du) (?:\w+ )?budget\b",
        r"\b(?:el|del|su) (?:\w+ )?presupuesto\b",
        r"\bpresupuesto (?:fue|es|era|de|del)\b",
        r"\bbudget (?:etait|est|de|du)\b",
        r"\bmonto\b",
        r"\bimporte\b",
        r"\bcuanto dinero\b",
        r"\bcombien d argent\b",
        r"\busd\b",
        r"\bmillions?\b",
        r"\bmillones\b",
        r"\bdollars?\b",
        r"\bdolares\b",
    ),
    "date": (
        r"(?:^|[?.,;:!] )when\b",
        r"\bwhen (?:was|is|were|did|does|do|are|will|has|had)\b",
        r"\bwhen and where\b",
        r"\bwhat year\b",
        r"\bwhich year\b",
        r"\bwhat date\b",
        r"\bwhich date\b",
        r"\bdates?\b",
        r"\bsince when\b",
        r"\bquand\b",
        r"\bquelle annee\b",
        r"\ben quelle annee\b",
        r"\bquelle date\b",
        r"\bdepuis quand\b",
        r"\bcuando\b",
        r"\bque ano\b",
        r"\ben que ano\b",
        r"\bque fecha\b",
        r"\bfecha\b",
        r"\bdesde cuando\b",
        r"\bannee\b",
        r"\bano de\b",
    ),
    "deadline": (
        r"\bdeadline\b",
        r"\bdue date\b",
        r"\bby when\b",
        r"\bclosing date\b",
        r"\bdate limite\b",
        r"\bdelai\b",
        r"\becheance\b",
        r"\bfecha limite\b",
        r"\bplazo\b",
    ),
    "entry_into_force": (
        r"\b(?:enter|entered|enters|entry|came|come|comes) into force\b",
        r"\bin force since\b",
        r"\bentree en vigueur\b",
        r"\bentre en vigueur\b",
        r"\bentrada en vigor\b",
        r"\bentro en vigor\b",
    ),
    "place": (
        r"\bwhere (?:was|were|is|will|did)\b.*\b(?:held|hosted|take place|took place|located|organi[sz]ed)\b",
        r"\bwhen and where\b",
        r"\bwhich city\b",
        r"\bwhat city\b",
        r"\bvenue\b",
        r"\bin which country\b",
        r"\bou (?:a eu lieu|s est tenue|se tenait|se tient|etait)\b",
        r"\bquelle ville\b",
        r"\bdonde (?:fue|se celebro|tuvo lugar|se realizo|se llevo)\b",
        r"\bque ciudad\b",
        r"\bquand et ou\b",
        r"\bcuando y donde\b",
    ),
    "person": (
        r"\bname of (?:the )?(?:head|director|chief|person|secretary|nkpo|signatory|officer|focal)",
        r"\bthe name\b",
        r"\bwho signed\b",
        r"\bsigned (?:it|the \w+ )?(?:for|on)\b",
        r"\bsignatory\b",
        r"\bhead of\b",
        r"\bwho (?:heads|leads|runs|is in charge)\b",
        r"\bcontact (?:details|person)\b",
        r"\be ?mail address\b",
        r"\bphone\b",
        r"\bwho is (?:the )?(?:current |our )?(?:nkpo|head|director|chief)",
        r"\bwho (?:is|are) (?:the )?(?:nkpos?|focal point)\b",
        r"\bnom (?:du|de la|de l)\b",
        r"\bqui a signe\b",
        r"\bsignataire\b",
        r"\bchef (?:de|du)\b",
        r"\bqui est (?:le|la) (?:nkpo|chef|directeur|directrice|responsable)",
        r"\bcoordonnees\b",
        r"\bnombre del?\b",
        r"\bquien firmo\b",
        r"\bfirmante\b",
        r"\bjefe\b",
        r"\bquien es (?:el|la) (?:nkpo|jefe|jefa|director|directora|responsable)",
        r"\bdatos de contacto\b",
        r"\bwho is (?:the )?secretary general\b",
        r"\bwhich secretary general\b",
        r"\bquel secretaire general\b",
        r"\bque secretario general\b",
    ),
    "names": (
        r"\bnames? (?:of )?(?:the |all )?(?:\d+ )?"
        r"(?:partners?|organi[sz]ations?|countries|donors|members?|governments?)",
        r"\bname (?:the|all|them)\b",
        r"\blist (?:all |of )?(?:the )?(?:\d+ )?(?:\w+ )?(?:partners?|organi[sz]ations?|donors|countries)\b",
        r"\b(?:partners?|organi[sz]ations?|donors|countries) names\b",
        r"\bwho are the (?:\d+ )?(?:\w+ )?(?:partners?|donors|organi[sz]ations?|signatories|members)\b",
        r"\bwhich (?:countries|organi[sz]ations?|partners|donors|governments|states) "
        r"(?:are|have|signed|belong)\b",
        r"\bsignatories\b",
        r"\bsignataires\b",
        r"\bfirmantes\b",
        r"\bquels pays\b",
        r"\bque paises\b",
        r"\bnoms? des\b",
        r"\bliste des (?:\d+ )?(?:partenaires|organisations|pays|donateurs)\b",
        r"\bnombres de (?:los )?(?:\d+ )?",
        r"\blista de (?:los )?(?:\d+ )?(?:socios|organizaciones|paises|donantes)\b",
        r"\bnommer les\b",
        r"\bnombrar (?:a )?los\b",
        r"\bquels sont les \d+\b",
        r"\bcuales son los \d+\b",
    ),
    "expansion": (
        r"\bstands? for\b",
        r"\bshort for\b",
        r"\bfull form\b",
        r"\bacronyms?\b",
        r"\babbreviation\b",
        r"\bmeaning\b",
        r"\bwhat does \w+ mean\b",
        r"\bmeans\b",
        r"\bmean\b",
        r"=\s*\?",
        r"\bsignifie\b",
        r"\bveut dire\b",
        r"\bsignification\b",
        r"\bsigle\b",
        r"\bacronyme\b",
        r"\bsignifica\b",
        r"\bquiere decir\b",
        r"\bsignificado\b",
        r"\bsiglas?\b",
        r"\bacronimo\b",
        r"\bdesarrollo de las siglas\b",
    ),
    "process": (
        r"\bhow (?:do|can|should|does|would|to)\b",
        r"\bprocedure\b",
        r"\bprocess (?:for|to)\b",
        r"\bsteps?\b",
        r"\bcomment (?:faire|designer|nommer|on|puis|peut|peuvent|doit|doivent|proceder)\b",
        r"\bdemarche\b",
        r"\bprocedure a suivre\b",
        r"\betapes?\b",
        r"\bcomo (?:se|puedo|podemos|hago|hacemos|designo|designar|nombrar|nombro)\b",
        r"\bprocedimiento\b",
        r"\bpasos?\b",
        r"\btramite\b",
    ),
    "find": (
        r"\bwhere (?:can|do|could|would|should) (?:i|we|one|you) (?:find|get|download|see|read|obtain)\b",
        r"\bwhere is (?:the )?\w+",
        r"\bwhere are\b",
        r"\blink to\b",
        r"\bcopy of\b",
        r"\bdownload\b",
        r"\bou (?:trouver|puis je trouver|se trouve|peut on trouver|est)\b",
        r"\btelecharger\b",
        r"\bdonde (?:encuentro|puedo encontrar|esta|se encuentra|consigo|hallo)\b",
        r"\bdescargar\b",
    ),
    "who": (
        r"^who\b",
        r"\bwho (?:is|are|does|do|posts|maintains|keeps)\b",
        r"\bwhich (?:office|unit|section|department|body)\b",
        r"\bwhose\b",
        r"\bqui\b",
        r"\bquel (?:service|bureau|organe)\b",
        r"\bquelle section\b",
        r"\bquien(?:es)?\b",
        r"\bque (?:oficina|seccion|departamento|organo)\b",
        r"\bde qui\b",
        r"\bde quien\b",
    ),
}
CUES: dict[str, tuple[str, ...]] = {
    "advice": (
        r"\bin your (?:opinion|view)\b",
        r"\bdo you think\b",
        r"\byour (?:opinion|view|advice)\b",
        r"\b(?:been|is|was|are|were) (?:it |they )?(?:effective|successful|working|useful)\b",
        r"\bis it worth\b",
        r"\bcomplian\w* with\b",
        r"\b(?:is|are) (?:it|our|this|the) (?:\w+ )?compliant\b",
        r"\breview (?:our|my|the|this) (?:draft|law|text|proposal)\b",
        r"\bpaste the text\b",
        r"\bdraft (?:national )?(?:\w+ )?(?:law|legislation|bill)\b.*\?",
        r"\ba votre avis\b",
        r"\bpensez vous\b",
        r"\bselon vous\b",
        r"\bconforme\b",
        r"\ben (?:tu|su) opinion\b",
        r"\bcrees que\b",
        r"\bcree usted\b",
        r"\beficaz\b",
        r"\befficace\b",
        r"\blegally\b",
        r"\blegal advice\b",
        r"\blegally binding\b",
        r"\bbinding\b",
        r"\bconstitution\b",
        r"\bparliament\w*\b",
        r"\bcabinet\b",
        r"\bpolitically\b",
        r"\badvi[sc]e\b",
        r"\brecommend\w*\b",
        r"\bbest for us\b",
        r"\bor wait\b",
        r"\bwithout going\b",
        r"\bis it wise\b",
        r"\bshould (?:we|i|our|my) (?:sign|ratify|join|prioriti[sz]e|insist|accept)\b",
        r"\bjuridiquement\b",
        r"\blegalement\b",
        r"\bcontraignant\w*\b",
        r"\bparlement\b",
        r"\bpolitiquement\b",
        r"\bconseill\w*\b",
        r"\brecommand\w*\b",
        r"\bdevrions nous\b",
        r"\bvaut il mieux\b",
        r"\bavis juridique\b",
        r"\bjuridicamente\b",
        r"\blegalmente\b",
        r"\bvinculante\b",
        r"\bparlamento\b",
        r"\bpoliticamente\b",
        r"\baconsej\w*\b",
        r"\brecomiend\w*\b",
        r"\bdeberiamos\b",
        r"\bconviene\b",
        r"\bes mejor\b",
    ),
    "future": (
        r"\bwill\b",
        r"\bnext\b",
        r"\bupcoming\b",
        r"\bproch\w+\b",
        r"\bproxim\w+\b",
        r"\bgoing to be\b",
        r"\bexpect\w*\b",
        r"\blikely\b",
        r"\bforecast\w*\b",
        r"\bpredict\w*\b",
        r"\bnext (?:biennium|year|itcp|budget|one)\b",
        r"\bin the future\b",
        r"\bby (?:the )?end of 20\d\d\b",
        r"\bsera\b",
        r"\bseront\b",
        r"\bva t il\b",
        r"\bprevo\w*\b",
        r"\bprevision\w*\b",
        r"\bprochaine?\b",
        r"\ba l avenir\b",
        r"\bd ici (?:la fin de )?20\d\d\b",
        r"\bseran?\b",
        r"\bva a ser\b",
        r"\bpreve\b",
        r"\bproxim[oa]\b",
        r"\ben el futuro\b",
        r"\bpara (?:finales de |fines de )?20\d\d\b",
        r"\bcrees que\b",
        r"\bpensez vous\b",
        r"\byou think\b",
    ),
    "breakdown": (
        r"\bby (?:country|region|donor|partner|member state|government|continent|year|organi[sz]ation)\b",
        r"\bper (?:country|region|donor|partner|year|member state)\b",
        r"\beach (?:country|donor|partner|region)\b",
        r"\bsplit\b",
        r"\bdivided\b",
        r"\bshare of\b",
        r"\bwent to\b",
        r"\blargest share\b",
        r"\bthe most money\b",
        r"\bwhich donors?\b",
        r"\bhow many of (?:the|these|those)\b",
        r"\bhow much of\b",
        r"\bof the \d+\b",
        r"\bwith (?:african|asian|european|pacific|caribbean|arab|latin)\b",
        r"\bfrom africa\b",
        r"\bin africa\b",
        r"\bpartners from\b",
        r"\bwith governments\b",
        r"\bwith international organi[sz]ations\b",
        r"\bsigned (?:in|during|so far in) (?:calendar year )?(?:19|20)\d\d\b",
        r"\bsigned so far\b",
        r"\bpar (?:pays|region|donateur|partenaire|annee)\b",
        r"\brepartition (?:par|entre) (?!type|nature|categorie)",
        r"\breparti\w* entre\b",
        r"\bcombien (?:des|de ces|parmi)\b",
        r"\bparmi les\b",
        r"\bquelle part\b",
        r"\bavec les gouvernements\b",
        r"\bafricain\w*\b",
        r"\bsignes? en (?:19|20)\d\d\b",
        r"\bpor (?:pais|region|donante|socio|ano)\b",
        r"\bdesglose (?:por|entre) (?!tipo|naturaleza|categoria)",
        r"\bdistribuid\w* entre\b",
        r"\brepartid\w* entre\b",
        r"\bcuant[oa]s de (?:los|las|esos|estos)\b",
        r"\bde los \d+\b",
        r"\bde las \d+\b",
        r"\bque parte\b",
        r"\bcon (?:los )?gobiernos\b",
        r"\bafrican[oa]s\b",
        r"\bfirmad[oa]s en (?:19|20)\d\d\b",
        r"\bdonantes?\b.*\b(?:mas|mayor)\b",
        r"\bquel donateur\b",
        r"\bdonateurs?\b.*\bplus\b",
        r"\bwhich (?:countries|governments)\b",
    ),
    "sum": (
        r"\bplus\b",
        r"\btogether\b",
        r"\bcombined\b",
        r"\bsum\b",
        r"\+",
        r"\badd(?:ed)? up\b",
        r"\bin total\b",
        r"\bensemble\b",
        r"\bau total\b",
        r"\bcumul\w*\b",
        r"\bjuntos\b",
        r"\bjuntas\b",
        r"\ben total\b",
        r"\bsumad[oa]s?\b",
        r"\bsuma\b",
        r"\bmas\b",
        r"\bet\b.*\bensemble\b",
    ),
    "difference": (
        r"\bmore than\b",
        r"\bexceed\w*\b",
        r"\bdifference\b",
        r"\bfewer\b",
        r"\bless than\b",
        r"\bminus\b",
        r"\bhow many more\b",
        r"\bgap\b",
        r"\bde plus que\b",
        r"\bde moins que\b",
        r"\bdifferen\w*\b",
        r"\becart\b",
        r"\bmas que\b",
        r"\bmenos que\b",
        r"\bdiferencia\b",
        r"\bcuant[oa]s mas\b",
        r"\bcombien de plus\b",
    ),
    "complement": (
        r"\bnot (?:\w+ )?(?:mous?|memorand\w*|framework|loas?|letters?|ipas?|implementing)\b",
        r"\bother than\b",
        r"\bexcluding\b",
        r"\bapart from\b",
        r"\bbesides\b",
        r"\bnon\b",
        r"\bautres que\b",
        r"\bhors\b",
        r"\bsans compter\b",
        r"\bne sont pas\b",
        r"\bdistint[oa]s de\b",
        r"\bque no son\b",
        r"\bsin contar\b",
        r"\bexcepto\b",
    ),
    "yes_no": (
        r"^(?:is|are|was|were|does|do|did|has|have|can|could|would|will)\b",
        r"\bright\s*\??$",
        r"\bcorrect\s*\??$",
        r"\bisn t it\b",
        r"\bdoesn t it\b",
        r"\bis that right\b",
        r"\bis that correct\b",
        r"\bcan you confirm\b",
        r"\byes\s*\??$",
        r"\byea\s*\??$",
        r"\bno\s*\?$",
        r"\bi think\b",
        r"\bi heard\b",
        r"\bif i remember\b",
        r"\bif i m not mistaken\b",
        r"\bi understand\b",
        r"\bn est ce pas\b",
        r"\bc est ca\b",
        r"\bc est bien\b",
        r"\bvrai\b",
        r"\bcorrect\b",
        r"\bexact\b",
        r"\bverdad\b",
        r"\bcierto\b",
        r"\bcorrecto\b",
        r"\bno es asi\b",
        r"\bes asi\b",
        r"^est ce que\b",
        r"^(?:es|son|fue|hay|tiene)\b",
    ),
}


@lru_cache(maxsize=256)
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


def _matching(table: dict[str, tuple[str, ...]], plain: str) -> frozenset[str]:
    return frozenset(name for name, patterns in table.items() if _compiled(patterns).search(plain))


def plain_text(text: str) -> str:
    """The text folded to words and single spaces ("What's the TC budget?" -> "what s the tc budget ?"),
    keeping ? = + for the patterns that look at them."""
    folded = fold(text)
    return " ".join(re.findall(r"[^\W_]+|[?=+]", folded))


# --------------------------------------------------------------------------- years and figures


def years_of(text: str) -> frozenset[int]:
    """Years and periods mentioned: "2018-19" and "2018/2019" give both years."""
    found: set[int] = set()
    for match in YEAR.finditer(fold(text)):
        first = int(match.group(1))
        found.add(first)
        if match.group(2):
            last = (
                int(match.group(2)) if len(match.group(2)) == 4 else first // 100 * 100 + int(match.group(2))
            )
            if first < last <= first + 10:
                found.update(range(first + 1, last + 1))
    return frozenset(found)


def _value(digits: str, scale: str | None) -> float:
    cleaned = re.sub(r"[,. ](?=\d{3}\b)", "", digits).replace(",", ".")
    value = float(cleaned)
    if scale in ("million", "millions", "millones", "mio", "mn", "m"):
        value *= 1_000_000
    elif scale in ("k", "thousand", "mil"):
        value *= 1_000
    return value


def numbers_of(text: str, language: str, symbol_digits: Collection[str]) -> tuple[Number, ...]:
    """The figures a question states, each with the terms next to it (its labels); years, ordinals
    ("24th"), SDG numbers and the digits of document symbols are not figures."""
    folded = fold(text)
    found = []
    for match in NUMBER.finditer(folded):
        digits, scale = match.group(1), match.group(2)
        plain_digits = re.sub(r"\D", "", digits)
        before = folded[max(0, match.start() - 25) : match.start()]
        if plain_digits in symbol_digits or re.search(r"(?:sdg|odd|ods|goal|objectif|objetivo)\s*$", before):
            continue
        if YEAR.fullmatch(digits.strip()) and not scale:
            continue
        if re.match(r"\s*(?:st|nd|rd|th|e|eme|er|o|a)\b", folded[match.end(1) :]) and not scale:
            continue
        after = folded[match.end() : match.end() + 40]
        # Nearest first: the words right after the number, then the two before it.
        labels = dict.fromkeys(
            [*terms_of(tokens_of(after)[:4], language), *terms_of(tokens_of(before)[-2:], language)]
        )
        amount = bool(scale) or bool(re.search(r"(?:usd|\$|eur|€)\s*$", folded[: match.start(1)]))
        found.append(Number(_value(digits, scale), tuple(labels), amount))
    return tuple(found)


# --------------------------------------------------------------------------- the reading


# Phrases whose words mean something alone but nothing together ("quick one", "one more thing").
FILLER_PHRASES = {
    "en": ("quick one", "one more thing", "one more question", "one question", "one last thing",
           "in a sentence or two", "in one sentence", "in a sentence", "in short", "in brief", "in a word",
           "new in the role", "new to the role", "new in my role", "new in this role", "new to this role",
           "in a nutshell", "at the moment", "right now", "as of now", "as of today", "for now",
           "first of all"),
    "fr": ("petite question", "une question", "en ce moment", "a l heure actuelle", "pour l instant"),
    "es": ("una pregunta", "una consulta", "en este momento", "por ahora", "hoy en dia"),
}  # fmt: skip


def _without_filler_phrases(text: str, language: str) -> str:
    folded = " ".join(tokens_of(text))
    for phrase in FILLER_PHRASES.get(language, ()):
        folded = re.sub(rf"\b{phrase}\b", " ", folded)
    return folded


SLACK_MARKUP = re.compile(r"<([^>|]*)(?:\|([^>]*))?>")
EMOJI_CODE = re.compile(r":[a-z0-9_+'-]+:", re.IGNORECASE)


def without_markup(text: str) -> str:
    """Slack's markup as what it shows (a link's label, nothing for a mention) and no emoji codes."""
    return EMOJI_CODE.sub(" ", SLACK_MARKUP.sub(lambda m: m.group(2) or "", text))


PARTY_WORDS = frozenset({"with", "in", "for", "between", "avec", "pour", "entre", "con", "para", "en"})


def parties_named(text: str, known_words: Collection[str], countries: Collection[str]) -> tuple[str, ...]:
    """Names written with a capital after "with", "in", "for" that are a country or unknown to the
    knowledge ("MoUs with Wakanda", "partners in Kenya"; not "in ITCP 2018-2019")."""
    found: list[str] = []
    typed = text.replace(",", " , ").split()
    for position, word in enumerate(typed[1:], start=1):
        before = typed[position - 1].casefold()
        if before in ("the", "la", "le", "el") and position > 1:
            before = typed[position - 2].casefold()
        tokens = tokens_of(word)
        named = before in PARTY_WORDS and word[:1].isupper() and bool(tokens)
        if named and all(token in countries or token not in known_words for token in tokens):
            found.append(tokens[0])

    return tuple(found)


NAMING_YEAR = re.compile(
    r"\b(?:the|of the|a|le|la|les|du|de la|el|los|las|del)\s+"
    r"((?:19|20)\d\d(?:\s*[-/]\s*(?:19|20)?\d\d)?)\s+(?=[a-z])"
)


def naming_years(text: str) -> frozenset[int]:
    """Years written as the name of one of several things ("the 2022 UN Ocean Conference", "the
    2016-2017 ITCP"): a question about that one, not a claim about a date."""
    return frozenset(year for match in NAMING_YEAR.finditer(fold(text)) for year in years_of(match.group(1)))


def _concept_digits(tokens: Sequence[str]) -> frozenset[int]:
    """Numbers that are part of a concept's name ("2030 Agenda"): not years the question asks about."""
    return frozenset(
        int(word) for concept, phrase in read_concepts(tokens) if concept for word in phrase if word.isdigit()
    )


ATTRIBUTE_OF = frozenset({"of", "for", "de", "del", "du", "des", "d"})
WH_WORDS = frozenset({"what", "which", "whats", "where", "who", "how", "tell", "give", "know", "quel",
                      "quelle", "quels", "quelles", "ou", "qui", "comment", "cual", "cuales", "que", "qu",
                      "donde", "quien", "como", "dime", "dites"})  # fmt: skip


ARTICLES = frozenset({"the", "a", "an", "le", "la", "les", "l", "el", "los", "las", "un", "una", "une"})


def unknown_attributes(tokens: Sequence[str], known_terms: Collection[str], language: str) -> tuple[str, ...]:
    """What a question asks "the X of" something for, when the knowledge has no word for X ("the
    office hours of the Section", "the salary of an NKPO"): an attribute the bot does not hold."""
    read = read_concepts(tokens)
    found: list[str] = []
    for position, (concept, phrase) in enumerate(read):
        if concept is not None or phrase[0] not in ATTRIBUTE_OF:
            continue
        before = read[max(0, position - 4) : position]
        content = [(c, p[0]) for c, p in before if c is not None or not is_noise(p[0], language)]
        has_article = any(c is None and p[0] in ARTICLES for c, p in before)
        asking = any(c is None and p[0] in WH_WORDS for c, p in read[max(0, position - 7) : position])
        if not content or not has_article or not asking:
            continue
        head_concept, head = content[-1]
        if head_concept is None and not head.isdigit() and stem(head, language) not in known_terms:
            found.append(head)
            continue
        owner = next(((c, p[0]) for c, p in read[position + 1 : position + 4]
                      if c is not None or not is_noise(p[0], language)), None)  # fmt: skip
        if owner is not None and owner[0] is None and not owner[1].isdigit():
            if stem(owner[1], language) not in known_terms:
                found.append(owner[1])  # "the library of the city": the bot has no city
    return tuple(found)


def unknown_names(
    text: str, known_words: Collection[str], neutral: Collection[str], places: Collection[str]
) -> tuple[str, ...]:
    """Words written with a capital inside a sentence that the knowledge does not know and that are
    not a country or a place the asker is in: the name of something the bot knows nothing of."""
    found: list[str] = []
    for sentence in re.split(r"[.?!:;\n]+|\s-\s", text):
        for position, word in enumerate(sentence.split()):
            if not position or not word[:1].isupper():
                continue
            for token in tokens_of(word):
                if token in known_words or token in neutral or token in places or token.isdigit():
                    continue
                if not is_noise(token, "en") and len(token) > 2:
                    found.append(token)
    return tuple(found)


PLACE_WORDS = frozenset({"from", "in", "at", "to", "de", "depuis", "desde", "en", "au", "a", "à"})


def place_names(text: str) -> frozenset[str]:
    """Names written with a capital after "from", "in", "at" ("greetings from Accra", "in Geneva"):
    where the asker is or was, which says nothing of what is asked when the knowledge does not know
    the place. A capitalised word elsewhere ("the Mars programme", "with Wakanda") is kept."""
    found: set[str] = set()
    words_typed = text.replace(",", " , ").split()
    for position, word in enumerate(words_typed[1:], start=1):
        before = words_typed[position - 1]
        after_place = before.casefold() in PLACE_WORDS or (
            before.casefold() in ("the", "la", "le", "el")
            and position > 1
            and words_typed[position - 2].casefold() in PLACE_WORDS
        )
        in_a_name = bool(found & set(tokens_of(before)))  # "from Port Louis": Louis too
        if word[:1].isupper() and (after_place or in_a_name):
            found.update(tokens_of(word))

    return frozenset(found)


def read_question(
    text: str,
    known_words: Collection[str],
    symbol_digits: Collection[str] = (),
    neutral: Collection[str] = (),
    known_terms: Collection[str] = (),
    language: str | None = None,
) -> Reading:
    """Read `text` against the words the knowledge holds (`known_words`, for misspellings), the
    digit groups of document symbols (`symbol_digits`, which are not figures) and words that say
    nothing of what is asked (`neutral`: country names, as in "greetings from Vanuatu")."""
    asked, text = text, without_markup(text)
    language = language or detect_language(text)
    raw = [SHORTHAND.get(token, token) for token in tokens_of(_without_filler_phrases(text, language))]
    tokens: list[str] = []
    corrections: list[tuple[str, str]] = []
    named = place_names(text)

    for token in raw:
        if (token in neutral or token in named) and token not in known_words:
            continue

        if (
            token not in known_words
            and not token.isdigit()
            and len(token) >= 4
            and not is_noise(token, language)
            and stem(token, language) not in known_terms
        ):
            fixed = closest(token, known_words)
            if fixed is not None:
                corrections.append((token, fixed))
                token = fixed
        tokens.append(token)
    plain = plain_text(text)
    for typed, fixed in corrections:
        plain = re.sub(rf"\b{re.escape(typed)}\b", fixed, plain)
    asks = _matching(ASKS, plain)
    cues = set(_matching(CUES, plain))
    terms = terms_of(tokens, language)
    if "@regular_budget" in terms:
        asks = asks - {"amount"}
    unknown = tuple(
        term for term in terms if not term.startswith("@") and term not in known_words and term.isalpha()
    )
    return Reading(
        text=asked,
        language=language,
        tokens=tuple(tokens),
        terms=tuple(terms),
        unknown=unknown,
        asks=asks,
        cues=frozenset(cues),
        years=years_of(text) - _concept_digits(tokens),
        named_years=naming_years(text) - _concept_digits(tokens),
        unknown_attributes=unknown_attributes(tokens, known_terms, language),
        unknown_names=unknown_names(text, known_words, neutral, named),
        numbers=numbers_of(text, language, symbol_digits),
        corrections=tuple(corrections),
        parties=parties_named(text, known_words, neutral),
    )
