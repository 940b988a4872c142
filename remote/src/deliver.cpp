// SPDX-License-Identifier: MIT
// Placeholder until delivery lands (issue 12).
#include "remote/deliver.h"
