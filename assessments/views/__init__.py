"""Pages of the assessments part: score grid, answer sheets, score sheets, campaign results import."""
