"""WordPress bodies into ours: what each block and shortcode becomes."""

from wordpress.bodies import convert_body


def convert(raw, pictures=None, links=None):
    pictures = pictures or {}
    links = links or {}
    return convert_body(
        raw,
        picture=lambda src, wp_id, alt: pictures.get(wp_id or src),
        link=lambda href: links.get(href),
    )


def test_gutenberg_block_comments_go_and_the_markup_stays():
    body = convert("<!-- wp:paragraph -->\n<p>Hello</p>\n<!-- /wp:paragraph -->")
    assert body.html.strip() == "<p>Hello</p>"


def test_classic_editor_blank_lines_become_paragraphs():
    body = convert("First paragraph\n\nSecond, line one\nline two\n<h2>A heading</h2>")
    assert body.html == "<p>First paragraph</p>\n<p>Second, line one<br>line two</p>\n<h2>A heading</h2>"


def test_caption_shortcode_becomes_a_link_to_our_copy_and_its_caption():
    raw = (
        '[caption id="attachment_5" width="300"]<a href="/big.jpg"><img class="wp-image-5" '
        'src="https://old.example.com/a.jpg" alt="Moss on stage"></a> Elisabeth Moss &amp; band[/caption]'
    )
    body = convert(raw, pictures={5: "/media/images/a.jpg"})
    assert '<a href="/media/images/a.jpg">Moss on stage</a>' in body.html
    assert "<em>Elisabeth Moss &amp; band</em>" in body.html
    assert "<img" not in body.html


def test_gallery_lists_the_pictures_found():
    body = convert('[gallery ids="1,2,3"]', pictures={1: "/media/1.jpg", 3: "/media/3.jpg"})
    items = '<li><a href="/media/1.jpg">Picture 1</a></li><li><a href="/media/3.jpg">Picture 2</a></li>'
    assert body.html == f"<ul>{items}</ul>"


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
