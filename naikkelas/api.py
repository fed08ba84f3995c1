"""The API under /api/v1/: one NinjaAPI, a router per app, the same access rules as the pages."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from naikkelas.accounts.services import user_for_token
from naikkelas.core.middleware import busy_response, is_database_busy


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user
        return user


# Every operation can answer with these, whatever it declares itself: the handlers below produce them.
_COMMON_ERRORS: dict[str, tuple[str, str]] = {  # status: (description, schema)
    "400": ("Isi permintaan tidak bisa dibaca (bukan JSON yang benar).", "Message"),
    "401": ("Perlu masuk (token), atau sesi berakhir.", "Message"),
    "403": ("Peran Anda tidak boleh melakukan ini.", "Message"),
    "404": ("Tidak ditemukan (atau di luar wilayah Anda).", "Message"),
    "422": ("Isian tidak valid: pesan per isian.", "FieldErrors"),
}
_ERROR_SCHEMAS = {
    "Message": {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "FieldErrors": {
        "type": "object",
        "properties": {
            "detail": {
                "anyOf": [
                    {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                            "required": ["field", "message"],
                        },
                    },
                    {"type": "string"},
                ]
            }
        },
        "required": ["detail"],
    },
}


class NaikKelasAPI(NinjaAPI):
    """The schema documents the error answers every operation can give (401, 403, 404, 422)."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, body in _ERROR_SCHEMAS.items():
            components.setdefault(name, body)
        for methods in schema["paths"].values():
            for operation in methods.values():
                responses = operation.setdefault("responses", {})
                for status, (description, ref) in _COMMON_ERRORS.items():
                    # ninja keys its own responses by int; a second key "422" beside 422 would be a
                    # duplicate key in the JSON, which Swagger UI refuses to read.
                    if int(status) in responses or status in responses:
                        continue
                    responses.setdefault(
                        int(status),
                        {
                            "description": description,
                            "content": {
                                "application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}
                            },
                        },
                    )
        return schema


api = NaikKelasAPI(
    title="Naik Kelas API",
    version="1",
    description="Registri UMKM, wilayah, dan program pelatihan berjenjang.",
    auth=[BearerToken(), django_auth],
    urls_namespace="api-v1",
)

_PYDANTIC_MESSAGES = {
    "missing": gettext_noop("Wajib diisi."),
    "int_parsing": gettext_noop("Harus berupa bilangan bulat."),
    "int_type": gettext_noop("Harus berupa bilangan bulat."),
    "date_from_datetime_parsing": gettext_noop("Tanggal harus berformat YYYY-MM-DD."),
    "date_parsing": gettext_noop("Tanggal harus berformat YYYY-MM-DD."),
    "date_type": gettext_noop("Tanggal harus berformat YYYY-MM-DD."),
    "string_type": gettext_noop("Harus berupa teks."),
    "string_too_long": gettext_noop("Teks terlalu panjang."),
    "greater_than_equal": gettext_noop("Nilainya terlalu kecil."),
    "less_than_equal": gettext_noop("Nilainya terlalu besar."),
    "enum": gettext_noop("Pilihan tidak dikenal."),
    "literal_error": gettext_noop("Pilihan tidak dikenal."),
    "json_invalid": gettext_noop("JSON tidak valid."),
    "model_attributes_type": gettext_noop("Isi permintaan tidak valid."),
}


def _field_of(loc: Any) -> str:
    parts = [str(part) for part in loc if part not in ("body", "payload", "query", "path")]
    return ".".join(parts) or "body"


@api.exception_handler(NinjaValidationError)
def schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    detail = [
        {
            "field": _field_of(error.get("loc", ())),
            "message": _(_PYDANTIC_MESSAGES.get(error.get("type", ""), gettext_noop("Nilai tidak valid."))),
        }
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(DjangoValidationError)
def domain_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        detail = [
            {"field": field, "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        detail = [{"field": "__all__", "message": message} for message in exc.messages]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(OverflowError)
def number_too_large(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    """An id or page number larger than the database's integers (2⁶³): nothing can match it."""
    return api.create_response(
        request, {"detail": [{"field": "__all__", "message": _("Angka terlalu besar.")}]}, status=422
    )


@api.exception_handler(DataError)
def value_out_of_range(request: HttpRequest, exc: DataError) -> HttpResponse:
    """PostgreSQL's answer to the same: a value outside the column's range."""
    return number_too_large(request, OverflowError())


@api.exception_handler(OperationalError)
def database_busy(request: HttpRequest, exc: OperationalError) -> HttpResponse:
    """SQLite's "database is locked" after the busy timeout: 503, try again (any other error goes on)."""
    if not is_database_busy(exc):
        raise exc
    return busy_response(request)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Tidak ditemukan.")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("Peran Anda tidak boleh mengubah data ini.")}, status=403
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": _("Perlu masuk (token).")}, status=401)


def _register_routers() -> None:
    from naikkelas.accounts.api import router as accounts_router
    from naikkelas.mentoring.api import router as mentoring_router
    from naikkelas.outcomes.api import router as outcomes_router
    from naikkelas.privacy.api import router as privacy_router
    from naikkelas.programs.api import router as programs_router
    from naikkelas.regions.api import router as regions_router
    from naikkelas.registry.api import router as registry_router
    from naikkelas.selection.api import router as selection_router
    from naikkelas.training.api import router as training_router

    api.add_router("/auth", accounts_router)
    api.add_router("/regions", regions_router)
    api.add_router("/", registry_router)
    api.add_router("/", programs_router)
    api.add_router("/", selection_router)
    api.add_router("/", training_router)
    api.add_router("/", mentoring_router)
    api.add_router("/", outcomes_router)
    api.add_router("/", privacy_router)


_register_routers()
