"""The Jinja2 environment of readers' pages (jinja2/). Each app adds its own globals and
filters through an extension listed in settings.TEMPLATES (core, images, public)."""

from jinja2 import Environment, Undefined


def environment(**options) -> Environment:
    # As in Django templates, a missing variable prints nothing, DEBUG or not (Django's backend
    # would pick DebugUndefined under DEBUG, which prints "{{ query }}" into the search box).
    options["undefined"] = Undefined
    # Django templates keep a template's final newline; pages' markup depends on it.
    options.setdefault("keep_trailing_newline", True)
    return Environment(**options)
