"""Production installs the runtime lock only; development adds its tools in a second lock."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "-r")):
            package, version = line.split("==")
            pins[package.lower().replace("_", "-")] = version
    return pins


def _declared(group: list[str]) -> dict[str, str]:
    return {p.split("==")[0].lower().replace("_", "-"): p.split("==")[1].split(";")[0] for p in group}


def test_runtime_dependencies_are_in_the_production_lock_at_their_versions() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    production = _pins("requirements.lock")
    for package, version in _declared(project["dependencies"]).items():
        key = package.split("[")[0]
        assert production.get(key) == version, package


def test_development_tools_stay_out_of_the_production_lock() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    production, development = _pins("requirements.lock"), _pins("requirements-dev.lock")
    for package, version in _declared(project["optional-dependencies"]["dev"]).items():
        assert package not in production, package
        assert development.get(package) == version, package
    assert "-r requirements.lock" in (ROOT / "requirements-dev.lock").read_text()
