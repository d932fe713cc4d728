"""What a training without usable data ends in: the user decides (docs/models.md).

Most tests that create model versions only exercise set-up code, as AWS's samples do, with no
training data behind them. By default such a training still completes: the version scores with
the mock's default scorer and its training result says that no model was learned and why.
``strict()`` makes it fail as AWS's would instead: status ERROR, with the data validation
messages. ``mock_frauddetector(strict_training=True)`` sets the same for every test under that
mock; ``strict()`` / ``lenient()`` set it for one test and, used as context managers, restore
the previous choice on exit. ``reset()`` (every outermost mock) forgets the per-test choice.
"""

from __future__ import annotations

from frauddetector_mock.controls.undo import Undo


class TrainingPolicy:
    def __init__(self) -> None:
        self.mock_strict = False  # the innermost mock's ``strict_training``
        self._chosen: bool | None = None  # the test's own choice, which wins

    @property
    def is_strict(self) -> bool:
        return self.mock_strict if self._chosen is None else self._chosen

    def strict(self) -> Undo:
        """Trainings without usable data end in ERROR, as AWS's."""
        return self._choose(True)

    def lenient(self) -> Undo:
        """Trainings without usable data complete with the default scorer (the default)."""
        return self._choose(False)

    def reset(self) -> None:
        self._chosen = None

    def _choose(self, strict: bool) -> Undo:
        before = self._chosen
        self._chosen = strict

        def undo() -> None:
            self._chosen = before

        return Undo(undo)
