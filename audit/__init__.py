"""The security audit log: who logged in, failed to, logged out, changed roles, exported,
erased, issued or revoked what, from where. Record with ``audit.services.record``;
administrators search it in the Wagtail admin (Reports → Security log)."""
