// Everything a test needs: #include "xpo/tb/tb.h".
#pragma once

#include "xpo/tb/assert.h"
#include "xpo/tb/clock.h"
#include "xpo/tb/dut.h"
#include "xpo/tb/errors.h"
#include "xpo/tb/log.h"
#include "xpo/tb/scheduler.h"
#include "xpo/tb/signal.h"
#include "xpo/tb/sim_time.h"
#include "xpo/tb/sync.h"
#include "xpo/tb/task.h"
#include "xpo/tb/test.h"
#include "xpo/tb/triggers.h"
