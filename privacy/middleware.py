"""Send a person who must accept the current privacy notice to the screen where they do."""

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from .receivers import CONSENT_PENDING

#: Paths that never wait for the acceptance: the admin (it has its own chrome) and files.
UNGUARDED_PREFIXES = ("/admin/", "/static/", "/media/", "/documents/")


class ConsentMiddleware:
    """While a session's person has a notice to accept (set at log-in), every site page leads
    to the acceptance screen, except the privacy pages themselves (the notice, their data,
    their rights: they may prefer to leave) and logging out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            # Wagtail renders an editor's preview through the middleware in a dummy request
            # for the page's address: the editor is in the admin, which waits for nothing.
            not getattr(request, "is_dummy", False)
            and request.session.get(CONSENT_PENDING)
            and request.user.is_authenticated
            and not request.path.startswith(UNGUARDED_PREFIXES)
            and not request.path.startswith(reverse("privacy:notice"))
            and request.path != reverse("accounts:logout")
        ):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('privacy:accept')}?{query}")
        return self.get_response(request)
