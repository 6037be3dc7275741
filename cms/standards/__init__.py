"""The standards' public pages and the instructors' coverage report.

They combine three apps — a standard (``competencies``), the courses and modules that prepare
for it (``courses``) and the items that measure it (``assessments``) — so they live here, at
the top of the dependency direction, and call each app's selectors directly.
"""
