"""The Curators group: every right on the archive's own records, and nothing else."""

from django.db.models import Q

CURATORS_GROUP = "Curators"
CURATED_APP_LABELS = ("archive", "search", "curation")


def sync_curators_group(group_model, permission_model, using="default"):
    """Create the group if needed and give it every permission of the curated apps.

    Run by the migration that introduces the group and again after every `migrate`, so that
    records added later (and their permissions) reach curators without a manual step.
    Reads the database being migrated (`using`), never a replica behind it.
    """
    group, _created = group_model.objects.using(using).get_or_create(name=CURATORS_GROUP)
    group.permissions.add(
        *permission_model.objects.using(using).filter(Q(content_type__app_label__in=CURATED_APP_LABELS))
    )
    return group


def sync_curators_group_after_migrate(sender, **kwargs):
    from django.contrib.auth.models import Group, Permission

    sync_curators_group(Group, Permission, using=kwargs.get("using", "default"))
