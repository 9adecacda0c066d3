from django.core.paginator import Paginator

PER_PAGE = 50


def paginate(request, queryset, per_page: int = PER_PAGE):
    """One page of `queryset` from ?page=, tolerant of bad numbers.

    The page carries `query_without_page` so links keep the filters.
    """
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    page.query_without_page = params.urlencode()
    return page
