"""Deputy.search_key now folds Kyrgyz and Russian patronymics and surname forms (councils/names.py)."""

from django.db import migrations


def refresh_search_keys(apps, schema_editor):
    from councils.names import phonetic_key

    Deputy = apps.get_model("councils", "Deputy")
    changed = []
    for deputy in Deputy.objects.only("pk", "last_name", "first_name", "patronymic", "search_key").iterator(2000):
        key = phonetic_key(deputy.last_name, deputy.first_name, deputy.patronymic)
        if key != deputy.search_key:
            deputy.search_key = key
            changed.append(deputy)
    Deputy.objects.bulk_update(changed, ["search_key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("councils", "0005_council_names")]

    operations = [migrations.RunPython(refresh_search_keys, migrations.RunPython.noop, elidable=True)]
