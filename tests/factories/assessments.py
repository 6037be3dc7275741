"""Factories for assessments: bilingual items of every type, quizzes, enrolled trainees."""

from decimal import Decimal

import factory

from assessments.models import Item, ItemCriterion, ItemOption, Quiz, QuizSlot
from competencies.models import Criterion, Element, Standard
from courses.models import Enrollment

from . import competencies
from .accounts import UserFactory
from .competencies import FrameworkFactory
from .courses import CourseFactory


def quiz_element() -> Element:
    """The one element of the sample CONOCER standard quiz tests measure."""
    framework = FrameworkFactory(
        slug="conocer-renec-quiz",
        name_es="Registro Nacional de Estándares de Competencia",
        name_en="National Registry of Competency Standards",
    )
    standard = Standard.objects.get_or_create(
        framework=framework,
        code="EC9901",
        defaults={
            "title_es": "Apriete controlado de uniones atornilladas",
            "title_en": "Controlled tightening of bolted joints",
            "level": 2,
            "is_sample": True,
        },
    )[0]
    return Element.objects.get_or_create(
        standard=standard,
        number=1,
        defaults={"title_es": "Aplicar el par de apriete", "title_en": "Apply torque"},
    )[0]


class CriterionFactory(competencies.CriterionFactory):
    """A knowledge criterion of the sample standard quiz tests measure (``quiz_element``):
    the competencies factory with the defaults these tests read."""

    element = factory.LazyFunction(quiz_element)
    kind = Criterion.Kind.KNOWLEDGE
    knowledge_level = Criterion.KnowledgeLevel.APPLICATION
    text_es = "Identifica el par de apriete especificado en la hoja de proceso"
    text_en = "Identifies the torque specified on the process sheet"


def enroll(user, course) -> Enrollment:
    return Enrollment.objects.get_or_create(user=user, course=course)[0]


def trainee_in(course, **kwargs):
    user = UserFactory(**kwargs)
    enroll(user, course)
    return user


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item
        skip_postgeneration_save = True

    kind = Item.Kind.SINGLE
    name = factory.Sequence(lambda n: f"Item {n}")
    stem_es = "<p>¿Qué herramienta aplica el par especificado?</p>"
    stem_en = "<p>Which tool applies the specified torque?</p>"
    explanation_es = "<p>El torquímetro calibrado controla el par.</p>"
    explanation_en = "<p>A calibrated torque wrench controls the torque.</p>"
    points = Decimal("1")


def _options(item, rows):
    for position, row in enumerate(rows):
        ItemOption.objects.create(item=item, sort_order=position, **row)


def make_item(kind: str = Item.Kind.SINGLE, *, criterion=None, weight="1", **kwargs) -> Item:
    """A complete bilingual item of ``kind``, with its answer key and, optionally, a criterion."""
    extra = {}
    if kind == Item.Kind.NUMERIC:
        extra = {
            "numeric_answer": Decimal("25"),
            "numeric_tolerance": Decimal("0.5"),
            "numeric_units": "N·m, Nm",
        }
    if kind == Item.Kind.TRUE_FALSE:
        extra = {"true_false_answer": True}
    item = ItemFactory(kind=kind, **{**extra, **kwargs})
    if kind in (Item.Kind.SINGLE, Item.Kind.MULTIPLE):
        _options(
            item,
            [
                {
                    "key": "wrench",
                    "text_es": "Torquímetro",
                    "text_en": "Torque wrench",
                    "is_correct": True,
                    "feedback_es": "Correcto",
                    "feedback_en": "Right",
                },
                {
                    "key": "hammer",
                    "text_es": "Martillo",
                    "text_en": "Hammer",
                    "feedback_es": "No controla el par",
                    "feedback_en": "It does not control torque",
                },
                {
                    "key": "driver",
                    "text_es": "Atornillador calibrado",
                    "text_en": "Calibrated driver",
                    "is_correct": kind == Item.Kind.MULTIPLE,
                },
                {"key": "pliers", "text_es": "Pinzas", "text_en": "Pliers"},
            ],
        )
    elif kind == Item.Kind.SHORT:
        _options(item, [{"key": "valve", "text_es": "válvula", "text_en": "valve"}])
    elif kind == Item.Kind.MATCHING:
        _options(
            item,
            [
                {
                    "key": "seiri",
                    "text_es": "Seiri",
                    "text_en": "Seiri",
                    "match_es": "Clasificar",
                    "match_en": "Sort",
                },
                {
                    "key": "seiton",
                    "text_es": "Seiton",
                    "text_en": "Seiton",
                    "match_es": "Ordenar",
                    "match_en": "Set in order",
                },
                {
                    "key": "seiso",
                    "text_es": "Seiso",
                    "text_en": "Seiso",
                    "match_es": "Limpiar",
                    "match_en": "Shine",
                },
            ],
        )
    elif kind == Item.Kind.ORDERING:
        _options(
            item,
            [
                {"key": "cap", "text_es": "Cofia", "text_en": "Hood"},
                {"key": "mask", "text_es": "Cubrebocas", "text_en": "Face mask"},
                {"key": "suit", "text_es": "Overol", "text_en": "Coverall"},
                {"key": "boots", "text_es": "Botas", "text_en": "Boots"},
            ],
        )
    elif kind == Item.Kind.SITUATIONAL:
        _options(
            item,
            [
                {
                    "key": "report",
                    "text_es": "Reporto al líder y registro",
                    "weight": Decimal("1"),
                    "text_en": "I report to the lead and log it",
                },
                {
                    "key": "fix",
                    "text_es": "Lo corrijo sin avisar",
                    "weight": Decimal("0.3"),
                    "text_en": "I fix it without telling anyone",
                },
                {
                    "key": "ignore",
                    "text_es": "Lo ignoro",
                    "text_en": "I ignore it",
                    "weight": Decimal("0"),
                },
            ],
        )
    if criterion is not None:
        ItemCriterion.objects.create(item=item, criterion=criterion, weight=Decimal(weight))
    return item


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz
        skip_postgeneration_save = True

    course = factory.SubFactory(CourseFactory)
    code = factory.Sequence(lambda n: f"quiz-{n}")
    title_es = "Evaluación de apriete"
    title_en = "Torque quiz"
    pass_mark = Decimal("70")
    shuffle_options = False
    # Published, as the quizzes trainees take in these tests; a quiz created in the admin
    # starts unpublished and optional (the model's defaults).
    is_active = True


def quiz_with(items, **kwargs) -> Quiz:
    quiz = QuizFactory(**kwargs)
    for position, item in enumerate(items):
        QuizSlot.objects.create(quiz=quiz, item=item, sort_order=position)
    return quiz


ALL_KINDS = [kind for kind, _label in Item.Kind.choices]

__all__ = [
    "ALL_KINDS",
    "CourseFactory",
    "CriterionFactory",
    "ItemFactory",
    "QuizFactory",
    "enroll",
    "make_item",
    "quiz_with",
    "trainee_in",
]
