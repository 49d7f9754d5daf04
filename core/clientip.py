"""The address a request comes from, as sign-in throttling counts it (django-axes'
AXES_CLIENT_IP_CALLABLE).

Behind a proxy every request arrives from the proxy, which names the client in
X-Forwarded-For. Anyone can send that header, so it is read only when the peer is one of
settings.FORWARDED_ALLOW_IPS (the addresses gunicorn also trusts), and then from the right:
each trusted proxy appends the address it saw, and what a client wrote sits to the left.

An IPv6 client counts by its /64: one subscriber is handed a whole /64 and may use any
address in it.
"""

from functools import lru_cache
from ipaddress import IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

from django.conf import settings
from django.http import HttpRequest


@lru_cache(maxsize=8)
def trusted_networks(allowed: tuple[str, ...]) -> tuple[IPv4Network | IPv6Network, ...] | None:
    """The trusted proxies as networks; None when every peer is trusted ("*")."""
    if "*" in allowed:
        return None
    return tuple(ip_network(item, strict=False) for item in allowed)


def is_trusted(address: str) -> bool:
    networks = trusted_networks(tuple(settings.FORWARDED_ALLOW_IPS))
    if networks is None:
        return True
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    forwarded = [item.strip() for item in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    while forwarded and is_trusted(address):
        claimed = forwarded.pop()
        try:
            ip_address(claimed)
        except ValueError:
            break  # a malformed chain: count the proxy that passed it on
        address = claimed
    return counted_as(address)


def counted_as(address: str) -> str:
    """The address for counting: an IPv6 one as the first of its /64, an IPv4 one that came
    through an IPv6 socket as itself."""
    try:
        parsed = ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, IPv6Address):
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ip_network(f"{parsed}/64", strict=False).network_address)
    return address
