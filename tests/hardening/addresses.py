"""Awkward addresses for the public site: every route of the URLconf, filled with values no
editor would write. Shared by the in-process fuzz test and the one through gunicorn."""

import re
from urllib.parse import quote, quote_from_bytes, urlencode

from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import strategies as st

NOT_PUBLIC = ("admin/", "media/", "static/", "preview/")
CONVERTER = re.compile(r"<(?:(?P<kind>[^>:]+):)?(?P<name>[^>]+)>")

any_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=40)
# Percent-encoded, as a browser sends them: any unicode, "/" and "%" included, or bytes that
# are not UTF-8 at all.
slugs = st.one_of(
    st.sampled_from(["her-smell", "news", "tiff-2018", "punk", "фильмы", "a" * 300, "-", "_"]).map(quote),
    st.from_regex(r"[-a-zA-Z0-9_]{1,60}", fullmatch=True),
    any_text.map(lambda text: quote(text, safe="")),
    st.binary(min_size=1, max_size=20).map(lambda raw: quote_from_bytes(raw, safe="")),
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, -1, 2**31, 2**63, 10**100]),
).map(str)
# Story dates: the route takes four and two digits, so these reach the view.
years = st.one_of(st.sampled_from(["0000", "0001", "1969", "2019", "9999"]), numbers)
months_and_days = st.one_of(st.sampled_from(["00", "01", "02", "12", "13", "29", "30", "31", "99"]), numbers)
query_values = st.one_of(
    any_text, numbers, st.sampled_from(["", "0", "-1", "abc", "last", "999999", "1e9", "2019-02-30"])
)
# Repeated names and unicode names included: a list of pairs, not a dict.
queries = st.one_of(
    st.lists(
        st.tuples(st.one_of(st.sampled_from(["page", "q", "utm_source", "format"]), any_text), query_values),
        max_size=4,
    ).map(urlencode),
    st.binary(max_size=30).map(lambda raw: quote_from_bytes(raw, safe="=&")),
)


def public_routes() -> list[str]:
    """Route strings of every path() in the URLconf, admin and media aside."""
    routes = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern) and not route.startswith("^"):
                routes.append(prefix + route)

    walk(get_resolver().url_patterns)
    return [route for route in routes if not route.startswith(NOT_PUBLIC)]


def fill(route: str, data: st.DataObject) -> str:
    """An address for the route, each converter given a drawn value (percent-encoded)."""

    def value(match):
        kind = match["kind"] or "str"
        if kind == "yyyy":
            return data.draw(years)
        if kind == "dd":
            return data.draw(months_and_days)
        if kind == "int":
            return data.draw(numbers)
        return data.draw(slugs)

    return "/" + CONVERTER.sub(value, route)
