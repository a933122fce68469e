"""Full-text search over published documents, with alias expansion, facets and highlights.

The public names below are loaded on first use (PEP 562), so importing this package while
Django is still loading apps does not touch the models.
"""

_EXPORTS = {
    "SearchParams": "params",
    "SearchParamError": "params",
    "parse_search_params": "params",
    "search_documents": "engine",
    "filter_documents": "engine",
    "highlight_terms": "engine",
    "SearchResult": "engine",
    "SearchHit": "engine",
    "FacetBucket": "engine",
    "Expansion": "names",
    "NameMatch": "names",
    "lookup_names": "names",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
