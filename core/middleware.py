from django.middleware.csp import ContentSecurityPolicyMiddleware as DjangoCSPMiddleware
from django.utils.csp import CSP

# The admin frames its own popups and shows uploads as blob: previews, so it gets a policy of
# its own; readers' pages keep the strict one from settings.SECURE_CSP. Scripts come from
# files or carry the request's nonce (the rich-text editor's import map), never inline
# otherwise: the policy is a backstop against a stored script in a story.
ADMIN_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}


class ContentSecurityPolicyMiddleware(DjangoCSPMiddleware):
    def process_response(self, request, response):
        if request.path.startswith("/admin/") and not hasattr(response, "_csp_config"):
            response._csp_config = ADMIN_CSP
        return super().process_response(request, response)
