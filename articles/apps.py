from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Stories"

    def ready(self):
        from taggit.models import Tag

        from articles import purges
        from articles.models import Author, Section
        from articles.revisions import register_models
        from core.pagecache.signals import shown_keys, watch

        register_models()
        purges.connect()
        # Autosaves, audit events and redirects are not watched: no cached page shows them.
        watch(Section)
        watch(Author, shown_keys)
        watch(Tag, shown_keys)
