"""Curation: from an article's text to reviewed rows in a data folder.

``add_article`` copies an article into a data folder and writes a review file
of proposed rows (:mod:`.propose`); the curator edits it; ``merge_review``
validates it together with the folder and merges all of it or nothing
(:mod:`.merge`). ``init_folder`` starts a new, empty folder.
"""

from .article import Added, ArticleError, add_article, decode_article
from .folder import init_folder
from .merge import MergeRefused, MergeResult, merge_review
from .propose import Context, Proposals, propose

__all__ = ["Added", "ArticleError", "Context", "MergeRefused", "MergeResult", "Proposals", "add_article",
           "decode_article", "init_folder", "merge_review", "propose"]
