"""Demo quizzes mapped to demo criteria: each demo course's final, with every item type (its
essay waits for an instructor's grade), and for the automotive course a four-question quick
check graded at once, whose result sends a trainee to the module teaching what was missed.

Idempotent: items are found by their internal name, quizzes by code; existing ones are left
as they are (an instructor may have edited them). Criteria are looked up by code
(``EC9101.2.5`` = standard EC9101, element 2, criterion 5) in the sample CONOCER framework.
"""

from decimal import Decimal

from django.db import transaction

from competencies.models import Criterion
from courses.models import Course, Module

from .models import Item, ItemCriterion, ItemOption, Quiz, QuizSlot


def T(es: str, en: str) -> dict[str, str]:  # noqa: N802 - reads like a literal
    return {"es": es, "en": en}


def Opt(key, text, *, correct=False, weight="0", feedback=None, match=None):
    return {
        "key": key,
        "text": text,
        "correct": correct,
        "weight": weight,
        "feedback": feedback or T("", ""),
        "match": match or T("", ""),
    }


AUTOMOTIVE = [
    {
        "name": "Par insuficiente en una unión",
        "kind": "single",
        "criteria": {"EC9101.2.4": "1"},
        "stem": T(
            "<p>¿Qué le pasa con más probabilidad a una unión atornillada que quedó con "
            "<b>par insuficiente</b>?</p>",
            "<p>What is most likely to happen to a bolted joint left <b>under-torqued</b>?</p>",
        ),
        "explanation": T(
            "<p>Sin la tensión suficiente, la vibración afloja el tornillo.</p>",
            "<p>Without enough tension, vibration loosens the bolt.</p>",
        ),
        "options": [
            Opt(
                "loosen",
                T("Se afloja con la vibración", "It loosens under vibration"),
                correct=True,
                feedback=T(
                    "Correcto: falta tensión en el tornillo.", "Right: the bolt lacks tension."
                ),
            ),
            Opt(
                "strip",
                T("Se barre la cuerda", "The thread strips"),
                feedback=T("Eso ocurre con par excesivo.", "That happens with over-torque."),
            ),
            Opt(
                "nothing",
                T("Nada, el par no importa", "Nothing, torque does not matter"),
                feedback=T(
                    "El par define la tensión de la unión.", "Torque sets the joint's tension."
                ),
            ),
        ],
    },
    {
        "name": "Conversión lbf·ft a N·m",
        "kind": "numeric",
        "criteria": {"EC9101.2.5": "1"},
        "stem": T(
            "<p>La hoja de operación del proveedor pide <b>40 lbf·ft</b>. ¿Cuántos N·m "
            "ajustas en el torquímetro? (1 lbf·ft = 1.356 N·m)</p>",
            "<p>The supplier's operation sheet asks for <b>40 lbf·ft</b>. How many N·m "
            "do you set on the torque wrench? (1 lbf·ft = 1.356 N·m)</p>",
        ),
        "explanation": T("<p>40 × 1.356 = 54.24 N·m.</p>", "<p>40 × 1.356 = 54.24 N·m.</p>"),
        "numeric": ("54.24", "0.5", "N·m, Nm"),
    },
    {
        "name": "Las 5S y su significado",
        "kind": "matching",
        "criteria": {"EC9101.1.4": "1"},
        "stem": T(
            "<p>Relaciona cada S con lo que se hace en la estación.</p>",
            "<p>Match each S with what is done at the station.</p>",
        ),
        "options": [
            Opt("seiri", T("Seiri", "Seiri"), match=T("Clasificar", "Sort")),
            Opt("seiton", T("Seiton", "Seiton"), match=T("Ordenar", "Set in order")),
            Opt("seiso", T("Seiso", "Seiso"), match=T("Limpiar", "Shine")),
            Opt("seiketsu", T("Seiketsu", "Seiketsu"), match=T("Estandarizar", "Standardize")),
            Opt("shitsuke", T("Shitsuke", "Shitsuke"), match=T("Disciplina", "Sustain")),
        ],
    },
    {
        "name": "Orden de las 5S",
        "kind": "ordering",
        "criteria": {"EC9101.1.4": "0.5"},
        "stem": T(
            "<p>Ordena las 5S en la secuencia en que se aplican.</p>",
            "<p>Put the 5S in the order in which they are applied.</p>",
        ),
        "options": [
            Opt("sort", T("Clasificar", "Sort")),
            Opt("order", T("Ordenar", "Set in order")),
            Opt("shine", T("Limpiar", "Shine")),
            Opt("standard", T("Estandarizar", "Standardize")),
            Opt("sustain", T("Disciplina", "Sustain")),
        ],
    },
    {
        "name": "Defectos que se reportan",
        "kind": "multiple",
        "scoring": "proportional",
        "penalty": "0.5",
        "criteria": {"EC9101.3.4": "1"},
        "stem": T(
            "<p>Según la ayuda visual, ¿cuáles de estos hallazgos son <b>defectos</b> "
            "que se separan y reportan?</p>",
            "<p>According to the visual aid, which of these findings are <b>defects</b> "
            "to set aside and report?</p>",
        ),
        "options": [
            Opt("missing", T("Clip faltante", "Missing clip"), correct=True),
            Opt("seated", T("Conector mal asentado", "Connector not fully seated"), correct=True),
            Opt(
                "stripped",
                T("Tornillo con la cuerda barrida", "Bolt with a stripped thread"),
                correct=True,
            ),
            Opt(
                "label",
                T("Etiqueta de calibración vigente", "Calibration label in date"),
                feedback=T("Es una condición correcta.", "That is a correct condition."),
            ),
            Opt("clean", T("Estación limpia y ordenada", "Clean, orderly station")),
        ],
    },
    {
        "name": "Mensaje claro en la entrega de turno",
        "kind": "true_false",
        "true_false": True,
        "criteria": {"EC9102.2.3": "1"},
        "stem": T(
            "<p>Un mensaje claro de entrega de turno dice qué pasó, dónde, cuándo, quién "
            "lo atiende y qué se necesita.</p>",
            "<p>A clear shift-handover message says what happened, where, when, who is "
            "handling it and what is needed.</p>",
        ),
    },
    {
        "name": "Herramienta con etiqueta de calibración",
        "kind": "short",
        "criteria": {"EC9101.2.4": "0.5"},
        "stem": T(
            "<p>¿Qué herramienta aplica el par especificado y debe tener su etiqueta de "
            "calibración vigente?</p>",
            "<p>Which tool applies the specified torque and must carry an in-date "
            "calibration label?</p>",
        ),
        "options": [
            Opt("wrench", T("torquímetro", "torque wrench")),
            Opt("wrench2", T("llave de torque", "torque driver")),
        ],
    },
    {
        "name": "La llave no da la señal de par",
        "kind": "situational",
        "criteria": {"EC9101.2.6": "1"},
        "stem": T(
            "<p>Faltan diez minutos para el cambio de turno y la línea va atrasada. Tu "
            "torquímetro deja de dar la señal de par alcanzado. ¿Qué haces?</p>",
            "<p>Ten minutes before the shift change, the line is behind. Your torque "
            "wrench stops signalling that torque was reached. What do you do?</p>",
        ),
        "options": [
            Opt(
                "stop",
                T(
                    "Detengo la operación, aviso al líder y separo las piezas dudosas",
                    "I stop, tell the lead and set the doubtful parts aside",
                ),
                weight="1",
                feedback=T(
                    "Responsable: nada sale sin par verificado.",
                    "Responsible: nothing leaves without verified torque.",
                ),
            ),
            Opt(
                "mark",
                T(
                    "Marco las piezas y sigo; el siguiente turno las revisa",
                    "I mark the parts and carry on; the next shift checks them",
                ),
                weight="0.4",
            ),
            Opt(
                "feel",
                T(
                    'Sigo apretando "a mano" para no parar la línea',
                    'I keep tightening "by feel" so the line does not stop',
                ),
                weight="0",
            ),
        ],
    },
    {
        "name": "Entrega de turno con un incidente",
        "kind": "essay",
        "points": "2",
        "criteria": {"EC9102.2.3": "0.5"},
        "stem": T(
            "<p>Durante tu turno se cambió el dado del torquímetro de la estación 4. "
            "Escribe el mensaje con el que entregas el turno.</p>",
            "<p>During your shift the socket of the station 4 torque wrench was "
            "replaced. Write the message you hand the shift over with.</p>",
        ),
        "model_answer": T(
            "Qué: se cambió el dado; dónde: estación 4; cuándo: 14:20; quién: "
            "mantenimiento; qué se necesita: verificar el par en las primeras "
            "cinco piezas.",
            "What: the socket was replaced; where: station 4; when: 14:20; who: "
            "maintenance; what is needed: verify torque on the first five parts.",
        ),
    },
]

SEMICONDUCTOR = [
    {
        "name": "Secuencia de vestido de cuarto limpio",
        "kind": "ordering",
        "criteria": {"EC9103.1.2": "0.5"},
        "stem": T(
            "<p>Ordena el vestido para cuarto limpio, de arriba hacia abajo.</p>",
            "<p>Order the cleanroom gowning steps, from top to bottom.</p>",
        ),
        "options": [
            Opt("hood", T("Cofia", "Hood")),
            Opt("mask", T("Cubrebocas", "Face mask")),
            Opt("coverall", T("Overol", "Coverall")),
            Opt("boots", T("Botas", "Boots")),
            Opt("gloves", T("Guantes", "Gloves")),
        ],
    },
    {
        "name": "Clases ISO 14644-1",
        "kind": "single",
        "criteria": {"EC9103.1.2": "1"},
        "stem": T(
            "<p>¿Qué cuarto limpio admite <b>menos</b> partículas por metro cúbico?</p>",
            "<p>Which cleanroom allows <b>fewer</b> particles per cubic metre?</p>",
        ),
        "options": [
            Opt("iso5", T("ISO clase 5", "ISO class 5"), correct=True),
            Opt("iso7", T("ISO clase 7", "ISO class 7")),
            Opt("iso8", T("ISO clase 8", "ISO class 8")),
        ],
    },
    {
        "name": "Partículas ISO 7 frente a ISO 5",
        "kind": "numeric",
        "criteria": {"EC9103.1.2": "0.5"},
        "stem": T(
            "<p>Cada clase ISO admite diez veces más partículas que la anterior. "
            "¿Cuántas veces más partículas admite la clase 7 que la clase 5?</p>",
            "<p>Each ISO class allows ten times more particles than the one before. "
            "How many times more particles does class 7 allow than class 5?</p>",
        ),
        "numeric": ("100", "0", "veces, times, x"),
    },
    {
        "name": "ESD imperceptible",
        "kind": "true_false",
        "true_false": True,
        "criteria": {"EC9103.2.3": "1"},
        "stem": T(
            "<p>Una descarga electrostática demasiado pequeña para sentirla puede dañar "
            "un circuito integrado.</p>",
            "<p>An electrostatic discharge too small to feel can damage an integrated circuit.</p>",
        ),
        "explanation": T(
            "<p>Sentimos descargas desde unos 3 000 V; un CI puede dañarse con menos de 100 V.</p>",
            "<p>People feel discharges from about 3,000 V; an IC can be damaged "
            "by less than 100 V.</p>",
        ),
    },
    {
        "name": "Prácticas seguras contra ESD",
        "kind": "multiple",
        "criteria": {"EC9103.2.3": "1"},
        "stem": T(
            "<p>¿Qué prácticas protegen los dispositivos contra ESD? Marca todas.</p>",
            "<p>Which practices protect devices against ESD? Mark all.</p>",
        ),
        "options": [
            Opt(
                "strap",
                T(
                    "Probar la pulsera antiestática antes de empezar",
                    "Test the wrist strap before starting",
                ),
                correct=True,
            ),
            Opt(
                "bag", T("Transportar en bolsa blindada", "Carry in a shielding bag"), correct=True
            ),
            Opt(
                "mat",
                T("Trabajar sobre el tapete conectado a tierra", "Work on the grounded mat"),
                correct=True,
            ),
            Opt(
                "plastic",
                T(
                    "Envolver los dispositivos en plástico común",
                    "Wrap devices in ordinary plastic",
                ),
                feedback=T("El plástico común genera carga.", "Ordinary plastic builds charge."),
            ),
        ],
    },
    {
        "name": "Pulsera antiestática",
        "kind": "short",
        "criteria": {"EC9103.2.3": "0.5"},
        "stem": T(
            "<p>¿Cómo se llama el accesorio que te conecta a tierra mientras manipulas "
            "dispositivos?</p>",
            "<p>What is the accessory that grounds you while you handle devices?</p>",
        ),
        "options": [
            Opt("strap", T("pulsera antiestática", "wrist strap")),
            Opt("strap2", T("muñequera antiestática", "ESD wrist strap")),
        ],
    },
    {
        "name": "Disciplinas del 8D",
        "kind": "matching",
        "criteria": {"EC9102.3.3": "0.5"},
        "stem": T(
            "<p>Relaciona cada disciplina del 8D con su propósito.</p>",
            "<p>Match each 8D discipline with its purpose.</p>",
        ),
        "options": [
            Opt("d1", T("D1", "D1"), match=T("Formar el equipo", "Form the team")),
            Opt("d3", T("D3", "D3"), match=T("Contener el problema", "Contain the problem")),
            Opt("d4", T("D4", "D4"), match=T("Encontrar la causa raíz", "Find the root cause")),
            Opt("d7", T("D7", "D7"), match=T("Prevenir la recurrencia", "Prevent recurrence")),
        ],
    },
    {
        "name": "Compañero omite la regadera de aire",
        "kind": "situational",
        "criteria": {"EC9103.1.3": "1"},
        "stem": T(
            "<p>Ves que un compañero entra al cuarto limpio sin pasar por la regadera "
            'de aire porque "solo va un minuto". ¿Qué haces?</p>',
            "<p>You see a colleague enter the cleanroom skipping the air shower because "
            '"it\'s only for a minute". What do you do?</p>',
        ),
        "options": [
            Opt(
                "remind",
                T(
                    "Le recuerdo la regla con respeto y aviso al supervisor si insiste",
                    "I remind them of the rule respectfully and tell the supervisor if they insist",
                ),
                weight="1",
            ),
            Opt(
                "later",
                T(
                    "Lo comento después en la junta de turno",
                    "I bring it up later at the shift meeting",
                ),
                weight="0.5",
            ),
            Opt(
                "nothing",
                T("No digo nada; no es mi área", "I say nothing; it's not my area"),
                weight="0",
            ),
        ],
    },
    {
        "name": "Contención de un lote contaminado",
        "kind": "essay",
        "points": "2",
        "criteria": {"EC9102.3.3": "0.5"},
        "stem": T(
            "<p>Encuentras partículas en las obleas de un lote después del paso de "
            "limpieza. Describe la contención (D3) que propones.</p>",
            "<p>You find particles on a lot's wafers after the cleaning step. "
            "Describe the containment (D3) you propose.</p>",
        ),
        "model_answer": T(
            "Detener el lote, identificar y aislar los lotes procesados en el "
            "mismo equipo, avisar al ingeniero de proceso y registrar en la "
            "bitácora.",
            "Hold the lot, identify and isolate lots run on the same tool, alert "
            "the process engineer and log it.",
        ),
    },
]

# A short practice check after the 5S and torque modules: graded on the spot (no essay), so
# a trainee who misses a criterion is sent straight to the module that teaches it.
QUICK_CHECK = [
    {
        "name": "Par excesivo en una unión",
        "kind": "single",
        "criteria": {"EC9101.2.4": "1"},
        "stem": T(
            "<p>Un operador aprieta las tuercas de una maza <b>por encima</b> del par "
            "especificado «para que queden más seguras». ¿Qué puede pasar?</p>",
            "<p>An operator tightens a hub's nuts <b>above</b> the specified torque "
            "“to make them extra safe”. What can happen?</p>",
        ),
        "explanation": T(
            "<p>El par especificado produce la tensión justa en el tornillo. Por debajo, la "
            "vibración afloja la unión; por encima, el tornillo se estira o la cuerda se "
            "barre.</p>",
            "<p>The specified torque gives the bolt just the right tension. Below it, "
            "vibration loosens the joint; above it, the bolt stretches or the thread "
            "strips.</p>",
        ),
        "options": [
            Opt(
                "stretch",
                T(
                    "El tornillo se estira o la cuerda se barre, y la unión pierde sujeción",
                    "The bolt stretches or the thread strips, and the joint loses its clamp",
                ),
                correct=True,
                feedback=T(
                    "Correcto: más par no es más seguridad.",
                    "Right: more torque is not more safety.",
                ),
            ),
            Opt(
                "safer",
                T(
                    "La unión queda más firme y ya no se afloja",
                    "The joint is firmer and never loosens",
                ),
                feedback=T(
                    "No: por encima del par especificado el tornillo se deforma.",
                    "No: above the specified torque the bolt deforms.",
                ),
            ),
            Opt(
                "click",
                T("Nada, mientras la llave haga clic", "Nothing, as long as the wrench clicks"),
                feedback=T(
                    "El clic solo dice que se alcanzó el valor ajustado en la llave.",
                    "The click only says the value set on the wrench was reached.",
                ),
            ),
        ],
    },
    {
        "name": "El par se convierte en tensión",
        "kind": "true_false",
        "true_false": True,
        "criteria": {"EC9101.2.4": "1"},
        "stem": T(
            "<p>Al apretar un tornillo, el par aplicado se convierte en <b>tensión</b> del "
            "tornillo, y esa tensión es la que mantiene unidas las piezas.</p>",
            "<p>When a bolt is tightened, the applied torque becomes <b>tension</b> in the "
            "bolt, and that tension is what holds the parts together.</p>",
        ),
        "explanation": T(
            "<p>Verdadero. Por eso el par se controla con herramienta calibrada: la tensión "
            "no se ve, pero el par sí se mide.</p>",
            "<p>True. That is why torque is controlled with a calibrated tool: tension "
            "cannot be seen, but torque can be measured.</p>",
        ),
    },
    {
        "name": "Conversión N·m a lbf·ft",
        "kind": "numeric",
        "criteria": {"EC9101.2.5": "1"},
        "stem": T(
            "<p>La hoja de proceso pide <b>120 N·m</b> para las tuercas de la maza, pero el "
            "torquímetro de tu estación está graduado en lbf·ft. ¿Qué valor ajustas? "
            "(1 N·m ≈ 0.738 lbf·ft)</p>",
            "<p>The process sheet asks for <b>120 N·m</b> on the hub nuts, but your "
            "station's torque wrench is graduated in lbf·ft. What value do you set? "
            "(1 N·m ≈ 0.738 lbf·ft)</p>",
        ),
        "explanation": T(
            "<p>120 × 0.738 = 88.56 lbf·ft. Multiplicar por 1.356 convierte al revés (de "
            "lbf·ft a N·m): con 162.7 lbf·ft la unión quedaría muy por encima del par.</p>",
            "<p>120 × 0.738 = 88.56 lbf·ft. Multiplying by 1.356 converts the other way "
            "(lbf·ft to N·m): at 162.7 lbf·ft the joint would end up far above its "
            "torque.</p>",
        ),
        "numeric": ("88.56", "0.5", "lbf·ft, lb·ft, ft·lb"),
    },
    {
        "name": "La primera S",
        "kind": "short",
        "criteria": {"EC9101.1.4": "1"},
        "stem": T(
            "<p>¿Cómo se llama la primera S, la que retira de la estación todo lo que no se "
            "usa en la operación? Escribe su nombre en español o en japonés.</p>",
            "<p>What is the first S called, the one that removes from the station "
            "everything the operation does not use? Write its name in English or "
            "Japanese.</p>",
        ),
        "explanation": T(
            "<p>Clasificar (seiri): separar lo necesario de lo innecesario y retirar lo "
            "innecesario.</p>",
            "<p>Sort (seiri): separate what is needed from what is not, and remove the latter.</p>",
        ),
        "options": [
            Opt("sort", T("clasificar", "sort")),
            Opt("seiri", T("seiri", "seiri")),
        ],
    },
]

QUIZZES = [
    {
        "code": "auto-cal-101-final",
        "course": "AUTO-CAL-101",
        "title": T(
            "Evaluación de conocimientos: calidad en la línea",
            "Knowledge check: quality on the line",
        ),
        "intro": T(
            "Nueve preguntas sobre par de apriete, 5S, defectos y entrega de turno. "
            "Tienes 30 minutos y tres intentos.",
            "Nine questions on torque, 5S, defects and shift handover. You have 30 "
            "minutes and three attempts.",
        ),
        "items": AUTOMOTIVE,
    },
    {
        "code": "semi-cr-101-final",
        "course": "SEMI-CR-101",
        "title": T(
            "Evaluación de conocimientos: cuarto limpio y ESD", "Knowledge check: cleanroom and ESD"
        ),
        "intro": T(
            "Nueve preguntas sobre vestido, clases ISO, ESD y 8D. Tienes 30 minutos y "
            "tres intentos.",
            "Nine questions on gowning, ISO classes, ESD and 8D. You have 30 minutes "
            "and three attempts.",
        ),
        "items": SEMICONDUCTOR,
    },
    {
        "code": "auto-cal-101-quick-check",
        "course": "AUTO-CAL-101",
        "title": T("Repaso rápido: par de apriete y 5S", "Quick check: torque and 5S"),
        "intro": T(
            "Cuatro preguntas para comprobar lo que aprendiste en los módulos de 5S y de "
            "par de apriete. Se califica al momento: si un criterio queda pendiente, te "
            "decimos qué módulo repasar. Tienes tres intentos y no cuenta para terminar el "
            "curso.",
            "Four questions to check what you learned in the 5S and torque modules. It is "
            "graded at once: if a criterion is still pending, we tell you which module to "
            "review. You have three attempts, and it does not count towards finishing the "
            "course.",
        ),
        "items": QUICK_CHECK,
        "settings": {
            "pass_mark": Decimal("75"),
            "time_limit_minutes": None,
            "layout": Quiz.Layout.ALL_ON_ONE_PAGE,
            "is_required": False,
            "pass_message_es": "¡Aprobaste el repaso! Ya puedes presentar la evaluación de "
            "conocimientos del curso.",
            "pass_message_en": "You passed the quick check! You are ready for the course's "
            "knowledge check.",
            "fail_message_es": "Todavía no. Abre el módulo indicado junto a cada criterio "
            "pendiente, repásalo y vuelve a intentarlo.",
            "fail_message_en": "Not yet. Open the module shown next to each pending "
            "criterion, review it and try again.",
        },
    },
]


# How the course-final quizzes are set; a quiz spec's "settings" override any of these.
FINAL_SETTINGS = {
    "pass_message_es": "¡Aprobaste! Sigue con la práctica evaluada en tu estación.",
    "pass_message_en": "You passed! Go on to the assessed practice at your station.",
    "fail_message_es": "Todavía no. Repasa los módulos indicados y vuelve a intentarlo.",
    "fail_message_en": "Not yet. Review the modules shown and try again.",
    "pass_mark": Decimal("70"),
    "attempts_allowed": 3,
    "wait_minutes": 0,
    "time_limit_minutes": 30,
    "shuffle_items": False,
    "shuffle_options": True,
    "is_active": True,
    "is_required": True,
}


def _criteria_by_code() -> dict[str, Criterion]:
    criteria = Criterion.objects.select_related("element__standard").filter(
        element__standard__is_sample=True
    )
    return {f"{c.element.standard.code}.{c.element.number}.{c.number}": c for c in criteria}


def _item(spec: dict, criteria: dict[str, Criterion]) -> Item:
    existing = Item.objects.filter(name=spec["name"]).first()
    if existing:
        return existing
    numeric = spec.get("numeric")
    item = Item(
        name=spec["name"],
        kind=spec["kind"],
        stem_es=spec["stem"]["es"],
        stem_en=spec["stem"]["en"],
        explanation_es=spec.get("explanation", T("", ""))["es"],
        explanation_en=spec.get("explanation", T("", ""))["en"],
        model_answer_es=spec.get("model_answer", T("", ""))["es"],
        model_answer_en=spec.get("model_answer", T("", ""))["en"],
        points=Decimal(spec.get("points", "1")),
        scoring=spec.get("scoring", Item.Scoring.ALL_OR_NOTHING),
        penalty=Decimal(spec.get("penalty", "1")),
        true_false_answer=spec.get("true_false", True),
        numeric_answer=Decimal(numeric[0]) if numeric else None,
        numeric_tolerance=Decimal(numeric[1]) if numeric else Decimal(0),
        numeric_units=numeric[2] if numeric else "",
    )
    item.full_clean()
    item.save()
    for position, option in enumerate(spec.get("options", [])):
        ItemOption.objects.create(
            item=item,
            sort_order=position,
            key=option["key"],
            text_es=option["text"]["es"],
            text_en=option["text"]["en"],
            match_es=option["match"]["es"],
            match_en=option["match"]["en"],
            feedback_es=option["feedback"]["es"],
            feedback_en=option["feedback"]["en"],
            is_correct=option["correct"],
            weight=Decimal(option["weight"]),
        )
    for position, (code, weight) in enumerate(spec["criteria"].items()):
        if code in criteria:
            ItemCriterion.objects.create(
                item=item, criterion=criteria[code], weight=Decimal(weight), sort_order=position
            )
    item.tags.add("demo", spec["kind"])
    item.save()  # a cluster's tags are written on save
    return item


@transaction.atomic
def seed_quizzes() -> dict[str, Quiz]:
    """The demo quizzes (after ``seed_standards`` and ``seed_courses``); returns them by code."""
    criteria = _criteria_by_code()
    quizzes = {}
    for spec in QUIZZES:
        course = Course.objects.filter(code=spec["course"]).first()
        if course is None:
            continue
        items = [_item(item, criteria) for item in spec["items"]]
        quiz = Quiz.objects.filter(code=spec["code"]).first()
        if quiz is None:
            first = criteria.get(next(iter(spec["items"][0]["criteria"])))
            module = Module.objects.filter(course=course, criteria=first).first() if first else None
            quiz = Quiz.objects.create(
                code=spec["code"],
                course=course,
                module=module,
                title_es=spec["title"]["es"],
                title_en=spec["title"]["en"],
                intro_es=spec["intro"]["es"],
                intro_en=spec["intro"]["en"],
                **(FINAL_SETTINGS | spec.get("settings", {})),
            )
            for position, item in enumerate(items):
                QuizSlot.objects.create(quiz=quiz, item=item, sort_order=position)
        quizzes[quiz.code] = quiz
    return quizzes
