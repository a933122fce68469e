"""Who may see what: the viewer's rights, read once, for every queryset's `visible_to()`.

Readers (anonymous, or signed in without curators' rights) see published documents and the
people who are not private; curators see drafts and private people too. The rules themselves
live on the querysets (`Document.objects.published()`, `Person.objects.public()`, and each
model's `visible_to(viewer)` with its `visible_q(viewer)` twin for use across a relation or
inside a subquery). Pages, the API, search, OAI, feeds, sitemaps and exports all read through
them; the public surfaces pass `PUBLIC`.
"""

from django.db.models import Q

SEE_DRAFTS = "archive.view_document"
SEE_PRIVATE_PEOPLE = "archive.view_person"

# The viewer of every public surface: nobody signed in.
PUBLIC = None


def sees_drafts(viewer) -> bool:
    return bool(viewer is not None and viewer.is_authenticated and viewer.has_perm(SEE_DRAFTS))


def sees_private_people(viewer) -> bool:
    return bool(viewer is not None and viewer.is_authenticated and viewer.has_perm(SEE_PRIVATE_PEOPLE))


def document_q(viewer, through: str = "") -> Q:
    """Documents `viewer` may see, as a condition on `through` (e.g. "source_document__")."""
    from .documents import Status

    return Q() if sees_drafts(viewer) else Q(**{f"{through}status": Status.PUBLISHED})


def person_q(viewer, through: str = "") -> Q:
    """People `viewer` may see; `through` ends in "__" when the person is reached by a relation."""
    return Q() if sees_private_people(viewer) else Q(**{f"{through}is_private": False})


def optional_person_q(viewer, through: str) -> Q:
    """For rows whose person is optional (roles): no person, or a visible one."""
    return Q(**{f"{through}__isnull": True}) | person_q(viewer, f"{through}__")


def is_public(instance) -> bool:
    """Whether the public may see `instance` as stored now, by its model's own
    `visible_to(PUBLIC)`; False for a record not (or no longer) in the database."""
    if instance.pk is None:
        return False
    return type(instance)._default_manager.visible_to(PUBLIC).filter(pk=instance.pk).exists()


def has_public_rule(model) -> bool:
    return hasattr(model._default_manager, "visible_to")
