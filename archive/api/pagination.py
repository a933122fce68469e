"""Page numbers and sizes, validated: a page that does not exist is the client's mistake (400
naming `page`), not a missing resource (DRF's default 404)."""

from django.core.paginator import EmptyPage
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


def _positive_int(request, name: str, maximum: int | None = None) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    raw = raw.strip()
    hint = f"Give a whole number from 1 to {maximum}." if maximum else "Give a whole number from 1."
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise ValidationError({name: [hint]})
    number = int(raw)
    if number < 1 or (maximum is not None and number > maximum):
        raise ValidationError({name: [hint]})
    return number


class ArchivePagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        return _positive_int(request, self.page_size_query_param, self.max_page_size) or self.page_size

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        number = _positive_int(request, self.page_query_param) or 1
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        try:
            self.page = paginator.page(number)
        except EmptyPage:
            raise ValidationError(
                {self.page_query_param: [f"There is no page {number}; the last page is {paginator.num_pages}."]}
            ) from None
        return list(self.page)
