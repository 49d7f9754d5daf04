"""The newsroom's workflow: who may move a story where, and the paper trail each move leaves.

Every write here locks the story row, bumps `Article.version` (so an editor's open form
becomes stale and cannot overwrite it), records a django-reversion revision with who and
when, writes an ArticleEvent for workflow moves, leaves redirects for addresses a public
story gives up. The page cache hears of every change through model signals (articles/purges.py).
"""

from dataclasses import dataclass
from datetime import datetime

import reversion
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.models import (
    Article,
    ArticleEvent,
    ArticleRedirect,
    Author,
    Byline,
    Section,
)
from articles.revisions import CHILD_MODELS

Status = Article.Status
Action = ArticleEvent.Action

# (from, to) -> needs the publish permission. Anything else is refused.
TRANSITIONS: dict[tuple[str | None, str], bool] = {
    (None, Status.DRAFT): False,
    (None, Status.REVIEW): False,
    (None, Status.PUBLISHED): True,
    (Status.DRAFT, Status.REVIEW): False,
    (Status.REVIEW, Status.DRAFT): False,
    (Status.DRAFT, Status.PUBLISHED): True,
    (Status.REVIEW, Status.PUBLISHED): True,
    (Status.PUBLISHED, Status.WITHDRAWN): True,
    (Status.PUBLISHED, Status.DRAFT): True,
    (Status.WITHDRAWN, Status.DRAFT): True,
    (Status.WITHDRAWN, Status.PUBLISHED): True,
}


class ArticleConflict(Exception):
    """The story was saved by someone else since the editor opened it."""

    def __init__(self, article: Article, expected_version: int):
        super().__init__(f"Story {article.pk} is at version {article.version}, not {expected_version}")
        self.article = article
        self.expected_version = expected_version


# -- who may do what ---------------------------------------------------------------------


def user_can_publish(*, user: AbstractBaseUser) -> bool:
    return user.has_perm("articles.publish_article")


def user_owns_article(*, user: AbstractBaseUser, article: Article) -> bool:
    """The writer started the story or signs it."""
    if article.created_by_id == user.pk:
        return True
    return article.pk is not None and article.bylines.filter(author__user=user).exists()


def user_can_edit_article(*, user: AbstractBaseUser, article: Article | None) -> bool:
    """Editors edit everything; writers edit their own stories until they go out."""
    if not user.has_perm("articles.change_article"):
        return False
    if article is None or user.has_perm("articles.edit_any_article"):
        return True
    return article.status in (Status.DRAFT, Status.REVIEW) and user_owns_article(user=user, article=article)


def article_check_transition(
    *, user: AbstractBaseUser, from_status: str | None, to_status: str, published_at_changed: bool = False
) -> None:
    """ValidationError for a move the workflow lacks; PermissionDenied for one the user may not make."""
    if from_status == to_status:
        if to_status == Status.PUBLISHED and published_at_changed and not user_can_publish(user=user):
            raise PermissionDenied("Only editors may reschedule a published story.")
        return
    needs_publish = TRANSITIONS.get((from_status, to_status))
    if needs_publish is None:
        raise ValidationError(
            f"A story cannot go from {Status(from_status).label if from_status else 'new'} "
            f"to {Status(to_status).label}."
        )
    if needs_publish and not user_can_publish(user=user):
        raise PermissionDenied("Only editors may publish, schedule or withdraw stories.")


# -- the common write path ---------------------------------------------------------------


@dataclass(frozen=True)
class PublicState:
    """What decides a story's address and visibility, taken before a write."""

    status: str | None
    published_at: datetime | None
    first_published_at: datetime | None
    path: str | None

    @classmethod
    def of(cls, article: Article | None) -> "PublicState":
        if article is None or article.pk is None:
            return cls(None, None, None, None)
        path = article.get_absolute_url() if article.published_at else None
        return cls(article.status, article.published_at, article.first_published_at, path)

    @property
    def has_been_public(self) -> bool:
        return self.first_published_at is not None and self.first_published_at <= timezone.now()


def article_lock(*, article_id: int, expected_version: int | None = None) -> Article:
    """The story row, locked until the transaction ends; ArticleConflict if it moved on."""
    article = Article.objects.select_for_update(of=("self",)).select_related("section").get(pk=article_id)
    if expected_version is not None and article.version != expected_version:
        raise ArticleConflict(article, expected_version)
    return article


def article_record_redirects(
    *, article: Article, before: PublicState, by: AbstractBaseUser | None = None
) -> None:
    """A story that has been public keeps answering at every address it gave up (301).

    An address another story redirects from stays that story's unless `by` may change that
    story too (`by` None: the system, e.g. an import): a redirect follows its story's permissions.
    """
    if not before.has_been_public or not before.path or not article.published_at:
        return
    new_path = article.get_absolute_url()
    # Coming back to an old address: it is the story's address again, not a redirect.
    for redirect in ArticleRedirect.objects.filter(old_path=new_path).select_related("article"):
        if redirect.article_id == article.pk or user_may_change_redirect(user=by, redirect=redirect):
            redirect.delete()
    if before.path == new_path:
        return
    kept = ArticleRedirect.objects.filter(old_path=before.path).select_related("article").first()
    if kept is None:
        ArticleRedirect.objects.create(old_path=before.path, article=article)
    elif kept.article_id != article.pk and user_may_change_redirect(user=by, redirect=kept):
        kept.article = article
        kept.save(update_fields=["article"])


def user_may_change_redirect(*, user: AbstractBaseUser | None, redirect: ArticleRedirect) -> bool:
    return user is None or user_can_edit_article(user=user, article=redirect.article)


def _event_for(before: PublicState, article: Article) -> str | None:
    if before.status == article.status:
        moved = before.published_at != article.published_at
        if article.status == Status.PUBLISHED and moved:
            return Action.SCHEDULED if article.is_scheduled else Action.PUBLISHED
        return None
    return {
        Status.REVIEW: Action.SUBMITTED,
        Status.DRAFT: Action.UNPUBLISHED if before.status else None,
        Status.WITHDRAWN: Action.WITHDRAWN,
        Status.PUBLISHED: Action.SCHEDULED if article.is_scheduled else Action.PUBLISHED,
    }[article.status]


def article_record_save(
    *, article: Article, before: PublicState, by: AbstractBaseUser | None, note: str = ""
) -> list[ArticleEvent]:
    """After any save: audit events, redirects, cache. Used by the admin and every service here."""
    events = []
    if before.status is None:
        events.append(ArticleEvent(article=article, actor=by, action=Action.CREATED))
    if action := _event_for(before, article):
        events.append(ArticleEvent(article=article, actor=by, action=action, note=note))
    ArticleEvent.objects.bulk_create(events)
    article_record_redirects(article=article, before=before, by=by)
    if article.status == Status.WITHDRAWN and before.status != Status.WITHDRAWN:
        # Links handed out before a withdrawal never show the story again, even back in draft.
        article.share_links_version += 1
        Article.objects.filter(pk=article.pk).update(share_links_version=article.share_links_version)
    return events


def _save(
    article: Article, *, before: PublicState, by: AbstractBaseUser | None, comment: str, note: str = ""
):
    article.version += 1
    article.save()
    reversion.set_user(by)
    reversion.set_comment(comment)
    article_record_save(article=article, before=before, by=by, note=note)
    return article


def _move(
    *,
    article: Article,
    by: AbstractBaseUser,
    to_status: str,
    published_at: datetime | None = None,
    comment: str,
    note: str = "",
    expected_version: int | None = None,
) -> Article:
    with transaction.atomic(), reversion.create_revision():
        locked = article_lock(article_id=article.pk, expected_version=expected_version)
        if not (user_can_edit_article(user=by, article=locked) or user_can_publish(user=by)):
            raise PermissionDenied("You may not change this story.")
        before = PublicState.of(locked)
        changed_time = published_at is not None and published_at != locked.published_at
        article_check_transition(
            user=by, from_status=locked.status, to_status=to_status, published_at_changed=changed_time
        )
        if before.status == to_status and not changed_time:
            return locked
        locked.status = to_status
        if published_at is not None:
            locked.published_at = published_at
        # The date is part of the address: two stories with one slug on one day cannot both go out.
        locked.validate_constraints()
        _save(locked, before=before, by=by, comment=comment, note=note)
    article.refresh_from_db()
    return locked


# -- workflow moves ----------------------------------------------------------------------


def article_submit(*, article: Article, by: AbstractBaseUser, note: str = "") -> Article:
    """A writer hands a draft to the editors."""
    if not user_can_edit_article(user=by, article=article):
        raise PermissionDenied("You may only submit your own drafts.")
    return _move(article=article, by=by, to_status=Status.REVIEW, comment="Submitted for review", note=note)


def article_return_to_draft(*, article: Article, by: AbstractBaseUser, note: str = "") -> Article:
    """Back to the writer: from review, or off the site for more work (editors only then)."""
    return _move(article=article, by=by, to_status=Status.DRAFT, comment="Returned to draft", note=note)


def article_publish(
    *, article: Article, by: AbstractBaseUser, at: datetime | None = None, note: str = ""
) -> Article:
    """Publish now, or schedule when `at` (or the story's own publish time) is in the future.

    Without `at`, a story keeps a publish time it already has, so a withdrawn story comes
    back at its old address.
    """
    when = at or article.published_at or timezone.now()
    comment = "Scheduled" if when > timezone.now() else "Published"
    return _move(
        article=article, by=by, to_status=Status.PUBLISHED, published_at=when, comment=comment, note=note
    )


def article_schedule(*, article: Article, by: AbstractBaseUser, at: datetime, note: str = "") -> Article:
    if at <= timezone.now():
        raise ValidationError("A scheduled time must be in the future.")
    return article_publish(article=article, by=by, at=at, note=note)


def article_withdraw(*, article: Article, by: AbstractBaseUser, note: str = "") -> Article:
    """Take a story off every public surface; its address answers 410 Gone."""
    return _move(article=article, by=by, to_status=Status.WITHDRAWN, comment="Withdrawn", note=note)


def article_delete(*, article: Article, by: AbstractBaseUser) -> None:
    """Delete the story; its audit trail stays, closed by a "deleted" event naming who did it."""
    with transaction.atomic():
        locked = article_lock(article_id=article.pk)
        address = locked.get_absolute_url() if locked.published_at else ""
        ArticleEvent.objects.create(article=locked, actor=by, action=Action.DELETED, note=address[:300])
        # Events take down the story's id and headline as it goes (articles.apps: pre_delete).
        locked.delete()


def article_revoke_share_links(*, article: Article, by: AbstractBaseUser) -> Article:
    """Every share-preview link of the story handed out so far stops working (articles.sharing)."""
    with transaction.atomic(), reversion.create_revision():
        locked = article_lock(article_id=article.pk)
        if not user_can_edit_article(user=by, article=locked):
            raise PermissionDenied("You may not change this story.")
        locked.share_links_version += 1
        _save(locked, before=PublicState.of(locked), by=by, comment="Share links revoked")
        ArticleEvent.objects.create(article=locked, actor=by, action=Action.LINKS_REVOKED)
    return locked


# Restoring content never changes where the story stands in the workflow or its address date.
KEPT_ON_RESTORE = [
    "status",
    "published_at",
    "first_published_at",
    "version",
    "share_links_version",
    "related_ids",
    "created_by_id",
    "uuid",
    "created_at",
]


def article_restore_revision(
    *, article: Article, version, by: AbstractBaseUser, expected_version: int | None = None
) -> Article:
    """Bring back the story's text and links as they were in `version` (a reversion Version)."""
    if str(version.object_id) != str(article.pk) or version.content_type.model_class() is not Article:
        raise ValidationError("That revision belongs to another story.")
    with transaction.atomic(), reversion.create_revision():
        locked = article_lock(article_id=article.pk, expected_version=expected_version)
        if not user_can_edit_article(user=by, article=locked):
            raise PermissionDenied("You may not change this story.")
        before = PublicState.of(locked)
        kept = {name: getattr(locked, name) for name in KEPT_ON_RESTORE}
        revision_versions = list(version.revision.version_set.select_related("content_type"))
        keep_rows: dict[type[models.Model], set[str]] = {}
        for other in revision_versions:
            model = other.content_type.model_class()
            for _name, (child, fk) in CHILD_MODELS.items():
                if model is child and str(other.field_dict.get(fk)) == str(article.pk):
                    keep_rows.setdefault(child, set()).add(other.object_id)
        # Rows added since that revision go; rows it had come back, with their old values.
        for child, fk in CHILD_MODELS.values():
            wanted = keep_rows.get(child, set())
            child.objects.filter(**{fk: article.pk}).exclude(pk__in=[int(pk) for pk in wanted]).delete()
        # Read before reverting: reverting consumes the revision's many-to-many data.
        editions = set(version.field_dict.get("festival_editions") or ())
        version.revert()
        skipped = []
        for other in revision_versions:
            model = other.content_type.model_class()
            if other.object_id in keep_rows.get(model, ()):
                if _targets_exist(model, other.field_dict):
                    other.revert()
                else:
                    skipped.append(model._meta.verbose_name)
        restored = Article.objects.select_related("section").get(pk=article.pk)
        for name, value in kept.items():
            setattr(restored, name, value)
        # What the old revision pointed to may be gone since: keep the story valid.
        # (Foreign keys are checked at commit, so fixing them here is in time.)
        from films.models import FestivalEdition
        from images.models import Image

        if not Section.objects.filter(pk=restored.section_id).exists():
            restored.section_id = locked.section_id
        if restored.lead_image_id and not Image.objects.filter(pk=restored.lead_image_id).exists():
            restored.lead_image_id = None
        restored.festival_editions.set(FestivalEdition.objects.filter(pk__in=editions))
        when = timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M")
        comment = f"Restored the revision of {when}"
        if skipped:
            comment += f" (without {len(skipped)} link(s) to things deleted since)"
        _save(restored, before=before, by=by, comment=comment)
        ArticleEvent.objects.create(article=restored, actor=by, action=Action.RESTORED, note=comment)
    return restored


def _targets_exist(model: type[models.Model], fields: dict) -> bool:
    """Every film, person, author, tag or story a saved row points to still exists."""
    story_fk = next(fk for child, fk in CHILD_MODELS.values() if child is model)
    for field in model._meta.concrete_fields:
        if not field.is_relation or field.attname == story_fk:
            continue
        value = fields.get(field.attname)
        if value is not None and not field.related_model._base_manager.filter(pk=value).exists():
            return False
    return True


# -- bylines ------------------------------------------------------------------------------


def staff_name(user: AbstractBaseUser | None) -> str:
    """How the desk names a staff account: by its byline, else its full name, else its login."""
    if user is None:
        return ""
    author = getattr(user, "author", None)  # none linked: Django's error is an AttributeError too
    return author.name if author is not None else user.get_full_name() or user.get_username()


def author_for_user(*, user: AbstractBaseUser) -> Author:
    """The byline of a staff account, made from its name the first time it is needed."""
    author = Author.objects.filter(user=user).first()
    if author is not None:
        return author
    name = staff_name(user)
    base = slugify(name) or f"author-{user.pk}"
    slug, n = base, 1
    while Author.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Author.objects.create(name=name, slug=slug, user=user)


def article_sign_unsigned(*, article: Article, by: AbstractBaseUser) -> None:
    """A story started without a byline is signed by whoever started it, as in WordPress;
    a writer's first story makes their byline."""
    if not article.bylines.exists():
        Byline.objects.create(article=article, author=author_for_user(user=by), position=0)
