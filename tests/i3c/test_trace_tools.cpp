// The offline decoder CLI and the GTKWave transaction filter, run as programs on recorded traces
// (tests/i3c/data, written bit by bit by make_samples.py from the frame formats it lists), and
// the trace readers' handling of malformed input.
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "i3c_fixture.hpp"
#include "xpo/i3c/trace_reader.hpp"
#include "xpo/i3c/vcd_writer.hpp"

namespace xpo::i3c {
namespace {

struct Run {
  int rc;
  std::string out;
};

Run Exec(const std::string& cmd) {
  Run r{-1, {}};
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int st = pclose(p);
  r.rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

std::string Data(const std::string& f) { return std::string(I3C_TEST_DATA) + "/" + f; }

// What the sample session holds, in the order it happened (see make_samples.py).
const std::vector<std::string> kExpected = {
    "S  7E/W ACK CCC ENEC(0x00) [01] P",
    "Sr 08/W ACK write [10 AA] P",
    "S  7E/W ACK CCC GETBCR(0x8E) direct",
    "Sr 08/R ACK GETBCR [06] T=0 P",
    "Sr 08/W ACK write [55] P",
};

void ExpectSession(const Run& r) {
  EXPECT_EQ(r.rc, 1) << "one violation in the sample: exit status 1\n" << r.out;
  std::size_t pos = 0;
  for (const auto& line : kExpected) {
    const auto at = r.out.find(line, pos);
    ASSERT_NE(at, std::string::npos) << "missing, or out of order: " << line << "\n" << r.out;
    pos = at;
  }
  EXPECT_NE(r.out.find("VIOLATION tbit.parity: write byte 0x55 with T=0"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("1 violation(s)"), std::string::npos) << r.out;
}

TEST(I3cDecodeCli, DecodesLogicAnalyzerCsv) {
  ExpectSession(Exec(std::string(I3C_DECODE_BIN) + " " + Data("sample.csv")));
}

TEST(I3cDecodeCli, DecodesVcdWithHierarchicalNames) {
  ExpectSession(
      Exec(std::string(I3C_DECODE_BIN) + " " + Data("sample.vcd") + " --scl tb.scl --sda sda"));
}

TEST(I3cDecodeCli, DecodesFstThroughFst2vcd) {
  const std::string fst = ::testing::TempDir() + "/sample.fst";
  if (Exec("vcd2fst " + Data("sample.vcd") + " " + fst).rc != 0) GTEST_SKIP() << "no vcd2fst";
  ExpectSession(Exec(std::string(I3C_DECODE_BIN) + " " + fst));
}

TEST(I3cDecodeCli, ClearErrorsOnBadInput) {
  const std::string dir = ::testing::TempDir();
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir + "/" + name) << text;
    return dir + "/" + name;
  };
  const std::string bin = I3C_DECODE_BIN;
  auto r = Exec(bin + " " + write("nocol.csv", "time,scl\n0,1\n"));
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.out.find("missing column 'sda'"), std::string::npos) << r.out;
  r = Exec(bin + " " + write("back.csv", "time,scl,sda\n0,1,1\n10,1,0\n5,0,0\n"));
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.out.find("line 4"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("non-monotonic"), std::string::npos) << r.out;
  r = Exec(bin + " " + write("val.csv", "time,scl,sda\n0,1,2\n"));
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.out.find("SDA value '2'"), std::string::npos) << r.out;
  r = Exec(bin + " " + Data("sample.vcd") + " --scl clk");
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.out.find("unknown signal name 'clk'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("tb.scl"), std::string::npos) << "lists what the file has: " << r.out;
  r = Exec(bin + " " + dir + "/does_not_exist.csv");
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.out.find("cannot open"), std::string::npos) << r.out;
  r = Exec(bin + " " + Data("sample.csv") + " --i2c 0x99");
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.out.find("not a 7-bit address"), std::string::npos) << r.out;
}

TEST(I3cTraceReader, VcdErrorsNameTheLine) {
  std::istringstream back(
      "$timescale 1ns $end $var wire 1 ! scl $end $var wire 1 # sda $end "
      "$enddefinitions $end\n#10\n1!\n#5\n0!\n");
  EXPECT_THROW(ReadVcd(back, "scl", "sda"), TraceError);
  std::istringstream amb(
      "$scope module a $end $var wire 1 ! scl $end $upscope $end "
      "$scope module b $end $var wire 1 # scl $end $var wire 1 $ sda $end "
      "$upscope $end $enddefinitions $end\n");
  try {
    ReadVcd(amb, "scl", "sda");
    FAIL();
  } catch (const TraceError& e) {
    EXPECT_NE(std::string(e.what()).find("ambiguous"), std::string::npos) << e.what();
  }
  std::istringstream unit("$timescale 1 ks $end $enddefinitions $end");
  EXPECT_THROW(ReadVcd(unit, "scl", "sda"), TraceError);
}

TEST(I3cTraceReader, VcdTimescaleAndZReadAsHigh) {
  std::istringstream in(
      "$timescale 10ns $end $scope module t $end $var wire 1 ! scl $end "
      "$var wire 1 # sda $end $upscope $end $enddefinitions $end\n"
      "#0\n1!\nz#\n#3\n0#\n#7\n0!\n");
  const auto s = ReadVcd(in, "scl", "sda");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].t, 0);
  EXPECT_TRUE(s[0].sda) << "z is the pull-up";
  EXPECT_EQ(s[1].t, 30 * kNs);
  EXPECT_FALSE(s[1].sda);
  EXPECT_EQ(s[2].t, 70 * kNs);
  EXPECT_FALSE(s[2].scl);
}

// GTKWave hands the filter {SCL, SDA} as one 2-bit vector; build that request from the sample.
TEST(I3cGtkwFilter, AnswersATransactionRequest) {
  std::ifstream csv(Data("sample.csv"));
  const auto samples = ReadCsv(csv);
  std::ostringstream req;
  req << "$comment data_start 0x1234 $end\n$comment name i3c $end\n$timescale 1ns $end\n"
      << "$comment min_time 0 $end\n$comment max_time 50000 $end\n$comment max_seqn 1 $end\n"
      << "$scope module top $end\n$comment seqn 1 top.i3c $end\n$var wire 2 1 i3c $end\n"
      << "$upscope $end\n$enddefinitions $end\n#0\n$dumpvars\nb11 1\n$end\n";
  for (const auto& s : samples) {
    // VCD drops leading zeros of a vector value, as GTKWave does.
    const int v = (s.scl ? 2 : 0) | (s.sda ? 1 : 0);
    req << "#" << s.t / kNs << "\nb"
        << (v == 0   ? "0"
            : v == 1 ? "1"
            : v == 2 ? "10"
                     : "11")
        << " 1\n";
  }
  req << "$comment data_end 0x1234 $end\n";
  const std::string in = ::testing::TempDir() + "/filter_in.txt";
  std::ofstream(in) << req.str() << req.str();  // two requests: the filter stays alive
  const auto r = Exec(std::string(I3C_FILTER_BIN) + " < " + in);
  EXPECT_EQ(r.rc, 0) << r.out;
  std::size_t finishes = 0;
  for (std::size_t p = r.out.find("$finish"); p != std::string::npos;
       p = r.out.find("$finish", p + 1)) {
    ++finishes;
  }
  EXPECT_EQ(finishes, 2u) << r.out;
  EXPECT_NE(r.out.find("$name I3C\n"), std::string::npos);
  // Times come back in the request's unit (ns): the ENEC frame starts at 10 us.
  EXPECT_NE(r.out.find("#10000 ?darkblue?S  7E/W ACK CCC ENEC(0x00) [01] P"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Sr 08/R ACK GETBCR [06] T=0 P"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("$name I3C rules"), std::string::npos);
  EXPECT_NE(r.out.find("?red?tbit.parity"), std::string::npos) << r.out;
}

// The request GTKWave 3.3.118 actually sent for waves/i3c.gtkw over sample.vcd (captured with a
// tee in front of the filter): SCL and SDA as two 1-bit signals of the group.
TEST(I3cGtkwFilter, AnswersTheRequestGtkwaveSends) {
  const auto r = Exec(std::string(I3C_FILTER_BIN) + " < " + Data("gtkwave_request.txt"));
  EXPECT_EQ(r.rc, 0) << r.out;
  EXPECT_NE(r.out.find("#10000 ?darkblue?S  7E/W ACK CCC ENEC(0x00) [01] P"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("?red?tbit.parity"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("$finish"), std::string::npos) << r.out;
}

TEST(I3cGtkwFilter, SaysWhatIsWrongWithAnUnusableSelection) {
  const std::string in = ::testing::TempDir() + "/filter_bad.txt";
  std::ofstream(in) << "$comment data_start 1 $end\n$timescale 1ns $end\n"
                    << "$var wire 1 1 clk $end\n$enddefinitions $end\n#0\n11\n"
                    << "$comment data_end 1 $end\n";
  const auto r = Exec(std::string(I3C_FILTER_BIN) + " < " + in);
  EXPECT_NE(r.rc, 0);
  EXPECT_NE(r.out.find("select SCL and SDA"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("$finish"), std::string::npos) << "GTKWave must not hang: " << r.out;
}

// A live simulation recorded to VCD decodes offline to the same transactions the live monitor saw.
TEST(I3cDecodeCli, RecordedSimulationDecodesLikeTheLiveMonitor) {
  const std::string path = ::testing::TempDir() + "/live.vcd";
  std::vector<std::string> live;
  {
    std::ofstream vcd(path);
    testing::BusFixture f;
    VcdWriter rec(f.bus, vcd);
    TargetConfig a;
    a.pid = 0x1111;
    a.static_addr = 0x30;
    TargetConfig b;
    b.pid = 0x2222;
    b.bcr = bcr::kSpeedLimit;
    f.AddTarget(a);
    f.AddTarget(b);
    f.AddEeprom();
    f.ctrl.Broadcast(ccc::kRstdaaB);
    f.ctrl.SetDasa(0x30, 0x08);
    f.ctrl.EntDaa({0x09, 0x0A});
    f.ctrl.PrivateWrite(0x08, {0x00, 0xDE, 0xAD});
    f.ctrl.PrivateWrite(0x08, {0x00});
    f.ctrl.PrivateRead(0x08, 2);
    f.ctrl.DirectGet(ccc::kGetmxds, 0x09, 5);
    f.ctrl.I2cWrite(0x50, {0x10, 0x77});
    f.ctrl.Idle(5 * kUs);
    ASSERT_TRUE(f.mon.Violations().empty()) << f.ViolationText();
    for (const auto& t : f.mon.Transactions()) live.push_back(FormatTime(t.start) + " " + t.text);
  }
  const auto r = Exec(std::string(I3C_DECODE_BIN) + " " + path + " --i2c 0x50");
  EXPECT_EQ(r.rc, 0) << r.out;
  ASSERT_GE(live.size(), 10u);
  std::size_t pos = 0;
  for (const auto& line : live) {
    const auto at = r.out.find(line + "\n", pos);
    ASSERT_NE(at, std::string::npos) << "offline decode lacks: " << line << "\n" << r.out;
    pos = at;
  }
}

}  // namespace
}  // namespace xpo::i3c
