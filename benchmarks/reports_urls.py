"""The site's URLs plus a bare view, the floor no page can go below (benchmarks/reports.py)."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import path

from cms.urls import urlpatterns as site


def floor(request):
    return HttpResponse("ok")


urlpatterns = [*i18n_patterns(path("bench-floor/", floor, name="bench_floor")), *site]
