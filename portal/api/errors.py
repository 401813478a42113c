"""Service errors become JSON with a message (and never a 500)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from reconcile.errors import ConflictError, ServiceError


def api_exception_handler(exc, context):
    if isinstance(exc, ServiceError):
        code = status.HTTP_409_CONFLICT if isinstance(exc, ConflictError) or exc.code in (
            "late_answer", "duplicate_file") else status.HTTP_400_BAD_REQUEST
        if exc.code == "forbidden":
            code = status.HTTP_403_FORBIDDEN
        return Response({"code": exc.code, "message": exc.message}, status=code)
    if isinstance(exc, DjangoValidationError):
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        text = "; ".join(m for msgs in messages.values() for m in msgs)
        return Response({"code": "invalid", "message": text, "errors": messages}, status=status.HTTP_400_BAD_REQUEST)
    response = exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "message" not in response.data:
        detail = response.data.get("detail")
        response.data = {"code": getattr(detail, "code", "error") if detail is not None else "invalid",
                         "message": str(detail) if detail is not None else "; ".join(
                             f"{k}: {' '.join(map(str, v)) if isinstance(v, list) else v}"
                             for k, v in response.data.items()),
                         **({"errors": response.data} if detail is None else {})}
    return response
