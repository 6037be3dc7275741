"""Dashboards: the trainee's home (what next and by when, progress, certificates) and the
instructor's (cohorts, grading queue, learners at risk). They compose reads of the domain
apps below ``cms``; the charts are server-rendered SVG with their numbers in words."""
