"""Interception (frauddetector_mock/wire/intercept.py): requests the mock cannot answer."""


def unmocked_client(url: str) -> str:
    return (
        f"A Fraud Detector request to {url} was stopped: the mock is on, but this client was "
        "made before frauddetector_mock was imported, so the mock cannot answer it, and it must "
        "not reach AWS. Make the client after importing frauddetector_mock, or route it through "
        "the mock: mock = mock_frauddetector(); mock.start(); mock.attach(client)."
    )
