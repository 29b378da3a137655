"""Codes are validated from now on; codes saved before are left as they are and listed for the operator
(here once, and by `manage.py check --database default` until they are renamed)."""

from django.db import migrations, models

import trainings.codes


def report_bad_codes(apps, schema_editor):
    from trainings.checks import bad_codes

    campaigns, sessions = bad_codes(apps.get_model("trainings", "Campaign"), apps.get_model("trainings", "TrainingSession"))
    for kind, codes in (("campaign", campaigns), ("session", sessions)):
        if codes:
            print(f"\n  {len(codes)} {kind} codes are not valid and should be renamed: {', '.join(map(repr, codes))}")


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0002_default_topics"),
    ]

    operations = [
        migrations.AlterField(
            model_name="campaign",
            name="code",
            field=models.CharField(
                max_length=40, unique=True, validators=[trainings.codes.CodeValidator("campaign")], verbose_name="code"
            ),
        ),
        migrations.AlterField(
            model_name="trainingsession",
            name="code",
            field=models.CharField(
                max_length=40, validators=[trainings.codes.CodeValidator("session")], verbose_name="code"
            ),
        ),
        migrations.RunPython(report_bad_codes, migrations.RunPython.noop, elidable=True),
    ]
