import pytest

from tests.cms.learning import build_learning_tree


@pytest.fixture
def tree(home_pages):
    return build_learning_tree(home_pages)


@pytest.fixture
def log_in(client):
    """Log ``user`` in, with the Wagtail admin in ``language`` (the admin reads its own
    profile setting; see the report of issue 13)."""
    from wagtail.users.models import UserProfile

    def log_in(user, language: str = "en"):
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        client.force_login(user)
        return client

    return log_in


def assert_denied(response) -> None:
    """The Wagtail admin answers a forbidden screen by sending the user to the dashboard
    with "Sorry, you do not have permission" (``wagtail.admin.auth.require_admin_access``)."""
    assert response.status_code == 302 and response["Location"] == "/admin/", response
