"""Regions, districts, councils with their elections, and deputies, as the API returns them."""

from rest_framework import serializers

from councils.models import Council, Deputy, District, Election, Region


class NamesMixin(serializers.Serializer):
    """`name` in the language asked for (?lang=), and the official names in every language."""

    name = serializers.CharField(read_only=True)
    name_ky = serializers.CharField(read_only=True)
    name_ru = serializers.CharField(read_only=True)
    name_en = serializers.CharField(read_only=True)


class RegionSerializer(NamesMixin, serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "iso_code", "kind", "name", "name_ky", "name_ru", "name_en", "updated_at"]


class DistrictSerializer(NamesMixin, serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = District
        fields = ["id", "code", "region", "name", "name_ky", "name_ru", "name_en", "updated_at"]


class ElectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Election
        fields = ["date", "convocation", "seats", "updated_at"]


class CouncilSerializer(NamesMixin, serializers.ModelSerializer):
    """`name` is the council's name ("Chong-Kemin aiyl kenesh"); `territory_name` that of its aiyl aimak or town."""

    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    district = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    territory_name = serializers.CharField(read_only=True)
    elections = ElectionSerializer(many=True, read_only=True)

    class Meta:
        model = Council
        fields = [
            "id", "code", "kind", "region", "district", "name", "territory_name", "name_ky", "name_ru", "name_en",
            "seats", "valid_from", "valid_to", "names_verified", "elections", "updated_at",
        ]  # fmt: skip


class DeputySerializer(serializers.ModelSerializer):
    """A deputy's mandate; `phone` only for organisers and admins (absent for everyone else)."""

    council = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sex = serializers.CharField(source="gender", read_only=True)
    # Not read-only in the schema's eyes only so that it is optional there: it is left out for most roles.
    phone = serializers.CharField(required=False)

    class Meta:
        model = Deputy
        fields = [
            "id", "council", "convocation", "last_name", "first_name", "patronymic", "full_name", "sex", "birth_year",
            "phone", "first_term", "merged_into", "needs_review", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [name for name in fields if name != "phone"]

    full_name = serializers.CharField(read_only=True)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not request.user.can_see_phones:
            data.pop("phone", None)
        return data
