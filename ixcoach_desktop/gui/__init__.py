"""The Qt window. Talks to services only; never to storage or SQL."""
