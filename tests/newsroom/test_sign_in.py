"""Sign-in throttling (django-axes): failures count per client address (an IPv6 client by
its /64), whatever the usernames, and per account from addresses it never signed in from;
the address is the one a trusted proxy names, never one a client claims."""

import pytest
from django.test import Client, RequestFactory

from core.clientip import client_ip

PROXY = "10.0.0.1"
ATTACKER = "203.0.113.7"
COLLEAGUE = "198.51.100.2"
# Attackers with many addresses: each stays under the limit of one address.
BOTNET = [f"192.0.2.{number}" for number in range(1, 40)]


@pytest.fixture
def throttling(settings, django_user_model):
    settings.AXES_ENABLED = True
    settings.FORWARDED_ALLOW_IPS = [PROXY]
    django_user_model.objects.create_superuser("editor", "e@example.com", "right-password")
    return settings.AXES_FAILURE_LIMIT


def sign_in(username: str, password: str, address: str, forwarded: str | None = None) -> int:
    extra = {"REMOTE_ADDR": address}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    form = {"username": username, "password": password}
    return Client().post("/admin/login/?next=/admin/", form, **extra).status_code


@pytest.mark.django_db
def test_wrong_passwords_lock_the_address_even_for_the_right_password(throttling):
    assert sign_in("editor", "right-password", COLLEAGUE) == 302  # the editor's usual address
    for _ in range(throttling - 1):
        assert sign_in("editor", "wrong", ATTACKER) == 200  # the form again, with an error
    assert sign_in("editor", "wrong", ATTACKER) == 429
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "right-password"},
        REMOTE_ADDR=ATTACKER,
    )
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content
    assert "_auth_user_id" not in client.session
    assert sign_in("editor", "right-password", COLLEAGUE) == 302


@pytest.mark.django_db
def test_one_password_against_many_usernames_locks_the_address(throttling):
    for number in range(throttling - 1):
        assert sign_in(f"user{number}", "Summer2026!", ATTACKER) == 200
    assert sign_in("someone-else", "Summer2026!", ATTACKER) == 429
    assert sign_in("editor", "right-password", ATTACKER) == 429
    assert sign_in("editor", "right-password", COLLEAGUE) == 302


@pytest.mark.django_db
def test_signing_in_to_ones_own_account_does_not_clear_the_count(throttling, django_user_model):
    django_user_model.objects.create_user("mole", password="own-password", is_staff=True)
    for number in range(throttling - 1):
        assert sign_in(f"user{number}", "guess", ATTACKER) == 200
    assert sign_in("mole", "own-password", ATTACKER) == 302
    assert sign_in("user0", "guess", ATTACKER) == 429


@pytest.mark.django_db
def test_a_trusted_proxy_names_the_client(throttling):
    """Through the proxy, the attacker is locked out and a colleague behind it is not; a
    client's own X-Forwarded-For entry (left of the proxy's) changes nothing."""
    for number in range(throttling):
        sign_in(f"user{number}", "guess", PROXY, forwarded=f"192.0.2.{number}, {ATTACKER}")
    assert sign_in("editor", "right-password", PROXY, forwarded=ATTACKER) == 429
    assert sign_in("editor", "right-password", PROXY, forwarded=COLLEAGUE) == 302


@pytest.mark.django_db
def test_forwarded_for_from_anyone_else_is_ignored(throttling):
    for number in range(throttling):
        sign_in(f"user{number}", "guess", ATTACKER, forwarded=f"192.0.2.{number}")
    assert sign_in("editor", "right-password", ATTACKER, forwarded=COLLEAGUE) == 429


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        (ATTACKER, None, ATTACKER),
        (ATTACKER, COLLEAGUE, ATTACKER),
        (PROXY, None, PROXY),
        (PROXY, ATTACKER, ATTACKER),
        (PROXY, f"{COLLEAGUE}, {ATTACKER}", ATTACKER),
        (PROXY, f"{ATTACKER}, 10.0.0.9", ATTACKER),  # two proxies of ours in a row
        (PROXY, "not-an-address", PROXY),
        (PROXY, "2001:db8::1", "2001:db8::"),
        ("2001:db8:0:7:a:b:c:d", None, "2001:db8:0:7::"),  # one IPv6 client has a /64
        ("::ffff:203.0.113.7", None, ATTACKER),  # an IPv4 client on an IPv6 socket
    ],
)
def test_the_client_address_is_read_from_the_right_of_trusted_proxies(settings, peer, forwarded, expected):
    settings.FORWARDED_ALLOW_IPS = ["10.0.0.0/24"]
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip(RequestFactory().get("/", **extra)) == expected


@pytest.mark.django_db
def test_failures_from_many_addresses_pause_the_account(throttling):
    """Each address stays under its own limit, yet the account takes no more than the limit
    of wrong passwords from addresses it never signed in from: then those are paused, even
    with the right password."""
    tried = 0
    for address in BOTNET:
        for _ in range(throttling - 1):
            if sign_in("editor", "wrong", address) == 429:
                break
            tried += 1
    assert tried <= throttling
    assert sign_in("editor", "right-password", COLLEAGUE) == 429
    assert sign_in("someone-else", "guess", COLLEAGUE) == 200  # other accounts go on as before


@pytest.mark.django_db
def test_an_address_that_signed_in_before_is_not_paused_with_the_account(throttling):
    """No one can lock an editor out from where they work: an address the account signed in
    from keeps only its own limit while the account is paused for everyone else."""
    assert sign_in("editor", "right-password", COLLEAGUE) == 302
    for address in BOTNET[:5]:
        for _ in range(throttling - 1):
            sign_in("editor", "wrong", address)
    assert sign_in("editor", "right-password", BOTNET[-1]) == 429
    assert sign_in("editor", "right-password", COLLEAGUE) == 302


@pytest.mark.django_db
def test_ipv6_addresses_count_by_their_64(throttling):
    """One IPv6 client holds a whole /64: failures from its addresses add up, and another
    network is not held back by them."""
    for number in range(throttling):
        sign_in(f"user{number}", "guess", f"2001:db8:0:1::{number + 1:x}")
    assert sign_in("editor", "right-password", "2001:db8:0:1::ffff") == 429
    assert sign_in("editor", "right-password", "2001:db8:0:2::1") == 302
