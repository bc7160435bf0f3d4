from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"

    def ready(self):
        from awards import tasks_documents

        tasks_documents.register()
