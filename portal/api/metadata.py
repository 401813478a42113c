"""What an ``OPTIONS`` request answers: the types the call reads and writes (its ``Allow`` header lists the methods).

DRF's default (``SimpleMetadata``) also answered the view's class name and docstring ("Statement Confirm" and the
code's own notes, in English whatever the reader's language) and, for a call that writes, its serializer's fields:
the code's notes are no contract, and the API's documented description is its OpenAPI schema (/api/v1/schema/)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rest_framework.metadata import BaseMetadata
from rest_framework.request import Request

if TYPE_CHECKING:  # rest_framework.views imports this module through its settings
    from rest_framework.views import APIView


class PlainMetadata(BaseMetadata):
    def determine_metadata(self, request: Request, view: APIView) -> dict[str, Any]:
        return {
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
        }
