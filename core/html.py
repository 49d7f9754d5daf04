"""HTML as the site writes it: sanitised bodies and the markup of its own templates."""

import re

# A tag of sanitised HTML: text holds no raw "<", and an attribute value may hold ">" only
# inside its quotes. (Python's HTMLParser found the same boundaries ten times slower.)
TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^>"']|"[^"]*"|'[^']*')*?(/?)>""")
