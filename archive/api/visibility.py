"""Who may see what through the API.

The rules themselves live in `Document.objects.published()` and `Person.objects.public()`;
this module only decides, per user, whether those rules apply, so that every viewset,
serializer and nested list asks the same question the same way.
"""

from archive.models import Document, Person

SEE_DRAFTS = "archive.view_document"
SEE_PRIVATE_PEOPLE = "archive.view_person"


def can_see_drafts(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(SEE_DRAFTS))


def can_see_private_people(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(SEE_PRIVATE_PEOPLE))


def visible_documents(user):
    documents = Document.objects.all()
    return documents if can_see_drafts(user) else documents.published()


def visible_people(user):
    people = Person.objects.all()
    return people if can_see_private_people(user) else people.public()
