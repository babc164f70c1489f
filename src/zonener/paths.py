"""Project paths and the OmegaConf resolvers the Hydra configs use."""
from __future__ import annotations

from pathlib import Path

from omegaconf import OmegaConf

#: the repository root (``configs/``, ``seeds/``, ``data/`` live here)
PROJECT_ROOT = Path(__file__).resolve().parents[2]
CONFIG_DIR = PROJECT_ROOT / "configs"


def register_resolvers() -> None:
    """``${zonener.root:}`` → the repository root, whatever the working directory."""
    if not OmegaConf.has_resolver("zonener.root"):
        OmegaConf.register_new_resolver("zonener.root", lambda: str(PROJECT_ROOT))
