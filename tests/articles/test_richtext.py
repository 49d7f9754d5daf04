from articles.richtext import split_blocks


def test_split_blocks_returns_top_level_elements_in_order():
    html = "<h2>A</h2>\n<p>one <em>two</em></p><ul><li>x</li><li>y</li></ul><hr><p>last<br>line</p>"
    assert split_blocks(html) == [
        "<h2>A</h2>",
        "<p>one <em>two</em></p>",
        "<ul><li>x</li><li>y</li></ul>",
        "<hr>",
        "<p>last<br>line</p>",
    ]


def test_split_blocks_handles_multiline_paragraphs_and_entities():
    html = "<p>first\nline &amp; more</p>\n<p>second</p>"
    assert split_blocks(html) == ["<p>first\nline &amp; more</p>", "<p>second</p>"]


def test_split_blocks_of_empty_body_is_empty():
    assert split_blocks("") == []


def test_split_blocks_reads_quoted_attributes_and_nested_blocks():
    link = '<p><a href="/x?a=1&amp;b=2" title="5 > 4">link</a> it\'s</p>'
    quote = "<blockquote><p>q</p><p>r</p></blockquote>"
    assert split_blocks(f"{link}\n{quote}<hr/>") == [link, quote, "<hr/>"]
