"""Public pages of the self-test, for participants' phones: no account, plain forms, no JavaScript.

The phone's Django session remembers the window it entered, the name it picked and a random device
secret; the attempt in progress (answers so far) is kept on the server, bound to that secret, so a
dropped connection resumes and no other phone can continue it. Every refusal is a page with a message
(403, or 429 past a rate limit) and writes nothing.
"""

import functools
import secrets

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from assessments.selftest import services
from assessments.selftest.next_steps import next_steps
from assessments.selftest.services import SelfTestRefused
from trainings.models import Enrolment

from ..ratelimit import allow, client_key

SESSION_DEVICE = "selftest_device"
SESSION_WINDOW = "selftest_window"
SESSION_PICK = "selftest_pick"
SESSION_ATTEMPT = "selftest_attempt"
SESSION_DONE = "selftest_done"
LANGUAGES = (("ky", "Кыргызча"), ("ru", "Русский"))


class RateLimited(SelfTestRefused):
    pass


def _too_many():
    return RateLimited(_("Too many attempts. Wait a few minutes and try again."))


def _limit(scope, key, setting):
    """Count one hit; refuse past the limit (every page, per device and per session)."""
    limit, window = setting
    if not allow(scope, key, limit=limit, window=window):
        raise _too_many()


# Wrong codes, links and birth years are counted per device (and birth years per participant too): only
# failures count, so a whole class behind one address can come in, while guessing stops after a few tries.
def _check_not_blocked(*keys):
    if any(cache.get(f"selftest-blocked:{key}") for key in keys):
        raise _too_many()


def _count_failure(key, setting):
    limit, window = setting
    # Blocked once `limit` failures came within `window` seconds, for the rest of that window.
    if not allow("selftest-failure", key, limit=limit - 1, window=window):
        cache.set(f"selftest-blocked:{key}", True, timeout=window)


def _device_guess_key(request):
    return f"device:{client_key(request)}"


def _language(request, window=None, attempt=None):
    if attempt is not None:
        return attempt.language
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in dict(settings.LANGUAGES):
        return chosen
    return window.session.language if window is not None else translation.get_language()


def public_page(view):
    """Open without an account, never cached, limited per device, refusals drawn as a page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            _limit("selftest-device", client_key(request), settings.SELFTEST_RATE_DEVICE)
            return view(request, *args, **kwargs)
        except SelfTestRefused as refusal:
            status = 429 if isinstance(refusal, RateLimited) else 403
            return render(request, "selftest/refused.html", {"message": refusal.message}, status=status)

    return login_not_required(never_cache(require_http_methods(["GET", "POST"])(wrapper)))


def _device(request) -> str:
    device = request.session.get(SESSION_DEVICE)
    if not isinstance(device, str) or len(device) < 20:
        device = secrets.token_urlsafe(24)
        request.session[SESSION_DEVICE] = device
    return device


def _enter(request, window):
    """Remember the window on this phone; a phone that was in another window starts afresh."""
    if request.session.get(SESSION_WINDOW) != window.pk:
        for key in (SESSION_PICK, SESSION_ATTEMPT, SESSION_DONE):
            request.session.pop(key, None)
    request.session[SESSION_WINDOW] = window.pk
    _device(request)
    attempt_id = request.session.get(SESSION_ATTEMPT)
    if attempt_id is not None:
        return redirect("selftest:question", number=1)
    return redirect("selftest:pick_name")


def _current_window(request):
    window_id = request.session.get(SESSION_WINDOW)
    if window_id is None:
        raise SelfTestRefused(_("Scan the QR code or enter the code shown by the trainer."))
    window = services.window_by_id(window_id)
    _limit("selftest-session", str(window.session_id), settings.SELFTEST_RATE_SESSION)
    return window


def _current_attempt(request):
    _current_window(request)
    return services.attempt_for_device(attempt_id=request.session.get(SESSION_ATTEMPT), device=_device(request))


@public_page
def enter_code(request):
    error = None
    if request.method == "POST":
        _check_not_blocked(_device_guess_key(request))
        try:
            return _enter(request, services.window_from_code(request.POST.get("code", "")))
        except SelfTestRefused as refusal:
            _count_failure(_device_guess_key(request), settings.SELFTEST_RATE_GUESSES)
            error = refusal.message
    language = _language(request)
    with translation.override(language):
        return render(request, "selftest/enter_code.html", {"error": error}, status=403 if error else 200)


@public_page
def enter_token(request, token):
    _check_not_blocked(_device_guess_key(request))
    try:
        window = services.window_from_token(token)
    except SelfTestRefused:
        _count_failure(_device_guess_key(request), settings.SELFTEST_RATE_GUESSES)
        raise
    return _enter(request, window)


@public_page
def pick_name(request):
    window = _current_window(request)
    if request.session.get(SESSION_ATTEMPT) is not None:
        return redirect("selftest:question", number=1)
    roster = services.roster(window)
    if request.method == "POST":
        chosen = services.parse_id(request.POST.get("enrolment"))
        if chosen in {enrolment_id for enrolment_id, _name in roster}:
            request.session[SESSION_PICK] = chosen
            return redirect("selftest:confirm")
        raise SelfTestRefused(_("Choose your name from the list."))
    language = _language(request, window)
    with translation.override(language):
        context = {"roster": roster, "phase_label": services.phase_label(window.phase), "session": window.session}
        return render(request, "selftest/pick_name.html", context)


@public_page
def confirm(request):
    window = _current_window(request)
    chosen = request.session.get(SESSION_PICK)
    names = dict(services.roster(window))
    if chosen not in names:
        return redirect("selftest:pick_name")
    error, language = None, request.POST.get("language") or window.session.language
    if request.method == "POST":
        participant_key = f"participant:{window.pk}:{chosen}"
        _check_not_blocked(_device_guess_key(request), participant_key)
        try:
            attempt = services.start_attempt(
                window=window,
                enrolment_id=chosen,
                birth_year=request.POST.get("birth_year", ""),
                device=_device(request),
                language=language,
            )
        except SelfTestRefused as refusal:
            _count_failure(_device_guess_key(request), settings.SELFTEST_RATE_GUESSES)
            _count_failure(participant_key, settings.SELFTEST_RATE_BIRTH_YEAR)
            error = refusal.message
        else:
            request.session[SESSION_ATTEMPT] = attempt.pk
            return redirect("selftest:question", number=1)
    language = language if language in dict(LANGUAGES) else window.session.language
    with translation.override(_language(request, window)):
        context = {
            "name": names[chosen],
            "error": error,
            "languages": LANGUAGES,
            "language": language,
            "session": window.session,
        }
        return render(request, "selftest/confirm.html", context, status=403 if error else 200)


@public_page
def question(request, number):
    attempt = _current_attempt(request)
    questions = services.questions_of(attempt)
    numbers = [item.number for item in questions]
    if number not in numbers:
        raise Http404
    position = numbers.index(number)
    current = questions[position]
    error = None
    if request.method == "POST":
        try:
            services.save_answer(attempt=attempt, question=current, answer=request.POST.get("answer", ""))
        except SelfTestRefused as refusal:
            error = refusal.message
        else:
            go = request.POST.get("go")
            if go == "back" and position > 0:
                return redirect("selftest:question", number=numbers[position - 1])
            if go == "next" and position + 1 < len(numbers):
                return redirect("selftest:question", number=numbers[position + 1])
            return redirect("selftest:review")
    stem, choices = services.question_screen(current, attempt.language)
    with translation.override(attempt.language):
        context = {
            "question": current,
            "text": stem,
            "choices": choices,
            "chosen": (attempt.answers or {}).get(str(number), ""),
            "position": position + 1,
            "total": len(numbers),
            "is_first": position == 0,
            "is_last": position + 1 == len(numbers),
            "error": error,
        }
        return render(request, "selftest/question.html", context, status=403 if error else 200)


@public_page
def review(request):
    attempt = _current_attempt(request)
    if request.method == "POST":
        attempt, _result = services.submit(attempt_id=attempt.pk, device=_device(request))
        request.session.pop(SESSION_ATTEMPT, None)
        request.session.pop(SESSION_PICK, None)
        request.session[SESSION_DONE] = {"enrolment": attempt.enrolment_id, "phase": attempt.window.phase}
        request.session["selftest_done_language"] = attempt.language
        return redirect("selftest:done")
    answers = attempt.answers or {}
    rows = [(item.number, answers.get(str(item.number), "")) for item in services.questions_of(attempt)]
    with translation.override(attempt.language):
        context = {"rows": rows, "unanswered": sum(1 for _number, answer in rows if not answer)}
        return render(request, "selftest/review.html", context)


@public_page
def done(request):
    finished = request.session.get(SESSION_DONE)
    if not isinstance(finished, dict):
        return redirect("selftest:enter_code")
    enrolment = Enrolment.objects.filter(pk=finished.get("enrolment")).first()
    links = next_steps(enrolment, finished.get("phase")) if enrolment else []
    language = request.session.get("selftest_done_language") or _language(request)
    with translation.override(language):
        return render(request, "selftest/done.html", {"links": links})
