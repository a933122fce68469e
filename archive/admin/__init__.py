"""The curators' workplace: every record editable, with inlines, autocomplete and history."""

from . import addresses, documents, entities, links  # noqa: F401  (registers the admin classes)
