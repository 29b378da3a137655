"""Reading what the messaging pages show, and who a sending goes to."""

from django.conf import settings
from django.db.models import Count, Q

from councils.forms import DeputyFilterForm
from councils.selectors import convocations, filter_deputies

from ..models import Enrolment
from .models import Message, MessageBatch


def session_recipients(session) -> list:
    """(deputy, session) for every deputy enrolled in `session`."""
    enrolments = (
        Enrolment.objects.filter(session=session, deputy__merged_into__isnull=True)
        .select_related("deputy__council")
        .order_by("deputy__last_name", "deputy__first_name", "pk")
    )
    return [(enrolment.deputy, session) for enrolment in enrolments]


def list_filter(query) -> DeputyFilterForm:
    """The deputy list's filter form bound to `query` (the list's query string)."""
    return DeputyFilterForm(query or None, convocations=convocations())


def _chosen(deputies, query):
    """The deputies the list's filter `query` selects among `deputies` (those the user may read)."""
    form = list_filter(query)
    if form.is_bound and form.is_valid():
        deputies = filter_deputies(deputies, form.cleaned_data, youth_max_age=settings.YOUTH_MAX_AGE)
    return deputies


def list_recipients(deputies, query, campaign) -> list:
    """(deputy, their session in `campaign` or None) for the deputies the list's filter `query` selects
    among `deputies` (those the user may read); at most MESSAGE_BATCH_MAX_RECIPIENTS + 1."""
    deputies = _chosen(deputies, query)
    limit = settings.MESSAGE_BATCH_MAX_RECIPIENTS + 1
    chosen = list(deputies.select_related("council").order_by("last_name", "first_name", "pk")[:limit])
    sessions = {}
    if campaign is not None:
        enrolments = Enrolment.objects.filter(session__campaign=campaign, deputy__in=[d.pk for d in chosen])
        enrolments = enrolments.select_related("session__venue", "session__campaign").order_by("session__start_date")
        for enrolment in enrolments:
            sessions.setdefault(enrolment.deputy_id, enrolment.session)
    return [(deputy, sessions.get(deputy.pk)) for deputy in chosen]


def list_reach(deputies, query) -> dict:
    """`reach` of the deputies the list's filter selects, counted by the database (one query): the form
    shows it before anything is sent, and the filter may select a whole country's register."""
    reachable = Q(do_not_contact=False)
    return _chosen(deputies, query).aggregate(
        deputies=Count("pk"),
        opted_out=Count("pk", filter=Q(do_not_contact=True)),
        sms=Count("pk", filter=reachable & ~Q(phone="")),
        email=Count("pk", filter=reachable & ~Q(email="")),
    )


def reach(recipients) -> dict:
    """How many of the recipients each channel reaches (counts only: no numbers or addresses)."""
    deputies = [deputy for deputy, _session in recipients]
    return {
        "deputies": len(deputies),
        "opted_out": sum(1 for deputy in deputies if deputy.do_not_contact),
        "sms": sum(1 for deputy in deputies if deputy.phone and not deputy.do_not_contact),
        "email": sum(1 for deputy in deputies if deputy.email and not deputy.do_not_contact),
    }


def campaign_batches(campaign):
    """A campaign's batches, newest first, with their messages counted by outcome (one query)."""

    def counted(*statuses):
        return Count("messages", filter=Q(messages__status__in=statuses))

    return (
        MessageBatch.objects.filter(campaign=campaign)
        .select_related("session", "created_by")
        .annotate(
            sent_count=counted(Message.Status.SENT),
            failed_count=counted(Message.Status.FAILED, Message.Status.UNKNOWN),
            skipped_count=counted(Message.Status.SKIPPED),
        )
        .order_by("-created_at", "-pk")
    )


def batch_messages(batch):
    """A batch's messages for its status page: the deputy's name and council, never the number."""
    return (
        Message.objects.filter(batch=batch)
        .select_related("deputy__council")
        .only("pk", "channel", "language", "status", "reason", "attempts", "finished_at", "deputy__last_name",
              "deputy__first_name", "deputy__patronymic", "deputy__council__code", "deputy__council__kind",
              "deputy__council__name_ky", "deputy__council__name_ru", "deputy__council__name_en",
              "deputy__council__council_name_ky", "deputy__council__council_name_ru",
              "deputy__council__council_name_en")
        .order_by("deputy__last_name", "deputy__first_name", "pk")
    )  # fmt: skip
