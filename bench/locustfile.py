"""What the load run asks for: the public pages, a regency/city admin's working pages, and API clients.

Run by bench/load_test.py (which starts gunicorn, makes a token and reads the results). LOAD_BASELINE=1
swaps in a single user class asking only /healthz/ — Django's minimal response, for scale.
"""

import os
import random
import re

from locust import HttpUser, between, task

ADMIN = os.environ.get("LOAD_ADMIN", "semarang")
PASSWORD = os.environ.get("LOAD_PASSWORD", "naikkelas")
TOKEN = os.environ.get("LOAD_TOKEN", "")


class Visitor(HttpUser):
    """Someone from the public: the front page, the application form list, the local heroes."""

    weight = 2
    wait_time = between(0.5, 1.5)

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="/ (public)")

    @task(2)
    def apply(self) -> None:
        self.client.get("/daftar/", name="/daftar/")

    @task(1)
    def heroes(self) -> None:
        self.client.get("/pahlawan-lokal/", name="/pahlawan-lokal/")


class RegencyAdmin(HttpUser):
    """A regency/city office at work: the registry (lists, search, detail), programs, mentoring, results."""

    weight = 3
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        page = self.client.get("/akun/masuk/", name="/akun/masuk/ (form)")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        self.client.post(
            "/akun/masuk/",
            {"username": ADMIN, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1) if token else ""},
            name="/akun/masuk/ (sign in)",
        )
        listing = self.client.get("/registri/", name="/registri/")
        self.ids = [int(pk) for pk in re.findall(r'href="/registri/usaha/(\d+)/"', listing.text)] or [1]

    @task(4)
    def registry(self) -> None:
        page = random.randint(1, 40)
        self.client.get(f"/registri/?page={page}", name="/registri/?page=N")

    @task(2)
    def search(self) -> None:
        self.client.get(
            f"/registri/?q={random.choice(['Sri', 'Budi', 'Batik', 'Bandeng', 'Kopi'])}", name="/registri/?q="
        )

    @task(3)
    def detail(self) -> None:
        self.client.get(f"/registri/usaha/{random.choice(self.ids)}/", name="/registri/usaha/ID/")

    @task(1)
    def programs(self) -> None:
        self.client.get("/program/", name="/program/")

    @task(1)
    def mentoring(self) -> None:
        self.client.get("/pendampingan/", name="/pendampingan/")

    @task(1)
    def results(self) -> None:
        self.client.get("/hasil/?year=2021&level=1", name="/hasil/ (cohort, Kota Semarang)")


class ApiClient(HttpUser):
    """A program using the API with a bearer token."""

    weight = 2
    wait_time = between(0.2, 0.8)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Bearer {TOKEN}"
        first = self.client.get("/api/v1/enterprises", name="/api/v1/enterprises").json()
        self.ids = [item["id"] for item in first.get("items", [])] or [1]

    @task(4)
    def enterprises(self) -> None:
        self.client.get(
            f"/api/v1/enterprises?page={random.randint(1, 100)}", name="/api/v1/enterprises?page=N"
        )

    @task(3)
    def enterprise(self) -> None:
        self.client.get(f"/api/v1/enterprises/{random.choice(self.ids)}", name="/api/v1/enterprises/ID")

    @task(1)
    def cohort(self) -> None:
        self.client.get("/api/v1/reports/cohort?year=2021&level=1", name="/api/v1/reports/cohort")


class Baseline(HttpUser):
    """Django's minimal response: no database, no template."""

    wait_time = between(0.0, 0.0)

    @task
    def healthz(self) -> None:
        self.client.get("/healthz/", name="/healthz/")


if os.environ.get("LOAD_BASELINE"):
    del Visitor, RegencyAdmin, ApiClient
else:
    del Baseline
