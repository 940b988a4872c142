// SPDX-License-Identifier: MIT
// Placeholder until the probe lands (issue 12).
#include "remote/probe.h"
