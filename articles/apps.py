from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Stories"

    def ready(self):
        from taggit.models import Tag

        from articles import models
        from articles.revisions import register_models
        from core.cache import watch_models, watch_schedule

        register_models()
        # Autosaves and audit events are editors' own: readers never see them.
        watch_models(
            models.Article,
            models.Article.festival_editions.through,
            models.ArticleFilm,
            models.ArticlePerson,
            models.ArticleRedirect,
            models.Author,
            models.Byline,
            models.Correction,
            models.Embed,
            models.ReadMoreLink,
            models.Section,
            models.TaggedArticle,
            Tag,
        )
        watch_schedule(models.Article.objects.next_go_live)
