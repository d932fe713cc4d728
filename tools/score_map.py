"""Draws docs/images/score_map.png, the map from a rate to a learned model's score
(frauddetector_mock/training/calibration.py): ``python -m tools.score_map``. Needs matplotlib.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from frauddetector_mock.training.calibration import cr_score, fpr_score

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "docs" / "images" / "score_map.png"
# AWS's thresholds: FPR 1-6 % from a saved training result, 10 % from the "Model scores" page.
FPR_ANCHORS = [(0.01, 955), (0.02, 905), (0.03, 860), (0.04, 820), (0.05, 775), (0.06, 740)]
FPR_PAGE = [(0.10, 600), (0.02, 900)]
CR_PAGE = [(0.05, 500), (0.001, 900)]  # ATI, the "Model scores" page


def draw(path: Path) -> None:
    # matplotlib is the plot extra's: only this tool needs it.
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (ofi, ati) = plt.subplots(1, 2, figsize=(11, 4.2))
    rates = [step / 2000 for step in range(2001)]
    ofi.plot(rates, [fpr_score(r) for r in rates], color="tab:blue", label="the mock's map")
    ofi.scatter(*zip(*FPR_ANCHORS, strict=True), color="tab:red", zorder=3, label="AWS output")
    ofi.scatter(
        *zip(*FPR_PAGE, strict=True), color="black", marker="x", zorder=3, label="AWS's page"
    )
    ofi.set_xlim(0, 0.3)
    ofi.set_title("OFI, TFI: 1000 * (1 - FPR) ** 4.848")
    ofi.set_xlabel("false positive rate of a threshold at the score")
    ofi.set_ylabel("score")
    ofi.legend()
    ofi.grid(alpha=0.3)
    ati.plot(rates, [cr_score(r) for r in rates], color="tab:green", label="the mock's map")
    ati.scatter(
        *zip(*CR_PAGE, strict=True), color="black", marker="x", zorder=3, label="AWS's page"
    )
    ati.set_xlim(0, 0.3)
    ati.set_title("ATI: 1000 * (1 - CR ** 0.4499) ** 2.304")
    ati.set_xlabel("challenge rate of a threshold at the score")
    ati.legend()
    ati.grid(alpha=0.3)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=80, metadata={"Software": None})
    plt.close(figure)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    draw(parser.parse_args(argv).path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
