"""Editors edit a film's releases in its admin page; writers may rate their reviews."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import FilmFactory


@pytest.mark.django_db
def test_editors_see_the_releases_inline(editor_client):
    film = FilmFactory()
    page = editor_client.get(f"/admin/films/film/{film.pk}/change/").content.decode()
    assert 'name="releases-TOTAL_FORMS"' in page


@pytest.mark.django_db
def test_the_roles_carry_the_new_permissions():
    editor = set(Group.objects.get(name="Editor").permissions.values_list("codename", flat=True))
    writer = set(Group.objects.get(name="Writer").permissions.values_list("codename", flat=True))
    assert {"add_release", "change_release", "delete_release", "add_review", "change_review"} <= editor
    assert {"add_review", "change_review", "delete_review"} <= writer and "add_release" not in writer
