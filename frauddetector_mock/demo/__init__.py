"""The real-time fraud pipeline demo: producer, stream processor, consumers, summary."""

from frauddetector_mock.demo.pipeline import add_demo_parser, run

__all__ = ["add_demo_parser", "run"]
