"""mediasearch: search and browse the ILO's media archive on labour migration."""

__version__ = "0.1.0"
