"""The texts used when neither the campaign nor the portal as a whole has a template of a kind and channel.

They are content in Kyrgyz and Russian (not interface strings, so not in the catalogues); organisers edit
them per campaign on the templates page. Terms follow the glossary: тренинг, кеңеш / кенеш.
"""

from .models import Channel, Kind

SIGNATURE = {
    "ky": "\n\nУрмат менен,\nтренингдин уюштуруучулары",
    "ru": "\n\nС уважением,\nорганизаторы тренинга",
}

SMS = {
    Kind.INVITATION: {
        "ky": "Урматтуу {name}! Сизди {session} тренингине чакырабыз: {dates}, {venue}. Келишиңизди күтөбүз!",
        "ru": "Уважаемый(ая) {name}! Приглашаем вас на тренинг {session}: {dates}, {venue}. Ждём вас!",
    },
    Kind.REMINDER: {
        "ky": "{name}, эскертебиз: {session} тренинги эртең башталат. {dates}, {venue}.",
        "ru": "{name}, напоминаем: тренинг {session} начинается завтра. {dates}, {venue}.",
    },
    Kind.FOLLOW_UP: {
        "ky": "{name}, {session} тренингине катышканыңыз үчүн рахмат! Жакында сизге телефон чалып, "
        "кыска кайталоо тестин өткөрөбүз.",
        "ru": "{name}, спасибо за участие в тренинге {session}! Вскоре мы позвоним вам, чтобы провести "
        "короткий повторный тест.",
    },
}

SUBJECTS = {
    Kind.INVITATION: {"ky": "{session} тренингине чакыруу", "ru": "Приглашение на тренинг {session}"},
    Kind.REMINDER: {
        "ky": "Эскертүү: {session} тренинги эртең башталат",
        "ru": "Напоминание: тренинг {session} начинается завтра",
    },
    Kind.FOLLOW_UP: {"ky": "{session} тренинги: кайталоо тести", "ru": "Тренинг {session}: повторный тест"},
}

EMAIL = {
    Kind.INVITATION: {
        "ky": "Урматтуу {name}!\n\nСизди {session} тренингине чакырабыз.\nКүнү: {dates}\nӨткөрүлүүчү жери: {venue}"
        "\n\nКелишиңизди күтөбүз!",
        "ru": "Уважаемый(ая) {name}!\n\nПриглашаем вас на тренинг {session}.\nДаты: {dates}\n"
        "Место проведения: {venue}\n\nЖдём вас!",
    },
    Kind.REMINDER: {
        "ky": "Урматтуу {name}!\n\nЭскертебиз: {session} тренинги эртең башталат.\nКүнү: {dates}\n"
        "Өткөрүлүүчү жери: {venue}",
        "ru": "Уважаемый(ая) {name}!\n\nНапоминаем: тренинг {session} начинается завтра.\nДаты: {dates}\n"
        "Место проведения: {venue}",
    },
    Kind.FOLLOW_UP: {
        "ky": "Урматтуу {name}!\n\n{session} тренингине катышканыңыз үчүн рахмат. Бир нече айдан кийин алган "
        "билимиңизди текшерүү үчүн кыска кайталоо тестин өткөрөбүз: жакында сизге телефон чалабыз.",
        "ru": "Уважаемый(ая) {name}!\n\nСпасибо за участие в тренинге {session}. Спустя несколько месяцев мы "
        "проводим короткий повторный тест, чтобы узнать, что запомнилось: вскоре мы вам позвоним.",
    },
}


def default_texts(kind: str, channel: str) -> dict:
    """{"text_ky", "text_ru", "subject_ky", "subject_ru"} of the built-in template."""
    if channel == Channel.SMS:
        texts = SMS[kind]
        return {"text_ky": texts["ky"], "text_ru": texts["ru"], "subject_ky": "", "subject_ru": ""}
    texts, subjects = EMAIL[kind], SUBJECTS[kind]
    return {
        "text_ky": texts["ky"] + SIGNATURE["ky"],
        "text_ru": texts["ru"] + SIGNATURE["ru"],
        "subject_ky": subjects["ky"],
        "subject_ru": subjects["ru"],
    }
