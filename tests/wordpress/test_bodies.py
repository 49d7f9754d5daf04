"""WordPress bodies into ours: what each block and shortcode becomes."""

import signal
from contextlib import contextmanager

import pytest
from bs4 import BeautifulSoup

from wordpress.bodies import LibraryPicture, convert_body


def convert(raw, pictures=None, links=None):
    pictures = pictures or {}
    links = links or {}
    return convert_body(
        raw,
        picture=lambda src, wp_id, alt, caption: pictures.get(wp_id or src),
        link=lambda href: links.get(href),
    )


def test_gutenberg_block_comments_go_and_the_markup_stays():
    body = convert("<!-- wp:paragraph -->\n<p>Hello</p>\n<!-- /wp:paragraph -->")
    assert body.html.strip() == "<p>Hello</p>"


def test_classic_editor_blank_lines_become_paragraphs():
    body = convert("First paragraph\n\nSecond, line one\nline two\n<h2>A heading</h2>")
    assert body.html == "<p>First paragraph</p>\n<p>Second, line one<br>line two</p>\n<h2>A heading</h2>"


def copy(pk: int, caption: str = "") -> LibraryPicture:
    return LibraryPicture(pk, f"/media/images/{pk}.jpg", caption)


def test_caption_shortcode_becomes_the_library_picture_in_the_text():
    raw = (
        '[caption id="attachment_5" width="300"]<a href="/big.jpg"><img class="wp-image-5" '
        'src="https://old.example.com/a.jpg" alt="Moss on stage"></a> Elisabeth Moss &amp; band[/caption]'
    )
    asked = []

    def picture(src, wp_id, alt, caption):
        asked.append((src, wp_id, alt, caption))
        return copy(42, caption)  # the library took the caption

    body = convert_body(raw, picture=picture, link=lambda href: None)
    assert body.html == '<figure data-image="42"></figure>'
    assert asked == [("https://old.example.com/a.jpg", 5, "Moss on stage", "Elisabeth Moss & band")]


def test_a_caption_the_library_picture_does_not_carry_stays_in_the_text():
    raw = '[caption id="attachment_5"]<img class="wp-image-5" src="a.jpg" alt="Moss"> On stage[/caption]'
    body = convert(raw, pictures={5: copy(42, "Press still")})
    assert body.html == '<figure data-image="42"></figure><p><em>On stage</em></p>'


def test_gutenberg_image_block_and_an_image_inside_a_paragraph_become_blocks_of_their_own():
    raw = (
        '<!-- wp:image {"id":7} --><figure class="wp-block-image"><a href="/big.jpg"><img class="wp-image-7" '
        'src="b.jpg" alt=""></a><figcaption>Night sky</figcaption></figure><!-- /wp:image -->\n'
        '<p>Before <strong>bold <img class="wp-image-8" src="c.jpg"> still bold</strong> after.</p>'
    )
    body = convert(raw, pictures={7: copy(70, "Night sky"), 8: copy(80)})
    assert body.html == (
        '<figure data-image="70"></figure>\n<p>Before <strong>bold</strong></p>'
        '<figure data-image="80"></figure><p><strong>still bold</strong> after.</p>'
    )


def test_a_picture_in_a_list_or_a_quote_is_a_link_to_our_copy():
    """A placeholder is a block of the body, never inside another."""
    pictures = {5: copy(42)}
    listed = convert('<ul><li>One <img class="wp-image-5" src="a.jpg" alt="Moss"></li></ul>', pictures)
    assert listed.html == '<ul><li>One <a href="/media/images/42.jpg">Moss</a></li></ul>'
    quoted = convert(
        '<blockquote><p>Two <img class="wp-image-5" src="a.jpg" alt="Moss"></p></blockquote>', pictures
    )
    assert quoted.html == '<blockquote><p>Two</p><p><a href="/media/images/42.jpg">Moss</a></p></blockquote>'


def test_a_picture_not_found_stays_a_link_to_where_it_was():
    body = convert('<p><img src="https://old.example.com/gone.jpg" alt="Gone"></p>')
    assert body.html == '<p><a href="https://old.example.com/gone.jpg">Gone</a></p>'


def test_gallery_becomes_the_pictures_found():
    body = convert('[gallery ids="1,2,3"]', pictures={1: copy(10), 3: copy(30)})
    assert body.html == '<figure data-image="10"></figure><figure data-image="30"></figure>'


def test_embeds_become_players_after_their_paragraph_from_allowed_providers_only():
    raw = (
        "<p>One</p>\n"
        '<!-- wp:embed {"url":"https://vimeo.com/123456"} -->\n<figure>https://vimeo.com/123456</figure>\n'
        "<!-- /wp:embed -->\n<p>Two</p>\n[embed]https://tracker.example.com/x[/embed]\n"
        "https://www.youtube.com/watch?v=abcdefgh123\n"
    )
    body = convert(raw)
    assert body.embeds == [
        (1, "https://vimeo.com/123456"),
        (3, "https://www.youtube.com/watch?v=abcdefgh123"),
    ]
    assert '<a href="https://tracker.example.com/x">' in body.html
    assert "vimeo" not in body.html and "youtube" not in body.html


def test_unknown_shortcodes_stay_as_text_and_are_counted():
    body = convert("<p>[contact-form-7 id=3] and [[caption]] and [footnote]x[/footnote]</p>")
    assert body.html == "<p>[contact-form-7 id=3] and [caption] and [footnote]x[/footnote]</p>"
    assert body.unknown_shortcodes == {"contact-form-7": 1, "footnote": 1}


def test_links_to_old_posts_are_rewritten_and_scripts_removed():
    raw = '<p><a href="https://old.example.com/a/">A</a> <a href="https://elsewhere.example/">B</a></p><script>x()</script>'
    body = convert(raw, links={"https://old.example.com/a/": "/news/2024/3/5/a/"})
    assert body.html == '<p><a href="/news/2024/3/5/a/">A</a> <a href="https://elsewhere.example/">B</a></p>'


@contextmanager
def cpu_seconds(limit: float):
    """Stops the block with TimeoutError once this process has used `limit` seconds of CPU: the
    work done, whatever else the machine runs. Regular expressions check for it as they go."""

    def stop(signum, frame):
        raise TimeoutError(f"more than {limit} s of CPU")

    previous = signal.signal(signal.SIGPROF, stop)
    signal.setitimer(signal.ITIMER_PROF, limit)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


MEGABYTE = 1_000_000


@pytest.mark.parametrize(
    "head, unit",
    [
        ("", "[a]"),  # openings whose end tag never comes
        ("", "[a "),
        ("", "[[a]"),
        ("", "[caption]<"),
        ("", "<!-- wp:embed {"),
        ("", "<!-- wp:"),
        ("", "<a "),
        ("", '<a href="'),
        ("<p>", "\n"),  # blank lines under a line that may hold a URL
    ],
)
def test_a_megabyte_of_openings_without_ends_converts_in_linear_time(head, unit):
    """Each converts in well under a second; a quadratic scan would take minutes to hours."""
    with cpu_seconds(20):
        convert(head + unit * (MEGABYTE // len(unit)))


def test_a_megabyte_long_attribute_name_converts_in_linear_time():
    with cpu_seconds(20):
        convert(f"<p><img {'a' * MEGABYTE}></p>")


def test_an_embed_block_of_the_older_editor_becomes_its_player():
    raw = (
        '<p>One</p><!-- wp:core-embed/youtube {"url":"https://www.youtube.com/watch?v=abcdefgh123"} -->'
        "<figure>https://www.youtube.com/watch?v=abcdefgh123</figure><!-- /wp:core-embed/youtube -->"
    )
    body = convert(raw)
    assert body.embeds == [(1, "https://www.youtube.com/watch?v=abcdefgh123")]
    assert body.html == "<p>One</p>"


def test_audio_video_and_playlist_shortcodes_become_links_to_their_files():
    """WordPress core's media shortcodes: the files (the picture library takes none) stay on the
    old site, as links; a [video] of a provider we frame becomes its player."""
    files = {
        7: ("https://old.example.com/wp-content/uploads/one.mp3", "Track one"),
        8: ("https://old.example.com/two.mp3", ""),
    }
    raw = (
        '[audio src="https://old.example.com/wp-content/uploads/theme.mp3"]\n\n'
        '[video width="640" mp4="https://old.example.com/clip.mp4"][/video]\n\n'
        '[video src="https://vimeo.com/123456"]\n\n'
        '[playlist ids="7,8,9"]'
    )
    body = convert_body(raw, picture=lambda *a: None, link=lambda href: None, attachment=files.get)

    links = [
        ("https://old.example.com/wp-content/uploads/theme.mp3", "theme.mp3"),
        ("https://old.example.com/clip.mp4", "clip.mp4"),
        ("https://old.example.com/wp-content/uploads/one.mp3", "Track one"),
        ("https://old.example.com/two.mp3", "two.mp3"),
    ]
    paragraphs = BeautifulSoup(body.html, "html.parser").find_all("p")
    assert [(p.a["href"], p.get_text()) for p in paragraphs] == links
    assert body.embeds == [(2, "https://vimeo.com/123456")]
    assert body.files == [url for url, _ in links]
    assert not body.unknown_shortcodes
