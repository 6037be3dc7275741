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
