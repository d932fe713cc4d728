"""Model version numbers are decimals: ``1.0`` and ``1.00`` name one version, ``1.1`` names
``1.10``, in every operation that takes a ``modelVersionNumber``; answers carry the number the
service gave (docs/behaviour.md, "Models and model versions")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.config import Config

from frauddetector_mock.store import Store
from tests.errors import refused
from tests.store.test_models import ARN, EXTERNAL, OFI, create_model, detector_with_model, train
from tests.store.test_models import set_up as set_up_event_types

MODEL = {"modelId": "fraud_model", "modelType": OFI}
VERSION_ARN = f"{ARN}:model-version/ONLINE_FRAUD_INSIGHTS/fraud_model"
PATTERN = r"^[1-9][0-9]{0,3}\.[0-9]{1,2}$"  # botocore's floatVersionString


@pytest.fixture
def fd(client: Any) -> Any:
    """The OFI model ``fraud_model`` on ``registration`` (tests/store/test_models.py)."""
    set_up_event_types(client)
    create_model(client)
    return client


def numbers(client: Any, **params: Any) -> list[str]:
    details = client.describe_model_versions(**params)["modelVersionDetails"]
    return [d["modelVersionNumber"] for d in details]


def retrain(client: Any) -> str:
    number: str = client.update_model_version(
        **MODEL, majorVersionNumber="1", externalEventsDetail=EXTERNAL
    )["modelVersionNumber"]
    return number


def get(client: Any, number: str) -> dict[str, Any]:
    response: dict[str, Any] = client.get_model_version(**MODEL, modelVersionNumber=number)
    return response


@pytest.mark.parametrize("written", ["1.0", "1.00"])
def test_every_operation_on_a_version_takes_its_number_as_a_decimal(fd: Any, written: str) -> None:
    """GetModelVersion, DescribeModelVersions, UpdateModelVersionStatus (both ways) and
    DeleteModelVersion find version 1.0 as ``1.00`` too, and answer ``1.0``."""
    assert train(fd) == "1.0"
    answer = get(fd, written)
    assert (answer["modelVersionNumber"], answer["arn"]) == ("1.0", f"{VERSION_ARN}/1.0")
    assert numbers(fd, modelId="fraud_model", modelVersionNumber=written) == ["1.0"]
    fd.update_model_version_status(**MODEL, modelVersionNumber=written, status="ACTIVE")
    assert get(fd, "1.0")["status"] == "ACTIVE"
    fd.update_model_version_status(**MODEL, modelVersionNumber=written, status="INACTIVE")
    assert get(fd, "1.0")["status"] == "TRAINING_COMPLETE"
    fd.delete_model_version(**MODEL, modelVersionNumber=written)
    assert numbers(fd) == []


def test_one_decimal_and_two_name_the_same_minor_version(fd: Any, store: Store) -> None:
    """``1.1`` is ``1.10`` (the tenth retraining), never ``1.01`` (the first)."""
    train(fd)
    assert [retrain(fd) for _ in range(10)][0::9] == ["1.01", "1.10"]
    assert get(fd, "1.1")["modelVersionNumber"] == "1.10"
    assert get(fd, "1.10")["modelVersionNumber"] == "1.10"
    assert get(fd, "1.01")["modelVersionNumber"] == "1.01"
    assert numbers(fd, modelId="fraud_model", modelType=OFI, modelVersionNumber="1.1") == ["1.10"]
    fd.delete_model_version(**MODEL, modelVersionNumber="1.1")
    assert "1.10" not in numbers(fd)
    assert "1.01" in numbers(fd)
    refused(
        lambda: get(fd, "1.1"),
        "ResourceNotFoundException",
        "The model version '1.1' of model 'fraud_model' (ONLINE_FRAUD_INSIGHTS) does not exist.",
        unchanged=store,
    )


def test_update_model_version_answers_the_number_the_service_gave(fd: Any) -> None:
    """UpdateModelVersion takes a whole major number (wholeNumberVersionString) and answers the
    new minor version as ``1.01``, the form every other answer uses."""
    train(fd)
    response = fd.update_model_version(
        **MODEL, majorVersionNumber="1", externalEventsDetail=EXTERNAL
    )
    assert (response["modelVersionNumber"], response["status"]) == ("1.01", "TRAINING_IN_PROGRESS")
    assert get(fd, "1.01")["arn"] == f"{VERSION_ARN}/1.01"
    assert numbers(fd, modelId="fraud_model", modelVersionNumber="1.01") == ["1.01"]


def test_a_detector_version_made_with_1_00_answers_1_0(fd: Any, store: Store) -> None:
    """CreateDetectorVersion and UpdateDetectorVersion take ``1.00`` (as public scripts write
    it, docs/behaviour.md); GetDetectorVersion answers ``1.0`` and the version's ARN, and the
    model version counts as used under either form."""
    train(fd)
    fd.update_model_version_status(**MODEL, modelVersionNumber="1.00", status="ACTIVE")
    version = detector_with_model(fd, number="1.00", rule="$fraud_model_insightscore > 900")
    expected = [{**MODEL, "modelVersionNumber": "1.0", "arn": f"{VERSION_ARN}/1.0"}]
    answer = fd.get_detector_version(detectorId="shop", detectorVersionId=version)
    assert answer["modelVersions"] == expected
    fd.update_detector_version(
        detectorId="shop",
        detectorVersionId=version,
        externalModelEndpoints=[],
        rules=[{"detectorId": "shop", "ruleId": "risky", "ruleVersion": "1"}],
        modelVersions=[{**MODEL, "modelVersionNumber": "1.00"}],
    )
    answer = fd.get_detector_version(detectorId="shop", detectorVersionId=version)
    assert answer["modelVersions"] == expected
    refused(
        lambda: fd.update_model_version_status(
            **MODEL, modelVersionNumber="1.00", status="INACTIVE"
        ),
        "ConflictException",
        "The model version 'fraud_model/1.0' is used by detector versions: shop/1.",
        unchanged=store,
    )


def test_a_prediction_names_the_version_as_the_service_numbered_it(fd: Any, store: Store) -> None:
    """A detector version kept with ``1.00`` (a state saved before numbers were kept as the
    service gave them) still scores with version 1.0 and says ``1.0`` in the answer and in
    the prediction's record."""
    train(fd)
    fd.update_model_version_status(**MODEL, modelVersionNumber="1.0", status="ACTIVE")
    version = detector_with_model(fd)
    store.detectors["shop"].versions[version].model_versions[0]["modelVersionNumber"] = "1.00"
    answer = fd.get_event_prediction(
        detectorId="shop",
        detectorVersionId=version,
        eventId="reg_1",
        eventTypeName="registration",
        eventTimestamp="2024-03-01T09:00:00Z",
        entities=[{"entityType": "customer", "entityId": "cust_1"}],
        eventVariables={"email_address": "a@example.com", "ip_address": "1.2.3.4"},
    )
    assert answer["modelScores"][0]["modelVersion"] == {**MODEL, "modelVersionNumber": "1.0"}
    assert store.predictions[-1].model_evaluations[0]["modelVersion"] == "1.0"


# Numbers that are no decimals: refused by validation, as before --------------------------------


def _detector_version(client: Any, number: str) -> Any:
    return client.create_detector_version(
        detectorId="shop",
        rules=[{"detectorId": "shop", "ruleId": "risky", "ruleVersion": "1"}],
        modelVersions=[{**MODEL, "modelVersionNumber": number}],
    )


CALLS: dict[str, tuple[str, Callable[[Any, str], Any]]] = {
    "GetModelVersion": ("modelVersionNumber", lambda c, n: get(c, n)),
    "DescribeModelVersions": (
        "modelVersionNumber",
        lambda c, n: c.describe_model_versions(modelId="fraud_model", modelVersionNumber=n),
    ),
    "UpdateModelVersionStatus": (
        "modelVersionNumber",
        lambda c, n: c.update_model_version_status(**MODEL, modelVersionNumber=n, status="ACTIVE"),
    ),
    "DeleteModelVersion": (
        "modelVersionNumber",
        lambda c, n: c.delete_model_version(**MODEL, modelVersionNumber=n),
    ),
    "CreateDetectorVersion": ("modelVersions.1.member.modelVersionNumber", _detector_version),
}


LENGTH = "failed to satisfy constraint: Member must have length greater than or equal to 3"
PATTERN_ERROR = (
    f"failed to satisfy constraint: Member must satisfy regular expression pattern: {PATTERN}"
)


@pytest.mark.parametrize("operation", list(CALLS))
@pytest.mark.parametrize(
    ("number", "errors"),
    [("1", [LENGTH, PATTERN_ERROR]), ("1.000", [PATTERN_ERROR]), ("01.0", [PATTERN_ERROR])],
)
def test_a_number_that_is_no_decimal_is_refused(
    fd: Any, store: Store, operation: str, number: str, errors: list[str]
) -> None:
    """botocore's pattern wants a point and one or two decimals; a client that does not check
    (``parameter_validation=False``, another SDK) gets the service's ValidationException."""
    train(fd)
    unchecked = boto3.client(
        "frauddetector", region_name="us-east-1", config=Config(parameter_validation=False)
    )
    member, call = CALLS[operation]
    count = "1 validation error" if len(errors) == 1 else f"{len(errors)} validation errors"
    details = "; ".join(f"Value '{number}' at '{member}' {error}" for error in errors)
    refused(
        lambda: call(unchecked, number),
        "ValidationException",
        f"{count} detected: {details}",
        unchanged=store,
    )
