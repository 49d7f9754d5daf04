"""Names match whatever the typography, accents and case (core.matching)."""

from core.matching import match_key, plain_typography, typographic_variants


def test_typography_maps_one_for_one():
    text = "Josh O\u2019Connor \u201cHer Smell\u201d \u2013 2018"
    assert plain_typography(text) == 'Josh O\'Connor "Her Smell" - 2018'
    assert len(plain_typography(text)) == len(text)


def test_match_key_folds_accents_case_and_typography():
    assert match_key("Bj\u00f6rk") == match_key("BJORK") == "bjork"
    assert match_key("Josh O\u2019Connor") == match_key("josh o'connor")
    assert match_key("Jean-Luc  Godard") == match_key("Jean\u2013Luc Godard")


def test_typographic_variants_offer_the_stored_form():
    assert "Josh O\u2019Connor" in typographic_variants(["Josh O'Connor"])
    assert typographic_variants(["Her Smell"]) == ["Her Smell"]
