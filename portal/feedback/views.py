"""Pages of the feedback survey: the participant's survey (no account), the organisers' question editor,
the free-text answers (organisers and staff), and the trainer's printable survey slips."""

import hashlib

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from assessments.feedback import selectors, services
from assessments.feedback.forms import FeedbackQuestionForm, SurveyForm
from assessments.feedback.tokens import BadToken, ExpiredToken, enrolment_id, survey_url
from assessments.models import FeedbackQuestion, FeedbackResponse
from councils.collation import deputy_order
from portal.ratelimit import allow, client_key
from roles import ORGANISERS, READERS, role_required
from trainings.access import get_session_for_user
from trainings.models import Campaign, Enrolment

LANGUAGES = (("ky", "Кыргызча"), ("ru", "Русский"), ("en", "English"))
# A whole training room may share one address (venue Wi-Fi, a mobile operator's NAT): 30 people opening,
# switching language and submitting fit well within this; a script trying links does not.
ADDRESS_LIMIT, TOKEN_LIMIT, WINDOW = 120, 20, 60


def _language(request, default: str) -> str:
    chosen = request.POST.get("lang") or request.GET.get("lang") or ""
    return chosen if chosen in dict(LANGUAGES) else default


# (title, text) of the pages a participant may meet instead of the survey; lazy, shown in their language.
MESSAGES = {
    "busy": (gettext_lazy("Too many requests"), gettext_lazy("Please wait a minute and try again.")),
    "expired": (
        gettext_lazy("This link has expired"),
        gettext_lazy("The survey link is valid for 30 days. Ask your trainer for a new one."),
    ),
    "bad": (
        gettext_lazy("This link does not work"),
        gettext_lazy("Check that the whole link was copied, or ask your trainer for a new one."),
    ),
    "received": (gettext_lazy("Feedback survey"), gettext_lazy("Thank you! Your answers have already been received.")),
    "thanks": (
        gettext_lazy("Thank you!"),
        gettext_lazy("Your answers have been received. They are read without your name."),
    ),
}
STATUS = {"busy": 429, "expired": 410, "bad": 404, "received": 200, "thanks": 200}


def _message(request, language: str, key: str):
    with translation.override(language):
        title, text = MESSAGES[key]
        context = {"title": str(title), "text": str(text), "languages": LANGUAGES, "language": language, "key": key}
        return render(request, "portal/feedback/message.html", context, status=STATUS[key])


@login_not_required
@require_http_methods(["GET", "POST"])
def survey(request, token):
    """A participant's survey, through the signed link of their enrolment: answered once, in ky, ru or en."""
    fallback = _language(request, (translation.get_language() or "ru")[:2])
    if fallback not in dict(LANGUAGES):
        fallback = "ru"
    if not allow("feedback", client_key(request), limit=ADDRESS_LIMIT, window=WINDOW) or not allow(
        "feedback-token", hashlib.sha256(token.encode(errors="replace")).hexdigest(), limit=TOKEN_LIMIT, window=WINDOW
    ):
        return _message(request, fallback, "busy")
    try:
        pk = enrolment_id(token)
    except ExpiredToken:
        return _message(request, fallback, "expired")
    except BadToken:
        pk = None
    enrolment = Enrolment.objects.select_related("session__campaign").filter(pk=pk).first() if pk else None
    if enrolment is None:
        return _message(request, fallback, "bad")
    language = _language(request, enrolment.session.language)
    if FeedbackResponse.objects.filter(enrolment=enrolment).exists():
        return _message(request, language, "received")
    with translation.override(language):
        questions = services.ensure_questions(enrolment.session.campaign)
        form = SurveyForm(request.POST if request.method == "POST" else None, questions=questions)
        if request.method == "POST" and form.is_valid():
            try:
                services.submit_feedback(enrolment=enrolment, questions=questions, ratings=form.ratings(),
                                         texts=form.texts(), language=language)  # fmt: skip
            except services.AlreadySubmitted:
                return _message(request, language, "received")
            return _message(request, language, "thanks")
        context = {"form": form, "languages": LANGUAGES, "language": language, "session": enrolment.session}
        return render(request, "portal/feedback/survey.html", context, status=400 if form.errors else 200)


def _campaign(code):
    return get_object_or_404(Campaign, code=code)


@require_http_methods(["GET", "POST"])
@role_required(*ORGANISERS)
def question_list(request, code):
    """The campaign's survey questions: edit each (ky/ru/en, order, kind), archive or restore, add one."""
    campaign = _campaign(code)
    services.ensure_questions(campaign)
    questions = list(campaign.feedback_questions.all())
    forms = {question.pk: FeedbackQuestionForm(instance=question, prefix=f"q{question.pk}") for question in questions}
    new_form = FeedbackQuestionForm(prefix="new", initial={"order": max((q.order for q in questions), default=0) + 1})
    if request.method == "POST":
        action = request.POST.get("action", "")
        question = next((q for q in questions if str(q.pk) == request.POST.get("question", "")), None)
        if action == "add":
            new_form = FeedbackQuestionForm(request.POST, prefix="new")
            if new_form.is_valid():
                services.add_question(campaign=campaign, **new_form.cleaned_data)
                messages.success(request, _("The question was added."))
                return redirect("feedback:questions", campaign.code)
        elif action in ("archive", "restore") and question is not None:
            services.set_archived(question=question, archived=action == "archive")
            messages.success(request, _("The question was archived.") if action == "archive"
                             else _("The question is back in the survey."))  # fmt: skip
            return redirect("feedback:questions", campaign.code)
        elif action == "save" and question is not None:
            form = FeedbackQuestionForm(request.POST, instance=question, prefix=f"q{question.pk}")
            forms[question.pk] = form
            if form.is_valid():
                try:
                    services.update_question(question=question, **form.cleaned_data)
                except services.QuestionLocked:
                    form.add_error("kind", _("This question has answers: its kind cannot change. Archive it and "
                                             "add a new question instead."))  # fmt: skip
                else:
                    messages.success(request, _("The question was saved."))
                    return redirect("feedback:questions", campaign.code)
    answered = set(
        FeedbackQuestion.objects.filter(campaign=campaign, answers__isnull=False).values_list("pk", flat=True)
    )
    rows = [{"question": q, "form": forms[q.pk], "answered": q.pk in answered} for q in questions]
    context = {"campaign": campaign, "rows": rows, "new_form": new_form,
               "responses": selectors.response_count(campaign)}  # fmt: skip
    return render(request, "portal/feedback/questions.html", context)


@require_GET
@role_required(*READERS)
def comment_list(request, code):
    """Free-text answers of the campaign, by session and region, without names (never for trainers)."""
    campaign = _campaign(code)
    choices = selectors.comment_filter_choices(campaign)
    session = request.GET.get("session", "")
    session = session if session in choices["sessions"] else ""
    region = request.GET.get("region", "")
    region = region if region in dict(choices["regions"]) else ""
    comments = selectors.feedback_comments(campaign, session_code=session, region_code=region)
    context = {"campaign": campaign, "comments": comments, "choices": choices, "session": session, "region": region}
    return render(request, "portal/feedback/comments.html", context)


@require_GET
def survey_slips(request, pk):
    """A printable page for the session's participants who took the post-test on paper: one slip each,
    with their short name and the QR code of their own survey link, to cut and hand out."""
    session = get_session_for_user(request.user, pk, write=True)
    enrolments = session.enrolments.select_related("deputy").order_by(*deputy_order("deputy__"), "pk")
    answered = FeedbackResponse.objects.filter(enrolment__session=session).count()
    slips = []
    for enrolment in enrolments:
        url = request.build_absolute_uri(survey_url(enrolment))
        qr = segno.make(url, error="m").svg_inline(scale=3, border=2, svgclass="qr-code")
        deputy = enrolment.deputy
        slips.append({"name": f"{deputy.last_name} {deputy.first_name[:1]}.".strip(), "url": url, "qr": qr})
    context = {"session": session, "slips": slips, "answered": answered, "total": len(slips)}
    return render(request, "portal/feedback/slips.html", context)
