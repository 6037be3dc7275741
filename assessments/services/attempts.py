"""Writes for attempts: start (freeze), save answers (sequence-checked), submit (exactly once).

Every function is keyword-only and atomic. Concurrency: saving and submitting lock the
attempt row (``select_for_update``; SQLite serialises writers with IMMEDIATE transactions),
so a save racing a submit either lands before grading or is refused, and any number of
simultaneous submits grade once.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Exists, F, OuterRef, Value, When
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from courses.models import Enrollment

from .. import item_types, tasks
from ..content import item_content, missing_languages
from ..models import Answer, Attempt, Quiz
from .frozen import frozen_attempt, frozen_forget, frozen_remember
from .items import (
    content_relations_as_values,
    item_versions_for_contents,
    items_for_content,
    latest_version,
)
from .standings import standings_after_attempt

_random = random.SystemRandom()


def grace() -> timedelta:
    return timedelta(seconds=getattr(settings, "ASSESSMENTS_DEADLINE_GRACE_SECONDS", 30))


class AttemptError(Exception):
    """A refused action on a quiz or attempt; ``message`` is translated, ``status`` for HTTP."""

    status = 400

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class AttemptClosed(AttemptError):
    status = 409


class StaleSave(AttemptError):
    status = 409


# --- start ----------------------------------------------------------------------------


def quiz_start_refusal(*, quiz: Quiz, user, now: datetime | None = None) -> str | None:
    """Why ``user`` cannot start a new attempt now, or ``None`` when they can."""
    history = list(Attempt.objects.filter(quiz=quiz, user=user).order_by())
    return _start_refusal(quiz, user, history, now or timezone.now())


def enrolled_in_course(user) -> Exists:
    """Whether ``user`` is enrolled (active) in the quiz's course, as an annotation of
    ``Quiz`` rows: ``attempt_start`` then reads it with the quiz (``trainee_enrolled``)."""
    return Exists(Enrollment.objects.active().filter(user=user, course_id=OuterRef("course_id")))


def _start_refusal(quiz: Quiz, user, history: list[Attempt], now: datetime) -> str | None:
    """``quiz_start_refusal`` given ``history``, the user's attempts at the quiz."""
    if not quiz.is_active:
        return _("This quiz is not available.")
    enrolled = getattr(quiz, "trainee_enrolled", None)  # read with the quiz (quiz_start)
    if enrolled is None:
        enrolled = Enrollment.objects.active().filter(user=user, course_id=quiz.course_id).exists()
    if not enrolled:
        return _("Enroll in the course to take its quizzes.")
    if quiz.opens_at and now < quiz.opens_at:
        return _("This quiz opens on %(date)s.") % {
            "date": timezone.localtime(quiz.opens_at).strftime("%Y-%m-%d %H:%M")
        }
    if quiz.closes_at and now >= quiz.closes_at:
        return _("This quiz is closed.")
    finished = [attempt for attempt in history if not attempt.is_open]
    if quiz.attempts_allowed and len(finished) >= quiz.attempts_allowed:
        return _("You have used all the attempts allowed for this quiz.")
    last = max((attempt.submitted_at for attempt in finished), default=None)
    if last and quiz.wait_minutes and now < last + timedelta(minutes=quiz.wait_minutes):
        return _("You can try again after %(time)s.") % {
            "time": timezone.localtime(last + timedelta(minutes=quiz.wait_minutes)).strftime(
                "%Y-%m-%d %H:%M"
            )
        }
    return None


def _draw(quiz: Quiz, language: str) -> tuple[list[tuple[int, dict]], dict[int, tuple[int, str]]]:
    """Fixed items and random draws, in slot order, as ``(item id, current content)``;
    draws skip items not served in ``language``, fixed items lacking it make the quiz
    refuse to start. Each item's content is built once: it also identifies its version.
    Also the fixed items' latest versions, ``{item id: (version id, digest)}``, read with
    the slots (``item_versions_for_contents``)."""
    chosen: list[tuple[int, dict]] = []
    slots = list(
        quiz.slots.order_by("sort_order")
        .select_related("item")
        .annotate(latest_id=latest_version("pk"), latest_digest=latest_version("digest"))
    )
    fixed_items = {slot.item_id: slot.item for slot in slots if slot.item_id}
    content_relations_as_values(fixed_items)
    fixed = {pk: item_content(item) for pk, item in fixed_items.items()}
    latest = {slot.item_id: (slot.latest_id, slot.latest_digest) for slot in slots if slot.item_id}
    taken = set(fixed)
    for slot in slots:
        if slot.item_id:
            content = fixed[slot.item_id]
            if language in missing_languages(content):
                raise AttemptError(
                    _(
                        "This quiz is not yet available in this language. Switch language "
                        "to take it in the other one."
                    )
                )
            chosen.append((slot.item_id, content))
            continue
        pool = items_for_content().filter(is_active=True).exclude(pk__in=taken)
        if slot.draw_criterion_id:
            pool = pool.filter(criteria__criterion_id=slot.draw_criterion_id)
        if slot.draw_tag:
            pool = pool.filter(tags__name__iexact=slot.draw_tag)
        if slot.draw_difficulty:
            pool = pool.filter(difficulty=slot.draw_difficulty)
        candidates = [
            (item.pk, content)
            for item in pool.distinct()
            if language not in missing_languages(content := item_content(item))
        ]
        if len(candidates) < slot.draw_count:
            raise AttemptError(
                _("This quiz cannot be assembled yet: its question bank has too few items.")
            )
        drawn = _random.sample(candidates, slot.draw_count)
        taken.update(pk for pk, _content in drawn)
        chosen.extend(drawn)
    if not chosen:
        raise AttemptError(_("This quiz has no questions yet."))
    if quiz.shuffle_items:
        _random.shuffle(chosen)
    return chosen, latest


def _option_order(content: dict, *, shuffle: bool) -> tuple[list[str], list[str]]:
    keys = [option["key"] for option in content["options"]]
    return item_types.get(content["kind"]).option_order(keys, shuffle=shuffle, rng=_random)


def _deadline(quiz: Quiz, started_at: datetime) -> datetime | None:
    limits = []
    if quiz.time_limit_minutes:
        limits.append(started_at + timedelta(minutes=quiz.time_limit_minutes))
    if quiz.closes_at:
        limits.append(quiz.closes_at)
    return min(limits) if limits else None


def attempt_start(
    *, quiz: Quiz, user, language: str, now: datetime | None = None
) -> tuple[Attempt, bool]:
    """Start (or resume) ``user``'s attempt at ``quiz``; returns ``(attempt, created)``.

    The attempt freezes the item versions, the draw, the item order and the option order.
    Everything is read and prepared first; the transaction only inserts the attempt and its
    answers (on SQLite it holds the database's single write lock).
    """
    now = now or timezone.now()
    history = list(Attempt.objects.filter(quiz=quiz, user=user).order_by())
    if any(a.is_open and a.deadline and a.deadline < now - grace() for a in history):
        attempts_close_overdue(quiz=quiz, user=user, now=now)
        history = list(Attempt.objects.filter(quiz=quiz, user=user).order_by())
    current = next((attempt for attempt in history if attempt.is_open), None)
    if current:
        return current, False
    refusal = _start_refusal(quiz, user, history, now)
    if refusal:
        raise AttemptError(refusal, status=403)
    chosen, latest = _draw(quiz, language)
    versions = item_versions_for_contents(contents=dict(chosen), latest=latest)
    points = [Decimal(content["points"]) for _pk, content in chosen]
    attempt = Attempt(
        quiz=quiz,
        user=user,
        number=max((a.number for a in history), default=0) + 1,
        language=language,
        started_at=now,
        deadline=_deadline(quiz, now),
        max_points=sum(points),
    )
    answers = []
    for position, ((pk, content), max_points) in enumerate(zip(chosen, points, strict=True), 1):
        order, match_order = _option_order(content, shuffle=quiz.shuffle_options)
        answers.append(
            Answer(
                attempt=attempt,
                position=position,
                item_version=versions[pk],
                option_order=order,
                match_order=match_order,
                max_points=max_points,
            )
        )
    try:
        with transaction.atomic():
            attempt.save(force_insert=True)
            Answer.objects.bulk_create(answers)
    except IntegrityError:
        # A parallel request of the same trainee started it first: resume that one.
        current = (
            Attempt.objects.filter(quiz=quiz, user=user, status=Attempt.Status.IN_PROGRESS)
            .order_by()
            .first()
        )
        if current is None:
            raise
        return current, False
    frozen_remember(  # what this trainee's saves will read, known here already
        user_id=user.pk,
        public_id=attempt.public_id,
        attempt_id=attempt.pk,
        deadline=attempt.deadline,
        answers=answers,
    )
    return attempt, True


# --- save -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SaveOutcome:
    position: int
    saved: bool
    error: str = ""
    status: int = 200
    sequence: int = 0


INVALID_MESSAGES = {
    "option": lambda error: _("That choice is not one of this question’s options. Choose again."),
    "number": lambda error: _("Write a number, e.g. 3.5 or 3,5, optionally followed by the unit."),
    "order": lambda error: _("Give every element a different place in the order."),
    "text": lambda error: _("Write your answer as text."),
    "nul": lambda error: _(
        "Your answer contains a NUL control character, which cannot be saved. Remove it "
        "(type the pasted part again) and save again."
    ),
    "too_long": lambda error: answer_too_long_message(error.limit),
    "kind": lambda error: _("This question cannot take that answer."),
}


def answer_too_long_message(limit: int | None = None) -> str:
    """What a learner whose answer is over ``limit`` characters (by default the longest an
    answer may be, an essay's) is told, in the active language."""
    limit = limit or item_types.ANSWER_MAX_LENGTH
    return _(
        "Your answer is too long: %(limit)s characters at most. Shorten it and save again."
    ) % {"limit": number_format(limit, force_grouping=True)}


def _sequence_out_of_range(position: int, stored: int) -> SaveOutcome:
    return SaveOutcome(
        position,
        False,
        _("This save carried a sequence number out of range. Reload the page and save again."),
        400,
        stored,
    )


def _open_attempt(*, public_id: str, user, now: datetime) -> Attempt:
    """The requester's attempt, refused unless it can still take answers (no lock: the
    write that follows re-checks that the attempt is open)."""
    attempt = (
        Attempt.objects.filter(public_id=public_id, user=user)
        .only("pk", "status", "deadline")
        .first()
    )
    if attempt is None:
        raise AttemptError(_("Attempt not found."), status=404)
    _check_open(attempt, now)
    return attempt


def _check_open(attempt: Attempt, now: datetime) -> None:
    if not attempt.is_open:
        raise AttemptClosed(_("This attempt has been submitted; answers can no longer change."))
    if attempt.deadline and now > attempt.deadline + grace():
        raise _Overdue


class _Overdue(Exception):
    pass


def _time_is_up() -> AttemptClosed:
    return AttemptClosed(
        _("Time is up: the attempt was closed with the answers saved before the deadline.")
    )


Reader = Callable[[Answer], "tuple[object, int] | None"]


def attempt_answers_save(
    *,
    public_id: str,
    user,
    answers: Mapping[int, tuple[object, int]] | Reader,
    positions: list[int] | None = None,
    language: str,
    only_changed: bool = False,
    now: datetime | None = None,
) -> list[SaveOutcome]:
    """Save answers, each kept only when its sequence is newer than the stored one.

    ``answers`` is ``{position: (raw response, sequence)}``, or a reader called with each
    ``Answer`` of ``positions`` that returns ``(raw response, sequence)`` or ``None`` (a view
    reading form fields that depend on the frozen item). Raises ``AttemptError`` when the
    attempt cannot take answers; per-question refusals are in the returned outcomes.

    ``only_changed`` skips answers equal to the stored ones (a page posted without
    JavaScript re-sends every answer on it; unchanged ones must not clash with newer saves).
    """
    now = now or timezone.now()
    if not callable(answers):
        given = dict(answers)
        positions = list(given)
        answers = lambda answer: given.get(answer.position)  # noqa: E731
    try:
        return _answers_save(public_id, user, answers, positions or [], language, only_changed, now)
    except _Overdue:
        attempts_close_overdue(user=user, now=now)
        raise _time_is_up() from None


def answer_flag(
    *, public_id: str, user, position: int, flagged: bool, now: datetime | None = None
) -> None:
    """Flag question ``position`` of the trainee's open attempt for review, or clear the
    flag: a note to self that the navigator shows; grading ignores it. Refused like a save
    when the attempt is not the requester's or can no longer change."""
    now = now or timezone.now()
    try:
        attempt = _open_attempt(public_id=public_id, user=user, now=now)
    except _Overdue:
        attempts_close_overdue(user=user, now=now)
        raise _time_is_up() from None
    changed = Answer.objects.filter(
        attempt=attempt, position=position, attempt__status=Attempt.Status.IN_PROGRESS
    ).update(flagged=flagged)
    if not changed:
        raise AttemptError(_("This question is not part of your attempt."))


def _stale(position: int, sequence: int) -> SaveOutcome:
    return SaveOutcome(
        position,
        False,
        _(
            "A newer answer to this question was already saved (from another "
            "tab or device); it was kept. Check it and answer again if needed."
        ),
        409,
        sequence,
    )


# What a save reads: the attempt's state and the frozen content that checks the response.
_SAVE_FIELDS = (
    "position",
    "option_order",
    "response",
    "sequence",
    "attempt",
    "attempt__status",
    "attempt__deadline",
    "item_version",
    "item_version__content",
)


def _answers_save(public_id, user, read, positions, language, only_changed, now):
    if not only_changed:
        frozen = frozen_attempt(user_id=user.pk, public_id=public_id)
        saved = frozen and _frozen_answers_save(
            frozen, read, positions, language, now, user_id=user.pk, public_id=public_id
        )
        if saved is not None:
            return saved
    # Reads happen outside any transaction: on SQLite a transaction holds the database's one
    # write lock from its first statement, so it only wraps the conditional UPDATEs below.
    rows = list(
        Answer.objects.filter(
            attempt__public_id=public_id, attempt__user=user, position__in=positions
        )
        .select_related("attempt", "item_version")
        .only(*_SAVE_FIELDS)
    )
    if rows:
        attempt = rows[0].attempt
        frozen_remember(
            user_id=user.pk,
            public_id=public_id,
            attempt_id=attempt.pk,
            deadline=attempt.deadline,
            answers=rows,
        )
        _check_open(attempt, now)  # the deadline never changes once the attempt exists
    else:
        attempt = _open_attempt(public_id=public_id, user=user, now=now)
    stored = {answer.position: answer for answer in rows}
    outcomes: dict[int, SaveOutcome] = {}
    writes: list[tuple[Answer, object, int]] = []
    for position in positions:
        answer = stored.get(position)
        if answer is None:
            outcomes[position] = SaveOutcome(
                position, False, _("This question is not part of your attempt."), 400
            )
            continue
        given = read(answer)
        if given is None:
            continue
        raw, sequence = given
        if not 0 <= sequence <= Answer.SEQUENCE_MAX:
            outcomes[position] = _sequence_out_of_range(position, answer.sequence)
            continue
        try:
            response = item_types.normalize_response(answer.content, raw)
        except item_types.InvalidResponse as error:
            outcomes[position] = SaveOutcome(
                position, False, INVALID_MESSAGES[error.code](error), 400, answer.sequence
            )
            continue
        if only_changed and response == answer.response:
            outcomes[position] = SaveOutcome(position, True, sequence=answer.sequence)
        elif answer.sequence >= sequence:
            outcomes[position] = _stale(position, answer.sequence)
        else:
            writes.append((answer, response, sequence))
    if writes:
        outcomes.update(_answers_write(attempt, writes, language=language, now=now))
    return [outcomes[position] for position in positions if position in outcomes]


def _frozen_answers_save(
    frozen, read, positions, language, now, *, user_id: int, public_id: str
) -> list[SaveOutcome] | None:
    """``_answers_save`` without reading a row first, from the attempt's frozen facts
    (``frozen``): the responses are checked against the frozen content, then the conditional
    UPDATEs keep each only while the attempt is open and its sequence newer, as always.
    ``None`` when the facts do not cover the request or a response is refused (the full path
    then answers it, with the stored sequence its refusal reports)."""
    answers = [frozen.answer(position) for position in positions]
    if None in answers:
        return None
    if frozen.deadline and now > frozen.deadline + grace():
        raise _Overdue
    writes = []
    for answer in answers:
        given = read(answer)
        if given is None:
            continue
        raw, sequence = given
        if not 0 <= sequence <= Answer.SEQUENCE_MAX:
            return None
        try:
            response = item_types.normalize_response(answer.content, raw)
        except item_types.InvalidResponse:
            return None
        writes.append((answer, response, sequence))
    if not writes:
        return []
    try:
        outcomes = _answers_write(Attempt(pk=frozen.attempt_id), writes, language=language, now=now)
    except Answer.DoesNotExist:  # erased since: the full path finds nothing either
        frozen_forget(user_id=user_id, public_id=public_id)
        return None
    return [outcomes[position] for position in positions if position in outcomes]


def _answers_write(attempt, writes, *, language, now) -> dict[int, SaveOutcome]:
    """One conditional UPDATE per answer: kept only while the attempt is open and the stored
    sequence is older, so a submit or a newer save that got there first always wins.

    On PostgreSQL the sub-select locks the attempt row (``FOR NO KEY UPDATE``, which a
    submit's ``FOR UPDATE`` excludes): a save racing a submit waits for it, then finds the
    attempt closed. On SQLite the IMMEDIATE transaction excludes every other writer; a single
    save there (autosave: one question) is one statement, which SQLite runs under its write
    lock by itself, so it needs no transaction around it (two statements fewer).
    """
    outcomes = {}
    alone = len(writes) == 1 and not connection.features.has_select_for_update
    with nullcontext() if alone else transaction.atomic():
        still_open = (
            Attempt.objects.select_for_update(no_key=True)
            .filter(pk=attempt.pk, status=Attempt.Status.IN_PROGRESS)
            .order_by()  # no default ordering: it would join (and lock) quiz, course and user
        )
        for answer, response, sequence in writes:
            updated = Answer.objects.filter(
                pk=answer.pk, sequence__lt=sequence, attempt__in=still_open
            ).update(response=response, sequence=sequence, saved_at=now, language=language)
            if updated:
                outcomes[answer.position] = SaveOutcome(answer.position, True, sequence=sequence)
                continue
            current, status = Answer.objects.values_list("sequence", "attempt__status").get(
                pk=answer.pk
            )
            if status != Attempt.Status.IN_PROGRESS:
                raise AttemptClosed(
                    _("This attempt has been submitted; answers can no longer change.")
                )
            outcomes[answer.position] = _stale(answer.position, current)  # a newer save won
    return outcomes


# --- submit ---------------------------------------------------------------------------


def _locked_attempt(**lookups) -> Attempt | None:
    """The attempt matching ``lookups`` and its quiz's pass mark (``quiz_pass_mark``), its
    row locked until the transaction ends. Only the attempt's row: locking the quiz would
    make every submit of the quiz wait for the others (PostgreSQL; SQLite's IMMEDIATE
    transaction locks anyway). The pass mark is all grading reads of the quiz: the quiz
    itself (a few dozen columns, a clusterable model) is not built."""
    return (
        Attempt.objects.select_for_update(of=("self",))
        .annotate(quiz_pass_mark=F("quiz__pass_mark"))
        .filter(**lookups)
        .order_by()  # the default ordering would join course and user for nothing
        .first()
    )


def _grade_and_close(attempt: Attempt, *, now: datetime, closed_by: str) -> None:
    """Grade every answer of a locked, open attempt and close it (caller holds the lock).

    One UPDATE stores every grade, whatever the number of answers: answers with the same
    grade share a ``When`` branch, so its size follows the distinct grades, not the items.
    """
    answers: list[_Graded] = []
    grades: dict[tuple[Decimal, Decimal], list[int]] = defaultdict(list)
    # Plain values: grading reads the response and the frozen content, nothing else.
    for pk, response, max_points, points, content in Answer.objects.filter(
        attempt=attempt
    ).values_list("pk", "response", "max_points", "points", "item_version__content"):
        fraction = item_types.grade(content, response)
        if fraction is not None:  # None: an essay, graded by hand later
            fraction = Decimal(str(round(fraction, 4)))
            points = (max_points * fraction).quantize(Decimal("0.001"))
            grades[(fraction, points)].append(pk)
        answers.append(_Graded(content=content, points=points))
    if grades:
        Answer.objects.filter(pk__in=[pk for pks in grades.values() for pk in pks]).update(
            fraction=_by_grade(grades, 0, "fraction"),
            points=_by_grade(grades, 1, "points"),
            graded_at=now,
        )
    attempt.submitted_at = now
    attempt.closed_by = closed_by
    _totals(attempt, answers)
    attempt.save(update_fields=["status", "submitted_at", "closed_by", "points", "score", "passed"])
    standings_after_attempt(attempt=attempt, criterion_ids=_criteria_measured(answers))
    if attempt.status == Attempt.Status.SUBMITTED:  # essays wait: tell their graders
        attempt_id = attempt.pk
        tasks.essays_to_grade_email.enqueue(attempt_id)


class _Graded(NamedTuple):
    """What the totals and the standings read of a graded answer."""

    content: dict
    points: Decimal | None


def _criteria_measured(answers: Iterable[Answer | _Graded]) -> set[int]:
    """The criteria the answers' frozen item versions measure."""
    return {int(pk) for answer in answers for pk in answer.content.get("criteria", {})}


def _by_grade(grades: dict[tuple[Decimal, Decimal], list[int]], index: int, field: str):
    """The value of ``field`` for each answer: a plain value when every answer shares it."""
    values = {grade[index] for grade in grades}
    if len(values) == 1:
        return values.pop()
    output = Answer._meta.get_field(field)
    return Case(
        *(
            When(pk__in=pks, then=Value(grade[index], output_field=output))
            for grade, pks in grades.items()
        ),
        output_field=output,
    )


def _totals(attempt: Attempt, answers: Sequence[Answer | _Graded]) -> None:
    """The attempt's points, score and verdict (``attempt`` from ``_locked_attempt``)."""
    attempt.points = sum((a.points or Decimal(0) for a in answers), Decimal(0))
    if any(a.points is None for a in answers):
        attempt.status, attempt.score, attempt.passed = Attempt.Status.SUBMITTED, None, None
        return
    attempt.status = Attempt.Status.GRADED
    score = attempt.points / attempt.max_points * 100 if attempt.max_points else Decimal(0)
    attempt.score = min(Decimal(100), score.quantize(Decimal("0.01")))
    attempt.passed = attempt.score >= attempt.quiz_pass_mark


def attempt_submit(*, public_id: str, user, now: datetime | None = None) -> tuple[Attempt, bool]:
    """Submit and grade, exactly once: ``(attempt, True)`` for the call that closed it,
    ``(attempt, False)`` for every repeat or concurrent one."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked_attempt(public_id=public_id, user=user)
        if attempt is None:
            raise AttemptError(_("Attempt not found."), status=404)
        if not attempt.is_open:
            return attempt, False
        if attempt.deadline and now > attempt.deadline + grace():
            _grade_and_close(attempt, now=attempt.deadline, closed_by=Attempt.Closure.DEADLINE)
        else:
            _grade_and_close(attempt, now=now, closed_by=Attempt.Closure.SUBMITTED)
    return attempt, True


def attempts_close_overdue(
    *, quiz: Quiz | None = None, user=None, now: datetime | None = None
) -> int:
    """Close every open attempt past its deadline (plus grace), graded as of the deadline."""
    now = now or timezone.now()
    overdue = Attempt.objects.filter(status=Attempt.Status.IN_PROGRESS, deadline__lt=now - grace())
    if quiz is not None:
        overdue = overdue.filter(quiz=quiz)
    if user is not None:
        overdue = overdue.filter(user=user)
    closed = 0
    for public_id in overdue.values_list("public_id", flat=True):
        with transaction.atomic():
            attempt = _locked_attempt(public_id=public_id, status=Attempt.Status.IN_PROGRESS)
            if attempt:
                _grade_and_close(attempt, now=attempt.deadline, closed_by=Attempt.Closure.DEADLINE)
                closed += 1
    return closed


@transaction.atomic
def attempt_recompute(*, attempt: Attempt) -> Attempt:
    """Recompute totals after manual grading; the attempt becomes graded when nothing is
    pending. For the grading queue (issue 6)."""
    attempt = _locked_attempt(pk=attempt.pk)
    if attempt.is_open:
        return attempt
    answers = list(attempt.answers.select_related("item_version"))
    _totals(attempt, answers)
    attempt.save(update_fields=["status", "points", "score", "passed"])
    standings_after_attempt(attempt=attempt, criterion_ids=_criteria_measured(answers))
    return attempt
