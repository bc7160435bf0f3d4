import functools

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


@functools.lru_cache(maxsize=65536)
def _key(text):
    from units.text import vietnamese_sort_key

    return vietnamese_sort_key(text)


def _compare(a, b):
    key_a, key_b = _key(a), _key(b)
    return (key_a > key_b) - (key_a < key_b)


def _add_vietnamese_collation(sender, connection, **kwargs):
    # PostgreSQL sorts names with its ICU collation (migration 0003); SQLite gets the same order here.
    if connection.vendor == "sqlite":
        connection.connection.create_collation("vi", _compare)


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Union tree and members")

    def ready(self):
        from units import accounts  # noqa: F401  (connects the login signal)
        from units import attachments, import_jobs

        import_jobs.register()
        attachments.register()

        connection_created.connect(_add_vietnamese_collation)
