"""Working days of Kyrgyzstan: every day but Sundays and public holidays (fixed dates, Nooruz, Orozo Ait,
Kurman Ait and the government's transferred days off), from the `holidays` package. Organisers may add or
remove days on the planning page."""

from __future__ import annotations

from datetime import date, timedelta

import holidays as holiday_calendars


def public_holidays(first: date, last: date) -> dict[date, str]:
    calendar = holiday_calendars.country_holidays("KG", years=range(first.year, last.year + 1))
    return {day: name for day, name in sorted(calendar.items()) if first <= day <= last}


def working_days(first: date, last: date) -> list[date]:
    if last < first:
        return []
    closed = public_holidays(first, last)
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if day.weekday() != 6 and day not in closed]
