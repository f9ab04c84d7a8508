# cocotb 1.9.2 tests whose results.xml (cocotb_1.9.2_results.xml) is the reference for the shape
# of the harness results; their outcomes match Fixture.Passes, AssertFails, Skipped,
# ExpectFailThatFails and TimesOut in tests/harness/fixture_tests.cpp.
import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, Timer


@cocotb.test()
async def passes(dut):
    cocotb.start_soon(Clock(dut.clk_i, 10, units="ns").start())
    await ClockCycles(dut.clk_i, 20)


@cocotb.test()
async def assert_fails(dut):
    await Timer(30, "ns")
    assert 1 == 2, "one is not two"


@cocotb.test(skip=True)
async def skipped(dut):
    pass


@cocotb.test(expect_fail=True)
async def expect_fail_that_fails(dut):
    await Timer(5, "ns")
    assert False


@cocotb.test(timeout_time=100, timeout_unit="ns")
async def times_out(dut):
    await Timer(1, "us")
