"""Demo people, one per role. Development only: the password is printed by seed_demo."""

from dataclasses import dataclass

from django.db import transaction

from .models import PrivacyConsent, User
from .roles import Role
from .services import consent_record, user_create

DEMO_PASSWORD = "puente-demo-2026"  # noqa: S105 — printed on purpose, refused in production


@dataclass(frozen=True)
class DemoPerson:
    role: Role
    email: str
    first_name: str
    last_name: str
    language: str
    curp: str = ""


DEMO_PEOPLE = [
    DemoPerson(
        Role.TRAINEE,
        "aprendiz@puente.example",
        "María José",
        "Hernández Peña",
        "es",
        "HEPJ950214MNLRXS00",
    ),
    DemoPerson(
        Role.INSTRUCTOR,
        "instructor@puente.example",
        "Luis Alberto",
        "Ramírez Ortega",
        "es",
        "RAOL880709HCHMRS06",
    ),
    DemoPerson(
        Role.EVALUATOR,
        "evaluadora@puente.example",
        "Patricia",
        "Gómez Salazar",
        "es",
        "GOSP790321MJCMLT01",
    ),
    DemoPerson(
        Role.ADMINISTRATOR,
        "admin@puente.example",
        "Ana Sofía",
        "Treviño Garza",
        "en",
        "TEGA850118MNLRRN02",
    ),
]


@transaction.atomic
def seed_people() -> dict[Role, User]:
    people = {}
    for person in DEMO_PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = user_create(
                email=person.email,
                password=DEMO_PASSWORD,
                first_name=person.first_name,
                last_name=person.last_name,
                preferred_language=person.language,
                curp=person.curp,
                roles=(person.role,),
            )
        # The demo people stand for people who signed up and accepted the notice.
        consent_record(user=user, occasion=PrivacyConsent.Occasion.SIGN_UP)
        if person.role in (Role.INSTRUCTOR, Role.ADMINISTRATOR) and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        people[person.role] = user
    return people
