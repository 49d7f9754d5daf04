"""Films filled in from TMDb and Wikidata, against a local server answering in their shapes."""

from datetime import date
from io import StringIO
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.core.management import CommandError, call_command

from films.models import Credit, Film, Person, Release, Role
from tests.factories import FilmFactory, PersonFactory
from tests.films.film_sources import TMDB_KEY, film_sources, json_answer, load, wikidata_entities
from tests.public.helpers import json_ld, soup_of
from tests.stub_http import StubServer


def run(reference: str, *args) -> None:
    call_command("import_film", reference, *args, verbosity=0)


def credits_of(film: Film) -> list[tuple]:
    rows = film.credits.select_related("person").order_by("role", "billing_order")
    return [(c.role, c.person.name, c.character, c.note) for c in rows]


@pytest.mark.django_db
def test_tmdb_creates_the_film_with_releases_and_credits_in_billing_order(sources):
    run("tmdb:550")
    film = Film.objects.get(tmdb_id="550")
    assert (film.title, film.slug, film.release_year, film.runtime_minutes) == (
        "Fight Club",
        "fight-club",
        1999,
        139,
    )
    assert (film.imdb_id, film.wikidata_id) == ("tt0137523", "Q190050")
    assert film.synopsis.startswith("An insomniac office worker")
    releases = [(r.country.code, r.type, r.date, r.certification, r.note) for r in film.releases.all()]
    assert releases == [
        ("IT", Release.Type.PREMIERE, date(1999, 9, 10), "", "Venice Film Festival"),
        ("US", Release.Type.THEATRICAL, date(1999, 10, 15), "R", ""),
        ("US", Release.Type.PHYSICAL, date(2000, 6, 6), "R", "DVD"),
    ]  # XX is no country: left out
    cast = [
        (c.person.name, c.character) for c in film.credits.filter(role=Role.CAST).order_by("billing_order")
    ]
    assert cast == [
        ("Edward Norton", "The Narrator"),
        ("Brad Pitt", "Tyler Durden"),
        ("Helena Bonham Carter", "Marla Singer"),
    ]
    crew = {(role, name, note) for role, name, _, note in credits_of(film) if role != Role.CAST}
    assert crew == {
        (Role.DIRECTOR, "David Fincher", ""),
        (Role.WRITER, "Jim Uhls", ""),
        (Role.WRITER, "Chuck Palahniuk", "novel"),
        (Role.COMPOSER, "The Dust Brothers", ""),
        (Role.PRODUCER, "Art Linson", ""),
    }
    assert Person.objects.get(name="David Fincher").tmdb_id == "7467"
    request = sources.requests[0]
    assert "append_to_response=credits%2Crelease_dates%2Cexternal_ids" in request.path


@pytest.mark.django_db
def test_people_are_matched_by_id_or_exact_name_and_never_duplicated(sources):
    norton = PersonFactory(name="Edward Norton", slug="edward-norton")
    PersonFactory(name="Brad Pitt", slug="brad-pitt-actor", tmdb_id="287")
    run("tmdb:550")
    run("tmdb:550")  # again: nothing new
    assert Person.objects.filter(name="Edward Norton").get() == norton
    norton.refresh_from_db()
    assert norton.tmdb_id == "819"  # an id it lacked is filled in
    assert Person.objects.filter(tmdb_id="287").get().slug == "brad-pitt-actor"
    assert Person.objects.count() == 8
    assert Film.objects.count() == 1 and Credit.objects.count() == 8 and Release.objects.count() == 3


@pytest.mark.django_db
def test_a_name_stored_with_accents_or_other_case_is_the_same_person(sources):
    """An editor typed "Édward NORTON" before the import: the source's "Edward Norton" is
    that person, not a second one; a stored name that matches exactly still wins."""
    typed = PersonFactory(name="Édward NORTON", slug="edward-norton")
    exact = PersonFactory(name="Brad Pitt", slug="brad-pitt")
    PersonFactory(name="BRAD PITT", slug="brad-pitt-2")
    run("tmdb:550")
    typed.refresh_from_db()
    exact.refresh_from_db()
    assert (typed.tmdb_id, typed.name) == ("819", "Édward NORTON")  # the editor's spelling is kept
    assert exact.tmdb_id == "287"
    assert Person.objects.count() == 9


@pytest.mark.django_db
def test_an_editors_values_are_kept_unless_the_import_is_told_to_overwrite(sources):
    film = FilmFactory(
        title="Fight Club", slug="fight-club", release_year=1999, tmdb_id="550", synopsis="Our own words."
    )
    with pytest.raises(CommandError, match="has its own synopsis"):
        run("tmdb:550")
    film.refresh_from_db()
    assert film.synopsis == "Our own words." and not film.releases.exists() and not film.credits.exists()
    run("tmdb:550", "--dry-run")
    assert not Credit.objects.exists()
    run("tmdb:550", "--overwrite")
    film.refresh_from_db()
    assert film.synopsis.startswith("An insomniac") and film.credits.count() == 8


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("tmdb:999", "TMDb has no movie 999"),
        ("tmdb:abc", "not a TMDb movie id"),
        ("wikidata:Q1", "Wikidata has no Q1"),
        ("wikidata:2262932", "not a Wikidata item id"),
        ("imdb:tt0137523", "use tmdb:<id> or wikidata:<Q-id>"),
    ],
)
def test_unknown_ids_say_so_and_write_nothing(sources, reference, message):
    with pytest.raises(CommandError, match=message):
        run(reference)
    assert not Film.objects.exists() and not Person.objects.exists()


@pytest.mark.django_db
def test_a_rate_limit_says_when_to_try_again_and_writes_nothing(settings):
    answer = lambda request: json_answer(429, {"status_code": 25}, **{"Retry-After": "30"})  # noqa: E731
    with StubServer(answer) as stub:
        settings.TMDB_API_URL, settings.TMDB_API_KEY = f"{stub.url}/3", TMDB_KEY
        with pytest.raises(CommandError, match="try again in 30 seconds"):
            run("tmdb:550")
    assert not Film.objects.exists()


@pytest.mark.django_db
def test_network_failures_and_a_missing_key_give_a_clear_message(settings):
    with StubServer() as stub:
        closed = stub.url  # nothing listens there once the server is gone
    settings.TMDB_API_URL, settings.TMDB_API_KEY = f"{closed}/3", TMDB_KEY
    with pytest.raises(CommandError, match="Could not reach TMDb"):
        run("tmdb:550")
    settings.TMDB_API_KEY = ""
    with pytest.raises(CommandError, match="TMDB_API_KEY is not set"):
        run("tmdb:550")
    settings.WIKIDATA_API_URL = f"{closed}/w/api.php"
    with pytest.raises(CommandError, match="Could not reach Wikidata"):
        run("wikidata:Q2262932")
    assert not Film.objects.exists()


@pytest.mark.django_db
def test_wikidata_creates_city_streets_with_its_director_and_cast(sources):
    run("wikidata:Q2262932")
    film = Film.objects.get(wikidata_id="Q2262932")
    assert (film.title, film.release_year, film.runtime_minutes, film.imdb_id) == (
        "City Streets",
        1931,
        82,
        "tt0021750",
    )
    assert not film.releases.exists()  # Wikidata knows only the year: no release day to list
    assert [(r, n) for r, n, _, _ in credits_of(film)] == [
        (Role.CAST, "Gary Cooper"),
        (Role.DIRECTOR, "Rouben Mamoulian"),
    ]
    cooper = Person.objects.get(name="Gary Cooper")
    assert (cooper.wikidata_id, cooper.birth_date) == ("Q93957", date(1901, 5, 7))
    # Two requests: the film, then every entity its claims name, in one batch.
    assert len(sources.requests) == 2
    people = parse_qs(urlsplit(sources.requests[1].path).query)["ids"][0].split("|")
    assert {"Q51472", "Q93957", "Q231595"} <= set(people)


@pytest.mark.django_db
def test_a_failure_half_way_writes_nothing(sources, monkeypatch):
    """One transaction: a credit that cannot be written takes the film and its people with it."""

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Credit.objects, "update_or_create", broken)
    with pytest.raises(RuntimeError):
        run("tmdb:550")
    assert not Film.objects.exists() and not Person.objects.exists() and not Release.objects.exists()


@pytest.mark.django_db
def test_the_poster_comes_only_when_asked_and_within_the_size_limit(sources, settings):
    run("tmdb:550")
    assert Film.objects.get().poster is None
    run("tmdb:550", "--poster")
    poster = Film.objects.get().poster
    assert (poster.width, poster.height, poster.credit) == (500, 750, "TMDb")
    assert poster.alt_text == "Poster for Fight Club"
    Film.objects.all().delete()
    settings.MAX_IMAGE_UPLOAD_BYTES = 100
    run("tmdb:550", "--poster")  # the film still comes, without its poster
    assert Film.objects.get().poster is None


@pytest.mark.django_db
def test_an_imported_persons_page_shows_birth_date_ids_and_filmography(sources, client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    run("wikidata:Q2262932")
    soup = soup_of(client, "/people/gary-cooper/")
    facts = {dt.get_text(): dt.find_next_sibling("dd") for dt in soup.select("dl.facts dt")}
    assert facts["Born"].time["datetime"] == "1901-05-07"
    assert [a["href"] for a in facts["Elsewhere"].find_all("a")] == ["https://www.wikidata.org/wiki/Q93957"]
    assert "City Streets" in soup.select_one(".filmography").get_text()
    person = json_ld(soup)["Person"]
    assert (person["birthDate"], person["sameAs"]) == ("1901-05-07", ["https://www.wikidata.org/wiki/Q93957"])


@pytest.mark.django_db
def test_a_film_from_tmdb_credits_tmdb_on_its_page(sources, client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    run("tmdb:550")
    soup = soup_of(client, "/films/fight-club/")
    assert "not endorsed or certified by TMDB" in soup.select_one(".attribution").get_text()
    links = [a.get_text() for dt in soup.select("dl.facts dt") if dt.get_text() == "Elsewhere"
             for a in dt.find_next_sibling("dd").find_all("a")]  # fmt: skip
    assert links == ["IMDb", "TMDb", "Wikidata"]


@pytest.mark.django_db
def test_a_redirect_is_followed_on_the_sources_host_only(settings):
    """A source that answers 302 to another address (an internal one) is not followed there:
    nothing is asked of that address and nothing is written; a move on its own host is followed."""
    with StubServer() as internal, StubServer(film_sources) as tmdb:
        moved = {"/3/movie/551": "/3/movie/550", "/3/movie/552": f"{internal.url}/internal-only"}

        def answer(request):
            path, _, query = request.path.partition("?")
            if path in moved:
                return 302, {"Location": f"{moved[path]}?{query}"}, b""
            return film_sources(request)

        tmdb.answer = answer
        settings.TMDB_API_URL, settings.TMDB_API_KEY = f"{tmdb.url}/3", TMDB_KEY
        with pytest.raises(CommandError, match=r"TMDb sent us to another address \(127\.0\.0\.1:\d+\)"):
            run("tmdb:552")
        assert not internal.requests and not Film.objects.exists()
        run("tmdb:551")
        assert Film.objects.get().title == "Fight Club"


def tmdb_answer(change) -> StubServer:
    """TMDb answering for movie 550 with `change` (a function of the parsed document) made."""
    movie = load("tmdb/movie-550.json")
    change(movie)
    return StubServer(lambda request: json_answer(200, movie))


@pytest.mark.django_db
def test_an_id_that_is_not_one_is_left_out_and_said(settings, client):
    """A Wikidata id that is not a Q-id (or an IMDb id that is not tt and digits) is neither
    stored nor linked; the import says it left it out."""

    def change(movie):
        movie["external_ids"]["wikidata_id"] = "javascript:alert(1)"
        movie["imdb_id"] = "../../evil"

    with tmdb_answer(change) as stub:
        settings.TMDB_API_URL, settings.TMDB_API_KEY = f"{stub.url}/3", TMDB_KEY
        output = StringIO()
        call_command("import_film", "tmdb:550", stdout=output)
    film = Film.objects.get()
    assert (film.wikidata_id, film.imdb_id, film.tmdb_id) == ("", "", "550")
    assert "skipped: Wikidata id “javascript:alert(1)”" in output.getvalue()
    assert "skipped: IMDb id “../../evil”" in output.getvalue()
    page = soup_of(client, "/films/fight-club/")
    facts = {dt.get_text(): dt.find_next_sibling("dd") for dt in page.select("dl.facts dt")}
    assert [a["href"] for a in facts["Elsewhere"].find_all("a")] == ["https://www.themoviedb.org/movie/550"]


@pytest.mark.django_db
def test_certifications_lose_the_spaces_around_them(settings):
    def change(movie):
        movie["release_dates"]["results"][0]["release_dates"][0]["certification"] = "R  "

    with tmdb_answer(change) as stub:
        settings.TMDB_API_URL, settings.TMDB_API_KEY = f"{stub.url}/3", TMDB_KEY
        run("tmdb:550")
    assert Release.objects.get(country="US", type=Release.Type.THEATRICAL).certification == "R"


def with_two_michael_smiths(movie):
    """Two people of one name, told apart by their TMDb ids, as TMDb lists them."""
    for tmdb_id, character, order in [(9100001, "Bartender", 3), (9100002, "Cop", 4)]:
        movie["credits"]["cast"].append(
            {"id": tmdb_id, "name": "Michael Smith", "character": character, "order": order}
        )


@pytest.mark.django_db
def test_people_of_one_name_with_different_ids_stay_apart(settings):
    """Matching by name is a fallback for a person with no id that says otherwise: the two
    Michael Smiths are two people, each with their own credit; the desk is told of them."""
    with tmdb_answer(with_two_michael_smiths) as stub:
        settings.TMDB_API_URL, settings.TMDB_API_KEY = f"{stub.url}/3", TMDB_KEY
        output = StringIO()
        call_command("import_film", "tmdb:550", stdout=output)
    smiths = Person.objects.filter(name="Michael Smith").order_by("tmdb_id")
    assert [(p.tmdb_id, [c.character for c in p.credits.all()]) for p in smiths] == [
        ("9100001", ["Bartender"]),
        ("9100002", ["Cop"]),
    ]
    note = "possible duplicate: Michael Smith (TMDb 9100001) and Michael Smith (TMDb 9100002)"
    assert note in output.getvalue()


@pytest.mark.django_db
def test_a_name_matches_only_someone_no_id_sets_apart(settings):
    """A Michael Smith with no ids here is the first one TMDb lists (and gets his id); one
    with another TMDb id is someone else."""
    plain = PersonFactory(name="Michael Smith", slug="michael-smith")
    other = PersonFactory(name="Michael Smith", slug="michael-smith-stuntman", tmdb_id="9100003")
    with tmdb_answer(with_two_michael_smiths) as stub:
        settings.TMDB_API_URL, settings.TMDB_API_KEY = f"{stub.url}/3", TMDB_KEY
        run("tmdb:550")
    plain.refresh_from_db()
    assert plain.tmdb_id == "9100001" and [c.character for c in plain.credits.all()] == ["Bartender"]
    assert not other.credits.exists()
    assert Person.objects.get(tmdb_id="9100002").credits.get().character == "Cop"


@pytest.mark.django_db
def test_an_id_another_person_has_stays_theirs(settings):
    """Gary Cooper (matched by his Wikidata id) does not take the IMDb id Wikidata gives him
    when another person here has it: one person per id, and the import goes on."""
    entities = wikidata_entities()
    entities["Q93957"]["claims"]["P345"] = [
        {"mainsnak": {"snaktype": "value", "datavalue": {"value": "nm0000011", "type": "string"}}}
    ]
    cooper = PersonFactory(name="Gary Cooper", wikidata_id="Q93957")
    frank = PersonFactory(name="Frank Cooper", imdb_id="nm0000011")
    with StubServer(lambda request: json_answer(200, {"entities": entities, "success": 1})) as stub:
        settings.WIKIDATA_API_URL = f"{stub.url}/w/api.php"
        run("wikidata:Q2262932")
    cooper.refresh_from_db()
    frank.refresh_from_db()
    assert (cooper.imdb_id, frank.imdb_id, frank.wikidata_id) == ("", "nm0000011", "")
    assert cooper.credits.get().film.title == "City Streets"


NON_LATIN = {
    "Пётр Мамонов": "пётр-мамонов",
    "黒澤明": "黒澤明",
    "Μελίνα Μερκούρη": "μελίνα-μερκούρη",
    "محمد بكري": "محمد-بكري",
    "גילה אלמגור": "גילה-אלמגור",
    "봉준호": "봉준호",
}


@pytest.mark.django_db
def test_people_with_non_latin_names_get_addresses_of_their_names(settings, client):
    """Cyrillic, CJK, Greek, Arabic, Hebrew and Hangul names become Unicode slugs (as tags'
    do), whose pages answer and are linked from the film."""
    settings.PAGE_CACHE_SECONDS = 0

    def change(movie):
        movie["credits"]["cast"] = [
            {"id": 9200000 + n, "name": name, "character": "", "order": n} for n, name in enumerate(NON_LATIN)
        ]

    with tmdb_answer(change) as stub:
        settings.TMDB_API_URL, settings.TMDB_API_KEY = f"{stub.url}/3", TMDB_KEY
        run("tmdb:550")
    assert {p.name: p.slug for p in Person.objects.filter(name__in=NON_LATIN)} == NON_LATIN
    film_page = soup_of(client, "/films/fight-club/")
    links = {a.get_text(): a["href"] for a in film_page.select("a[href^='/people/']")}
    for name, slug in NON_LATIN.items():
        assert links[name] == f"/people/{quote(slug)}/"
        assert soup_of(client, links[name]).h1.get_text().strip() == name
        assert client.get(f"{links[name]}feed/").status_code == 200


@pytest.mark.django_db
def test_a_common_name_is_numbered_past_a_thousand(settings):
    """A thousand Michael Smiths here already: the next one is michael-smith-1001."""
    Person.objects.bulk_create(
        Person(name="Michael Smith", slug="michael-smith" + (f"-{n}" if n > 1 else ""), tmdb_id=str(n))
        for n in range(1, 1001)
    )
    with tmdb_answer(with_two_michael_smiths) as stub:
        settings.TMDB_API_URL, settings.TMDB_API_KEY = f"{stub.url}/3", TMDB_KEY
        run("tmdb:550")
    assert Person.objects.get(tmdb_id="9100002").slug == "michael-smith-1002"


@pytest.mark.django_db
def test_an_answer_with_endless_credits_is_cut_short_and_said(settings, monkeypatch):
    """A source listing more credits than any film has (a hostile one: each costs queries, in
    the preview and the import) gives its first ones only, and the import says so."""
    monkeypatch.setattr("films.importer.MAX_ROWS", 10)

    def change(movie):
        movie["credits"] = {
            "cast": [{"id": 9300000 + n, "name": f"Extra {n}", "order": n} for n in range(25)]
        }

    with tmdb_answer(change) as stub:
        settings.TMDB_API_URL, settings.TMDB_API_KEY = f"{stub.url}/3", TMDB_KEY
        output = StringIO()
        call_command("import_film", "tmdb:550", stdout=output)
    assert Credit.objects.count() == 10 and Person.objects.count() == 10
    assert "skipped: credits past the first 10: 15 left out" in output.getvalue()


@pytest.mark.django_db
def test_a_wikidata_item_naming_endless_entities_is_refused(sources, monkeypatch):
    """Each 50 entities an item names cost a request: past a bound, the item is refused."""
    monkeypatch.setattr("films.sources.wikidata.MAX_NAMED", 2)
    with pytest.raises(CommandError, match="names more than 2 people, characters and places"):
        run("wikidata:Q2262932")
    assert len(sources.requests) == 1 and not Film.objects.exists()
