"""The main page types are valid HTML by the W3C Nu checker (vnu.jar from npm, run with java).

`npm install` (package.json) fetches the jar; `.ci/run` does it, so CI never skips this.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article

VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_messages(paths: list[Path]) -> list[dict]:
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return json.loads(result.stdout)["messages"]


@pytest.mark.django_db
def test_home_story_film_person_and_other_pages_are_valid_html(client, tmp_path):
    if not shutil.which("java"):
        pytest.skip("java is not installed: the W3C Nu checker needs it (apt-get install default-jre)")
    if not VNU_JAR.exists():
        pytest.skip(f"{VNU_JAR} is missing: run `npm install` to fetch the W3C Nu checker")
    call_command("load_demo", verbosity=0)
    story = Article.objects.get(slug__startswith="her-smell-alex")
    urls = {
        "home": "/",
        "story": story.get_absolute_url(),
        "film": "/films/her-smell/",
        "person": "/people/elisabeth-moss/",
        "festival": "/festivals/tiff-2018/",
        "tag": "/tags/punk/",
        "section": "/news/",
        "author": "/authors/maya-lindqvist/",
        "search": "/search/?q=smell",
        "releases": "/releases/2019-W15/",
        "reviews": "/film-reviews/",
        "review": Article.objects.get(slug="a-star-is-born-review").get_absolute_url(),
        "film-with-review": "/films/a-star-is-born-2018/",
        "not-found": "/films/nope/",
    }
    paths = []
    for name, url in urls.items():
        path = tmp_path / f"{name}.html"
        path.write_bytes(client.get(url).content)
        paths.append(path)
    problems = [
        f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}"
        for m in nu_messages(paths)
        if m["type"] == "error" or m.get("subType") == "warning"
    ]
    assert problems == []
