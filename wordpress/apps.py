from django.apps import AppConfig
from django.db.models.signals import post_delete


class WordPressConfig(AppConfig):
    name = "wordpress"
    verbose_name = "WordPress import"

    def ready(self):
        from wordpress.models import ImportRun, delete_export

        post_delete.connect(delete_export, sender=ImportRun, dispatch_uid="wordpress-delete-export")
