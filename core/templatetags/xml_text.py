"""{{ value|xml_text }}: text without the characters XML cannot carry (sitemaps' XML)."""

from django import template

from core.feeds import feed_text

register = template.Library()


@register.filter
def xml_text(value) -> str:
    """As the feeds clean every value: a control character pasted into a headline must not
    make the whole document invalid for the search engines reading it."""
    return feed_text(str(value))
