"""Names match whatever the typography, accents and case (core.matching)."""

from core.matching import match_key, plain_typography


def test_typography_maps_one_for_one():
    text = "Josh O\u2019Connor \u201cHer Smell\u201d \u2013 2018"
    assert plain_typography(text) == 'Josh O\'Connor "Her Smell" - 2018'
    assert len(plain_typography(text)) == len(text)


def test_match_key_folds_accents_case_and_typography():
    assert match_key("Bj\u00f6rk") == match_key("BJORK") == "bjork"
    assert match_key("Josh O\u2019Connor") == match_key("josh o'connor")
    assert match_key("Jean-Luc  Godard") == match_key("Jean\u2013Luc Godard")
    # Written decomposed (an accent as its own character), as some systems paste it.
    assert match_key("Jose\u0301 Garci\u0301a") == match_key("José García") == "jose garcia"


def test_match_key_may_change_the_length():
    """Why the suggestions scan folds whole words and keeps the original offsets."""
    assert match_key("Straße") == match_key("STRASSE") == "strasse"
    assert match_key("\ufb01n") == "fin"  # the ligature "ﬁ"
