"""`manage.py backup` and `manage.py restore` round-trip every row and every media file."""

import io
import json
import tarfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from articles.models import Article, ArticleFilm, ArticlePerson, ReadMoreLink
from films.models import Credit, Film, Person
from images.models import Image


def snapshot() -> dict:
    story = Article.objects.get(slug__startswith="her-smell-alex")
    return {
        "counts": {
            model.__name__: model.objects.count()
            for model in [Article, ArticleFilm, ArticlePerson, ReadMoreLink, Credit, Film, Person, Image]
        },
        "story": (story.uuid, story.headline, story.body, sorted(story.tags.names()), story.published_at),
        "credits": sorted(Credit.objects.values_list("film__slug", "person__slug", "role", "character")),
        "lead_bytes": story.lead_image.file.read(),
        "users": sorted(get_user_model().objects.values_list("username", flat=True)),
    }


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_a_fresh_instance_gives_back_everything(
    tmp_path, settings, django_user_model
):
    call_command("load_demo", verbosity=0)
    django_user_model.objects.create_user("writer", password="pw")
    before = snapshot()
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), verbosity=0)

    # A fresh instance: empty database, empty media folder.
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "fresh-media"
    assert not Article.objects.exists()

    call_command("restore", str(archive), verbosity=0)
    assert snapshot() == before
    from articles.search import search_articles

    assert search_articles(Article.objects.published(), "Akergirls").exists()


@pytest.mark.django_db
def test_restore_refuses_to_mix_into_a_site_with_stories(tmp_path):
    call_command("load_demo", verbosity=0)
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    with pytest.raises(CommandError, match="already has stories"):
        call_command("restore", str(archive), verbosity=0)


@pytest.mark.django_db
def test_restore_refuses_archives_that_write_outside_media(tmp_path):
    archive = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, content in [("data.json", b"[]"), ("media/../../escape.txt", b"x")]:
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    with pytest.raises(CommandError, match="outside MEDIA_ROOT"):
        call_command("restore", str(archive), verbosity=0)
    assert not (tmp_path / "escape.txt").exists()


def test_restore_of_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No backup at"):
        call_command("restore", str(tmp_path / "nope.tar.gz"), verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_backup_from_before_match_keys_restores_with_them(tmp_path, settings):
    """Rows restored from an archive made before films had `match_key` get theirs, so link
    suggestions find them at once."""
    Film.objects.create(title="Amélie", slug="amelie")
    Person.objects.create(name="Penélope Cruz", slug="penelope-cruz")
    Article.objects.all().delete()
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    with tarfile.open(archive, "r:gz") as tar:
        rows = json.load(tar.extractfile("data.json"))
        media = [(member, tar.extractfile(member).read()) for member in tar.getmembers() if member.isfile()]
    for row in rows:
        row["fields"].pop("match_key", None)
    old = tmp_path / "old.tar.gz"
    with tarfile.open(old, "w:gz") as tar:
        for member, content in media:
            if member.name == "data.json":
                content = json.dumps(rows).encode()
                member.size = len(content)
            tar.addfile(member, io.BytesIO(content))

    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "fresh-media"
    call_command("restore", str(old), verbosity=0)
    assert Film.objects.get(slug="amelie").match_key == "amelie"
    assert Person.objects.get(slug="penelope-cruz").match_key == "penelope cruz"
