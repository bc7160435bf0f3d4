"""How passwords are stored: Argon2id at OWASP's minimum strength.

Django's own Argon2 settings (100 MiB, 8 lanes) and PBKDF2 with a million rounds each cost a third
of a second of CPU per login; on two cores a burst of logins on a deadline morning then holds every
page back. OWASP's Password Storage Cheat Sheet accepts Argon2id with 19 MiB of memory, 2 passes and
1 lane as its minimum, which costs a fraction of that CPU and, being memory-hard, still resists
guessing on graphics cards better than PBKDF2 does. See docs/decisions/0018-pages-logins-restarts.md.

Hashes made by an earlier hasher (PBKDF2) still verify, and Django rewrites them with this one at the
user's next successful login (the preferred hasher differs, or its parameters changed: must_update).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    # Same algorithm name as Django's: a hash Django's defaults made is read here, then rehashed
    # with these parameters at the next login.
    time_cost = 2
    memory_cost = 19 * 1024  # KiB: 19 MiB
    parallelism = 1
