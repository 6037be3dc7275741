import pytest

from accounts.roles import Role
from certificates.models import Certificate
from certificates.services import certificate_issue
from tests.factories.accounts import UserFactory
from tests.factories.certificates import ElementFactory, JudgementFactory, StandardFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def standard(db):
    standard = StandardFactory(code="EC0301", is_sample=False)
    ElementFactory(standard=standard, number=1)
    ElementFactory(
        standard=standard,
        number=2,
        title_es="Verificar la calidad de la soldadura y registrar los resultados",
        title_en="Check weld quality and record the results",
    )
    return standard


@pytest.fixture
def holder(db):
    return UserFactory(
        first_name="María José", last_name="Hernández Peña", email="maria@puente.example"
    )


@pytest.fixture
def competent(holder, standard):
    return JudgementFactory(candidate=holder, standard=standard)


def issued_rendered(holder, standard, administrator, capture) -> Certificate:
    """``holder``'s certificate of ``standard``, issued and its PDF rendered and stored (the
    task the commit enqueues, run: ``capture`` is ``django_capture_on_commit_callbacks``)."""
    with capture(execute=True):
        issued = certificate_issue(holder=holder, standard=standard, issued_by=administrator)
    issued.refresh_from_db()
    return issued


@pytest.fixture
def certificate(
    competent, holder, standard, django_capture_on_commit_callbacks, administrator
) -> Certificate:
    return issued_rendered(holder, standard, administrator, django_capture_on_commit_callbacks)


@pytest.fixture
def administrator(db):
    """Issues and revokes: the Administrators role holds the certificate permissions."""
    return UserFactory(
        roles=[Role.ADMINISTRATOR], first_name="Ana Sofía", last_name="Treviño Garza"
    )
