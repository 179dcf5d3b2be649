"""The API's JSON parser: bodies of a sane size and depth, refused in the API's error shape otherwise.

No operation takes more than a few kilobytes of JSON or more than two levels of nesting; a megabyte or
32 levels is far beyond any honest client. Deeper bodies exhaust the recursion of the decoder and of
the validation that follows (a 1,000-level, 2 KB body answered 500 before).
"""

import json

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils.json import strict_constant

from .errors import PayloadTooLarge

MAX_DEPTH = 32


class NestedTooDeep(ParseError):
    default_detail = f"Dữ liệu JSON lồng nhau quá sâu (tối đa {MAX_DEPTH} cấp)."


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_JSON_BYTES
        too_large = PayloadTooLarge(f"Dữ liệu JSON vượt quá {limit // 1024} KB.")
        request = (parser_context or {}).get("request")
        if request is not None and _content_length(request) > limit:
            raise too_large
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise too_large
        encoding = (parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET
        try:
            data = json.loads(raw.decode(encoding), parse_constant=strict_constant if self.strict else None)
        except RecursionError:
            raise NestedTooDeep from None
        except (ValueError, LookupError) as exc:  # LookupError: an unknown charset in Content-Type
            raise ParseError(f"JSON parse error - {exc}") from None
        if depth(data) > MAX_DEPTH:
            raise NestedTooDeep
        return data


def depth(value) -> int:
    """How deeply lists and objects nest in `value` (a scalar is 0), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        if level <= MAX_DEPTH:  # one level beyond the limit is enough to refuse
            stack.extend((child, level + 1) for child in children)
    return deepest


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
