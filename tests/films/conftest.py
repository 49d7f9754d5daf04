import pytest

from tests.films.film_sources import TMDB_KEY, film_sources
from tests.stub_http import StubServer


@pytest.fixture
def sources(settings):
    """TMDb and Wikidata as a local server answering from tests/films/fixtures/."""
    with StubServer(film_sources) as stub:
        settings.TMDB_API_URL = f"{stub.url}/3"
        settings.WIKIDATA_API_URL = f"{stub.url}/w/api.php"
        settings.TMDB_API_KEY = TMDB_KEY
        settings.TMDB_IMAGE_URL = f"{stub.url}/t/p"
        yield stub
