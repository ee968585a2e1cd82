"""Editor accounts: two-factor authentication, sign-in throttling, session limits.

django-otp supplies the devices (an authenticator app, TOTP; and single-use
recovery codes, its static device); django-axes counts failed sign-ins. This
app wires them into Wagtail's admin: the enrolment and verification pages, the
middleware that keeps unverified users out, the lock-out page and the rate
limit on password-reset e-mails.
"""
