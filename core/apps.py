from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Site infrastructure"

    def ready(self):
        # Connects the page cache's invalidation signals in every process, commands included.
        from core import cache  # noqa: F401
