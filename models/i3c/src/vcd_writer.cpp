#include "xpo/i3c/vcd_writer.hpp"

namespace xpo::i3c {

VcdWriter::VcdWriter(Bus& bus, std::ostream& out, const std::string& scope) : out_(out) {
  out_ << "$timescale 1ps $end\n$scope module " << scope << " $end\n"
       << "$var wire 1 c scl $end\n$var wire 1 d sda $end\n"
       << "$var wire 1 p sda_pp $end\n$var wire 1 x contention $end\n"
       << "$upscope $end\n$enddefinitions $end\n#" << bus.Now() << "\n$dumpvars\n"
       << (bus.Scl() ? '1' : '0') << "c\n"
       << (bus.Sda() ? '1' : '0') << "d\n0p\n0x\n$end\n";
  last_ = bus.Now();
  bus.Subscribe([this](const BusEvent& ev) {
    if (ev.line == Line::kScl) {
      if (ev.level_changed) Change(ev.time, 'c', ev.info.level);
      return;
    }
    if (ev.level_changed) Change(ev.time, 'd', ev.info.level);
    if (ev.info.PushPull() != sda_pp_) {
      sda_pp_ = ev.info.PushPull();
      Change(ev.time, 'p', sda_pp_);
    }
    if (ev.info.Contention() != contention_) {
      contention_ = ev.info.Contention();
      Change(ev.time, 'x', contention_);
    }
  });
}

void VcdWriter::Change(Time t, char id, bool v) {
  if (t != last_) {
    out_ << '#' << t << '\n';
    last_ = t;
  }
  out_ << (v ? '1' : '0') << id << '\n';
}

}  // namespace xpo::i3c
