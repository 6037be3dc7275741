"""The site's URLs plus the floors the benchmarks measure each endpoint against (``floor.py``
in-process, the quiz benchmarks under gunicorn with ``benchmarks.floor_settings``): a bare
Django view, and bare ORM writes of the rows autosave, submit and start write, each behind the
same middleware, session and CSRF check as the real endpoint."""

import json
import os
import secrets
from decimal import Decimal

from django.conf.urls.i18n import i18n_patterns
from django.db import transaction
from django.db.models import F
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import path
from django.utils import timezone

from assessments.models import Answer, Attempt
from cms.urls import urlpatterns as site

#: The environment variable that hands ``START_ANSWERS`` to gunicorn's workers (JSON).
START_ANSWERS_ENV = "PUENTE_BENCH_START_ANSWERS"
#: What the bare start copies into each attempt: ``[(item version id, max points, option
#: order)]``, set by the benchmark from a real attempt of the same quiz (in-process, or
#: through ``START_ANSWERS_ENV``: ``benchmarks/floors.py``, ``start_answers``).
START_ANSWERS: list[tuple[int, Decimal, list]] = [
    (version, Decimal(points), order)
    for version, points, order in json.loads(os.environ.get(START_ANSWERS_ENV, "[]"))
]


def floor(request):
    return HttpResponse("ok")


def orm_autosave(request, pk: int):
    """The one row autosave writes: the answer's response, sequence and time."""
    saved = Answer.objects.filter(pk=pk, attempt__user=request.user).update(
        response=request.POST["q"], sequence=F("sequence") + 1, saved_at=timezone.now()
    )
    return JsonResponse({"saved": bool(saved)})


@transaction.atomic
def orm_start(request, quiz_id: int):
    """The rows a start writes: the attempt and its answers (one bulk insert)."""
    attempt = Attempt.objects.create(
        public_id=secrets.token_urlsafe(24),
        quiz_id=quiz_id,
        user=request.user,
        number=1,
        status=Attempt.Status.IN_PROGRESS,
        language="es",
        started_at=timezone.now(),
        max_points=sum((points for _v, points, _o in START_ANSWERS), Decimal(0)),
    )
    Answer.objects.bulk_create(
        Answer(attempt=attempt, position=n, item_version_id=v, max_points=p, option_order=o)
        for n, (v, p, o) in enumerate(START_ANSWERS, start=1)
    )
    return HttpResponseRedirect(f"/es/bench/attempt/{attempt.pk}/")


@transaction.atomic
def orm_submit(request, pk: int):
    """The rows a submit writes: every answer's grade (one UPDATE) and the attempt's totals."""
    now = timezone.now()
    Answer.objects.filter(attempt_id=pk).update(
        fraction=Decimal(1), points=F("max_points"), graded_at=now
    )
    Attempt.objects.filter(pk=pk, user=request.user).update(
        status=Attempt.Status.GRADED,
        submitted_at=now,
        closed_by=Attempt.Closure.SUBMITTED,
        points=F("max_points"),
        score=Decimal(100),
        passed=True,
    )
    return HttpResponseRedirect(f"/es/bench/attempt/{pk}/result/")


urlpatterns = [
    *i18n_patterns(
        path("bench-floor/", floor, name="bench_floor"),
        path("bench/orm-autosave/<int:pk>/", orm_autosave),
        path("bench/orm-start/<int:quiz_id>/", orm_start),
        path("bench/orm-submit/<int:pk>/", orm_submit),
    ),
    *site,
]
