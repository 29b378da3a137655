"""The planning page's form: the window, places, working days and settings (defaults from the campaign)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms import DateInput
from .holidays import public_holidays, working_days
from .inputs import TRIP_DISTRICT, TRIP_REGION, TRIP_REGION_FALLBACK, Settings

MAX_WINDOW_DAYS = 366
MAX_TIME_LIMIT = 120
MAX_DAY_LIST = 2000  # characters of a list of days
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _parse_days(text, field):
    days, bad = [], []
    for part in re.split(r"[\s,;]+", text.strip()):
        if not part:
            continue
        try:
            days.append(date.fromisoformat(part) if _DAY.fullmatch(part) else None)
        except ValueError:
            days.append(None)
        if days[-1] is None:
            days.pop()
            bad.append(part[:20])
    if bad:
        raise forms.ValidationError(
            _("These are not days written as YYYY-MM-DD: %(values)s."), params={"values": ", ".join(bad[:5])}
        )
    return days


class PlanningForm(forms.Form):
    first = forms.DateField(label=_("First day"), widget=DateInput())
    last = forms.DateField(label=_("Last day"), widget=DateInput())
    places = forms.IntegerField(
        label=_("Places per council"),
        required=False,
        min_value=1,
        max_value=500,
        help_text=_("Blank: each council's seats."),
    )
    closed_days = forms.CharField(
        label=_("Days off besides Sundays and public holidays"),
        required=False,
        max_length=MAX_DAY_LIST,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Days written as YYYY-MM-DD, separated by spaces or commas."),
    )
    open_days = forms.CharField(
        label=_("Working days besides the usual ones"),
        required=False,
        max_length=MAX_DAY_LIST,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. a Sunday or a holiday when sessions may be held; YYYY-MM-DD."),
    )
    trainers_per_session = forms.TypedChoiceField(
        label=_("Trainers per session"), choices=[(1, "1"), (2, "2")], coerce=int, initial=2
    )
    trip = forms.ChoiceField(
        label=_("Longest acceptable trip for a council"),
        choices=[
            (TRIP_DISTRICT, _("its own district only")),
            (TRIP_REGION_FALLBACK, _("its own district; another district of the region when its has no venue")),
            (TRIP_REGION, _("any district of its region")),
        ],
        initial=TRIP_REGION_FALLBACK,
    )
    max_sessions_per_week = forms.IntegerField(
        label=_("A trainer's maximum sessions per week"), min_value=1, max_value=7, initial=2
    )
    time_limit = forms.IntegerField(
        label=_("Time limit of the solver (seconds)"), min_value=5, max_value=MAX_TIME_LIMIT, initial=30
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first"].initial = campaign.start
        self.fields["last"].initial = campaign.end

    def clean_closed_days(self):
        return _parse_days(self.cleaned_data["closed_days"], "closed_days")

    def clean_open_days(self):
        return _parse_days(self.cleaned_data["open_days"], "open_days")

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first and last:
            if last < first:
                self.add_error("last", _("The last day comes before the first day."))
            elif (last - first).days > MAX_WINDOW_DAYS:
                self.add_error("last", _("The window may be a year at most."))
        return data

    def working_days(self) -> list[date]:
        data = self.cleaned_data
        first, last = data["first"], data["last"]
        days = set(working_days(first, last)) - set(data["closed_days"])
        days |= {day for day in data["open_days"] if first <= day <= last}
        return sorted(days)

    def settings(self) -> Settings:
        data = self.cleaned_data
        return Settings(
            trainers_per_session=data["trainers_per_session"],
            trip=data["trip"],
            max_sessions_per_week=data["max_sessions_per_week"],
            time_limit_seconds=data["time_limit"],
        )

    def as_json(self) -> dict:
        data = dict(self.cleaned_data)
        data["first"], data["last"] = data["first"].isoformat(), data["last"].isoformat()
        data["closed_days"] = [day.isoformat() for day in data["closed_days"]]
        data["open_days"] = [day.isoformat() for day in data["open_days"]]
        return data


def holidays_between(first: date, last: date) -> dict[date, str]:
    if last < first or (last - first) > timedelta(days=MAX_WINDOW_DAYS):
        return {}
    return public_holidays(first, last)
