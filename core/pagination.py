"""Newer/Older paging without COUNT(*).

Counting every public story of a tag or a film costs more than the page itself at 100,000
stories (20-60 ms), and readers of a news list page forward, not to "page 3,412 of 5,000".
A page reads one row more than it shows to know whether an older page exists; a page past
the end is empty and answers 404, as Django's paginator does.
"""

import re

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import Http404

# Deeper than readers page: 10,000 pages of 20 hold 200,000 stories, more than the archive.
# Past it a number only makes the database skip rows, and a huge one overflows its integer.
MAX_PAGE = 10_000
# Digits as a reader's link writes them: no sign, no leading zero, no other script's digits.
PAGE_NUMBER = re.compile(r"[1-9][0-9]*")


def requested_page(value: str | None) -> int:
    """The page number a list is asked for (1 when none), checked before any query: anything
    but a plain number from 1 to MAX_PAGE is a page that cannot exist, so Http404."""
    if value is None:
        return 1
    if not PAGE_NUMBER.fullmatch(value) or len(value) > len(str(MAX_PAGE)) or int(value) > MAX_PAGE:
        raise Http404("No such page")
    return int(value)


class UncountedPage(Page):
    def __init__(self, object_list, number, paginator, *, has_next: bool):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self) -> bool:
        return self._has_next

    def next_page_number(self) -> int:
        if not self._has_next:
            raise EmptyPage("That page contains no results")
        return self.number + 1

    def end_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)


class UncountedPaginator(Paginator):
    def validate_number(self, number) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        return number

    def page(self, number) -> UncountedPage:
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        rows = list(self.object_list[start : start + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        return UncountedPage(rows[: self.per_page], number, self, has_next=len(rows) > self.per_page)

    @property
    def count(self):
        raise NotImplementedError("UncountedPaginator never counts; use the page's has_next().")

    @property
    def num_pages(self):
        raise NotImplementedError("UncountedPaginator never counts; use the page's has_next().")
