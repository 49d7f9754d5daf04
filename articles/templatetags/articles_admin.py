from django import template

from articles.admin_workflow import workflow_dashboard
from articles.services import staff_name

register = template.Library()
register.filter("staff_name", staff_name)


@register.inclusion_tag("admin/articles/article/dashboard_lists.html", takes_context=True)
def render_workflow_dashboard(context, limit: int = 10) -> dict:
    """Stories in review and scheduled, on the admin's front page, for staff who see stories."""
    user = context["request"].user
    if not user.has_perm("articles.view_article") and not user.has_perm("articles.change_article"):
        return {"hidden": True}
    return workflow_dashboard(limit=limit)
