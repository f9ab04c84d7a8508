#include "xpo/tb/log.h"

#include <cstdio>
#include <stdexcept>

#include "xpo/tb/scheduler.h"

namespace xpo::tb {

namespace {
LogLevel gLevel = LogLevel::kInfo;

const char* levelName(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace:
      return "TRACE";
    case LogLevel::kDebug:
      return "DEBUG";
    case LogLevel::kInfo:
      return "INFO";
    case LogLevel::kWarning:
      return "WARNING";
    case LogLevel::kError:
      return "ERROR";
    case LogLevel::kCritical:
      return "CRITICAL";
  }
  return "?";
}
}  // namespace

LogLevel logLevel() { return gLevel; }
void setLogLevel(LogLevel level) { gLevel = level; }

LogLevel parseLogLevel(std::string_view text) {
  if (text == "TRACE") return LogLevel::kTrace;
  if (text == "DEBUG") return LogLevel::kDebug;
  if (text == "INFO") return LogLevel::kInfo;
  if (text == "WARNING") return LogLevel::kWarning;
  if (text == "ERROR") return LogLevel::kError;
  if (text == "CRITICAL") return LogLevel::kCritical;
  throw std::invalid_argument(fmt::format(
      "COCOTB_LOG_LEVEL='{}' is not one of TRACE, DEBUG, INFO, WARNING, ERROR, CRITICAL", text));
}

std::string formatLogLine(double simTimeNs, LogLevel level, std::string_view logger,
                          std::string_view message) {
  return fmt::format("{:>10.2f}ns {:<8} {:<34} {}", simTimeNs, levelName(level), logger, message);
}

void emitLog(LogLevel level, std::string_view logger, std::string_view message) {
  const Scheduler* s = Scheduler::currentOrNull();
  const double t = (s && s->hasModel()) ? s->nowNs() : 0.0;
  std::string line = formatLogLine(t, level, logger, message);
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stdout);
}

}  // namespace xpo::tb
