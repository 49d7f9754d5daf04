"""The rating scale the site's critics use (settings.REVIEW_RATING_SCALE): stars out of 5 in
halves, or letter grades from F to A+. A rating is stored as the desk writes it ("3.5", "B+");
the scale turns it into what readers see and into the numbers schema.org's Rating needs."""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class RatingScale:
    name: str
    grades: tuple[str, ...]  # worst first, as the desk writes them

    def value(self, grade: str) -> float | None:
        """The grade as a number between worst() and best(); None if the scale has no such grade."""
        if grade not in self.grades:
            return None
        return float(grade) if self.name == "stars" else self.grades.index(grade) + 1

    def best(self) -> float:
        return self.value(self.grades[-1])

    def worst(self) -> float:
        return self.value(self.grades[0])

    def shown(self, grade: str) -> str:
        """What readers see: ★★★½☆ for 3.5 stars, the letter itself for a grade."""
        value = self.value(grade)
        if self.name != "stars" or value is None:
            return grade
        whole, half = int(value), value % 1 >= 0.5
        return "★" * whole + ("½" if half else "") + "☆" * (5 - whole - half)

    def spoken(self, grade: str) -> str:
        """What a screen reader says: "3.5 out of 5 stars", "B+"."""
        return f"{grade} out of 5 stars" if self.name == "stars" and grade in self.grades else grade


SCALES = {
    "stars": RatingScale("stars", tuple(f"{half / 2:g}" for half in range(0, 11))),
    "letters": RatingScale(
        "letters", ("F", "D-", "D", "D+", "C-", "C", "C+", "B-", "B", "B+", "A-", "A", "A+")
    ),
}


def site_scale() -> RatingScale:
    return SCALES[settings.REVIEW_RATING_SCALE]


def rating_choices() -> list[tuple[str, str]]:
    """The grades the desk may give, best first, on the site's scale (the model field's choices)."""
    scale = site_scale()
    return [(grade, f"{grade} ({scale.shown(grade)})" if scale.name == "stars" else grade)
            for grade in reversed(scale.grades)]  # fmt: skip
