"""`loaddata` that refuses a fixture naming the same record twice.

With natural keys, Django would silently let the second object overwrite the first (both
resolve to one row). A curated fixture with a duplicated slug is a mistake: stop, name the
record, and load nothing (loaddata runs in one transaction).
"""

from django.core.management import CommandError
from django.core.management.commands import loaddata


class Command(loaddata.Command):
    def loaddata(self, fixture_labels):
        self._seen_natural_keys = {}
        super().loaddata(fixture_labels)

    def save_obj(self, obj):
        instance = obj.object
        if hasattr(instance, "natural_key"):
            key = (instance._meta.label, tuple(instance.natural_key()))
            label = self._seen_natural_keys.get(key)
            if label is not None:
                raise CommandError(
                    f"Duplicate record in fixture '{self._current_fixture}': {instance._meta.label} "
                    f"{list(key[1])} appears twice (first in '{label}')."
                )
            self._seen_natural_keys[key] = self._current_fixture
        return super().save_obj(obj)

    def find_fixtures(self, fixture_label):
        for fixture_file, fixture_dir, fixture_name in super().find_fixtures(fixture_label):
            self._current_fixture = fixture_file
            yield fixture_file, fixture_dir, fixture_name
