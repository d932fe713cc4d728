"""Training a model version (frauddetector_mock/training/, the training lifecycle).

Why training failed or learned nothing, and the titles of its training results.
"""

from __future__ import annotations


def no_model_learned_title() -> str:
    return "No model was learned from data"


def no_model_learned(reason: str) -> str:
    return (
        f"{reason} No model was learned, so this version has no training metrics; it scores "
        "events with the mock's default scorer."
    )


def training_failed_title() -> str:
    return "Training failed"


def training_no_label_column(location: str) -> str:
    return f"The training data at {location} has no EVENT_LABEL column."


def training_no_events(event_type: str, window: dict[str, str]) -> str:
    start, end = window.get("startTime", "(any time)"), window.get("endTime", "(any time)")
    return (
        f"No events of the event type {event_type} are stored with an event timestamp between "
        f"{start} and {end}."
    )


def training_too_few_labels(fraud: int, legit: int, minimum: int) -> str:
    return (
        f"The training data holds {fraud} fraud and {legit} legitimate labelled events; the mock "
        f"learns from at least {minimum} of each."
    )


def training_needs_scikit_learn() -> str:
    return (
        "Training needs scikit-learn, which is not installed: pip install "
        "'frauddetector-mock[training]'."
    )


def training_not_learnable(error: object) -> str:
    return f"The training data could not be learned from: {error}"


def training_insufficient_title() -> str:
    return "Insufficient training data"


def training_data_title() -> str:
    return "Training data"


def training_data_summary(
    read: int, fraud: int, legit: int, unlabeled_left_out: int, unmapped_left_out: int
) -> str:
    return (
        f"{read} events read; {fraud + legit} used ({fraud} fraud, {legit} legitimate); "
        f"{unlabeled_left_out} unlabelled and {unmapped_left_out} with a label the label mapper "
        "does not name were left out. Metrics are measured on a held-out fifth of the events."
    )
