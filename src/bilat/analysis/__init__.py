"""Analysis over extracted records: pure functions, no SQL, no I/O beyond packaged data.

fusion (mentions -> events), timeline (filters, TimelineJS3), index (cooperation-conflict
score per period), phases (change points), themes (theme and driver tags), figures
(quantitative claims and conflicts), recommendations (policy proposals), sources
(publisher profiles), search (full-text sentence search).
"""
