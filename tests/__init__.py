"""The test suite of frauddetector_mock.

Docstrings tag where a behaviour comes from: [D] AWS documents it (API reference, user guide,
botocore's service model); [O] real answers of the service show it (AWS's sample notebooks,
users' pasted output); [C] AWS's CloudFormation handlers for Fraud Detector encode it; [S] a
secondary source says so; [I] our inference; [?] AWS says nothing and we decided
(docs/behaviour.md records each such decision).
"""
