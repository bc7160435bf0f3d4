#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Commands typed in a checkout are development work; the app server (config/wsgi.py) keeps
    # DEBUG off unless told otherwise, and production sets DEBUG=0 for its commands too (README).
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
