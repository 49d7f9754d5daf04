import pytest


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Pages render every time here, so query counts and content reflect the view itself."""
    settings.PAGE_CACHE_SECONDS = 0
