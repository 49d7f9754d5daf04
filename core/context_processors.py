from django.conf import settings


def site(request) -> dict:
    # No SITE_URL: templates make an address absolute with the `absolute` filter.
    return {"SITE_NAME": settings.SITE_NAME}
