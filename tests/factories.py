"""factory_boy factories for the domain models."""

import datetime

import factory

from councils.models import Council, Deputy, District, Election, Region
from trainings.models import Attendance, Campaign, Enrolment, Invitation, Topic, TrainingSession, Venue


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"4179{n:010d}")
    name_ru = factory.Sequence(lambda n: f"Область {n}")
    name_ky = factory.Sequence(lambda n: f"{n}-облус")
    name_en = factory.Sequence(lambda n: f"Region {n}")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    region = factory.SubFactory(RegionFactory)
    code = factory.Sequence(lambda n: f"41798{n:09d}")
    name_ru = factory.Sequence(lambda n: f"Район {n}")
    name_ky = factory.Sequence(lambda n: f"{n}-район")
    name_en = factory.Sequence(lambda n: f"District {n}")


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council

    district = factory.SubFactory(DistrictFactory)
    region = factory.SelfAttribute("district.region")
    kind = Council.Kind.AIYL
    code = factory.Sequence(lambda n: f"41799{n:09d}")
    name_ru = factory.Sequence(lambda n: f"Айылный аймак {n}")
    name_ky = factory.Sequence(lambda n: f"{n}-айыл аймагы")
    name_en = factory.Sequence(lambda n: f"Aiyl aimak {n}")
    seats = 11


class ElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Election

    council = factory.SubFactory(CouncilFactory)
    date = datetime.date(2021, 4, 11)
    convocation = 2021
    seats = 11


class DeputyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deputy

    council = factory.SubFactory(CouncilFactory)
    convocation = 2021
    last_name = factory.Sequence(lambda n: f"Асанов{n}")
    first_name = "Бакыт"
    patronymic = "Маратович"
    gender = Deputy.Gender.MALE
    birth_year = 1980
    phone = factory.Sequence(lambda n: f"+996555{n:06d}")
    first_term = True


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"topic-{n}")
    name_ru = factory.Sequence(lambda n: f"Тема {n}")
    name_ky = factory.Sequence(lambda n: f"{n}-тема")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    code = factory.Sequence(lambda n: f"CAMP-{n}")
    name_ru = "Обучение депутатов 2021"
    name_ky = "Депутаттарды окутуу 2021"
    name_en = "Deputy training 2021"
    donor = "Government of Switzerland"
    implementer = "Development Policy Institute"
    start = datetime.date(2021, 5, 24)
    end = datetime.date(2021, 7, 2)
    convocation = 2021


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    class Params:
        name = factory.Sequence(lambda n: f"Venue {n}")  # the Russian name, as venues had one name before

    name_ru = factory.SelfAttribute("name")
    district = factory.SubFactory(DistrictFactory)
    address = "ул. Ленина, 1"
    capacity = 30


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession
        skip_postgeneration_save = True  # the trainers hook only adds to a many-to-many relation

    campaign = factory.SubFactory(CampaignFactory)
    code = factory.Sequence(lambda n: f"S{n:03d}")
    venue = factory.SubFactory(VenueFactory)
    start_date = datetime.date(2021, 5, 24)
    days = 2
    capacity = 30

    @factory.post_generation
    def trainers(self, create, extracted, **kwargs):
        if create and extracted:
            self.trainers.add(*extracted)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    session = factory.SubFactory(TrainingSessionFactory)
    council = factory.SubFactory(CouncilFactory)
    places = 5


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    session = factory.SubFactory(TrainingSessionFactory)
    deputy = factory.SubFactory(DeputyFactory)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    enrolment = factory.SubFactory(EnrolmentFactory)
    day = 1
    present = True


# assessments


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "assessments.Instrument"

    campaign = factory.SubFactory(CampaignFactory)
    name = "Knowledge test"
    max_score = 20


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "assessments.Question"

    instrument = factory.SubFactory(InstrumentFactory)
    number = factory.Sequence(lambda n: n + 1)
    topic = factory.SubFactory(TopicFactory)
    text_ru = "Вопрос"
    choices = ["A", "B", "C", "D"]
    key = "A"
    points = 1


class TestResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "assessments.TestResult"

    enrolment = factory.SubFactory(EnrolmentFactory)
    phase = "pre"
    score = 10
    max_score = 20
