"""Sign-in throttling through the real server (gunicorn, DEBUG off, behind a trusted proxy
that names the client): an IPv6 client counts by its /64, and many addresses cannot try
many passwords on one account, while its owner still signs in from their usual address."""

from contextlib import ExitStack

import pytest

from tests.live.servers import Browser, embedded_site, gunicorn, manage

LIMIT = 10  # settings.AXES_FAILURE_LIMIT
EDITORS_ADDRESS = "198.51.100.2"


@pytest.fixture(scope="module")
def port(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sign-in")
    with embedded_site("newsroom_sign_in", folder, stories=0) as env, ExitStack() as stack:
        manage(
            env,
            "shell",
            "-c",
            "from django.contrib.auth.models import User; "
            "User.objects.create_superuser('editor', 'e@example.com', 'right-password')",
        )
        yield stack.enter_context(gunicorn(env, folder))


def sign_in(port: int, username: str, password: str, address: str) -> int:
    """One sign-in from `address`, as the proxy in front (gunicorn trusts 127.0.0.1) names it."""
    browser = Browser(port)
    browser.get("/admin/login/")
    form = browser.with_csrf({"username": username, "password": password, "next": "/admin/"})
    status, _, _ = browser.request(
        "POST", "/admin/login/?next=/admin/", form, headers={"X-Forwarded-For": address}
    )
    return status


def test_an_ipv6_client_counts_by_its_64(port):
    for number in range(LIMIT):
        sign_in(port, f"user{number}", "guess", f"2001:db8:0:1::{number + 1:x}")
    assert sign_in(port, "editor", "right-password", "2001:db8:0:1::ffff") == 429
    assert sign_in(port, "other", "guess", "2001:db8:0:2::1") == 200  # another network


def test_many_addresses_pause_an_account_but_not_for_its_owner(port):
    assert sign_in(port, "editor", "right-password", EDITORS_ADDRESS) == 302
    for address in ["192.0.2.1", "192.0.2.2", "192.0.2.3"]:
        for _ in range(LIMIT - 1):
            sign_in(port, "editor", "wrong", address)
    assert sign_in(port, "editor", "right-password", "192.0.2.4") == 429
    assert sign_in(port, "editor", "right-password", EDITORS_ADDRESS) == 302
