from wagtail import hooks

from .viewsets import CompetencyViewSetGroup


@hooks.register("register_admin_viewset")
def register_competency_viewsets():
    return CompetencyViewSetGroup()
