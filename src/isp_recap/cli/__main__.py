"""`python -m isp_recap.cli`: the same as the `isp-recap` command."""

from . import main

main()
