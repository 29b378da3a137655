"""The five curriculum topics of the 2021 campaign (press release of 8 July 2021) as default data."""

from django.db import migrations

DEFAULT_TOPICS = [
    {
        "code": "lsg-foundations",
        "order": 1,
        "name_ky": "ЖӨБдүн уюштуруучулук-укуктук жана финансылык-экономикалык негиздери",
        "name_ru": "Организационно-правовые и финансово-экономические основы МСУ",
        "name_en": "Organisational-legal and financial-economic foundations of local self-government",
    },
    {
        "code": "planning-and-state-bodies",
        "order": 2,
        "name_ky": "ЖӨБ органдарынын ишмердүүлүгүн пландаштыруу жана мамлекеттик органдар менен өз ара аракеттенүү",
        "name_ru": "Планирование деятельности органов МСУ и взаимодействие с государственными органами",
        "name_en": "Planning the work of LSG bodies and their interaction with state bodies",
    },
    {
        "code": "deputy-rights",
        "order": 3,
        "name_ky": "Жергиликтүү кеңештин депутатынын укуктары жана компетенциясы",
        "name_ru": "Права и компетенция депутата местного кенеша",
        "name_en": "Rights and competence of a local council deputy",
    },
    {
        "code": "citizen-participation",
        "order": 4,
        "name_ky": (
            "Жарандарды чечим кабыл алуу процессине тартуу жана жергиликтүү кеңештин "
            "жергиликтүү жамаат алдындагы отчеттуулугу"
        ),
        "name_ru": (
            "Вовлечение граждан в процесс принятия решений и подотчётность местного кенеша "
            "местному сообществу"
        ),
        "name_en": "Involving citizens in decision-making and accountability of the local council to the community",
    },
    {
        "code": "budget-transparency",
        "order": 5,
        "name_ky": "Жергиликтүү бюджеттик каражаттарды башкаруунун ачык-айкындуулугу жана натыйжалуулугу",
        "name_ru": "Прозрачность и эффективность управления местными бюджетными средствами",
        "name_en": "Transparency and efficiency in managing local budget funds",
    },
]


def add_topics(apps, schema_editor):
    Topic = apps.get_model("trainings", "Topic")
    for topic in DEFAULT_TOPICS:
        fields = {key: value for key, value in topic.items() if key != "code"}
        Topic.objects.update_or_create(code=topic["code"], defaults=fields)


def remove_topics(apps, schema_editor):
    Topic = apps.get_model("trainings", "Topic")
    Topic.objects.filter(code__in=[topic["code"] for topic in DEFAULT_TOPICS], campaigns__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("trainings", "0001_initial")]

    operations = [migrations.RunPython(add_topics, remove_topics)]
