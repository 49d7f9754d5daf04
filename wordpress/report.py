"""What an import did, for the command's final table and the admin page."""

from collections import Counter
from dataclasses import dataclass, field, fields


@dataclass
class Report:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    redirects: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    failed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # changed in WordPress, but edited here since
    missing_media: list[str] = field(default_factory=list)
    unknown_shortcodes: Counter = field(default_factory=Counter)
    notes: Counter = field(default_factory=Counter)  # decisions worth telling, e.g. private -> draft

    def as_dict(self) -> dict:
        """For a JSONField (asdict() would turn each Counter into a count of its own items)."""
        return {f.name: getattr(self, f.name) for f in fields(self)} | {"rows": self.rows()}

    def rows(self) -> list[tuple[str, str]]:
        """The final table, as (what, how many or which), for the command and the admin page."""
        rows = [("Imported", str(self.imported)), ("Updated", str(self.updated))]
        rows.append(("Unchanged", str(self.unchanged)))
        rows += [(f"Skipped: {reason}", str(n)) for reason, n in sorted(self.skipped.items())]
        rows += [(f"Failed: {line}", "") for line in self.failed]
        rows.append(("Kept as edited here", str(len(self.kept))))
        rows += [(f"  {line}", "") for line in self.kept]
        rows.append(("Redirects from old addresses", str(self.redirects)))
        rows.append(("Missing media", str(len(self.missing_media))))
        rows += [(f"  {line}", "") for line in self.missing_media]
        rows += [(f"Unknown shortcode [{name}]", str(n)) for name, n in self.unknown_shortcodes.most_common()]
        rows += [(f"Note: {note}", str(n)) for note, n in sorted(self.notes.items())]
        return rows
