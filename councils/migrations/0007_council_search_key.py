"""Council.search_key: the council's names in every language, folded, for the council picker."""

from django.db import migrations, models

NAME_FIELDS = ("name_ky", "name_ru", "name_en", "council_name_ky", "council_name_ru", "council_name_en")


def fill_search_keys(apps, schema_editor):
    from councils.council_search import council_search_key

    Council = apps.get_model("councils", "Council")
    councils = list(Council.objects.only("pk", "kind", *NAME_FIELDS))
    for council in councils:
        council.search_key = council_search_key(
            kind=council.kind, **{field: getattr(council, field) for field in NAME_FIELDS}
        )
    Council.objects.bulk_update(councils, ["search_key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("councils", "0006_refresh_search_keys")]

    operations = [
        migrations.AddField(
            model_name="council",
            name="search_key",
            field=models.CharField(blank=True, editable=False, max_length=1200),
        ),
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop, elidable=True),
    ]
