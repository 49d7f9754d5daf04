"""Times on readers' pages read in the newsroom's zone and language, however often shown."""

from datetime import UTC, datetime

from django.test import override_settings
from django.utils import translation

from core.jinja2tags import date

# 03:30 UTC on 1 January: still 31 December in New York.
INSTANT = datetime(2026, 1, 1, 3, 30, tzinfo=UTC)


def test_the_same_instant_reads_in_whichever_zone_the_newsroom_is_in():
    with override_settings(TIME_ZONE="America/New_York"):
        assert date(INSTANT, "F j, Y H:i") == "December 31, 2025 22:30"
    with override_settings(TIME_ZONE="Europe/Paris"):
        assert date(INSTANT, "F j, Y H:i") == "January 1, 2026 04:30"
    with override_settings(TIME_ZONE="America/New_York"):
        assert date(INSTANT, "F j, Y") == "December 31, 2025"


def test_month_names_follow_the_active_language():
    with override_settings(TIME_ZONE="Europe/Paris"):
        assert date(INSTANT, "F") == "January"
        with translation.override("fr"):
            assert date(INSTANT, "F") == "janvier"
        assert date(INSTANT, "F") == "January"


def test_nothing_reads_as_nothing():
    assert date(None, "F j, Y") == "" and date("", "F j, Y") == ""
