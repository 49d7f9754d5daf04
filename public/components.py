"""The pieces every list of stories repeats: a card, its byline line, a story link.

They are Python, not Jinja macros, because a page repeats them 20 to 45 times and a macro call
costs more than the HTML it writes: on a section page the card and byline macros were about
half the page's time. Each writes what the macro wrote, escaped as Jinja escapes
(core/jinja2.py), and is called from templates under the macro's old name.
"""

from django.utils.safestring import SafeString

from articles.models import Article
from core.jinja2 import date, escape, iso
from images.jinja2 import picture
from public.rows import Teaser


def time_tag(moment, format_string: str) -> str:
    return f'<time datetime="{escape(iso(moment))}">{escape(date(moment, format_string))}</time>'


def byline(article: Article) -> SafeString:
    """ "By A, B and C · <time>", as a card and the home page's lead show it."""
    authors = article.byline_authors
    names = [f'<a href="{escape(author.get_absolute_url())}">{escape(author.name)}</a>' for author in authors]
    by = f"By {', '.join(names[:-1])}{' and ' if len(names) > 1 else ''}{names[-1]} · " if names else ""
    when = time_tag(article.published_at, "F j, Y") if article.published_at else ""
    return SafeString(f'<p class="byline">{by}{when}</p>\n')


def article_card(article: Article) -> SafeString:
    """A story in a list: picture, section, headline, dek, byline."""
    image = ""
    if article.lead_image:
        image = picture(
            article.lead_image, "card", sizes="(min-width: 40rem) 14rem, 100vw", css_class="card-image"
        )
    dek = f'<p class="dek">{escape(article.dek)}</p>' if article.dek else ""
    section = f'<a href="{escape(article.section.get_absolute_url())}">{escape(article.section.name)}</a>'
    headline = f'<a href="{escape(article.get_absolute_url())}">{escape(article.headline)}</a>'
    return SafeString(
        f'<article class="card">\n  {image}\n  <div class="card-text">\n    <p class="kicker">{section}</p>\n'
        f'    <h3 class="card-headline">{headline}</h3>\n    {dek}\n    {byline(article)}'
        "\n  </div>\n</article>\n"
    )


def story_link(story: Article | Teaser) -> SafeString:
    """A story in a short list (related, the home page's boxes): thumbnail, section, headline, date."""
    if isinstance(story, Article):
        story = Teaser.of(story)
    image = picture(story.image, "card", sizes="8rem", css_class="thumb") if story.image else ""
    when = f" {time_tag(story.published_at, 'M j, Y')}" if story.published_at else ""
    return SafeString(
        f'<li class="story-link">{image}<div><p class="kicker">{escape(story.section_name)}</p>'
        f'<a href="{escape(story.url)}">{escape(story.headline)}</a>{when}</div></li>\n'
    )
