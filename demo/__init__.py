"""Val-des-Aulnes, the invented commune ``make demo`` loads: content and every channel's demo.

This package sits above every other one: it may import content and channel
apps to fill them, and nothing imports it (import-linter checks both).
"""
