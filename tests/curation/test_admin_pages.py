"""Every curation page of the admin renders for a curator who is not a superuser."""

import io

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from .test_seeds import SEEDS

CURATION_MODELS = [model for model in admin.site._registry if model._meta.app_label == "curation"]


@pytest.mark.django_db
@pytest.mark.parametrize("model", CURATION_MODELS, ids=lambda m: m._meta.model_name)
def test_curation_changelist_and_change_pages_render(seed, curator_client, model):
    call_command("import_pages", str(SEEDS), "--no-progress", stdout=io.StringIO())
    name = f"admin:curation_{model._meta.model_name}"
    assert curator_client.get(reverse(f"{name}_changelist")).status_code == 200
    instance = model._default_manager.first()
    assert instance is not None, f"importing the source pages made no {model._meta.verbose_name}"
    assert curator_client.get(reverse(f"{name}_change", args=[instance.pk])).status_code == 200
