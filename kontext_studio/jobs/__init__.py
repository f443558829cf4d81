"""The job engine: state machine, rate limiter, poll schedule, downloads, resume."""
