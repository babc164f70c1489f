"""zonener: entities and relations from Chinese industrial-park news."""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Extractor", "__version__"]


def __getattr__(name: str):
    if name == "Extractor":  # imported lazily: torch is heavy
        from .predict import Extractor

        return Extractor
    raise AttributeError(name)
