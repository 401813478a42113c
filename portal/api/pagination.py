"""The API's page numbers: ``?page=N`` from 1, or ``last``; anything else is a ``400`` naming ``page``.

DRF answered ``?page=0``, ``?page=-1``, ``?page=abc`` or ``?page=1e3`` with ``404`` "Invalid page.", the answer of a
page past the last, so a client could not tell a mistyped parameter from a list that ended (and the message did not
name the parameter). A page past the last stays ``404`` ``not_found`` (README "API"), its message naming the last
page (DRF's said "Invalid page." only).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination


class PageNumbers(PageNumberPagination):
    page_query_description = gettext_lazy(
        "A page number from 1 (or last); a page past the last is 404 not_found, anything else 400 invalid naming page."
    )

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        # Empty is the first page, as in DRF. ASCII digits only (int() also reads "١" or " 2"), not all zeros; no int()
        # here: it refuses over 4,300 digits with a ValueError.
        if raw and raw not in self.last_page_strings and not (raw.isascii() and raw.isdigit() and raw.strip("0")):
            raise ValidationError(
                {self.page_query_param: [_("Give page as a whole number from 1 (or “last”).")]}, code="invalid"
            )
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            last = self.django_paginator_class(queryset, self.get_page_size(request)).num_pages
            shown = raw if len(raw or "") <= 12 else f"{raw[:12]}…"  # a page number thousands of digits long
            raise NotFound(
                _("There is no page %(page)s: the last page of this list is %(last)s (or ask for page=last).")
                % {"page": shown, "last": last}
            ) from None
