#!/usr/bin/env python3
"""Writes sample.csv (logic-analyzer export, seconds) and sample.vcd (1 ns timescale) holding the
same small I3C session, bit by bit from the MIPI I3C Basic frame formats:
  S 7E/W ACK ENEC(0x00) [0x01] P
  S 7E/W ACK Sr 08/W ACK [10 AA] P
  S 7E/W ACK GETBCR(0x8E) Sr 08/R ACK [06 T=0] P
  S 7E/W ACK Sr 08/W ACK [55 with a wrong T-bit] P       <- one tbit.parity violation
Open-drain bits: 250 ns low / 250 ns high; push-pull bits 40/40 ns."""
import pathlib

t = 10_000  # ns
rows = []
scl, sda = 1, 1


def put(c, d):
    global scl, sda
    scl, sda = c, d
    rows.append((t, c, d))


def adv(ns):
    global t
    t += ns


def bit(b, low, high):
    adv(8); put(0, b); adv(low - 8); put(1, b); adv(high); put(0, b)


def od(v, n):
    for i in reversed(range(n)):
        bit((v >> i) & 1, 250, 250)


def pp(v, n):
    for i in reversed(range(n)):
        bit((v >> i) & 1, 40, 40)


def parity(v):
    return 1 ^ (bin(v).count("1") & 1)


def write(v, good=True):
    pp((v << 1) | (parity(v) if good else 1 - parity(v)), 9)


def start():
    put(1, 0); adv(50); put(0, 0)


def sr():
    adv(8); put(0, 1); adv(32); put(1, 1); adv(25); put(1, 0); adv(25); put(0, 0)


def stop():
    adv(8); put(0, 0); adv(32); put(1, 0); adv(25); put(1, 1); adv(2000)


def header7e():
    start(); od(0xFC, 8); od(0, 1)  # 7E/W, ACK


header7e(); write(0x00); write(0x01); stop()
header7e(); sr(); pp(0x08 << 1, 8); od(0, 1); write(0x10); write(0xAA); stop()
header7e(); write(0x8E); sr(); pp((0x08 << 1) | 1, 8); od(0, 1); pp((0x06 << 1) | 0, 9); stop()
header7e(); sr(); pp(0x08 << 1, 8); od(0, 1); write(0x55, good=False); stop()

here = pathlib.Path(__file__).parent
with open(here / "sample.csv", "w") as f:
    f.write("Time [s],SCL,SDA\n")
    f.write(f"{0:.9f},1,1\n")
    for tt, c, d in rows:
        f.write(f"{tt * 1e-9:.9f},{c},{d}\n")
with open(here / "sample.vcd", "w") as f:
    f.write("$date sample $end\n$timescale 1ns $end\n$scope module tb $end\n")
    f.write("$var wire 1 ! scl $end\n$var wire 1 \" sda $end\n$upscope $end\n$enddefinitions $end\n")
    f.write("#0\n$dumpvars\n1!\n1\"\n$end\n")
    last = (1, 1)
    for tt, c, d in rows:
        out = ""
        if c != last[0]:
            out += f"{c}!\n"
        if d != last[1]:
            out += f"{d}\"\n"
        if out:
            f.write(f"#{tt}\n{out}")
        last = (c, d)
