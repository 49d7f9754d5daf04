from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Site infrastructure"


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin app, on the site of core/admin_site.py (named in INSTALLED_APPS)."""

    default = False  # not core's own config
    default_site = "core.admin_site.NewsroomAdminSite"
