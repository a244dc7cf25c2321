"""Share images: each data card as PNGs for social media, drawn by the memo's own HTML, CSS and fonts."""

from .cards import SIZES, ShareImage, render_share_cards

__all__ = ["SIZES", "ShareImage", "render_share_cards"]
