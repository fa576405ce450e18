"""Learning from the municipality's own confirmed work: examples, model versions, retraining."""
