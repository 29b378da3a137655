"""The questions a campaign's survey starts with when its organisers have written none."""

DEFAULT_QUESTIONS = (
    # (kind, ky, ru, en)
    ("scale", "Тренингдин мазмуну пайдалуу болду", "Содержание тренинга было полезным", "The content was useful"),
    ("scale", "Тренер түшүнүктүү түшүндүрдү", "Тренер объяснял понятно", "The trainer explained clearly"),
    ("scale", "Өткөрүлүүчү жери жана уюштурулушу", "Место проведения и организация", "Venue and logistics"),
    (
        "scale",
        "Алган билимимди өз кеңешимдин ишинде колдоном",
        "Я буду применять полученные знания в работе своего кенеша",
        "I will use it in my council's work",
    ),
    (
        "text",
        "Тренингде эмнени өзгөртүү же кошуу керек деп ойлойсуз?",
        "Что бы вы изменили или добавили в тренинге?",
        "What would you change or add?",
    ),
)
