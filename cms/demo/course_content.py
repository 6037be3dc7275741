# ruff: noqa: E501 — bilingual prose reads better unwrapped
"""Bilingual text of the demo courses (data for ``cms.demo.courses``).

Leaves written ``T("es", "en")`` are resolved per language; everything else (structure,
criteria, minutes) is shared by both languages.
"""


def T(es: str, en: str) -> dict:  # noqa: N802 — reads like a literal
    return {"es": es, "en": en}


def P(es: str, en: str) -> dict:  # noqa: N802
    return {"es": f"<p>{es}</p>", "en": f"<p>{en}</p>"}


def step(es, en, note_kind="", note_es="", note_en=""):
    return {
        "text": T(es, en),
        "image": None,
        "alt_text": "",
        "note_kind": note_kind,
        "note": T(note_es, note_en),
    }


def callout(kind, title, text):
    return ("callout", {"kind": kind, "title": title, "text": text})


def scenario(title, situation, question, points):
    return (
        "scenario",
        {"title": title, "situation": situation, "question": question, "discussion_points": points},
    )


def reflection(prompt):
    return ("reflection", {"prompt": prompt})


def glossary(es, en, definition):
    return ("glossary_term", {"term_es": es, "term_en": en, "definition": definition})


def heading(text):
    return ("heading", {"text": text, "level": "h2"})


AUTOMOTIVE_MODULES = [
    {
        "slug": T("5s-en-la-estacion", "5s-at-the-station"),
        "minutes": 35,
        "focus": "mixed",
        "criteria": ["EC9101.1.1", "EC9101.1.3", "EC9101.1.4", "EC9101.1.5", "EC9102.1.3"],
        "page": {
            "title": T("5S en la estación de trabajo", "5S at the workstation"),
            "summary": T(
                "Clasificar, ordenar, limpiar, estandarizar y sostener, en equipo.",
                "Sort, set in order, shine, standardize and sustain, as a team.",
            ),
        },
        "body": [
            heading(T("Por qué importa el orden", "Why order matters")),
            (
                "rich_text",
                P(
                    "Una estación ordenada evita piezas mezcladas, herramientas perdidas y "
                    "accidentes. Las <b>5S</b> son el hábito que lo hace posible.",
                    "An orderly station prevents mixed parts, lost tools and accidents. "
                    "<b>5S</b> is the habit that makes it possible.",
                ),
            ),
            (
                "procedure",
                {
                    "title": T("5S al inicio del turno", "5S at the start of the shift"),
                    "steps": [
                        step(
                            "Clasifica: retira todo lo que no se usa en esta operación.",
                            "Sort: remove everything this operation does not use.",
                        ),
                        step(
                            "Ordena: regresa cada herramienta a su silueta señalizada.",
                            "Set in order: return each tool to its marked outline.",
                        ),
                        step(
                            "Limpia: retira rebabas y aceite de la mesa y el piso.",
                            "Shine: clean burrs and oil off the bench and floor.",
                            "safety",
                            "Usa guantes; las rebabas cortan.",
                            "Wear gloves; burrs cut.",
                        ),
                        step(
                            "Estandariza y sostén: llena y firma la lista 5S del turno.",
                            "Standardize and sustain: fill in and sign the shift 5S checklist.",
                            "quality",
                            "Una lista incompleta no cuenta.",
                            "An incomplete checklist does not count.",
                        ),
                    ],
                },
            ),
            glossary(
                "clasificar (seiri)",
                "sort (seiri)",
                T(
                    "Separar lo necesario de lo innecesario y retirar lo innecesario.",
                    "Separating what is needed from what is not, and removing the latter.",
                ),
            ),
            scenario(
                T("La herramienta prestada", "The borrowed tool"),
                T(
                    "Un compañero de otra estación toma tu llave y no la regresa a su silueta.",
                    "A teammate from another station takes your wrench and does not return it.",
                ),
                T(
                    "¿Cómo se lo dices sin generar conflicto?",
                    "How do you tell them without a conflict?",
                ),
                [
                    T("Habla en privado y en el momento", "Speak privately and right away"),
                    T(
                        "Explica el efecto en la línea, no en ti",
                        "Explain the effect on the line, not on you",
                    ),
                    T("Propón una solución: una llave extra", "Offer a fix: a spare wrench"),
                ],
            ),
            reflection(
                T(
                    "¿Qué parte de tu estación se desordena más rápido y por qué?",
                    "Which part of your station gets messy fastest, and why?",
                )
            ),
        ],
    },
    {
        "slug": T("par-de-apriete", "torque-procedures"),
        "minutes": 45,
        "focus": "technical",
        "criteria": [
            "EC9101.2.1",
            "EC9101.2.2",
            "EC9101.2.3",
            "EC9101.2.4",
            "EC9101.2.5",
            "EC9101.2.6",
        ],
        "page": {
            "title": T("Procedimientos de par de apriete", "Torque procedures"),
            "summary": T(
                "Aplica el par especificado en la secuencia correcta y sabe cuándo detenerte.",
                "Apply the specified torque in the right sequence and know when to stop.",
            ),
        },
        "body": [
            heading(T("Antes de apretar", "Before you tighten")),
            (
                "checklist",
                {
                    "title": T("Verifica la herramienta", "Check the tool"),
                    "items": [
                        T("Etiqueta de calibración vigente", "Calibration tag in date"),
                        T(
                            "Valor de par igual a la hoja de proceso",
                            "Torque value matches the process sheet",
                        ),
                        T("Dado correcto y sin desgaste", "Right socket, not worn"),
                    ],
                },
            ),
            (
                "procedure",
                {
                    "title": T("Apriete en estrella de una maza", "Star-pattern hub tightening"),
                    "steps": [
                        step("Coloca las cinco tuercas a mano.", "Hand-start all five nuts."),
                        step(
                            "Aprieta en estrella al 50 % del par.",
                            "Tighten in a star pattern to 50 % of torque.",
                        ),
                        step(
                            "Aprieta en estrella al 100 % (120 N·m) hasta el clic.",
                            "Tighten in a star pattern to 100 % (120 N·m) until the click.",
                            "quality",
                            "Nunca en círculo: deforma la maza.",
                            "Never in a circle: it warps the hub.",
                        ),
                    ],
                },
            ),
            callout(
                "safety",
                T("Detén la operación", "Stop the operation"),
                P(
                    "Si la herramienta no da la señal de par correcto, <b>detén y avisa</b>. No la repitas a ciegas.",
                    "If the tool does not signal correct torque, <b>stop and report</b>. Do not repeat it blindly.",
                ),
            ),
            glossary(
                "par de apriete",
                "torque",
                T(
                    "Fuerza de giro aplicada a un tornillo; se mide en N·m (1 N·m ≈ 0.738 lbf·ft).",
                    "Turning force applied to a fastener, in N·m (1 N·m ≈ 0.738 lbf·ft).",
                ),
            ),
            scenario(
                T("La presión del tiempo", "Time pressure"),
                T(
                    "La línea va atrasada y tu líder te pide saltar la verificación de la herramienta.",
                    "The line is behind and your leader asks you to skip the tool check.",
                ),
                T("¿Qué respondes?", "What do you answer?"),
                [
                    T("Explica el riesgo de una unión floja", "Explain the risk of a loose joint"),
                    T("Propón verificar en 30 segundos", "Offer a 30-second check"),
                ],
            ),
            reflection(
                T(
                    "Describe una vez en que detenerte evitó un problema mayor.",
                    "Describe a time when stopping prevented a bigger problem.",
                )
            ),
        ],
    },
    {
        "slug": T("reporte-de-defectos", "defect-reporting"),
        "minutes": 40,
        "focus": "mixed",
        "criteria": ["EC9101.3.1", "EC9101.3.2", "EC9101.3.3", "EC9101.3.4", "EC9101.3.5"],
        "page": {
            "title": T("Detectar y reportar defectos", "Spotting and reporting defects"),
            "summary": T(
                "Identifica defectos, activa el andon y escribe un reporte útil.",
                "Identify defects, pull the andon and write a useful report.",
            ),
        },
        "body": [
            heading(T("Tipos de defecto", "Types of defect")),
            (
                "rich_text",
                P(
                    "Busca componentes <b>faltantes</b>, <b>dañados</b> o <b>mal orientados</b>, "
                    "comparando contra la ayuda visual.",
                    "Look for <b>missing</b>, <b>damaged</b> or <b>misoriented</b> parts, "
                    "comparing against the visual aid.",
                ),
            ),
            (
                "procedure",
                {
                    "title": T("Cuando encuentras un defecto", "When you find a defect"),
                    "steps": [
                        step("Activa el andon.", "Pull the andon."),
                        step(
                            "Separa la pieza en el contenedor rojo.",
                            "Put the part in the red container.",
                        ),
                        step(
                            "Llena el reporte: número de parte, lote, descripción y hora.",
                            "Fill in the report: part number, lot, description and time.",
                            "quality",
                            "Describe lo que ves, no lo que supones.",
                            "Describe what you see, not what you assume.",
                        ),
                    ],
                },
            ),
            callout(
                "tip",
                T("Honestidad", "Honesty"),
                P(
                    "Reportar un defecto causado por ti mismo es parte del trabajo bien hecho.",
                    "Reporting a defect you caused yourself is part of doing the job well.",
                ),
            ),
            scenario(
                T("El defecto propio", "Your own defect"),
                T(
                    "Notas que la pieza que dañaste hace una hora ya pasó a la siguiente estación.",
                    "You notice the part you damaged an hour ago has moved to the next station.",
                ),
                T("¿A quién avisas y cómo?", "Whom do you tell, and how?"),
                [
                    T("Al líder, de inmediato", "The leader, right away"),
                    T("Con datos: hora, lote, qué pasó", "With facts: time, lot, what happened"),
                ],
            ),
            reflection(
                T(
                    "¿Qué te dificulta reportar un error propio?",
                    "What makes it hard to report your own mistake?",
                )
            ),
        ],
    },
    {
        "slug": T("entrega-de-turno", "shift-handover"),
        "minutes": 30,
        "focus": "soft",
        "criteria": ["EC9102.1.1", "EC9102.2.1", "EC9102.2.2", "EC9102.2.3", "EC9102.2.4"],
        "page": {
            "title": T("Trabajo en equipo y entrega de turno", "Teamwork and shift handover"),
            "summary": T(
                "Entrega el turno con un mensaje claro y una bitácora completa.",
                "Hand over the shift with a clear message and a complete log.",
            ),
        },
        "body": [
            heading(T("Un mensaje claro", "A clear message")),
            (
                "rich_text",
                P(
                    "Un buen mensaje dice <b>qué</b>, <b>dónde</b>, <b>cuándo</b>, <b>quién</b> y <b>qué se necesita</b>.",
                    "A good message says <b>what</b>, <b>where</b>, <b>when</b>, <b>who</b> and <b>what is needed</b>.",
                ),
            ),
            (
                "checklist",
                {
                    "title": T("Bitácora de entrega", "Handover log"),
                    "items": [
                        T("Fecha y hora", "Date and time"),
                        T("Pendientes", "Open items"),
                        T("Incidentes y ajustes", "Incidents and adjustments"),
                        T("Firma de quien recibe", "Signature of the receiver"),
                    ],
                },
            ),
            scenario(
                T("El turno que llega tarde", "The late shift"),
                T(
                    "Tu relevo llega diez minutos tarde y tienes prisa por salir.",
                    "Your relief arrives ten minutes late and you are in a hurry to leave.",
                ),
                T(
                    "¿Cómo entregas sin omitir nada?",
                    "How do you hand over without leaving anything out?",
                ),
                [
                    T("Usa la bitácora como guion", "Use the log as a script"),
                    T(
                        "Pide que repita lo que entendió",
                        "Ask them to repeat back what they understood",
                    ),
                ],
            ),
            callout(
                "warning",
                T("Lo que no se dice, no existe", "What is not said does not exist"),
                P(
                    "Un ajuste no comunicado es la causa más común de defectos al inicio del turno.",
                    "An adjustment nobody mentions is the commonest cause of start-of-shift defects.",
                ),
            ),
            reflection(
                T(
                    "Escribe tu entrega de turno de ayer en cinco líneas.",
                    "Write yesterday's shift handover in five lines.",
                )
            ),
        ],
    },
]

SEMICONDUCTOR_MODULES = [
    {
        "slug": T("protocolo-de-cuarto-limpio", "cleanroom-protocol"),
        "minutes": 40,
        "focus": "technical",
        "criteria": ["EC9103.1.1", "EC9103.1.2", "EC9103.1.3"],
        "page": {
            "title": T("Protocolo de cuarto limpio", "Cleanroom protocol"),
            "summary": T(
                "Vístete en la secuencia correcta y entiende de dónde vienen las partículas.",
                "Gown up in the right sequence and understand where particles come from.",
            ),
        },
        "body": [
            heading(T("La secuencia de vestido", "The gowning sequence")),
            (
                "procedure",
                {
                    "title": T("Vestido de arriba hacia abajo", "Gowning from top to bottom"),
                    "steps": [
                        step("Cofia y cubrebarba.", "Hood and beard cover."),
                        step(
                            "Overol sin que toque el piso.",
                            "Coverall without touching the floor.",
                            "quality",
                            "Si toca el piso, usa uno nuevo.",
                            "If it touches the floor, use a new one.",
                        ),
                        step(
                            "Botas y guantes; revisa en el espejo.",
                            "Boots and gloves; check in the mirror.",
                        ),
                    ],
                },
            ),
            glossary(
                "clase ISO 5",
                "ISO class 5",
                T(
                    "Máximo de 3,520 partículas de 0.5 µm por metro cúbico.",
                    "At most 3,520 particles of 0.5 µm per cubic metre.",
                ),
            ),
            callout(
                "tip",
                T("Disciplina", "Discipline"),
                P(
                    "Las reglas valen igual cuando nadie supervisa.",
                    "The rules apply just the same when nobody is watching.",
                ),
            ),
            scenario(
                T("El atajo", "The shortcut"),
                T(
                    'Un compañero entra sin pasar por la regadera de aire porque "solo es un momento".',
                    'A teammate skips the air shower because "it\'s only a minute".',
                ),
                T("¿Qué haces?", "What do you do?"),
                [
                    T("Recuérdale la regla con respeto", "Remind them of the rule respectfully"),
                    T(
                        "Avisa al supervisor si se repite",
                        "Tell the supervisor if it happens again",
                    ),
                ],
            ),
            reflection(
                T(
                    "¿Qué hábito tuyo de fuera podría contaminar el cuarto limpio?",
                    "Which habit of yours from outside could contaminate the cleanroom?",
                )
            ),
        ],
    },
    {
        "slug": T("manejo-esd", "esd-handling"),
        "minutes": 35,
        "focus": "technical",
        "criteria": ["EC9103.2.1", "EC9103.2.2", "EC9103.2.3"],
        "page": {
            "title": T("Manejo seguro contra ESD", "ESD-safe handling"),
            "summary": T(
                "Protege los circuitos de la descarga electrostática.",
                "Protect circuits from electrostatic discharge.",
            ),
        },
        "body": [
            heading(T("Una chispa que no ves", "A spark you cannot see")),
            (
                "rich_text",
                P(
                    "Una descarga de 100 V, que no sientes, basta para dañar un circuito integrado.",
                    "A 100 V discharge, which you cannot feel, is enough to damage an integrated circuit.",
                ),
            ),
            (
                "checklist",
                {
                    "title": T("Antes de tocar un lote", "Before touching a lot"),
                    "items": [
                        T("Pulsera probada en el probador", "Wrist strap tested on the tester"),
                        T("Tapete conectado a tierra", "Mat grounded"),
                        T("Contenedor antiestático cerrado", "ESD container closed"),
                    ],
                },
            ),
            callout(
                "safety",
                T("Pulsera en rojo", "Red light on the strap"),
                P(
                    "Si el probador marca rojo, no manipules nada y cambia la pulsera.",
                    "If the tester shows red, do not handle anything; replace the strap.",
                ),
            ),
            glossary(
                "descarga electrostática (ESD)",
                "electrostatic discharge (ESD)",
                T(
                    "Paso súbito de carga entre dos objetos con distinto potencial.",
                    "A sudden flow of charge between two objects at different potentials.",
                ),
            ),
            reflection(
                T(
                    "¿En qué momento del turno es más fácil olvidar la pulsera?",
                    "At what moment of the shift is it easiest to forget the strap?",
                )
            ),
        ],
    },
    {
        "slug": T("comunicar-problemas", "communicating-problems"),
        "minutes": 30,
        "focus": "soft",
        "criteria": ["EC9102.2.3", "EC9102.2.4", "EC9102.1.3"],
        "page": {
            "title": T("Comunicar problemas a tiempo", "Communicating problems early"),
            "summary": T(
                "Di qué pasa, dónde y qué necesitas, sin culpar.",
                "Say what is happening, where, and what you need, without blame.",
            ),
        },
        "body": [
            heading(T("Escalar no es acusar", "Escalating is not blaming")),
            (
                "rich_text",
                P(
                    "Un problema reportado a tiempo cuesta minutos; uno escondido cuesta lotes.",
                    "A problem reported early costs minutes; a hidden one costs lots.",
                ),
            ),
            scenario(
                T("La alarma intermitente", "The intermittent alarm"),
                T(
                    "El equipo de grabado marca una alarma que desaparece sola. Tu turno termina en 20 minutos.",
                    "The etch tool shows an alarm that clears itself. Your shift ends in 20 minutes.",
                ),
                T(
                    "¿Lo reportas o lo dejas para el siguiente turno?",
                    "Do you report it or leave it for the next shift?",
                ),
                [
                    T("Registra hora y código de la alarma", "Log the alarm's time and code"),
                    T("Avisa al técnico y al relevo", "Tell the technician and your relief"),
                ],
            ),
            callout(
                "quality",
                T("Datos, no opiniones", "Facts, not opinions"),
                P(
                    "Incluye lote, paso de proceso, equipo y hora.",
                    "Include lot, process step, tool and time.",
                ),
            ),
            reflection(
                T(
                    "Redacta el mensaje que enviarías al técnico.",
                    "Write the message you would send the technician.",
                )
            ),
        ],
    },
    {
        "slug": T("solucion-de-problemas-8d", "8d-problem-solving"),
        "minutes": 50,
        "focus": "mixed",
        "criteria": ["EC9102.3.1", "EC9102.3.2", "EC9102.3.3", "EC9102.3.4"],
        "page": {
            "title": T("Solución de problemas 8D", "8D problem solving"),
            "summary": T(
                "Del síntoma a la causa raíz y a la acción que evita que vuelva.",
                "From symptom to root cause to the action that stops it coming back.",
            ),
        },
        "body": [
            heading(T("Las ocho disciplinas", "The eight disciplines")),
            (
                "procedure",
                {
                    "title": T("8D en una hoja", "8D on one page"),
                    "steps": [
                        step(
                            "D1–D2: forma el equipo y describe el problema.",
                            "D1–D2: form the team and describe the problem.",
                        ),
                        step(
                            "D3: contén el problema (separa lotes sospechosos).",
                            "D3: contain it (quarantine suspect lots).",
                            "quality",
                            "La contención no es la solución.",
                            "Containment is not the fix.",
                        ),
                        step(
                            "D4: encuentra la causa raíz con cinco porqués.",
                            "D4: find the root cause with five whys.",
                        ),
                        step(
                            "D5–D8: corrige, verifica, previene y reconoce al equipo.",
                            "D5–D8: correct, verify, prevent and recognize the team.",
                        ),
                    ],
                },
            ),
            scenario(
                T("La junta de 8D", "The 8D meeting"),
                T(
                    "En la junta, un ingeniero culpa al turno de noche antes de revisar datos.",
                    "In the meeting, an engineer blames the night shift before looking at data.",
                ),
                T("¿Cómo reconduces la conversación?", "How do you steer the conversation back?"),
                [
                    T("Pregunta por los datos del lote", "Ask for the lot data"),
                    T("Separa personas de procesos", "Separate people from processes"),
                ],
            ),
            glossary(
                "causa raíz",
                "root cause",
                T(
                    "La causa que, al eliminarse, evita que el problema vuelva.",
                    "The cause that, once removed, stops the problem recurring.",
                ),
            ),
            reflection(
                T(
                    "Aplica cinco porqués a un problema reciente de tu área.",
                    "Apply five whys to a recent problem in your area.",
                )
            ),
        ],
    },
]

COURSES = [
    {
        "code": "AUTO-CAL-101",
        "course": {
            "title_es": "Calidad en la línea de ensamble automotriz",
            "title_en": "Quality on the automotive assembly line",
            "hours": 12,
            "level": 2,
            "sector": "automotive",
            "skill_focus": "mixed",
            "is_open": True,
        },
        "standards": ["EC9101", "EC9102"],
        "page": {
            "title": T(
                "Calidad en la línea de ensamble automotriz",
                "Quality on the automotive assembly line",
            ),
            "slug": T("calidad-linea-ensamble", "assembly-line-quality"),
            "intro": T(
                "Par de apriete, 5S y reporte de defectos, con trabajo en equipo y entrega de turno clara.",
                "Torque, 5S and defect reporting, with teamwork and a clear shift handover.",
            ),
            "outcomes": {
                "es": "<ul><li>Aplicar el par especificado en secuencia.</li><li>Mantener la estación con 5S.</li><li>Reportar defectos con datos.</li><li>Entregar el turno con un mensaje claro.</li></ul>",
                "en": "<ul><li>Apply specified torque in sequence.</li><li>Keep the station with 5S.</li><li>Report defects with facts.</li><li>Hand over the shift with a clear message.</li></ul>",
            },
            "prerequisites": P(
                "Ninguno. Zapato de seguridad para las prácticas.",
                "None. Safety shoes for the practice sessions.",
            ),
        },
        "modules": AUTOMOTIVE_MODULES,
    },
    {
        "code": "SEMI-CR-101",
        "course": {
            "title_es": "Cuarto limpio, ESD y solución de problemas",
            "title_en": "Cleanroom, ESD and problem solving",
            "hours": 10,
            "level": 2,
            "sector": "semiconductor",
            "skill_focus": "mixed",
            "is_open": True,
        },
        "standards": ["EC9103", "EC9102"],
        "page": {
            "title": T(
                "Cuarto limpio, ESD y solución de problemas", "Cleanroom, ESD and problem solving"
            ),
            "slug": T("cuarto-limpio-esd", "cleanroom-esd"),
            "intro": T(
                "Protocolo de cuarto limpio y manejo ESD, con comunicación de problemas y 8D.",
                "Cleanroom protocol and ESD handling, with communicating problems and 8D.",
            ),
            "outcomes": {
                "es": "<ul><li>Vestirse para cuarto limpio.</li><li>Manipular lotes sin ESD.</li><li>Escalar problemas a tiempo.</li><li>Participar en un 8D.</li></ul>",
                "en": "<ul><li>Gown up for the cleanroom.</li><li>Handle lots ESD-safely.</li><li>Escalate problems early.</li><li>Take part in an 8D.</li></ul>",
            },
            "prerequisites": P("Secundaria terminada.", "Middle school completed."),
        },
        "modules": SEMICONDUCTOR_MODULES,
    },
]
