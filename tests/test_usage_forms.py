"""Every way to switch the mock on: decorator, context manager, start/stop, coroutines, classes,
the pytest fixture, nesting (issue: foundation)."""

from __future__ import annotations

import asyncio
import unittest

import boto3
import pytest

from frauddetector_mock import FraudDetectorMock, get_backend, mock_frauddetector


def label_names(client: object) -> list[str]:
    return [label["name"] for label in client.get_labels()["labels"]]  # type: ignore[attr-defined]


@mock_frauddetector
def test_decorator_without_parentheses() -> None:
    fd = boto3.client("frauddetector", region_name="us-east-1")
    fd.put_label(name="fraud")
    assert label_names(fd) == ["fraud"]


@mock_frauddetector()
def test_decorator_with_parentheses_starts_clean() -> None:
    fd = boto3.client("frauddetector", region_name="us-east-1")
    assert label_names(fd) == []


@mock_frauddetector(account_id="111122223333")
def test_decorator_with_account() -> None:
    fd = boto3.client("frauddetector", region_name="eu-west-1")
    fd.put_label(name="fraud")
    arn = fd.get_labels()["labels"][0]["arn"]
    assert arn == "arn:aws:frauddetector:eu-west-1:111122223333:label/fraud"
    assert get_backend().store("eu-west-1").account_id == "111122223333"


def test_context_manager() -> None:
    with mock_frauddetector() as mock:
        fd = boto3.client("frauddetector", region_name="us-east-1")
        fd.put_label(name="legit")
        assert label_names(fd) == ["legit"]
        assert "legit" in mock.backend.store().labels
    assert not mock.active


def test_start_stop() -> None:
    mock = mock_frauddetector()
    mock.start()
    try:
        fd = boto3.client("frauddetector", region_name="us-east-1")
        fd.put_outcome(name="block")
        assert [o["name"] for o in fd.get_outcomes()["outcomes"]] == ["block"]
    finally:
        mock.stop()
    with pytest.raises(RuntimeError, match="without a matching start"):
        mock.stop()


def test_each_activation_starts_clean() -> None:
    with mock_frauddetector():
        boto3.client("frauddetector", region_name="us-east-1").put_label(name="fraud")
    with mock_frauddetector():
        assert label_names(boto3.client("frauddetector", region_name="us-east-1")) == []


def test_reset_false_keeps_state_across_activations() -> None:
    with mock_frauddetector():
        boto3.client("frauddetector", region_name="us-east-1").put_label(name="fraud")
        with mock_frauddetector(reset=False):  # nested: never resets
            pass
    with mock_frauddetector(reset=False):
        assert label_names(boto3.client("frauddetector", region_name="us-east-1")) == ["fraud"]


def test_nested_mocks_share_state_and_inner_options_apply() -> None:
    with mock_frauddetector():
        fd = boto3.client("frauddetector", region_name="us-east-1")
        fd.put_label(name="outer")
        with mock_frauddetector(account_id="999999999999"):
            inner = boto3.client("frauddetector", region_name="us-east-1")
            assert label_names(inner) == []  # another account
            inner.put_label(name="inner")
        # back to the outer account; the inner account's data is still in the backend
        assert label_names(fd) == ["outer"]
        assert list(get_backend().store(account_id="999999999999").labels) == ["inner"]


@mock_frauddetector
async def test_async_test_function() -> None:
    await asyncio.sleep(0)
    fd = boto3.client("frauddetector", region_name="us-east-1")
    fd.put_entity_type(name="customer")
    assert [e["name"] for e in fd.get_entity_types()["entityTypes"]] == ["customer"]


def test_decorated_coroutine_is_still_a_coroutine_function() -> None:
    import inspect

    @mock_frauddetector
    async def scored() -> list[str]:
        fd = boto3.client("frauddetector", region_name="us-east-1")
        fd.put_label(name="fraud")
        return label_names(fd)

    assert inspect.iscoroutinefunction(scored)
    assert asyncio.run(scored()) == ["fraud"]
    assert not FraudDetectorMock().active


def test_decorator_keeps_name_and_signature() -> None:
    import inspect

    def original(a: int, b: str = "x") -> None:
        """Doc."""

    decorated = mock_frauddetector(original)
    assert decorated.__name__ == "original"
    assert decorated.__doc__ == "Doc."
    assert str(inspect.signature(decorated)) == str(inspect.signature(original))


@mock_frauddetector
class TestUnittestClass(unittest.TestCase):
    def setUp(self) -> None:
        self.fd = boto3.client("frauddetector", region_name="us-east-1")
        self.fd.put_label(name="from_setup")

    def test_setup_data_is_visible(self) -> None:
        self.assertEqual(label_names(self.fd), ["from_setup"])
        self.fd.put_label(name="from_first_test")

    def test_each_test_starts_clean(self) -> None:
        self.assertEqual(label_names(self.fd), ["from_setup"])
        self.fd.put_label(name="from_second_test")

    def tearDown(self) -> None:
        # still inside the mock during tearDown
        self.assertIn("from_setup", label_names(self.fd))


@mock_frauddetector
class TestUnittestClassWithoutSetUp(unittest.TestCase):
    def test_runs_inside_the_mock(self) -> None:
        fd = boto3.client("frauddetector", region_name="us-east-1")
        fd.put_label(name="fraud")
        self.assertEqual(label_names(fd), ["fraud"])


@mock_frauddetector
class TestAsyncUnittestClass(unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self) -> None:
        self.fd = boto3.client("frauddetector", region_name="us-east-1")
        self.fd.put_outcome(name="review")

    async def test_async_setup_data_is_visible(self) -> None:
        await asyncio.sleep(0)
        self.assertEqual([o["name"] for o in self.fd.get_outcomes()["outcomes"]], ["review"])


@mock_frauddetector
class TestPytestClass:
    def setup_method(self, method: object) -> None:
        self.fd = boto3.client("frauddetector", region_name="us-east-1")
        self.fd.put_label(name="from_setup")

    def test_setup_data_is_visible(self) -> None:
        assert label_names(self.fd) == ["from_setup"]
        self.fd.put_label(name="first")

    def test_each_test_starts_clean(self) -> None:
        assert label_names(self.fd) == ["from_setup"]
        self.fd.put_label(name="second")

    def teardown_method(self) -> None:
        assert "from_setup" in label_names(self.fd)


@mock_frauddetector
class TestPytestClassWithoutSetup:
    def test_one(self) -> None:
        fd = boto3.client("frauddetector", region_name="us-east-1")
        fd.put_label(name="one")
        assert label_names(fd) == ["one"]

    def test_two(self) -> None:
        fd = boto3.client("frauddetector", region_name="us-east-1")
        assert label_names(fd) == []

    async def test_async_method(self) -> None:
        fd = boto3.client("frauddetector", region_name="us-east-1")
        fd.put_label(name="async")
        assert label_names(fd) == ["async"]


def test_class_decorator_returns_the_class() -> None:
    class Plain:
        def test_x(self) -> str:
            return label_names(boto3.client("frauddetector", region_name="us-east-1")).__repr__()

    decorated = mock_frauddetector(Plain)
    assert decorated is Plain
    assert Plain().test_x() == "[]"  # called without setup_method, the test method still mocks


def test_fixture_yields_client_backend_and_store(frauddetector) -> None:  # type: ignore[no-untyped-def]
    frauddetector.client.put_label(name="fraud", description="confirmed fraud")
    label = frauddetector.store.labels["fraud"]
    assert label.description == "confirmed fraud"
    assert frauddetector.backend.calls[-1].operation == "PutLabel"
    assert frauddetector.region == "us-east-1"


@pytest.mark.frauddetector(region="eu-west-1", account_id="444455556666")
def test_fixture_options_through_the_marker(frauddetector) -> None:  # type: ignore[no-untyped-def]
    frauddetector.client.put_outcome(name="block")
    arn = frauddetector.client.get_outcomes()["outcomes"][0]["arn"]
    assert arn == "arn:aws:frauddetector:eu-west-1:444455556666:outcome/block"
    assert frauddetector.store.region == "eu-west-1"


# Generators: a decorated yield fixture is mocked from its first step until it finishes --------


@pytest.fixture
@mock_frauddetector
def labelled_client():  # type: ignore[no-untyped-def]
    client = boto3.client("frauddetector", region_name="us-east-1")
    client.put_label(name="fraud")
    yield client
    # teardown still runs inside the mock: the label made in the test is there
    assert label_names(client) == ["fraud", "legit"]
    client.delete_label(name="legit")


def test_a_decorated_yield_fixture_keeps_the_mock_on_for_the_test(labelled_client) -> None:  # type: ignore[no-untyped-def]
    labelled_client.put_label(name="legit")
    assert label_names(labelled_client) == ["fraud", "legit"]


def test_a_decorated_generator_is_on_until_it_finishes() -> None:
    from frauddetector_mock.wire.hooks import STATE

    @mock_frauddetector
    def steps():  # type: ignore[no-untyped-def]
        client = boto3.client("frauddetector", region_name="us-east-1")
        received = yield "started"
        client.put_label(name=received)
        yield label_names(client)

    assert STATE.backend is None
    generator = steps()
    assert next(generator) == "started"
    assert STATE.backend is get_backend()
    assert generator.send("fraud") == ["fraud"]
    with pytest.raises(StopIteration):
        next(generator)
    assert STATE.backend is None


async def test_a_decorated_async_generator_is_on_until_it_finishes() -> None:
    from frauddetector_mock.wire.hooks import STATE

    @mock_frauddetector
    async def steps():  # type: ignore[no-untyped-def]
        client = boto3.client("frauddetector", region_name="us-east-1")
        received = yield "started"
        client.put_label(name=received)
        yield label_names(client)

    generator = steps()
    assert await generator.__anext__() == "started"
    assert STATE.backend is get_backend()
    assert await generator.asend("fraud") == ["fraud"]
    with pytest.raises(StopAsyncIteration):
        await generator.__anext__()
    assert STATE.backend is None


def test_closing_a_decorated_generator_early_stops_the_mock() -> None:
    from frauddetector_mock.wire.hooks import STATE

    @mock_frauddetector
    def steps():  # type: ignore[no-untyped-def]
        yield 1
        yield 2

    generator = steps()
    next(generator)
    generator.close()
    assert STATE.backend is None
