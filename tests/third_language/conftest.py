from tests.courses.conftest import log_in  # noqa: F401 (the courses tests' fixture, reused)
