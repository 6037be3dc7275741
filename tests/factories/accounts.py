from django.contrib.auth.models import Group

import factory

from accounts.models import PrivacyConsent, User
from accounts.roles import Role
from accounts.services import consent_record


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persona{n}@puente.example")
    first_name = factory.Faker("first_name", locale="es_MX")
    last_name = factory.Faker("last_name", locale="es_MX")
    preferred_language = "es"
    password = factory.django.Password("contraseña-segura-2026")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create:
            for role in extracted or (Role.TRAINEE,):
                self.groups.add(Group.objects.get(name=Role(role).value))

    @factory.post_generation
    def privacy_consent(self, create, extracted, **kwargs):
        """Like everyone who signed up, the person accepted the current privacy notice;
        ``privacy_consent=False`` builds someone who has not (created by staff, or before
        the notice changed)."""
        if create and extracted is not False:
            consent_record(user=self, occasion=PrivacyConsent.Occasion.SIGN_UP)
