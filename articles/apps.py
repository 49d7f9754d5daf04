from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Stories"

    def ready(self):
        from django.db.models.signals import pre_delete
        from taggit.models import Tag

        from articles import purges, related
        from articles.models import Article, Author, Section
        from articles.models.workflow import keep_trail_of
        from articles.revisions import register_models
        from core.pagecache.signals import shown_keys, watch

        register_models()
        purges.connect()
        related.connect()
        pre_delete.connect(
            lambda sender, instance, **kwargs: keep_trail_of(instance),
            sender=Article,
            weak=False,
            dispatch_uid="articles-keep-trail",
        )
        # Autosaves, audit events and redirects are not watched: no cached page shows them.
        watch(Section)
        watch(Author, shown_keys)
        watch(Tag, shown_keys)
