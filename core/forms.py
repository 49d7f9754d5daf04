"""Form rendering for the whole project."""

from django.forms.renderers import BaseRenderer
from django.template import engines


class DjangoTemplatesRenderer(BaseRenderer):
    """Widgets and forms rendered from the project's Django templates engine, so project
    templates (templates/admin/...) can override or add widget templates, as with
    TemplatesSetting. Only that engine is asked: TemplatesSetting would first ask the Jinja2
    engine (first in TEMPLATES), which misses on the filesystem for every widget drawn."""

    def get_template(self, template_name):
        return engines["django"].get_template(template_name)
