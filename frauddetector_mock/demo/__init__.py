"""The real-time fraud pipeline demo: producer, stream processor, consumers, summary."""

from frauddetector_mock.demo.command import add_demo_parser
from frauddetector_mock.demo.pipeline import run

__all__ = ["add_demo_parser", "run"]
