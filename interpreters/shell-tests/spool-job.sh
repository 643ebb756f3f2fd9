#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A job's script for the locked-down guest's service (lockdown.sh).
echo spool-job-ran
