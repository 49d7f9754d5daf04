from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import path
from django.utils.html import format_html

from images.chooser import search_images, upload_image
from images.models import Image
from images.renditions import thumbnail_of


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "alt_text", "credit", "width", "height", "created_at"]
    list_display_links = ["thumbnail", "alt_text"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["preview", "width", "height"]
    fields = ["file", "preview", "alt_text", "caption", "credit", ("focal_x", "focal_y"), ("width", "height")]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("chooser/", view(self.chooser_view), name="images_image_chooser"),
            path("chooser/upload/", view(self.chooser_upload_view), name="images_image_chooser_upload"),
            *super().get_urls(),
        ]

    def chooser_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return JsonResponse({"images": search_images(request.GET.get("q", "")[:200])})

    def chooser_upload_view(self, request):
        if request.method != "POST":
            return JsonResponse({"error": "POST only"}, status=405)
        if not self.has_add_permission(request):
            raise PermissionDenied
        return upload_image(request)

    @admin.display(description="")
    def thumbnail(self, image):
        small = thumbnail_of(image)
        if small is None:
            return "—"
        return format_html('<img src="{}" alt="" width="80" loading="lazy">', small.url)

    @admin.display(description="Current picture")
    def preview(self, image):
        if not image.pk:
            return "—"
        return format_html('<img src="{}" alt="" style="max-width:480px;height:auto">', image.file.url)
