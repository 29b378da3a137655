import pytest
from django.core.exceptions import ValidationError

from assessments.merges import merge_deputies, undo_merge
from assessments.models import TestResult as Result
from councils.duplicates import find_duplicates, within_one_edit
from councils.models import Deputy, DeputyMerge
from tests.factories import (
    AttendanceFactory,
    CouncilFactory,
    DeputyFactory,
    EnrolmentFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db


def person(council, last, first, patronymic="", birth_year=1980, **extra):
    return DeputyFactory(council=council, last_name=last, first_name=first, patronymic=patronymic,
                         birth_year=birth_year, **extra)  # fmt: skip


def pair_names(pairs):
    return sorted(tuple(sorted((p.first.full_name, p.second.full_name))) for p in pairs)


@pytest.mark.parametrize(
    ("a", "b", "expected"), [("асанов", "асанов", True), ("асанов", "асанова", True), ("асанов", "осанов", True),
                             ("асанов", "асан", False)],
)  # fmt: skip
def test_within_one_edit(a, b, expected):
    assert within_one_edit(a, b) is expected


def test_latin_and_cyrillic_spellings_are_found():
    council = CouncilFactory()
    person(council, "Асанов", "Бакыт")
    person(council, "Asanov", "Bakyt", birth_year=None)
    assert pair_names(find_duplicates()) == [("Asanov Bakyt", "Асанов Бакыт")]


def test_kyrgyz_letters_and_yo_are_folded():
    council = CouncilFactory()
    person(council, "Өмүрбеков", "Нурлан")
    person(council, "Омурбеков", "Нурлан", birth_year=None)
    person(council, "Сёмин", "Пётр")
    person(council, "Семин", "Петр", birth_year=None)
    assert len(find_duplicates()) == 2


def test_one_letter_apart_is_a_probable_duplicate():
    council = CouncilFactory()
    person(council, "Асанова", "Айгүл", gender="F")
    person(council, "Асанава", "Айгүл", gender="F")
    [pair] = find_duplicates()
    assert pair.exact is False


def test_different_birth_years_or_councils_are_not_duplicates():
    council = CouncilFactory()
    person(council, "Асанов", "Бакыт", birth_year=1980)
    person(council, "Asanov", "Bakyt", birth_year=1975)
    person(CouncilFactory(), "Асанов", "Бакыт")
    assert find_duplicates() == []


@pytest.fixture
def duplicates(organiser):
    council = CouncilFactory()
    kept = person(council, "Асанов", "Бакыт", phone="")
    merged = person(council, "Asanov", "Bakyt", birth_year=None, phone="+996555000111")
    return kept, merged


def test_merge_moves_enrolments_and_results(duplicates, organiser):
    kept, merged = duplicates
    enrolment = EnrolmentFactory(deputy=merged)
    AttendanceFactory(enrolment=enrolment, day=1, present=True)
    Result.objects.create(enrolment=enrolment, phase="pre", score=10, max_score=20)
    merge_deputies(kept=kept, merged=merged, user=organiser)
    merged.refresh_from_db()
    kept.refresh_from_db()
    assert list(kept.enrolments.values_list("pk", flat=True)) == [enrolment.pk]
    assert (merged.merged_into_id, kept.phone) == (kept.pk, "+996555000111")
    assert find_duplicates() == []
    assert DeputyMerge.objects.get().changes["enrolments"] == [enrolment.pk]


def test_merge_bumps_the_campaign_data_version(duplicates, organiser):
    kept, merged = duplicates
    enrolment = EnrolmentFactory(deputy=merged)
    campaign = enrolment.session.campaign
    merge_deputies(kept=kept, merged=merged, user=organiser)
    campaign.refresh_from_db()
    assert campaign.data_version == 1


def test_merge_with_both_enrolled_in_one_session_folds_attendance_and_scores(duplicates, organiser):
    kept, merged = duplicates
    session = TrainingSessionFactory()
    kept_enrolment = EnrolmentFactory(session=session, deputy=kept)
    dup_enrolment = EnrolmentFactory(session=session, deputy=merged)
    AttendanceFactory(enrolment=kept_enrolment, day=1, present=False)
    AttendanceFactory(enrolment=dup_enrolment, day=1, present=True)
    AttendanceFactory(enrolment=dup_enrolment, day=2, present=True)
    kept_pre = Result.objects.create(enrolment=kept_enrolment, phase="pre", score=12, max_score=20)
    Result.objects.create(enrolment=dup_enrolment, phase="pre", score=5, max_score=20)
    dup_post = Result.objects.create(enrolment=dup_enrolment, phase="post", score=18, max_score=20)
    merge_deputies(kept=kept, merged=merged, user=organiser)
    attendance = sorted(kept_enrolment.attendance.values_list("day", "present"))
    results = sorted(kept_enrolment.results.values_list("pk", "phase"))
    assert attendance == [(1, True), (2, True)]
    assert results == sorted([(kept_pre.pk, "pre"), (dup_post.pk, "post")])


def test_undo_restores_everything(duplicates, organiser):
    kept, merged = duplicates
    session = TrainingSessionFactory()
    kept_enrolment = EnrolmentFactory(session=session, deputy=kept)
    dup_enrolment = EnrolmentFactory(session=session, deputy=merged)
    other = EnrolmentFactory(deputy=merged)
    AttendanceFactory(enrolment=kept_enrolment, day=1, present=False)
    AttendanceFactory(enrolment=dup_enrolment, day=1, present=True)
    AttendanceFactory(enrolment=dup_enrolment, day=2, present=True)
    dup_post = Result.objects.create(enrolment=dup_enrolment, phase="post", score=18, max_score=20)
    record = merge_deputies(kept=kept, merged=merged, user=organiser)
    undo_merge(merge=record, user=organiser)
    merged.refresh_from_db()
    kept.refresh_from_db()
    dup_post.refresh_from_db()
    assert merged.merged_into_id is None
    assert kept.phone == ""
    assert sorted(merged.enrolments.values_list("pk", flat=True)) == sorted([dup_enrolment.pk, other.pk])
    assert sorted(kept_enrolment.attendance.values_list("day", "present")) == [(1, False)]
    assert sorted(dup_enrolment.attendance.values_list("day", "present")) == [(1, True), (2, True)]
    assert dup_post.enrolment_id == dup_enrolment.pk
    assert DeputyMerge.objects.get().undone_by == organiser


def test_undo_twice_is_refused(duplicates, organiser):
    kept, merged = duplicates
    record = merge_deputies(kept=kept, merged=merged, user=organiser)
    undo_merge(merge=record, user=organiser)
    with pytest.raises(ValidationError, match="already been undone"):
        undo_merge(merge=record, user=organiser)


def test_merging_deputies_of_different_councils_is_refused(organiser):
    first, second = DeputyFactory(), DeputyFactory()
    with pytest.raises(ValidationError, match="same council and convocation"):
        merge_deputies(kept=first, merged=second, user=organiser)
    assert Deputy.objects.filter(merged_into__isnull=False).count() == 0
