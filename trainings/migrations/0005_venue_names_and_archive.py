"""Venues get names in Kyrgyz, Russian and English (the one name they had is kept as the Russian one), notes
and an archived flag; a capacity, when given, is at least 1."""

from django.db import migrations, models
from django.db.models import Q


def clear_zero_capacities(apps, schema_editor):
    # A capacity of 0 never meant "holds nobody": it was left unfilled.
    apps.get_model("trainings", "Venue").objects.filter(capacity=0).update(capacity=None)


class Migration(migrations.Migration):
    dependencies = [("trainings", "0004_campaign_target")]

    operations = [
        migrations.RemoveConstraint(model_name="venue", name="unique_venue_name_per_district"),
        migrations.RenameField(model_name="venue", old_name="name", new_name="name_ru"),
        migrations.AlterField(
            model_name="venue", name="name_ru", field=models.CharField(max_length=200, verbose_name="name (Russian)")
        ),
        migrations.AddField(
            model_name="venue",
            name="name_ky",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (Kyrgyz)"),
        ),
        migrations.AddField(
            model_name="venue",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (English)"),
        ),
        migrations.AddField(
            model_name="venue",
            name="notes",
            field=models.TextField(
                blank=True, help_text="How to get there, who to call at the aiyl okmotu.", verbose_name="notes"
            ),
        ),
        migrations.AddField(
            model_name="venue", name="archived", field=models.BooleanField(default=False, verbose_name="archived")
        ),
        migrations.AlterModelOptions(
            name="venue", options={"ordering": ["name_ru"], "verbose_name": "venue", "verbose_name_plural": "venues"}
        ),
        migrations.RunPython(clear_zero_capacities, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="venue",
            constraint=models.UniqueConstraint(fields=("name_ru", "district"), name="unique_venue_name_per_district"),
        ),
        migrations.AddConstraint(
            model_name="venue",
            constraint=models.UniqueConstraint(
                condition=~Q(name_ky=""), fields=("name_ky", "district"), name="unique_venue_name_ky_per_district"
            ),
        ),
        migrations.AddConstraint(
            model_name="venue",
            constraint=models.UniqueConstraint(
                condition=~Q(name_en=""), fields=("name_en", "district"), name="unique_venue_name_en_per_district"
            ),
        ),
        migrations.AddConstraint(
            model_name="venue",
            constraint=models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1), name="venue_capacity_at_least_one"
            ),
        ),
    ]
