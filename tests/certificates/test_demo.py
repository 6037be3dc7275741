from accounts.demo import seed_people
from accounts.roles import Role
from certificates.demo import demo_verification_urls, seed_certificates
from certificates.models import Certificate
from tests.factories.certificates import ElementFactory, JudgementFactory, StandardFactory


def test_demo_trainee_gets_one_valid_and_one_revoked_certificate_idempotently(db):
    assert seed_certificates() == {}  # nothing earned yet: nothing issued
    trainee = seed_people()[Role.TRAINEE]
    standard = StandardFactory(code="EC9101")
    ElementFactory(standard=standard, number=1)
    JudgementFactory(candidate=trainee, standard=standard)

    first = seed_certificates()
    second = seed_certificates()
    assert {k: c.pk for k, c in first.items()} == {k: c.pk for k, c in second.items()}
    assert Certificate.objects.filter(holder=trainee).count() == 2
    assert first["valid"].public_status == "valid"
    assert first["revoked"].status == "revoked" and first["revoked"].revocation_reason
    urls = demo_verification_urls(first)
    assert urls["valid"] == f"http://testserver/es/verify/{first['valid'].code}/"
    assert urls["revoked"].endswith(f"/verify/{first['revoked'].code}/")


def test_the_demo_certificates_were_earned_by_the_work_the_demo_shows(db):
    """Modules studied, quiz graded, criteria observed, judged Competente: the certificate
    issued on that judgement (by the system) is the revoked one; the valid one followed."""
    import io

    from django.core.management import call_command

    from assessments.models import Attempt, EvidenceRecord
    from courses.models import Enrollment, Module, ModuleProgress

    out = io.StringIO()
    call_command("seed_demo", force=True, stdout=out)
    call_command("seed_demo", force=True, stdout=out)  # idempotent
    trainee = seed_people()[Role.TRAINEE]
    enrollment = Enrollment.objects.get(user=trainee, course__code="AUTO-CAL-101")
    modules = Module.objects.filter(course=enrollment.course).published()
    assert modules.count() >= 4
    done = ModuleProgress.objects.filter(enrollment=enrollment, completed_at__isnull=False)
    assert done.count() == modules.count()
    assert Attempt.objects.filter(user=trainee, status=Attempt.Status.GRADED).exists()
    assert EvidenceRecord.objects.filter(candidate=trainee).exists()

    certificates = Certificate.objects.filter(holder=trainee).order_by("pk")
    assert [c.status for c in certificates] == ["revoked", "valid"]
    revoked, valid = certificates
    assert revoked.judgement.is_competent and revoked.issued_by is None
    assert revoked.events.filter(action="issued", actor=None).exists()
    assert valid.judgement == revoked.judgement and valid.issued_by.email == "admin@puente.example"
    assert revoked.is_sample and valid.is_sample
    printed = out.getvalue()
    assert f"Demo certificate (valid): http://testserver/es/verify/{valid.code}/" in printed
    assert f"Demo certificate (revoked): http://testserver/es/verify/{revoked.code}/" in printed
