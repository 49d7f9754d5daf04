from django.contrib import admin
from django.utils.html import format_html

from images.models import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "alt_text", "credit", "width", "height", "created_at"]
    list_display_links = ["thumbnail", "alt_text"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["preview", "width", "height"]
    fields = ["file", "preview", "alt_text", "caption", "credit", ("focal_x", "focal_y"), ("width", "height")]

    @admin.display(description="")
    def thumbnail(self, image):
        return format_html('<img src="{}" alt="" width="80" loading="lazy">', image.file.url)

    @admin.display(description="Current picture")
    def preview(self, image):
        if not image.pk:
            return "—"
        return format_html('<img src="{}" alt="" style="max-width:480px;height:auto">', image.file.url)
