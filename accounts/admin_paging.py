"""One page of a Wagtail admin list, as Wagtail's ``wagtailadmin/shared/pagination_nav.html``
reads it (``page_obj`` as its ``items``, and ``elided_page_range``). In the lowest layer, so
that every app's admin screens page the same way."""

from collections.abc import Callable

from django.utils.functional import cached_property

from wagtail.admin.paginator import WagtailPaginator


class _Paginator(WagtailPaginator):
    """Wagtail's paginator, whose count under the pager ("120 enrollments", from the model's
    name) can say what the screen calls the rows instead."""

    def __init__(self, object_list, per_page, *, count_label: Callable[[int], str] | None):
        super().__init__(object_list, per_page)
        self.count_label = count_label

    @cached_property
    def items_count_label(self) -> str:
        if self.count_label is None:
            return super().items_count_label
        return self.count_label(self.count)


def admin_page(
    object_list, number, *, per_page: int = 50, count_label: Callable[[int], str] | None = None
) -> dict:
    """The context of page ``number`` (a ``p`` parameter, checked: the last page past the
    end, the first when it is not a number) of ``object_list``. ``count_label(count)`` words
    the count under the pager, as the screen names its rows (the model's plural name
    otherwise)."""
    paginator = _Paginator(object_list, per_page, count_label=count_label)
    page = paginator.get_page(number)
    return {"page_obj": page, "elided_page_range": paginator.get_elided_page_range(page.number)}
