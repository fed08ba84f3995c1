from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data: not a step of the journey, it only calls each step's demo loader in order."""

    name = "naikkelas.demo"
    label = "demo"
