"""Least privilege as one table: which role may use which URL, by verb (issue 16).

Each rule names URLs (their ``namespace:name``, ``fnmatch`` wildcards allowed; the first
matching rule wins) and, for GET and for POST, one letter per role in ``ROLES`` order:

* ``A`` allowed: the view answers (a page, a redirect elsewhere, a form error);
* ``R`` refused: 403, 404 or 405, or Wagtail's "no permission" redirect to the admin home;
* ``L`` login: sent to a login page (the site's, or the admin's for the Wagtail admin).

``tests/cms/test_access_table.py`` walks every URL pattern of the project, Wagtail's
included, asks each as every role with both verbs and compares with this table; a URL no
rule names fails it. Object views are asked about objects that do not exist, so for them
"allowed" also accepts a 404 — their per-object rules have tests of their own
(``courses.permissions``, ``assessments`` evaluation, certificates' documents).
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

ROLES = ("anonymous", "trainee", "instructor", "evaluator", "administrator")


@dataclass(frozen=True)
class Rule:
    names: tuple[str, ...]
    get: str
    post: str
    why: str = ""


# Shorthands: anonymous, trainee, instructor, evaluator, administrator.
EVERYONE = "AAAAA"
SIGNED_IN = "LAAAA"  # the site sends a visitor to its login page
NOBODY = "RRRRR"  # the verb is not served (405) or the object cannot exist here
STAFF = "LLALA"  # Wagtail admin: instructors and administrators (others to the admin login)
ADMINISTRATORS = "LLRLA"  # Wagtail admin, administrators only
ADMIN_NOBODY = "LLRLR"  # Wagtail admin, refused to every role (superusers only, or no such view)

RULES: tuple[Rule, ...] = (
    # --- the public site --------------------------------------------------------------------
    Rule(
        ("wagtail_serve", "wagtailcore_authenticate_with_password"),
        EVERYONE,
        EVERYONE,
        "pages, Wagtail's serving",
    ),
    Rule(("switch-language",), EVERYONE, EVERYONE),
    Rule(("credentials:*",), EVERYONE, NOBODY, "the issuer's DID document, status lists"),
    Rule(
        ("certificates:verify*", "certificates:credential"),
        EVERYONE,
        NOBODY,
        "verification, anyone, without an account",
    ),
    Rule(("certificates:check_pdf", "certificates:check_credential"), EVERYONE, EVERYONE),
    Rule(("competencies:standard-coverage",), SIGNED_IN, SIGNED_IN),
    Rule(("competencies:*",), EVERYONE, EVERYONE),
    Rule(
        (
            "accounts:signup",
            "accounts:login",
            "accounts:password_reset",
            "accounts:password_reset_confirm",
        ),
        EVERYONE,
        EVERYONE,
    ),
    Rule(
        (
            "accounts:signup_sent",
            "accounts:password_reset_done",
            "accounts:password_reset_complete",
            "privacy:notice",
        ),
        EVERYONE,
        NOBODY,
    ),
    Rule(("accounts:logout",), NOBODY, EVERYONE, "log out by POST only"),
    # --- a signed-in person's own things ---------------------------------------------------
    Rule(("accounts:profile", "privacy:accept", "certificates:mine"), SIGNED_IN, SIGNED_IN),
    Rule(("accounts:notification*",), SIGNED_IN, SIGNED_IN, "one's own notifications"),
    Rule(("privacy:my_data", "privacy:download"), SIGNED_IN, "LRRRR"),
    Rule(("privacy:erasure_request", "privacy:request"), "LRRRR", SIGNED_IN),
    Rule(("dashboard", "assessments:progress"), SIGNED_IN, "LRRRR"),
    Rule(("certificates:learner_record",), "LRRRR", "LRRRR", "404 until one holds a certificate"),
    Rule(
        ("courses:enroll", "courses:module-complete", "courses:reflection-save"),
        "LRRRR",
        SIGNED_IN,
        "POST only",
    ),
    Rule(
        ("assessments:attempt_autosave", "assessments:attempt_flag"),
        "LRRRR",
        SIGNED_IN,
        "the attempt's owner (128-bit id)",
    ),
    Rule(
        (
            "assessments:quiz_*",
            "assessments:attempt*",
            "assessments:progress_*",
            "certificates:download",
            "certificates:document_*",
            "courses:cohort",
        ),
        SIGNED_IN,
        SIGNED_IN,
        "the object's owner or those its rule names (404 for anyone else)",
    ),
    # --- evaluators and staff on the site -------------------------------------------------
    Rule(("assessments:evaluation_candidates",), "LRRAR", "LRRRR", "evaluators only"),
    Rule(
        ("assessments:evaluation*", "assessments:evidence_photo"),
        "LRRAR",
        "LRRAR",
        "evaluators of the candidate's cohort (courses.permissions.evaluation_candidates)",
    ),
    Rule(
        ("teaching-dashboard", "assessments:grading_queue", "assessments:reports"),
        "LRARA",
        "LRRRR",
        "instructors and administrators",
    ),
    Rule(
        ("assessments:grading_answer", "assessments:report_*"),
        "LRARA",
        "LRARA",
        "instructors of the cohort, administrators",
    ),
    # --- the Wagtail admin: outside it ----------------------------------------------------
    Rule(
        (
            "wagtailadmin_sprite",
            "wagtailadmin_password_reset",
            "wagtailadmin_password_reset_confirm",
        ),
        EVERYONE,
        EVERYONE,
    ),
    Rule(
        (
            "wagtailadmin_password_reset_done",
            "wagtailadmin_password_reset_complete",
            "wagtailadmin_javascript_catalog",
        ),
        EVERYONE,
        NOBODY,
    ),
    Rule(("wagtailadmin_login",), "AARAR", EVERYONE, "staff already in are sent on"),
    Rule(("wagtailadmin_logout",), NOBODY, "LLLLL", "POST only; then to the login page"),
    Rule(("wagtaildocs_serve",), EVERYONE, EVERYONE, "documents follow their collection"),
    Rule(("wagtaildocs_authenticate_with_password", "wagtailcore_login"), NOBODY, NOBODY),
    # --- superusers only (no role holds these permissions) -------------------------------
    Rule(
        (
            "wagtailusers_groups:*",
            "wagtailsites:*",
            "wagtaillocales:*",
            "wagtailredirects:*",
            "wagtailsettings:*",
            "wagtailadmin_collections:*",
            "wagtailadmin_workflows:index*",
            "wagtailadmin_workflows:add",
            "wagtailadmin_workflows:task_index*",
            "wagtailadmin_workflows:select_task_type",
            "wagtailsnippets:index",
            "wagtailadmin_api:*:find",
            "wagtailadmin_block_preview",
            "<unnamed> ^.*/$",
        ),
        ADMIN_NOBODY,
        ADMIN_NOBODY,
        "roles, sites, languages, redirects and workflows: superusers; views needing parameters",
    ),
    Rule(("wagtailadmin_workflows:task_chooser*",), STAFF, STAFF, "page editors pick a task"),
    # --- administrators only --------------------------------------------------------------
    Rule(
        (
            "wagtailusers_users:*",
            "wagtailadmin_workflows:*",
            "wagtailadmin_reports:locked_pages*",
            "privacy_admin:*",
            "certificates_admin:*",
            "certificate_issuance_rules:*",
            "course_admin:*",
            "security_log:index*",
            "security_log:inspect",
            "cms_background_work",
        ),
        ADMINISTRATORS,
        ADMINISTRATORS,
        "people, roles, site structure, certificates, the security log",
    ),
    Rule(("security_log:*",), ADMIN_NOBODY, ADMIN_NOBODY, "the log cannot be changed"),
    Rule(
        ("competency_*:add", "competency_*:edit", "competency_*:copy", "competency_*:import"),
        ADMINISTRATORS,
        ADMINISTRATORS,
        "standards are written by administrators",
    ),
    Rule(
        ("cohorts:index*", "cohorts:add"),
        ADMINISTRATORS,
        ADMINISTRATORS,
        "and lead instructors (the instructor asking here leads no course)",
    ),
    Rule(("cohorts:*",), STAFF, STAFF, "lead instructors and a cohort's instructors"),
    # --- the rest of the Wagtail admin: instructors and administrators ----------------------
    Rule(("wagtail*", "competency_*", "cms_*", "<unnamed> *"), STAFF, STAFF),
)


def rule_for(name: str) -> Rule | None:
    for rule in RULES:
        if any(fnmatchcase(name, pattern) for pattern in rule.names):
            return rule
    return None
