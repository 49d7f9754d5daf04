"""The story form of the admin: the workflow rules per role, and the optimistic lock."""

import html
from datetime import datetime
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import strip_tags
from reversion.models import Version
from taggit.models import Tag

from articles.diffs import body_paragraphs, side_by_side
from articles.models import Article
from articles.revisions import compare_states, live_state, place_labels, revision_state
from articles.services import (
    PublicState,
    article_check_transition,
    article_lock,
    staff_name,
    user_can_publish,
)

# What the conflict message compares between the saved story and the editor's submission.
CONFLICT_FIELDS = ["headline", "slug", "dek", "section", "body", "lead_image_caption", "source_name",
                   "source_url", "seo_title", "seo_description", "status", "published_at"]  # fmt: skip


def plain_text(body: str | None) -> str:
    return " ".join(html.unescape(strip_tags(body or "")).split())


def readable(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def in_text(label: str) -> str:
    """A field's label as it reads inside a sentence: "standfirst", but "SEO title"."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def new_tag_names(names: list[str]) -> list[str]:
    """The names taggit would make a new tag for (it matches names as TAGGIT_CASE_INSENSITIVE says)."""
    lookup = "name__iexact" if getattr(settings, "TAGGIT_CASE_INSENSITIVE", False) else "name"
    return [name for name in names if not Tag.objects.filter(**{lookup: name}).exists()]


def may_add_tags(user) -> bool:
    return user.has_perm("taggit.add_tag")


def tags_refused(*, user, names: list[str]) -> list[str]:
    """The tags among `names` that `user` may not use: new ones, unless they may add tags."""
    return [] if may_add_tags(user) else new_tag_names(names)


def mail_to_tag_editors() -> str:
    """A mailto: address for everyone on the staff who may add tags and has an email address."""
    User = get_user_model()
    editors = User.objects.with_perm(
        "taggit.add_tag", include_superusers=False, backend="django.contrib.auth.backends.ModelBackend"
    ).filter(is_staff=True)
    addresses = list(editors.exclude(email="").order_by("email").values_list("email", flat=True))
    return "mailto:" + ",".join(quote(address, safe="@") for address in addresses) if addresses else ""


# The submit button of the story form's explicit Schedule action.
SCHEDULE = "_schedule"


def newsroom_zone(at: datetime | None = None) -> str:
    """The newsroom's time zone as an editor reads it: "New York time (America/New_York, EST,
    UTC−05:00)", now or `at` (summer time may differ). Every time the form shows or takes is
    in this zone."""
    zone = timezone.get_default_timezone()
    now = timezone.localtime(at or timezone.now(), zone)
    city = str(zone).rsplit("/", 1)[-1].replace("_", " ")
    offset = now.strftime("%z")
    sign = "−" if offset.startswith("-") else "+"
    return f"{city} time ({zone}, {now.tzname()}, UTC{sign}{offset[1:3]}:{offset[3:]})"


def goes_live(when: datetime) -> str:
    """When a scheduled story goes live, as an editor reads it: "on Wednesday 9 December 2026
    at 09:30, New York time (America/New_York, EST, UTC−05:00)"."""
    local = timezone.localtime(when)
    return f"on {local:%A} {local.day} {local:%B %Y} at {local:%H:%M}, {newsroom_zone(when)}"


def byline_account_choices():
    """The accounts a byline may be linked to: staff, plus any already linked (a former
    colleague's byline keeps its account)."""
    User = get_user_model()
    linked = models.Q(author__isnull=False)
    return User.objects.filter(models.Q(is_staff=True) | linked).order_by(User.USERNAME_FIELD)


class StaffAccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name} ({obj.get_username()})" if name else obj.get_username()


class ArticleAdminForm(forms.ModelForm):
    base_version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, help_text="The version this form was opened at."
    )
    # Set per request by ArticleAdmin.get_form.
    request_user = None
    restore_data: dict[str, list[str]] = {}

    class Meta:
        model = Article
        fields = "__all__"
        # Writing fields: the browser's spellcheck on, room for a whole headline and standfirst.
        widgets = {
            # A box that grows a line rather than hide the end of a long headline (admin-article.css).
            "headline": forms.Textarea(attrs={"rows": 1, "class": "story-headline", "spellcheck": "true"}),
            "dek": forms.Textarea(attrs={"rows": 2, "class": "story-dek", "spellcheck": "true"}),
            "lead_image_caption": forms.TextInput(attrs={"class": "vTextField", "spellcheck": "true"}),
            "seo_title": forms.TextInput(attrs={"class": "vTextField", "spellcheck": "true"}),
            "seo_description": forms.Textarea(attrs={"rows": 2, "spellcheck": "true"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: dict | None = None
        self.locked: Article | None = None
        self.before = PublicState.of(self.instance if self.instance.pk else None)
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version
        if not self.is_bound and self.restore_data:
            data = QueryDict(mutable=True)
            for name, values in self.restore_data.items():
                data.setlist(name, values)
            for name in self.restore_data:
                if name in self.fields:
                    self.initial[name] = self.fields[name].widget.value_from_datadict(data, {}, name)
        published_at = self.fields.get("published_at")
        if published_at is not None:
            published_at.help_text = f"{published_at.help_text} In {newsroom_zone()}."
        status = self.fields.get("status")
        if status is not None and self.request_user and not user_can_publish(user=self.request_user):
            allowed = {Article.Status.DRAFT, Article.Status.REVIEW}
            status.choices = [choice for choice in status.choices if choice[0] in allowed]

    def clean_headline(self):
        # The box wraps, but a headline is one line: a pasted line break becomes a space.
        return " ".join(self.cleaned_data["headline"].split())

    def clean_tags(self):
        names = self.cleaned_data.get("tags") or []
        if self.request_user is None:
            return names
        if new := tags_refused(user=self.request_user, names=names):
            listed = ", ".join(f"“{name}”" for name in new)
            raise ValidationError(
                f"Only editors add new tags: {listed}. Pick an existing tag, or ask an editor to add it."
            )
        return names

    def clean(self):
        cleaned = super().clean()
        from_status = None
        if self.instance.pk:
            base = cleaned.get("base_version")
            # Lock the row for the rest of the request: the check and the save are one step.
            self.locked = article_lock(article_id=self.instance.pk)
            self.before = PublicState.of(self.locked)
            from_status = self.locked.status
            if base is None or base != self.locked.version:
                self.report_conflict(base)
        if SCHEDULE in self.data:
            self.clean_schedule(cleaned)
        to_status = cleaned.get("status", self.instance.status)
        published_at = cleaned.get("published_at", self.instance.published_at)
        try:
            article_check_transition(
                user=self.request_user,
                from_status=from_status,
                to_status=to_status,
                published_at_changed=bool(from_status) and published_at != self.before.published_at,
            )
        except PermissionDenied as refused:
            self.add_error("status" if "status" in self.fields else None, str(refused))
        except ValidationError as refused:
            self.add_error("status" if "status" in self.fields else None, refused)
        if to_status == Article.Status.PUBLISHED and "published_at" in self.fields and not published_at:
            cleaned["published_at"] = timezone.now()
        return cleaned

    def clean_schedule(self, cleaned: dict) -> None:
        """The Schedule button: published at the publish time, which must be ahead. Who may
        schedule is the transition check's to decide, as for any publish."""
        if "published_at" not in self.fields:
            self.add_error(None, "Only an editor can schedule a story.")
            return
        when = cleaned.get("published_at")
        if when is None or when <= timezone.now():
            message = f"To schedule, set a publish time in the future ({newsroom_zone()})."
            self.add_error("published_at", message)
            return
        cleaned["status"] = Article.Status.PUBLISHED

    def inputs_holding(self, name: str, value) -> dict[str, str]:
        """The text each of the field's inputs would hold to show `value`, by input name (a
        date and a time for the split publish time)."""
        field = self.fields[name]
        widget = getattr(field.widget, "widget", field.widget)  # inside the admin's related-field wrapper
        value = field.prepare_value(value)
        html_name = self.add_prefix(name)
        if isinstance(widget, forms.MultiWidget):
            parts = widget.get_context(html_name, value, {})["widget"]["subwidgets"]
            return {part["name"]: part["value"] or "" for part in parts}
        shown = widget.format_value(value)
        if isinstance(shown, list):  # a select's chosen values
            shown = shown[0] if shown else ""
        return {html_name: shown or ""}

    def report_conflict(self, base: int | None) -> None:
        """Refuse the save, keep what the editor typed, and show what changed meanwhile."""
        current = self.locked
        latest = Version.objects.get_for_object(current).select_related("revision__user__author").first()
        opened = None
        if base is not None:
            for version in Version.objects.get_for_object(current).select_related("revision")[:50]:
                if version.field_dict.get("version") == base:
                    opened = version
                    break
        since_opened = []
        if opened is not None:
            since_opened = [
                diff for diff in compare_states(revision_state(opened), live_state(current)) if diff.changed
            ]
        yours_vs_saved = []
        theirs = {}
        places = place_labels([current.body, self.cleaned_data.get("body")])
        for name in CONFLICT_FIELDS:
            if name not in self.fields:
                continue
            saved, yours = getattr(current, name), self.cleaned_data.get(name)
            if name == "body":
                saved, yours = body_paragraphs(saved, places), body_paragraphs(yours, places)
            if saved == yours or (saved in (None, "") and yours in (None, "")):
                continue
            sides = side_by_side(readable(saved), readable(yours))
            label = str(self.fields[name].label or name)
            yours_vs_saved.append({"field": label, "name": name, "in_text": in_text(label), "sides": sides})
            inputs = self.inputs_holding(name, getattr(current, name))
            theirs[name] = {"inputs": inputs, "text": readable(saved)}
        self.conflict = {
            "current_version": current.version,
            "base_version": base,
            "by": latest.revision.user if latest else None,
            "at": latest.revision.date_created if latest else current.updated_at,
            "since_opened": since_opened,
            "yours_vs_saved": yours_vs_saved,
            # What "Use theirs" puts in the form, per field (the page reads it as JSON).
            "theirs": theirs,
        }
        # The next save, once the editor has merged, is made against what they have now seen.
        self.data = self.data.copy()
        self.data[self.add_prefix("base_version")] = str(current.version)
        by = staff_name(self.conflict["by"]) or "someone"
        raise ValidationError(
            f"This story was saved by {by} since you opened it (version {base} → {current.version}). "
            "Nothing was saved: your text is kept below. Compare it with the changes listed, "
            "take theirs where you want them, then save again.",
            code="conflict",
        )
