"""The API's shared field types, so that what the OpenAPI schema promises is what the server checks.

- Request bodies are strict (`InputSchema`): `true` is not 1, `"5"` is not a number, and a JSON array is
  not an object (pydantic would read `[null, null]` as an object with every field left out); `3.0` is
  the integer 3, as JSON Schema counts it.
- Dates are ISO `YYYY-MM-DD` only (`IsoDate`): pydantic would read `0` as 1970-01-01.
- PATCH fields are `omittable`: leave one out to keep its value; `null` is refused with the field named.
- Integers carry the database's bounds (`Id`, `Count`, `Rupiah`), so the schema says which numbers exist.
- Times of day are local wall-clock times (`LocalTime`), documented as such rather than as `format: time`.
- Enums carry a component name of their own (`Component`): pydantic names an enum by its class alone,
  and `Application.Status` and `DataRequest.Status` would share one `Status` component.
"""

import re
from dataclasses import dataclass
from datetime import date, time
from typing import Annotated, Any

from ninja import Schema
from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    ModelWrapValidatorHandler,
    Strict,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError, core_schema

BIGINT_MAX = 2**63 - 1  # PostgreSQL bigint, SQLite integer: ids and rupiah
INT_MAX = 2**31 - 1  # PostgreSQL integer: counts, scores, capacities

Id = Annotated[int, Field(ge=1, le=BIGINT_MAX)]
Count = Annotated[int, Field(ge=0, le=INT_MAX)]
Rupiah = Annotated[int, Field(ge=0, le=BIGINT_MAX)]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value: Any) -> Any:
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise PydanticCustomError("date_parsing", "Input should be a date in the form YYYY-MM-DD")


IsoDate = Annotated[date, Strict(False), BeforeValidator(_iso_date_only)]

# A wall-clock time where the thing happens ("08:30:00"), without an offset: OpenAPI's `format: time`
# is RFC 3339's full-time, which requires one.
LocalTime = Annotated[
    time,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?$",
            "description": "jam setempat (HH:MM:SS), tanpa zona waktu",
        }
    ),
]


@dataclass(frozen=True)
class Component:
    """`Annotated[SomeEnum, Component("UniqueName")]`: the enum's schema component under that name."""

    name: str

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        schema = dict(handler(source))
        # The definition's name in the schema is taken from the last part of its ref.
        schema["ref"] = f"naikkelas.{self.name}:{id(source)}"
        return schema  # type: ignore[return-value]

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        json_schema = handler(schema)
        handler.resolve_ref_schema(json_schema)["title"] = self.name
        return json_schema


def omittable(**constraints: Any) -> Any:
    """A PATCH field: leave it out to keep the stored value; null is refused (422 naming the field)."""
    return Field(None, **constraints)


class InputSchema(Schema):
    """A request body: a JSON object, strictly typed (dates and choices still arrive as JSON strings)."""

    model_config = ConfigDict(from_attributes=False, strict=True)

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: Any) -> Any:
        # ninja's Schema reads any object through its attributes, so a JSON array would pass as an
        # object with every field left out; a body is a JSON object or nothing.
        return handler(_whole_numbers(values))


def _whole_numbers(value: Any) -> Any:
    """JSON has one number type: 3.0 is the integer 3 (as JSON Schema says), 3.5 stays a fraction."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _whole_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(item) for item in value]
    return value


# Kemendagri codes as the API takes them; whether the code exists is the regions table's to say.
DistrictCode = Annotated[str, Field(pattern=r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$", examples=["33.74.01"])]
RegionFilter = Annotated[
    str,
    Field(
        pattern=r"^([0-9]{2}(\.[0-9]{2}(\.[0-9]{2})?)?)?$",
        description="kode provinsi (33), kabupaten/kota (33.74) atau kecamatan (33.74.01)",
    ),
]
