"""Festivals and their editions in the admin: an edition's address is made from its festival and
year when the editor leaves it empty, on the edition's own form and in the festival's rows."""

import pytest

from films.models import Festival, FestivalEdition
from tests.factories import FestivalEditionFactory, FestivalFactory
from tests.staff import form_data

EDITION_ADD = "/admin/films/festivaledition/add/"
FESTIVAL_ADD = "/admin/films/festival/add/"


@pytest.mark.django_db
def test_an_editions_slug_is_made_from_its_festival_and_year(editor_client):
    venice = FestivalFactory(name="Venice International Film Festival", short_name="Venice", slug="venice")
    data = form_data(editor_client.get(EDITION_ADD), "festivaledition_form")
    response = editor_client.post(EDITION_ADD, {**data, "festival": venice.pk, "year": "2018", "slug": ""})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert FestivalEdition.objects.get(festival=venice, year=2018).slug == "venice-2018"


@pytest.mark.django_db
def test_a_slug_the_editor_gives_is_kept_and_a_taken_one_refused(editor_client):
    venice = FestivalFactory(slug="venice")
    FestivalEditionFactory(festival=FestivalFactory(slug="other"), year=2018, slug="venice-2018")
    data = form_data(editor_client.get(EDITION_ADD), "festivaledition_form")
    response = editor_client.post(EDITION_ADD, {**data, "festival": venice.pk, "year": "2018", "slug": ""})
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
    response = editor_client.post(
        EDITION_ADD, {**data, "festival": venice.pk, "year": "2018", "slug": "biennale-2018"}
    )
    assert response.status_code == 302
    assert FestivalEdition.objects.get(festival=venice).slug == "biennale-2018"


@pytest.mark.django_db
def test_editions_added_with_their_festival_get_slugs_too(editor_client):
    data = form_data(editor_client.get(FESTIVAL_ADD), "festival_form")
    data |= {
        "name": "Toronto International Film Festival",
        "short_name": "TIFF",
        "slug": "tiff",
        "editions-TOTAL_FORMS": "1",
        "editions-0-year": "2019",
        "editions-0-slug": "",
    }
    response = editor_client.post(FESTIVAL_ADD, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    assert Festival.objects.get(slug="tiff").editions.get().slug == "tiff-2019"
