"""Parity scenarios, cocotb 1.9 side (docs/parity.md).

Every scenario here is written step for step the same way against the C++ harness in
tests/parity/parity_test.cpp: a change here needs the same change there. Each one records what
it observes as {"label", "t_ps", "phase", "value"} lines in $XPO_PARITY_DIR/<scenario>.jsonl;
sim/cocotb/compare_parity.py diffs the two sides record by record.

A scenario is declared with @scenario("<toplevel>"); sim/cocotb/run_parity.py finds them by
reading this file and runs each alone in its own simulation (TESTCASE=<name>), so each starts at
time 0 on a fresh model, as every harness test does.

"phase" is the part of the time step the code runs in, named as the harness names it: "startup"
(before the first time step), "normal" (woken by a Timer or a value change), "ReadWrite",
"ReadOnly", "NextTimeStep". cocotb 1.9 does not expose it, so a probe on the scheduler notes the
kind of simulator callback that started each round of coroutine execution.
"""

import json
import os
import warnings
from asyncio import CancelledError

import cocotb
from cocotb.clock import Clock
from cocotb.queue import Queue, QueueEmpty, QueueFull
from cocotb.triggers import (
    ClockCycles,
    Combine,
    Edge,
    Event,
    FallingEdge,
    First,
    Lock,
    NextTimeStep,
    ReadOnly,
    ReadWrite,
    RisingEdge,
    Timer,
    Trigger,
    _EdgeBase,
)
from cocotb.utils import get_sim_steps, get_sim_time

# Task.cancel() in cocotb 1.9 warns that its behaviour will change; the scenario records what it
# does today.
warnings.filterwarnings("ignore", category=FutureWarning)

NS = "ns"


def scenario(toplevel):
    """Declares a parity scenario run on `toplevel` (read by run_parity.py from the source)."""

    def wrap(fn):
        return cocotb.test()(fn)

    return wrap


# ---- recording ---------------------------------------------------------------------------------

_phase = ["startup"]


def _phase_of(trigger):
    if isinstance(trigger, ReadOnly):
        return "ReadOnly"
    if isinstance(trigger, ReadWrite):
        return "ReadWrite"
    if isinstance(trigger, NextTimeStep):
        return "NextTimeStep"
    if isinstance(trigger, (Timer, _EdgeBase)):
        return "normal"
    return None


def _install_phase_probe():
    sched = cocotb.scheduler
    _phase[0] = "startup"
    if getattr(sched, "_xpo_parity_probe", False):
        return
    react = sched._react

    def probe(trigger):
        # Only a simulator callback starts a round; Python triggers (Event, Join, ...) fired
        # inside one are handled by that same round.
        if not sched._is_reacting:
            phase = _phase_of(trigger)
            if phase is not None:
                _phase[0] = phase
        react(trigger)

    # Triggers are primed with `self._react`, looked up at each priming, so the probe sees every
    # callback registered from now on.
    sched._react = probe
    sched._xpo_parity_probe = True


def now_ps():
    t = get_sim_time("ps")
    return int(t) if float(t).is_integer() else t


class Recorder:
    """Appends one JSON line per observation to $XPO_PARITY_DIR/<scenario>.jsonl."""

    def __init__(self, name):
        _install_phase_probe()
        self.name = name
        directory = os.environ.get("XPO_PARITY_DIR", "parity_records")
        os.makedirs(directory, exist_ok=True)
        self.path = os.path.join(directory, f"{name}.jsonl")
        with open(self.path, "w"):
            pass

    def __call__(self, label, value):
        line = {"label": label, "t_ps": now_ps(), "phase": _phase[0], "value": value}
        with open(self.path, "a") as f:
            f.write(json.dumps(line) + "\n")

    def end(self):
        self("end", "ok")


def val(sig):
    return int(sig.value)


def first_index(result, triggers):
    """The index of the trigger First() returned: cocotb 1.9 returns the trigger itself, or the
    task's result for a task; the harness returns the index."""
    for i, t in enumerate(triggers):
        if result is t:
            return i
    tasks = [i for i, t in enumerate(triggers) if not isinstance(t, Trigger)]
    if len(tasks) == 1:
        return tasks[0]
    raise AssertionError(f"First() returned {result!r}, none of {triggers!r}")


def joined(parts):
    return ",".join(parts)


# ---- common prologues ---------------------------------------------------------------------------
# Inputs start random (--x-initial unique): drive every one before the first evaluation. Then a
# 10 ns clock (high first), an asynchronous reset from 2 to 12 ns, and the scenario begins at
# 27 ns with the clock low. Nothing here lands on a clock edge, so both sides agree from 27 ns on
# whatever they do with the first edge at time 0.


async def counter_prologue(dut, rec):
    dut.clk_i.setimmediatevalue(0)
    dut.rst_ni.setimmediatevalue(1)
    dut.en_i.setimmediatevalue(0)
    dut.load_i.setimmediatevalue(0)
    dut.load_value_i.setimmediatevalue(0)
    cocotb.start_soon(Clock(dut.clk_i, 10, units=NS).start())
    await Timer(2, NS)
    dut.rst_ni.value = 0
    await Timer(10, NS)
    dut.rst_ni.value = 1
    await Timer(15, NS)
    rec("prologue.clk", val(dut.clk_i))
    rec("prologue.count", val(dut.count_o))


async def clkdiv_prologue(dut, rec):
    dut.clk_i.setimmediatevalue(0)
    dut.rst_ni.setimmediatevalue(1)
    cocotb.start_soon(Clock(dut.clk_i, 10, units=NS).start())
    await Timer(2, NS)
    dut.rst_ni.value = 0
    await Timer(10, NS)
    dut.rst_ni.value = 1
    await Timer(15, NS)
    rec("prologue.clk", val(dut.clk_i))
    rec("prologue.div", val(dut.clk_div_o))


async def handshake_prologue(dut, rec):
    dut.clk_i.setimmediatevalue(0)
    dut.rst_ni.setimmediatevalue(1)
    dut.in_valid_i.setimmediatevalue(0)
    dut.in_data_i.setimmediatevalue(0)
    dut.out_ready_i.setimmediatevalue(0)
    dut.wide_i.setimmediatevalue(0)
    for i in range(4):
        dut.lanes_i[i].setimmediatevalue(0)
    cocotb.start_soon(Clock(dut.clk_i, 10, units=NS).start())
    await Timer(2, NS)
    dut.rst_ni.value = 0
    await Timer(10, NS)
    dut.rst_ni.value = 1
    await Timer(15, NS)
    rec("prologue.out_valid", val(dut.out_valid_o))
    rec("prologue.in_ready", val(dut.in_ready_o))


# ---- scenarios on tb_counter ---------------------------------------------------------------------


@scenario("tb_counter")
async def clock_start(dut):
    """What a test sees of a clock it has just started."""
    rec = Recorder("clock_start")
    dut.clk_i.setimmediatevalue(0)
    dut.rst_ni.setimmediatevalue(1)
    dut.en_i.setimmediatevalue(0)
    dut.load_i.setimmediatevalue(0)
    dut.load_value_i.setimmediatevalue(0)
    rec("steps_per_ns", get_sim_steps(1, NS))
    cocotb.start_soon(Clock(dut.clk_i, 10, units=NS).start())
    rec("started.clk", val(dut.clk_i))
    await RisingEdge(dut.clk_i)
    rec("first_rise.clk", val(dut.clk_i))
    rec.end()


@scenario("tb_counter")
async def edges(dut):
    """Values read right after RisingEdge/FallingEdge/Edge of a test-bench clock, then in
    ReadWrite and ReadOnly; ClockCycles on both edges."""
    rec = Recorder("edges")
    await counter_prologue(dut, rec)
    dut.en_i.value = 1
    await RisingEdge(dut.clk_i)
    rec("rise1.clk", val(dut.clk_i))
    rec("rise1.count", val(dut.count_o))
    await ReadOnly()
    rec("rise1.readonly.count", val(dut.count_o))
    await RisingEdge(dut.clk_i)
    rec("rise2.count", val(dut.count_o))
    await ReadWrite()
    rec("rise2.readwrite.count", val(dut.count_o))
    await FallingEdge(dut.clk_i)
    rec("fall.clk", val(dut.clk_i))
    rec("fall.count", val(dut.count_o))
    await Edge(dut.clk_i)
    rec("edge.clk", val(dut.clk_i))
    rec("edge.count", val(dut.count_o))
    await ClockCycles(dut.clk_i, 3)
    rec("cycles3.clk", val(dut.clk_i))
    rec("cycles3.count", val(dut.count_o))
    await ClockCycles(dut.clk_i, 2, rising=False)
    rec("cycles_falling2.clk", val(dut.clk_i))
    await ReadOnly()
    rec("cycles_falling2.readonly.count", val(dut.count_o))
    rec.end()


@scenario("tb_counter")
async def writes(dut):
    """When writes land: after an edge, coalesced in one step, from ReadWrite, setimmediatevalue."""
    rec = Recorder("writes")
    await counter_prologue(dut, rec)
    await RisingEdge(dut.clk_i)
    dut.en_i.value = 1
    rec("after_edge.en", val(dut.en_i))
    await ReadOnly()
    rec("after_edge.readonly.en", val(dut.en_i))
    rec("after_edge.readonly.count", val(dut.count_o))
    await RisingEdge(dut.clk_i)
    await ReadOnly()
    rec("next_edge.count", val(dut.count_o))

    await FallingEdge(dut.clk_i)
    dut.en_i.value = 0
    dut.load_value_i.value = 5
    dut.load_value_i.value = 7
    rec("coalesce.before.load_value", val(dut.load_value_i))
    await ReadWrite()
    rec("coalesce.readwrite.load_value", val(dut.load_value_i))
    dut.load_i.value = 1
    rec("from_readwrite.load", val(dut.load_i))
    await ReadOnly()
    rec("from_readwrite.readonly.load", val(dut.load_i))
    await RisingEdge(dut.clk_i)
    dut.load_i.value = 0
    await ReadOnly()
    rec("loaded.count", val(dut.count_o))

    await Timer(1, NS)
    dut.load_value_i.setimmediatevalue(42)
    rec("immediate.load_value", val(dut.load_value_i))
    dut.load_value_i.value = 43
    dut.load_value_i.setimmediatevalue(44)
    rec("immediate_over_pending.load_value", val(dut.load_value_i))
    await ReadOnly()
    rec("immediate_over_pending.readonly.load_value", val(dut.load_value_i))
    rec.end()


@scenario("tb_counter")
async def timers(dut):
    """Timer in every unit, and two Timers that end in the same step."""
    rec = Recorder("timers")
    await counter_prologue(dut, rec)
    await Timer(1500, "ps")
    rec("1500ps", 0)
    await Timer(2, NS)
    rec("2ns", 0)
    await Timer(2.5, NS)
    rec("2.5ns", 0)
    await Timer(0.01, "us")
    rec("0.01us", 0)
    await Timer(500, "step")
    rec("500step", val(dut.clk_i))

    order = []

    async def sleeper(name, first_ns, then_ns):
        await Timer(first_ns, NS)
        await Timer(then_ns, NS)
        order.append(name)

    a = cocotb.start_soon(sleeper("a", 3, 1))
    b = cocotb.start_soon(sleeper("b", 1, 3))
    c = cocotb.start_soon(sleeper("c", 2, 2))
    await Combine(a, b, c)
    rec("same_step.order", joined(order))
    rec.end()


@scenario("tb_counter")
async def timer_on_edge(dut):
    """A Timer that ends in the step of a clock edge: what the woken code reads there, and where
    a write it makes lands relative to that edge."""
    rec = Recorder("timer_on_edge")
    await counter_prologue(dut, rec)
    await FallingEdge(dut.clk_i)
    dut.en_i.value = 1
    await Timer(5, NS)
    rec("woken.clk", val(dut.clk_i))
    rec("woken.count", val(dut.count_o))
    dut.en_i.value = 0
    await ReadWrite()
    rec("readwrite.clk", val(dut.clk_i))
    rec("readwrite.count", val(dut.count_o))
    await ReadOnly()
    rec("readonly.count", val(dut.count_o))
    await RisingEdge(dut.clk_i)
    await ReadOnly()
    rec("next_edge.count", val(dut.count_o))
    rec.end()


@scenario("tb_counter")
async def timer_on_edge_registered_first(dut):
    """A Timer set one period before an edge, so it was registered before the clock's own timer
    for that edge."""
    rec = Recorder("timer_on_edge_registered_first")
    await counter_prologue(dut, rec)
    await RisingEdge(dut.clk_i)
    await Timer(10, NS)
    rec("woken.clk", val(dut.clk_i))
    await ReadOnly()
    rec("readonly.clk", val(dut.clk_i))
    rec.end()


@scenario("tb_counter")
async def next_time_step(dut):
    """NextTimeStep: when the next step begins, what it reads there, where its writes land."""
    rec = Recorder("next_time_step")
    await counter_prologue(dut, rec)
    await NextTimeStep()
    rec("woken.clk", val(dut.clk_i))
    await ReadOnly()
    rec("readonly.clk", val(dut.clk_i))
    await NextTimeStep()
    rec("from_readonly.clk", val(dut.clk_i))
    dut.en_i.value = 1
    await ReadOnly()
    rec("write.readonly.count", val(dut.count_o))
    await RisingEdge(dut.clk_i)
    await ReadOnly()
    rec("write.next_edge.count", val(dut.count_o))
    rec.end()


@scenario("tb_counter")
async def next_time_step_on_edge(dut):
    """A write from NextTimeStep when the new step is that of a rising clock edge."""
    rec = Recorder("next_time_step_on_edge")
    await counter_prologue(dut, rec)
    await NextTimeStep()
    rec("woken.clk", val(dut.clk_i))
    dut.en_i.value = 1
    await ReadOnly()
    rec("readonly.count", val(dut.count_o))
    await RisingEdge(dut.clk_i)
    await ReadOnly()
    rec("next_edge.count", val(dut.count_o))
    rec.end()


@scenario("tb_counter")
async def design_edge(dut):
    """Edge/RisingEdge/FallingEdge on a combinational output the design drives."""
    rec = Recorder("design_edge")
    await counter_prologue(dut, rec)
    await FallingEdge(dut.clk_i)
    dut.load_value_i.value = 0xFFFFFFFF
    dut.load_i.value = 1
    await RisingEdge(dut.clk_i)
    dut.load_i.value = 0
    await ReadOnly()
    rec("loaded.count", val(dut.count_o))
    rec("loaded.wrap", val(dut.wrap_o))
    await Timer(2, NS)
    dut.en_i.value = 1
    await Edge(dut.wrap_o)
    rec("edge1.wrap", val(dut.wrap_o))
    rec("edge1.en", val(dut.en_i))
    await FallingEdge(dut.wrap_o)
    rec("fall.wrap", val(dut.wrap_o))
    rec("fall.count", val(dut.count_o))
    rec("fall.clk", val(dut.clk_i))
    dut.load_i.value = 1
    await RisingEdge(dut.clk_i)
    dut.load_i.value = 0
    await RisingEdge(dut.wrap_o)
    rec("rise.wrap", val(dut.wrap_o))
    rec("rise.count", val(dut.count_o))
    await Edge(dut.count_o)
    rec("count_edge.count", val(dut.count_o))
    rec("count_edge.clk", val(dut.clk_i))
    rec.end()


@scenario("tb_counter")
async def first(dut):
    """Which trigger First() resumes on, and when (no ties)."""
    rec = Recorder("first")
    await counter_prologue(dut, rec)
    await RisingEdge(dut.clk_i)
    trigs = (Timer(3, NS), RisingEdge(dut.clk_i))
    rec("short_timer", first_index(await First(*trigs), trigs))
    trigs = (Timer(20, NS), RisingEdge(dut.clk_i))
    rec("long_timer", first_index(await First(*trigs), trigs))
    trigs = (RisingEdge(dut.clk_i), FallingEdge(dut.clk_i))
    rec("edges", first_index(await First(*trigs), trigs))

    ev = Event()

    async def setter():
        await Timer(2, NS)
        ev.set()

    cocotb.start_soon(setter())
    trigs = (Timer(10, NS), ev.wait())
    rec("event", first_index(await First(*trigs), trigs))

    async def worker():
        await Timer(3, NS)
        return 5

    task = cocotb.start_soon(worker())
    trigs = (Timer(10, NS), task)
    rec("task", first_index(await First(*trigs), trigs))
    rec("task.result", task.result())
    await Timer(7, NS)
    rec("after_dropped_timer", val(dut.clk_i))
    rec.end()


@scenario("tb_counter")
async def first_tie(dut):
    """First(Timer, RisingEdge) where the Timer ends in the step of that edge."""
    rec = Recorder("first_tie")
    await counter_prologue(dut, rec)
    await FallingEdge(dut.clk_i)
    trigs = (Timer(5, NS), RisingEdge(dut.clk_i))
    rec("which", first_index(await First(*trigs), trigs))
    rec("clk", val(dut.clk_i))
    rec.end()


@scenario("tb_counter")
async def combine(dut):
    """Combine() resumes once all of its triggers fired."""
    rec = Recorder("combine")
    await counter_prologue(dut, rec)
    await RisingEdge(dut.clk_i)
    await Combine(Timer(7, NS), RisingEdge(dut.clk_i))
    rec("timer_edge.clk", val(dut.clk_i))
    await Combine(Timer(23, NS), FallingEdge(dut.clk_i))
    rec("long_timer_edge.clk", val(dut.clk_i))

    async def worker(ns):
        await Timer(ns, NS)

    a = cocotb.start_soon(worker(2))
    b = cocotb.start_soon(worker(4))
    await Combine(a, b)
    rec("tasks", 0)
    await Combine(a, Timer(1, NS))
    rec("done_task_and_timer", 0)
    rec.end()


@scenario("tb_counter")
async def same_trigger(dut):
    """Coroutines waiting on one edge resume in the order they began waiting; the last of their
    writes to one signal wins."""
    rec = Recorder("same_trigger")
    await counter_prologue(dut, rec)
    order = []

    async def waiter(name, value):
        await RisingEdge(dut.clk_i)
        order.append(name)
        dut.load_value_i.value = value

    a = cocotb.start_soon(waiter("a", 11))
    b = cocotb.start_soon(waiter("b", 22))
    await RisingEdge(dut.clk_i)
    order.append("test")
    await Combine(a, b)
    rec("order", joined(order))
    await ReadOnly()
    rec("readonly.load_value", val(dut.load_value_i))
    rec.end()


@scenario("tb_counter")
async def start_order(dut):
    """cocotb.start runs the task before returning; cocotb.start_soon when the caller yields."""
    rec = Recorder("start_order")
    await counter_prologue(dut, rec)
    log = []

    async def child(name):
        log.append(name + " begins")
        await Timer(1, NS)
        log.append(name + " ends")

    cocotb.start_soon(child("soon"))
    log.append("after start_soon")
    await cocotb.start(child("now"))
    log.append("after start")
    await Timer(2, NS)
    rec("log", joined(log))
    rec.end()


@scenario("tb_counter")
async def start_without_pending(dut):
    """cocotb.start with no other task pending."""
    rec = Recorder("start_without_pending")
    await counter_prologue(dut, rec)
    log = []

    async def child():
        log.append("child begins")
        await Timer(1, NS)
        log.append("child ends")

    log.append("before start")
    await cocotb.start(child())
    log.append("after start")
    await Timer(2, NS)
    rec("log", joined(log))
    rec.end()


@scenario("tb_counter")
async def event(dut):
    """Event: waiters resume in the order they began waiting, after the setter yields; clear()."""
    rec = Recorder("event")
    await counter_prologue(dut, rec)
    ev = Event()
    log = []

    async def waiter(name):
        log.append(name + " waits")
        await ev.wait()
        log.append(name + " wakes")

    cocotb.start_soon(waiter("w1"))
    cocotb.start_soon(waiter("w2"))
    await Timer(1, NS)
    log.append("set")
    ev.set()
    log.append("after set")
    await Timer(1, NS)
    rec("set.log", joined(log))
    rec("is_set", ev.is_set())
    ev.clear()
    rec("cleared.is_set", ev.is_set())
    log.clear()
    w3 = cocotb.start_soon(waiter("w3"))
    await Timer(1, NS)
    rec("cleared.log", joined(log))
    ev.set()
    await w3
    rec("w3.log", joined(log))
    rec.end()


@scenario("tb_counter")
async def event_already_set(dut):
    """Waiting on an Event that is already set, with another task ready to run."""
    rec = Recorder("event_already_set")
    await counter_prologue(dut, rec)
    ev = Event()
    ev.set()
    log = []

    async def other():
        log.append("other runs")

    cocotb.start_soon(other())
    await ev.wait()
    log.append("test continues")
    await Timer(1, NS)
    rec("log", joined(log))
    rec.end()


@scenario("tb_counter")
async def lock(dut):
    """Lock: FIFO hand-over between three tasks."""
    rec = Recorder("lock")
    await counter_prologue(dut, rec)
    lk = Lock()
    log = []

    async def user(name, hold_ns):
        log.append(name + " wants")
        await lk.acquire()
        log.append(f"{name} has@{now_ps()}")
        await Timer(hold_ns, NS)
        log.append(name + " releases")
        lk.release()

    a = cocotb.start_soon(user("a", 3))
    b = cocotb.start_soon(user("b", 2))
    c = cocotb.start_soon(user("c", 1))
    await Combine(a, b, c)
    rec("log", joined(log))
    rec("locked", lk.locked())
    rec.end()


@scenario("tb_counter")
async def queue(dut):
    """Queue(maxsize=1): put blocks while full, get while empty; the _nowait forms raise."""
    rec = Recorder("queue")
    await counter_prologue(dut, rec)
    q = Queue(maxsize=1)
    log = []

    async def producer():
        for i in (1, 2, 3):
            await q.put(i)
            log.append(f"put {i}@{now_ps()}")

    async def consumer():
        for _ in range(3):
            await Timer(2, NS)
            v = await q.get()
            log.append(f"got {v}@{now_ps()}")

    p = cocotb.start_soon(producer())
    c = cocotb.start_soon(consumer())
    await Combine(p, c)
    rec("log", joined(log))
    q.put_nowait(4)
    try:
        q.put_nowait(5)
        rec("put_nowait_full", "accepted")
    except QueueFull:
        rec("put_nowait_full", "QueueFull")
    rec("get_nowait", q.get_nowait())
    try:
        q.get_nowait()
        rec("get_nowait_empty", "returned")
    except QueueEmpty:
        rec("get_nowait_empty", "QueueEmpty")
    rec.end()


@scenario("tb_counter")
async def join(dut):
    """Awaiting a task: its value, when it already finished, its exception."""
    rec = Recorder("join")
    await counter_prologue(dut, rec)

    async def worker(ns, value):
        await Timer(ns, NS)
        return value

    t1 = cocotb.start_soon(worker(3, 7))
    rec("running.done", t1.done())
    rec("value", await t1)
    rec("done", t1.done())
    t2 = cocotb.start_soon(worker(1, 8))
    await Timer(2, NS)
    rec("finished_before.value", await t2)
    rec("result", t2.result())

    async def failing():
        await Timer(1, NS)
        raise ValueError("from the task")

    t3 = cocotb.start_soon(failing())
    try:
        await t3
        rec("error", "none")
    except ValueError:
        rec("error", "ValueError")
    rec.end()


@scenario("tb_counter")
async def cancel(dut):
    """Task.cancel() of a waiting task, of a task that never ran; result() and await after."""
    rec = Recorder("cancel")
    await counter_prologue(dut, rec)
    log = []

    async def victim():
        try:
            log.append("waits")
            await Timer(10, NS)
            log.append("woke")
        except CancelledError:
            log.append("caught CancelledError")
            raise
        finally:
            log.append("finally")

    t = cocotb.start_soon(victim())
    await Timer(2, NS)
    t.cancel()
    log.append(f"cancel returned done={t.done()} cancelled={t.cancelled()}")
    await Timer(20, NS)
    rec("log", joined(log))
    try:
        t.result()
        rec("result", "returned")
    except CancelledError:
        rec("result", "CancelledError")
    try:
        await t
        rec("await", "returned")
    except CancelledError:
        rec("await", "CancelledError")

    ran = []

    async def never():
        ran.append("ran")

    u = cocotb.start_soon(never())
    u.cancel()
    await Timer(1, NS)
    rec("never.ran", len(ran) > 0)
    rec("never.done", u.done())
    rec("never.cancelled", u.cancelled())
    rec.end()


@scenario("tb_counter")
async def readonly_write(dut):
    """Writes from the ReadOnly phase."""
    rec = Recorder("readonly_write")
    await counter_prologue(dut, rec)
    await ReadOnly()
    try:
        dut.en_i.value = 1
        rec("value", "accepted")
    except Exception:  # cocotb 1.9 raises a plain Exception
        rec("value", "raised")
    try:
        dut.en_i.setimmediatevalue(1)
        rec("setimmediatevalue", "accepted")
    except Exception:
        rec("setimmediatevalue", "raised")
    rec.end()


@scenario("tb_counter")
async def readonly_await_readwrite(dut):
    """Awaiting ReadWrite from the ReadOnly phase."""
    rec = Recorder("readonly_await_readwrite")
    await counter_prologue(dut, rec)
    await ReadOnly()
    try:
        await ReadWrite()
        rec("outcome", "resumed")
    except Exception:
        rec("outcome", "raised")
    rec.end()


@scenario("tb_counter")
async def readonly_await_readonly(dut):
    """Awaiting ReadOnly from the ReadOnly phase."""
    rec = Recorder("readonly_await_readonly")
    await counter_prologue(dut, rec)
    await ReadOnly()
    try:
        await ReadOnly()
        rec("outcome", "resumed")
    except Exception:
        rec("outcome", "raised")
    rec.end()


# ---- scenarios on tb_clkdiv ----------------------------------------------------------------------


@scenario("tb_clkdiv")
async def design_clock(dut):
    """Edges of a clock the design produces fire after the evaluation that made them."""
    rec = Recorder("design_clock")
    await clkdiv_prologue(dut, rec)
    await RisingEdge(dut.clk_div_o)
    rec("rise1.div", val(dut.clk_div_o))
    rec("rise1.clk", val(dut.clk_i))
    await RisingEdge(dut.clk_div_o)
    rec("rise2.div", val(dut.clk_div_o))
    await FallingEdge(dut.clk_div_o)
    rec("fall.div", val(dut.clk_div_o))
    rec("fall.clk", val(dut.clk_i))
    await Edge(dut.clk_div_o)
    rec("edge.div", val(dut.clk_div_o))
    await RisingEdge(dut.clk_i)
    rec("clk_rise.div", val(dut.clk_div_o))
    await ReadOnly()
    rec("clk_rise.readonly.div", val(dut.clk_div_o))
    await FallingEdge(dut.clk_i)
    trigs = (RisingEdge(dut.clk_div_o), RisingEdge(dut.clk_i))
    rec("first.which", first_index(await First(*trigs), trigs))
    await ClockCycles(dut.clk_div_o, 2)
    rec("cycles.div", val(dut.clk_div_o))
    rec.end()


# ---- scenarios on tb_handshake -------------------------------------------------------------------


@scenario("tb_handshake")
async def handshake(dut):
    """A valid/ready transfer sampled at rising edges, a 100-bit signal, an unpacked array."""
    rec = Recorder("handshake")
    await handshake_prologue(dut, rec)
    sent = []
    got = []

    async def producer():
        for word in (0xA1, 0xB2, 0xC3):
            dut.in_data_i.value = word
            dut.in_valid_i.value = 1
            while True:
                await RisingEdge(dut.clk_i)
                if val(dut.in_ready_o):
                    break
            sent.append(f"{word:x}@{now_ps()}")
        dut.in_valid_i.value = 0

    async def consumer():
        for ready in (0, 1, 0, 0, 1, 1, 1):
            dut.out_ready_i.value = ready
            await RisingEdge(dut.clk_i)
            if ready and val(dut.out_valid_o):
                got.append(f"{val(dut.out_data_o):x}@{now_ps()}")

    p = cocotb.start_soon(producer())
    c = cocotb.start_soon(consumer())
    await Combine(p, c)
    rec("sent", joined(sent))
    rec("got", joined(got))

    dut.wide_i.value = (1 << 99) | 0x1234
    for i in range(4):
        dut.lanes_i[i].value = 0x100 + i
    rec("lanes.pending", val(dut.lanes_i[1]))
    await ReadOnly()
    rec("wide_inv", f"{val(dut.wide_inv_o):x}")
    rec("lanes_rev", joined(f"{val(dut.lanes_rev_o[i]):x}" for i in range(4)))
    await Timer(1, NS)
    dut.lanes_i.value = [1, 2, 3, 4]
    await ReadOnly()
    rec("lanes_rev.whole", joined(f"{val(dut.lanes_rev_o[i]):x}" for i in range(4)))
    rec.end()
