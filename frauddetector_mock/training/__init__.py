"""A model version's training: rows from stored events or S3, fitting, metrics. Handed to the store
as a trainer.
"""
