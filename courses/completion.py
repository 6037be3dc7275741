"""Extra requirements for completing a course, registered by the apps above ``courses``.

``courses`` knows modules; it does not know quizzes (``assessments`` sits above it in the
dependency direction). An upper app adds what it needs in its ``AppConfig.ready()``::

    from courses import completion

    def required_quizzes_passed(enrollment: Enrollment) -> bool:
        ...  # a fixed number of queries, no writes, no exceptions

    completion.REQUIREMENTS.register("required-quizzes-passed", required_quizzes_passed)

The contract of a requirement:

* it is called with one keyword-free positional argument, the ``courses.Enrollment``;
* it returns ``True`` when the enrollment meets it, ``False`` otherwise;
* it has no side effects and is cheap (it runs after every completed module);
* the name is stable: registering the same name again replaces the check (``ready()`` may
  run twice in tests).

A course is complete when every required module is done **and** every registered
requirement returns ``True`` (``courses.services.enrollment_completion_check``). Upper apps
that change what a requirement depends on (a quiz passed) call that service again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Enrollment

Requirement = Callable[["Enrollment"], bool]


class RequirementRegistry:
    def __init__(self):
        self._requirements: dict[str, Requirement] = {}

    def register(self, name: str, requirement: Requirement) -> Requirement:
        self._requirements[name] = requirement
        return requirement

    def unregister(self, name: str) -> None:
        self._requirements.pop(name, None)

    def unmet(self, enrollment: Enrollment) -> list[str]:
        """Names of the registered requirements ``enrollment`` does not meet yet."""
        return [name for name, check in self._requirements.items() if not check(enrollment)]


REQUIREMENTS = RequirementRegistry()
