"""Purges of the proxies and CDNs in front of the site, run by the task worker (`make worker`).

A purge that fails at one of them (down, slow, refusing) is sent again later, to all of them
(a purge is idempotent), a few times with growing waits; pages it never reaches still expire
by their `s-maxage`.
"""

import logging
from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from core.pagecache import purge as purging

logger = logging.getLogger("core.pagecache")

# Seconds before each new try: about half an hour in all.
RETRY_AFTER = (5, 30, 120, 600, 1200)


@task
def purge_proxies(keys: list[str], tries: int = 0) -> None:
    sent = [proxy.purge(keys) for proxy in purging.proxies()]  # every proxy, even after one fails
    if all(sent):
        return
    if tries < len(RETRY_AFTER):
        later = purge_proxies.using(run_after=timezone.now() + timedelta(seconds=RETRY_AFTER[tries]))
        later.enqueue(keys, tries + 1)
    else:
        logger.error("purge: gave up on %d keys after %d tries", len(keys), tries + 1)
