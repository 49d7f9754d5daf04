"""Roles and statuses: what a writer and an editor may do, enforced on the server."""

from datetime import timedelta
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Article, ArticleEvent, ArticleRedirect, Byline
from tests.factories import ArticleFactory, SectionFactory
from tests.staff import form_data

Status = Article.Status
Action = ArticleEvent.Action


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def draft_by(user, **kwargs):
    return ArticleFactory(status=Status.DRAFT, published_at=None, created_by=user, **kwargs)


def save_in_admin(client, article, **changes):
    """GET the change form, change some fields, POST it back as a browser would."""
    page = client.get(change_url(article))
    assert page.status_code == 200
    data = {**form_data(page), **changes}
    return client.post(change_url(article), data)


@pytest.mark.django_db
def test_roles_exist_with_their_permissions():
    """The data migration makes Writer and Editor; only editors may publish or edit others' stories."""
    writer = set(Group.objects.get(name="Writer").permissions.values_list("codename", flat=True))
    editor = set(Group.objects.get(name="Editor").permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article", "view_film", "view_person"} <= writer
    assert not {"publish_article", "edit_any_article", "delete_article"} & writer
    assert {"publish_article", "edit_any_article"} <= editor


# -- services ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_writer_submits_own_draft_and_an_event_is_recorded(writer):
    """draft -> in review, with who and when in the audit trail."""
    article = draft_by(writer)
    services.article_submit(article=article, by=writer)
    article.refresh_from_db()
    assert article.status == Status.REVIEW
    event = article.events.get()
    assert (event.action, event.actor) == (Action.SUBMITTED, writer)


@pytest.mark.django_db
def test_writer_cannot_submit_someone_elses_draft(writer, other_writer):
    """Own drafts only."""
    article = draft_by(other_writer)
    with pytest.raises(PermissionDenied):
        services.article_submit(article=article, by=writer)


@pytest.mark.django_db
@pytest.mark.parametrize("service", [services.article_publish, services.article_withdraw])
def test_writer_cannot_publish_or_withdraw(writer, service):
    """Publishing and withdrawing are the editor's."""
    article = draft_by(writer) if service is services.article_publish else ArticleFactory(created_by=writer)
    with pytest.raises(PermissionDenied):
        service(article=article, by=writer)
    assert not article.events.exists()


@pytest.mark.django_db
def test_writer_cannot_schedule(writer):
    """A future publish time is publishing too."""
    article = draft_by(writer)
    with pytest.raises(PermissionDenied):
        services.article_schedule(article=article, by=writer, at=timezone.now() + timedelta(days=1))


@pytest.mark.django_db
def test_editor_publishes_reviewed_story(writer, editor):
    """in review -> published now; the story is public and first_published_at is set."""
    article = draft_by(writer)
    services.article_submit(article=article, by=writer)
    services.article_publish(article=article, by=editor)
    article.refresh_from_db()
    assert article.is_published and article.first_published_at
    assert list(article.events.values_list("action", flat=True)) == [Action.PUBLISHED, Action.SUBMITTED]


@pytest.mark.django_db
def test_editor_schedules_story_and_it_is_not_public_yet(editor):
    """A future time schedules: published status, not visible, SCHEDULED in the audit."""
    article = ArticleFactory(status=Status.REVIEW, published_at=None)
    at = timezone.now() + timedelta(hours=3)
    services.article_schedule(article=article, by=editor, at=at)
    article.refresh_from_db()
    assert article.is_scheduled and not Article.objects.published().filter(pk=article.pk).exists()
    assert article.events.get().action == Action.SCHEDULED


@pytest.mark.django_db
def test_schedule_in_the_past_is_refused(editor):
    """Scheduling needs a future time."""
    with pytest.raises(ValidationError):
        services.article_schedule(article=ArticleFactory(status=Status.DRAFT), by=editor, at=timezone.now())


@pytest.mark.django_db
def test_editor_withdraws_and_the_story_answers_410(client, editor):
    """published -> withdrawn: off the site, its address Gone."""
    article = ArticleFactory()
    url = article.get_absolute_url()
    services.article_withdraw(article=article, by=editor, note="Legal")
    assert client.get(url).status_code == 410
    assert article.events.get().note == "Legal"


@pytest.mark.django_db
def test_story_withdrawn_before_its_publish_time_is_not_found(client, editor):
    """Scheduled, rescheduled, then withdrawn before either time: readers never saw it, so its
    address is a plain 404, then and after the times pass; 410 would say it existed."""
    article = ArticleFactory(status=Status.DRAFT, published_at=None)
    first = timezone.now() + timedelta(hours=2)
    services.article_schedule(article=article, by=editor, at=first)
    services.article_schedule(article=article, by=editor, at=first + timedelta(days=7))
    later = first + timedelta(hours=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        services.article_withdraw(article=article, by=editor)
    article.refresh_from_db()
    assert article.first_published_at is None
    for now in (timezone.now(), later, first + timedelta(days=8)):
        with mock.patch("django.utils.timezone.now", return_value=now):
            assert client.get(article.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_story_withdrawn_after_it_went_live_by_itself_is_gone(client, editor):
    """Scheduled, live at its time with no save, then withdrawn: it was public, so 410."""
    article = ArticleFactory(status=Status.DRAFT, published_at=None)
    at = timezone.now() + timedelta(hours=2)
    services.article_schedule(article=article, by=editor, at=at)
    with mock.patch("django.utils.timezone.now", return_value=at + timedelta(hours=1)):
        services.article_withdraw(article=article, by=editor)
        assert client.get(article.get_absolute_url()).status_code == 410
    article.refresh_from_db()
    assert article.first_published_at == at


@pytest.mark.django_db
def test_unknown_transition_is_refused(editor):
    """draft -> withdrawn is not a move the newsroom makes."""
    with pytest.raises(ValidationError):
        services.article_withdraw(article=ArticleFactory(status=Status.DRAFT, published_at=None), by=editor)


@pytest.mark.django_db
def test_withdrawn_story_republishes_at_its_old_address(editor):
    """Republishing keeps the publish time, so the address does not move."""
    article = ArticleFactory()
    url = article.get_absolute_url()
    services.article_withdraw(article=article, by=editor)
    services.article_publish(article=article, by=editor)
    article.refresh_from_db()
    assert article.is_published and article.get_absolute_url() == url


@pytest.mark.django_db
def test_every_service_bumps_the_version(editor):
    """A workflow move makes any open form stale."""
    article = ArticleFactory(status=Status.REVIEW, published_at=None)
    services.article_publish(article=article, by=editor)
    article.refresh_from_db()
    assert article.version == 2


# -- the admin, per role, with real POSTs ---------------------------------------------------


@pytest.mark.django_db
def test_writer_creates_a_draft_and_owns_it(writer_client, writer):
    """A writer's new story is theirs, and CREATED is audited."""
    section = SectionFactory()
    page = writer_client.get(reverse("admin:articles_article_add"))
    data = {**form_data(page), "headline": "Mine", "slug": "mine", "section": section.pk, "status": "draft"}
    response = writer_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="mine")
    assert article.created_by == writer
    assert article.events.get().action == Action.CREATED


@pytest.mark.django_db
def test_writer_form_offers_only_draft_and_review(writer_client, writer):
    """No published or withdrawn choice, and no publish time field."""
    page = writer_client.get(change_url(draft_by(writer)))
    form = page.context["adminform"].form
    assert [value for value, _ in form.fields["status"].choices] == ["draft", "review"]
    assert "published_at" not in form.fields


@pytest.mark.django_db
def test_writer_cannot_publish_by_crafted_post(writer_client, writer):
    """A POST with status=published is refused; the story stays a draft."""
    article = draft_by(writer)
    response = save_in_admin(writer_client, article, status="published")
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.status == Status.DRAFT


@pytest.mark.django_db
def test_writer_cannot_set_publish_time_by_crafted_post(writer_client, writer):
    """published_at is not in a writer's form, so posting it changes nothing."""
    article = draft_by(writer)
    save_in_admin(writer_client, article, published_at_0="2020-01-01", published_at_1="10:00:00")
    article.refresh_from_db()
    assert article.published_at is None


@pytest.mark.django_db
def test_writer_submits_for_review_in_the_admin(writer_client, writer):
    """status draft -> review through the form records SUBMITTED."""
    article = draft_by(writer)
    response = save_in_admin(writer_client, article, status="review", headline="Ready")
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.headline) == (Status.REVIEW, "Ready")
    assert article.events.get().action == Action.SUBMITTED


@pytest.mark.django_db
def test_writer_may_edit_a_story_they_sign(writer_client, writer):
    """A byline linked to the writer's account makes the story theirs."""
    article = ArticleFactory(status=Status.DRAFT, published_at=None)
    Byline.objects.create(article=article, author=writer.author)
    assert save_in_admin(writer_client, article, headline="Signed").status_code == 302


@pytest.mark.django_db
def test_writer_cannot_edit_others_draft(writer_client, other_writer):
    """Another writer's draft is read-only; a POST is forbidden."""
    article = draft_by(other_writer)
    page = writer_client.get(change_url(article))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    response = writer_client.post(change_url(article), {"headline": "Hijack"})
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline != "Hijack"


@pytest.mark.django_db
def test_writer_cannot_edit_own_published_story(writer_client, writer):
    """Once out, a story is the editors'."""
    article = ArticleFactory(created_by=writer)
    assert writer_client.post(change_url(article), {"headline": "Changed"}).status_code == 403


@pytest.mark.django_db
def test_writer_cannot_delete_a_published_story(writer_client, writer):
    """No deleting published work."""
    article = ArticleFactory(created_by=writer)
    url = reverse("admin:articles_article_delete", args=[article.pk])
    assert writer_client.post(url, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


@pytest.mark.django_db
def test_editor_publishes_in_the_admin(editor_client, writer):
    """An editor sets status published; the publish time defaults to now."""
    article = draft_by(writer)
    response = save_in_admin(editor_client, article, status="published")
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.is_published
    assert article.events.get().action == Action.PUBLISHED


@pytest.mark.django_db
def test_editor_schedules_in_the_admin(editor_client, writer):
    """A future publish time with status published is SCHEDULED."""
    article = draft_by(writer)
    when = timezone.localtime(timezone.now() + timedelta(days=2))
    response = save_in_admin(
        editor_client,
        article,
        status="published",
        published_at_0=when.strftime("%Y-%m-%d"),
        published_at_1=when.strftime("%H:%M:%S"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_scheduled
    assert article.events.get().action == Action.SCHEDULED


@pytest.mark.django_db
def test_editor_edits_a_writers_published_story(editor_client, writer):
    """Editors edit everything."""
    article = ArticleFactory(created_by=writer)
    assert save_in_admin(editor_client, article, headline="Better").status_code == 302


@pytest.mark.django_db
def test_bulk_actions_are_editor_only(writer_client, editor_client, writer):
    """The writer's list offers no publish action, and posting it anyway does nothing."""
    article = draft_by(writer)
    changelist = reverse("admin:articles_article_changelist")
    actions = [
        value for value, _ in writer_client.get(changelist).context["action_form"].fields["action"].choices
    ]
    assert "publish_selected" not in actions and "withdraw_selected" not in actions
    writer_client.post(changelist, {"action": "publish_selected", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    editor_client.post(changelist, {"action": "publish_selected", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.is_published


@pytest.mark.django_db
def test_bulk_withdraw_reports_what_it_could_not_do(editor_client):
    """A draft in the selection is skipped with a message; the live one is withdrawn."""
    live, draft = ArticleFactory(), ArticleFactory(status=Status.DRAFT, published_at=None)
    changelist = reverse("admin:articles_article_changelist")
    response = editor_client.post(
        changelist, {"action": "withdraw_selected", "_selected_action": [live.pk, draft.pk]}, follow=True
    )
    texts = [str(m) for m in response.context["messages"]]
    assert any("1 story withdrawn" in t for t in texts) and any("cannot go from" in t for t in texts)
    live.refresh_from_db()
    assert live.status == Status.WITHDRAWN


@pytest.mark.django_db
def test_audit_trail_is_visible_in_the_admin(editor_client, editor):
    """The event list and the story form both show who did what."""
    article = ArticleFactory(status=Status.REVIEW, published_at=None, headline="Audited")
    services.article_publish(article=article, by=editor)
    listing = editor_client.get(reverse("admin:articles_articleevent_changelist"))
    assert b"Audited" in listing.content and b"edna" in listing.content
    page = editor_client.get(change_url(article))
    assert b"workflow-history" in page.content


@pytest.mark.django_db
def test_dashboard_lists_review_and_scheduled(editor_client):
    """The admin front page and the dashboard show what waits and what will go live."""
    ArticleFactory(status=Status.REVIEW, published_at=None, headline="Waiting for you")
    ArticleFactory(published_at=timezone.now() + timedelta(hours=5), headline="Goes out tonight")
    ArticleFactory(headline="Already out")
    for url in [reverse("admin:index"), reverse("admin:articles_article_dashboard")]:
        html = editor_client.get(url).content.decode()
        assert "Waiting for you" in html and "Goes out tonight" in html
        assert "Already out" not in html


@pytest.mark.django_db
def test_dashboard_names_the_writer_not_their_login(editor_client, writer):
    """"by Wendy Writer", as her byline reads, not "by wendy"."""
    ArticleFactory(status=Status.REVIEW, published_at=None, headline="Waiting for you", created_by=writer)
    soup = BeautifulSoup(editor_client.get(reverse("admin:index")).content, "html.parser")
    [item] = soup.select("#workflow-dashboard li")
    assert "by Wendy Writer," in item.get_text(" ", strip=True)
    assert "wendy" not in item.get_text()


# -- redirects ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_changed_slug_section_and_date_redirect_from_every_old_address(client, editor_client):
    """Each old address of a public story answers 301 to the newest one."""
    article = ArticleFactory(slug="first")
    first = article.get_absolute_url()
    save_in_admin(editor_client, article, slug="second")
    article.refresh_from_db()
    second = article.get_absolute_url()
    other = SectionFactory(slug="reviews", name="Reviews")
    save_in_admin(editor_client, article, section=other.pk)
    article.refresh_from_db()
    third = article.get_absolute_url()
    when = timezone.localtime(article.published_at - timedelta(days=3))
    save_in_admin(
        editor_client,
        article,
        published_at_0=when.strftime("%Y-%m-%d"),
        published_at_1=when.strftime("%H:%M:%S"),
    )
    article.refresh_from_db()
    newest = article.get_absolute_url()
    assert len({first, second, third, newest}) == 4
    for old in [first, second, third]:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, newest), old
    assert client.get(newest).status_code == 200


@pytest.mark.django_db
def test_draft_slug_change_leaves_no_redirect(editor_client, writer):
    """A story never public had no address to keep."""
    article = draft_by(writer)
    save_in_admin(editor_client, article, slug="renamed")
    assert not ArticleRedirect.objects.exists()


@pytest.mark.django_db
def test_changing_back_to_an_old_slug_removes_its_redirect(client, editor_client):
    """The address is the story's own again, not a loop."""
    article = ArticleFactory(slug="one")
    original = article.get_absolute_url()
    save_in_admin(editor_client, article, slug="two")
    article.refresh_from_db()
    save_in_admin(editor_client, article, slug="one")
    assert client.get(original).status_code == 200
    assert list(ArticleRedirect.objects.values_list("old_path", flat=True)) == [
        original.replace("one", "two")
    ]


@pytest.fixture
def taken_address(editor, editor_client, writer):
    """Another story's old address, and a writer's once-public draft of the same day."""
    now = timezone.now()
    other = ArticleFactory(slug="old-name", published_at=now)
    old_address = other.get_absolute_url()
    save_in_admin(editor_client, other, slug="new-name")
    mine = ArticleFactory(slug="mine", published_at=now, created_by=writer)
    services.article_return_to_draft(article=mine, by=editor)
    return other, old_address, mine


@pytest.mark.django_db
def test_a_writer_cannot_take_away_another_story_s_old_address(client, writer_client, taken_address):
    """Moving my draft onto another story's old address leaves that story's redirect alone,
    and so does moving it away again."""
    other, old_address, mine = taken_address
    assert save_in_admin(writer_client, mine, slug="old-name").status_code == 302
    mine.refresh_from_db()
    assert mine.get_absolute_url() == old_address
    assert save_in_admin(writer_client, mine, slug="elsewhere").status_code == 302
    assert ArticleRedirect.objects.get(old_path=old_address).article == other
    other.refresh_from_db()
    assert client.get(old_address)["Location"] == other.get_absolute_url()


@pytest.mark.django_db
def test_an_editor_may_take_over_an_old_address(client, editor_client, taken_address):
    """An editor may change both stories, so the address becomes the publishing story's."""
    other, old_address, mine = taken_address
    assert save_in_admin(editor_client, mine, slug="old-name", status="published").status_code == 302
    assert not ArticleRedirect.objects.filter(old_path=old_address).exists()
    assert client.get(old_address).status_code == 200


@pytest.mark.django_db
def test_publishing_a_second_story_with_the_same_slug_on_the_same_day_is_refused(editor_client, editor):
    """One address per story: the bulk action reports it instead of failing."""
    # Published now, so on the newsroom's day the twin would publish on (the factory's
    # default of an hour ago is the day before between midnight and 1 am in New York).
    ArticleFactory(slug="same", published_at=timezone.now())
    twin = ArticleFactory(slug="same", status=Status.REVIEW, published_at=None)
    with pytest.raises(ValidationError):
        services.article_publish(article=twin, by=editor)
    changelist = reverse("admin:articles_article_changelist")
    response = editor_client.post(
        changelist, {"action": "publish_selected", "_selected_action": [twin.pk]}, follow=True
    )
    assert response.status_code == 200
    twin.refresh_from_db()
    assert twin.status == Status.REVIEW
