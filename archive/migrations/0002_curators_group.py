"""The Curators group: what a curator who is not a superuser may do in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from archive.permissions import CURATORS_GROUP, sync_curators_group


def create_curators_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure ours exist now.
    # (Migration state app configs are stubs without models_module, which it checks.)
    for app_label in ("archive", "auth"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_curators_group(
        apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"), using=schema_editor.connection.alias
    )


def remove_curators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=CURATORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_curators_group, remove_curators_group)]
