"""Serializers whose fields are built once per class answer exactly as DRF builds them each time."""

from rest_framework import serializers

from dondoc.api import serializers as s

ONCE = [cls for cls in vars(s).values()
        if isinstance(cls, type) and issubclass(cls, s.FieldsOnce) and cls is not s.FieldsOnce]


def test_every_model_serializer_of_the_api_builds_its_fields_once():
    models = {cls for cls in vars(s).values() if isinstance(cls, type) and issubclass(cls, serializers.ModelSerializer)}
    assert set(ONCE) == models


def test_the_fields_are_those_drf_builds_and_each_use_has_its_own():
    for cls in ONCE:
        built = serializers.ModelSerializer.get_fields(cls())
        for _ in range(2):
            fields = cls().get_fields()
            assert repr(fields) == repr(built), cls.__name__
        first, second = cls().fields, cls().fields
        for name in first:
            assert first[name] is not second[name] and first[name].parent is not second[name].parent
