"""GetEventPrediction and batch prediction: version choice, scoring, external models, rules,
records. Imports store/, never the reverse.
"""
