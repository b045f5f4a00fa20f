""""For you": the day's papers ranked by a model of the user's own library.

Everything here runs on the user's machine from the library database: a
tf-idf representation of titles and abstracts (``vectors``), a weighted
logistic model trained on what the user added, tagged, queued, read, rated
and skipped (``training``), stored in the library folder (``store``), and
used to rank a day with a reason per paper, to find similar papers and to
suggest tags (``ranking``). Mute rules (``mute``) drop papers before ranking.
"""
