"""{{ path|absolute }}: the address on the public site (SITE_URL), as in the readers' templates."""

from django import template

from core.addresses import absolute_url

register = template.Library()
register.filter("absolute", absolute_url)
