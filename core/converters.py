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
