"""Model-side code: tokenizer alignment, model loading, NER and relation models."""
