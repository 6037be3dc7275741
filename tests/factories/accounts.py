from django.contrib.auth.models import Group

import factory

from accounts.models import User
from accounts.roles import Role


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
