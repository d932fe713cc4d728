"""The stream processor of AWS's real-time fraud prevention blog as a PyFlink Table API job.

    python flink_job.py INPUT OUTPUT --endpoint-url http://127.0.0.1:5000 \\
        --detector-id transaction_fraud_detector --event-type transaction_event --parallelism 2

Transactions arrive as files of JSON lines in the folder INPUT, one object per transaction. Each
is scored with GetEventPrediction *without* a detector version, so the detector's ACTIVE version
answers: a newly activated version takes over with no restart of this job. Each transaction
goes on to the folder OUTPUT with its outcome, the rule that decided and the model score.

The job runs until it is cancelled (Ctrl-C here, ``flink cancel`` on a cluster). Without
``--endpoint-url`` it calls Amazon Fraud Detector itself. This file imports nothing of
frauddetector-mock: copy it, and on a cluster swap the two tables for Kafka topics
(docs/pipeline.md).
"""

from __future__ import annotations

import argparse
from typing import Any

import boto3
from pyflink.common import Row
from pyflink.table import EnvironmentSettings, TableEnvironment
from pyflink.table.udf import FunctionContext, ScalarFunction, udf

ENTITY_TYPE = "customer"
# A transaction's columns that are not event variables; every other column is sent as one.
KEYS = ("event_id", "event_time", "entity_id")


def transactions_table(folder: str) -> str:
    """The source: the JSON lines files that arrive in ``folder``, looked for every second."""
    return f"""
        CREATE TABLE transactions (
            event_id STRING,
            event_time STRING,
            entity_id STRING,
            transaction_amt STRING,
            transaction_currency STRING,
            email_address STRING,
            ip_address STRING,
            card_bin STRING,
            billing_state STRING,
            billing_city STRING,
            billing_zip STRING,
            user_agent STRING,
            product_category STRING
        ) WITH (
            'connector' = 'filesystem',
            'path' = '{folder}',
            'format' = 'json',
            'source.monitor-interval' = '1 s'
        )"""


def processed_table(folder: str) -> str:
    """The sink: each transaction's columns, then what the detector made of it, as JSON lines
    in ``folder``. A file shows (loses its leading dot) once a checkpoint has committed it."""
    return f"""
        CREATE TABLE processed_transactions (
            outcome STRING,
            rule STRING,
            model_score DOUBLE
        ) WITH (
            'connector' = 'filesystem',
            'path' = '{folder}',
            'format' = 'json',
            'sink.rolling-policy.rollover-interval' = '1 s',
            'sink.rolling-policy.check-interval' = '1 s'
        ) LIKE transactions (EXCLUDING OPTIONS)"""


class GetEventPrediction(ScalarFunction):  # type: ignore[misc]  # pyflink has no type hints
    """One transaction in, the transaction with its outcome, rule and model score out."""

    def __init__(
        self, endpoint_url: str | None, region: str, detector_id: str, event_type: str
    ) -> None:
        self.endpoint_url = endpoint_url
        self.region = region
        self.detector_id = detector_id
        self.event_type = event_type
        self.client: Any = None

    def open(self, function_context: FunctionContext) -> None:
        # One client per subtask, made where the subtask runs: a client cannot be pickled.
        self.client = boto3.client(
            "frauddetector", region_name=self.region, endpoint_url=self.endpoint_url
        )

    def eval(self, transaction: Row) -> Row:
        fields = transaction.as_dict()
        response = self.client.get_event_prediction(
            detectorId=self.detector_id,  # and no detectorVersionId: the ACTIVE version answers
            eventId=fields["event_id"],
            eventTypeName=self.event_type,
            eventTimestamp=fields["event_time"],
            entities=[{"entityType": ENTITY_TYPE, "entityId": fields["entity_id"]}],
            eventVariables={
                name: value
                for name, value in fields.items()
                if name not in KEYS and value is not None
            },
        )
        # The rules run FIRST_MATCHED: the first rule that matched decides.
        matched = response["ruleResults"]
        outcomes = [outcome for result in matched for outcome in result["outcomes"]]
        models = response["modelScores"]
        return Row(
            *transaction,
            outcomes[0] if outcomes else "none",
            matched[0]["ruleId"] if matched else None,
            next(iter(models[0]["scores"].values()), None) if models else None,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="the folder the transactions arrive in")
    parser.add_argument("output", help="the folder of the processed transactions")
    parser.add_argument("--endpoint-url", help="a Fraud Detector endpoint (default: AWS's)")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--detector-id", default="transaction_fraud_detector")
    parser.add_argument("--event-type", default="transaction_event")
    parser.add_argument("--parallelism", type=int, default=2)
    args = parser.parse_args()

    t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    t_env.get_config().set("parallelism.default", str(args.parallelism))
    # A checkpoint each second: the filesystem sink shows its files at checkpoints, and a job
    # that restarts resumes from the last one.
    t_env.get_config().set("execution.checkpointing.interval", "1 s")
    t_env.execute_sql(transactions_table(args.input))
    t_env.execute_sql(processed_table(args.output))

    sink = t_env.from_path("processed_transactions").get_resolved_schema()
    predict = udf(
        GetEventPrediction(args.endpoint_url, args.region, args.detector_id, args.event_type),
        result_type=sink.to_physical_row_data_type(),
    )
    processed = t_env.from_path("transactions").map(predict)
    processed.execute_insert("processed_transactions").wait()


if __name__ == "__main__":
    main()
