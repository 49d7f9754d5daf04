"""The shared image library: one picture, described once, used by stories, films and people."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from images.uploads import LibraryImageField, image_upload_path, validate_image_upload


class Image(models.Model):
    file = LibraryImageField(
        upload_to=image_upload_path,
        width_field="width",
        height_field="height",
        validators=[validate_image_upload],
        help_text="JPEG, PNG or WebP. Renditions for every screen size are made from it.",
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt_text = models.CharField(
        max_length=300,
        help_text="What the picture shows, for readers who cannot see it. Required.",
    )
    caption = models.CharField(max_length=500, blank=True)
    credit = models.CharField(
        max_length=200, blank=True, help_text='Who owns the picture, e.g. "Gunpowder & Sky".'
    )
    focal_x = models.FloatField(
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Horizontal centre of interest, 0 (left) to 1 (right); crops keep it in view.",
    )
    focal_y = models.FloatField(
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Vertical centre of interest, 0 (top) to 1 (bottom).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="image_focal_point_in_frame",
            ),
            models.CheckConstraint(condition=~models.Q(alt_text=""), name="image_alt_text_required"),
        ]

    def __str__(self):
        return self.alt_text
