from django.apps import AppConfig
from django.db.models.signals import post_init, post_save

# django-imagekit listens to every model's post_init and post_save, for ImageSpecFields whose
# source image may change. The site has none (renditions come from specs in images/renditions.py),
# yet the listener ran for each of the 100-500 model instances a page builds.
IMAGEKIT_MODEL_WATCH = "ik_spec_field_receivers"


class ImagesConfig(AppConfig):
    name = "images"
    verbose_name = "Image library"

    def ready(self):
        from core.pagecache.keys import key
        from core.pagecache.signals import watch
        from images.models import Image

        # No page lists images: a change shows wherever the picture is shown.
        watch(Image, lambda image, **kwargs: {key(image)})
        from imagekit.specs.sourcegroups import signal_router

        if not signal_router._source_groups:  # no model declares an ImageSpecField
            post_init.disconnect(dispatch_uid=IMAGEKIT_MODEL_WATCH)
            post_save.disconnect(dispatch_uid=IMAGEKIT_MODEL_WATCH)
