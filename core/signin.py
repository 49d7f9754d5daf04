"""What sign-in throttling counts (django-axes' AXES_LOCKOUT_PARAMETERS).

Failures count per address (core/clientip.py), whatever the usernames tried, and per account,
so that many addresses cannot try many passwords on one account. An account's count pauses
only the addresses it never signed in from (axes' access log keeps those it did): an attacker
can keep an account paused for strangers, never for its owner where they usually work.
"""

from axes.helpers import get_client_username
from axes.models import AccessBase, AccessLog
from django.http import HttpRequest

from core.clientip import client_ip


def lockout_parameters(
    request_or_attempt: HttpRequest | AccessBase, credentials: dict | None = None
) -> list[str]:
    if isinstance(request_or_attempt, AccessBase):
        username, address = request_or_attempt.username, request_or_attempt.ip_address
    else:
        username = get_client_username(request_or_attempt, credentials)
        address = client_ip(request_or_attempt)
    if username and not AccessLog.objects.filter(username=username, ip_address=address).exists():
        return ["ip_address", "username"]
    return ["ip_address"]
