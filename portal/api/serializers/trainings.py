"""Campaigns (with their target), sessions, enrolments with attendance, test results."""

from rest_framework import serializers

from assessments.models import TestResult
from trainings.models import Attendance, Campaign, Enrolment, TrainingSession

from .councils import NamesMixin


class TargetSerializer(serializers.Serializer):
    """DESIGN §3: councils of `kinds` with an election of the convocation, plus `added`, minus `excluded`."""

    kinds = serializers.ListField(child=serializers.CharField())
    councils = serializers.IntegerField(help_text="Number of target councils.")
    added = serializers.ListField(child=serializers.CharField(), help_text="Codes of councils added by hand.")
    excluded = serializers.ListField(child=serializers.CharField(), help_text="Codes of councils excluded by hand.")


class CampaignSerializer(NamesMixin, serializers.ModelSerializer):
    topics = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    target = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = [
            "id", "code", "name", "name_ky", "name_ru", "name_en", "donor", "implementer", "start", "end",
            "convocation", "topics", "target", "data_version", "updated_at",
        ]  # fmt: skip

    def get_target(self, campaign) -> TargetSerializer:
        changes = list(campaign.target_changes.all())
        return {
            "kinds": campaign.target_kind_values,
            "councils": len(self.context["target_ids"].get(campaign.pk, ())),
            "added": sorted(c.council.code for c in changes if c.action == "add"),
            "excluded": sorted(c.council.code for c in changes if c.action == "exclude"),
        }


class CampaignDetailSerializer(CampaignSerializer):
    target_councils = serializers.SerializerMethodField(help_text="Codes of every target council.")

    class Meta(CampaignSerializer.Meta):
        fields = [*CampaignSerializer.Meta.fields, "target_councils"]

    def get_target_councils(self, campaign) -> list[str]:
        return sorted(self.context["target_codes"])


class TrainerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")


class VenueSerializer(NamesMixin, serializers.Serializer):
    id = serializers.IntegerField()
    district = serializers.CharField(source="district.code", allow_null=True, default=None)
    address = serializers.CharField()


class SessionSerializer(serializers.ModelSerializer):
    campaign = serializers.SlugRelatedField(slug_field="code", read_only=True)
    venue = VenueSerializer(read_only=True, allow_null=True)
    trainers = TrainerSerializer(many=True, read_only=True)
    end_date = serializers.DateField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text="Last change in its history.")

    class Meta:
        model = TrainingSession
        fields = [
            "id", "campaign", "code", "venue", "start_date", "end_date", "days", "capacity", "language", "status",
            "trainers", "approved_at", "updated_at",
        ]  # fmt: skip


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["day", "present", "updated_at"]


class EnrolledDeputySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    council = serializers.CharField(source="council.code")
    sex = serializers.CharField(source="gender")
    birth_year = serializers.IntegerField(allow_null=True)


class EnrolmentSerializer(serializers.ModelSerializer):
    session = serializers.PrimaryKeyRelatedField(read_only=True)
    session_code = serializers.CharField(source="session.code", read_only=True)
    campaign = serializers.CharField(source="session.campaign.code", read_only=True)
    deputy = EnrolledDeputySerializer(read_only=True)
    attendance = AttendanceSerializer(many=True, read_only=True)
    participated = serializers.SerializerMethodField()
    completed = serializers.SerializerMethodField()

    class Meta:
        model = Enrolment
        fields = [
            "id", "session", "session_code", "campaign", "deputy", "source", "attendance", "participated",
            "completed", "created_at",
        ]  # fmt: skip

    @staticmethod
    def _present_days(enrolment):
        days = enrolment.session.days
        return {a.day for a in enrolment.attendance.all() if a.present and a.day <= days}

    def get_participated(self, enrolment) -> bool:
        return bool(self._present_days(enrolment))

    def get_completed(self, enrolment) -> bool:
        return len(self._present_days(enrolment)) == enrolment.session.days


class TestResultSerializer(serializers.ModelSerializer):
    session = serializers.IntegerField(source="enrolment.session_id", read_only=True)
    deputy = serializers.IntegerField(source="enrolment.deputy_id", read_only=True)
    version = serializers.IntegerField(read_only=True, help_text="Send it back with a change (optimistic locking).")

    class Meta:
        model = TestResult
        fields = [
            "id", "enrolment", "session", "deputy", "phase", "score", "max_score", "source", "version", "created_at",
            "updated_at",
        ]  # fmt: skip
        read_only_fields = fields
