"""Messages to deputies by SMS and e-mail (organisers only): templates, sending, and how a sending went.

No page here shows a phone number or an e-mail address: the lists show names, councils and statuses.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from councils.access import deputies_for_user
from roles import ORGANISERS, check_role, role_required

from ..access import get_managed_session
from ..messaging import selectors
from ..messaging.forms import ListSendForm, SendForm, TemplateForm
from ..messaging.models import Channel, Kind, MessageBatch
from ..messaging.rendering import PLACEHOLDERS, dates_text, fill, quoted, sms_length
from ..messaging.services import batch_counts, create_batch, effective_template, save_template
from ..models import Campaign

PAGE_SIZE = 100


# -- templates ----------------------------------------------------------------------------------------


@require_GET
@role_required(*ORGANISERS)
def template_list(request, code):
    campaign = get_object_or_404(Campaign, code=code)
    rows = [
        {"kind": kind, "channel": channel, "template": effective_template(campaign, kind.value, channel.value)}
        for kind in Kind
        for channel in Channel
    ]
    return render(request, "trainings/messages/template_list.html", {"campaign": campaign, "rows": rows})


def sample_values(campaign, language):
    """What the preview fills the placeholders with."""
    start = date.today() + timedelta(days=1)  # noqa: DTZ011 - a sample date
    return {
        "name": "Айгүл Бакыт кызы" if language == "ky" else "Айгуль Бакытовна",
        "full_name": "Асанова Айгүл Бакыт кызы" if language == "ky" else "Асанова Айгуль Бакытовна",
        "council": "Чоң-Кемин айылдык кеңеши" if language == "ky" else "Чон-Кеминский айылный кенеш",
        "session": quoted(campaign.name_in(language)),
        "venue": "Кемин шаары, Ленин көч., 1" if language == "ky" else "г. Кемин, ул. Ленина, 1",
        "dates": dates_text(start, start + timedelta(days=1)),
    }


def _preview(campaign, channel, texts):
    previews = []
    for language, label in (("ky", _("Kyrgyz")), ("ru", _("Russian"))):
        values = sample_values(campaign, language)
        text = fill(texts[f"text_{language}"], values)
        subject = fill(texts.get(f"subject_{language}", ""), values) if channel == Channel.EMAIL else ""
        previews.append({"language": language, "label": label, "subject": subject, "text": text,
                         "sms": sms_length(text) if channel == Channel.SMS else None})  # fmt: skip
    return previews


@role_required(*ORGANISERS)
def template_edit(request, code, kind, channel):
    campaign = get_object_or_404(Campaign, code=code)
    if kind not in Kind.values or channel not in Channel.values:
        raise Http404
    current = effective_template(campaign, kind, channel)
    form = TemplateForm(request.POST or None, channel=channel, initial=current)
    previews = None
    if request.method == "POST" and form.is_valid():
        if "save" in request.POST:
            save_template(campaign=campaign, kind=kind, channel=channel, texts=form.cleaned_data, user=request.user)
            messages.success(request, _("The template was saved."))
            return redirect("trainings:message_template_list", code=campaign.code)
        previews = _preview(campaign, channel, form.cleaned_data)
    elif request.method == "GET":
        previews = _preview(campaign, channel, current)
    return render(request, "trainings/messages/template_form.html", {
        "campaign": campaign, "form": form, "kind": Kind(kind), "channel": Channel(channel),
        "source": current["source"], "previews": previews, "placeholders": PLACEHOLDERS,
    })  # fmt: skip


# -- sending ------------------------------------------------------------------------------------------


def _send(request, form, *, campaign, recipients, session=None, filters=None):
    try:
        batch = create_batch(
            campaign=campaign, kind=form.cleaned_data["kind"], channels=form.cleaned_data["channels"],
            recipients=recipients, user=request.user, session=session, filters=filters,
        )  # fmt: skip
    except ValidationError as error:
        form.add_error(None, " ".join(error.messages))
        return None
    return redirect("trainings:message_batch", pk=batch.pk)


def session_send(request, pk):
    session = get_managed_session(request.user, pk)
    recipients = selectors.session_recipients(session)
    form = SendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = _send(request, form, campaign=session.campaign, recipients=recipients, session=session)
        if response is not None:
            return response
    return render(request, "trainings/messages/send.html", {
        "form": form, "session": session, "campaign": session.campaign, "reach": selectors.reach(recipients),
        "back": reverse("trainings:session_detail", args=[session.pk]),
    })  # fmt: skip


@role_required(*ORGANISERS)
def list_send(request):
    """From the deputy list: its filter comes in the query string and is kept in the form's address."""
    query = request.GET.copy()
    query.pop("page", None)
    form = ListSendForm(request.POST or None)
    campaign = form.cleaned_data["campaign"] if form.is_bound and form.is_valid() else None
    deputies = deputies_for_user(request.user)
    if campaign is not None:
        recipients = selectors.list_recipients(deputies, query, campaign)
        response = _send(request, form, campaign=campaign, recipients=recipients, filters=query.dict())
        if response is not None:
            return response
        reach = selectors.reach(recipients)
    else:
        reach = selectors.list_reach(deputies, query)
        limit = settings.MESSAGE_BATCH_MAX_RECIPIENTS
        if reach["deputies"] > limit:
            messages.warning(
                request,
                _("The list has %(count)s deputies; one sending may have at most %(limit)s. Narrow the filter.")
                % {"count": reach["deputies"], "limit": limit},
            )
    return render(request, "trainings/messages/send.html", {
        "form": form, "reach": reach, "query": query.urlencode(),
        "filter_form": selectors.list_filter(query),
        "back": reverse("councils:deputy_list") + (f"?{query.urlencode()}" if query else ""),
    })  # fmt: skip


# -- batches ------------------------------------------------------------------------------------------


@require_GET
@role_required(*ORGANISERS)
def batch_list(request, code):
    campaign = get_object_or_404(Campaign, code=code)
    page = Paginator(selectors.campaign_batches(campaign), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "trainings/messages/batch_list.html", {"campaign": campaign, "page": page})


def _batch(request, pk):
    check_role(request.user, *ORGANISERS)
    return get_object_or_404(MessageBatch.objects.select_related("campaign", "session", "created_by"), pk=pk)


@require_GET
def batch_detail(request, pk):
    batch = _batch(request, pk)
    page = Paginator(selectors.batch_messages(batch), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "trainings/messages/batch_detail.html", {
        "batch": batch, "counts": batch_counts(batch), "page": page,
    })  # fmt: skip


@require_GET
def batch_progress(request, pk):
    batch = _batch(request, pk)
    return render(request, "trainings/messages/partials/batch_progress.html", {
        "batch": batch, "counts": batch_counts(batch),
    })  # fmt: skip
