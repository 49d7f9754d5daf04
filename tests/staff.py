"""Newsroom roles and a way to submit an admin form exactly as a browser would."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group

from tests.factories import AuthorFactory


def make_staff(django_user_model, username: str, group: str):
    user = django_user_model.objects.create_user(username, f"{username}@example.com", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def writer(db, django_user_model):
    user = make_staff(django_user_model, "wendy", "Writer")
    AuthorFactory(name="Wendy Writer", slug="wendy-writer", user=user)
    return user


@pytest.fixture
def other_writer(db, django_user_model):
    return make_staff(django_user_model, "walter", "Writer")


@pytest.fixture
def editor(db, django_user_model):
    return make_staff(django_user_model, "edna", "Editor")


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def writer_client(writer):
    return client_for(writer)


@pytest.fixture
def editor_client(editor):
    return client_for(editor)


def form_data(response, form_id: str = "article_form") -> dict:
    """Every field of the rendered form with the value a browser would send."""
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.find("form", id=form_id)
    assert form is not None, "no form on the page"
    data: dict = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("disabled") is not None:
            continue
        if field.name == "textarea":
            # A browser drops the newline that starts a textarea's content (HTML's parsing rules).
            data[name] = (field.string or "").removeprefix("\n")
        elif field.name == "select":
            chosen = [o.get("value", "") for o in field.find_all("option") if o.get("selected") is not None]
            if field.get("multiple") is not None:
                data[name] = chosen
            else:
                data[name] = chosen[0] if chosen else ""
        elif field.get("type") in ("checkbox", "radio"):
            if field.get("checked") is not None:
                data[name] = field.get("value", "on")
        elif field.get("type") not in ("submit", "button", "file", "image"):
            data[name] = field.get("value", "")
    return data
