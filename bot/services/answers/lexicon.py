"""The words a question is read with, by language: function words, filler, and the patterns that say
what a question asks for (a count, a date...) or what makes it one to decline (advice, a forecast,
a breakdown). Data only: bot.services.answers.reading applies it.

Patterns are matched against the question folded to lower-case words without accents, single
spaces and the signs ? = + kept ("What's the TC budget?" -> "what s the tc budget ?"). `any` holds
the patterns of every language.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words by language: enough to tell which of the three a question is written in.
FUNCTION_WORDS = {
    "en": words(
        """the is are what how many where who which does do of and was were has have there this that
        with for from about can you please much when plus together total than then also just only
        not no per vs or any all there here it its"""
    ),
    "fr": words(
        """le les des du est sont une combien quel quelle quels quelles qui comment ou pourquoi vous
        nous je il elle avec pour dans sur qu au aux ce cette ces mon notre nos votre leur quoi
        estce etait ont peut faut bonjour merci svp pas ne tres mais aussi y ca c veut dire signifie
        sigle voici voila alors donc cela etaient avez avons peux veux dois doit sommes suis jai cest
        quest quelles lesquels aupres chez vers selon depuis pendant aucun aucune chaque rien
        beaucoup peu meme maintenant encore deja oui genre truc ouais bah ben parce puisque lorsque
        durant malgre existe existent couvre couvrent peuvent pourrait devrait doivent voulons savez
        sais quelqu"""
    ),
    "es": words(
        """el los las es son una cuantos cuantas cuanto como donde por para hay con del y quien cual
        cuales fue era esta estan mi nuestro nuestra su sus hola gracias porfa favor tiene tienen
        puedo muy pero tambien cuando sobre entre al lo significa quiere decir sirve necesito hacer
        porque entonces eso esto esa ese aqui ahi dice sabe saber siglas sigla tengo tenemos somos
        estoy estamos hasta desde usted ustedes nosotros soy eres alguna alguno algunos algunas algun
        otro otra otros otras cada todo toda todos todas nada nadie ningun ninguna mucho mucha muchos
        muchas poco poca pocos pocas mismo misma ahora todavia pues bueno vale oye mira asi segun
        durante mediante tras hacia pone ponen tienes puede pueden podria deberia debe deben quiero
        queremos sabes existe existen"""
    ),
}
# Letters only one of the two other languages writes ("é" is both French and Spanish).
ACCENTS = {"fr": set("èêàçùûôîœëï"), "es": set("ñ¿¡áíóú")}

# PostgreSQL's English stop words are in bot.services.vocabulary (search drops them too).
STOPWORDS_OF = {
    "fr": words(
        """le la les l un une des du de d au aux a et ou est sont etait etaient ete ce cet cette ces
        qui que qu quoi dont il elle ils elles on nous vous je j me te se s mon ma mes ton ta tes son
        sa ses notre nos votre vos leur leurs y en ne pas plus par pour sur dans avec sans sous entre
        vers chez comme mais donc car si tout tous toute toutes ai as avons avez ont fait faire sera
        seront etre avoir quel quelle quels quelles combien comment quand pourquoi lequel laquelle
        lesquels cela ca c n t"""
    ),
    "es": words(
        """el la los las lo un una unos unas de del al a y e o u en es son era eran fue fueron ser estar

        esta estan este esto estos estas ese esa esos esas que quien quienes cual cuales cuanto cuanta
        cuantos cuantas como cuando donde por para con sin sobre entre hasta desde se su sus mi mis
        tu tus nuestro nuestra nuestros nuestras le les me te nos no si mas muy ya hay ha han he
        hemos tiene tienen tener hace hacer eso soy alguna alguno algunos algunas algun"""
    ),
}
# Words that carry no meaning a fact could match: greetings, politeness, hedges, office context,
# present-time words ("right now", "currently"), and the words that only say what kind of answer
# is wanted. Never terms.
FILLER = {
    "en": words(
        """hi hello hey hiya dear good morning afternoon evening greetings everyone all team folks guys
        pls plz please thanks thank thx ty cheers kindly sorry apologies obvious silly dumb question
        questions quick quickly query wondering wonder curious asking ask tell told say says said
        know knew let me us i im i'm ive we our ours my mine you your u ur yall anyone someone
        somebody help need needs needed want wanted would could might may must can shall just really
        actually exactly basically simply briefly short shortly nutshell summary summarise summarize
        sentence words word simple plain terms exact roughly approximately approx about around like
        etc ok okay yes yeah yep yea nope lol haha hmm btw fyi asap rn atm now currently current
        today nowadays moment present presently right latest recent recently still yet again also
        too either anyway though thing things stuff something anything everything bit lot lots much
        many some any sort way ways maybe perhaps probably sure check confirm confirmation verify
        correct correctly accurate accurately true wrong indeed fact understand understanding
        understood heard hear think thought believe believed remember recall mistaken mistake assume
        assumed guess seem seems seemed fair saying colleague colleagues boss minister ministry
        ministers deputy director general dg ps pm government administration office department unit
        authority agency delegation delegate briefing brief note notes report reports paper papers
        speech table row draft drafting preparing prepare prepared writing write minutes foreword
        letter letters email mail memo presentation slides slide internal national new newly
        appointed country countries state states capital side go going get got gets give gives given
        giving find found see look looking show showing explain explaining describe mean means
        meaning stand stands full information info details detail detailed specific specifically
        regarding concerning related relating respect regard reference refer referring point points
        number numbers figure figures total count counts amount date dates year years when trying try
        tried supposed several various multiple whole entire overall exist exists existing available
        possible possibly generally usually normally typically officially official formally properly
        compare compared comparison versus vs category categories largest smallest biggest main
        major particular certain mention mentions mentioned since work works working reporting
        relevant important significant crucial essential change changed changes personnel contain
        contains containing continent two three four five people channel objective objectives aim
        aims purpose purposes half third quarter majority share proportion percentage part parts
        fraction problem problems issue issues solve solving solved meant intended tackle deal deals
        dealing run runs running handle handles handling manage manages managing old older oldest
        outdated honestly nobody expected wasn isn doesn didn aren weren hasn haven couldn wouldn
        shouldn won aside leaving catchphrase slogan motto tagline fundamentally essentially hola ola
        bonjour salut ciao salaam namaste english french spanish language languages anglais ingles
        else context intern interns boss apart besides plain"""
    ),
    "fr": words(
        """bonjour salut bonsoir coucou bjr cc merci svp stp sil plait veuillez pardon desole desolee
        excuse excusez question rapide petite vite bien alors donc voila juste vraiment exactement
        actuellement maintenant aujourd hui present moment encore toujours deja aussi collegue
        collegues ministre ministere directeur directrice chef gouvernement administration bureau
        service rapport note discours presentation lettre courriel nouveau nouvelle nomme nommee
        poste pays etat etats besoin voudrais voulais aimerais souhaite souhaiterais pouvez pourriez
        pourrait peux puis dire savoir connaitre confirmer confirmez verifier vrai correct exact
        raison croire crois pense pensais entendu rappeler chiffre chiffres nombre nb total montant
        info information informations detail details precis precise concernant propos sujet regard
        truc chose choses exactement concretement concrètement bref resume resumer oublie oubliee
        jour date annee annees quand vise viser sert servir objet but dernier derniere derniers
        nouvelles expliquer explique explication mot mots categorie categories jai cest quest deja
        oublie oubliee ya voit partout ancien ancienne remplace remplacer informee informe"""
    ),
    "es": words(
        """hola buenos buenas dias tardes noches saludos gracias porfa favor disculpa disculpe perdon
        pregunta rapida rapido consulta duda bueno pues entonces solo justo realmente exactamente
        actualmente ahora ahorita hoy momento actual todavia aun ya tambien colega colegas ministro
        ministra ministerio director directora jefe gobierno administracion oficina informe nota
        discurso presentacion carta correo nuevo nueva nombrado nombrada rol puesto pais paises
        estado estados necesito necesitamos quisiera queria gustaria puede podria puedes podrias
        decir saber conocer confirmar confirma verificar verdad correcto cierto exacto creo pensaba
        escuche recordar cifra cifras numero total monto info informacion detalle detalles preciso
        sobre respecto tema jeje jaja ok vale cosa cosas concretamente resumen resumir olvide fecha
        ano anos cuando sirve servir objeto ultimo ultima explicar explica palabra palabras
        categoria categorias disculpen molestia preparando preparo viceministro viceministra
        necesito necesitamos saber plata tonta tonto exactamente usa uso citar cita vi visto
        documento insiste insistir tanto dic porfi tengo entendido equivoco equivoque asi activas activos
        activa activo"""
    ),
}
# Phrases whose words mean something alone but nothing together ("quick one", "one more thing").
FILLER_PHRASES = {
    "en": ("quick one", "one more thing", "one more question", "one question", "one last thing",
           "in a sentence or two", "in one sentence", "in a sentence", "in short", "in brief", "in a word",
           "new in the role", "new to the role", "new in my role", "new in this role", "new to this role",
           "in a nutshell", "at the moment", "right now", "as of now", "as of today", "for now",
           "first of all"),
    "fr": ("petite question", "une question", "en ce moment", "a l heure actuelle", "pour l instant",
           "en bref", "en resume", "en deux mots", "en quelques mots", "c est quoi", "qu est ce que",
           "qu est ce qu", "est ce que", "est ce qu", "ce truc", "au fait", "s il vous plait",
           "s il te plait", "a jour"),
    "es": ("una pregunta", "una consulta", "en este momento", "por ahora", "hoy en dia", "en resumen",
           "en pocas palabras", "por favor", "o sea", "si no me equivoco", "tengo entendido", "es asi"),
}  # fmt: skip
# Chat shorthand for function words, so that "hw many r in force" reads as it is meant.
SHORTHAND = {
    "hw": "how", "wht": "what", "wat": "what", "wats": "what", "r": "are", "u": "you", "ur": "your",
    "abt": "about", "pls": "please", "plz": "please", "qn": "question", "yr": "year", "yrs": "years",
    "nb": "nombre", "qd": "quand", "pq": "pourquoi", "bcp": "beaucoup", "tb": "tambien", "xq": "porque",
    # the same thing in the words the knowledge uses ("acuerdos vigentes" are "en vigor")
    "vigentes": "vigor", "vigente": "vigor", "arreglos": "acuerdos", "arreglo": "acuerdo",
}  # fmt: skip

# What is counted, not measured in money: "how much MoU" asks a count.
COUNTED = (
    r"(?:programmes?|arrangements?|agreements?|partnerships?|"
    r"mous?|loas?|ipas?|memorand\w*|framework|letters?)"
)

# What a question asks for, besides what something is. By language, and `any` for all.
ASKS: dict[str, dict[str, tuple[str, ...]]] = {
    "count": {
        "en": (r"\bhow many\b", r"\bnumber of\b", rf"\bhow much {COUNTED}", r"\bcount of\b",
               r"\btotal (?:number|count)\b", r"\bbreakdown\b", r"\btally\b", r"\boutnumber\w*\b",
               r"\bthe (?:\w+ )?count\b", r"\b(?:are|is) left\b"),
        "fr": (r"\bcombien\b", r"\bnombre (?:de|d|des|total)\b", r"\bnombre\b.*\?", r"\brepartition\b",
               r"\bdecompte\b"),
        "es": (r"\bcuant[oa]s\b", r"\bnumero de\b", r"\bcantidad de\b", r"\bdesglose\b", r"\btotal de\b"),
    },
    "amount": {
        "en": (rf"\bhow much\b(?! {COUNTED})", r"\b(?:the|its|their|total|overall|approved|whole|itcp|tc) (?:\w+ )?budget\b",
               r"\bbudget (?:was|is|of|amount|figure)\b", r"\bamount\b", r"\b(?:monetary|financial|total|dollar) value\b",
               r"\bworth\b", r"\b(?:how much|the most|amount of) money\b", r"\bfunding of\b", r"\bcost\b",
               r"\bfinancial envelope\b", r"\ballocation\b", r"\bdollars?\b"),
        "fr": (r"\bmontant\b", r"^budget\b", r"\bbudget (?:du |de l )?(?:itcp|pict)\b", r"\b(?:le|du|son|leur|total du) (?:\w+ )?budget\b", r"\bbudget (?:etait|est|de|du)\b",
               r"\bcombien d argent\b", r"\bvaleur\b", r"\benveloppe\b", r"\bcombien (?:a coute|coute)\b"),
        "es": (r"\b(?:el|del|su) (?:\w+ )?presupuesto\b", r"\bmas presupuesto\b", r"\bpresupuesto (?:fue|es|era|de|del)\b", r"\bmonto\b",
               r"\bimporte\b", r"\bcuanto dinero\b", r"\bcuanta plata\b", r"\bmas plata\b", r"\bvalor\b",
               r"\bdolares\b"),
        "any": (r"\busd\b", r"\bmillions?\b", r"\bmillones\b"),
    },
    "date": {
        "en": (r"(?:^|[?.,;:!] )when\b", r"\bwhen (?:was|is|were|did|does|do|are|will|has|had)\b",
               r"\bwhen and where\b", r"\bwhat year\b", r"\bwhich year\b", r"\bwhat date\b", r"\bwhich date\b",
               r"\bdates?\b", r"\bsince when\b", r"\bas of when\b"),
        "fr": (r"\bquand\b", r"\bquelle annee\b", r"\ben quelle annee\b", r"\bquelle date\b", r"\bdepuis quand\b",
               r"\ba quelle date\b", r"\bde quand\b", r"\bdate\b", r"\bannee\b"),
        "es": (r"\bcuando\b", r"\bque ano\b", r"\ben que ano\b", r"\bque fecha\b", r"\bfecha\b", r"\bdesde cuando\b",
               r"\bde cuando\b", r"\bano de\b"),
    },
    "deadline": {
        "en": (r"\bdeadline\b", r"\bdue date\b", r"\bby when\b", r"\bclosing date\b"),
        "fr": (r"\bdate limite\b", r"\bdelai\b", r"\becheance\b"),
        "es": (r"\bfecha limite\b", r"\bplazo\b"),
    },
    "entry_into_force": {
        "en": (r"\b(?:enter|entered|enters|entry|came|come|comes) into force\b", r"\bin force since\b"),
        "fr": (r"\bentree en vigueur\b", r"\bentre en vigueur\b", r"\bentree? en vigueur\b"),
        "es": (r"\bentrada en vigor\b", r"\bentro en vigor\b"),
    },
    "place": {
        "en": (r"\bwhere (?:was|were|is|will|did)\b.*\b(?:held|hosted|take place|took place|located|organi[sz]ed)\b",
               r"\bwhen and where\b", r"\bwhich cit(?:y|ies)\b", r"\bwhat cit(?:y|ies)\b", r"\bvenue\b",
               r"\bin which country\b"),
        "fr": (r"\bou (?:a eu lieu|s est tenue|se tenait|se tient|etait|se trouvent|sont situes)\b",
               r"\bquelles? villes?\b", r"\bquand et ou\b", r"\bdans quelle ville\b"),
        "es": (r"\bdonde (?:fue|se celebro|tuvo lugar|se realizo|se llevo|estan)\b", r"\bque ciudad(?:es)?\b",
               r"\bcuando y donde\b", r"\ben que ciudad\b"),
    },
    "person": {
        "en": (r"\bname of (?:the )?(?:head|director|chief|person|secretary|nkpo|signatory|officer|focal)",
               r"\bthe name\b", r"\bwho signed\b", r"\bsigned (?:it|the \w+ )?(?:for|on)\b", r"\bsignatory\b",
               r"\bhead of\b", r"\bwho (?:heads|leads|runs|chairs|is in charge)\b", r"\bchair(?:s|ed|person)? of\b",
               r"\bcontact (?:details|person)\b", r"\be ?mail address\b", r"\bphone\b",
               r"\bwho is (?:the )?(?:current |our )?(?:nkpo|head|director|chief)",
               r"\bwho (?:is|are) (?:the )?(?:nkpos?|focal point)\b", r"\bwho is (?:the )?secretary general\b",
               r"\bwhich secretary general\b", r"\bwho (?:is|was) (?:currently )?\w+ s (?:designated )?nkpo\b",
               r"\bwho (?:is|s|are) (?:the |our |your )?(?:\w+ ){0,3}(?:secretary general|officers?|officials?|director|head|chief|president|chair|minister|manager|coordinator|focal point|contact person|in charge|responsible)\b"),
        "fr": (r"\bnom (?:du|de la|de l)\b", r"\bqui a signe\b", r"\bsignataire\b", r"\bchef (?:de|du)\b",
               r"\bqui (?:est|preside|dirige) (?:le|la) (?:nkpo|chef|directeur|directrice|responsable|comite)",
               r"\bcoordonnees\b", r"\bquel secretaire general\b", r"\bqui est (?:le|la) nkpo\b",
               r"\bqui preside\b", r"\bqui dirige\b",
               r"\bqui (?:est|sont) (?:l |le |la |les )?(?:\w+ ){0,3}(?:secretaire general|responsables?|directeur|directrice|chef|president|presidente|point focal|charge|chargee|coordinat\w+|interlocut\w+|contact|fonctionnaire|agent)\b"),
        "es": (r"\bnombre del? (?:jefe|jefa|director|directora|nkpo|secretario|responsable|firmante)",
               r"\bquien firmo\b", r"\bfirmante\b", r"\bjefe\b", r"\bjefa\b",
               r"\bquien es (?:el|la) (?:nkpo|jefe|jefa|director|directora|responsable)", r"\bdatos de contacto\b",
               r"\bque secretario general\b", r"\bquien preside\b", r"\bquien dirige\b", r"\bcomo se llama\b",
               r"\bquien(?:es)? (?:es|son) (?:el |la |los |las )?(?:\w+ ){0,3}(?:secretari[oa] general|responsables?|director|directora|president[ea]|punto focal|encargad[oa]s?|coordinador\w*|contacto|oficial|funcionari[oa])\b"),
    },
    "names": {
        "en": (r"\bnames? (?:of )?(?:the |all )?(?:\d+ )?(?:partners?|organi[sz]ations?|countries|donors|members?|governments?)",
               r"\bname (?:the|all|them)\b", r"\bby name\b",
               r"\blist (?:all |of )?(?:the )?(?:\d+ |\w+ )?(?:\w+ )?(?:partners?|organi[sz]ations?|donors|countries|programmes)\b",
               r"\b(?:partners?|organi[sz]ations?|donors|countries) names\b",
               r"\bwho are the (?:\d+ )?(?:\w+ )?(?:partners?|donors|organi[sz]ations?|signatories|members)\b",
               r"\bwhich (?:organi[sz]ations?|partners|donors|governments|states) (?:are|have|signed|belong)\b",
               r"\bwhich countries\b", r"\bsignatories\b"),
        "fr": (r"\bsignataires\b", r"\bquels pays\b", r"\bnoms? des\b", r"\bles noms\b",
               r"\bliste des (?:\d+ )?(?:partenaires|organisations|pays|donateurs|programmes)\b", r"\bnommer les\b",
               r"\bquels sont les \d+\b", r"\bquels (?:sont les )?(?:partenaires|donateurs|organismes)\b"),
        "es": (r"\bfirmantes\b", r"\bque paises\b", r"\bnombres de (?:los )?(?:\d+ )?", r"\blos nombres\b",
               r"\blista de (?:los )?(?:\d+ )?(?:socios|organizaciones|paises|donantes|programas)\b",
               r"\bnombrar (?:a )?los\b", r"\bcuales son los \d+\b", r"\bque (?:socios|donantes|organizaciones)\b"),
    },
    "expansion": {
        "en": (r"\bstands? for\b", r"\bshort for\b", r"\bfull form\b", r"\bacronyms?\b", r"\babbreviation\b",
               r"\bmeaning\b", r"\bwhat does \w+ mean\b", r"\bmeans\b", r"\bmean\b", r"\bspell(?:ed)? out\b",
               r"\bunabbreviated\b", r"\bexpand\b", r"\bfull name\b", r"^what (?:is|s) (?:an? |the )?[a-z]{2,6} ?\?"),
        "fr": (r"\bsignifie\b", r"\bveut dire\b", r"\bsignification\b", r"\bsigle\b", r"\bacronyme\b",
               r"\bdeveloppe\b", r"\ben toutes lettres\b"),
        "es": (r"\bsignifica\b", r"\bquiere decir\b", r"\bsignificado\b", r"\bsiglas?\b", r"\bacronimo\b",
               r"\bdesarrollo de las siglas\b", r"\bcomo se dice\b.*\bcompleto\b", r"\bnombre completo\b"),
        "any": (r"=\s*\?",),
    },
    "process": {
        "en": (r"\bhow (?:do|can|should|does|would|to)\b", r"\bprocedure\b", r"\bprocess (?:for|to)\b", r"\bsteps?\b"),
        "fr": (r"\bcomment (?:faire|designer|nommer|on|puis|peut|peuvent|doit|doivent|proceder)\b", r"\bdemarche\b",
               r"\bprocedure\b", r"\betapes?\b"),
        "es": (r"\bcomo (?:se|puedo|podemos|hago|hacemos|designo|designar|nombrar|nombro)\b", r"\bprocedimiento\b",
               r"\bpasos?\b", r"\btramite\b"),
    },
    "find": {
        "en": (r"\bwhere (?:can|do|could|would|should) (?:i|we|one|you) (?:find|get|download|see|read|obtain)\b",
               r"\bwhere is (?:the )?\w+", r"\bwhere are\b", r"\blink to\b", r"\bcopy of\b", r"\bdownload\b"),
        "fr": (r"\bou (?:trouver|puis je trouver|se trouve|peut on trouver|est)\b", r"\btelecharger\b"),
        "es": (r"\bdonde (?:encuentro|puedo encontrar|esta|se encuentra|consigo|hallo)\b", r"\bdescargar\b"),
    },
    "who": {
        "en": (r"^who\b", r"\bwho (?:is|are|does|do|posts|maintains|keeps)\b",
               r"\bwhich (?:office|unit|section|department|body|part)\b", r"\bwhose\b"),
        "fr": (r"\bqui\b", r"\bquel (?:service|bureau|organe)\b", r"\bquelle section\b", r"\bde qui\b"),
        "es": (r"\bquien(?:es)?\b", r"\bque (?:oficina|seccion|departamento|organo)\b", r"\bde quien\b"),
    },
}  # fmt: skip

# What makes a question one the bot declines whatever it knows, or answers by a small step.
CUES: dict[str, dict[str, tuple[str, ...]]] = {
    "advice": {
        "en": (r"\bin your (?:opinion|view)\b", r"\bdo you think\b", r"\byour (?:opinion|view|advice)\b",
               r"\b(?:been|is|was|are|were) (?:it |they )?(?:effective|successful|working|useful)\b",
               r"\bis it worth\b", r"\bcomplian\w* with\b", r"\b(?:is|are) (?:it|our|this|the) (?:\w+ )?compliant\b",
               r"\breview (?:our|my|the|this) (?:draft|law|text|proposal)\b", r"\bpaste the text\b",
               r"\bdraft (?:national )?(?:\w+ )?(?:law|legislation|bill)\b.*\?", r"\blegally\b", r"\blegal advice\b",
               r"\blegal (?:consequences|action|obligations?|implications|risks?)\b", r"\bliab\w+\b",
               r"\bsanction\w*\b", r"\bpenalt\w+\b", r"\bbinding\b", r"\bconstitution\b", r"\bparliament\w*\b",
               r"\bcabinet\b", r"\bpolitically\b", r"\brecommend\w*\b", r"\bbest for us\b",
               r"\bor wait\b", r"\bwithout going\b", r"\bis it wise\b",
               r"(?<!kindly )(?<!please )(?<!pls )\badvi[sc]e\b",
               r"\bshould (?:we|i|our|my) (?:sign|ratify|join|prioriti[sz]e|insist|accept)\b",
               r"\b(?:can|may|could) (?:i|we) (?:sign|ratify)\b", r"\bfull powers\b"),
        "fr": (r"\ba votre avis\b", r"\bpensez vous\b", r"\bselon vous\b", r"\bd apres vous\b", r"\bconforme\b", r"\befficace\b",
               r"\bjuridiquement\b", r"\blegalement\b", r"\bcontraignant\w*\b", r"\bparlement\b",
               r"\bpolitiquement\b", r"\bconseill\w*\b", r"\brecommand\w*\b", r"\bdevrions nous\b",
               r"\bvaut il mieux\b", r"\bavis juridique\b", r"\bconsequences juridiques\b", r"\bsanctions?\b",
               r"\b(?:puis je|pouvons nous|peut on|puis je moi meme) signer\b", r"\bpleins pouvoirs\b"),
        "es": (r"\ben (?:tu|su) opinion\b", r"\b(?:puedo|podemos|puede) (?:yo )?firmar\b", r"\bplenos poderes\b", r"\bcrees que\b", r"\bque opinas\b", r"\bopinas\b", r"\bcree usted\b", r"\beficaz\b", r"\bjuridicamente\b",
               r"\blegalmente\b", r"\bvinculante\b", r"\bparlamento\b", r"\bpoliticamente\b", r"\baconsej\w*\b",
               r"\brecomiend\w*\b", r"\bdeberiamos\b", r"\bconviene\b", r"\bes mejor\b", r"\bsanciones?\b",
               r"\bconsecuencias juridicas\b"),
    },
    "future": {
        "en": (r"\bwill\b", r"\bnext\b", r"\bupcoming\b", r"\bgoing to be\b", r"\bexpect\w*\b", r"\blikely\b",
               r"\bforecast\w*\b", r"\bpredict\w*\b", r"\bin the future\b", r"\bby (?:the )?end of 20\d\d\b",
               r"\byou think\b"),
        "fr": (r"\bsera\b", r"\bseront\b", r"\bva t (?:il|elle)\b", r"\b(?:va|vont) (?:t (?:il|elle) )?\w+(?:er|ir|re)\b",
               r"\bl an prochain\b", r"\bfutur\w*\b", r"\bprevo\w*\b", r"\bprevision\w*\b", r"\bproch\w+\b",
               r"\ba l avenir\b", r"\bd ici (?:la fin de )?20\d\d\b", r"\bpensez vous\b", r"\bprobable\w*\b"),
        "es": (r"\bseran?\b", r"\bva a ser\b", r"\b(?:va|van|vamos) a \w+(?:ar|er|ir)\b", r"\bhabra\b", r"\bfutur[oa]\b",
 r"\bpreve\b", r"\bproxim\w+\b", r"\ben el futuro\b",
               r"\bpara (?:finales de |fines de )?20\d\d\b", r"\bcrees que\b", r"\bprobable\w*\b"),
    },
    "breakdown": {
        "en": (r"\bby (?:country|region|donor|partner|member state|government|continent|year|organi[sz]ation)\b",
               r"\bper (?:country|region|donor|partner|year|member state)\b", r"\beach (?:country|donor|partner|region)\b",
               r"\bsplit\b", r"\bdivided\b", r"\bshare of\b", r"\bwent to\b", r"\blargest share\b",
               r"\bthe most money\b", r"\bwhich donors?\b", r"\bhow many of the \d+\b", r"\bhow much of\b",
               r"\bof the \d+\b", r"\bwith (?:african|asian|european|pacific|caribbean|arab|latin)\b",
               r"\bfrom africa\b", r"\bin africa\b", r"\bpartners from\b", r"\bwith governments\b",
               r"\bwith international organi[sz]ations\b",
               r"\bsigned (?:in|during|so far in) (?:calendar year )?(?:19|20)\d\d\b", r"\bsigned so far\b",
               r"\b(?:largest|biggest|main|top|leading) (?:single )?donors?\b", r"\bwhich (?:countries|governments)\b",
               r"\bby (?:type|kind|category) of (?:partner|organi[sz]ation|donor|country)\b"),
        "fr": (r"\bpar (?:pays|region|donateur|partenaire|annee)\b", r"\bcombien de pays\b", r"\bchaque (?:donateur|pays|partenaire|etat|region)\b", r"\brepartition (?:par|entre) (?!type|nature|categorie)",
               r"\breparti\w* entre\b", r"\bcombien (?:des|de ces|parmi)\b", r"\bparmi les\b", r"\bquelle part\b",
               r"\bavec les gouvernements\b", r"\bafricain\w*\b", r"\bsignees? en (?:19|20)\d\d\b",
               r"\bquel donateur\b", r"\bdonateurs?\b.*\bplus\b", r"\ballees? a\b", r"\bsur les \d+\b",
               r"\bavec (?:le|la|l) [a-z]+\b.*\bsigne\b"),
        "es": (r"\bpor (?:pais|region|donante|socio|ano)\b", r"\bcada (?:donante|pais|socio|estado|region)\b",
 r"\bdesglose (?:por|entre) (?!tipo|naturaleza|categoria)",
               r"\bdistribuid\w* entre\b", r"\brepartid\w* entre\b", r"\bcuant[oa]s de (?:los|las|esos|estos)\b",
               r"\bde los \d+\b", r"\bde las \d+\b", r"\bque parte\b", r"\bcon (?:los )?gobiernos\b",
               r"\bafrican[oa]s\b", r"\bfirmad[oa]s en (?:19|20)\d\d\b", r"\bdonantes?\b.*\b(?:mas|mayor)\b",
               r"\bse firmaron (?:en|durante)\b", r"\bnuevos\b.*\b(?:19|20)\d\d\b"),
    },
    "sum": {
        "en": (r"\bplus\b", r"\btogether\b", r"\bcombined\b", r"\bcombining\b", r"\bsum\b", r"\badd(?:ed)? up\b",
               r"\bin total\b"),
        "fr": (r"\bensemble\b", r"\bau total\b", r"\bcumul\w*\b", r"\badditionn\w*\b", r"\bplus\b.*\bensemble\b"),
        "es": (r"\bjuntos\b", r"\bjuntas\b", r"\ben total\b", r"\bsumad[oa]s?\b", r"\bsuma\w*\b", r"\bmas\b(?!\s+(?:que|de)\b)"),

        "any": (r"\+",),
    },
    "difference": {
        "en": (r"\bmore than\b", r"\bexceed\w*\b", r"\bdifference\b", r"\bfewer\b", r"\bless than\b", r"\bminus\b",
               r"\bhow many more\b", r"\bgap\b", r"\boutnumber\w*\b"),
        "fr": (r"\bde plus que\b", r"\bde moins que\b", r"\bdifferen\w*\b", r"\becart\b", r"\bcombien de plus\b",
               r"\bplus de\b.*\bque\b"),
        "es": (r"\bmas que\b", r"\bmenos que\b", r"\bdiferencia\b", r"\bcuant[oa]s mas\b"),
    },
    "complement": {
        "en": (r"\bnot (?:\w+ )?(?:mous?|memorand\w*|framework|loas?|letters?|ipas?|implementing)\b",
               r"\bother than\b", r"\bexcluding\b", r"\bapart from\b", r"\bbesides\b", r"\bnon\b",
               r"\b(?:leaving|setting) aside\b", r"\bexclud\w*\b"),
        "fr": (r"\bautres que\b", r"\bhors\b", r"\bsans compter\b", r"\bne sont pas\b", r"\ben dehors des?\b"),
        "es": (r"\bdistint[oa]s de\b", r"\b(?:que )?no son\b", r"\bsin contar\b", r"\bexcepto\b", r"\baparte de\b"),
    },
    "yes_no": {
        "en": (r"^(?:is|are|was|were|does|do|did|has|have|can|could|would|will)\b", r"\bright\s*\??$",
               r"\bcorrect\s*\??$", r"\bisn t it\b", r"\bdoesn t it\b", r"\bis that right\b", r"\bis that correct\b",
               r"\bcan you confirm\b", r"\byes\s*\??$", r"\byea\s*\??$", r"\bno\s*\?$", r"\bi think\b", r"\bi heard\b",
               r"\bif i remember\b", r"\bif i m not mistaken\b", r"\bi understand\b", r"\bis it true\b"),
        "fr": (r"\bn est ce pas\b", r"\bc est ca\b", r"\bc est bien\b", r"\bvrai\b", r"\bcorrect\b", r"\bexact\b",
               r"(?<!qu )\best ce que\b", r"\bnon\s*\?$", r"^(?!.*\b(?:combien|quel\w*|comment|pourquoi|quand|qui|que|qu|ou)\b).*\b\w+ t (?:il|elle|ils|elles|on)\b",

 r"\bhein\s*\?$", r"\bje crois\b", r"\bj ai entendu\b"),
        "es": (r"\bverdad\b", r"\bcierto\b", r"\bcorrecto\b", r"\bno es asi\b", r"\bes asi\b",
               r"^(?:es|son|fue|hay|tiene)\b", r"\bno\s*\?$", r"\bcreo que\b", r"\bescuche que\b"),
    },
    "discussion": {  # what members said (the old Yammer group's history)
        "en": (r"\b(?:say|said|says|discuss\w*|wrote|thread|threads|anyone|anybody|yammer|colleagues)\b",),
        "fr": (r"\b(?:dit|disaient|discut\w*|ecrit|fil|yammer|quelqu un|collegues)\b",),
        "es": (r"\b(?:dijo|dijeron|dicho|discut\w*|escribi\w*|hilo|yammer|alguien|colegas)\b",),
    },
    "kind_of": {
        "en": (r"\b(?:which|what) (?:\w+ )?(?:type|kind|sort|category|form) of (?:\w+ )?(?:arrangement|agreement|instrument|partnership|support)",
               r"\b(?:which|what) (?:\w+ )?(?:arrangement|agreement|instrument)\b", r"\bfall under\b",
               r"\bcount(?:ed)? as\b", r"\btreat(?:ed)? (?:that|this|it)? ?as\b", r"\bwould (?:that|this|it) be\b",
               r"\bis (?:that|this|it) (?:an?|the) (?:loa|mou|ipa|letter|memorandum|framework|implementing)",
               r"\bright instrument\b", r"\bfit (?:any of|in|into|under)\b", r"\bcovers? (?:it|that|this|hosting)\b",
               r"\bunder what\b", r"\bunder which\b", r"\bis (?:that|this|it) (?:financial|in kind)\b",
               r"\bfinancial or in kind\b"),
        "fr": (r"\bquel (?:type|genre) d (?:accord|arrangement|instrument|appui|soutien)\b", r"\bquel accord\b",
               r"\bquel instrument\b", r"\bcompte comme\b", r"\bconsidere comme\b", r"\brelev\w* d\b",
               r"\bau titre d\b", r"\bdans (?:le cadre d|quel cadre)\b", r"\bc est (?:une?|un) (?:lettre|memorandum|accord)",
               r"\bca serait\b", r"\bserait ce\b"),
        "es": (r"\bque (?:tipo|clase) de (?:acuerdo|instrumento|apoyo|arreglo)\b", r"\bque acuerdo\b",
               r"\bque instrumento\b", r"\bcuenta como\b", r"\bse considera\b", r"\ben virtud de\b",
               r"\bcorresponde\b", r"\bseria (?:una?|un) (?:carta|memorando|acuerdo)", r"\bentra en\b"),
    },
}  # fmt: skip

# Small words whose place in a question tells something.
PARTY_WORDS = frozenset({"with", "in", "for", "between", "avec", "pour", "entre", "con", "para", "en"})
PLACE_WORDS = frozenset({"from", "in", "at", "to", "de", "depuis", "desde", "en", "au", "a", "à"})
ATTRIBUTE_OF = frozenset({"of", "for", "de", "del", "du", "des", "d"})
WH_WORDS = frozenset({"what", "which", "whats", "where", "who", "how", "tell", "give", "know", "quel",
                      "quelle", "quels", "quelles", "ou", "qui", "comment", "cual", "cuales", "que", "qu",
                      "donde", "quien", "como", "dime", "dites"})  # fmt: skip
ARTICLES = frozenset({"the", "a", "an", "le", "la", "les", "l", "el", "los", "las", "un", "una", "une"})
# Words that leave the next count out ("not MoUs", "leaving aside the IPAs", "hors MoU").
# Words that deny what follows in a passage ("IMO has no regular budget", "ne dispose d'aucun budget").
DENIALS = frozenset(
    {"no", "not", "nor", "without", "aucun", "aucune", "sans", "ningun", "ninguna", "sin", "ni"}
)
NEGATIONS = frozenset({
"non", "not", "excluding", "exclude", "except", "aside", "without", "besides", "apart", "sauf",
                       "hors", "excepto", "sin", "pas", "exclu", "excluant", "excluyendo", "dehors"})  # fmt: skip
# Words that ask to add counts up ("LoAs plus IPAs", "additionne").
NUMERIC_SUM = frozenset({"plus", "add", "together", "combined", "combining", "sum", "altogether", "ensemble",
                         "juntos", "juntas", "suma", "sumar", "sumados", "additionne", "additionner", "additionnes",
                         "cumules", "mas"})  # fmt: skip
# Words that say "all of them" ("how many in total").
TOTAL_WORDS = frozenset({"total", "all", "altogether", "overall", "tout", "tous", "todos", "todas"})
