"""The API under /api/v1/: one NinjaAPI, a router per app, the same access rules as the pages."""

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from naikkelas.accounts.services.tokens import user_for_token
from naikkelas.core.middleware import busy_response, is_database_busy


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user
        return user


class SignedInSession(SessionAuth):
    """The browser's own calls, with the page session. Without a signed-in session this door is simply
    not taken (401, like a missing token) instead of ninja's English "CSRF check Failed" 403; with one,
    an unsafe method still needs the CSRF token."""

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, _("Pemeriksaan CSRF gagal: muat ulang halaman lalu kirim lagi."))
        return request.COOKIES.get(self.param_name)


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

    def validation_error_from_error_contexts(self, error_contexts: list[Any]) -> NinjaValidationError:
        """ninja drops the rejected input from each error; keep whether it was a null (see _message_of)."""
        error = super().validation_error_from_error_contexts(error_contexts)
        nulls = [
            item.get("input", ...) is None
            for context in error_contexts
            for item in context.pydantic_validation_error.errors(include_url=False)
        ]
        for item, was_null in zip(error.errors, nulls, strict=False):  # the same errors, in order
            item["null"] = was_null
        return error

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
    auth=[BearerToken(), SignedInSession()],
    urls_namespace="api-v1",
)

# pydantic's error types, in Indonesian; %(name)s takes the error's context (the limit, the choices).
_PYDANTIC_MESSAGES = {
    "missing": gettext_noop("Wajib diisi."),
    "int_parsing": gettext_noop("Harus berupa bilangan bulat."),
    "int_type": gettext_noop("Harus berupa bilangan bulat."),
    "int_from_float": gettext_noop("Harus berupa bilangan bulat."),
    "bool_type": gettext_noop("Harus berupa true atau false."),
    "bool_parsing": gettext_noop("Harus berupa true atau false."),
    "float_type": gettext_noop("Harus berupa angka."),
    "float_parsing": gettext_noop("Harus berupa angka."),
    "date_from_datetime_parsing": gettext_noop("Tanggal itu tidak ada di kalender."),
    "date_from_datetime_inexact": gettext_noop("Tanggal harus berformat YYYY-MM-DD."),
    "date_parsing": gettext_noop("Tanggal harus berformat YYYY-MM-DD."),
    "date_type": gettext_noop("Tanggal harus berformat YYYY-MM-DD."),
    "string_type": gettext_noop("Harus berupa teks."),
    "string_too_long": gettext_noop("Teks terlalu panjang (paling banyak %(max_length)s karakter)."),
    "string_too_short": gettext_noop("Teks terlalu pendek (paling sedikit %(min_length)s karakter)."),
    "string_pattern_mismatch": gettext_noop("Bentuknya tidak sesuai pola %(pattern)s."),
    "greater_than_equal": gettext_noop("Paling kecil %(ge)s."),
    "greater_than": gettext_noop("Harus lebih dari %(gt)s."),
    "less_than_equal": gettext_noop("Paling besar %(le)s."),
    "less_than": gettext_noop("Harus kurang dari %(lt)s."),
    "enum": gettext_noop("Pilihan tidak dikenal; pilih salah satu: %(expected)s."),
    "literal_error": gettext_noop("Pilihan tidak dikenal; pilih salah satu: %(expected)s."),
    "list_type": gettext_noop("Harus berupa daftar (array JSON)."),
    "too_long": gettext_noop("Terlalu banyak butir (paling banyak %(max_length)s)."),
    "too_short": gettext_noop("Terlalu sedikit butir (paling sedikit %(min_length)s)."),
    "dict_type": gettext_noop("Harus berupa objek JSON."),
    "model_type": gettext_noop("Isi permintaan harus berupa objek JSON."),
    "model_attributes_type": gettext_noop("Isi permintaan harus berupa objek JSON."),
    "json_invalid": gettext_noop("JSON tidak valid."),
}


def _field_of(loc: Any) -> str:
    parts = [str(part) for part in loc]
    if parts[:1] == ["file"]:  # a multipart file is found at ("file", its name)
        parts = parts[1:]
    parts = [part for part in parts if part not in ("body", "payload", "query", "path", "form")]
    return ".".join(parts) or "body"


def _message_of(error: dict[str, Any], field: str) -> str:
    """One pydantic error in Indonesian; a null where the field takes none says so, naming the field."""
    kind = error.get("type", "")
    if error.get("null") and kind != "missing":
        return _("Isian %(field)s tidak boleh null; kirim nilainya, atau tinggalkan isian itu.") % {
            "field": field
        }
    context = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
    if kind == "string_too_short" and context.get("min_length") == "1":
        kind = "missing"  # an empty text where one is needed
    template = _(_PYDANTIC_MESSAGES.get(kind, gettext_noop("Nilai tidak valid.")))
    if "expected" in context:  # pydantic lists choices in English ("'M' or 'F'")
        context["expected"] = context["expected"].replace(" or ", ", ")
    try:
        return template % context if "%(" in template else template
    except (KeyError, ValueError):
        return _(gettext_noop("Nilai tidak valid."))


@api.exception_handler(NinjaValidationError)
def schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    detail = []
    for error in exc.errors:
        field = _field_of(error.get("loc", ()))
        detail.append({"field": field, "message": _message_of(error, field)})
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own answers in Indonesian: its only 400 is a body it could not read as JSON."""
    if exc.status_code != 400:
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
    cause = exc.__cause__
    if isinstance(cause, json.JSONDecodeError):
        message = _("Isi permintaan bukan JSON yang benar (baris %(line)s, kolom %(column)s).") % {
            "line": cause.lineno,
            "column": cause.colno,
        }
    else:
        message = _("Isi permintaan tidak bisa dibaca sebagai JSON UTF-8.")
    return api.create_response(request, {"detail": message}, status=400)


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
    """PostgreSQL refused a value its column cannot hold, said by what it is (its SQLSTATE): a number
    outside the column's range, a text longer than its column, a date out of range; or a text holding a
    NUL character, which PostgreSQL cannot store or compare (psycopg refuses it before sending)."""
    state = getattr(exc.__cause__, "sqlstate", None)
    if "NUL" in str(exc):
        message = _("Teks tidak boleh berisi karakter NUL (\\u0000).")
    elif state == "22003":  # numeric_value_out_of_range
        message = _("Angka terlalu besar.")
    elif state == "22001":  # string_data_right_truncation
        message = _("Teks terlalu panjang untuk disimpan.")
    elif state in ("22007", "22008"):  # invalid_datetime_format, datetime_field_overflow
        message = _("Tanggal atau waktu di luar rentang yang dapat disimpan.")
    else:
        message = _("Nilai ini tidak dapat disimpan; periksa isinya.")
    return api.create_response(request, {"detail": [{"field": "__all__", "message": message}]}, status=422)


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
    response = api.create_response(request, {"detail": _("Perlu masuk (token).")}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _register_routers() -> None:
    from naikkelas.accounts.api.edit_conflicts import router as conflicts_router
    from naikkelas.accounts.api.home import router as home_router
    from naikkelas.accounts.api.staff import router as staff_router
    from naikkelas.accounts.api.tokens import router as accounts_router
    from naikkelas.mentoring.api import router as mentoring_router
    from naikkelas.notify.api import router as notify_router
    from naikkelas.outcomes.api import router as outcomes_router
    from naikkelas.privacy.api import router as privacy_router
    from naikkelas.programs.api import router as programs_router
    from naikkelas.regions.api import router as regions_router
    from naikkelas.registry.api import router as registry_router
    from naikkelas.registry.api.imports import router as imports_router
    from naikkelas.selection.api import router as selection_router
    from naikkelas.training.api import router as training_router

    api.add_router("/auth", accounts_router)
    api.add_router("/regions", regions_router)
    api.add_router("/", staff_router)
    api.add_router("/", registry_router)
    api.add_router("/", imports_router)
    api.add_router("/", programs_router)
    api.add_router("/", selection_router)
    api.add_router("/", training_router)
    api.add_router("/", mentoring_router)
    api.add_router("/", outcomes_router)
    api.add_router("/", privacy_router)
    api.add_router("/", home_router)
    api.add_router("/", notify_router)
    api.add_router("/", conflicts_router)


_register_routers()
