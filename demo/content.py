"""The demo newsroom: the "Her Smell" story (shared/facts/her-smell.md) and its neighbours.

Facts come from the fact sheet and the public record; every sentence is our own.
Dates are newsroom-local (America/New_York).
"""

SECTIONS = [
    ("news", "News", "What happened in film today.", 1),
    ("interviews", "Interviews", "Filmmakers and actors on their work.", 2),
    ("reviews", "Reviews", "Our critics on the films that matter.", 3),
    ("festival-coverage", "Festival coverage", "Dispatches from Toronto, Venice, Cannes and beyond.", 4),
    ("lists", "Lists", "Rankings, round-ups and year-end picks.", 5),
]

AUTHORS = [
    (
        "maya-lindqvist",
        "Maya Lindqvist",
        "Senior film writer",
        "Covers independent film and music on screen.",
    ),
    ("theo-okafor", "Theo Okafor", "News editor", "Runs the news desk and the festival live blogs."),
    ("rosa-delgado", "Rosa Delgado", "Chief critic", "Has reviewed films for two decades."),
]

PEOPLE = [
    (
        "alex-ross-perry",
        "Alex Ross Perry",
        "American writer and director of small, talky, abrasive "
        "character studies, among them Listen Up Philip, Queen of Earth and Her Smell.",
    ),
    (
        "elisabeth-moss",
        "Elisabeth Moss",
        "American actor known for Mad Men and The Handmaid's Tale, "
        "and a frequent collaborator of Alex Ross Perry.",
    ),
    (
        "alicia-bognanno",
        "Alicia Bognanno",
        "Singer, guitarist and songwriter who leads the rock band "
        "Bully; she wrote the songs of Something She for Her Smell.",
    ),
    (
        "anika-pyle",
        "Anika Pyle",
        "Punk musician and songwriter; she wrote the songs of the Akergirls for Her Smell.",
    ),
    ("bradley-cooper", "Bradley Cooper", "American actor and director."),
    ("lady-gaga", "Lady Gaga", "American singer, songwriter and actor."),
    ("barry-jenkins", "Barry Jenkins", "American writer and director of Moonlight."),
    ("kiki-layne", "KiKi Layne", "American actor."),
    ("alfonso-cuaron", "Alfonso Cuarón", "Mexican director, writer and cinematographer."),
    ("yalitza-aparicio", "Yalitza Aparicio", "Mexican actor and teacher."),
]

# slug, title, year, runtime, distributor, synopsis
FILMS = [
    (
        "her-smell",
        "Her Smell",
        2018,
        134,
        "Gunpowder & Sky",
        "Becky Something, the frontwoman of the punk band Something She, is long past the band's "
        "best years; addiction and mental illness keep pulling her under, until mentoring a younger "
        "band gives her a way back.",
    ),
    (
        "a-star-is-born-2018",
        "A Star Is Born",
        2018,
        136,
        "Warner Bros. Pictures",
        "A famous country-rock singer falls for an unknown singer and helps launch her career as his "
        "own falls apart.",
    ),
    (
        "if-beale-street-could-talk",
        "If Beale Street Could Talk",
        2018,
        119,
        "Annapurna Pictures",
        "In 1970s Harlem, a young woman fights to free her fiancé, jailed for a crime he did not commit, "
        "before their child is born.",
    ),
    (
        "roma",
        "Roma",
        2018,
        135,
        "Netflix",
        "A year in the life of a live-in housekeeper for a middle-class family in Mexico City in the early 1970s.",
    ),
]

# film, person, role, character, note, billing order
CREDITS = [
    ("her-smell", "alex-ross-perry", "director", "", "", 1),
    ("her-smell", "alex-ross-perry", "writer", "", "", 2),
    ("her-smell", "elisabeth-moss", "cast", "Becky Something", "", 1),
    ("her-smell", "alicia-bognanno", "songwriter", "", "songs for Something She", 1),
    ("her-smell", "anika-pyle", "songwriter", "", "songs for the Akergirls", 2),
    ("a-star-is-born-2018", "bradley-cooper", "director", "", "", 1),
    ("a-star-is-born-2018", "bradley-cooper", "cast", "Jackson Maine", "", 1),
    ("a-star-is-born-2018", "lady-gaga", "cast", "Ally", "", 2),
    ("if-beale-street-could-talk", "barry-jenkins", "director", "", "", 1),
    ("if-beale-street-could-talk", "barry-jenkins", "writer", "", "", 2),
    ("if-beale-street-could-talk", "kiki-layne", "cast", "Tish", "", 1),
    ("roma", "alfonso-cuaron", "director", "", "", 1),
    ("roma", "alfonso-cuaron", "writer", "", "", 2),
    ("roma", "alfonso-cuaron", "cinematographer", "", "", 3),
    ("roma", "yalitza-aparicio", "cast", "Cleo", "", 1),
]

# film, country, type (TMDb's numbers: 1 premiere, 2 limited, 3 theatrical...), date, certification, note
RELEASES = [
    ("her-smell", "CA", 1, "2018-09-09", "", "Toronto International Film Festival"),
    ("her-smell", "US", 3, "2019-04-12", "", ""),
    ("a-star-is-born-2018", "US", 3, "2018-10-05", "", ""),
    ("if-beale-street-could-talk", "US", 3, "2018-12-14", "", ""),
    ("roma", "US", 3, "2018-11-21", "", ""),
]

FESTIVALS = [
    ("tiff", "Toronto International Film Festival", "TIFF", "https://www.tiff.net/"),
    ("venice", "Venice International Film Festival", "Venice", "https://www.labiennale.org/en/cinema"),
]

# slug, festival, year, start, end, location
EDITIONS = [
    ("tiff-2018", "tiff", 2018, "2018-09-06", "2018-09-16", "Toronto"),
    ("venice-2018", "venice", 2018, "2018-08-29", "2018-09-08", "Venice Lido"),
]

# film, edition, premiere
SCREENINGS = [
    ("her-smell", "tiff-2018", "world"),
    ("if-beale-street-could-talk", "tiff-2018", "world"),
    ("a-star-is-born-2018", "venice-2018", "world"),
    ("roma", "venice-2018", "world"),
]

HER_SMELL_BODY = """
<p>Alex Ross Perry has made a rock movie with almost no rock-star glamour in it. <em>Her Smell</em>,
which opens in US theaters in April, follows Becky Something, the singer of a punk trio called
Something She, across the years when her talent stops being enough to carry her.</p>
<p>Elisabeth Moss, in her third film with the writer-director, plays Becky as someone whose illness
and addiction are not plot points to be solved but weather the whole band lives inside. Speaking to
Entertainment Weekly, Perry said he wanted the film to stay with Becky at her worst for far longer
than audiences are used to.</p>
<p>That choice, he told the magazine, is exactly what separates the film from this awards season's
other story of a musician in trouble, <em>A Star Is Born</em>: where that film builds towards a
triumphant stage, <em>Her Smell</em> is more interested in what it costs everyone standing in the
wings.</p>
<figure data-read-more="best-movie-posters-2018"></figure>
<p>The music had to be good enough that you believe people would follow Becky anywhere. Perry turned
to two working punk songwriters. Alicia Bognanno, who fronts the band Bully, wrote the songs for
Something She. Anika Pyle wrote for the Akergirls, the younger band Becky eventually takes under her
wing, and which Perry deliberately did not build as another guitar, bass and drums three-piece.</p>
<p>Moss, who sings in the film, told EW that learning to perform the songs live was the part of the
job that scared her most, and the part that unlocked the character.</p>
<p>Below is one of Pyle's Akergirls songs, heard here for the first time. The film premiered at the
Toronto International Film Festival last September and played the fall festival circuit before
its theatrical run.</p>
<figure data-embed="https://soundcloud.com/gunpowderandsky/her-smell-akergirls"></figure>
"""

# slug, headline, dek, section, authors, published (local), tags, body, extra
ARTICLES = [
    {
        "slug": "best-movie-posters-2018",
        "headline": "The 20 Best Movie Posters Of 2018",
        "dek": "Hand-drawn, minimalist, defiantly weird: the one-sheets that stopped us in our tracks this year.",
        "section": "lists",
        "authors": ["rosa-delgado"],
        "published": "2018-12-20 09:00",
        "tags": ["posters", "design", "year in review"],
        "body": "<p>A great poster does in one image what a trailer needs two minutes for. Here are the "
        "twenty designs from 2018 we kept coming back to, from painted throwbacks to typography that "
        "fills the whole frame.</p><p>We looked for posters that tell you something true about the "
        "film without spoiling it, and that would still look good on a wall in ten years.</p>",
    },
    {
        "slug": "tiff-2018-premieres-to-watch",
        "headline": "TIFF 2018: the premieres we can't wait to see",
        "dek": "From Barry Jenkins's return to a ferocious punk drama, the Toronto titles at the top of our list.",
        "section": "festival-coverage",
        "authors": ["theo-okafor"],
        "published": "2018-08-30 12:00",
        "tags": ["tiff", "festivals"],
        "films": [("if-beale-street-could-talk", "about"), ("her-smell", "mentions")],
        "people": [("barry-jenkins", "about"), ("elisabeth-moss", "mentions")],
        "editions": ["tiff-2018"],
        "body": "<p>Toronto opens next week with a line-up heavy on world premieres. Barry Jenkins brings "
        "his adaptation of James Baldwin's <em>If Beale Street Could Talk</em>, his first film since "
        "<em>Moonlight</em>.</p><p>Further down the programme, Alex Ross Perry reunites with Elisabeth "
        "Moss for <em>Her Smell</em>, a punk drama that early word describes as exhausting in the best "
        "way.</p>",
    },
    {
        "slug": "roma-wins-golden-lion",
        "headline": "Alfonso Cuarón's Roma wins the Golden Lion in Venice",
        "dek": "A black-and-white memory of 1970s Mexico City takes the festival's top prize.",
        "section": "festival-coverage",
        "authors": ["theo-okafor"],
        "published": "2018-09-08 16:30",
        "tags": ["venice", "festivals", "awards"],
        "films": [("roma", "about")],
        "people": [("alfonso-cuaron", "about"), ("yalitza-aparicio", "mentions")],
        "editions": ["venice-2018"],
        "body": "<p>The jury in Venice gave its Golden Lion to <em>Roma</em>, Alfonso Cuarón's portrait of "
        "a domestic worker in Mexico City, which he wrote, directed and shot himself.</p><p>Newcomer "
        "Yalitza Aparicio plays Cleo, the housekeeper at the centre of the film.</p>",
    },
    {
        "slug": "a-star-is-born-review",
        "headline": "Review: A Star Is Born is a big, sincere, old-fashioned weepie",
        "dek": "Bradley Cooper's directing debut knows every note of the story and plays it loud anyway.",
        "section": "reviews",
        "authors": ["rosa-delgado"],
        "published": "2018-10-04 08:00",
        "tags": ["music", "reviews"],
        "films": [("a-star-is-born-2018", "about")],
        "people": [("bradley-cooper", "about"), ("lady-gaga", "about")],
        "review": ("a-star-is-born-2018", "4"),
        "body": "<p>The fourth telling of this Hollywood story is the first to be made by a musician's "
        "eye as much as an actor's: the concert scenes were shot in front of real crowds.</p><p>Lady "
        "Gaga is a revelation as Ally, and Cooper is generous enough to let the film become hers.</p>",
    },
    {
        "slug": "her-smell-alex-ross-perry-elisabeth-moss-akergirls-song",
        "headline": "Alex Ross Perry and Elisabeth Moss on Her Smell, plus the debut of an Akergirls song",
        "dek": "The director and his star explain why their punk-rock drama is no comeback story, and we "
        "premiere one of Anika Pyle's songs from the soundtrack.",
        "section": "news",
        "authors": ["maya-lindqvist", "theo-okafor"],
        "published": "2019-03-05 10:00",
        "tags": ["punk", "soundtrack", "music", "tiff"],
        "films": [("her-smell", "about"), ("a-star-is-born-2018", "mentions")],
        "people": [
            ("alex-ross-perry", "about"),
            ("elisabeth-moss", "about"),
            ("anika-pyle", "about"),
            ("alicia-bognanno", "about"),
        ],
        "editions": ["tiff-2018"],
        "source": ("EW", "https://ew.com/movies/"),
        "body": HER_SMELL_BODY,
        # Placed in the body where its placeholder is (by the target's slug: the loader puts
        # the id in), else in the "More on this" box at the end.
        "read_more": ["best-movie-posters-2018", "tiff-2018-premieres-to-watch"],
        "embeds": [
            (
                "https://soundcloud.com/gunpowderandsky/her-smell-akergirls",
                "The Akergirls: a song by Anika Pyle from Her Smell",
            )
        ],
        "corrections": [
            ("update", "2019-03-06 09:00", "This story was updated with the film's April release window."),
        ],
        "featured": True,
        "lead": (
            "her-smell-still",
            "Her Smell",
            "Elisabeth Moss as Becky Something on stage in Her Smell",
            "Elisabeth Moss as Becky Something, singer of Something She.",
            "Gunpowder & Sky",
        ),
    },
]

# Shown in the admin only: proves drafts stay private (its rating included).
DRAFTS = [
    {
        "slug": "her-smell-review",
        "headline": "Review: Her Smell (draft, not yet published)",
        "dek": "Our critic's take, still being edited.",
        "section": "reviews",
        "authors": ["rosa-delgado"],
        "films": [("her-smell", "about")],
        "tags": ["punk"],
        "review": ("her-smell", "4.5"),
        "body": "<p>Notes for the review: the five long scenes, the Akergirls songs, Moss's stillness in the last act.</p>",
    }
]
