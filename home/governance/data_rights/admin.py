"""The administrators' data-rights screens (issue 10)."""
