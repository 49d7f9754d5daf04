from datetime import date


class FourDigitYearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class TwoDigitConverter:
    """Month and day in story URLs, always zero-padded so each story has one address."""

    regex = "[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


class UnicodeSlugConverter:
    """Slugs that may hold any letter, as `SlugField(allow_unicode=True)` does (taggit's tags:
    "фильмы" is its own slug). Django's `slug` converter takes ASCII only."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class IsoWeekConverter:
    """An ISO 8601 week, `2026-W48`, as the date of its Monday; a week that does not exist
    (W00, W54, W53 of a 52-week year) matches no URL, so it is a 404."""

    regex = "[0-9]{4}-W[0-9]{2}"

    def to_python(self, value):
        year, week = value.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)  # ValueError: no such week

    def to_url(self, value):
        year, week, _ = value.isocalendar()
        return f"{year:04d}-W{week:02d}"
