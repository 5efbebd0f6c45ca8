// bench: helpers shared by the benchmark programs — wall time, and running a case in a child process so
// that its peak resident memory (getrusage ru_maxrss) is its own.
#pragma once

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace chainscope::bench {

using Clock = std::chrono::steady_clock;
inline double Since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

/// "1,10,100" → {1, 10, 100}.
inline std::vector<int> ParseScales(std::string s) {
  std::vector<int> out;
  while (!s.empty()) {
    const auto comma = s.find(',');
    out.push_back(std::stoi(s.substr(0, comma)));
    s = comma == std::string::npos ? "" : s.substr(comma + 1);
  }
  return out;
}

/// Peak resident memory of this process so far, MiB.
inline double PeakMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

/// Runs `work` in a forked child and returns what it returned (its table row). Exceptions become a row.
inline std::string Isolated(const std::function<std::string()>& work) {
  int fds[2];
  if (pipe(fds) != 0) return "pipe failed\n";
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    std::string line;
    try {
      line = work();
    } catch (const std::exception& e) {
      line = std::string("| failed: ") + e.what() + " |\n";
    }
    (void)!write(fds[1], line.data(), line.size());
    _exit(0);
  }
  close(fds[1]);
  char buf[4096];
  std::string out;
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  waitpid(pid, nullptr, 0);
  return out;
}

}  // namespace chainscope::bench
