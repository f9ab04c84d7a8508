// Log lines shaped as cocotb's: "<sim time>ns <LEVEL> <logger name> <message>", one per event.
// The level comes from COCOTB_LOG_LEVEL (DEBUG, INFO, WARNING, ERROR, CRITICAL; default INFO).
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace xpo::tb {

enum class LogLevel {
  kTrace = 5,
  kDebug = 10,
  kInfo = 20,
  kWarning = 30,
  kError = 40,
  kCritical = 50
};

LogLevel logLevel();
void setLogLevel(LogLevel level);
// Parses a COCOTB_LOG_LEVEL value; throws std::invalid_argument naming the bad value.
LogLevel parseLogLevel(std::string_view text);
// Formats and prints one line to stdout (sim time from the running scheduler, if any).
void emitLog(LogLevel level, std::string_view logger, std::string_view message);
std::string formatLogLine(double simTimeNs, LogLevel level, std::string_view logger,
                          std::string_view message);

class Logger {
 public:
  explicit Logger(std::string name) : name_(std::move(name)) {}
  const std::string& name() const { return name_; }

  template <typename... A>
  void log(LogLevel level, fmt::format_string<A...> f, A&&... args) const {
    if (level < logLevel()) return;
    emitLog(level, name_, fmt::format(f, std::forward<A>(args)...));
  }
  template <typename... A>
  void debug(fmt::format_string<A...> f, A&&... args) const {
    log(LogLevel::kDebug, f, std::forward<A>(args)...);
  }
  template <typename... A>
  void info(fmt::format_string<A...> f, A&&... args) const {
    log(LogLevel::kInfo, f, std::forward<A>(args)...);
  }
  template <typename... A>
  void warning(fmt::format_string<A...> f, A&&... args) const {
    log(LogLevel::kWarning, f, std::forward<A>(args)...);
  }
  template <typename... A>
  void error(fmt::format_string<A...> f, A&&... args) const {
    log(LogLevel::kError, f, std::forward<A>(args)...);
  }

 private:
  std::string name_;
};

}  // namespace xpo::tb
