"""Who may write through the API."""

from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissionsOrAnonReadOnly


class CuratorWritePermission(DjangoModelPermissionsOrAnonReadOnly):
    """Reads for everyone; writes for staff accounts holding the model's permissions (the
    Curators group's), the same two conditions as the admin.

    Model permissions alone let a token of someone in the Curators group but not (or no
    longer) staff create, change and delete: taking staff status away must end writing."""

    def has_permission(self, request, view):
        if request.method not in SAFE_METHODS and not (request.user and request.user.is_active and request.user.is_staff):
            return False
        return super().has_permission(request, view)
