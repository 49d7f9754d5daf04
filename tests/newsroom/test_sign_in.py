"""Sign-in throttling (django-axes): failures count per client address, whatever the
usernames, and the address is the one a trusted proxy names, never one a client claims."""

import pytest
from django.test import Client, RequestFactory

from core.clientip import client_ip

PROXY = "10.0.0.1"
ATTACKER = "203.0.113.7"
COLLEAGUE = "198.51.100.2"


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
        (PROXY, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_read_from_the_right_of_trusted_proxies(settings, peer, forwarded, expected):
    settings.FORWARDED_ALLOW_IPS = ["10.0.0.0/24"]
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip(RequestFactory().get("/", **extra)) == expected
