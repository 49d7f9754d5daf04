"""Google's review-snippet rules for a critic's Review (developers.google.com/search/docs/
appearance/structured-data/review-snippet), as a checker that returns what breaks them."""

# The itemReviewed types Google shows review snippets for (and their subtypes we use).
SUPPORTED_ITEMS = {
    "Book", "Course", "CreativeWorkSeason", "CreativeWorkSeries", "Episode", "Event", "Game",
    "HowTo", "LocalBusiness", "MediaObject", "Movie", "MusicPlaylist", "MusicRecording",
    "Organization", "Product", "Recipe", "SoftwareApplication",
}  # fmt: skip


def number(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def review_snippet_problems(data: dict) -> list[str]:
    problems = []
    if data.get("@type") != "Review":
        problems.append("@type is not Review")
    item = data.get("itemReviewed")
    if not isinstance(item, dict) or item.get("@type") not in SUPPORTED_ITEMS:
        problems.append("itemReviewed is missing or of an unsupported type")
    elif not item.get("name"):
        problems.append("itemReviewed has no name")
    authors = data.get("author")
    authors = authors if isinstance(authors, list) else [authors]
    if not authors or authors == [None]:
        problems.append("author is missing")
    for author in authors:
        if not isinstance(author, dict) or author.get("@type") not in ("Person", "Organization"):
            problems.append("author is not a Person or an Organization")
        elif not author.get("name") or len(author["name"]) >= 100:
            problems.append("author has no valid name (under 100 characters)")
    rating = data.get("reviewRating")
    if not isinstance(rating, dict) or rating.get("@type") != "Rating":
        problems.append("reviewRating is missing or not a Rating")
        return problems
    value = number(rating.get("ratingValue"))
    best, worst = number(rating.get("bestRating", 5)), number(rating.get("worstRating", 1))
    if value is None:
        problems.append("ratingValue is not a number")
    elif best is None or worst is None or not worst <= value <= best or worst >= best:
        problems.append(f"ratingValue {value} is outside worstRating {worst} .. bestRating {best}")
    publisher = data.get("publisher")
    if not isinstance(publisher, dict) or not publisher.get("name"):
        problems.append("publisher has no name")
    if not data.get("datePublished"):
        problems.append("datePublished is missing")
    return problems
