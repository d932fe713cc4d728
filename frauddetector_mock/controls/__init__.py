"""What a test steers: model scores, SageMaker endpoints, faults, status transitions, training
policy. Never imports store/.
"""
