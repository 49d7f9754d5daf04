"""The release calendar's rules, shared by its pages, feeds and .ics: which country, which weeks,
and what a response showing them is tagged with.

Weeks are ISO weeks (Monday to Sunday) in the newsroom's time zone. "Now" windows (this week
and next) change by themselves on Monday at midnight: their responses carry RELEASES_NOW, which
the page cache is told expires then.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.http import Http404, HttpRequest
from django.utils import timezone
from django_countries import countries

from core.pagecache.keys import record, shows
from core.pagecache.purge import expire_at
from films.models import Release

DEFAULT_COUNTRY = "US"
RELEASES_NOW = "releases-now"
# Weeks a reader can page to: the first films to the far future, never past what dates can hold.
FIRST_YEAR, LAST_YEAR = 1870, 2200
# The .ics subscription: recent weeks (a release just missed) and the coming year.
ICS_WEEKS_BACK, ICS_WEEKS_AHEAD, ICS_LIMIT = 4, 52, 2000


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def this_week() -> date:
    return week_start(timezone.localdate())


@dataclass(frozen=True)
class Window:
    """Releases of one country from `first` to `last` (inclusive); `now` if it moves with time."""

    country: str
    first: date
    last: date
    now: bool = False

    @property
    def country_name(self) -> str:
        return countries.name(self.country)

    @property
    def query(self) -> str:
        """The query string that keeps a link in this country ("" for the default)."""
        return "" if self.country == DEFAULT_COUNTRY else f"?country={self.country}"

    def releases(self, limit: int | None = None) -> list[Release]:
        releases = Release.objects.opening(self.country, self.first, self.last)
        return list(releases[:limit] if limit else releases)


def country_choices(current: str) -> list[tuple[str, str]]:
    """(code, name) of every country with a release, and the one shown, for the country picker."""
    codes = set(Release.objects.order_by("country").values_list("country", flat=True).distinct())
    return sorted(((code, countries.name(code)) for code in codes | {current}), key=lambda pair: pair[1])


def requested_country(request: HttpRequest) -> str:
    """The `?country=` asked for (US when none), checked before any query: an unknown code is 404."""
    code = request.GET.get("country", DEFAULT_COUNTRY).strip().upper()
    if len(code) != 2 or code not in countries:
        raise Http404("No such country")
    return code


def week_window(request: HttpRequest, week: date | None = None) -> Window:
    """One week, or with none, this week and next."""
    country = requested_country(request)
    if week is None:
        start = this_week()
        return Window(country, start, start + timedelta(days=13), now=True)
    if not FIRST_YEAR <= week.year <= LAST_YEAR:
        raise Http404("No such week")
    return Window(country, week, week + timedelta(days=6))


def subscription_window(request: HttpRequest) -> Window:
    start = this_week()
    country = requested_country(request)
    return Window(
        country, start - timedelta(weeks=ICS_WEEKS_BACK), start + timedelta(weeks=ICS_WEEKS_AHEAD), now=True
    )


def record_window(window: Window, releases: list[Release]) -> None:
    """Record what a window shows: every release (any change may move one into it) and the
    films shown; a window of "now" also expires when the week turns."""
    shows(Release, *(release.film for release in releases))
    if window.now:
        expire_at([RELEASES_NOW], midnight(this_week() + timedelta(days=7)))
        record(RELEASES_NOW)


def midnight(day: date) -> datetime:
    """The start of `day` in the newsroom's zone: when a week turns, when a film opens (feeds)."""
    return timezone.make_aware(datetime.combine(day, time()))
