"""One page of a Wagtail admin list, as Wagtail's ``wagtailadmin/shared/pagination_nav.html``
reads it (``page_obj`` as its ``items``, and ``elided_page_range``). In the lowest layer, so
that every app's admin screens page the same way."""

from wagtail.admin.paginator import WagtailPaginator


def admin_page(object_list, number, *, per_page: int = 50) -> dict:
    """The context of page ``number`` (a ``p`` parameter, checked: the last page past the
    end, the first when it is not a number) of ``object_list``."""
    paginator = WagtailPaginator(object_list, per_page)
    page = paginator.get_page(number)
    return {"page_obj": page, "elided_page_range": paginator.get_elided_page_range(page.number)}
