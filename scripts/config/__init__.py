"""Configuration: the project's paths, its settings files read safely, and the one problem type of every rule."""
