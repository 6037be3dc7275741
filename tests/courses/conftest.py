import pytest

from tests.cms.learning import build_learning_tree


@pytest.fixture
def tree(home_pages):
    return build_learning_tree(home_pages)
