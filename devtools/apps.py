from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Tooling kept out of the apps: the demo province (seed_demo), the national-scale generator
    (seed_scale) and the benchmark (bench_portal). It uses the apps; no app imports it."""

    name = "devtools"
    verbose_name = "Developer tools"
