"""What the knowledge base is made of, in one place: its languages, its programme
periods, its folders and its kinds of records. A new period (2028-2034) or a new
record kind is a change here plus data."""
from __future__ import annotations

# Languages: the first is the default (the site's root); the others live in a folder
# of their name (/sv/).
LANGS = ("fi", "sv")
DEFAULT_LANG = LANGS[0]

# Programme periods, oldest first; the last is the current one (the quiz evaluates its
# actions only, tables and pages call it current).
PERIODS = ("2014-2020", "2021-2027")
CURRENT_PERIOD = PERIODS[-1]
