from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Site and image library"

    def ready(self):
        # Connects the page cache's invalidation signals in every process, commands included.
        from newsroom import cache  # noqa: F401
