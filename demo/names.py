"""Realistic Kyrgyz and Russian personal names for demo deputies and trainers.

Kyrgyz surnames are formed from a forefather's name with the Russian endings (-ов/-ова, -ев/-ева);
patronymics appear either in the Russian form (Асанович/Асановна) or in the Kyrgyz one (Асан уулу /
Асан кызы), as they do in real council registers.
"""

import random
from dataclasses import dataclass

KYRGYZ_MALE = (
    "Адилет", "Азамат", "Айбек", "Алмазбек", "Асан", "Асылбек", "Аскар", "Бакыт", "Бактыбек", "Бекжан",
    "Бектур", "Данияр", "Жеңиш", "Жоомарт", "Жыргалбек", "Замирбек", "Искендер", "Кайрат", "Калыс",
    "Канат", "Кубанычбек", "Мирлан", "Медер", "Мелис", "Марат", "Нурбек", "Нурлан", "Өмүрбек", "Самат",
    "Сүйүнбек", "Талант", "Темирлан", "Тилек", "Төлөгөн", "Тынчтык", "Улан", "Үсөн", "Уланбек", "Чыңгыз",
    "Эрлан", "Эрмек", "Эркин", "Элдияр", "Курманбек", "Жолдошбек", "Садыр", "Топчубек", "Абдыразак",
)  # fmt: skip
KYRGYZ_FEMALE = (
    "Айгүл", "Айжан", "Айнура", "Айпери", "Айсулуу", "Акылай", "Асел", "Бактыгүл", "Бермет", "Бурул",
    "Венера", "Гүлзат", "Гүлмира", "Гүлнара", "Динара", "Жамиля", "Жылдыз", "Зуура", "Каныкей", "Майрам",
    "Мээрим", "Назгүл", "Нургүл", "Нуриза", "Салтанат", "Суусар", "Тынара", "Чолпон", "Чынара", "Элмира",
    "Аида", "Толкун", "Бүбүсара", "Күмүшай", "Гүлсара", "Урмат", "Жаңылай", "Анара",
)  # fmt: skip
# Forefathers' names that Kyrgyz surnames and patronymics are built from; all end in a consonant, so
# the Russian endings attach directly (Асан → Асанов, Асанович, Асановна).
KYRGYZ_FOREFATHERS = (
    "Абдыкадыр", "Бейшен", "Акматбек", "Алымкул", "Асан", "Бекболот", "Бообек", "Дүйшөн", "Жумабек",
    "Жусуп", "Иманкул", "Исмаил", "Кадыр", "Калмат", "Касым", "Кудайберген", "Кулмат", "Мамбет", "Маматкул",
    "Мамыт", "Мукаш", "Найман", "Осмон", "Өскөн", "Раимбек", "Сагын", "Сулайман", "Сыдык", "Таштан",
    "Токтогул", "Токтосун", "Төрөкул", "Турдубек", "Үмөт", "Шаршен", "Эсенбек", "Эшмат", "Качкын",
)  # fmt: skip

RUSSIAN_MALE = (
    "Александр", "Алексей", "Андрей", "Валерий", "Василий", "Виктор", "Владимир", "Дмитрий", "Евгений",
    "Иван", "Игорь", "Михаил", "Николай", "Олег", "Павел", "Сергей", "Юрий",
)  # fmt: skip
RUSSIAN_FEMALE = (
    "Анна", "Валентина", "Галина", "Елена", "Ирина", "Людмила", "Марина", "Наталья", "Нина", "Ольга",
    "Светлана", "Татьяна", "Юлия", "Надежда", "Любовь",
)  # fmt: skip
# (male surname, female surname)
RUSSIAN_SURNAMES = (
    ("Иванов", "Иванова"), ("Петров", "Петрова"), ("Кузнецов", "Кузнецова"), ("Попов", "Попова"),
    ("Соколов", "Соколова"), ("Морозов", "Морозова"), ("Волков", "Волкова"), ("Лебедев", "Лебедева"),
    ("Новиков", "Новикова"), ("Козлов", "Козлова"), ("Степанов", "Степанова"), ("Орлов", "Орлова"),
    ("Федоренко", "Федоренко"), ("Шевченко", "Шевченко"), ("Белоусов", "Белоусова"), ("Ткаченко", "Ткаченко"),
    ("Зайцев", "Зайцева"), ("Фёдоров", "Фёдорова"), ("Беляев", "Беляева"), ("Гончаров", "Гончарова"),
)  # fmt: skip
# (male patronymic, female patronymic), one pair per father's name
RUSSIAN_PATRONYMICS = (
    ("Александрович", "Александровна"), ("Алексеевич", "Алексеевна"), ("Андреевич", "Андреевна"),
    ("Васильевич", "Васильевна"), ("Викторович", "Викторовна"), ("Владимирович", "Владимировна"),
    ("Геннадьевич", "Геннадьевна"), ("Дмитриевич", "Дмитриевна"), ("Евгеньевич", "Евгеньевна"),
    ("Иванович", "Ивановна"), ("Михайлович", "Михайловна"), ("Николаевич", "Николаевна"),
    ("Петрович", "Петровна"), ("Сергеевич", "Сергеевна"), ("Юрьевич", "Юрьевна"),
)  # fmt: skip

# Share of patronymics written the Kyrgyz way ("Асан уулу") rather than the Russian way ("Асанович").
KYRGYZ_PATRONYMIC_FORM_SHARE = 0.25


@dataclass(frozen=True)
class PersonName:
    last_name: str
    first_name: str
    patronymic: str


def _surname_from(root: str, female: bool) -> str:
    return root + ("ова" if female else "ов")


def kyrgyz_name(rng: random.Random, gender: str) -> PersonName:
    female = gender == "F"
    first = rng.choice(KYRGYZ_FEMALE if female else KYRGYZ_MALE)
    surname_root = rng.choice(KYRGYZ_FOREFATHERS)
    father = rng.choice(KYRGYZ_MALE + KYRGYZ_FOREFATHERS)
    if rng.random() < KYRGYZ_PATRONYMIC_FORM_SHARE:
        patronymic = f"{father} {'кызы' if female else 'уулу'}"
    else:
        patronymic = father + ("овна" if female else "ович")
    return PersonName(_surname_from(surname_root, female), first, patronymic)


def russian_name(rng: random.Random, gender: str) -> PersonName:
    female = gender == "F"
    index = 1 if female else 0
    return PersonName(
        rng.choice(RUSSIAN_SURNAMES)[index],
        rng.choice(RUSSIAN_FEMALE if female else RUSSIAN_MALE),
        rng.choice(RUSSIAN_PATRONYMICS)[index],
    )


def person_name(rng: random.Random, gender: str, *, russian_share: float) -> PersonName:
    """A Kyrgyz name, or with probability `russian_share` a Russian one."""
    if rng.random() < russian_share:
        return russian_name(rng, gender)
    return kyrgyz_name(rng, gender)
