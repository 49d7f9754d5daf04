"""The admin site: Django's, with a content security policy of its own on every admin view.

The admin frames its own popups and shows uploads as blob: previews, so it needs more than
readers' pages (settings.SECURE_CSP). Scripts still come from files or carry the request's
nonce (the rich-text editor's import map), never inline otherwise: the policy is a backstop
against a stored script in a story.
"""

from django.contrib.admin import AdminSite
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override

ADMIN_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
with_admin_csp = csp_override(ADMIN_CSP)


class NewsroomAdminSite(AdminSite):
    def admin_view(self, view, cacheable=False):
        # Every admin page but the sign-in form, the apps' own views included, comes through here.
        return with_admin_csp(super().admin_view(view, cacheable))

    def login(self, request, extra_context=None):
        return with_admin_csp(super().login)(request, extra_context)
