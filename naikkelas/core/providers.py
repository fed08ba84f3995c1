"""Providers: how a lower app asks the apps above it without importing them.

The app that asks declares a `Providers` for one purpose ("panels on the enterprise page", "may this
enterprise be deleted?", "this person's data"); each app that has an answer registers its own function in
its `AppConfig.ready()`, under its app label; the asker calls whatever is registered. Imports then only
point down the stack, and the question's owner never names the apps that answer it.
"""

from collections.abc import Iterator


class Providers[T]:
    """A named set of providers of one kind, one per app, in registration (INSTALLED_APPS) order."""

    def __init__(self, purpose: str) -> None:
        self.purpose = purpose
        self._by_app: dict[str, T] = {}

    def register(self, app: str, provider: T) -> T:
        """Register (or replace) the provider of `app`; registering twice does not answer twice."""
        self._by_app[app] = provider
        return provider

    def unregister(self, app: str) -> None:
        self._by_app.pop(app, None)

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._by_app.values()))

    def items(self) -> list[tuple[str, T]]:
        return list(self._by_app.items())

    def __repr__(self) -> str:
        return f"<Providers {self.purpose}: {', '.join(self._by_app) or '-'}>"
