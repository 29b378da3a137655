"""Regions, districts, local councils, elections and deputies (DESIGN §2)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .council_names import council_name_en, council_name_ky, council_name_ru
from .council_search import KEY_LENGTH, search_key_of
from .names import normalize_name, phonetic_key


class MultilingualName(models.Model):
    """Official names in Kyrgyz, Russian and English; `name` picks the active language."""

    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=200, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_in(_active_language())

    def name_in(self, language: str) -> str:
        """The name in `language`, else in the next language that has one."""
        for code in _PREFERRED[language]:
            value = getattr(self, f"name_{code}")
            if value:
                return value
        return ""


_PREFERRED = {"ky": ("ky", "ru", "en"), "ru": ("ru", "ky", "en"), "en": ("en", "ru", "ky")}


def _active_language() -> str:
    language = (get_language() or "ru")[:2]
    return language if language in _PREFERRED else "ru"


class Region(MultilingualName):
    class Kind(models.TextChoices):
        OBLAST = "oblast", _("region (oblast)")
        REPUBLICAN_CITY = "republican_city", _("city of republican significance")

    code = models.CharField(_("СОАТЕ code"), max_length=14, unique=True)
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=8, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OBLAST)
    # For incremental sync through the API (`updated_since`); bulk writes set it themselves.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]


class District(MultilingualName):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="districts", verbose_name=_("region"))
    code = models.CharField(_("СОАТЕ code"), max_length=14, unique=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["code"]


class Council(MultilingualName):
    """A local kenesh. `name_ky/ru/en` name its territory (the aiyl aimak or town, as in СОАТЕ);
    `name` is the council's own name, which is what the portal shows: "Чоң-Кемин айылдык кеңеши",
    "Чон-Кеминский айылный кенеш", "Chong-Kemin aiyl kenesh" (see `council_names`)."""

    class Kind(models.TextChoices):
        AIYL = "aiyl_kenesh", _("aiyl kenesh")
        TOWN = "town_kenesh", _("town kenesh")
        CITY = "city_kenesh", _("city kenesh")

    code = models.CharField(_("СОАТЕ code"), max_length=14, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="councils", verbose_name=_("region"))
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="councils",
        null=True,
        blank=True,
        verbose_name=_("district"),
        help_text=_("Blank for cities directly under a region."),
    )
    seats = models.PositiveSmallIntegerField(_("seats"), null=True, blank=True)
    # The 2024 reform merged many councils: they are closed, never deleted, so history stays attached.
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    names_verified = models.BooleanField(
        _("names verified"), default=False, help_text=_("Off until the names come from an official list.")
    )
    # Set only where the name derived from the territory's name is not right (load_reference_data fills
    # them from data/council_names.csv); blank means derived.
    council_name_ky = models.CharField(
        _("council name (Kyrgyz)"), max_length=200, blank=True, help_text=_("Blank: derived from the territory.")
    )
    council_name_ru = models.CharField(
        _("council name (Russian)"), max_length=200, blank=True, help_text=_("Blank: derived from the territory.")
    )
    council_name_en = models.CharField(
        _("council name (English)"), max_length=200, blank=True, help_text=_("Blank: derived from the territory.")
    )
    # Every name above in the loose spelling of names.fold, for the council picker (council_search.py);
    # kept in step by save(), and by the bulk writes of the reference loader and the import.
    search_key = models.CharField(max_length=KEY_LENGTH, editable=False, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="council_valid_range",
            ),
        ]

    def save(self, *args, **kwargs):
        self.refresh_search_key()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_key"}
        super().save(*args, **kwargs)

    def refresh_search_key(self) -> None:
        self.search_key = search_key_of(self)

    @property
    def name(self) -> str:
        """The council's name in the active language (the territory's name is `territory_name`)."""
        return self.council_name_in(_active_language())

    @property
    def territory_name(self) -> str:
        """The aiyl aimak or town in the active language: "Чоң-Кемин айыл аймагы", "Кемин шаары"."""
        return self.name_in(_active_language())

    def council_name_in(self, language: str) -> str:
        for code in _PREFERRED[language]:
            value = getattr(self, f"council_name_{code}") or self._derived_council_name(code)
            if value:
                return value
        return ""

    def _derived_council_name(self, language: str) -> str:
        if language == "ky":
            return council_name_ky(self.kind, self.name_ky)
        if language == "en":
            return council_name_en(self.kind, self.name_ky, self.name_en)
        return council_name_ru(self.kind, self.name_ru)


class Election(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="elections", verbose_name=_("council"))
    date = models.DateField(_("election date"))
    convocation = models.PositiveSmallIntegerField(_("convocation"), help_text=_("The year of the convocation."))
    seats = models.PositiveSmallIntegerField(_("seats"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-date"]
        constraints = [models.UniqueConstraint(fields=["council", "convocation"], name="one_election_per_convocation")]
        indexes = [models.Index(fields=["convocation", "council"])]

    def __str__(self):
        return f"{self.council} · {self.convocation}"


class Deputy(models.Model):
    class Gender(models.TextChoices):
        FEMALE = "F", _("female")
        MALE = "M", _("male")

    class Language(models.TextChoices):
        KYRGYZ = "ky", _("Kyrgyz")
        RUSSIAN = "ru", _("Russian")

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="deputies", verbose_name=_("council"))
    convocation = models.PositiveSmallIntegerField(_("convocation"))
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    gender = models.CharField(_("sex"), max_length=1, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # The language messages are written in; blank: the language of the deputy's session (else Kyrgyz).
    language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, blank=True,
        help_text=_("Blank: the language of the deputy's session."),
    )  # fmt: skip
    # Asked not to be contacted: no SMS or e-mail is sent (trainings.messaging skips them), since the date.
    do_not_contact = models.BooleanField(_("asked not to be contacted"), default=False)
    do_not_contact_since = models.DateField(_("not to be contacted since"), null=True, blank=True)
    first_term = models.BooleanField(_("first term"), null=True, blank=True)
    # Kept in step with the name fields by save(); the de-duplication key of DESIGN §2.
    normalized_name = models.CharField(max_length=320, editable=False, db_index=True)
    # The looser key of names.phonetic_key (Latin spellings transliterated): search in any script.
    search_key = models.CharField(max_length=400, editable=False, blank=True, db_index=True)
    # A merged duplicate is kept (for undo) and points at the record that was kept.
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_duplicates", editable=False
    )
    # Set for a walk-in added at a session without being in the register: an organiser checks the record
    # on the duplicates page (a typo may hide an existing deputy) and marks it reviewed.
    needs_review = models.BooleanField(_("needs review"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        ordering = ["last_name", "first_name", "patronymic"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "convocation", "normalized_name", "birth_year"],
                condition=Q(merged_into__isnull=True),
                nulls_distinct=False,
                name="unique_deputy_per_council_convocation",
            ),
            models.CheckConstraint(condition=Q(gender__in=["F", "M"]), name="deputy_gender_f_or_m"),
        ]
        indexes = [
            models.Index(fields=["council", "convocation"]),
            models.Index(fields=["convocation", "gender"]),
            models.Index(fields=["birth_year"]),
            models.Index(fields=["needs_review"], condition=Q(needs_review=True), name="deputy_needs_review"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.refresh_name_keys()
        self.refresh_do_not_contact_since()
        super().save(*args, **kwargs)

    def refresh_do_not_contact_since(self) -> None:
        """The opt-out's date: set on the day it is first recorded, cleared when it is withdrawn."""
        if not self.do_not_contact:
            self.do_not_contact_since = None
        elif self.do_not_contact_since is None:
            self.do_not_contact_since = timezone.localdate()

    def refresh_name_keys(self) -> None:
        """Recompute the name keys; bulk writes (which skip save()) call this themselves."""
        self.normalized_name = normalize_name(self.last_name, self.first_name, self.patronymic)
        self.search_key = phonetic_key(self.last_name, self.first_name, self.patronymic)

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)


class ImportJob(models.Model):
    """One uploaded import file on its way through upload → preview → confirm → import.

    The file's bytes are stored in the database so that a Celery worker on another host can read them;
    `kind` names an entry of `councils.import_kinds` (deputies, elections, councils, and kinds that
    other apps register).
    """

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("ready to import")
        INVALID = "invalid", _("has errors")
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=40)
    content = models.BinaryField(_("file"))
    original_name = models.CharField(_("file name"), max_length=255)
    options = models.JSONField(_("options"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PREVIEWED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    # Counts per outcome (new / updated / unchanged / errors) and the rows shown on the preview page.
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Touched while the import runs; a stale one means the worker died and the job is run again.
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self):
        return f"{self.kind} · {self.original_name}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class DeputyMerge(models.Model):
    """A merge of a duplicate deputy into the record kept, with what moved, so that it can be undone."""

    kept = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="merges_kept", verbose_name=_("kept"))
    merged = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, related_name="merges_merged", verbose_name=_("merged duplicate")
    )
    # Ids of enrolments, attendance rows and results moved, and values overwritten (see services).
    changes = models.JSONField(default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("merged by")
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("undone by"),
    )  # fmt: skip
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta:
        verbose_name = _("deputy merge")
        verbose_name_plural = _("deputy merges")
        ordering = ["-merged_at"]

    def __str__(self):
        return f"{self.merged_id} → {self.kept_id}"


class CourseCompletion(models.Model):
    """An online course a deputy completed on an e-learning platform, imported from the platform's export
    (the "course_completions" import kind)."""

    deputy = models.ForeignKey(
        Deputy, on_delete=models.CASCADE, related_name="course_completions", verbose_name=_("deputy")
    )
    course = models.CharField(_("course"), max_length=300)
    completed_on = models.DateField(_("completed on"))
    # A percentage (0–100) when the platform gives one.
    grade = models.DecimalField(_("grade"), max_digits=5, decimal_places=2, null=True, blank=True)
    source_job = models.ForeignKey(
        ImportJob, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("import")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("course completion")
        verbose_name_plural = _("course completions")
        ordering = ["-completed_on", "course"]
        constraints = [
            models.UniqueConstraint(fields=["deputy", "course", "completed_on"], name="one_completion_per_course_date"),
            models.CheckConstraint(
                condition=Q(grade__isnull=True) | (Q(grade__gte=0) & Q(grade__lte=100)), name="grade_0_to_100"
            ),
        ]

    def __str__(self):
        return f"{self.deputy} · {self.course} · {self.completed_on}"
