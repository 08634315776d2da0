"""The course machinery: exercise checks for the lessons, and learner copies.

``workbook.checks`` is what a lesson's check cells import; ``workbook.student`` makes
the learner copies (``make student``). Neither is about HTTP: the lessons are.
"""
