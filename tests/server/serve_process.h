// tests: `chainscope serve` as a child process on a free port, and the CLI run as a command.
#pragma once

#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "test_util.h"

namespace chainscope::testing {

inline int RunCli(const std::string& args) {
  return std::system((std::string(testing::ChainscopeBin()) + " " + args + " > /dev/null 2>&1").c_str());
}

/// A `chainscope serve` child on a free port (`more`: further flags); the port is read from its first lines
/// of output.
class ServeProcess {
 public:
  /// `cpu` ≥ 0: the process runs on that core only (sched_setaffinity), as if it had a machine of one core.
  explicit ServeProcess(const std::string& db, std::vector<std::string> more = {}, int cpu = -1) {
    std::vector<std::string> args = {
        testing::ChainscopeBin(), "serve", "--db", db, "--port", "0", "--log-level", "warn"};
    args.insert(args.end(), more.begin(), more.end());
    int out[2];
    if (pipe(out) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      if (cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        sched_setaffinity(0, sizeof set, &set);
      }
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(testing::ChainscopeBin(), argv.data());
      _exit(127);
    }
    close(out[1]);
    std::string text;
    char buf[512];
    while (text.find("serving on http://127.0.0.1:") == std::string::npos) {
      const ssize_t n = read(out[0], buf, sizeof buf);
      if (n <= 0) break;
      text.append(buf, static_cast<std::size_t>(n));
    }
    out_ = out[0];
    const auto at = text.find("serving on http://127.0.0.1:");
    if (at != std::string::npos) port_ = static_cast<std::uint16_t>(std::stoi(text.substr(at + 28)));
  }
  ~ServeProcess() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close(out_);
  }
  std::uint16_t port() const { return port_; }
  /// Kills it outright (SIGKILL), as a crash or a pulled plug would.
  void Kill() {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    exited_ = true;
  }
  /// Sends SIGTERM and waits at most `limit`; the exit status, or -1 when it did not exit in time.
  int Terminate(std::chrono::seconds limit) {
    kill(pid_, SIGTERM);
    const auto start = std::chrono::steady_clock::now();
    int status = 0;
    while (std::chrono::steady_clock::now() - start < limit) {
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  std::uint16_t port_ = 0;
  bool exited_ = false;
};

}  // namespace chainscope::testing
