"""The release calendar: what opens in one country this week and next, or in any one week,
as a page, and as an iCalendar subscription (feeds: public/feeds.py)."""

from datetime import timedelta
from itertools import groupby

from django.conf import settings
from django.http import HttpResponse
from django.utils import dateformat, timezone
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView
from icalendar import Calendar, Event

from core.addresses import absolute_url, site_host
from core.feeds import feed_text
from public import seo
from public.releases import ICS_LIMIT, country_choices, record_window, subscription_window, week_window


class ReleaseCalendarView(TemplateView):
    """`/releases/` (this week and next) and `/releases/<yyyy>-W<ww>/` (one week)."""

    template_name = "public/releases.html"

    def get(self, request, *args, week=None, **kwargs):
        self.window = week_window(request, week)  # 404 before any query
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        window = self.window
        releases = window.releases()
        record_window(window, releases)
        by_day = groupby(releases, key=lambda release: release.date)
        days = [{"date": day, "releases": list(rows)} for day, rows in by_day]
        heading = f"Week of {dateformat.format(window.first, 'F j, Y')}"
        path = "/releases/" if window.now else f"/releases/{window.first:%G-W%V}/"
        title = f"Opening in {window.country_name}" + ("" if window.now else f": {heading.lower()}")
        context = super().get_context_data(
            window=window,
            releases=releases,
            days=days,
            heading="This week and next" if window.now else heading,
            previous_week=window.first - timedelta(weeks=1),
            next_week=window.last + timedelta(days=1),
            countries=country_choices(window.country),
            feed_base="/releases/",
            feed_query=window.query,
            feed_title=f"Releases in {window.country_name} – {settings.SITE_NAME}",
            **kwargs,
        )
        context["seo"] = seo.PageMeta(
            title=seo.page_title(title),
            description=f"Films opening in {window.country_name}: theatrical, limited, digital, disc, TV "
            "releases and premieres, week by week.",
            path=path + window.query,
            json_ld=[seo.breadcrumbs([("Home", "/"), ("Release calendar", "/releases/")])],
        )
        return context


@require_GET
def release_calendar_ics(request):
    """The coming year's releases in one country as an iCalendar feed a calendar app subscribes
    to: an all-day event per release, with a UID that stays the same across fetches. Texts are
    cleaned as the feeds' are: RFC 5545 forbids control characters in a calendar too."""
    window = subscription_window(request)
    releases = window.releases(limit=ICS_LIMIT)
    calendar = Calendar()
    calendar.add("prodid", feed_text(f"-//{settings.SITE_NAME}//Release calendar//EN"))
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", feed_text(f"{settings.SITE_NAME}: releases in {window.country_name}"))
    stamp = timezone.now()
    for release in releases:
        event = Event()
        event.add("uid", f"release-{release.pk}@{site_host()}")
        event.add("dtstamp", stamp)
        event.add("dtstart", release.date)
        event.add("dtend", release.date + timedelta(days=1))
        event.add("summary", feed_text(f"{release.film.title}: {release.label}"))
        event.add("url", absolute_url(release.film.get_absolute_url()))
        if release.details:
            event.add("description", feed_text(release.details))
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="releases-{window.country.lower()}.ics"'
    record_window(window, releases)
    return response
