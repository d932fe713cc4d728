"""The service's modelled errors, each knowing its wire code and HTTP status (docs/behaviour.md,
"Protocol and errors")."""

from __future__ import annotations

from typing import ClassVar


class FraudDetectorError(Exception):
    """Base of every error the mock answers with; handlers raise these, never return them."""

    code: ClassVar[str] = "InternalServerException"
    status: ClassVar[int] = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationException(FraudDetectorError):
    code = "ValidationException"


class ResourceNotFoundException(FraudDetectorError):
    code = "ResourceNotFoundException"


class ConflictException(FraudDetectorError):
    code = "ConflictException"


class AccessDeniedException(FraudDetectorError):
    code = "AccessDeniedException"


class ThrottlingException(FraudDetectorError):
    code = "ThrottlingException"


class ResourceUnavailableException(FraudDetectorError):
    code = "ResourceUnavailableException"


class InternalServerException(FraudDetectorError):
    code = "InternalServerException"
    status = 500


# Errors that exist before an operation is known; AWS answers these with its own codes.
class UnknownOperationException(FraudDetectorError):
    code = "UnknownOperationException"


class SerializationException(FraudDetectorError):
    code = "SerializationException"


class NotImplementedOperation(FraudDetectorError):
    """An operation of the model that the mock does not answer yet.

    Deliberately not one of the service's codes: a test must never mistake a gap in the mock for
    a behaviour of Fraud Detector.
    """

    code = "NotImplemented"
    status = 501


MODELLED: dict[str, type[FraudDetectorError]] = {
    cls.code: cls
    for cls in (
        ValidationException,
        ResourceNotFoundException,
        ConflictException,
        AccessDeniedException,
        ThrottlingException,
        ResourceUnavailableException,
        InternalServerException,
    )
}
