"""Revision history of stories (django-reversion): what is kept, and how two states compare.

A story's revision holds the story row and every row that hangs off it (bylines, film and
person links, tags, READ MORE links, embeds, corrections, its review); festival editions travel inside
the story row as a many-to-many list. Nothing outside the story is followed, so restoring
an old revision never touches a film, a person, a tag or another story.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

import reversion
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from taggit.models import Tag

from articles.diffs import PlaceLabels, SideBySide, body_paragraphs, side_by_side
from articles.models import (
    Article,
    ArticleFilm,
    ArticlePerson,
    Author,
    Byline,
    Correction,
    Embed,
    ReadMoreLink,
    Review,
    Section,
    TaggedArticle,
)
from articles.richtext import places_in
from images.models import Image

# The rows of a story, by the name of their foreign key to it.
CHILD_MODELS: dict[str, tuple[type[models.Model], str]] = {
    "bylines": (Byline, "article_id"),
    "film_links": (ArticleFilm, "article_id"),
    "person_links": (ArticlePerson, "article_id"),
    "tagged_items": (TaggedArticle, "content_object_id"),
    "read_more_links": (ReadMoreLink, "article_id"),
    "embeds": (Embed, "article_id"),
    "corrections": (Correction, "article_id"),
    "review": (Review, "article_id"),
}

# Parts placed in a story's text that name a row elsewhere, by kind: the model and what names it.
PLACED = {"read-more": (Article, "headline"), "image": (Image, "alt_text")}

# Fields an editor sees, in form order; the rest (version, uuid, timestamps) is bookkeeping.
COMPARED_FIELDS = [
    "headline", "slug", "dek", "section_id", "body", "lead_image_id", "lead_image_caption",
    "festival_editions", "source_name", "source_url", "status", "published_at", "featured",
    "seo_title", "seo_description",
]  # fmt: skip
LINK_LABELS = {
    "bylines": "Bylines",
    "film_links": "Films",
    "person_links": "People",
    "tagged_items": "Tags",
    "read_more_links": "READ MORE links",
    "embeds": "Embeds",
    "corrections": "Corrections",
    "review": "Review",
}


def field_label(attname: str) -> str:
    """What the story form calls a field ("Standfirst", not "dek")."""
    if attname in LINK_LABELS:
        return LINK_LABELS[attname]
    return capfirst(Article._meta.get_field(attname.removesuffix("_id")).verbose_name)


def register_models() -> None:
    """Called once from ArticlesConfig.ready()."""
    if reversion.is_registered(Article):
        return
    # The related list is scored from other stories (articles/related.py), not written.
    reversion.register(Article, follow=list(CHILD_MODELS), exclude=["related_ids"])
    for model, _fk in CHILD_MODELS.values():
        reversion.register(model)


@dataclass
class StoryState:
    """A story and its rows as plain field dicts (attname -> value), live or from a revision."""

    fields: dict
    children: dict[str, list[dict]]


def live_state(article: Article) -> StoryState:
    def as_dict(obj):
        return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}

    fields = as_dict(article)
    fields["festival_editions"] = set(article.festival_editions.values_list("pk", flat=True))
    children = {
        name: [as_dict(row) for row in model.objects.filter(**{fk: article.pk})]
        for name, (model, fk) in CHILD_MODELS.items()
    }
    return StoryState(fields, children)


def revision_state(version) -> StoryState:
    """The story as it was in the revision holding `version` (a Version of the story)."""
    children: dict[str, list[dict]] = {name: [] for name in CHILD_MODELS}
    by_model = {model: name for name, (model, _fk) in CHILD_MODELS.items()}
    for other in version.revision.version_set.select_related("content_type"):
        model = other.content_type.model_class()
        if model in by_model:
            name = by_model[model]
            data = other.field_dict
            if str(data.get(CHILD_MODELS[name][1])) == version.object_id:
                children[name].append(data)
    return StoryState(dict(version.field_dict), children)


def _label_maps(states: list[StoryState]) -> dict[str, dict]:
    """Every name a state refers to by id, fetched once per model for all states."""
    ids: dict[type, set] = {}

    def want(model, value):
        if value is not None:
            ids.setdefault(model, set()).add(value)

    from films.models import FestivalEdition, Film, Person

    for state in states:
        want(Section, state.fields.get("section_id"))
        want(Image, state.fields.get("lead_image_id"))
        for pk in state.fields.get("festival_editions") or ():
            want(FestivalEdition, pk)
        for row in state.children["bylines"]:
            want(Author, row["author_id"])
        for row in [*state.children["film_links"], *state.children["review"]]:
            want(Film, row["film_id"])
        for row in state.children["person_links"]:
            want(Person, row["person_id"])
        for row in state.children["tagged_items"]:
            want(Tag, row["tag_id"])
        for row in state.children["read_more_links"]:
            want(Article, row["target_id"])
    return {
        model: {obj.pk: str(obj) for obj in model.objects.filter(pk__in=pks)} for model, pks in ids.items()
    }


def place_labels(bodies: Iterable[str | None]) -> PlaceLabels:
    """What the READ MORE links and pictures placed in these bodies name: the story's headline,
    the picture's description (one query per kind)."""
    places = set().union(*(places_in(body or "") for body in bodies))
    wanted = {kind: {value for k, value in places if k == kind and value.isdigit()} for kind in PLACED}
    return {
        (kind, str(pk)): text
        for kind, (model, field) in PLACED.items()
        if wanted[kind]
        for pk, text in model.objects.filter(pk__in=wanted[kind]).values_list("pk", field)
    }


def describe(state: StoryState, labels: dict, places: PlaceLabels) -> dict[str, str]:
    """Field or link name -> text an editor can read, for every compared field and link. The
    body is plain text with a paragraph break between its blocks."""
    from films.models import FestivalEdition, Film, Person

    def name(model, pk):
        return labels.get(model, {}).get(pk, f"#{pk} (deleted)") if pk is not None else ""

    def ordered(rows):
        return sorted(rows, key=lambda row: (row.get("position", 0), row.get("id") or 0))

    out = {}
    for attname in COMPARED_FIELDS:
        value = state.fields.get(attname)
        if attname == "section_id":
            out[attname] = name(Section, value)
        elif attname == "lead_image_id":
            out[attname] = name(Image, value)
        elif attname == "festival_editions":
            out[attname] = ", ".join(sorted(name(FestivalEdition, pk) for pk in value or ()))
        elif attname == "body":
            out[attname] = body_paragraphs(value, places)
        elif isinstance(value, datetime):
            out[attname] = timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
        else:
            out[attname] = "" if value is None else str(value)
    children = state.children
    out["bylines"] = ", ".join(name(Author, row["author_id"]) for row in ordered(children["bylines"]))
    out["film_links"] = "; ".join(
        f"{name(Film, row['film_id'])} ({row['kind']})" for row in ordered(children["film_links"])
    )
    out["person_links"] = "; ".join(
        f"{name(Person, row['person_id'])} ({row['kind']})" for row in ordered(children["person_links"])
    )
    out["tagged_items"] = ", ".join(sorted(name(Tag, row["tag_id"]) for row in children["tagged_items"]))
    out["read_more_links"] = "; ".join(
        f"{name(Article, row['target_id'])} (after paragraph {row['after_paragraph'] or 'end'})"
        for row in ordered(children["read_more_links"])
    )
    out["embeds"] = "; ".join(f"{row['title']} <{row['url']}>" for row in ordered(children["embeds"]))
    out["corrections"] = "; ".join(
        f"{row['kind']}: {row['note']}"
        for row in sorted(children["corrections"], key=lambda r: str(r["made_at"]))
    )
    out["review"] = "; ".join(f"{name(Film, row['film_id'])}: {row['rating']}" for row in children["review"])
    return out


@dataclass
class FieldDiff:
    name: str  # the field's attname or the link's relation name
    old: str
    new: str

    @property
    def field(self) -> str:
        return field_label(self.name)

    @property
    def changed(self) -> bool:
        return self.old != self.new

    @cached_property
    def sides(self) -> SideBySide:
        return side_by_side(self.old, self.new)


def compare_states(old: StoryState, new: StoryState) -> list[FieldDiff]:
    labels = _label_maps([old, new])
    places = place_labels([old.fields.get("body"), new.fields.get("body")])
    before, after = describe(old, labels, places), describe(new, labels, places)
    return [FieldDiff(name, before[name], after[name]) for name in before]
