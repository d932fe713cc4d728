"""Running the real AWS CLI (the awscli package) against a server, as a user's shell does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

AWS = (sys.executable, "-m", "awscli", "frauddetector")


def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_EC2_METADATA_DISABLED="true",
        AWS_CONFIG_FILE=str(tmp_path / "no-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "no-credentials"),
    )
    return env


def aws(endpoint_url: str, env: dict[str, str], *args: str) -> Any:
    """``aws frauddetector ARGS --output json``; its printed JSON, or None when it prints none."""
    done = subprocess.run(
        [*AWS, *args, "--endpoint-url", endpoint_url, "--output", "json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) if done.stdout.strip() else None
