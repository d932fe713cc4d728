"""A model version's training, from its data to its status and training results.

The store calls it, through the trainer the backend hands it, when a version's training
completes (store/lifecycle.py). The labelled events are gathered (rows.py), a model is fitted
and measured on a held-out part (fitting.py), and the version keeps what it learned to score
events with (store/learned.py). ``trainingResult`` and
``trainingResultV2`` report what was measured, and nothing that was not: when there was no data
to learn from, or too little, or scikit-learn is not installed, no model is learned, no metrics
exist, and ``dataValidationMetrics`` says why. Such a training completes and scores with the
mock's default scorer, or, under the strict policy (controls/training.py), ends in ERROR.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from frauddetector_mock.messages import training as training_messages
from frauddetector_mock.store.learned import TrainingOutcome as Outcome
from frauddetector_mock.training.fitting import MIN_PER_CLASS, Fit, VariableInfo, fit
from frauddetector_mock.training.rows import Rows, gather

if TYPE_CHECKING:
    from frauddetector_mock.store.models import ModelVersion
    from frauddetector_mock.store.state import Store

ATI = "ACCOUNT_TAKEOVER_INSIGHTS"
V2_KEY = {"ONLINE_FRAUD_INSIGHTS": "ofi", "TRANSACTION_FRAUD_INSIGHTS": "tfi", ATI: "ati"}


def train(store: Store, version: ModelVersion, *, strict: bool = False) -> Outcome:
    """Learn from ``version``'s data; ``strict``: a data problem ends in ERROR (the backend's
    training policy, docs/models.md)."""

    rows = gather(store, version)
    if isinstance(rows, str):
        return _unlearned(strict, rows, data_problem=True)
    fraud = sum(rows.fraud)
    legit = len(rows.fraud) - fraud
    if rows.read == 0 and version.training_data_source == "INGESTED_EVENTS":
        window = (version.ingested_events_detail or {}).get("ingestedEventsTimeWindow") or {}
        return _unlearned(
            strict,
            training_messages.training_no_events(version.event_type_name, window),
            data_problem=True,
        )
    if min(fraud, legit) < MIN_PER_CLASS:
        reason = training_messages.training_too_few_labels(fraud, legit, MIN_PER_CLASS)
        return _unlearned(strict, reason, data_problem=True)
    try:
        import sklearn  # noqa: F401
    except ImportError:
        return _unlearned(
            strict, training_messages.training_needs_scikit_learn(), data_problem=False
        )

    variables = _variables(store, version)
    try:
        done = fit(rows, variables, challenge=version.model_type == ATI)
    except ValueError as refused:  # what scikit-learn cannot learn from is a data problem
        return _unlearned(
            strict, training_messages.training_not_learnable(refused), data_problem=True
        )
    validation = _validation(rows, fraud, legit)
    return Outcome(
        failed=False,
        learned=done.model,
        result=_result(validation, done, variables),
        result_v2=_result_v2(validation, done, variables, version.model_type),
    )


def _variables(store: Store, version: ModelVersion) -> list[VariableInfo]:
    infos = []
    for name in version.training_data_schema.get("modelVariables") or []:
        variable = store.variables.get(name)
        if variable is None:  # deleted since the version was created: read as text
            infos.append(VariableInfo(name, "STRING", "CATEGORICAL", ""))
            continue
        infos.append(
            VariableInfo(
                name,
                variable.data_type,
                variable.variable_type or variable.data_type,
                variable.default_value,
            )
        )
    return infos


def _unlearned(strict: bool, reason: str, *, data_problem: bool) -> Outcome:
    failed = data_problem and strict
    if failed:
        message = {
            "title": training_messages.training_insufficient_title(),
            "content": reason,
            "type": "ERROR",
        }
    else:
        message = {
            "title": training_messages.no_model_learned_title(),
            "content": training_messages.no_model_learned(reason),
            "type": "WARNING",
        }
    return Outcome(
        failed=failed,
        learned=None,
        result=_only_validation(message),
        result_v2=_only_validation(message),
    )


def _only_validation(message: dict[str, str]) -> dict[str, Any]:
    return {"dataValidationMetrics": {"fileLevelMessages": [message], "fieldLevelMessages": []}}


def _validation(rows: Rows, fraud: int, legit: int) -> dict[str, Any]:
    summary = training_messages.training_data_summary(
        rows.read, fraud, legit, rows.unlabeled_left_out, rows.unmapped_left_out
    )
    return {
        "fileLevelMessages": [
            {"title": training_messages.training_data_title(), "content": summary, "type": "INFO"}
        ],
        "fieldLevelMessages": [],
    }


def _log_odds(done: Fit, variables: list[VariableInfo]) -> list[dict[str, Any]]:
    return [
        {
            "variableName": each.name,
            "variableType": each.variable_type,
            "variableImportance": done.importance[each.name],
        }
        for each in variables
    ]


def _points(done: Fit) -> list[dict[str, float]]:
    return [
        {"fpr": p.fpr, "precision": p.precision, "tpr": p.tpr, "threshold": p.threshold}
        for p in done.curve
    ]


def _result(validation: dict[str, Any], done: Fit, variables: list[VariableInfo]) -> dict[str, Any]:
    return {
        "dataValidationMetrics": validation,
        "trainingMetrics": {"auc": done.auc, "metricDataPoints": _points(done)},
        "variableImportanceMetrics": {"logOddsMetrics": _log_odds(done, variables)},
    }


def _result_v2(
    validation: dict[str, Any], done: Fit, variables: list[VariableInfo], model_type: str
) -> dict[str, Any]:
    metrics: dict[str, Any]
    if model_type == ATI:
        # ATI's curve: the challenge rate (share of events above the threshold) and the share
        # of takeovers caught (adr, atodr) on the held-out events; asi is their separation, the
        # held-out AUC.
        metrics = {
            "metricDataPoints": [
                {"cr": p.challenged, "adr": p.tpr, "threshold": p.threshold, "atodr": p.tpr}
                for p in done.curve
            ],
            "modelPerformance": {"asi": done.auc},
        }
    else:
        low, high = done.auc_range
        metrics = {
            "metricDataPoints": _points(done),
            "modelPerformance": {
                "auc": done.auc,
                "uncertaintyRange": {"lowerBoundValue": low, "upperBoundValue": high},
            },
        }
    importance = _log_odds(done, variables)
    return {
        "dataValidationMetrics": validation,
        "trainingMetricsV2": {V2_KEY[model_type]: metrics},
        "variableImportanceMetrics": {"logOddsMetrics": importance},
        # Each variable is its own feature here: no variables were combined into one.
        "aggregatedVariablesImportanceMetrics": {
            "logOddsMetrics": [
                {
                    "variableNames": [each["variableName"]],
                    "aggregatedVariablesImportance": each["variableImportance"],
                }
                for each in importance
            ]
        },
    }
