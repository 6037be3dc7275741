"""The security headers production sends, stated once: production settings use them, and the
browser journey that proves them compatible with the site's own scripts
(``tests/e2e/test_journey_production_headers.py``) serves the site with them.

Content-Security-Policy (django-csp) for the site: scripts, styles and fonts only from the
site itself (no template has inline script or style), videos only from the two players the
video block embeds, images also from the media bucket (https). The Wagtail admin gets the same
policy with one addition, ``ADMIN_POLICY_ADDITIONS``: Wagtail 8 still writes inline scripts
(its image chooser, inline panels and date choosers) and Draftail injects style elements at
run time, none of them ours to change; everything else (other origins' scripts, frames,
plugins, form targets, connections, base URL) stays as closed as on the site.
"""

from csp.constants import NONE, SELF, UNSAFE_INLINE

CSP_MIDDLEWARE = [
    "cms.middleware.ContentSecurityPolicyMiddleware",
    "cms.middleware.PermissionsPolicyMiddleware",
]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "https:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
ADMIN_POLICY_ADDITIONS = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]}

# Browser features: none but the camera (evaluators photograph evidence) and full screen
# (embedded videos), for this site only.
PERMISSIONS_POLICY = {
    "camera": ["self"],
    "fullscreen": ["self", '"https://www.youtube-nocookie.com"', '"https://player.vimeo.com"'],
    "geolocation": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
