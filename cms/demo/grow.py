"""Grow the demo to many learners for load tests and benchmarks (``manage.py grow_demo``).

After ``seed_demo``, ``grow_demo(learners=N)`` makes sure learners 1…N exist in the demo
cohort with a realistic history: most took the course's final quiz (some twice, some also
the quick check), a few wait for their essay to be graded, the demo evaluator recorded
checklist evidence for most, and those whose evidence is complete were judged, the verdict
computed by the same pure scoring the real services use (``assessments.scoring``).

Rows are written with ``bulk_create`` in chunks of ``CHUNK`` learners, each chunk in one
transaction, so 10,000 learners take minutes, not hours. The reports' standings are refreshed
chunk by chunk (``assessments.services.standings``). Signals are not sent: judgements
written here issue no certificate (bulk issuance is what the benchmark measures next).
Idempotent: learner *n* is ``aprendiz-<n>@grow.puente.example``; those already present are
left as they are, and every random choice is seeded by *n*, so a run always grows the same
data whatever was grown before.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from accounts.roles import Role
from assessments import item_types
from assessments.content import item_content
from assessments.demo import QUIZZES
from assessments.demo_evidence import ESSAY_TEXT, NOTES, PLACE, STANDARD_CODE
from assessments.models import Answer, Attempt, EvidenceRecord, Judgement, Quiz
from assessments.scoring.competency import (
    OBSERVED_KINDS,
    AttemptEvidence,
    ObservationEvidence,
    StandardSpec,
    standard_result,
)
from assessments.selectors.attempts import item_result
from assessments.selectors.progress import standard_spec, standard_tree
from assessments.selectors.statistics import heatmap_columns, standings_current
from assessments.services.items import item_versions_for_contents, items_for_content
from assessments.services.standings import standings_rebuild, standings_refresh
from competencies.models import Criterion, Standard
from courses.models import Cohort, Enrollment

from .courses import COHORT_NAME

EMAIL_DOMAIN = "grow.puente.example"
CHUNK = 1000
FIRST_NAMES = [
    "Alejandra", "Carlos", "Daniela", "Eduardo", "Fernanda", "Gabriel", "Guadalupe",
    "Héctor", "Isabel", "Jorge", "Karla", "Leticia", "Miguel", "Norma", "Óscar", "Paola",
    "Ricardo", "Sofía", "Tomás", "Valeria", "Ashley", "Brandon", "Emily", "Kevin",
]  # fmt: skip
LAST_NAMES = [
    "García", "Martínez", "López", "González", "Rodríguez", "Pérez", "Sánchez", "Ramírez",
    "Flores", "Torres", "Rivera", "Morales", "Ortiz", "Cruz", "Reyes", "Smith", "Johnson",
]  # fmt: skip


class DemoMissing(RuntimeError):
    """``grow_demo`` needs the demo cohort, standard and quizzes: run ``seed_demo`` first."""


def learner_email(number: int) -> str:
    return f"aprendiz-{number:05d}@{EMAIL_DOMAIN}"


@dataclass(frozen=True)
class QuizPlan:
    """What an attempt at a demo quiz freezes: the item versions in slot order."""

    quiz: Quiz
    versions: list  # ItemVersion, in position order

    @property
    def max_points(self) -> Decimal:
        return sum((Decimal(v.content["points"]) for v in self.versions), Decimal(0))


@dataclass
class Demo:
    cohort: Cohort
    standard: Standard
    spec: StandardSpec
    observed: list[Criterion]
    plans: list[QuizPlan]  # the final quiz first
    instructor: User
    evaluator: User
    trainees: Group


def _plan(quiz: Quiz) -> QuizPlan:
    slots = [slot.item_id for slot in quiz.slots.order_by("sort_order") if slot.item_id]
    items = {item.pk: item for item in items_for_content().filter(pk__in=slots)}
    contents = {pk: item_content(items[pk]) for pk in slots}
    versions = item_versions_for_contents(contents=contents)
    return QuizPlan(quiz=quiz, versions=[versions[pk] for pk in slots])


def load_demo() -> Demo:
    cohort = (
        Cohort.objects.select_related("course")
        .filter(name=COHORT_NAME, course__code="AUTO-CAL-101")
        .first()
    )
    standard = Standard.objects.filter(
        code=STANDARD_CODE, framework__slug="conocer-muestra"
    ).first()
    codes = [spec["code"] for spec in QUIZZES if cohort and spec["course"] == cohort.course.code]
    quizzes = {quiz.code: quiz for quiz in Quiz.objects.filter(code__in=codes)}
    instructor = cohort.instructors.order_by("pk").first() if cohort else None
    evaluator = User.objects.filter(email="evaluadora@puente.example").first()
    if not (cohort and standard and len(quizzes) == len(codes) and instructor and evaluator):
        raise DemoMissing("The demo is not loaded: run manage.py seed_demo first.")
    elements = standard_tree(standard)
    return Demo(
        cohort=cohort,
        standard=standard,
        spec=standard_spec(standard, elements),
        observed=[
            c for element in elements for c in element.criteria.all() if c.kind in OBSERVED_KINDS
        ],
        plans=[_plan(quizzes[code]) for code in codes],
        instructor=instructor,
        evaluator=evaluator,
        trainees=Group.objects.get(name=Role.TRAINEE.value),
    )


def grow_demo(*, learners: int, progress: Callable[[int], None] | None = None) -> int:
    """Make learners 1…``learners`` exist with their history; returns how many were added."""
    demo = load_demo()
    wanted = {learner_email(n): n for n in range(1, learners + 1)}
    present = set()
    emails = list(wanted)
    for start in range(0, len(emails), CHUNK):  # SQLite caps the parameters of one query
        present.update(
            User.objects.filter(email__in=emails[start : start + CHUNK]).values_list(
                "email", flat=True
            )
        )
    missing = sorted(n for email, n in wanted.items() if email not in present)
    measured = _criteria_measured(demo)
    for standard in Standard.objects.filter(elements__criteria__in=measured).distinct():
        if not standings_current(heatmap_columns(standard)):
            standings_rebuild(standard=standard)  # once; each chunk then keeps them current
    password = make_password(DEMO_PASSWORD)
    now = timezone.now().replace(microsecond=0)
    for start in range(0, len(missing), CHUNK):
        _grow_chunk(
            demo, missing[start : start + CHUNK], password=password, now=now, measured=measured
        )
        if progress:
            progress(min(start + CHUNK, len(missing)))
    if missing and connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics after a bulk load: the
            cursor.execute("ANALYZE")  # heatmap's summary then hashes instead of looping
    return len(missing)


def _criteria_measured(demo: Demo) -> set[int]:
    """The criteria the grown history gives evidence on: the quizzes' and the checklist's."""
    return {
        int(pk) for plan in demo.plans for version in plan.versions
        for pk in version.content.get("criteria", {})
    } | {criterion.pk for criterion in demo.observed}  # fmt: skip


@transaction.atomic
def _grow_chunk(
    demo: Demo, numbers: list[int], *, password: str, now: datetime.datetime, measured: set[int]
):
    rngs = {n: random.Random(n) for n in numbers}  # noqa: S311 — demo data, not secrets
    users = User.objects.bulk_create([_user(n, rngs[n], password, now) for n in numbers])
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=demo.trainees.pk) for user in users]
    )
    Enrollment.objects.bulk_create(
        [Enrollment(user=user, course=demo.cohort.course, cohort=demo.cohort) for user in users]
    )
    histories = [
        _History.draw(demo, user, rngs[n], now) for n, user in zip(numbers, users, strict=True)
    ]
    Attempt.objects.bulk_create([a for h in histories for a, _answers in h.attempts])
    for history in histories:
        for attempt, answers in history.attempts:
            for answer in answers:
                answer.attempt = attempt
    Answer.objects.bulk_create(
        [answer for h in histories for _a, answers in h.attempts for answer in answers],
        batch_size=2000,
    )
    EvidenceRecord.objects.bulk_create([r for h in histories for r in h.records])
    Judgement.objects.bulk_create([j for h in histories if (j := h.judgement(demo))])
    # The reports' standings, as the services keep them when evidence is recorded.
    standings_refresh(candidate_ids=[user.pk for user in users], criterion_ids=measured)


def _user(number: int, rng: random.Random, password: str, now) -> User:
    language = "en" if rng.random() < 0.3 else "es"
    first = rng.choice(FIRST_NAMES)
    last = f"{rng.choice(LAST_NAMES)} {rng.choice(LAST_NAMES)}"
    return User(
        email=learner_email(number),
        password=password,
        first_name=first,
        last_name=last,
        preferred_language=language,
        date_joined=now - datetime.timedelta(days=90),
    )


@dataclass
class _History:
    """One learner's attempts (with answers) and evidence records, before saving."""

    user: User
    attempts: list[tuple[Attempt, list[Answer]]]
    records: list[EvidenceRecord]
    decided_at: datetime.datetime

    @classmethod
    def draw(cls, demo: Demo, user: User, rng: random.Random, now) -> _History:
        ability = rng.uniform(0.35, 1.0)  # chance of answering an item right
        language = user.preferred_language
        attempts = []
        final, *others = demo.plans
        if rng.random() < 0.9:
            tries = 2 if rng.random() < 0.3 else 1
            for number in range(1, tries + 1):
                skill = ability * (0.8 if number < tries else 1.0)
                graded = number < tries or rng.random() >= 0.04  # a few wait for grading
                attempts.append(
                    _attempt(demo, final, user, number, skill, language, graded, rng, now)
                )
        for plan in others:
            if rng.random() < 0.6:
                attempts.append(_attempt(demo, plan, user, 1, ability, language, True, rng, now))
        records = []
        if attempts and rng.random() < 0.75:
            observed_on = (now - datetime.timedelta(days=rng.randint(2, 20))).date()
            for criterion in demo.observed:
                records.append(
                    EvidenceRecord(
                        candidate=user,
                        standard=demo.standard,
                        criterion=criterion,
                        evaluator=demo.evaluator,
                        met=rng.random() < min(1.0, ability + 0.25),
                        notes=NOTES[criterion.kind],
                        observed_on=observed_on,
                        place=PLACE,
                        recorded_at=now - datetime.timedelta(days=1),
                    )
                )
        return cls(user=user, attempts=attempts, records=records, decided_at=now)

    def judgement(self, demo: Demo) -> Judgement | None:
        """The verdict on this evidence, when it is complete (as ``judgement_record``)."""
        if not self.records:
            return None
        graded = [
            AttemptEvidence(
                attempt_id=attempt.pk,
                quiz_id=attempt.quiz_id,
                finished_at=attempt.submitted_at,
                policy=attempt.quiz.attempts_policy,
                items=[item_result(answer, attempt) for answer in answers],
            )
            for attempt, answers in self.attempts
            if attempt.status == Attempt.Status.GRADED
        ]
        result = standard_result(
            demo.spec,
            attempts=graded,
            observations=[
                ObservationEvidence(
                    evidence_id=record.pk,
                    criterion_id=record.criterion_id,
                    met=record.met,
                    recorded_at=record.recorded_at,
                )
                for record in self.records
            ],
        )
        if not result.is_complete:
            return None
        standard = demo.standard
        return Judgement(
            candidate=self.user,
            standard=standard,
            result=str(result.verdict),
            evaluator=demo.evaluator,
            decided_at=self.decided_at,
            basis={"standard": {"code": standard.code, "version": standard.version}}
            | result.as_basis(),
        )


def _attempt(demo, plan: QuizPlan, user, number, skill, language, graded, rng, now):
    started = now - datetime.timedelta(days=rng.randint(3, 60), minutes=rng.randint(0, 600))
    submitted = started + datetime.timedelta(minutes=rng.randint(6, 28))
    attempt = Attempt(
        quiz=plan.quiz,
        user=user,
        number=number,
        status=Attempt.Status.GRADED if graded else Attempt.Status.SUBMITTED,
        language=language,
        started_at=started,
        deadline=(
            started + datetime.timedelta(minutes=plan.quiz.time_limit_minutes)
            if plan.quiz.time_limit_minutes
            else None
        ),
        submitted_at=submitted,
        closed_by=Attempt.Closure.SUBMITTED,
        max_points=plan.max_points,
    )
    answers = []
    for position, version in enumerate(plan.versions, 1):
        content = version.content
        kind = item_types.get(content["kind"])
        keys = [option["key"] for option in content.get("options", [])]
        order, match_order = kind.option_order(keys, shuffle=plan.quiz.shuffle_options, rng=rng)
        max_points = Decimal(content["points"])
        correct_response = item_types.correct_response(content)
        if correct_response is None:  # graded by hand: an essay, none, half or full marks
            response = ESSAY_TEXT
            fraction = Decimal(rng.choice([0, 1, 2, 2])) / 2 if graded else None
        else:
            right = rng.random() < skill
            response = correct_response if right else None
            fraction = Decimal(1) if right else Decimal(0)
        answers.append(
            Answer(
                position=position,
                item_version=version,
                option_order=order,
                match_order=match_order,
                response=response,
                sequence=1 if response is not None else 0,
                language=language,
                saved_at=submitted if response is not None else None,
                fraction=fraction,
                points=None
                if fraction is None
                else (fraction * max_points).quantize(Decimal("0.001")),
                max_points=max_points,
                grader=demo.instructor if correct_response is None and graded else None,
                graded_at=submitted if fraction is not None else None,
            )
        )
    if graded:
        attempt.points = sum((a.points for a in answers), Decimal(0))
        attempt.score = (100 * attempt.points / attempt.max_points).quantize(Decimal("0.01"))
        attempt.passed = attempt.score >= plan.quiz.pass_mark
    return attempt, answers
