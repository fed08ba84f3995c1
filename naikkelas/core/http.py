"""Request helpers every app shares."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address; behind PROXY_COUNT trusted proxies, read from X-Forwarded-For."""
    if request is None:
        return None
    proxies = settings.PROXY_COUNT
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
    "json": "application/json; charset=utf-8",
}


def attachment(content: bytes, filename: str) -> HttpResponse:
    """A download: the content type from the file's extension, saved under `filename`."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[filename.rsplit(".", 1)[-1]])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
