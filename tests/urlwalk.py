"""Walk every URL pattern of the project, so access tests cover views added later."""

import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from makelaar.base.access import SELF_GUARDED_NAMESPACES

# Values for path converters: the objects need not exist, the role check comes first.
CONVERTER_SAMPLES = {"int": 1, "str": "x", "slug": "x", "uuid": uuid.UUID(int=1), "path": "x"}


@dataclass
class Route:
    name: str  # namespaced, e.g. "signals:start"
    url: str
    callback: object
    namespaces: tuple[str, ...]
    #: The pattern's path arguments (converters), e.g. ("pk",); fill them to reverse it.
    kwarg_names: tuple[str, ...] = ()


def _sample_kwargs(pattern) -> dict:
    converters = getattr(pattern.pattern, "converters", {})
    kwargs = {}
    for key, converter in converters.items():
        kind = type(converter).__name__.removesuffix("Converter").lower()
        kwargs[key] = CONVERTER_SAMPLES.get(kind, "x")
    return kwargs


def all_routes(resolver=None, namespaces=()):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SELF_GUARDED_NAMESPACES:
                continue  # the Django admin checks its own permission (tested apart)
            ns = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from all_routes(entry, ns)
        elif isinstance(entry, URLPattern):
            if not entry.name:
                raise AssertionError(f"URL pattern {entry.pattern} has no name")
            name = ":".join((*namespaces, entry.name))
            kwargs = _sample_kwargs(entry)
            url = reverse(name, kwargs=kwargs)
            yield Route(name, url, entry.callback, namespaces, tuple(kwargs))


def app_routes():
    """Every route of ours (the Django admin guards itself and is tested apart)."""
    return list(all_routes())
