"""Who uses what: the queries behind the deletion rules (docs/behaviour.md, "Resources").

Each answers the names of the users of a record, in a stable order, so that a ConflictException
can say what still holds it. They scan the store: deletes are rare and the collections small
(quotas cap them), and a scan cannot drift out of date the way a reverse index can.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from frauddetector_mock.store.detectors import DetectorVersion
    from frauddetector_mock.store.rules import RuleVersion
    from frauddetector_mock.store.state import Store


def rule_versions(store: Store) -> Iterator[RuleVersion]:
    for detector in store.detectors.values():
        for versions in detector.rules.values():
            yield from versions.values()


def detector_versions(store: Store) -> Iterator[DetectorVersion]:
    for detector in store.detectors.values():
        yield from detector.versions.values()


def event_types_with_variable(store: Store, name: str) -> list[str]:
    return [e.name for e in store.event_types.values() if name in e.event_variables]


def event_types_with_label(store: Store, name: str) -> list[str]:
    return [e.name for e in store.event_types.values() if name in e.labels]


def event_types_with_labelled_events(store: Store, name: str) -> list[str]:
    """Event types with stored events that carry the label ``name`` (kept counted per type)."""
    return sorted(t for t, stats in store.event_statistics.items() if stats.labels.get(name))


def event_types_with_entity_type(store: Store, name: str) -> list[str]:
    return [e.name for e in store.event_types.values() if name in e.entity_types]


def detectors_of_event_type(store: Store, name: str) -> list[str]:
    return [d.detector_id for d in store.detectors.values() if d.event_type_name == name]


def rule_versions_with_outcome(store: Store, name: str) -> list[RuleVersion]:
    return [r for r in rule_versions(store) if name in r.outcomes]


def rule_versions_with_list(store: Store, name: str) -> list[RuleVersion]:
    return [r for r in rule_versions(store) if name in r.compiled.lists]


def rule_versions_with_variable(store: Store, name: str) -> list[RuleVersion]:
    return [r for r in rule_versions(store) if name in r.compiled.variables]


def external_models_with_output_variable(store: Store, name: str) -> list[str]:
    """Endpoints whose output configuration maps a value to the variable ``name``."""
    found: list[str] = []
    for model in store.external_models.values():
        output = model.output_configuration
        mapped = {
            *(output.get("jsonKeyToVariableMap") or {}).values(),
            *(output.get("csvIndexToVariableMap") or {}).values(),
        }
        if name in mapped:
            found.append(model.model_endpoint)
    return found


def external_models_of_event_type(store: Store, name: str) -> list[str]:
    return [
        m.model_endpoint
        for m in store.external_models.values()
        if m.input_configuration.get("eventTypeName") == name
    ]


def detector_versions_with_rule(
    store: Store, detector_id: str, rule_id: str, rule_version: str
) -> list[DetectorVersion]:
    detector = store.detectors.get(detector_id)
    if detector is None:
        return []
    return [v for v in detector.versions.values() if (rule_id, rule_version) in v.rules]


def detector_versions_with_external_model(store: Store, endpoint: str) -> list[DetectorVersion]:
    return [v for v in detector_versions(store) if endpoint in v.external_model_endpoints]


def detector_versions_with_model_version(store: Store, arn: str) -> list[DetectorVersion]:
    return [
        v for v in detector_versions(store) if any(m.get("arn") == arn for m in v.model_versions)
    ]


def models_of_event_type(store: Store, name: str) -> list[str]:
    return [
        f"{m.model_id} ({m.model_type})" for m in store.models.values() if m.event_type_name == name
    ]


def rule_label(rule: RuleVersion) -> str:
    """How a message names a rule version: ``detector/rule/version``."""
    return f"{rule.detector_id}/{rule.rule_id}/{rule.rule_version}"


def version_label(version: DetectorVersion) -> str:
    return f"{version.detector_id}/{version.detector_version_id}"
