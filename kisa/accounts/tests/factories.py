"""factory_boy factories for users and memberships."""

import factory

from kisa.accounts import models
from kisa.registry.tests.factories import YouthOfficeFactory

TEST_PASSWORD = "kisa-test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    youth_office = factory.SubFactory(YouthOfficeFactory)
    role = models.Role.COORDINATOR

    @factory.post_generation
    def kitas(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            self.kitas.set(extracted)
