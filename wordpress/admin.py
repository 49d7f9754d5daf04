from django.contrib import admin
from django.db import transaction

from wordpress.models import ImportRun
from wordpress.tasks import import_wordpress_export


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """ "Import from WordPress": a superuser uploads an export; the task worker imports it."""

    list_display = ["__str__", "status", "percent", "created_by", "created_at", "finished_at"]
    list_select_related = ["created_by"]
    fields = ["export"]
    change_form_template = "admin/wordpress/importrun/change_form.html"

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    has_add_permission = has_view_permission

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def save_model(self, request, obj, form, change):
        obj.created_by = request.user
        super().save_model(request, obj, form, change)
        transaction.on_commit(lambda: import_wordpress_export.enqueue(run_id=obj.pk))
