"""The image chooser of the admin: a search over the library and an upload in place, as JSON
for the chooser dialog (static/newsroom/image-chooser.js) on any form with a picture field."""

from django import forms
from django.db.models import Q
from django.http import JsonResponse

from images.models import Image
from images.renditions import thumbnail_of

CHOOSER_PAGE = 24


class ChooserUploadForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit"]


def image_card(image: Image) -> dict:
    """A picture as the chooser lists it; no thumbnail (the dialog draws a placeholder) when
    its file is missing or damaged."""
    small = thumbnail_of(image)
    return {"id": image.pk, "alt": image.alt_text, "thumbnail": small and small.url, "credit": image.credit}


def cards_of(ids: set[int]) -> dict[int, dict]:
    """The cards of these library images, by id (those that exist)."""
    return {image.pk: image_card(image) for image in Image.objects.filter(pk__in=ids)}


def search_images(query: str) -> list[dict]:
    """The newest images whose description, caption or credit contains every word typed."""
    images = Image.objects.all()
    for word in query.split()[:8]:
        images = images.filter(
            Q(alt_text__icontains=word) | Q(caption__icontains=word) | Q(credit__icontains=word)
        )
    return [image_card(image) for image in images.order_by("-created_at", "-id")[:CHOOSER_PAGE]]


def upload_image(request) -> JsonResponse:
    form = ChooserUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse(
            {"errors": {name: list(errors) for name, errors in form.errors.items()}}, status=400
        )
    return JsonResponse(image_card(form.save()), status=201)


# What a form with the chooser loads (each ModelAdmin lists them in its own Media).
CHOOSER_JS = "newsroom/image-chooser.js"
CHOOSER_CSS = "newsroom/image-chooser.css"


class ImageChooserMixin:
    """For a ModelAdmin with picture fields: each gets a "Choose from the library" button that
    opens the chooser dialog (search, thumbnails, upload in place). Add CHOOSER_JS and
    CHOOSER_CSS to the admin's Media."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from django.urls import reverse

        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and db_field.related_model is Image:
            select = getattr(formfield.widget, "widget", formfield.widget)
            select.attrs["data-image-chooser"] = reverse("admin:images_image_chooser")
            select.attrs["data-image-upload"] = reverse("admin:images_image_chooser_upload")
        return formfield
