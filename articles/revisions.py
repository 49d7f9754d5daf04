"""Revision history of stories (django-reversion): what is kept, and how two states compare.

A story's revision holds the story row and every row that hangs off it (bylines, film and
person links, tags, READ MORE links, embeds, corrections, its review); festival editions travel inside
the story row as a many-to-many list. Nothing outside the story is followed, so restoring
an old revision never touches a film, a person, a tag or another story.
"""

import difflib
import re
from dataclasses import dataclass
from datetime import datetime

import reversion
from django.db import models
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from taggit.models import Tag

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

# Fields an editor sees, in form order; the rest (version, uuid, timestamps) is bookkeeping.
COMPARED_FIELDS = [
    "headline", "slug", "dek", "section_id", "body", "lead_image_id", "lead_image_caption",
    "festival_editions", "source_name", "source_url", "status", "published_at", "featured",
    "seo_title", "seo_description",
]  # fmt: skip
LINK_LABELS = {
    "bylines": "bylines",
    "film_links": "films",
    "person_links": "people",
    "tagged_items": "tags",
    "read_more_links": "READ MORE links",
    "embeds": "embeds",
    "corrections": "corrections",
    "review": "review",
}


def register_models() -> None:
    """Called once from ArticlesConfig.ready()."""
    if reversion.is_registered(Article):
        return
    reversion.register(Article, follow=list(CHILD_MODELS))
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
    from images.models import Image

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


def describe(state: StoryState, labels: dict) -> dict[str, str]:
    """Field label -> text an editor can read, for every compared field and link."""
    from films.models import FestivalEdition, Film, Person
    from images.models import Image

    def name(model, pk):
        return labels.get(model, {}).get(pk, f"#{pk} (deleted)") if pk is not None else ""

    def ordered(rows):
        return sorted(rows, key=lambda row: (row.get("position", 0), row.get("id") or 0))

    out = {}
    for attname in COMPARED_FIELDS:
        value = state.fields.get(attname)
        if attname == "section_id":
            out["section"] = name(Section, value)
        elif attname == "lead_image_id":
            out["lead image"] = name(Image, value)
        elif attname == "festival_editions":
            out["festival editions"] = ", ".join(sorted(name(FestivalEdition, pk) for pk in value or ()))
        elif isinstance(value, datetime):
            out[attname.replace("_", " ")] = timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
        else:
            out[attname.replace("_", " ")] = "" if value is None else str(value)
    children = state.children
    out["bylines"] = ", ".join(name(Author, row["author_id"]) for row in ordered(children["bylines"]))
    out["films"] = "; ".join(
        f"{name(Film, row['film_id'])} ({row['kind']})" for row in ordered(children["film_links"])
    )
    out["people"] = "; ".join(
        f"{name(Person, row['person_id'])} ({row['kind']})" for row in ordered(children["person_links"])
    )
    out["tags"] = ", ".join(sorted(name(Tag, row["tag_id"]) for row in children["tagged_items"]))
    out["READ MORE links"] = "; ".join(
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
    field: str
    old: str
    new: str
    changed: bool

    @property
    def html(self) -> SafeString:
        return word_diff(self.old, self.new)


def compare_states(old: StoryState, new: StoryState) -> list[FieldDiff]:
    labels = _label_maps([old, new])
    before, after = describe(old, labels), describe(new, labels)
    return [FieldDiff(key, before[key], after[key], before[key] != after[key]) for key in before]


WORD = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> SafeString:
    """Escaped text of `new` with words removed from `old` in <del> and added ones in <ins>."""
    a, b = WORD.findall(old), WORD.findall(new)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(parts))  # every piece above was escaped
