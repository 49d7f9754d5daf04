from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "images"
    verbose_name = "Image library"

    def ready(self):
        from core.pagecache.keys import key
        from core.pagecache.signals import watch
        from images.models import Image

        # No page lists images: a change shows wherever the picture is shown.
        watch(Image, lambda image, **kwargs: {key(image)})
