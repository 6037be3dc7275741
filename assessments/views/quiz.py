"""Taking a quiz: start, answer page by page (works without JavaScript), autosave, submit.

Views are thin: they parse the form into raw responses and call ``assessments.services``.
An attempt is looked up among the requester's own attempts, so anyone else's is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.images import get_image_model

from competencies.translation import active_language

from .. import item_types
from ..content import question_display
from ..models import Attempt, Quiz
from ..review import question_review
from ..selectors import (
    attempt_answers,
    attempt_navigation,
    attempt_review,
    attempts_of,
    quiz_attempts,
)
from ..services import (
    AttemptError,
    answer_flag,
    attempt_answers_save,
    attempt_start,
    attempt_submit,
    attempts_close_overdue,
    enrolled_in_course,
    quiz_start_refusal,
)


def _own_attempt(request: HttpRequest, public_id: str) -> Attempt:
    return get_object_or_404(attempts_of(user=request.user), public_id=public_id)


@login_required
def quiz_detail(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = get_object_or_404(Quiz.objects.select_related("course"), pk=pk, is_active=True)
    attempts_close_overdue(quiz=quiz, user=request.user)
    attempts = quiz_attempts(quiz=quiz, user=request.user)
    current = next((a for a in attempts if a.is_open), None)
    refusal = None if current else quiz_start_refusal(quiz=quiz, user=request.user)
    return render(
        request,
        "assessments/quiz/detail.html",
        {"quiz": quiz, "attempts": attempts, "current": current, "refusal": refusal},
    )


@login_required
@require_POST
def quiz_start(request: HttpRequest, pk: int) -> HttpResponse:
    # Read with the quiz: whether the trainee is enrolled (one query fewer for the start).
    quiz = get_object_or_404(
        Quiz.objects.annotate(trainee_enrolled=enrolled_in_course(request.user)),
        pk=pk,
        is_active=True,
    )
    try:
        attempt, _created = attempt_start(quiz=quiz, user=request.user, language=active_language())
    except AttemptError as error:
        messages.error(request, error.message)
        return redirect("assessments:quiz_detail", pk=quiz.pk)
    return redirect("assessments:attempt_page", public_id=attempt.public_id, page=1)


def _raw_response(post, answer, sequence_field: str) -> tuple[object, int] | None:
    """The form fields of one question → ``(raw response, sequence)``; ``None`` when the
    question was not on the submitted form. The item's type reads its own fields."""
    try:
        sequence = int(post.get(sequence_field, ""))
    except ValueError:
        return None
    item_type = item_types.get(answer.kind)
    return item_type.read_response(post, f"q{answer.position}", answer.option_order), sequence


def _pages(attempt: Attempt, count: int) -> int:
    return count if attempt.quiz.layout == Quiz.Layout.ONE_PER_PAGE else 1


@login_required
def attempt_page(request: HttpRequest, public_id: str, page: int = 1) -> HttpResponse:
    attempt = _own_attempt(request, public_id)
    if not attempt.is_open:
        return redirect("assessments:attempt_result", public_id=public_id)
    navigation = attempt_navigation(attempt=attempt)
    count = len(navigation)
    pages = _pages(attempt, count)
    if not 1 <= page <= pages:
        raise Http404
    positions = [page] if pages > 1 else list(range(1, count + 1))
    errors: dict[int, str] = {}
    if request.method == "POST":
        try:
            outcomes = attempt_answers_save(
                public_id=public_id,
                user=request.user,
                answers=lambda answer: _raw_response(request.POST, answer, f"seq{answer.position}"),
                positions=positions,
                language=active_language(),
                only_changed=True,
            )
        except AttemptError as error:
            messages.error(request, error.message)
            return redirect("assessments:attempt_result", public_id=public_id)
        errors = {outcome.position: outcome.error for outcome in outcomes if not outcome.saved}
        flag = _flag_request(request.POST.get("flag", ""), positions)
        if not errors and flag:
            position, flagged = flag
            try:
                answer_flag(
                    public_id=public_id, user=request.user, position=position, flagged=flagged
                )
            except AttemptError as error:
                messages.error(request, error.message)
                return redirect("assessments:attempt_result", public_id=public_id)
            target = reverse("assessments:attempt_page", args=[public_id, page])
            return redirect(f"{target}#question-{position}")
        if not errors:
            action = request.POST.get("go", "next")
            if action == "submit":
                return redirect("assessments:attempt_submit", public_id=public_id)
            target = page - 1 if action == "previous" else page + 1
            if action.isdigit():
                target = int(action)
            if 1 <= target <= pages:
                return redirect("assessments:attempt_page", public_id=public_id, page=target)
            return redirect("assessments:attempt_submit", public_id=public_id)
        messages.error(request, _("Some answers were not saved. See the messages below."))
    answers = attempt_answers(attempt=attempt, positions=positions)
    language = active_language()
    questions = _questions(answers, language, attempt)
    flagged = {state.position for state in navigation if state.flagged}
    for question in questions:
        question["error"] = errors.get(question["position"], "")
        question["flagged"] = question["position"] in flagged
    return render(
        request,
        "assessments/quiz/attempt.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "questions": questions,
            "page": page,
            "pages": pages,
            "navigation": navigation,
            "on_page": positions,
            "remaining": _remaining(attempt),
        },
        status=409 if any(outcome for outcome in errors.values()) else 200,
    )


def _flag_request(value: str, positions: list[int]) -> tuple[int, bool] | None:
    """The no-JavaScript flag button's ``<position>:<1 or 0>``, for a question on the page."""
    position, _sep, state = value.partition(":")
    if not position.isdigit() or int(position) not in positions or state not in ("0", "1"):
        return None
    return int(position), state == "1"


def _remaining(attempt: Attempt) -> int | None:
    if not attempt.deadline:
        return None
    return max(0, int((attempt.deadline - timezone.now()).total_seconds()))


def _questions(answers, language: str, attempt: Attempt) -> list[dict]:
    images = {
        image.pk: image
        for image in get_image_model().objects.filter(
            pk__in=[a.content["image"]["id"] for a in answers if a.content.get("image")]
        )
    }
    questions = []
    for answer in answers:
        version = answer.item_version
        shown = language if language in version.languages else attempt.language
        question = question_display(
            content=version.content,
            language=shown,
            option_order=answer.option_order,
            match_order=answer.match_order,
            response=answer.response,
        )
        question.update(
            position=answer.position,
            sequence=answer.sequence,
            next_sequence=answer.sequence + 1,
            language=shown,
            image=images.get(question["image_id"]),
            answer=answer,
        )
        questions.append(question)
    return questions


@login_required
@require_POST
def attempt_autosave(request: HttpRequest, public_id: str) -> JsonResponse:
    """One question: ``position``, ``seq`` and the question's fields, as the page form sends
    them. Answers 200 saved, 409 stale or closed, 400 invalid, 404 not yours."""
    try:
        position = int(request.POST.get("position", ""))
    except ValueError:
        return JsonResponse({"error": _("This question is not part of your attempt.")}, status=400)
    try:
        outcomes = attempt_answers_save(
            public_id=public_id,
            user=request.user,
            answers=lambda answer: _raw_response(request.POST, answer, "seq"),
            positions=[position],
            language=active_language(),
        )
    except AttemptError as error:
        if error.status == 404:
            raise Http404 from error
        return JsonResponse({"error": error.message, "closed": True}, status=error.status)
    if not outcomes:
        return JsonResponse({"error": _("The save carried no sequence number.")}, status=400)
    (outcome,) = outcomes
    if not outcome.saved:
        return JsonResponse(
            {"error": outcome.error, "sequence": outcome.sequence}, status=outcome.status
        )
    return JsonResponse({"saved": True, "sequence": outcome.sequence})


@login_required
@require_POST
def attempt_flag(request: HttpRequest, public_id: str) -> JsonResponse:
    """Flag one question for review, or clear it (``position``, ``flagged`` = 1 or 0), for
    the page's script; without JavaScript the page form's flag buttons do the same."""
    try:
        position = int(request.POST.get("position", ""))
    except ValueError:
        return JsonResponse({"error": _("This question is not part of your attempt.")}, status=400)
    flagged = request.POST.get("flagged") == "1"
    try:
        answer_flag(public_id=public_id, user=request.user, position=position, flagged=flagged)
    except AttemptError as error:
        if error.status == 404:
            raise Http404 from error
        return JsonResponse(
            {"error": error.message, "closed": error.status == 409}, status=error.status
        )
    return JsonResponse({"position": position, "flagged": flagged})


@login_required
def attempt_submit_view(request: HttpRequest, public_id: str) -> HttpResponse:
    if request.method == "POST":
        # The service looks the attempt up among the requester's own (404 otherwise).
        try:
            attempt_submit(public_id=public_id, user=request.user)
        except AttemptError as error:
            if error.status == 404:
                raise Http404 from error
            messages.error(request, error.message)
        return redirect("assessments:attempt_result", public_id=public_id)
    attempt = _own_attempt(request, public_id)
    if not attempt.is_open:
        return redirect("assessments:attempt_result", public_id=public_id)
    answers = attempt_answers(attempt=attempt)
    unanswered = [a.position for a in answers if a.response in (None, "", [], {})]
    flagged = [a.position for a in answers if a.flagged]
    return render(
        request,
        "assessments/quiz/submit.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "count": len(answers),
            "unanswered": unanswered,
            "flagged": flagged,
            "pages": _pages(attempt, len(answers)),
            "remaining": _remaining(attempt),
        },
    )


@login_required
def attempt_result(request: HttpRequest, public_id: str) -> HttpResponse:
    attempt = _own_attempt(request, public_id)
    if attempt.is_open:
        attempts_close_overdue(user=request.user, quiz=attempt.quiz)
        attempt.refresh_from_db()
        if attempt.is_open:
            return redirect("assessments:attempt_page", public_id=public_id, page=1)
    review = attempt_review(attempt=attempt)
    questions = (
        _questions(attempt_answers(attempt=attempt), active_language(), attempt)
        if any(review.values())
        else []
    )
    for question in questions:
        answer = question["answer"]
        question_review(
            question,
            content=answer.content,
            language=question["language"],
            fraction=answer.fraction,
            points=answer.points,
            max_points=answer.max_points,
            grader_feedback=answer.grader_feedback,
            review=review,
        )
    return render(
        request,
        "assessments/quiz/result.html",
        {"attempt": attempt, "quiz": attempt.quiz, "review": review, "questions": questions},
    )
