"""Training: the shared accelerate loop, the NER and relation tasks, outputs."""
